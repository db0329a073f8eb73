package io.gridhall.simulator;

import io.gridhall.simulator.CustomerClass.Season;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * What one meter would register if nothing ever disturbed it: a pure function of seed, address
 * and time. The class profile is scaled by a seeded meter size (0.5..1.5) and a seeded factor per
 * day (0.8..1.2), and integrated from the register origin in watt-seconds per tariff.
 *
 * <p>Not thread-safe: it caches the sum at the start of the last day asked for, since reads move
 * forward in time; its meter serialises access.
 */
final class MeterLoad {

    static final long DAY_MS = 86_400_000L;

    private final LoadShape shape;
    private final CustomerClass customerClass;
    private final ZoneId zone;
    private final LocalDate origin;
    private final long mix;
    private final int sizePermille;
    private final long[] initialForwardWs = new long[4];
    private final long[] initialReverseWs = new long[4];
    private final LocalDate[] cacheDay = new LocalDate[2];
    private final long[][] cacheSum = new long[2][];

    MeterLoad(LoadShape shape, CustomerClass customerClass, ZoneId zone, LocalDate origin, long mix) {
        this.shape = shape;
        this.customerClass = customerClass;
        this.zone = zone;
        this.origin = origin;
        this.mix = mix;
        this.sizePermille = 500 + (int) Long.remainderUnsigned(mix(mix + 1), 1001);
        long initialKwh = customerClass.initialKwhMin
                + Long.remainderUnsigned(mix(mix + 2), customerClass.initialKwhMax - customerClass.initialKwhMin);
        long initialWs = initialKwh * 3_600_000L;
        // The reading a meter brings to the origin, spread as a typical tip/peak/flat/valley mix.
        int[] split = {10, 30, 30, 30};
        for (int t = 0; t < 4; t++) {
            initialForwardWs[t] = initialWs * split[t] / 100;
            initialReverseWs[t] = customerClass == CustomerClass.INDUSTRIAL ? initialForwardWs[t] / 100 : 0;
        }
    }

    Instant originInstant() {
        return origin.atStartOfDay(zone).toInstant();
    }

    long initialForwardWs(int tariff) {
        return initialForwardWs[tariff];
    }

    long initialReverseWs(int tariff) {
        return initialReverseWs[tariff];
    }

    /** Watt-seconds per tariff drawn ({@code export} false) or exported from the origin until {@code t}. */
    long[] cumulativeWs(Instant t, boolean export) {
        long[] out = new long[4];
        if (export && customerClass != CustomerClass.INDUSTRIAL) {
            return out;
        }
        LocalDate day = LocalDateTime.ofInstant(t, zone).toLocalDate();
        if (day.isBefore(origin)) {
            return out;
        }
        int k = export ? 1 : 0;
        LocalDate d;
        long[] sum;
        if (cacheDay[k] != null && !cacheDay[k].isAfter(day)) {
            d = cacheDay[k];
            sum = cacheSum[k].clone();
        } else {
            d = origin;
            sum = new long[4];
        }
        while (d.isBefore(day)) {
            addDay(d, DAY_MS, export, sum);
            d = d.plusDays(1);
        }
        cacheDay[k] = day;
        cacheSum[k] = sum.clone();
        System.arraycopy(sum, 0, out, 0, 4);
        long ms = Duration.between(day.atStartOfDay(zone).toInstant(), t).toMillis();
        addDay(day, Math.min(ms, DAY_MS), export, out);
        return out;
    }

    /** Average watts drawn in the 15-minute slot that contains {@code t}. */
    long wattsAt(Instant t) {
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        LocalDate day = local.toLocalDate();
        int slot = local.getHour() * 4 + local.getMinute() / 15;
        return (long) shape.watts(customerClass, isWeekend(day), Season.of(day.getMonthValue()), slot)
                * sizePermille
                * dayFactorPermille(day)
                / 1_000_000;
    }

    private void addDay(LocalDate d, long millis, boolean export, long[] ws) {
        long[] wattMillis = new long[4];
        shape.addDayUntil(customerClass, isWeekend(d), Season.of(d.getMonthValue()), millis, export, wattMillis);
        long factor = (long) sizePermille * dayFactorPermille(d);
        for (int t = 0; t < 4; t++) {
            // Divide first: watt-milliseconds of a day times the factor would overflow a long.
            ws[t] += wattMillis[t] / 1000 * factor / 1_000_000;
        }
    }

    private int dayFactorPermille(LocalDate d) {
        return 800 + (int) Long.remainderUnsigned(mix(mix ^ d.toEpochDay() * 0x9E3779B97F4A7C15L), 401);
    }

    private static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** SplitMix64's finaliser: spreads seeds so that neighbouring addresses look unrelated. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
