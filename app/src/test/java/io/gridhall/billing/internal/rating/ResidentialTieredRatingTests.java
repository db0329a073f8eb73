package io.gridhall.billing.internal.rating;

import static io.gridhall.billing.internal.rating.Usages.day;
import static io.gridhall.billing.internal.rating.Usages.household;
import static io.gridhall.billing.internal.rating.Usages.read;
import static io.gridhall.billing.internal.rating.Usages.segment;
import static io.gridhall.billing.internal.rating.Usages.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.LineSource;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Residential tiers: monthly and annual cycles, seasons, large households, proration, the tier year. */
class ResidentialTieredRatingTests {

    final RatingEngine engine = new RatingEngine();

    static List<String> codes(RatedBill bill) {
        return bill.lines().stream().map(BillLineView::code).toList();
    }

    static BillLineView line(RatedBill bill, String code) {
        return bill.lines().stream()
                .filter(l -> l.code().equals(code))
                .findFirst()
                .orElseThrow();
    }

    static String amounts(RatedBill bill) {
        return String.join(
                ", ",
                bill.lines().stream()
                        .map(l -> l.code() + " "
                                + l.quantity().stripTrailingZeros().toPlainString() + " " + l.amount())
                        .toList());
    }

    @Test
    void chargesTheFirstTierOnlyBelowTheAnnualThreshold() {
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-ZJ-RES-TIERED"),
                simple("2026-01-01", "2026-01-31", "300", household("2026-01-01", "0")));
        assertThat(amounts(bill)).isEqualTo("ENERGY_TIER1 300 161.40");
        assertThat(bill.total()).isEqualTo(Money.yuan("161.40"));
        assertThat(bill.tierUsedAfter()).isEqualTo(Kwh.of("300"));
        assertThat(bill.tariffId()).isEqualTo("CN-ZJ-RES-TIERED");
        assertThat(bill.tariffVersion()).isEqualTo(1);
        assertThat(bill.estimated()).isFalse();
    }

    @Test
    void chargesTheSecondTierOnlyAboveTheAnnualThreshold() {
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-ZJ-RES-TIERED"),
                simple("2026-11-01", "2026-11-30", "100", household("2026-01-01", "2700")));
        // 60 kWh up to 2760 at 0.538, 40 above at 0.588
        assertThat(amounts(bill)).isEqualTo("ENERGY_TIER1 60 32.28, ENERGY_TIER2 40 23.52");
        assertThat(bill.total()).isEqualTo(Money.yuan("55.80"));
        assertThat(bill.tierUsedAfter()).isEqualTo(Kwh.of("2800"));
        assertThat(line(bill, "ENERGY_TIER2").price()).isEqualByComparingTo("0.588");
    }

    @Test
    void resetsTheTierCounterOnTheAnniversaryInsideThePeriod() {
        // tier year from 16 March: 15 of 31 days belong to the old year (150 kWh), 16 to the new (160 kWh)
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-ZJ-RES-TIERED"),
                simple("2026-03-01", "2026-03-31", "310", household("2025-03-16", "4790")));
        assertThat(amounts(bill)).isEqualTo("ENERGY_TIER2 10 5.88, ENERGY_TIER3 140 117.32, ENERGY_TIER1 160 86.08");
        assertThat(bill.tierUsedAfter()).isEqualTo(Kwh.of("160"));
        assertThat(line(bill, "ENERGY_TIER1").explanation().formula())
                .contains("tier year 2026-03-16..2027-03-15", "× 16/31 days", "160 kWh × 0.538000 = 86.08");
    }

    @Test
    void countsTheTierYearFromTheFirstOfJanuaryWhenTheAccountHasNoAnniversary() {
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-ZJ-RES-TIERED"),
                simple("2026-12-17", "2027-01-16", "310", household(null, "4800")));
        // 15 days in 2026 (all tier 3), 16 days in 2027 (counter reset)
        assertThat(amounts(bill)).isEqualTo("ENERGY_TIER3 150 125.70, ENERGY_TIER1 160 86.08");
    }

    @Test
    void chargesMonthlyTiersWithTheirPublishedPrices() {
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-BJ-RES-TIERED"), simple("2026-07-01", "2026-07-31", "500", household(null, "0")));
        // 240 × 0.4883 = 117.192, 160 × 0.5383 = 86.128, 100 × 0.7883 = 78.83
        assertThat(amounts(bill)).isEqualTo("ENERGY_TIER1 240 117.19, ENERGY_TIER2 160 86.13, ENERGY_TIER3 100 78.83");
        assertThat(bill.total()).isEqualTo(Money.yuan("282.15"));
        assertThat(bill.tierUsedAfter()).isEqualTo(Kwh.of("500"));
    }

    @Test
    void proratesMonthlyLimitsByDaysForAMoveIn() {
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-BJ-RES-TIERED"),
                simple("2026-04-16", "2026-04-30", "250", household(null, "0", 3, "2026-04-16", null)));
        // limits 240 × 15/30 = 120 and 400 × 15/30 = 200
        assertThat(amounts(bill)).isEqualTo("ENERGY_TIER1 120 58.60, ENERGY_TIER2 80 43.06, ENERGY_TIER3 50 39.42");
        assertThat(line(bill, "ENERGY_TIER1").explanation().formula()).contains("240 kWh × 15/30 = 120 kWh");
    }

    @Test
    void proratesAnnualLimitsByDaysForAMoveOut() {
        // moved out on 30 June 2026: 181 of 365 days, limits 2760 × 181/365 = 1369 and 4800 × 181/365 = 2380
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-ZJ-RES-TIERED"),
                simple("2026-06-01", "2026-06-30", "300", household("2026-01-01", "1300", 3, null, "2026-06-30")));
        assertThat(amounts(bill)).isEqualTo("ENERGY_TIER1 69 37.12, ENERGY_TIER2 231 135.83");
        assertThat(line(bill, "ENERGY_TIER2").explanation().formula()).contains("2760 kWh × 181/365 = 1369 kWh");
    }

    @Test
    void usesTheSummerThresholdsInSummerMonths() {
        RatedBill june = engine.rate(
                Tariffs.schedule("CN-GD-RES-TIERED"), simple("2026-06-01", "2026-06-30", "300", household(null, "0")));
        assertThat(amounts(june)).isEqualTo("ENERGY_TIER1 260 158.60, ENERGY_TIER2 40 26.40");
        RatedBill december = engine.rate(
                Tariffs.schedule("CN-GD-RES-TIERED"), simple("2026-12-01", "2026-12-31", "300", household(null, "0")));
        assertThat(amounts(december)).isEqualTo("ENERGY_TIER1 200 122.00, ENERGY_TIER2 100 66.00");
    }

    @Test
    void splitsAPeriodAcrossMonthsIntoMonthlyCycles() {
        // 15 April to 14 May: 16 days of April, 14 of May; each month's cycle counts on its own
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-BJ-RES-TIERED"),
                simple("2026-04-15", "2026-05-14", "600", household(null, "100")));
        // April: 600 × 16/30 = 320, counted before 100: tier1 140, tier2 160, tier3 20; May: 280: tier1 240, tier2 40
        assertThat(amounts(bill))
                .isEqualTo("ENERGY_TIER1 140 68.36, ENERGY_TIER2 160 86.13, ENERGY_TIER3 20 15.77,"
                        + " ENERGY_TIER1 240 117.19, ENERGY_TIER2 40 21.53");
        assertThat(bill.tierUsedAfter()).isEqualTo(Kwh.of("280"));
    }

    @Test
    void givesLargeHouseholdsTheirLargerQuota() {
        TariffSchedule tariff = Tariffs.inlineSchedule("""
                - id: XX-RES
                  name: test
                  customerClass: RESIDENTIAL
                  voltage: BELOW_1KV
                  category: RESIDENTIAL_TIERED
                  versions:
                    - version: 1
                      effectiveFrom: 2020-01-01
                      source: test
                      energy: {price: "0.5"}
                      tiers:
                        cycle: MONTHLY
                        thresholds: [200, 400]
                        largeHousehold: {minPersons: 5, add: [100, 100]}
                        increments: ["0.05", "0.3"]
                """);
        RatedBill four =
                engine.rate(tariff, simple("2026-03-01", "2026-03-31", "300", household(null, "0", 4, null, null)));
        assertThat(amounts(four)).isEqualTo("ENERGY_TIER1 200 100.00, ENERGY_TIER2 100 55.00");
        RatedBill five =
                engine.rate(tariff, simple("2026-03-01", "2026-03-31", "300", household(null, "0", 5, null, null)));
        assertThat(amounts(five)).isEqualTo("ENERGY_TIER1 300 150.00");
    }

    @Test
    void ratesOneDayAgainstTheMonthsCounterForDailySettlement() {
        RatedBill day = engine.rate(
                Tariffs.schedule("CN-BJ-RES-TIERED"), simple("2026-07-20", "2026-07-20", "12", household(null, "235")));
        assertThat(amounts(day)).isEqualTo("ENERGY_TIER1 5 2.44, ENERGY_TIER2 7 3.77");
        assertThat(day.tierUsedAfter()).isEqualTo(Kwh.of("247"));
    }

    @Test
    void proratesATariffChangeInsideThePeriodByDays() {
        TariffSchedule tariff = Tariffs.inlineSchedule("""
                - id: XX-FLAT
                  name: test
                  customerClass: COMMERCIAL
                  voltage: BELOW_1KV
                  category: COMMERCIAL
                  versions:
                    - version: 1
                      effectiveFrom: 2020-01-01
                      source: old
                      energy: {price: "0.5"}
                    - version: 2
                      effectiveFrom: 2026-03-16
                      source: new
                      energy: {price: "0.6"}
                """);
        RatedBill bill = engine.rate(tariff, simple("2026-03-01", "2026-03-31", "310", household(null, "0")));
        assertThat(amounts(bill)).isEqualTo("ENERGY 150 75.00, ENERGY 160 96.00");
        assertThat(bill.tariffVersion()).isEqualTo(1);
        assertThat(bill.lines().get(1).explanation().tariffVersion()).isEqualTo(2);
        assertThat(bill.lines().get(1).explanation().formula()).contains("× 16/31 days");
    }

    @Test
    void countsBothMetersWhenOneIsReplacedInsideThePeriod() {
        Usage usage = new Usage(
                day("2026-01-01"),
                day("2026-01-31"),
                List.of(
                        segment(7, read("2025-12-31", "5000.00"), read("2026-01-12", "5120.50", "EDITED")),
                        segment(8, 2, read("2026-01-12", "0.00"), read("2026-01-31", "90.25", "ESTIMATED"))),
                household("2026-01-01", "0"));
        RatedBill bill = engine.rate(Tariffs.schedule("CN-ZJ-RES-TIERED"), usage);
        // 120.50 + 90.25 × 2 = 301 kWh
        assertThat(bill.energy()).isEqualTo(Kwh.of("301"));
        assertThat(amounts(bill)).isEqualTo("ENERGY_TIER1 301 161.94");
        assertThat(bill.estimated()).isTrue();
        BillLineView line = bill.lines().getFirst();
        assertThat(line.explanation().formula())
                .isEqualTo("TOTAL (5120.50 − 5000.00) × 1 + TOTAL (90.25 − 0.00) × 2 = 301 kWh;"
                        + " tier year 2026-01-01..2026-12-31, counted before 0 kWh; tier 1 0–2760 kWh;"
                        + " 301 kWh × 0.538000 = 161.94");
        assertThat(line.explanation().sources())
                .extracting(
                        LineSource::assetNumber,
                        LineSource::day,
                        LineSource::value,
                        LineSource::quality,
                        LineSource::multiplier)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "ASSET7", day("2025-12-31"), new BigDecimal("5000.00"), "ACTUAL", 1),
                        org.assertj.core.groups.Tuple.tuple(
                                "ASSET7", day("2026-01-12"), new BigDecimal("5120.50"), "EDITED", 1),
                        org.assertj.core.groups.Tuple.tuple(
                                "ASSET8", day("2026-01-12"), new BigDecimal("0.00"), "ACTUAL", 2),
                        org.assertj.core.groups.Tuple.tuple(
                                "ASSET8", day("2026-01-31"), new BigDecimal("90.25"), "ESTIMATED", 2));
    }

    @Test
    void refusesARegisterThatWentBackwards() {
        Usage usage = new Usage(
                day("2026-01-01"),
                day("2026-01-31"),
                List.of(segment(7, read("2025-12-31", "5000"), read("2026-01-31", "4999"))),
                household(null, "0"));
        assertThatThrownBy(() -> engine.rate(Tariffs.schedule("CN-ZJ-RES-TIERED"), usage))
                .isInstanceOf(RatingException.class)
                .hasMessageContaining("went backwards");
    }

    @Test
    void refusesASegmentOutsideThePeriod() {
        Usage usage = new Usage(
                day("2026-01-01"),
                day("2026-01-31"),
                List.of(segment(7, read("2025-12-30", "5000"), read("2026-01-31", "5100"))),
                household(null, "0"));
        assertThatThrownBy(() -> engine.rate(Tariffs.schedule("CN-ZJ-RES-TIERED"), usage))
                .isInstanceOf(RatingException.class)
                .hasMessageContaining("outside the period");
    }

    @Test
    void billsNothingForNoUsage() {
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-ZJ-RES-TIERED"),
                simple("2026-01-01", "2026-01-31", "0", household("2026-01-01", "10")));
        assertThat(bill.lines()).isEmpty();
        assertThat(bill.total()).isEqualTo(Money.ZERO);
        assertThat(bill.tierUsedAfter()).isEqualTo(Kwh.of("10"));
    }

    @Test
    void showsTheVatTheTotalIncludes() {
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-BJ-RES-TIERED"), simple("2026-07-01", "2026-07-31", "500", household(null, "0")));
        // 282.15 × 13/113 = 32.46
        assertThat(bill.vatIncluded()).isEqualTo(Money.yuan("32.46"));
    }
}
