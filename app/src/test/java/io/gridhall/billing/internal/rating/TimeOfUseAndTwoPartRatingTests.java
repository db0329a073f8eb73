package io.gridhall.billing.internal.rating;

import static io.gridhall.billing.internal.rating.ResidentialTieredRatingTests.amounts;
import static io.gridhall.billing.internal.rating.ResidentialTieredRatingTests.line;
import static io.gridhall.billing.internal.rating.Usages.day;
import static io.gridhall.billing.internal.rating.Usages.factory;
import static io.gridhall.billing.internal.rating.Usages.household;
import static io.gridhall.billing.internal.rating.Usages.touRead;
import static io.gridhall.billing.internal.rating.Usages.withReactive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.LineSource;
import io.gridhall.billing.internal.rating.Usage.AccountFacts;
import io.gridhall.billing.internal.rating.Usage.CapacityChange;
import io.gridhall.billing.internal.rating.Usage.MeterSegment;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Time of use with tiers (先分时后阶梯), two-part tariffs, power factor, funds and lighting. */
class TimeOfUseAndTwoPartRatingTests {

    final RatingEngine engine = new RatingEngine();

    static Usage touMonth(String total, String t1, String t2, String t3, String t4, AccountFacts facts) {
        return new Usage(
                day("2026-11-01"),
                day("2026-11-30"),
                List.of(Usages.segment(
                        7,
                        touRead("2026-10-31", "0", "0", "0", "0", "0"),
                        touRead("2026-11-30", total, t1, t2, t3, t4))),
                facts);
    }

    @Test
    void pricesEachPeriodThenAddsTheTierIncrementOnTop() {
        // Zhejiang residential TOU: valley register T4 = 100, peak = total − valley = 200; 240 kWh above 2760
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-ZJ-RES-TOU"),
                touMonth("300", "0", "190", "0", "100", household("2026-01-01", "2700")));
        assertThat(amounts(bill)).isEqualTo("TOU_PEAK 200 113.60, TOU_VALLEY 100 28.80, TIER_INCREMENT_2 240 12.00");
        assertThat(bill.total()).isEqualTo(Money.yuan("154.40"));
        assertThat(line(bill, "TOU_VALLEY").explanation().formula())
                .isEqualTo("VALLEY = register T4; T4 (100.00 − 0.00) × 1; 100 kWh × 0.288000 = 28.80");
        assertThat(line(bill, "TOU_PEAK").explanation().formula()).startsWith("PEAK = total − other periods");
        assertThat(line(bill, "TOU_VALLEY").explanation().sources())
                .extracting(LineSource::register)
                .containsOnly("T4");
        assertThat(line(bill, "TIER_INCREMENT_2").explanation().formula()).startsWith("先分时后阶梯");
    }

    @Test
    void sharesTheTierEnergyBetweenPeriodsWhenTheIncrementsDiffer() {
        // Shanghai: tier 2 adds 0.06 to peak and 0.03 to valley; 280 kWh above 3120, shared 2:1
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-SH-RES-TOU"),
                touMonth("300", "0", "0", "0", "100", household("2026-01-01", "3100")));
        assertThat(amounts(bill))
                .isEqualTo("TOU_PEAK 200 123.40, TOU_VALLEY 100 30.70, TIER_INCREMENT_2_PEAK 186.6666 11.20,"
                        + " TIER_INCREMENT_2_VALLEY 93.3334 2.80");
        assertThat(bill.total()).isEqualTo(Money.yuan("168.10"));
    }

    @Test
    void refusesTimeOfUseRegistersThatExceedTheTotal() {
        assertThatThrownBy(() -> engine.rate(
                        Tariffs.schedule("CN-ZJ-RES-TOU"),
                        touMonth("300", "0", "0", "0", "300.01", household("2026-01-01", "0"))))
                .isInstanceOf(RatingException.class)
                .hasMessageContaining("more than the total");
    }

    @Test
    void refusesATimeOfUseTariffForAMeterWithoutTheRegister() {
        Usage usage = Usages.simple("2026-11-01", "2026-11-30", "300", household("2026-01-01", "0"));
        assertThatThrownBy(() -> engine.rate(Tariffs.schedule("CN-ZJ-RES-TOU"), usage))
                .isInstanceOf(RatingException.class)
                .hasMessageContaining("has no register T4");
    }

    /** A large industrial meter with CT 100/5 and PT 10000/100: multiplier 2000. */
    static MeterSegment factoryMeter(String reactive1, String maxDemand) {
        return new MeterSegment(
                9,
                "LI0009",
                2000,
                withReactive(touRead("2026-10-31", "1000", "100", "300", "400", "200"), "0", "0"),
                withReactive(touRead("2026-11-30", "1050", "105", "315", "411", "212.5"), reactive1, "0"),
                maxDemand == null ? null : new BigDecimal(maxDemand),
                MeterSegment.MAIN);
    }

    @Test
    void billsTheTwoPartTariffWithDemandExcessPowerFactorAndFunds() {
        Usage usage = new Usage(
                day("2026-11-01"),
                day("2026-11-30"),
                List.of(factoryMeter("30", "1100")),
                factory(null, "1000", List.of()));
        RatedBill bill = engine.rate(Tariffs.schedule("CN-ZJ-LI-10KV"), usage);
        // 100000 kWh: sharp 10000, peak 30000, valley 25000, flat = the rest 35000
        assertThat(amounts(bill))
                .isEqualTo("TOU_SHARP 10000 11844.00, TOU_PEAK 30000 29622.00, TOU_FLAT 35000 22659.00,"
                        + " TOU_VALLEY 25000 7860.00, BASIC_DEMAND 1050 42000.00, BASIC_DEMAND_EXCESS 50 4000.00,"
                        + " FUND_RENEWABLE 100000 1900.00, FUND_WATER_PROJECTS 100000 196.90,"
                        + " FUND_RESERVOIR 100000 620.00, PF_ADJUSTMENT 2 2359.70");
        assertThat(bill.total()).isEqualTo(Money.yuan("123061.60"));
        BillLineView pf = line(bill, "PF_ADJUSTMENT");
        assertThat(pf.unit()).isEqualTo("PERCENT");
        assertThat(pf.price()).isNull();
        assertThat(pf.explanation().formula())
                .isEqualTo("cos φ = 100000 / √(100000² + 60000²) = 0.86 against the standard 0.90 → +2% × 117985.00"
                        + " ([BASIC, ENERGY]) = 2359.70");
        assertThat(pf.explanation().sources())
                .extracting(LineSource::register)
                .contains("TOTAL", "REACTIVE1", "REACTIVE2");
        assertThat(line(bill, "BASIC_DEMAND_EXCESS").price()).isEqualByComparingTo("80");
        assertThat(line(bill, "BASIC_DEMAND").explanation().formula())
                .contains("maximum demand 1100 kW; excess above 105% of 1000 kW = 1050 kW");
        assertThat(bill.vatIncluded()).isEqualTo(Money.yuan("14157.53"));
    }

    @Test
    void reducesTheChargeForAGoodPowerFactor() {
        Usage usage = new Usage(
                day("2026-11-01"),
                day("2026-11-30"),
                List.of(factoryMeter("10", "900")),
                factory(null, "1000", List.of()));
        RatedBill bill = engine.rate(Tariffs.schedule("CN-ZJ-LI-10KV"), usage);
        // cos φ = 100000 / √(100000² + 20000²) = 0.98: −0.75% of 71985 + 36000 = 107985.00 → −809.89
        assertThat(line(bill, "PF_ADJUSTMENT").amount()).isEqualTo(Money.yuan("-809.89"));
        assertThat(amounts(bill)).contains("BASIC_DEMAND 900 36000.00").doesNotContain("EXCESS");
    }

    static TariffSchedule capacityTariff(String lighting) {
        return Tariffs.inlineSchedule("""
                - id: XX-LI
                  name: test
                  customerClass: LARGE_INDUSTRIAL
                  voltage: KV_1_10
                  category: LARGE_INDUSTRIAL_TWO_PART
                  versions:
                    - version: 1
                      effectiveFrom: 2020-01-01
                      source: test
                      energy: {price: "0.6"}
                      basic: {basis: CAPACITY, rate: "30"}
                      powerFactor: {standard: "0.85"}
                      funds: [{code: RENEWABLE, name: 可再生能源电价附加, rate: "0.019"}]
                """ + (lighting == null ? "" : "      lighting: " + lighting + "\n"));
    }

    static Usage capacityMonth(List<CapacityChange> paused, List<MeterSegment> extra) {
        List<MeterSegment> meters = new java.util.ArrayList<>();
        meters.add(Usages.segment(3, Usages.read("2026-10-31", "0"), Usages.read("2026-11-30", "10000")));
        meters.addAll(extra);
        return new Usage(day("2026-11-01"), day("2026-11-30"), meters, factory("630", null, paused));
    }

    @Test
    void proratesTheCapacityChargeByDayForAPauseAndAReduction() {
        RatedBill full = engine.rate(capacityTariff(null), capacityMonth(List.of(), List.of()));
        assertThat(amounts(full))
                .isEqualTo("ENERGY 10000 6000.00, BASIC_CAPACITY 630 18900.00, FUND_RENEWABLE 10000 190.00");
        // no reactive register: no power-factor line
        assertThat(full.lines()).extracting(BillLineView::code).doesNotContain("PF_ADJUSTMENT");
        RatedBill paused = engine.rate(
                capacityTariff(null),
                capacityMonth(
                        List.of(new CapacityChange(day("2026-11-11"), day("2026-11-30"), BigDecimal.ZERO)), List.of()));
        assertThat(line(paused, "BASIC_CAPACITY").quantity()).isEqualByComparingTo("210");
        assertThat(line(paused, "BASIC_CAPACITY").amount()).isEqualTo(Money.yuan("6300.00"));
        assertThat(line(paused, "BASIC_CAPACITY").explanation().formula())
                .startsWith("630 × 10/30 + 0 × 20/30 kVA = 210 kVA-month");
        RatedBill reduced = engine.rate(
                capacityTariff(null),
                capacityMonth(
                        List.of(new CapacityChange(day("2026-11-21"), day("2026-11-30"), new BigDecimal("315"))),
                        List.of()));
        assertThat(line(reduced, "BASIC_CAPACITY").amount()).isEqualTo(Money.yuan("15750.00"));
    }

    @Test
    void roundsAProratedBasicChargeOnceFromTheExactFraction() {
        // 7 paused days of 30: 630 × 23/30 = 483 kVA-month exactly; 100 kVA × 1/30 would be 3.3333…
        Usage usage = new Usage(
                day("2026-11-01"),
                day("2026-11-30"),
                List.of(
                        Usages.segment(3, Usages.read("2026-10-31", "0"), Usages.read("2026-11-30", "1")),
                        Usages.segment(4, Usages.read("2026-10-31", "0"), Usages.read("2026-11-30", "1"))),
                new AccountFacts(
                        2,
                        "X",
                        null,
                        io.gridhall.shared.Kwh.ZERO,
                        0,
                        new BigDecimal("100"),
                        null,
                        List.of(new CapacityChange(day("2026-11-02"), day("2026-11-30"), BigDecimal.ZERO)),
                        null));
        RatedBill bill = engine.rate(capacityTariff(null), usage);
        // 100 × 1/30 × 30 yuan = 100.00 exactly, not 3.3333 × 30 = 99.999
        assertThat(line(bill, "BASIC_CAPACITY").amount()).isEqualTo(Money.yuan("100.00"));
        assertThat(line(bill, "BASIC_CAPACITY").quantity()).isEqualByComparingTo("3.3333");
    }

    @Test
    void deductsSubMeteredLightingAndChargesItApart() {
        MeterSegment lighting = new MeterSegment(
                4,
                "L0004",
                10,
                Usages.read("2026-10-31", "100"),
                Usages.read("2026-11-30", "150"),
                null,
                MeterSegment.LIGHTING);
        RatedBill bill = engine.rate(capacityTariff("{rate: \"0.7\"}"), capacityMonth(List.of(), List.of(lighting)));
        // 10000 kWh in all, 500 of it lighting: power 9500 at 0.6, lighting 500 at 0.7, funds on all 10000
        assertThat(amounts(bill))
                .isEqualTo("ENERGY 9500 5700.00, LIGHTING 500 350.00, BASIC_CAPACITY 630 18900.00,"
                        + " FUND_RENEWABLE 10000 190.00");
        assertThat(bill.energy()).isEqualTo(io.gridhall.shared.Kwh.of("10000"));
        assertThat(line(bill, "LIGHTING").explanation().sources())
                .extracting(LineSource::assetNumber)
                .containsOnly("L0004");
    }

    @Test
    void deductsAFixedLightingQuantityOrShare() {
        RatedBill fixed = engine.rate(
                capacityTariff("{rate: \"0.7\", fixedKwhPerMonth: 300}"), capacityMonth(List.of(), List.of()));
        assertThat(amounts(fixed)).startsWith("ENERGY 9700 5820.00, LIGHTING 300 210.00");
        RatedBill share =
                engine.rate(capacityTariff("{rate: \"0.7\", fixedPercent: 5}"), capacityMonth(List.of(), List.of()));
        assertThat(amounts(share)).startsWith("ENERGY 9500 5700.00, LIGHTING 500 350.00");
    }

    @Test
    void deductsLightingFromTheTimeOfUsePeriodsInProportion() {
        MeterSegment lighting = new MeterSegment(
                4,
                "L0004",
                100,
                Usages.read("2026-10-31", "0"),
                Usages.read("2026-11-30", "20"),
                null,
                MeterSegment.LIGHTING);
        Usage usage = new Usage(
                day("2026-11-01"),
                day("2026-11-30"),
                List.of(factoryMeter("30", "900"), lighting),
                factory(null, "1000", List.of()));
        RatedBill bill = engine.rate(Tariffs.schedule("CN-ZJ-LI-10KV"), usage);
        // 2000 kWh lighting of 100000: 200 from sharp, 600 from peak, 700 from flat, 500 from valley
        assertThat(amounts(bill))
                .startsWith("TOU_SHARP 9800 11607.12, TOU_PEAK 29400 29029.56, TOU_FLAT 34300 22205.82,"
                        + " TOU_VALLEY 24500 7702.80, LIGHTING 2000 1328.80");
    }

    @Test
    void ratesADemandTariffWithoutMaximumDemandAtZeroKwAndSaysSoAndRefusesACapacityTariffWithoutCapacity() {
        Usage noDemand = new Usage(
                day("2026-11-01"),
                day("2026-11-30"),
                List.of(factoryMeter("30", null)),
                factory(null, "1000", List.of()));
        // issue 9 (MR-4): the bill is made, so the audit can hold it with DEMAND_WITHOUT_MAXIMA, not skipped
        RatedBill bill = engine.rate(Tariffs.schedule("CN-ZJ-LI-10KV"), noDemand);
        assertThat(bill.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(RatedBill.Gap.Kind.NO_MAXIMUM_DEMAND);
            assertThat(g.detail()).contains("no maximum demand").contains("0 kW");
        });
        assertThat(bill.lines().stream().filter(l -> l.code().startsWith("BASIC")))
                .allSatisfy(l -> assertThat(l.amount().fen()).isZero());
        assertThat(engine.rate(
                                Tariffs.schedule("CN-ZJ-LI-10KV"),
                                new Usage(
                                        day("2026-11-01"),
                                        day("2026-11-30"),
                                        List.of(factoryMeter("30", "900")),
                                        factory(null, "1000", List.of())))
                        .gaps())
                .as("a meter with its maximum demand leaves no gap")
                .isEmpty();
        Usage noCapacity = new Usage(
                day("2026-11-01"),
                day("2026-11-30"),
                List.of(Usages.segment(3, Usages.read("2026-10-31", "0"), Usages.read("2026-11-30", "1"))),
                factory(null, null, List.of()));
        assertThatThrownBy(() -> engine.rate(capacityTariff(null), noCapacity))
                .isInstanceOf(RatingException.class)
                .hasMessageContaining("the account has none");
    }

    @Test
    void usesTheSeasonsPricesInItsMonthsAndSplitsAPeriodThatCrossesIntoIt() {
        TariffSchedule tariff = Tariffs.inlineSchedule("""
                - id: XX-TOU
                  name: test
                  customerClass: COMMERCIAL
                  voltage: BELOW_1KV
                  category: COMMERCIAL
                  versions:
                    - version: 1
                      effectiveFrom: 2020-01-01
                      source: test
                      energy:
                        periods: {SHARP: "1.2", PEAK: "1.0", FLAT: "0.6", VALLEY: "0.3"}
                        seasons:
                          - {name: summer, months: [7, 8], periods: {SHARP: "1.5"}}
                """);
        // 16 June to 15 July: 15 of 30 days in June, 15 in July; sharp 60 kWh, so 30 at 1.2 and 30 at 1.5
        Usage usage = new Usage(
                day("2026-06-16"),
                day("2026-07-15"),
                List.of(Usages.segment(
                        7,
                        touRead("2026-06-15", "0", "0", "0", "0", "0"),
                        touRead("2026-07-15", "300", "60", "60", "0", "60"))),
                household(null, "0"));
        RatedBill bill = engine.rate(tariff, usage);
        assertThat(amounts(bill))
                .isEqualTo("TOU_SHARP 30 36.00, TOU_PEAK 30 30.00, TOU_FLAT 60 36.00, TOU_VALLEY 30 9.00,"
                        + " TOU_SHARP 30 45.00, TOU_PEAK 30 30.00, TOU_FLAT 60 36.00, TOU_VALLEY 30 9.00");
    }
}
