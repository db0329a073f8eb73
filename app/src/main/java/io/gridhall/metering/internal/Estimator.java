package io.gridhall.metering.internal;

import io.gridhall.metering.IntervalDay;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Fills the missing slots of a day, marking them estimated. Short gaps are interpolated linearly
 * between the neighbouring values; long gaps follow the meter's own same-weekday profile. When the
 * day's register delta is known, the estimates are scaled so the day sums exactly to it (the
 * remainder after the known slots is shared out by largest remainders). Slots that are not missing
 * are never changed.
 */
public final class Estimator {

    private final int shortGapSlots;

    /** @param shortGapSlots the longest gap (in slots) that is interpolated rather than profiled */
    public Estimator(int shortGapSlots) {
        this.shortGapSlots = shortGapSlots;
    }

    /**
     * @param registerDelta the day's forward active delta in 0.0001 kWh, or null when unknown
     * @param profile 96 typical values for this weekday in 0.0001 kWh, or null when the meter has none
     */
    public IntervalDay estimate(IntervalDay day, Long registerDelta, int[] profile) {
        int[] v = day.values();
        char[] q = day.quality();
        boolean[] gap = new boolean[IntervalDay.SLOTS];
        long known = 0;
        int missing = 0;
        for (int i = 0; i < IntervalDay.SLOTS; i++) {
            gap[i] = q[i] == 'M';
            if (gap[i]) missing++;
            else known += v[i];
        }
        if (missing == 0) return day;

        long[] shape = new long[IntervalDay.SLOTS];
        int i = 0;
        while (i < IntervalDay.SLOTS) {
            if (!gap[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i < IntervalDay.SLOTS && gap[i]) i++;
            int end = i; // exclusive
            int length = end - start;
            Integer left = start > 0 ? v[start - 1] : null;
            Integer right = end < IntervalDay.SLOTS ? v[end] : null;
            boolean interpolate = (length <= shortGapSlots || profile == null) && (left != null || right != null);
            for (int s = start; s < end; s++) {
                if (interpolate) {
                    long a = left != null ? left : right;
                    long b = right != null ? right : left;
                    // the straight line between the neighbours, at this slot's position
                    shape[s] = Math.max(0, a + (b - a) * (s - start + 1) / (length + 1));
                } else if (profile != null) {
                    shape[s] = Math.max(0, profile[s]);
                } else {
                    shape[s] = 0;
                }
            }
        }

        long[] fill = new long[IntervalDay.SLOTS];
        if (registerDelta == null) {
            fill = shape;
        } else {
            long remainder = Math.max(0, registerDelta - known);
            distribute(remainder, shape, gap, fill);
        }
        for (int s = 0; s < IntervalDay.SLOTS; s++) {
            if (gap[s]) {
                v[s] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, fill[s]));
                q[s] = 'E';
            }
        }
        return new IntervalDay(day.meterId(), day.channel(), day.day(), v, q);
    }

    /** Shares {@code total} over the gap slots in proportion to {@code shape}, exactly. */
    static void distribute(long total, long[] shape, boolean[] gap, long[] out) {
        long weight = 0;
        int slots = 0;
        for (int s = 0; s < shape.length; s++) {
            if (gap[s]) {
                weight += shape[s];
                slots++;
            }
        }
        long[] w = shape.clone();
        if (weight == 0) {
            for (int s = 0; s < w.length; s++) w[s] = gap[s] ? 1 : 0;
            weight = slots;
        }
        long given = 0;
        long[] rest = new long[shape.length];
        BigInteger big = BigInteger.valueOf(total);
        BigInteger sum = BigInteger.valueOf(weight);
        for (int s = 0; s < w.length; s++) {
            if (!gap[s]) continue;
            BigInteger[] qr = big.multiply(BigInteger.valueOf(w[s])).divideAndRemainder(sum);
            out[s] = qr[0].longValueExact();
            rest[s] = qr[1].longValueExact();
            given += out[s];
        }
        long left = total - given;
        Integer[] order = new Integer[shape.length];
        for (int s = 0; s < order.length; s++) order[s] = s;
        Arrays.sort(order, (a, b) -> Long.compare(rest[b], rest[a]));
        for (int k = 0; left > 0; k = (k + 1) % order.length) {
            if (gap[order[k]]) {
                out[order[k]]++;
                left--;
            }
        }
    }
}
