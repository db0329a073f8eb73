package io.gridhall.billing.internal;

import io.gridhall.billing.BillView;
import io.gridhall.identity.Actor;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A bill's full trace for staff: every input of every line, the audit's findings, decisions and related bills. */
@Service
public class BillTrace {

    /**
     * @param findings the automatic audit's findings with the numbers that made them fire
     * @param decisions the clerks' decisions, oldest first
     * @param run the run that made the bill, null for a correction outside a run's chunk
     * @param related ids of the bills it replaced or that replaced it, by relation (reverses, reversedBy, rebilledBy,
     *     supersedes, supersededBy)
     */
    public record Trace(
            BillView bill,
            List<Bills.Finding> findings,
            List<Map<String, Object>> decisions,
            BillingRunView run,
            Map<String, List<Long>> related) {}

    private final ReviewingBills review;
    private final Bills bills;
    private final RunningBills runs;
    private final JdbcClient jdbc;

    BillTrace(ReviewingBills review, Bills bills, RunningBills runs, JdbcClient jdbc) {
        this.review = review;
        this.bills = bills;
        this.runs = runs;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Trace trace(Actor actor, long billId) {
        BillView bill = review.visible(actor, billId);
        Bills.Facts facts = bills.facts(billId).orElseThrow();
        Map<String, List<Long>> related = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                        select 'reverses' as rel, reverses as id from billing.bill where id = :id and type = 'REVERSAL'
                        union all select 'rebills', reverses from billing.bill where id = :id and type = 'REBILL'
                        union all select 'supersedes', supersedes from billing.bill where id = :id and supersedes is not null
                        union all select case type when 'REVERSAL' then 'reversedBy' else 'rebilledBy' end, id
                                    from billing.bill where reverses = :id
                        union all select 'supersededBy', id from billing.bill where supersedes = :id""").param("id", billId).query(rs -> {
            related.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>())
                    .add(rs.getLong(2));
        });
        return new Trace(
                bill,
                bills.findings(billId),
                review.decisions(billId),
                facts.runId() == null ? null : runs.view(facts.runId()).orElse(null),
                related);
    }
}
