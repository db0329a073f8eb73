package io.gridhall.payment.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.UserId;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.Posted;
import io.gridhall.shared.AfterCommitWorker;
import io.gridhall.shared.AfterCommitWorkers;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds of gateway payments go back through the gateway they came from (issue #10, ADR 0016). The approval records a
 * PENDING {@code gateway_refund}, due at once and not yet sent, in its transaction; once that committed it hands the
 * refund number to this node's sending thread and returns: the request never waits for a gateway, and holds only its
 * own connection. Sending is a claim like the janitor's ({@code FOR UPDATE SKIP LOCKED} under a lease, the first claim
 * stamping {@code sent_at}), so however many nodes and threads pick a refund up, one sends it; a later claim asks the
 * gateway first and sends again under the same number only when the gateway never heard of it. A hand-off lost to a
 * crash or a restart leaves the refund due in the database, where the janitor finds it. The ledger posts the refund
 * (on the GATEWAY book) when the gateway says it succeeded: once per refund number, under the refund's row lock, however
 * often it is confirmed. A sending the gateway does not answer leaves the refund UNKNOWN, never failed: the janitor
 * asks on its back-off. A refusal (more than was paid, ...) posts nothing and reopens the request with the gateway's
 * reason, for a person to reject or approve again.
 */
@Component
class RefundingThroughGateways {

    private static final Logger log = LoggerFactory.getLogger(RefundingThroughGateways.class);

    private final JdbcClient jdbc;
    private final Ledger ledger;
    private final TakingGatewayPayments payments;
    private final GatewaySettings settings;
    private final Clock clock;
    private final TransactionTemplate tx;

    /** How many hand-offs may wait for the sending thread; more are left to the janitor. */
    static final int HAND_OFF_QUEUE = 1_000;

    /** This node's sending thread (ADR 0023): one, named, with a bounded queue; stopped with the application. */
    private final AfterCommitWorker sender;

    RefundingThroughGateways(
            JdbcClient jdbc,
            Ledger ledger,
            TakingGatewayPayments payments,
            GatewaySettings settings,
            Clock clock,
            PlatformTransactionManager transactions,
            AfterCommitWorkers workers) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.payments = payments;
        this.settings = settings;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.sender = workers.start("gateway-refund-sender", HAND_OFF_QUEUE, Duration.ofSeconds(15));
    }

    /** A refund on its way to a gateway, as kept in {@code gateway_refund}. */
    record Row(
            String refundNumber,
            long refundId,
            Gateway gateway,
            String orderNumber,
            String transactionId,
            long amount,
            long total,
            String state,
            int attempts,
            long paymentPosting,
            Instant sentAt) {}

    /** The gateway payment a ledger posting credited, if it was one. */
    private record Paid(Gateway gateway, String transactionId, String orderNumber, long total, Instant paidAt) {}

    /**
     * How long after a payment its gateway takes refunds of it: WeChat Pay a year (refund.amount.refund within a year
     * of the trade), Alipay, UnionPay (退货) and 电e宝 as we assume, the same.
     */
    static final Duration REFUND_WINDOW = Duration.ofDays(365);

    private Optional<Paid> paid(long paymentPosting) {
        return jdbc.sql("""
                        select p.gateway, p.transaction_id, o.order_number, p.amount, p.paid_at
                        from payment.gateway_payment p join payment.payment_order o using (order_id)
                        where p.posting_id = :posting""")
                .param("posting", paymentPosting)
                .query((rs, n) -> new Paid(
                        Gateway.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getTimestamp(5).toInstant()))
                .optional();
    }

    /** Refuses (409 {@code refund-window-passed}) a gateway payment older than its gateway takes refunds of. */
    void requireRefundable(long paymentPosting) {
        paid(paymentPosting).ifPresent(paid -> {
            if (paid.paidAt().plus(REFUND_WINDOW).isBefore(clock.instant()))
                throw Problem.conflict(
                        "refund-window-passed",
                        TakingGatewayPayments.gatewayName(paid.gateway()),
                        REFUND_WINDOW.toDays());
        });
    }

    /**
     * In the approval's transaction: when the payment came through a gateway, records its refund PENDING, due at once
     * and not yet sent, and hands it to the sending thread once the transaction committed.
     *
     * @return false when the payment did not come through a gateway (the ledger reverses it at once, as before)
     */
    boolean approveThroughGateway(long refundId, long paymentPosting, Money amount) {
        Paid paid = paid(paymentPosting).orElse(null);
        if (paid == null) return false;
        GatewayAdapter adapter =
                payments.adapter(paid.gateway()).filter(GatewayAdapter::refunds).orElse(null);
        if (adapter == null)
            throw Problem.conflict("gateway-refund-unavailable", TakingGatewayPayments.gatewayName(paid.gateway()));
        if (amount.fen() > paid.total())
            throw Problem.conflict("refund-more-than-paid", amount, Money.fen(paid.total()));
        requireRefundable(paymentPosting);
        long tries = jdbc.sql("select count(*) from payment.gateway_refund where refund_id = :id")
                .param("id", refundId)
                .query(Long.class)
                .single();
        // the business day in it names the refund at UnionPay with its txnTime, as an order number does its trade
        String number = "RF"
                + java.time.format.DateTimeFormatter.BASIC_ISO_DATE.format(
                        java.time.LocalDate.ofInstant(clock.instant(), UnionPay.BEIJING))
                + String.format("%08d", refundId) + "N" + (tries + 1);
        Instant now = clock.instant();
        jdbc.sql("""
                insert into payment.gateway_refund (refund_number, refund_id, gateway, order_number, transaction_id,
                    amount, total, state, created_at, next_query_at)
                values (:number, :refund, :gateway, :order, :txn, :amount, :total, 'PENDING', :now, :now)""")
                .param("number", number)
                .param("refund", refundId)
                .param("gateway", paid.gateway().name())
                .param("order", paid.orderNumber())
                .param("txn", paid.transactionId())
                .param("amount", amount.fen())
                .param("total", paid.total())
                .param("now", Timestamp.from(now))
                .update();
        sender.afterCommit(number, () -> sendHandedOff(number));
        return true;
    }

    /**
     * Gives a committed refund to the sending thread and returns at once; when it cannot take it (its queue is full,
     * the application is stopping) the refund stays due in the database for the janitor.
     */
    void handOff(String refundNumber) {
        sender.run(refundNumber, () -> sendHandedOff(refundNumber));
    }

    private void sendHandedOff(String refundNumber) {
        try {
            send(refundNumber);
        } catch (RuntimeException e) {
            log.warn("Refund {} could not be sent now; the janitor sends it", refundNumber, e);
        }
    }

    /** Whether hand-offs are waiting or being sent on this node. */
    boolean sending() {
        return !sender.idle();
    }

    @PreDestroy
    void stop() {
        sender.close(); // what is queued is still sent within the wait; what is not is due in the database
    }

    /**
     * Claims this refund when it is due and nobody holds it, and sends it (outside any transaction); a refund claimed
     * elsewhere, or settled, is left alone.
     */
    void send(String refundNumber) {
        for (Row r : claim(clock.instant(), refundNumber, 1)) work(r);
    }

    /**
     * Claims due PENDING and UNKNOWN refunds (one, or a batch) for a lease, and stamps the first sending's time on those
     * never sent; answers them as they were before the claim (attempts counted).
     */
    private List<Row> claim(Instant now, String only, int limit) {
        return tx.execute(s -> {
            List<Row> rows = jdbc.sql(SELECT + """
                             where g.state in ('PENDING', 'UNKNOWN') and g.next_query_at <= :now
                               and (cast(:only as text) is null or g.refund_number = :only)
                             order by g.next_query_at limit :limit
                             for update of g skip locked""")
                    .param("now", Timestamp.from(now))
                    .param("only", only)
                    .param("limit", limit)
                    .query((rs, n) -> map(rs))
                    .list();
            if (rows.isEmpty()) return rows;
            jdbc.sql("""
                    update payment.gateway_refund set next_query_at = :lease, attempts = attempts + 1,
                        sent_at = coalesce(sent_at, :now)
                    where refund_number = any(:numbers)""")
                    .param("lease", Timestamp.from(now.plus(settings.janitor().lease())))
                    .param("now", Timestamp.from(now))
                    .param("numbers", rows.stream().map(Row::refundNumber).toArray(String[]::new))
                    .update();
            return rows.stream()
                    .map(r -> new Row(
                            r.refundNumber(),
                            r.refundId(),
                            r.gateway(),
                            r.orderNumber(),
                            r.transactionId(),
                            r.amount(),
                            r.total(),
                            r.state(),
                            r.attempts() + 1,
                            r.paymentPosting(),
                            r.sentAt()))
                    .toList();
        });
    }

    /**
     * Settles what the gateway says of a refund: posts it once when it succeeded, reopens the request when it was
     * refused, leaves it PENDING (under way) or as it was otherwise. Its own transaction, under the refund's row lock.
     *
     * @return true when this call posted the refund
     */
    boolean settle(Row r, GatewayAdapter.RefundStatus status, Actor approver) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Row locked = jdbc.sql(SELECT + " where g.refund_number = :n for update of g")
                    .param("n", r.refundNumber())
                    .query((rs, n) -> map(rs))
                    .single();
            if (!locked.state().equals("PENDING") && !locked.state().equals("UNKNOWN"))
                return false; // confirmed before: posted once
            Instant now = clock.instant();
            switch (status.state()) {
                case SUCCEEDED -> {
                    if (status.amount() != null && status.amount().fen() != locked.amount()) {
                        log.error(
                                "{} says refund {} paid back {} fen, not {}: a person must look (reconciliation)",
                                locked.gateway(),
                                locked.refundNumber(),
                                status.amount().fen(),
                                locked.amount());
                        later(locked, now.plus(settings.janitor().maxQueryInterval()));
                        return false;
                    }
                    String why = "退费 #" + locked.refundId() + " 原路退回 " + locked.refundNumber();
                    if (why.length() > MeaningfulReason.MAX_LENGTH) why = why.substring(0, MeaningfulReason.MAX_LENGTH);
                    Posted posted = RefundingWithApproval.reversal(
                            ledger,
                            "refund:" + locked.refundId(),
                            locked.paymentPosting(),
                            Money.fen(locked.amount()),
                            locked.refundNumber(),
                            why,
                            approver != null ? approver : approverOf(locked.refundId()));
                    jdbc.sql("""
                            update payment.gateway_refund set state = 'SUCCEEDED', settled_at = :now,
                                gateway_refund_id = :id, posting_id = :posting
                            where refund_number = :n""")
                            .param("now", Timestamp.from(now))
                            .param("id", status.gatewayRefundId())
                            .param("posting", posted.postingId())
                            .param("n", locked.refundNumber())
                            .update();
                    jdbc.sql("update payment.refund_request set posting_id = :posting where refund_id = :id")
                            .param("posting", posted.postingId())
                            .param("id", locked.refundId())
                            .update();
                    log.info(
                            "{} refunded {} (posting {})", locked.gateway(), locked.refundNumber(), posted.postingId());
                    return true;
                }
                case REFUSED -> {
                    String reason = status.reason() == null ? "refused" : status.reason();
                    if (reason.length() > 150) reason = reason.substring(0, 150);
                    jdbc.sql("""
                            update payment.gateway_refund set state = 'REFUSED', settled_at = :now,
                                refused_reason = :reason
                            where refund_number = :n""")
                            .param("now", Timestamp.from(now))
                            .param("reason", reason)
                            .param("n", locked.refundNumber())
                            .update();
                    // nothing was paid back: the request is open again, with the gateway's word, for a person
                    jdbc.sql("""
                            update payment.refund_request set status = 'REQUESTED', decided_by = null,
                                decided_by_name = null, decided_at = null, decision_note = :note,
                                approved_amount = null
                            where refund_id = :id and status = 'APPROVED' and posting_id is null""")
                            .param("note", "网关拒绝退款: " + reason)
                            .param("id", locked.refundId())
                            .update();
                    log.warn("{} refused refund {}: {}", locked.gateway(), locked.refundNumber(), reason);
                    return false;
                }
                default -> {
                    // the gateway has it and is paying back: PENDING (no longer UNKNOWN), asked again on the back-off
                    jdbc.sql("""
                            update payment.gateway_refund set state = 'PENDING', next_query_at = :next
                            where refund_number = :n""")
                            .param("next", Timestamp.from(now.plus(backOff(locked.attempts()))))
                            .param("n", locked.refundNumber())
                            .update();
                    return false;
                }
            }
        }));
    }

    // ---- the janitor's part ----

    /** Claims due PENDING and UNKNOWN refunds and sends them or asks their gateways; answers how many. */
    int sweep() {
        List<Row> batch = claim(clock.instant(), null, settings.janitor().batchSize());
        for (Row r : batch) {
            try {
                work(r);
            } catch (RuntimeException e) {
                log.warn("The janitor could not settle refund {}; it asks again after its lease", r.refundNumber(), e);
            }
        }
        return batch.size();
    }

    /**
     * Works a claimed refund outside any transaction: sends it when no claim sent it before, else asks the gateway
     * (and sends it again under the same number when the gateway never heard of it); settles the answer.
     */
    private void work(Row r) {
        GatewayAdapter adapter = payments.adapter(r.gateway()).orElse(null);
        if (adapter == null || !adapter.refunds()) return; // a gateway no longer configured: the refund waits for it
        GatewayAdapter.RefundStatus status;
        try {
            if (r.sentAt() == null) status = send(adapter, r);
            else {
                status = adapter.queryRefund(r.orderNumber(), r.refundNumber());
                // the gateway never took it (lost on the way): the same number again is the same refund
                if (status.state() == GatewayAdapter.RefundState.NOT_FOUND) status = send(adapter, r);
            }
        } catch (GatewayTimeout e) {
            log.info(
                    "{} did not answer about refund {}; it is UNKNOWN and asked again later",
                    r.gateway(),
                    r.refundNumber());
            unknown(r, clock.instant().plus(backOff(r.attempts())));
            return;
        }
        settle(r, status, null);
    }

    private static GatewayAdapter.RefundStatus send(GatewayAdapter adapter, Row r) {
        return adapter.refund(
                r.orderNumber(), r.transactionId(), r.refundNumber(), Money.fen(r.amount()), Money.fen(r.total()));
    }

    /** A sending or a question nobody answered: the refund may be under way; asked about at {@code next}. */
    /**
     * The person who approved a refund, as the ledger records who posted it (its {@code posted_by}, the statement's
     * 经办人, and the audit of the posting): a refund that goes back through a gateway is posted when the gateway
     * confirms it, by whichever node hears it, but on the approver's word, as a refund the ledger posts at approval
     * is. Only their id, name and the account's branch (the one scope the posting needs) are known here.
     */
    private Actor approverOf(long refundId) {
        return jdbc.sql("""
                        select r.decided_by, r.decided_by_name, a.branch_id from payment.refund_request r
                          join payment.ledger_account a using (supply_account_id)
                         where r.refund_id = :id and r.decided_by is not null""")
                .param("id", refundId)
                .query((rs, n) -> new Actor(
                        new UserId(rs.getLong(1)),
                        Actor.Kind.STAFF,
                        rs.getString(2),
                        Set.of(),
                        Set.of(new BranchId(rs.getLong(3)))))
                .optional()
                .orElse(null);
    }

    private void unknown(Row r, Instant next) {
        jdbc.sql("""
                update payment.gateway_refund set state = 'UNKNOWN', next_query_at = :next
                where refund_number = :n and state in ('PENDING', 'UNKNOWN')""")
                .param("next", Timestamp.from(next))
                .param("n", r.refundNumber())
                .update();
    }

    private void later(Row r, Instant next) {
        jdbc.sql("update payment.gateway_refund set next_query_at = :next where refund_number = :n")
                .param("next", Timestamp.from(next))
                .param("n", r.refundNumber())
                .update();
    }

    /** As the janitor's orders: the first query after {@code firstQuery}, then doubling, at most {@code maxQueryInterval}. */
    private Duration backOff(int attempts) {
        Duration d = settings.janitor().firstQuery();
        Duration max = settings.janitor().maxQueryInterval();
        for (int i = 1; i < attempts && d.compareTo(max) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(max) > 0 ? max : d;
    }

    private static final String SELECT = """
            select g.refund_number, g.refund_id, g.gateway, g.order_number, g.transaction_id, g.amount, g.total,
                g.state, g.attempts, r.payment_posting, g.sent_at
            from payment.gateway_refund g join payment.refund_request r using (refund_id)""";

    Optional<Row> row(String refundNumber) {
        return jdbc.sql(SELECT + " where g.refund_number = :n")
                .param("n", refundNumber)
                .query((rs, n) -> map(rs))
                .optional();
    }

    /** The refunds of a request, newest first. */
    List<Row> ofRequest(long refundId) {
        return jdbc.sql(SELECT + " where g.refund_id = :id order by g.created_at desc, g.refund_number desc")
                .param("id", refundId)
                .query((rs, n) -> map(rs))
                .list();
    }

    private static Row map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(
                rs.getString(1),
                rs.getLong(2),
                Gateway.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getString(8),
                rs.getInt(9),
                rs.getLong(10),
                rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant());
    }
}
