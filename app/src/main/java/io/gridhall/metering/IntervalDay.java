package io.gridhall.metering;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * One meter's 96 quarter-hour values of a channel for a day, in 0.0001 kWh, with a quality per
 * slot; slot index 0 covers 00:00-00:15. In a delivery, a MISSING slot means "not delivered".
 */
public record IntervalDay(long meterId, Channel channel, LocalDate day, int[] values, char[] quality) {

    public static final int SLOTS = 96;

    public IntervalDay {
        if (values.length != SLOTS || quality.length != SLOTS) {
            throw new IllegalArgumentException("an interval day has 96 slots");
        }
        values = values.clone();
        quality = quality.clone();
    }

    /** A day with nothing known yet. */
    public static IntervalDay empty(long meterId, Channel channel, LocalDate day) {
        char[] q = new char[SLOTS];
        Arrays.fill(q, Quality.MISSING.letter());
        return new IntervalDay(meterId, channel, day, new int[SLOTS], q);
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    @Override
    public char[] quality() {
        return quality.clone();
    }

    public int value(int slot) {
        return values[slot];
    }

    public Quality quality(int slot) {
        return Quality.of(quality[slot]);
    }

    public long sum() {
        long s = 0;
        for (int v : values) s += v;
        return s;
    }

    public int count(Quality q) {
        int n = 0;
        for (char c : quality) if (c == q.letter()) n++;
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntervalDay d
                && d.meterId == meterId
                && d.channel == channel
                && d.day.equals(day)
                && Arrays.equals(d.values, values)
                && Arrays.equals(d.quality, quality);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(meterId) * 31 + day.hashCode() * 7 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "IntervalDay[" + meterId + " " + channel + " " + day + " " + new String(quality) + "]";
    }
}
