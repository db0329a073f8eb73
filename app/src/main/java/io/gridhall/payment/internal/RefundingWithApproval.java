package io.gridhall.payment.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.Permission;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.Posted;
import io.gridhall.payment.PostingKind;
import io.gridhall.payment.PostingView;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refunds with approval, four eyes: a clerk (PAYMENT_COLLECT) asks to pay back credit (预存) through a channel, or
 * to refund a payment, with a reason; another person (PAYMENT_APPROVE, never the one who asked) approves, and the
 * ledger posts it under the request's key — a {@code REFUND} of credit, or the {@code REVERSAL} of the payment — or
 * the ledger refuses it (409 {@code insufficient-credit}, {@code posting-not-reversible}) and the request stays
 * open. Nothing goes below an account's floor. The approver may lower the amount (never above what was asked, nor
 * above what the payment still has to refund or the credit the account holds), with a note; the request keeps both,
 * and the approved amount is what is paid back. Every step is audited.
 */
@Service
public class RefundingWithApproval {

    public enum Kind {
        CREDIT,
        PAYMENT
    }

    public record Refund(
            long refundId,
            long supplyAccountId,
            String accountNumber,
            String accountName,
            Kind kind,
            Long paymentPosting,
            Money amount,
            PaymentChannel channel,
            String reason,
            String requestedBy,
            long requestedById,
            Instant requestedAt,
            RequestStatus status,
            String decidedBy,
            Instant decidedAt,
            String decisionNote,
            Long postingId,
            Money approvedAmount) {}

    private final JdbcClient jdbc;
    private final Ledger ledger;
    private final Customers customers;
    private final Audit audit;
    private final Clock clock;
    private final RefundingThroughGateways gateways;

    RefundingWithApproval(
            JdbcClient jdbc,
            Ledger ledger,
            Customers customers,
            Audit audit,
            Clock clock,
            RefundingThroughGateways gateways) {
        this.gateways = gateways;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.customers = customers;
        this.audit = audit;
        this.clock = clock;
    }

    /** Asks to pay back credit of the account through a channel. */
    @Transactional
    public Refund requestCredit(Actor actor, long accountId, Money amount, PaymentChannel channel, String reason) {
        actor.require(Permission.PAYMENT_COLLECT);
        SupplyAccountView account = visible(actor, accountId);
        if (amount.fen() <= 0) throw Problem.badRequest("amount-not-positive");
        Money credit = ledger.balance(accountId).prepaid();
        if (credit.compareTo(amount) < 0) throw Problem.conflict("insufficient-credit", amount, credit);
        return insert(actor, account, Kind.CREDIT, null, amount, channel, reason);
    }

    /**
     * Asks to refund a payment, whole or in part, through its channel: {@code amount} (null: what is left of it) at
     * most what the requests not rejected left of it, checked under the payment's posting row lock so that
     * concurrent requests never ask back more than was paid.
     */
    @Transactional
    public Refund requestPayment(Actor actor, long paymentPostingId, Money amount, String reason) {
        actor.require(Permission.PAYMENT_COLLECT);
        PostingView p = ledger.posting(paymentPostingId)
                .filter(v -> v.kind() == PostingKind.PAYMENT || v.kind() == PostingKind.TOP_UP)
                .orElseThrow(() -> Problem.notFound("posting"));
        List<Long> accounts = p.entries().stream()
                .map(PostingView.EntryView::supplyAccountId)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        if (accounts.size() != 1) throw Problem.conflict("refund-one-account-only");
        // a voucher is no money; an agent's payment is reversed by the agent (冲正) or refunded through another channel
        if (p.channel() == PaymentChannel.VOUCHER || p.channel() == PaymentChannel.AGENT)
            throw Problem.badRequest("refund-channel");
        SupplyAccountView account;
        try {
            account = visible(actor, accounts.getFirst());
        } catch (Problem e) {
            throw Problem.notFound("posting");
        }
        Money paid = p.entries().stream()
                .filter(e -> e.supplyAccountId() == null)
                .map(PostingView.EntryView::amount)
                .reduce(Money.ZERO, Money::plus);
        if (amount != null && amount.fen() <= 0) throw Problem.badRequest("amount-not-positive");
        // the payment's row orders the requests for it: the sum below cannot change until this commits
        jdbc.sql("select posting_id from payment.posting where posting_id = :p for update")
                .param("p", paymentPostingId)
                .query(Long.class)
                .single();
        boolean reversed = jdbc.sql("select exists (select 1 from payment.posting where reverses = :p)")
                .param("p", paymentPostingId)
                .query(Boolean.class)
                .single();
        Money asked = Money.fen(
                jdbc.sql("""
                        select coalesce(sum(coalesce(approved_amount, amount)), 0) from payment.refund_request
                        where payment_posting = :p and status in ('REQUESTED', 'APPROVED')""").param("p", paymentPostingId).query(Long.class).single());
        Money remainder = paid.minus(asked);
        if (reversed || remainder.fen() <= 0) throw Problem.conflict("payment-refunded", paymentPostingId);
        if (amount == null) amount = remainder;
        if (amount.compareTo(remainder) > 0) throw Problem.conflict("refund-more-than-remainder", amount, remainder);
        gateways.requireRefundable(paymentPostingId);
        return insert(actor, account, Kind.PAYMENT, paymentPostingId, amount, p.channel(), reason);
    }

    /** What is left to refund of a payment: paid less the requests for it not rejected (approved: as approved). */
    @Transactional(readOnly = true)
    public Money remainder(Actor actor, long paymentPostingId) {
        if (!actor.has(Permission.PAYMENT_APPROVE)) actor.require(Permission.PAYMENT_COLLECT);
        PostingView p = ledger.posting(paymentPostingId)
                .filter(v -> v.kind() == PostingKind.PAYMENT || v.kind() == PostingKind.TOP_UP)
                .orElseThrow(() -> Problem.notFound("posting"));
        boolean seen = p.entries().stream()
                .map(PostingView.EntryView::supplyAccountId)
                .filter(java.util.Objects::nonNull)
                .anyMatch(a ->
                        customers.account(a).map(v -> actor.sees(v.branchId())).orElse(false));
        if (!seen) throw Problem.notFound("posting");
        boolean reversed = ledger.reversalOf(paymentPostingId).isPresent();
        if (reversed) return Money.ZERO;
        return Money.fen(
                jdbc.sql("""
                        select coalesce((select sum(e.amount) from payment.entry e
                                         where e.posting_id = :p and e.supply_account_id is null), 0)
                             - coalesce((select sum(coalesce(r.approved_amount, r.amount)) from payment.refund_request r
                                         where r.payment_posting = :p and r.status in ('REQUESTED', 'APPROVED')), 0)""").param("p", paymentPostingId).query(Long.class).single());
    }

    private Refund insert(
            Actor actor,
            SupplyAccountView account,
            Kind kind,
            Long payment,
            Money amount,
            PaymentChannel channel,
            String reason) {
        if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        if (channel == null || channel == PaymentChannel.VOUCHER || channel == PaymentChannel.AGENT)
            throw Problem.badRequest("refund-channel");
        long id = jdbc.sql("""
                insert into payment.refund_request (supply_account_id, branch_id, kind, payment_posting, amount,
                    channel, reason, requested_by, requested_by_name, requested_at, status)
                values (:account, :branch, :kind, :payment, :amount, :channel, :reason, :by, :name, :at, 'REQUESTED')
                returning refund_id""")
                .param("account", account.id())
                .param("branch", account.branchId().value())
                .param("kind", kind.name())
                .param("payment", payment)
                .param("amount", amount.fen())
                .param("channel", channel.name())
                .param("reason", reason.strip())
                .param("by", actor.userId().value())
                .param("name", FourEyes.name(actor))
                .param("at", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("accountId", account.id());
        details.put("kind", kind.name());
        if (payment != null) details.put("payment", payment);
        details.put("amount", amount.toString());
        details.put("channel", channel.name());
        details.put("reason", reason.strip());
        audit.record(actor, "payment.refund.request", "refund", String.valueOf(id), details);
        return refund(id).orElseThrow();
    }

    /** Approves the amount asked. */
    @Transactional
    public Refund approve(Actor actor, long refundId, String note) {
        return approve(actor, refundId, null, note);
    }

    /**
     * Approves {@code amount} (null: what was asked), lowered only, with a note when lowered: the ledger posts the
     * refund under the request's key, or refuses it and the request stays open. A payment that came through an online
     * gateway is refunded through that gateway instead ({@link RefundingThroughGateways}): approved now, sent once this
     * commits, posted when the gateway says it paid back.
     */
    @Transactional
    public Refund approve(Actor actor, long refundId, Money amount, String note) {
        Refund r = decidable(actor, refundId);
        if (note != null && !note.isBlank() && !MeaningfulReason.Check.isMeaningful(note))
            throw Problem.badRequest("reason-required");
        Money approved = approvable(r, amount, note);
        if (r.kind() == Kind.PAYMENT && gateways.approveThroughGateway(refundId, r.paymentPosting(), approved)) {
            // a gateway payment goes back through its gateway once this commits; posted when the gateway says so
            decide(actor, r, RequestStatus.APPROVED, note, null, approved);
            return refund(refundId).orElseThrow();
        }
        String why = "退费 #" + refundId + ": " + r.reason();
        if (why.length() > MeaningfulReason.MAX_LENGTH) why = why.substring(0, MeaningfulReason.MAX_LENGTH);
        Posted posted = r.kind() == Kind.CREDIT
                ? ledger.refund(
                        "refund:" + refundId, r.supplyAccountId(), approved, r.channel(), "RF" + refundId, why, actor)
                : reversal(ledger, "refund:" + refundId, r.paymentPosting(), approved, "RF" + refundId, why, actor);
        decide(actor, r, RequestStatus.APPROVED, note, posted.postingId(), approved);
        return refund(refundId).orElseThrow();
    }

    /**
     * The amount to approve: what was asked, or less, never nothing; lowered only with a note; at most what the payment
     * still has to refund besides this request (under the payment's row lock, as requests take it) or the credit the
     * account holds.
     */
    private Money approvable(Refund r, Money amount, String note) {
        Money approved = amount == null ? r.amount() : amount;
        RefundBounds.check(r.amount(), approved, note);
        if (r.kind() == Kind.PAYMENT) {
            jdbc.sql("select posting_id from payment.posting where posting_id = :p for update")
                    .param("p", r.paymentPosting())
                    .query(Long.class)
                    .single();
            // a payment reversed meanwhile is the ledger's to refuse (posting-not-reversible), as before
            Money refundable = Money.fen(jdbc.sql("""
                            select coalesce((select sum(e.amount) from payment.entry e
                                             where e.posting_id = :p and e.supply_account_id is null), 0)
                                 - coalesce((select sum(coalesce(x.approved_amount, x.amount))
                                             from payment.refund_request x
                                             where x.payment_posting = :p and x.refund_id <> :id
                                               and x.status in ('REQUESTED', 'APPROVED')), 0)""")
                    .param("p", r.paymentPosting())
                    .param("id", r.refundId())
                    .query(Long.class)
                    .single());
            if (approved.compareTo(refundable) > 0)
                throw Problem.conflict("refund-more-than-remainder", approved, refundable);
        } else {
            Money credit = ledger.balance(r.supplyAccountId()).prepaid();
            if (approved.compareTo(credit) > 0) throw Problem.conflict("insufficient-credit", approved, credit);
        }
        return approved;
    }

    /**
     * Posts the refund of (part of) a payment: its reversal when it is the whole payment, else a partial reversal
     * (a refund through the payment's channel) that earlier parts are counted against.
     */
    static Posted reversal(
            Ledger ledger, String key, long payment, Money amount, String reference, String why, Actor actor) {
        Money paid = ledger.posting(payment).orElseThrow(() -> Problem.notFound("posting")).entries().stream()
                .filter(e -> e.supplyAccountId() == null)
                .map(PostingView.EntryView::amount)
                .reduce(Money.ZERO, Money::plus);
        return amount.equals(paid)
                ? ledger.reverse(key, payment, why, actor)
                : ledger.reversePart(key, payment, amount, reference, why, actor);
    }

    @Transactional
    public Refund reject(Actor actor, long refundId, String note) {
        Refund r = decidable(actor, refundId);
        if (!MeaningfulReason.Check.isMeaningful(note)) throw Problem.badRequest("reason-required");
        decide(actor, r, RequestStatus.REJECTED, note, null, null);
        return refund(refundId).orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<Refund> list(Actor actor, RequestStatus status, int limit) {
        if (!actor.has(Permission.PAYMENT_APPROVE)) actor.require(Permission.PAYMENT_COLLECT);
        List<Long> scope = actor.branchScope();
        return jdbc
                .sql(SELECT + """
                 where (cast(:status as text) is null or status = :status)
                   and (cast(:scope as bigint[]) is null or branch_id = any(cast(:scope as bigint[])))
                order by requested_at desc, refund_id desc limit :limit""")
                .param("status", status == null ? null : status.name())
                .param("scope", scope == null ? null : scope.toArray(Long[]::new))
                .param("limit", Math.clamp(limit, 1, 500))
                .query((rs, n) -> map(rs))
                .list()
                .stream()
                .map(this::named)
                .toList();
    }

    private Refund decidable(Actor actor, long refundId) {
        actor.require(Permission.PAYMENT_APPROVE);
        Refund r = jdbc.sql("select refund_id from payment.refund_request where refund_id = :id for update")
                .param("id", refundId)
                .query(Long.class)
                .optional()
                .flatMap(this::refund)
                .filter(x -> customers
                        .account(x.supplyAccountId())
                        .map(a -> actor.sees(a.branchId()))
                        .orElse(false))
                .orElseThrow(() -> Problem.notFound("refund"));
        FourEyes.requireDecidable(actor, r.status(), r.requestedById());
        return r;
    }

    private void decide(Actor actor, Refund r, RequestStatus status, String note, Long posting, Money approved) {
        String clean = FourEyes.note(note);
        jdbc.sql("""
                update payment.refund_request set status = :status, decided_by = :by, decided_by_name = :name,
                    decided_at = :at, decision_note = :note, posting_id = :posting, approved_amount = :approved
                where refund_id = :id and status = 'REQUESTED'""")
                .param("approved", approved == null ? null : approved.fen())
                .param("status", status.name())
                .param("by", actor.userId().value())
                .param("name", FourEyes.name(actor))
                .param("at", Timestamp.from(clock.instant()))
                .param("note", clean)
                .param("posting", posting)
                .param("id", r.refundId())
                .update();
        FourEyes.audit(
                audit,
                actor,
                "refund",
                r.refundId(),
                status,
                r.supplyAccountId(),
                r.amount(),
                approved,
                r.requestedById(),
                posting,
                clean);
    }

    private static final String SELECT = """
            select refund_id, supply_account_id, kind, payment_posting, amount, channel, reason, requested_by_name,
                requested_by, requested_at, status, decided_by_name, decided_at, decision_note, posting_id, approved_amount
            from payment.refund_request""";

    private Optional<Refund> refund(long id) {
        return jdbc.sql(SELECT + " where refund_id = :id")
                .param("id", id)
                .query((rs, n) -> map(rs))
                .optional()
                .map(this::named);
    }

    private static Refund map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Refund(
                rs.getLong(1),
                rs.getLong(2),
                null,
                null,
                Kind.valueOf(rs.getString(3)),
                rs.getObject(4, Long.class),
                Money.fen(rs.getLong(5)),
                PaymentChannel.valueOf(rs.getString(6)),
                rs.getString(7),
                rs.getString(8),
                rs.getLong(9),
                rs.getTimestamp(10).toInstant(),
                RequestStatus.valueOf(rs.getString(11)),
                rs.getString(12),
                rs.getTimestamp(13) == null ? null : rs.getTimestamp(13).toInstant(),
                rs.getString(14),
                rs.getObject(15, Long.class),
                rs.getObject(16) == null ? null : Money.fen(rs.getLong(16)));
    }

    private Refund named(Refund r) {
        SupplyAccountView a = customers.account(r.supplyAccountId()).orElse(null);
        return new Refund(
                r.refundId(),
                r.supplyAccountId(),
                a == null ? null : a.accountNumber(),
                a == null ? null : PersonalData.maskName(a.accountName()),
                r.kind(),
                r.paymentPosting(),
                r.amount(),
                r.channel(),
                r.reason(),
                r.requestedBy(),
                r.requestedById(),
                r.requestedAt(),
                r.status(),
                r.decidedBy(),
                r.decidedAt(),
                r.decisionNote(),
                r.postingId(),
                r.approvedAmount());
    }

    private SupplyAccountView visible(Actor actor, long accountId) {
        return customers
                .account(accountId)
                .filter(a -> actor.sees(a.branchId()))
                .orElseThrow(() -> Problem.notFound("supply-account"));
    }
}
