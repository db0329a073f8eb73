package io.gridhall.billing.internal;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillView;
import io.gridhall.billing.BillsIssued;
import io.gridhall.billing.internal.Bills.Issue;
import io.gridhall.billing.internal.Bills.NewBill;
import io.gridhall.billing.internal.RunningBills.Made;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Corrections of issued bills (bills are immutable): a REVERSAL bill with the issued lines negated and, when asked, a
 * REBILL rated afresh from today's reads and tariff, both issued at once, carrying the reason and who asked, audited
 * and published in one {@link BillsIssued}.
 */
@Service
public class CorrectingBills {

    /** The reversal, and the rebill when one was asked for. */
    public record Corrected(BillView reversal, BillView rebill) {}

    private final Bills bills;
    private final ReviewingBills review;
    private final RunningBills runs;
    private final Audit audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final BillingSettings settings;
    private final JdbcClient jdbc;

    CorrectingBills(
            Bills bills,
            ReviewingBills review,
            RunningBills runs,
            Audit audit,
            ApplicationEventPublisher events,
            Clock clock,
            BillingSettings settings,
            JdbcClient jdbc) {
        this.bills = bills;
        this.review = review;
        this.runs = runs;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.jdbc = jdbc;
    }

    @Transactional
    public Corrected reverse(Actor actor, long billId, String reason, boolean rebill) {
        BillView bill = review.visible(actor, billId);
        if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        String why = reason.strip();
        if (bill.type() == BillType.REVERSAL) throw Problem.conflict("bill-state", billId, bill.type());
        // the move fails with 409 when the bill is not ISSUED (not yet issued, or already reversed)
        bills.moveOne(billId, BillStatus.ISSUED, BillStatus.REVERSED);
        LocalDate today = LocalDate.now(clock);
        LocalDate due = today.plusDays(settings.issue().dueDays());
        List<BillLineView> negated = bills.lines(billId).stream()
                .map(l -> new BillLineView(
                        l.lineNo(),
                        l.code(),
                        negate(l),
                        l.unit(),
                        l.price(),
                        l.amount().negate(),
                        l.explanation()))
                .toList();
        Bills.Facts facts = bills.facts(billId).orElseThrow();
        List<NewBill> made = new ArrayList<>();
        made.add(new NewBill(
                bill.supplyAccountId(),
                bill.accountNumber(),
                bill.branchId(),
                BillType.REVERSAL,
                BillStatus.ISSUED,
                bill.periodFrom(),
                bill.periodTo(),
                new Kwh(bill.energy().value().negate()),
                bill.total().negate(),
                bill.estimated(),
                bill.tariffId(),
                bill.tariffVersion(),
                facts.tierYearStart(),
                null,
                null,
                negated,
                List.of(),
                billId,
                null,
                why,
                actor.displayName(),
                actor.userId().value(),
                facts.runId(),
                null,
                new Issue(bills.nextNumber(today), today, due)));
        if (rebill) {
            Made rated = runs.make(
                    List.of(bill.supplyAccountId()), bill.periodFrom(), bill.periodTo(), facts.runId(), null, billId);
            if (rated.bills().isEmpty()) {
                throw Problem.conflict(
                        "bill-cannot-rate",
                        rated.skipped().values().stream()
                                .findFirst()
                                .map(Enum::name)
                                .orElse("NO_TARIFF"));
            }
            NewBill r = rated.bills().getFirst();
            made.add(new NewBill(
                    r.supplyAccountId(),
                    r.accountNumber(),
                    r.branchId(),
                    BillType.REBILL,
                    BillStatus.ISSUED,
                    r.periodFrom(),
                    r.periodTo(),
                    r.energy(),
                    r.total(),
                    r.estimated(),
                    r.tariffId(),
                    r.tariffVersion(),
                    r.tierYearStart(),
                    r.tierUsedBefore(),
                    r.tierUsedAfter(),
                    r.lines(),
                    r.findings(),
                    billId,
                    null,
                    why,
                    actor.displayName(),
                    actor.userId().value(),
                    facts.runId(),
                    null,
                    new Issue(bills.nextNumber(today), today, due)));
        }
        List<Long> ids = bills.insert(made, clock.instant());
        BillView reversal = bills.find(ids.get(0)).orElseThrow();
        BillView replacement = ids.size() > 1 ? bills.find(ids.get(1)).orElseThrow() : null;
        List<BillsIssued.IssuedBill> published = jdbc.sql("""
                        select id, supply_account_id, branch_id, type, bill_number, period_from, period_to, issued_on,
                               due_on, total_fen, reverses
                          from billing.bill where id = any(?) order by id""")
                .param(ids.toArray(Long[]::new))
                .query((rs, n) -> ReviewingBills.issuedBill(rs))
                .list();
        events.publishEvent(new BillsIssued(published));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", why);
        details.put("reversal", reversal.id().value());
        if (replacement != null) details.put("rebill", replacement.id().value());
        audit.record(actor, "billing.bill.reversal", "bill", Long.toString(billId), details);
        return new Corrected(reversal, replacement);
    }

    private static java.math.BigDecimal negate(BillLineView l) {
        return l.quantity() == null ? null : l.quantity().negate();
    }
}
