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
     */
    public record MeterSegment(
            long meterId,
            String assetNumber,
            int multiplier,
            RegisterSnapshot start,
            RegisterSnapshot end,
            BigDecimal maxDemandKw,
            String purpose) {

        public static final String MAIN = "MAIN";
        public static final String LIGHTING = "LIGHTING";

        public MeterSegment {
            if (multiplier < 1) throw new IllegalArgumentException("multiplier must be at least 1");
            if (!end.day().isAfter(start.day()))
                throw new IllegalArgumentException("a segment's end read must be after its start read");
            if (!MAIN.equals(purpose) && !LIGHTING.equals(purpose))
                throw new IllegalArgumentException("purpose must be MAIN or LIGHTING");
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
