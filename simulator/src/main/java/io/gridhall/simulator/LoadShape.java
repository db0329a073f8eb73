package io.gridhall.simulator;

import io.gridhall.simulator.CustomerClass.Season;

/**
 * Per-15-minute load profiles of every class, day type and season, with running sums per tariff
 * so that the energy of any part of a day costs O(1). Shared by all meters of a simulator.
 */
final class LoadShape {

    static final int SLOTS = 96;
    static final long SLOT_MILLIS = 15 * 60 * 1000;

    /** [class][weekend 0/1][season][slot] watts. */
    private final int[][][][] watts = new int[CustomerClass.values().length][2][Season.values().length][SLOTS];
    /** [class][weekend][season][slot 0..96][tariff 0..3]: watt-slots before the slot. */
    private final long[][][][][] prefix =
            new long[CustomerClass.values().length][2][Season.values().length][SLOTS + 1][4];

    private final int[][] exportWatts = new int[Season.values().length][SLOTS];
    private final long[][][] exportPrefix = new long[Season.values().length][SLOTS + 1][4];
    private final int[] tariffBySlot = new int[SLOTS];

    LoadShape(TouSchedule tou) {
        for (int slot = 0; slot < SLOTS; slot++) {
            tariffBySlot[slot] = tou.tariffAt(slot / 4) - 1;
        }
        for (CustomerClass c : CustomerClass.values()) {
            for (int weekend = 0; weekend < 2; weekend++) {
                for (Season s : Season.values()) {
                    int[] w = watts[c.ordinal()][weekend][s.ordinal()];
                    for (int slot = 0; slot < SLOTS; slot++) {
                        // Interpolate between hourly values so ramps are not square steps.
                        int hour = slot / 4;
                        int here = c.hourlyWatts(hour, weekend == 1, s);
                        int next = c.hourlyWatts((hour + 1) % 24, weekend == 1, s);
                        w[slot] = here + (next - here) * (slot % 4) / 4;
                    }
                    accumulate(w, prefix[c.ordinal()][weekend][s.ordinal()]);
                }
            }
        }
        for (Season s : Season.values()) {
            for (int slot = 0; slot < SLOTS; slot++) {
                exportWatts[s.ordinal()][slot] = CustomerClass.INDUSTRIAL.hourlyExportWatts(slot / 4, s);
            }
            accumulate(exportWatts[s.ordinal()], exportPrefix[s.ordinal()]);
        }
    }

    private void accumulate(int[] w, long[][] sums) {
        for (int slot = 0; slot < SLOTS; slot++) {
            System.arraycopy(sums[slot], 0, sums[slot + 1], 0, 4);
            sums[slot + 1][tariffBySlot[slot]] += w[slot];
        }
    }

    int watts(CustomerClass c, boolean weekend, Season s, int slot) {
        return watts[c.ordinal()][weekend ? 1 : 0][s.ordinal()][slot];
    }

    int exportWatts(CustomerClass c, Season s, int slot) {
        return c == CustomerClass.INDUSTRIAL ? exportWatts[s.ordinal()][slot] : 0;
    }

    int tariffOfSlot(int slot) {
        return tariffBySlot[slot];
    }

    /**
     * Adds to {@code out[tariff]} the watt-milliseconds drawn from midnight until {@code millis}
     * into the day; {@code export} selects the export profile.
     */
    void addDayUntil(CustomerClass c, boolean weekend, Season s, long millis, boolean export, long[] out) {
        int fullSlots = (int) Math.min(SLOTS, millis / SLOT_MILLIS);
        long[] sums = export
                ? (c == CustomerClass.INDUSTRIAL ? exportPrefix[s.ordinal()][fullSlots] : null)
                : prefix[c.ordinal()][weekend ? 1 : 0][s.ordinal()][fullSlots];
        if (sums != null) {
            for (int t = 0; t < 4; t++) {
                out[t] += sums[t] * SLOT_MILLIS;
            }
        }
        if (fullSlots < SLOTS) {
            long rest = millis - fullSlots * SLOT_MILLIS;
            int w = export ? exportWatts(c, s, fullSlots) : watts(c, weekend, s, fullSlots);
            out[tariffBySlot[fullSlots]] += w * rest;
        }
    }
}
