package io.gridhall.payment.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.payment.Ledger;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Waivers of late-payment penalties (违约金减免, PAY-10), four eyes: a clerk (PAYMENT_COLLECT) asks to waive penalties
 * posted to an account and still wholly unpaid, with a meaningful reason; another person (PAYMENT_APPROVE, never the
 * one who asked) approves, which reverses those penalty postings in the ledger, or rejects with a reason. Every step
 * is audited; nothing is half done (an approval reverses all the postings or none).
 */
@Service
public class WaivingPenalties {

    /** A penalty posting that may be waived: posted for the accrual day, still wholly open. */
    public record Penalty(long postingId, LocalDate day, Instant postedAt, Money amount) {}

    public record Waiver(
            long waiverId,
            long supplyAccountId,
            String accountNumber,
            String accountName,
            List<Long> penaltyPostings,
            Money amount,
            String reason,
            String requestedBy,
            long requestedById,
            Instant requestedAt,
            RequestStatus status,
            String decidedBy,
            Instant decidedAt,
            String decisionNote) {}

    private final JdbcClient jdbc;
    private final LedgerRows rows;
    private final Ledger ledger;
    private final Customers customers;
    private final Audit audit;
    private final Clock clock;

    WaivingPenalties(JdbcClient jdbc, LedgerRows rows, Ledger ledger, Customers customers, Audit audit, Clock clock) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.ledger = ledger;
        this.customers = customers;
        this.audit = audit;
        this.clock = clock;
    }

    /** The account's penalties that may be waived: unreversed, wholly open, in no open or approved waiver. */
    @Transactional(readOnly = true)
    public List<Penalty> waivable(Actor actor, long accountId) {
        if (!actor.has(Permission.PAYMENT_APPROVE)) actor.require(Permission.PAYMENT_COLLECT);
        visible(actor, accountId);
        return waivable(accountId);
    }

    private List<Penalty> waivable(long accountId) {
        return jdbc.sql("""
                select p.posting_id, p.reference, p.posted_at, i.amount
                from payment.receivable_item i join payment.posting p on p.posting_id = i.created_by
                where i.supply_account_id = :account and i.kind = 'PENALTY' and i.open_amount = i.amount
                  and not exists (select 1 from payment.posting r where r.reverses = p.posting_id)
                  and not exists (select 1 from payment.penalty_waiver w where w.supply_account_id = :account
                                  and w.status in ('REQUESTED', 'APPROVED') and p.posting_id = any(w.penalty_postings))
                order by p.posting_id""")
                .param("account", accountId)
                .query((rs, n) -> new Penalty(
                        rs.getLong(1),
                        day(rs.getString(2), rs.getTimestamp(3).toInstant()),
                        rs.getTimestamp(3).toInstant(),
                        Money.fen(rs.getLong(4))))
                .list();
    }

    private LocalDate day(String reference, Instant postedAt) {
        try {
            return LocalDate.parse(reference);
        } catch (RuntimeException e) {
            return LocalDate.ofInstant(postedAt, clock.getZone());
        }
    }

    /**
     * Asks to waive penalties of the account.
     *
     * @param postings the penalty postings to waive; empty for every one that may be waived
     */
    @Transactional
    public Waiver request(Actor actor, long accountId, List<Long> postings, String reason) {
        actor.require(Permission.PAYMENT_COLLECT);
        SupplyAccountView account = visible(actor, accountId);
        if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        // one request at a time per account: the ledger's lock on the account
        if (rows.lock(new Long[] {accountId}).isEmpty()) throw Problem.conflict("no-penalty-to-waive");
        List<Penalty> open = waivable(accountId);
        List<Penalty> chosen = new ArrayList<>();
        if (postings == null || postings.isEmpty()) chosen.addAll(open);
        else {
            Set<Long> wanted = new TreeSet<>(postings);
            for (Penalty p : open) if (wanted.remove(p.postingId())) chosen.add(p);
            if (!wanted.isEmpty())
                throw Problem.conflict("penalty-not-waivable", wanted.iterator().next());
        }
        if (chosen.isEmpty()) throw Problem.conflict("no-penalty-to-waive");
        Money amount = chosen.stream().map(Penalty::amount).reduce(Money.ZERO, Money::plus);
        Long[] ids = chosen.stream().map(Penalty::postingId).toArray(Long[]::new);
        long id = jdbc.sql("""
                insert into payment.penalty_waiver (supply_account_id, branch_id, penalty_postings, amount, reason,
                    requested_by, requested_by_name, requested_at, status)
                values (:account, :branch, :postings, :amount, :reason, :by, :name, :at, 'REQUESTED')
                returning waiver_id""")
                .param("account", accountId)
                .param("branch", account.branchId().value())
                .param("postings", ids)
                .param("amount", amount.fen())
                .param("reason", reason.strip())
                .param("by", actor.userId().value())
                .param("name", FourEyes.name(actor))
                .param("at", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("accountId", accountId);
        details.put("amount", amount.toString());
        details.put("penaltyPostings", List.of(ids));
        details.put("reason", reason.strip());
        audit.record(actor, "payment.penalty-waiver.request", "penalty-waiver", String.valueOf(id), details);
        return waiver(id).orElseThrow();
    }

    /** Approves a waiver: its penalty postings are reversed, all of them or none. */
    @Transactional
    public Waiver approve(Actor actor, long waiverId, String note) {
        Waiver w = decidable(actor, waiverId);
        if (note != null && !note.isBlank() && !MeaningfulReason.Check.isMeaningful(note))
            throw Problem.badRequest("reason-required");
        rows.lock(new Long[] {w.supplyAccountId()});
        // a penalty paid since the request can no longer be waived, only refunded: say so before the ledger refuses
        Map<Long, Boolean> stillOpen = new LinkedHashMap<>();
        jdbc.sql("""
                select p.posting_id, i.open_amount = i.amount
                    and not exists (select 1 from payment.posting r where r.reverses = p.posting_id)
                from payment.posting p join payment.receivable_item i on i.created_by = p.posting_id
                where p.posting_id = any(:ids) and i.kind = 'PENALTY'""").param("ids", w.penaltyPostings().toArray(Long[]::new)).query(rs -> {
            stillOpen.put(rs.getLong(1), rs.getBoolean(2));
        });
        for (Long p : w.penaltyPostings())
            if (!stillOpen.getOrDefault(p, false)) throw Problem.conflict("penalty-paid-since", p);
        String why = "违约金减免 #" + waiverId + ": " + w.reason();
        if (why.length() > MeaningfulReason.MAX_LENGTH) why = why.substring(0, MeaningfulReason.MAX_LENGTH);
        for (Long p : w.penaltyPostings()) ledger.reverse("waiver:" + waiverId + ":" + p, p, why, actor);
        decide(actor, w, RequestStatus.APPROVED, note);
        return waiver(waiverId).orElseThrow();
    }

    /** Rejects a waiver, with a reason; nothing is posted. */
    @Transactional
    public Waiver reject(Actor actor, long waiverId, String note) {
        Waiver w = decidable(actor, waiverId);
        if (!MeaningfulReason.Check.isMeaningful(note)) throw Problem.badRequest("reason-required");
        decide(actor, w, RequestStatus.REJECTED, note);
        return waiver(waiverId).orElseThrow();
    }

    private Waiver decidable(Actor actor, long waiverId) {
        actor.require(Permission.PAYMENT_APPROVE);
        Waiver w = jdbc.sql("select waiver_id from payment.penalty_waiver where waiver_id = :id for update")
                .param("id", waiverId)
                .query(Long.class)
                .optional()
                .flatMap(this::waiver)
                .filter(x -> visibleBranch(actor, x))
                .orElseThrow(() -> Problem.notFound("penalty-waiver"));
        FourEyes.requireDecidable(actor, w.status(), w.requestedById());
        return w;
    }

    private void decide(Actor actor, Waiver w, RequestStatus status, String note) {
        String clean = FourEyes.note(note);
        jdbc.sql("""
                update payment.penalty_waiver set status = :status, decided_by = :by, decided_by_name = :name,
                    decided_at = :at, decision_note = :note
                where waiver_id = :id and status = 'REQUESTED'""")
                .param("status", status.name())
                .param("by", actor.userId().value())
                .param("name", FourEyes.name(actor))
                .param("at", Timestamp.from(clock.instant()))
                .param("note", clean)
                .param("id", w.waiverId())
                .update();
        FourEyes.audit(
                audit,
                actor,
                "penalty-waiver",
                w.waiverId(),
                status,
                w.supplyAccountId(),
                w.amount(),
                w.requestedById(),
                null,
                clean);
    }

    /** Waivers of the branches the actor sees, newest first; of one status, or all (null). */
    @Transactional(readOnly = true)
    public List<Waiver> list(Actor actor, RequestStatus status, int limit) {
        if (!actor.has(Permission.PAYMENT_APPROVE)) actor.require(Permission.PAYMENT_COLLECT);
        List<Long> scope = actor.branchScope();
        return jdbc
                .sql(SELECT + """
                 where (cast(:status as text) is null or w.status = :status)
                   and (cast(:scope as bigint[]) is null or w.branch_id = any(cast(:scope as bigint[])))
                order by w.requested_at desc, w.waiver_id desc limit :limit""")
                .param("status", status == null ? null : status.name())
                .param("scope", scope == null ? null : scope.toArray(Long[]::new))
                .param("limit", Math.clamp(limit, 1, 500))
                .query((rs, n) -> map(rs))
                .list()
                .stream()
                .map(this::named)
                .toList();
    }

    private static final String SELECT = """
            select w.waiver_id, w.supply_account_id, w.penalty_postings, w.amount, w.reason, w.requested_by_name,
                w.requested_by, w.requested_at, w.status, w.decided_by_name, w.decided_at, w.decision_note
            from payment.penalty_waiver w""";

    private java.util.Optional<Waiver> waiver(long id) {
        return jdbc.sql(SELECT + " where w.waiver_id = :id")
                .param("id", id)
                .query((rs, n) -> map(rs))
                .optional()
                .map(this::named);
    }

    private static Waiver map(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<Long> postings = new ArrayList<>();
        for (Object o : (Object[]) rs.getArray(3).getArray()) postings.add(((Number) o).longValue());
        return new Waiver(
                rs.getLong(1),
                rs.getLong(2),
                null,
                null,
                postings,
                Money.fen(rs.getLong(4)),
                rs.getString(5),
                rs.getString(6),
                rs.getLong(7),
                rs.getTimestamp(8).toInstant(),
                RequestStatus.valueOf(rs.getString(9)),
                rs.getString(10),
                rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant(),
                rs.getString(12));
    }

    /** Fills in the account's number and masked name. */
    private Waiver named(Waiver w) {
        SupplyAccountView a = customers.account(w.supplyAccountId()).orElse(null);
        return new Waiver(
                w.waiverId(),
                w.supplyAccountId(),
                a == null ? null : a.accountNumber(),
                a == null ? null : io.gridhall.shared.PersonalData.maskName(a.accountName()),
                w.penaltyPostings(),
                w.amount(),
                w.reason(),
                w.requestedBy(),
                w.requestedById(),
                w.requestedAt(),
                w.status(),
                w.decidedBy(),
                w.decidedAt(),
                w.decisionNote());
    }

    private boolean visibleBranch(Actor actor, Waiver w) {
        return customers
                .account(w.supplyAccountId())
                .map(a -> actor.sees(a.branchId()))
                .orElse(false);
    }

    private SupplyAccountView visible(Actor actor, long accountId) {
        return customers
                .account(accountId)
                .filter(a -> actor.sees(new BranchId(a.branchId().value())))
                .orElseThrow(() -> Problem.notFound("supply-account"));
    }
}
