package io.gridhall.metering.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Collection success rate (MR-1) for a day: the share of active meters whose frozen register for the
 * day was read (actual, not estimated), and the share of their 15-minute slots that are actual.
 */
@Service
public class CollectionRates {

    public enum GroupBy {
        BRANCH,
        AREA
    }

    /** Rates in percent with two decimals; a group with no meters has null rates. */
    public record Rate(
            Long group,
            int meters,
            int registersRead,
            BigDecimal registerRate,
            long slotsExpected,
            long slotsActual,
            BigDecimal intervalRate) {}

    public record Report(LocalDate day, GroupBy groupBy, Rate total, List<Rate> groups) {}

    private final JdbcClient jdbc;
    private final MeterPlaces places;

    CollectionRates(JdbcClient jdbc, MeterPlaces places) {
        this.jdbc = jdbc;
        this.places = places;
    }

    /** @param visibleBranch which branches the caller may see */
    @Transactional(readOnly = true)
    public Report report(LocalDate day, GroupBy groupBy, LongPredicate visibleBranch) {
        Map<Long, Boolean> registerRead = new HashMap<>();
        jdbc.sql("select meter_id from metering.daily_register where day = :d and quality = 'A'")
                .param("d", day)
                .query(rs -> {
                    registerRead.put(rs.getLong(1), true);
                });
        Map<Long, Integer> actualSlots = new HashMap<>();
        jdbc.sql("""
                select meter_id, 96 - length(replace(replace(quality, 'A', ''), 'D', '')) from metering.interval_day
                where day = :d and channel = 1""").param("d", day).query(rs -> {
            actualSlots.put(rs.getLong(1), rs.getInt(2));
        });
        Map<Long, long[]> groups = new TreeMap<>(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        long[] total = new long[4];
        for (MeterPlaces.Place p : places.activeMeters()) {
            if (p.branchId() == null || !visibleBranch.test(p.branchId())) continue;
            Long key = groupBy == GroupBy.BRANCH ? p.branchId() : p.areaId();
            long[] g = groups.computeIfAbsent(key, k -> new long[4]);
            long read = registerRead.containsKey(p.meterId()) ? 1 : 0;
            long slots = actualSlots.getOrDefault(p.meterId(), 0);
            for (long[] acc : new long[][] {g, total}) {
                acc[0]++;
                acc[1] += read;
                acc[2] += 96;
                acc[3] += slots;
            }
        }
        List<Rate> rates = groups.entrySet().stream()
                .map(e -> rate(e.getKey(), e.getValue()))
                .toList();
        return new Report(day, groupBy, rate(null, total), rates);
    }

    private static Rate rate(Long group, long[] a) {
        return new Rate(group, (int) a[0], (int) a[1], percent(a[1], a[0]), a[2], a[3], percent(a[3], a[2]));
    }

    static BigDecimal percent(long part, long whole) {
        if (whole == 0) return null;
        return BigDecimal.valueOf(part)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
}
