package io.gridhall.billing;

import io.gridhall.shared.Kwh;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * Where an account stands in its tier cycle (阶梯): the energy its issued bills counted since the cycle began, the
 * tier limits (prorated as the tariff says) and how many kWh remain until the next tier.
 *
 * @param cycle ANNUAL (the account's tier year, from its anniversary) or MONTHLY
 * @param cycleFrom the first day of the current cycle
 * @param cycleTo the last day of the current cycle
 * @param used energy counted in the cycle so far, from issued bills (reversals subtracted)
 * @param tiers the tiers in order; the last has no upper limit
 * @param currentTier 1-based tier the next kWh falls into
 * @param toNextTier kWh left before the next tier begins; null in the top tier
 * @param months the counted energy per billed month of the cycle, oldest first, for the chart
 */
public record TierProgress(
        long supplyAccountId,
        String tariffId,
        int tariffVersion,
        String cycle,
        LocalDate cycleFrom,
        LocalDate cycleTo,
        Kwh used,
        List<Tier> tiers,
        int currentTier,
        Kwh toNextTier,
        List<MonthUse> months) {

    public TierProgress {
        tiers = List.copyOf(tiers);
        months = List.copyOf(months);
    }

    /**
     * @param upTo the tier's upper limit in kWh over the whole cycle, null for the top tier
     * @param price yuan per kWh at scale 6 (the tier's energy price, increments included)
     */
    public record Tier(int tier, Kwh upTo, BigDecimal price) {}

    public record MonthUse(YearMonth month, Kwh energy) {}
}
