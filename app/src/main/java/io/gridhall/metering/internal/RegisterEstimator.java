package io.gridhall.metering.internal;

import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.Quality;
import io.gridhall.metering.RegisterRead;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Estimates a day's missing daily register so that every day has a value to bill (marked ESTIMATED;
 * an actual read replaces it when it arrives). In order of preference:
 *
 * <ol>
 *   <li>{@link Method#INTERVALS}: the day before is known and the day's intervals are complete (actual or
 *       estimated): total = the day before + the interval sum. Intervals are 0.0001 kWh and registers
 *       0.01 kWh; the sum is rounded down, as the meter's own register only shows a hundredth once it is
 *       complete, so the estimate is the lowest value the meter could show and never runs ahead of it.
 *       The increase is shared over T1..T4 in the meter's own TOU split (by largest remainders, so T1..T4
 *       grow by exactly what the total grows); the other registers follow the line of method 2 or 3.
 *   <li>{@link Method#INTERPOLATED}: actual reads before and after the day, each within {@code windowDays}:
 *       each register on its own on the straight line between them, rounded down.
 *   <li>{@link Method#EXTRAPOLATED}: the latest actual read before the day (within the window) plus the
 *       meter's mean daily use over the {@code meanDays} of actual reads up to it, rounded down; flat when
 *       there is only that one read.
 * </ol>
 *
 * A register that is null where the method reads it stays null. Every estimate then lies between the
 * nearest stored values before and after the day (of any quality), so estimates never decrease between
 * neighbours and never exceed a later read. TOU consistency: with consistent actual neighbours
 * (total = T1+..+T4), methods 2 and 3 round five registers down independently, so the total exceeds
 * T1+..+T4 by 0 to 3 hundredths; method 1 keeps the difference of the day before exactly. Only a
 * clamp to a neighbour (intervals that overshoot the next read) can move it further.
 */
public final class RegisterEstimator {

    public enum Method {
        INTERVALS,
        INTERPOLATED,
        EXTRAPOLATED
    }

    public record Estimate(RegisterRead read, Method method) {}

    static final int TOTAL = 0;
    static final int REGISTERS = 8;

    private final int windowDays;
    private final int meanDays;

    /**
     * @param windowDays how far before and after the day an actual read may lie to interpolate or extrapolate
     * @param meanDays the span of actual reads the mean daily use is taken over
     */
    public RegisterEstimator(int windowDays, int meanDays) {
        this.windowDays = windowDays;
        this.meanDays = meanDays;
    }

    public int windowDays() {
        return windowDays;
    }

    public int meanDays() {
        return meanDays;
    }

    /**
     * @param known the meter's stored registers around the day, any quality and order; the day's own
     *     estimated row is ignored, an actual or edited one means there is nothing to estimate
     * @param intervals the day's forward active intervals after interval estimation, or null
     */
    public Optional<Estimate> estimate(
            long meterId, LocalDate day, Collection<RegisterRead> known, IntervalDay intervals) {
        List<RegisterRead> rows = known.stream()
                .filter(r -> r.meterId() == meterId)
                .sorted(Comparator.comparing(RegisterRead::day))
                .toList();
        if (rows.stream().anyMatch(r -> r.day().equals(day) && actual(r))) return Optional.empty();
        RegisterRead before = null; // latest actual before the day, within the window
        RegisterRead after = null; // earliest actual after the day, within the window
        RegisterRead yesterday = null;
        for (RegisterRead r : rows) {
            long d = ChronoUnit.DAYS.between(r.day(), day);
            if (d == 1) yesterday = r;
            if (!actual(r)) continue;
            if (d > 0 && d <= windowDays) before = r;
            if (d < 0 && -d <= windowDays && after == null) after = r;
        }
        RegisterRead first = null; // earliest actual of the mean span ending at `before`
        if (before != null) {
            for (RegisterRead r : rows) {
                long d = ChronoUnit.DAYS.between(r.day(), before.day());
                if (actual(r) && d > 0 && d <= meanDays) {
                    first = r;
                    break;
                }
            }
        }
        if (before != null && after != null && decreases(before, after, TOTAL)) return Optional.empty();

        Long[] estimate = new Long[REGISTERS];
        Method method;
        Long[] previous = yesterday == null ? null : values(yesterday);
        if (previous != null && previous[TOTAL] != null && intervals != null && intervals.count(Quality.MISSING) == 0) {
            method = Method.INTERVALS;
            long delta = Math.floorDiv(Math.max(0, intervals.sum()), 100);
            estimate[TOTAL] = previous[TOTAL] + delta;
            long[] shares = touShares(delta, before, after, first);
            for (int i = 1; i <= 4; i++) {
                if (previous[i] != null) estimate[i] = previous[i] + (shares == null ? 0 : shares[i - 1]);
            }
            for (int i = 5; i < REGISTERS; i++) {
                Long line = line(i, day, before, after, first);
                estimate[i] = line != null ? line : previous[i];
            }
        } else if (before != null && after != null && values(before)[TOTAL] != null) {
            method = Method.INTERPOLATED;
            for (int i = 0; i < REGISTERS; i++) estimate[i] = interpolate(i, day, before, after);
        } else if (before != null && values(before)[TOTAL] != null) {
            method = Method.EXTRAPOLATED;
            for (int i = 0; i < REGISTERS; i++) estimate[i] = extrapolate(i, day, before, first);
        } else {
            return Optional.empty();
        }
        clamp(estimate, day, rows);
        if (estimate[TOTAL] == null) return Optional.empty();
        return Optional.of(new Estimate(
                new RegisterRead(
                        meterId,
                        day,
                        estimate[0],
                        estimate[1],
                        estimate[2],
                        estimate[3],
                        estimate[4],
                        estimate[5],
                        estimate[6],
                        estimate[7],
                        Quality.ESTIMATED,
                        null,
                        null),
                method));
    }

    static boolean actual(RegisterRead r) {
        return r.quality() == Quality.ACTUAL || r.quality() == Quality.EDITED;
    }

    static Long[] values(RegisterRead r) {
        return new Long[] {r.total(), r.t1(), r.t2(), r.t3(), r.t4(), r.reverse(), r.reactive1(), r.reactive2()};
    }

    private static boolean decreases(RegisterRead a, RegisterRead b, int i) {
        Long x = values(a)[i];
        Long y = values(b)[i];
        return x != null && y != null && y < x;
    }

    /** Method 2 for one register, or null. */
    private static Long interpolate(int i, LocalDate day, RegisterRead before, RegisterRead after) {
        Long a = values(before)[i];
        Long b = values(after)[i];
        if (a == null || b == null || b < a) return null;
        long span = ChronoUnit.DAYS.between(before.day(), after.day());
        return a + scale(b - a, ChronoUnit.DAYS.between(before.day(), day), span);
    }

    /** Method 3 for one register, or null. */
    private static Long extrapolate(int i, LocalDate day, RegisterRead latest, RegisterRead first) {
        Long a = values(latest)[i];
        if (a == null) return null;
        Long f = first == null ? null : values(first)[i];
        if (f == null || a < f) return a;
        long span = ChronoUnit.DAYS.between(first.day(), latest.day());
        return a + scale(a - f, ChronoUnit.DAYS.between(latest.day(), day), span);
    }

    private static Long line(int i, LocalDate day, RegisterRead before, RegisterRead after, RegisterRead first) {
        if (before != null && after != null) return interpolate(i, day, before, after);
        if (before != null) return extrapolate(i, day, before, first);
        return null;
    }

    /**
     * The increase of T1..T4 for a total increase of {@code delta}, in the proportions of the TOU
     * increases between the reference reads (the interpolation pair, else the mean span); null when
     * no split is known.
     */
    static long[] touShares(long delta, RegisterRead before, RegisterRead after, RegisterRead first) {
        RegisterRead from = before != null && after != null ? before : first;
        RegisterRead to = before != null && after != null ? after : before;
        if (from == null || to == null) return null;
        long[] weights = new long[4];
        long weight = 0;
        for (int i = 1; i <= 4; i++) {
            Long a = values(from)[i];
            Long b = values(to)[i];
            if (a != null && b != null && b > a) {
                weights[i - 1] = b - a;
                weight += b - a;
            }
        }
        if (weight == 0) return null;
        long[] shares = new long[4];
        long[] rest = new long[4];
        long given = 0;
        for (int i = 0; i < 4; i++) {
            BigInteger[] qr = BigInteger.valueOf(delta)
                    .multiply(BigInteger.valueOf(weights[i]))
                    .divideAndRemainder(BigInteger.valueOf(weight));
            shares[i] = qr[0].longValueExact();
            rest[i] = qr[1].longValueExact();
            given += shares[i];
        }
        // largest remainders first; ties to the lower tariff number, so the result is repeatable
        Integer[] order = {0, 1, 2, 3};
        Arrays.sort(order, Comparator.comparingLong((Integer k) -> -rest[k]).thenComparing(k -> k));
        for (int k = 0; given < delta; k++) {
            shares[order[k]]++;
            given++;
        }
        return shares;
    }

    /** floor(a * b / c) for a, b >= 0 and c > 0, without overflow. */
    static long scale(long a, long b, long c) {
        return BigInteger.valueOf(a)
                .multiply(BigInteger.valueOf(b))
                .divide(BigInteger.valueOf(c))
                .longValueExact();
    }

    /** Keeps each register between the nearest stored values before and after the day. */
    private static void clamp(Long[] estimate, LocalDate day, List<RegisterRead> rows) {
        for (int i = 0; i < REGISTERS; i++) {
            if (estimate[i] == null) continue;
            Long lower = null;
            Long upper = null;
            for (RegisterRead r : rows) {
                Long v = values(r)[i];
                if (v == null) continue;
                if (r.day().isBefore(day)) lower = v;
                else if (r.day().isAfter(day) && upper == null) upper = v;
            }
            if (lower != null) estimate[i] = Math.max(estimate[i], lower);
            // last, so a later read is never exceeded even when the stored values themselves decrease
            if (upper != null) estimate[i] = Math.min(estimate[i], upper);
        }
    }
}
