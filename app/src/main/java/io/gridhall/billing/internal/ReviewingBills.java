package io.gridhall.billing.internal;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillView;
import io.gridhall.billing.BillsIssued;
import io.gridhall.billing.internal.RunningBills.Made;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The review queue and release (MR-4): bills the automatic audit held wait for a clerk, who approves, holds or
 * recalculates each with a reason (recorded with the bill and in the audit log); releasing a run issues the bills that
 * passed or were approved and publishes one {@link BillsIssued}.
 */
@Service
public class ReviewingBills {

    /** What a clerk decides about a bill. */
    public enum Action {
        APPROVE,
        HOLD,
        RECALCULATE
    }

    /** A decision's outcome: the bill decided on, and the bill a recalculation made (null otherwise). */
    public record Decided(BillView bill, BillView replacement) {}

    /** A release's outcome. */
    public record Released(long runId, int issued, Money total) {}

    private final JdbcClient jdbc;
    private final Bills bills;
    private final RunningBills runs;
    private final Audit audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final BillingSettings settings;

    ReviewingBills(
            JdbcClient jdbc,
            Bills bills,
            RunningBills runs,
            Audit audit,
            ApplicationEventPublisher events,
            Clock clock,
            BillingSettings settings) {
        this.jdbc = jdbc;
        this.bills = bills;
        this.runs = runs;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
    }

    /** Held bills the clerk may see, optionally of one branch, oldest first, with their findings. */
    @Transactional(readOnly = true)
    public List<BillView> queue(Actor actor, Long branchId, int limit) {
        actor.require(Permission.BILLING);
        List<Long> scope = actor.branchScope();
        if (branchId != null) {
            if (!actor.sees(new BranchId(branchId))) return List.of();
            scope = List.of(branchId);
        }
        return bills.held(scope, Math.clamp(limit, 1, 500));
    }

    /** A bill the staff member may see (BILLING and the bill's branch), else 404 {@code bill}. */
    BillView visible(Actor actor, long billId) {
        actor.require(Permission.BILLING);
        return bills.find(billId).filter(b -> actor.sees(b.branchId())).orElseThrow(() -> Problem.notFound("bill"));
    }

    @Transactional
    public Decided decide(Actor actor, long billId, Action action, String reason) {
        BillView bill = visible(actor, billId);
        if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        String why = reason.strip();
        BillView replacement = null;
        switch (action) {
            case APPROVE -> bills.moveOne(billId, BillStatus.HELD, BillStatus.AUDIT_PASSED);
            case HOLD -> bills.moveOne(billId, BillStatus.AUDIT_PASSED, BillStatus.HELD);
            case RECALCULATE -> {
                bills.moveOne(billId, BillStatus.HELD, BillStatus.SUPERSEDED);
                if (bill.type() != BillType.REGULAR) throw Problem.conflict("bill-state", billId, bill.status());
                Bills.Facts facts = bills.facts(billId).orElseThrow();
                Made made = runs.make(
                        List.of(bill.supplyAccountId()),
                        bill.periodFrom(),
                        bill.periodTo(),
                        facts.runId(),
                        facts.chunkNo(),
                        billId);
                if (made.bills().isEmpty()) {
                    throw Problem.conflict(
                            "bill-cannot-rate",
                            made.skipped().values().stream()
                                    .findFirst()
                                    .map(Enum::name)
                                    .orElse("NO_TARIFF"));
                }
                long id = bills.insert(made.bills(), clock.instant()).getFirst();
                replacement = bills.find(id).orElseThrow();
            }
        }
        jdbc.sql("""
                        insert into billing.review_decision (bill_id, action, reason, decided_by, decided_by_id,
                                                             decided_at, new_bill_id)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        billId,
                        action.name(),
                        why,
                        actor.displayName(),
                        actor.userId().value(),
                        RunningBills.utc(clock.instant()),
                        replacement == null ? null : replacement.id().value())
                .update();
        audit.record(
                actor,
                "billing.bill." + action.name().toLowerCase(java.util.Locale.ROOT),
                "bill",
                Long.toString(billId),
                replacement == null
                        ? Map.of("reason", why)
                        : Map.of("reason", why, "newBill", replacement.id().value()));
        return new Decided(bills.find(billId).orElseThrow(), replacement);
    }

    /** The decisions taken on a bill, oldest first (for the trace). */
    public List<Map<String, Object>> decisions(long billId) {
        return jdbc.sql("""
                        select action, reason, decided_by, decided_at, new_bill_id from billing.review_decision
                         where bill_id = ? order by id""")
                .param(billId)
                .query((rs, n) -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("action", rs.getString(1));
                    m.put("reason", rs.getString(2));
                    m.put("decidedBy", rs.getString(3));
                    m.put("decidedAt", rs.getTimestamp(4).toInstant());
                    long next = rs.getLong(5);
                    if (!rs.wasNull()) m.put("newBill", next);
                    return m;
                })
                .list();
    }

    /**
     * Issues every bill of a completed run that passed the audit or was approved: a bill number, today's date and the
     * due date; publishes one {@link BillsIssued}. Bills still held stay held; releasing again later issues those
     * approved since.
     */
    @Transactional
    public Released release(Actor actor, long runId) {
        actor.require(Permission.BILLING);
        BillingRunView run = runs.view(runId)
                .filter(r -> actor.sees(new BranchId(r.branchId())))
                .orElseThrow(() -> Problem.notFound("billing-run"));
        if (!"COMPLETED".equals(run.status())) throw Problem.conflict("billing-run-not-complete", run.status());
        jdbc.sql("select id from billing.billing_run where id = ? for update")
                .param(runId)
                .query(Long.class)
                .single();
        LocalDate today = LocalDate.now(clock);
        LocalDate due = today.plusDays(settings.issue().dueDays());
        String prefix = String.format("%04d%02d", today.getYear(), today.getMonthValue());
        List<BillsIssued.IssuedBill> issued = jdbc.sql("""
                        update billing.bill b
                           set status = 'ISSUED', issued_on = :today, due_on = :due,
                               bill_number = :prefix || lpad(nextval('billing.bill_number_seq')::text, 10, '0')
                         where b.id in (select id from billing.bill where run_id = :run and status = 'AUDIT_PASSED'
                                         order by id for update)
                        returning b.id, b.supply_account_id, b.branch_id, b.type, b.bill_number, b.period_from,
                                  b.period_to, b.issued_on, b.due_on, b.total_fen, b.reverses""")
                .param("today", today)
                .param("due", due)
                .param("prefix", prefix)
                .param("run", runId)
                .query((rs, n) -> issuedBill(rs))
                .list();
        jdbc.sql("update billing.billing_run set released_at = coalesce(released_at, ?) where id = ?")
                .params(RunningBills.utc(clock.instant()), runId)
                .update();
        Money total = issued.stream().map(BillsIssued.IssuedBill::total).reduce(Money.ZERO, Money::plus);
        if (!issued.isEmpty()) {
            List<BillsIssued.IssuedBill> sorted = issued.stream()
                    .sorted(java.util.Comparator.comparingLong(b -> b.id().value()))
                    .toList();
            events.publishEvent(new BillsIssued(sorted));
        }
        audit.record(
                actor,
                "billing.run.release",
                "billing_run",
                Long.toString(runId),
                Map.of("issued", issued.size(), "total", total.toString()));
        return new Released(runId, issued.size(), total);
    }

    static BillsIssued.IssuedBill issuedBill(java.sql.ResultSet rs) throws java.sql.SQLException {
        long reverses = rs.getLong("reverses");
        BillId reversed = rs.wasNull() ? null : new BillId(reverses);
        return new BillsIssued.IssuedBill(
                new BillId(rs.getLong("id")),
                rs.getLong("supply_account_id"),
                new BranchId(rs.getLong("branch_id")),
                BillType.valueOf(rs.getString("type")),
                rs.getString("bill_number"),
                rs.getObject("period_from", LocalDate.class),
                rs.getObject("period_to", LocalDate.class),
                rs.getObject("issued_on", LocalDate.class),
                rs.getObject("due_on", LocalDate.class),
                new Money(rs.getLong("total_fen")),
                reversed);
    }
}
