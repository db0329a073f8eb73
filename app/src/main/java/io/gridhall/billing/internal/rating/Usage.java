package io.gridhall.billing.internal.rating;

import io.gridhall.shared.Kwh;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What one supply account used in one billing period, as the engine rates it: pure data that the billing run (or the
 * prepaid daily settlement, or a what-if quote) assembles.
 *
 * @param from first day billed
 * @param to last day billed, inclusive ({@code from == to} rates one day)
 * @param meters one segment per meter and stretch of days: a meter replaced inside the period gives two segments
 * @param account facts about the account that the tariff needs
 */
public record Usage(LocalDate from, LocalDate to, List<MeterSegment> meters, AccountFacts account) {

    public Usage {
        meters = List.copyOf(meters);
        if (to.isBefore(from)) throw new IllegalArgumentException("period ends before it starts");
    }

    /**
     * One meter's contribution: the registers frozen at the end of the day before {@code start} and at the end of
     * {@code end}'s day.
     *
     * @param multiplier CT ratio x PT ratio
     * @param maxDemandKw highest 15-minute demand in the segment after the multiplier, null when not metered
     * @param purpose MAIN (the supply meter) or LIGHTING (a lighting sub-meter whose energy the tariff prices apart
     *     and deducts from the main meter's)
     * @param intervals the meter's complete 15-minute days inside the segment (forward active), in day order; a
     *     tariff with a time-of-use schedule rates a piece of the period from them when every day of the piece is
     *     here, else from the registers
     */
    public record MeterSegment(
            long meterId,
            String assetNumber,
            int multiplier,
            RegisterSnapshot start,
            RegisterSnapshot end,
            BigDecimal maxDemandKw,
            String purpose,
            List<DayIntervals> intervals) {

        public static final String MAIN = "MAIN";
        public static final String LIGHTING = "LIGHTING";

        public MeterSegment {
            if (multiplier < 1) throw new IllegalArgumentException("multiplier must be at least 1");
            if (!end.day().isAfter(start.day()))
                throw new IllegalArgumentException("a segment's end read must be after its start read");
            if (!MAIN.equals(purpose) && !LIGHTING.equals(purpose))
                throw new IllegalArgumentException("purpose must be MAIN or LIGHTING");
            intervals = List.copyOf(intervals);
            for (DayIntervals d : intervals)
                if (d.day().isBefore(start.day().plusDays(1)) || d.day().isAfter(end.day()))
                    throw new IllegalArgumentException("intervals of " + d.day() + " lie outside the segment");
        }

        /** A segment without intervals. */
        public MeterSegment(
                long meterId,
                String assetNumber,
                int multiplier,
                RegisterSnapshot start,
                RegisterSnapshot end,
                BigDecimal maxDemandKw,
                String purpose) {
            this(meterId, assetNumber, multiplier, start, end, maxDemandKw, purpose, List.of());
        }

        /** A supply meter's segment. */
        public MeterSegment(
                long meterId,
                String assetNumber,
                int multiplier,
                RegisterSnapshot start,
                RegisterSnapshot end,
                BigDecimal maxDemandKw) {
            this(meterId, assetNumber, multiplier, start, end, maxDemandKw, MAIN);
        }

        /** The first day the segment counts: the day after its start read. */
        public LocalDate firstDay() {
            return start.day().plusDays(1);
        }

        public LocalDate lastDay() {
            return end.day();
        }

        public boolean estimated() {
            return "ESTIMATED".equals(start.quality()) || "ESTIMATED".equals(end.quality());
        }
    }

    /**
     * A meter's 96 quarter-hour forward active values of one day (slot 0 is 00:00-00:15), in 0.0001 kWh before the
     * multiplier, every slot known.
     *
     * @param quality ACTUAL, or ESTIMATED or EDITED when any slot is
     */
    public record DayIntervals(LocalDate day, int[] values, String quality) {

        public static final int SLOTS = 96;

        public DayIntervals {
            if (values.length != SLOTS) throw new IllegalArgumentException("a day has 96 quarter hours");
            values = values.clone();
            for (int v : values) if (v < 0) throw new IllegalArgumentException("an interval cannot be negative");
        }

        public int value(int slot) {
            return values[slot];
        }

        @Override
        public int[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DayIntervals d
                    && d.day.equals(day)
                    && java.util.Arrays.equals(d.values, values)
                    && d.quality.equals(quality);
        }

        @Override
        public int hashCode() {
            return day.hashCode() * 31 + java.util.Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "DayIntervals[" + day + " " + quality + "]";
        }
    }

    /**
     * The registers of a meter at the end of {@code day}, in 0.01 kWh (kvarh for reactive) as the meter counts them;
     * null for a register the meter does not have.
     *
     * @param quality ACTUAL, ESTIMATED or EDITED
     */
    public record RegisterSnapshot(
            LocalDate day,
            long total,
            Long t1,
            Long t2,
            Long t3,
            Long t4,
            Long reactive1,
            Long reactive2,
            String quality) {}

    /**
     * @param tariffCategory the account's tariff category, for example RESIDENTIAL_TIERED
     * @param tierYearStart the first day of the account's current tier year (its anniversary), for annual tiers
     * @param tierUsedBefore kWh already counted in the current tier cycle before {@code from}
     * @param persons household size, for the larger quotas of large households (0 when unknown)
     * @param capacityKva contracted (running) capacity for a capacity basic charge; null when none
     * @param contractedDemandKw contracted maximum demand for a demand basic charge; null when none
     * @param pausedDays days of the period with the capacity paused (暂停) or reduced (减容), with the kVA in force
     * @param movedInOn the day the account opened or came onto this tariff; it may always be given, the engine uses
     *     it where it falls inside a tier cycle (the cycle's limits are then prorated by days); null when unknown
     * @param movedOutOn the last day of supply on this tariff (move-out, transfer, tariff change), prorating the
     *     limits of the cycle it falls in; null while the account stays
     */
    public record AccountFacts(
            long supplyAccountId,
            String tariffCategory,
            LocalDate tierYearStart,
            Kwh tierUsedBefore,
            int persons,
            BigDecimal capacityKva,
            BigDecimal contractedDemandKw,
            List<CapacityChange> pausedDays,
            LocalDate movedInOn,
            LocalDate movedOutOn) {

        public AccountFacts {
            pausedDays = List.copyOf(pausedDays);
            if (persons < 0) throw new IllegalArgumentException("persons cannot be negative");
        }

        public AccountFacts(
                long supplyAccountId,
                String tariffCategory,
                LocalDate tierYearStart,
                Kwh tierUsedBefore,
                int persons,
                BigDecimal capacityKva,
                BigDecimal contractedDemandKw,
                List<CapacityChange> pausedDays,
                LocalDate movedInOn) {
            this(
                    supplyAccountId,
                    tariffCategory,
                    tierYearStart,
                    tierUsedBefore,
                    persons,
                    capacityKva,
                    contractedDemandKw,
                    pausedDays,
                    movedInOn,
                    null);
        }
    }

    /** From {@code from} to {@code to} inclusive the capacity in force was {@code kva} (0 when paused). */
    public record CapacityChange(LocalDate from, LocalDate to, BigDecimal kva) {

        public CapacityChange {
            if (to.isBefore(from)) throw new IllegalArgumentException("a capacity change ends before it starts");
            if (kva.signum() < 0) throw new IllegalArgumentException("capacity cannot be negative");
        }
    }
}
