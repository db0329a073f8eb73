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
     */
    public record MeterSegment(
            long meterId,
            String assetNumber,
            int multiplier,
            RegisterSnapshot start,
            RegisterSnapshot end,
            BigDecimal maxDemandKw) {}

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
     * @param movedInOn the day the account opened if inside the period (partial cycle), else null
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
            LocalDate movedInOn) {

        public AccountFacts {
            pausedDays = List.copyOf(pausedDays);
        }
    }

    /** From {@code from} to {@code to} inclusive the capacity in force was {@code kva} (0 when paused). */
    public record CapacityChange(LocalDate from, LocalDate to, BigDecimal kva) {}
}
