package io.gridhall.metering.internal;

import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeLabel;
import io.gridhall.grid.NodeType;
import io.gridhall.shared.Problem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Collection success rate (MR-1): the share of active meters whose frozen register for a day was read
 * (actual, not estimated), and the share of their 15-minute slots that are actual or edited. The meters
 * counted are today's active ones, for every day reported, so a day of a range equals that day's report.
 */
@Service
public class CollectionRates {

    /** The longest range one request may ask for: a quarter, so a request stays a few hundred ms. */
    public static final int MAX_RANGE_DAYS = 92;

    public enum GroupBy {
        BRANCH,
        AREA
    }

    /**
     * Rates in percent with two decimals; a group with no meters has null rates. Code and name are the
     * group's branch or transformer area in the grid, null for a total, a meter without an area, or a
     * node the grid does not know.
     */
    public record Rate(
            Long group,
            String code,
            String name,
            int meters,
            int registersRead,
            BigDecimal registerRate,
            long slotsExpected,
            long slotsActual,
            BigDecimal intervalRate) {}

    public record Report(LocalDate day, GroupBy groupBy, Rate total, List<Rate> groups) {}

    /** One day of a range: the total and, when asked for, one row per branch. */
    public record DayRate(LocalDate day, Rate total, List<Rate> branches) {}

    public record RangeReport(LocalDate from, LocalDate to, List<DayRate> days) {}

    private static final int SLOTS = 96;

    /** Meters in scope: active, placed in a branch, and in the caller's branches (null array: all). */
    private static final String SCOPE = """
            m.active and m.branch_id is not null
            and (cast(:branches as bigint[]) is null or m.branch_id = any(cast(:branches as bigint[])))""";

    /**
     * Slots that are actual (A) or edited (D) in a 96-letter quality string. Most days are all actual,
     * and comparing with the full string is several times cheaper than counting letters.
     */
    private static final String GOOD_SLOTS =
            "case when i.quality = repeat('A', 96) then 96 else 96 - length(translate(i.quality, 'AD', '')) end";

    private final JdbcClient jdbc;
    private final Grid grid;

    CollectionRates(JdbcClient jdbc, Grid grid) {
        this.jdbc = jdbc;
        this.grid = grid;
    }

    /** @param branches the branches the caller may see; null for all */
    @Transactional(readOnly = true)
    public Report report(LocalDate day, GroupBy groupBy, Collection<Long> branches) {
        String column = groupBy == GroupBy.BRANCH ? "m.branch_id" : "m.area_id";
        List<long[]> rows = new ArrayList<>();
        List<Long> keys = new ArrayList<>();
        jdbc.sql("select " + column + " as grp, count(*), count(r.meter_id), coalesce(sum(" + GOOD_SLOTS + "), 0)"
                        + " from metering.meter m"
                        + " left join metering.daily_register r on r.meter_id = m.meter_id and r.day = :day"
                        + "   and r.quality = 'A'"
                        + " left join metering.interval_day i on i.meter_id = m.meter_id and i.channel = 1"
                        + "   and i.day = :day"
                        + " where " + SCOPE
                        + " group by 1 order by 1 nulls last")
                .param("day", day)
                .param("branches", array(branches))
                .query(rs -> {
                    long key = rs.getLong(1);
                    keys.add(rs.wasNull() ? null : key);
                    rows.add(new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(2) * SLOTS, rs.getLong(4)});
                });
        Map<Long, NodeLabel> labels = grid.labels(
                groupBy == GroupBy.BRANCH ? NodeType.BRANCH : NodeType.AREA,
                keys.stream().filter(Objects::nonNull).toList());
        long[] total = new long[4];
        List<Rate> groups = new ArrayList<>(rows.size());
        for (int k = 0; k < rows.size(); k++) {
            add(total, rows.get(k));
            groups.add(rate(keys.get(k), labels.get(keys.get(k)), rows.get(k)));
        }
        return new Report(day, groupBy, rate(null, null, total), groups);
    }

    /**
     * The daily totals from {@code from} to {@code to} (both included) in one query grouped by day and
     * branch; days without readings count as read by nobody.
     *
     * @param branches the branches the caller may see; null for all
     * @param perBranch whether each day also lists its branches
     */
    @Transactional(readOnly = true)
    public RangeReport range(LocalDate from, LocalDate to, Collection<Long> branches, boolean perBranch) {
        if (from == null || to == null || to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw Problem.badRequest("bad-rate-range", MAX_RANGE_DAYS);
        }
        // day -> branch -> {meters, registers read, slots expected, slots actual}
        Map<LocalDate, Map<Long, long[]>> cells = new TreeMap<>();
        jdbc.sql("""
                        with scope as not materialized (
                            select m.meter_id, m.branch_id from metering.meter m where %s),
                        meters as (select branch_id, count(*) as n from scope group by branch_id),
                        registers as (
                            select r.day, s.branch_id, count(*) as n
                            from metering.daily_register r join scope s on s.meter_id = r.meter_id
                            where r.day between :from and :to and r.quality = 'A'
                            group by 1, 2),
                        slots as (
                            select i.day, s.branch_id, sum(%s) as n
                            from metering.interval_day i join scope s on s.meter_id = i.meter_id
                            where i.day between :from and :to and i.channel = 1
                            group by 1, 2)
                        select d.day, b.branch_id, b.n, coalesce(r.n, 0), coalesce(x.n, 0)
                        from (select cast(g as date) as day
                              from generate_series(cast(:from as date), cast(:to as date), interval '1 day') g) d
                        cross join meters b
                        left join registers r on r.day = d.day and r.branch_id = b.branch_id
                        left join slots x on x.day = d.day and x.branch_id = b.branch_id
                        order by 1, 2""".formatted(SCOPE, GOOD_SLOTS))
                .param("from", from)
                .param("to", to)
                .param("branches", array(branches))
                .query(rs -> {
                    long meters = rs.getLong(3);
                    cells.computeIfAbsent(rs.getObject(1, LocalDate.class), d -> new TreeMap<>())
                            .put(rs.getLong(2), new long[] {meters, rs.getLong(4), meters * SLOTS, rs.getLong(5)});
                });
        Map<Long, NodeLabel> labels = perBranch
                ? grid.labels(
                        NodeType.BRANCH,
                        cells.values().stream()
                                .flatMap(m -> m.keySet().stream())
                                .distinct()
                                .toList())
                : Map.of();
        List<DayRate> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            long[] total = new long[4];
            List<Rate> rows = new ArrayList<>();
            for (Map.Entry<Long, long[]> e : cells.getOrDefault(day, Map.of()).entrySet()) {
                add(total, e.getValue());
                if (perBranch) rows.add(rate(e.getKey(), labels.get(e.getKey()), e.getValue()));
            }
            days.add(new DayRate(day, rate(null, null, total), perBranch ? rows : null));
        }
        return new RangeReport(from, to, days);
    }

    private static Long[] array(Collection<Long> branches) {
        return branches == null ? null : branches.toArray(Long[]::new);
    }

    private static void add(long[] total, long[] row) {
        for (int k = 0; k < total.length; k++) total[k] += row[k];
    }

    private static Rate rate(Long group, NodeLabel label, long[] a) {
        return new Rate(
                group,
                label == null ? null : label.code(),
                label == null ? null : label.name(),
                (int) a[0],
                (int) a[1],
                percent(a[1], a[0]),
                a[2],
                a[3],
                percent(a[3], a[2]));
    }

    static BigDecimal percent(long part, long whole) {
        if (whole == 0) return null;
        return BigDecimal.valueOf(part)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
}
