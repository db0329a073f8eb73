package io.gridhall.billing.internal;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.internal.Bills.Finding;
import io.gridhall.billing.internal.GatheringUsage.Gathered;
import io.gridhall.billing.internal.rating.RatedBill;
import io.gridhall.billing.internal.rating.Usage.MeterSegment;
import io.gridhall.customer.CustomerClass;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The automatic bill audit (智能审核, MR-4): rules over a rated bill, its account's history and the other accounts
 * rated with it. Each rule that fires gives a finding; a finding whose code is in {@code gridhall.billing.audit.holding}
 * holds the bill for a clerk.
 */
@Component
class AuditingBills {

    private static final MathContext MC = new MathContext(20, RoundingMode.HALF_UP);

    /** An account's bills before this one: mean kWh per day and how many in a row were on estimated reads. */
    record History(BigDecimal meanPerDay, int bills, int estimatedInARow) {}

    /** One bill to audit. */
    record Candidate(Gathered gathered, RatedBill rated) {}

    private final JdbcClient jdbc;
    private final BillingSettings settings;

    AuditingBills(JdbcClient jdbc, BillingSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Whether the findings hold the bill. */
    boolean holds(List<Finding> findings) {
        return findings.stream().anyMatch(f -> settings.audit().holding().contains(f.code()));
    }

    /** The findings for each candidate, in order; the candidates are also each other's "similar accounts". */
    List<List<Finding>> audit(List<Candidate> candidates) {
        Map<Long, History> history = history(
                candidates.stream().map(c -> c.gathered().account().id()).toList(),
                candidates.isEmpty()
                        ? null
                        : candidates.getFirst().gathered().usage().from());
        Map<String, BigDecimal> medians = similarMedians(candidates);
        List<List<Finding>> result = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            result.add(findings(c, history.get(c.gathered().account().id()), medians));
        }
        return result;
    }

    private List<Finding> findings(Candidate c, History history, Map<String, BigDecimal> medians) {
        BillingSettings.Audit rules = settings.audit();
        Gathered g = c.gathered();
        RatedBill bill = c.rated();
        List<Finding> found = new ArrayList<>();
        BigDecimal energy = bill.energy().value();
        BigDecimal perDay = perDay(energy, g);
        if (history != null && history.meanPerDay().signum() > 0) {
            BigDecimal ratio = perDay.divide(history.meanPerDay(), MC);
            BigDecimal factor = rules.historyFactor();
            if (ratio.compareTo(factor) > 0 || ratio.multiply(factor).compareTo(BigDecimal.ONE) < 0) {
                found.add(new Finding(
                        "USAGE_FAR_FROM_HISTORY",
                        perDay.setScale(2, RoundingMode.HALF_UP) + " kWh/day against a mean of "
                                + history.meanPerDay().setScale(2, RoundingMode.HALF_UP) + " over "
                                + history.bills() + " bills"));
            }
        }
        BigDecimal median = medians.get(g.account().tariffCategory());
        if (median != null && median.signum() > 0 && perDay.compareTo(median.multiply(rules.similarFactor())) > 0) {
            found.add(new Finding(
                    "USAGE_FAR_FROM_SIMILAR",
                    perDay.setScale(2, RoundingMode.HALF_UP) + " kWh/day against a median of "
                            + median.setScale(2, RoundingMode.HALF_UP) + " on "
                            + g.account().tariffCategory()));
        }
        if (energy.signum() == 0 && "ACTIVE".equals(g.account().status())) {
            found.add(new Finding("ZERO_USAGE", "0 kWh on an active account"));
        }
        if (bill.estimated()) {
            int inARow = 1 + (history == null ? 0 : history.estimatedInARow());
            if (inARow >= rules.estimatedBills()) {
                found.add(new Finding("ESTIMATED_TOO_LONG", inARow + " bills in a row on estimated reads"));
            } else if (settings.reads().estimated() == BillingSettings.EstimatedReads.HOLD) {
                found.add(new Finding("ESTIMATED_TOO_LONG", "billed on estimated reads"));
            }
        }
        BigDecimal limit = g.customerClass() == CustomerClass.RESIDENTIAL
                ? rules.largeAmountResidential()
                : rules.largeAmountOther();
        if (bill.total().compareTo(Money.yuan(limit)) > 0) {
            found.add(new Finding("LARGE_AMOUNT", bill.total().toYuan() + " yuan above " + limit));
        }
        for (BillLineView line : bill.lines()) {
            if (line.amount().isNegative() && !rules.negativeLinesAllowed().contains(line.code())) {
                found.add(new Finding(
                        "NEGATIVE_LINE", line.code() + " " + line.amount().toYuan()));
                break;
            }
        }
        BigDecimal pf = powerFactor(g.usage().meters());
        if (pf != null && pf.compareTo(rules.powerFactorMinimum()) < 0) {
            found.add(new Finding("POWER_FACTOR_OUT_OF_RANGE", "power factor " + pf));
        }
        BigDecimal contracted = g.usage().account().contractedDemandKw();
        if (contracted != null && contracted.signum() > 0) {
            for (MeterSegment s : g.usage().meters()) {
                if (s.maxDemandKw() != null
                        && s.maxDemandKw().compareTo(contracted.multiply(rules.demandFactor())) > 0) {
                    found.add(new Finding(
                            "DEMAND_OUT_OF_RANGE", s.maxDemandKw() + " kW against " + contracted + " kW contracted"));
                    break;
                }
            }
        }
        for (RatedBill.Gap gap : bill.gaps()) {
            // the engine rated what it could; these say what it had to do without
            found.add(new Finding(
                    switch (gap.kind()) {
                        case NO_MAXIMUM_DEMAND -> "DEMAND_WITHOUT_MAXIMA";
                        case NO_HOLIDAY_CALENDAR -> "HOLIDAY_CALENDAR_MISSING";
                    },
                    gap.detail()));
        }
        if (g.customerClass() != null
                && !g.account().tariffCategory().startsWith(g.customerClass().name())) {
            found.add(new Finding(
                    "TARIFF_DOES_NOT_FIT",
                    "a " + g.customerClass() + " customer on " + g.account().tariffCategory()));
        }
        if (!g.shiftedReads().isEmpty()) {
            found.add(new Finding("READ_DAY_SHIFTED", String.join(", ", g.shiftedReads())));
        }
        return found;
    }

    private static BigDecimal perDay(BigDecimal energy, Gathered g) {
        long days = ChronoUnit.DAYS.between(g.usage().from(), g.usage().to()) + 1;
        return energy.divide(BigDecimal.valueOf(days), MC);
    }

    /** P / sqrt(P² + Q²) over the segments, to 2 decimals; null without reactive registers or active energy. */
    static BigDecimal powerFactor(List<MeterSegment> segments) {
        BigDecimal p = BigDecimal.ZERO;
        BigDecimal q = BigDecimal.ZERO;
        boolean reactive = false;
        for (MeterSegment s : segments) {
            BigDecimal m = BigDecimal.valueOf(s.multiplier());
            p = p.add(BigDecimal.valueOf(s.end().total() - s.start().total()).multiply(m));
            Long q1 = delta(s.start().reactive1(), s.end().reactive1());
            Long q2 = delta(s.start().reactive2(), s.end().reactive2());
            if (q1 != null || q2 != null) reactive = true;
            if (q1 != null) q = q.add(BigDecimal.valueOf(q1).multiply(m));
            if (q2 != null) q = q.add(BigDecimal.valueOf(q2).multiply(m));
        }
        if (!reactive || p.signum() <= 0) return null;
        BigDecimal s = p.multiply(p).add(q.multiply(q)).sqrt(MC);
        return p.divide(s, 2, RoundingMode.HALF_UP);
    }

    private static Long delta(Long start, Long end) {
        return start == null || end == null ? null : end - start;
    }

    /** Median kWh per day of the candidates on each tariff category with enough of them. */
    private Map<String, BigDecimal> similarMedians(List<Candidate> candidates) {
        Map<String, List<BigDecimal>> byCategory = new HashMap<>();
        for (Candidate c : candidates) {
            byCategory
                    .computeIfAbsent(c.gathered().account().tariffCategory(), k -> new ArrayList<>())
                    .add(perDay(c.rated().energy().value(), c.gathered()));
        }
        Map<String, BigDecimal> medians = new HashMap<>();
        byCategory.forEach((category, values) -> {
            if (values.size() < settings.audit().similarMinimum()) return;
            List<BigDecimal> sorted = values.stream().sorted().toList();
            medians.put(category, sorted.get(sorted.size() / 2));
        });
        return medians;
    }

    /** The accounts' last bills in force (issued regular bills and rebills) before {@code from}. */
    Map<Long, History> history(Collection<Long> accountIds, java.time.LocalDate from) {
        Map<Long, History> history = new HashMap<>();
        if (accountIds.isEmpty()) return history;
        record Past(BigDecimal perDay, boolean estimated) {}
        Map<Long, List<Past>> past = new HashMap<>();
        jdbc.sql("""
                        select supply_account_id, energy / (period_to - period_from + 1) as per_day, estimated
                          from (select b.*, row_number() over (partition by supply_account_id
                                                               order by period_from desc, id desc) as n
                                  from billing.bill b
                                 where supply_account_id = any(:ids) and period_to < :from
                                   and type <> 'REVERSAL' and status = 'ISSUED') x
                         where n <= :bills
                         order by supply_account_id, period_from desc""")
                .param("ids", accountIds.toArray(Long[]::new))
                .param("from", from)
                .param("bills", settings.audit().historyBills())
                .query(rs -> {
                    past.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Past(rs.getBigDecimal(2), rs.getBoolean(3)));
                });
        past.forEach((account, bills) -> {
            BigDecimal sum = bills.stream().map(Past::perDay).reduce(BigDecimal.ZERO, BigDecimal::add);
            int inARow = 0;
            for (Past p : bills) {
                if (!p.estimated()) break;
                inARow++;
            }
            history.put(account, new History(sum.divide(BigDecimal.valueOf(bills.size()), MC), bills.size(), inARow));
        });
        return history;
    }
}
