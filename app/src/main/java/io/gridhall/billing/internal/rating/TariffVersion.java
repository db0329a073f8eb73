package io.gridhall.billing.internal.rating;

import io.gridhall.shared.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Month;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One effective-dated version of a tariff: everything the rating engine needs, as the tariff pack states it (see
 * docs/tariff-pack.md). Built only by {@link TariffPackReader}, which validates it.
 *
 * @param effectiveTo last day in force, inclusive; null while open-ended
 * @param source where the figures come from (a price bureau document), shown to staff
 * @param rounding how each line rounds to the fen
 * @param energy the energy price: one price, or one per time-of-use period
 * @param tiers residential tiers, null when the tariff has none
 * @param basic the two-part basic charge, null when none
 * @param powerFactor the power-factor adjustment, null when none
 * @param funds government funds and surcharges charged per kWh on top of the energy price
 * @param lighting lighting deducted from the power energy and charged at its own price, null when none
 * @param vatPercent the VAT rate included in the prices (shown on the bill, never added)
 * @param definition the version as JSON in the pack's format, as it was written (shown to staff, the start of a
 *     new draft)
 */
public record TariffVersion(
        String tariffId,
        int version,
        LocalDate effectiveFrom,
        LocalDate effectiveTo,
        String source,
        RoundingMode rounding,
        Energy energy,
        Tiers tiers,
        BasicCharge basic,
        PowerFactorRule powerFactor,
        List<Fund> funds,
        Lighting lighting,
        BigDecimal vatPercent,
        String definition) {

    public TariffVersion {
        funds = List.copyOf(funds);
    }

    /**
     * The version's identity (tariff, number, first day) only: equal versions have equal identities, so this keeps the
     * contract with the record's {@code equals}, and a lookup keyed by a version (the rating engine's pieces of a
     * period) no longer walks every price, tier and fund each time (7% of a billing run's rating in the profile).
     */
    @Override
    public int hashCode() {
        return (tariffId.hashCode() * 31 + version) * 31 + effectiveFrom.hashCode();
    }

    public boolean covers(LocalDate day) {
        return !day.isBefore(effectiveFrom) && (effectiveTo == null || !day.isAfter(effectiveTo));
    }

    /**
     * Energy prices: {@code price} for a tariff without time of use, else one per period with the meter registers
     * that count each period. A period a register does not count is the {@code remainder}: the total less the
     * others (平 = 总 − 尖 − 峰 − 谷).
     *
     * @param seasons prices that replace the base ones in some months (summer sharp prices, for example)
     * @param schedule the region's time-of-use schedule that says which quarter hour is which period, for rating from
     *     15-minute intervals and for programming meters; null when the tariff rates from the meter's registers only
     */
    public record Energy(
            Rate price,
            Map<TouPeriod, Rate> periods,
            Map<String, TouPeriod> registers,
            TouPeriod remainder,
            List<SeasonalPrices> seasons,
            TouSchedule schedule) {

        public Energy {
            periods = periods.isEmpty() ? Map.of() : new EnumMap<>(periods);
            registers = Map.copyOf(registers);
            seasons = List.copyOf(seasons);
        }

        public boolean timeOfUse() {
            return !periods.isEmpty();
        }

        public Rate price(TouPeriod period, Month month) {
            for (SeasonalPrices s : seasons)
                if (s.months().contains(month) && s.prices().containsKey(period))
                    return s.prices().get(period);
            return periods.get(period);
        }
    }

    public record SeasonalPrices(Set<Month> months, Map<TouPeriod, Rate> prices) {

        public SeasonalPrices {
            months = Set.copyOf(months);
            prices = new EnumMap<>(prices);
        }
    }

    public enum TierCycle {
        /** Limits per calendar month, the counter resetting on the first. */
        MONTHLY,
        /** Limits per tier year, the counter resetting on the account's anniversary. */
        ANNUAL
    }

    /**
     * Residential tiers: {@code thresholds} are the upper ends of every tier but the last, in kWh per cycle;
     * {@code increments} what each tier above the first adds to the energy price (one per threshold), or, with
     * time of use, {@code periodIncrements} where a region adds different increments per period.
     *
     * @param seasons thresholds that replace the base ones in some months (monthly cycles only)
     * @param largeHousehold more kWh per tier for households of at least so many persons, null when none
     */
    public record Tiers(
            TierCycle cycle,
            List<BigDecimal> thresholds,
            List<SeasonalThresholds> seasons,
            LargeHousehold largeHousehold,
            List<Rate> increments,
            Map<TouPeriod, List<Rate>> periodIncrements) {

        public Tiers {
            thresholds = List.copyOf(thresholds);
            seasons = List.copyOf(seasons);
            increments = List.copyOf(increments);
            periodIncrements = periodIncrements.isEmpty() ? Map.of() : new EnumMap<>(periodIncrements);
        }

        public int count() {
            return thresholds.size() + 1;
        }

        /** The thresholds for a month (its season's, if any) and a household of {@code persons}. */
        public List<BigDecimal> thresholds(Month month, int persons) {
            List<BigDecimal> base = thresholds;
            for (SeasonalThresholds s : seasons)
                if (s.months().contains(month)) {
                    base = s.thresholds();
                    break;
                }
            if (largeHousehold == null || persons < largeHousehold.minPersons()) return base;
            List<BigDecimal> more = new java.util.ArrayList<>();
            for (int i = 0; i < base.size(); i++)
                more.add(base.get(i).add(largeHousehold.add().get(i)));
            return List.copyOf(more);
        }

        /** What tier {@code tier} (2 and up) adds in {@code period} (null for a tariff without time of use). */
        public Rate increment(int tier, TouPeriod period) {
            if (period != null && periodIncrements.containsKey(period))
                return periodIncrements.get(period).get(tier - 2);
            return increments.get(tier - 2);
        }

        public boolean incrementsDifferByPeriod() {
            return !periodIncrements.isEmpty();
        }
    }

    public record SeasonalThresholds(Set<Month> months, List<BigDecimal> thresholds) {

        public SeasonalThresholds {
            months = Set.copyOf(months);
            thresholds = List.copyOf(thresholds);
        }
    }

    /** @param add kWh added to each threshold, per cycle */
    public record LargeHousehold(int minPersons, List<BigDecimal> add) {

        public LargeHousehold {
            add = List.copyOf(add);
        }
    }

    public enum BasicBasis {
        /** 按容量: kVA of the transformers in service, per month. */
        CAPACITY,
        /** 按需量: the month's maximum 15-minute demand, per month. */
        DEMAND
    }

    /**
     * The two-part tariff's basic charge.
     *
     * @param excessAbovePercent demand above this percentage of the contracted demand is excess (105)
     * @param excessMultiplier the rate multiplier for the excess (2)
     */
    public record BasicCharge(
            BasicBasis basis, Rate rate, BigDecimal excessAbovePercent, BigDecimal excessMultiplier) {}

    public enum PfBase {
        BASIC,
        ENERGY,
        LIGHTING,
        FUNDS
    }

    /**
     * @param standard 0.90, 0.85 or 0.80: picks the adjustment table
     * @param base which charges the percentage applies to
     * @param reactiveRegisters the reactive registers that make Q (REACTIVE1, REACTIVE2)
     * @param table the adjustment in percent for each power factor (two decimals), and below its lowest entry
     */
    public record PowerFactorRule(
            BigDecimal standard, Set<PfBase> base, Set<String> reactiveRegisters, PowerFactorTable table) {

        public PowerFactorRule {
            base = Set.copyOf(base);
            reactiveRegisters = Set.copyOf(reactiveRegisters);
        }
    }

    /**
     * An adjustment table (1983): percent per power factor, negative is a reduction. Below the lowest power factor
     * listed, each further 0.01 adds {@code belowStepPercent}.
     */
    public record PowerFactorTable(
            BigDecimal standard, Map<BigDecimal, BigDecimal> percent, BigDecimal belowStepPercent) {

        public PowerFactorTable {
            percent = Map.copyOf(percent);
        }

        public BigDecimal adjustment(BigDecimal pf) {
            BigDecimal key = pf.setScale(2, RoundingMode.UNNECESSARY);
            BigDecimal lowest =
                    percent.keySet().stream().min(BigDecimal::compareTo).orElseThrow();
            BigDecimal highest =
                    percent.keySet().stream().max(BigDecimal::compareTo).orElseThrow();
            if (key.compareTo(highest) > 0) key = highest;
            if (key.compareTo(lowest) >= 0) {
                for (var e : percent.entrySet()) if (e.getKey().compareTo(key) == 0) return e.getValue();
                throw new IllegalStateException("power factor table " + standard + " has no entry for " + key);
            }
            BigDecimal steps = lowest.subtract(key).movePointRight(2);
            return percent.get(lowest).add(steps.multiply(belowStepPercent));
        }
    }

    /** A government fund or surcharge (政府性基金及附加), per kWh. */
    public record Fund(String code, String name, Rate rate) {}

    /**
     * Lighting (照明) inside a large customer's supply, charged at {@code rate} instead of the power price: measured
     * by sub-meters (segments with purpose LIGHTING), or a fixed quantity per month, or a fixed percentage of the
     * energy.
     */
    public record Lighting(Rate rate, BigDecimal fixedKwhPerMonth, BigDecimal fixedPercent) {}
}
