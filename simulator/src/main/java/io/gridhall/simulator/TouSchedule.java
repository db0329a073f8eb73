package io.gridhall.simulator;

import java.util.Arrays;

/**
 * Which tariff register (T1 tip, T2 peak, T3 flat, T4 valley) runs in each hour of the day. Real
 * tables are provincial and effective-dated; the simulator needs one table per run.
 */
public final class TouSchedule {

    /** T1 19-21, T2 8-11 17-19 21-22, T3 11-17 22-23, T4 23-8: a typical provincial pattern. */
    public static final TouSchedule DEFAULT =
            parse("T4 0-8, T2 8-11, T3 11-17, T2 17-19, T1 19-21, T2 21-22, T3 22-23, T4 23-24");

    private final int[] tariffByHour;

    private TouSchedule(int[] tariffByHour) {
        this.tariffByHour = tariffByHour;
    }

    /** Parses {@code "T4 0-8, T2 8-11, ..."}; every hour 0..23 must be covered exactly once. */
    public static TouSchedule parse(String text) {
        int[] byHour = new int[24];
        for (String part : text.split(",")) {
            String[] tokens = part.trim().split("\\s+");
            if (tokens.length != 2 || !tokens[0].matches("T[1-4]") || !tokens[1].matches("\\d{1,2}-\\d{1,2}")) {
                throw new IllegalArgumentException("expected 'T<1-4> <from>-<to>', got '" + part.trim() + "'");
            }
            int tariff = tokens[0].charAt(1) - '0';
            String[] hours = tokens[1].split("-");
            int from = Integer.parseInt(hours[0]);
            int to = Integer.parseInt(hours[1]);
            if (from < 0 || to > 24 || from >= to) {
                throw new IllegalArgumentException("bad hours in '" + part.trim() + "'");
            }
            for (int h = from; h < to; h++) {
                if (byHour[h] != 0) {
                    throw new IllegalArgumentException("hour " + h + " appears twice");
                }
                byHour[h] = tariff;
            }
        }
        for (int h = 0; h < 24; h++) {
            if (byHour[h] == 0) {
                throw new IllegalArgumentException("hour " + h + " has no tariff");
            }
        }
        return new TouSchedule(byHour);
    }

    /** Tariff 1..4 in force during {@code hour}. */
    public int tariffAt(int hour) {
        return tariffByHour[hour];
    }

    @Override
    public String toString() {
        return "TouSchedule" + Arrays.toString(tariffByHour);
    }
}
