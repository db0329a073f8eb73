package io.gridhall.billing.internal.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.internal.rating.TariffPackReader.Source;
import io.gridhall.billing.internal.rating.TariffVersion.TierCycle;
import io.gridhall.shared.Rate;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tariff pack format: the shipped pack reads, bad packs fail with every problem and where it is. */
class TariffPackTests {

    static final String VERSION = """
            - id: XX-RES
              name: test
              customerClass: RESIDENTIAL
              voltage: BELOW_1KV
              category: RESIDENTIAL_TIERED
              versions:
            """;

    static List<String> problems(String tariffsYaml) {
        try {
            Tariffs.inline(tariffsYaml);
        } catch (TariffPackException e) {
            return e.problems().stream().map(TariffProblem::toString).toList();
        }
        throw new AssertionError("the pack was accepted");
    }

    @Test
    void readsTheShippedPack() {
        var pack = Tariffs.shipped();
        assertThat(pack.tariffs())
                .extracting(Tariff::id)
                .contains(
                        "CN-ZJ-RES-TIERED",
                        "CN-ZJ-RES-TOU",
                        "CN-ZJ-COMMERCIAL",
                        "CN-ZJ-AGRICULTURAL",
                        "CN-ZJ-LI-10KV",
                        "CN-BJ-RES-TIERED",
                        "CN-GD-RES-TIERED",
                        "CN-SH-RES-TIERED",
                        "CN-SH-RES-TOU");
        assertThat(pack.powerFactorTables())
                .containsOnlyKeys(new BigDecimal("0.90"), new BigDecimal("0.85"), new BigDecimal("0.80"));
        TariffVersion zj = Tariffs.shipped("CN-ZJ-RES-TIERED").versions().getFirst();
        assertThat(zj.energy().price()).isEqualTo(Rate.of("0.538"));
        assertThat(zj.tiers().cycle()).isEqualTo(TierCycle.ANNUAL);
        assertThat(zj.tiers().thresholds()).containsExactly(new BigDecimal("2760"), new BigDecimal("4800"));
        assertThat(zj.effectiveFrom()).isEqualTo(LocalDate.of(2012, 7, 1));
        assertThat(zj.effectiveTo()).isNull();
        // the residential TOU tariff takes only the registers of the periods it prices from the region's mapping
        TariffVersion tou = Tariffs.shipped("CN-ZJ-RES-TOU").versions().getFirst();
        assertThat(tou.energy().registers()).isEqualTo(Map.of("T2", TouPeriod.PEAK, "T4", TouPeriod.VALLEY));
        assertThat(tou.energy().remainder()).isEqualTo(TouPeriod.PEAK);
        // every Zhejiang demo category has a tariff
        assertThat(pack.tariffs().stream()
                        .filter(t -> t.region().equals("CN-ZJ"))
                        .map(Tariff::category))
                .contains("RESIDENTIAL_TIERED", "COMMERCIAL", "AGRICULTURAL", "LARGE_INDUSTRIAL_TWO_PART");
    }

    @Test
    void readsThePowerFactorTablesOfNineteenEightyThree() {
        var t90 = Tariffs.shipped().powerFactorTables().get(new BigDecimal("0.90"));
        assertThat(t90.adjustment(new BigDecimal("1.00"))).isEqualByComparingTo("-0.75");
        assertThat(t90.adjustment(new BigDecimal("0.92"))).isEqualByComparingTo("-0.30");
        assertThat(t90.adjustment(new BigDecimal("0.90"))).isEqualByComparingTo("0");
        assertThat(t90.adjustment(new BigDecimal("0.85"))).isEqualByComparingTo("2.5");
        assertThat(t90.adjustment(new BigDecimal("0.70"))).isEqualByComparingTo("10");
        assertThat(t90.adjustment(new BigDecimal("0.65"))).isEqualByComparingTo("15");
        assertThat(t90.adjustment(new BigDecimal("0.60"))).isEqualByComparingTo("25");
        var t85 = Tariffs.shipped().powerFactorTables().get(new BigDecimal("0.85"));
        assertThat(t85.adjustment(new BigDecimal("0.90"))).isEqualByComparingTo("-0.5");
        assertThat(t85.adjustment(new BigDecimal("0.93"))).isEqualByComparingTo("-0.95");
        assertThat(t85.adjustment(new BigDecimal("0.99"))).isEqualByComparingTo("-1.1");
        assertThat(t85.adjustment(new BigDecimal("0.60"))).isEqualByComparingTo("15");
        var t80 = Tariffs.shipped().powerFactorTables().get(new BigDecimal("0.80"));
        assertThat(t80.adjustment(new BigDecimal("0.91"))).isEqualByComparingTo("-1.15");
        assertThat(t80.adjustment(new BigDecimal("0.95"))).isEqualByComparingTo("-1.3");
        assertThat(t80.adjustment(new BigDecimal("0.79"))).isEqualByComparingTo("0.5");
        assertThat(t80.adjustment(new BigDecimal("0.54"))).isEqualByComparingTo("17");
    }

    @Test
    void reportsEveryProblemWithWhereItIs() {
        List<String> problems = problems(VERSION + """
                    - version: 1
                      effectiveFrom: 2020-13-01
                      source: test
                      energy: {price: "0.5123456"}
                      tiers:
                        cycle: YEARLY
                        thresholds: [400, 200]
                        increments: ["0.05"]
                      colour: blue
                """);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).endsWith("versions[0].effectiveFrom: NOT_A_DATE"))
                .anySatisfy(p -> assertThat(p).endsWith("energy.price: TOO_MANY_DECIMALS"))
                .anySatisfy(p -> assertThat(p).endsWith("tiers.cycle: BAD_TIER_CYCLE"))
                .anySatisfy(p -> assertThat(p).endsWith("tiers.thresholds[1]: NOT_ASCENDING"))
                .anySatisfy(p -> assertThat(p).endsWith("tiers.increments: INCREMENT_COUNT [2]"))
                .anySatisfy(p -> assertThat(p).contains("versions[0].colour: UNKNOWN_KEY [basic, effectiveFrom,"));
        assertThat(problems).allSatisfy(p -> assertThat(p).startsWith("CN-XX.yaml: tariffs[0]"));
    }

    @Test
    void refusesVersionsOutOfOrderAndPricesBothWays() {
        List<String> problems = problems(VERSION + """
                    - version: 1
                      effectiveFrom: 2020-01-01
                      source: a
                      energy: {price: "0.5", periods: {PEAK: "0.6"}}
                    - version: 3
                      effectiveFrom: 2019-01-01
                      source: b
                      energy: {price: "0.5"}
                """);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).endsWith("energy: PRICE_OR_PERIODS"))
                .anySatisfy(p -> assertThat(p).endsWith("versions[1].version: VERSION_NUMBER [2]"));
    }

    @Test
    void refusesTimeOfUseThatNoRegisterCounts() {
        List<String> problems = problems(VERSION + """
                    - version: 1
                      effectiveFrom: 2020-01-01
                      source: a
                      energy:
                        periods: {PEAK: "0.6", FLAT: "0.5", DEEP_VALLEY: "0.2"}
                        remainder: FLAT
                """);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).endsWith("energy.registers: PERIOD_UNCOUNTED [DEEP_VALLEY]"));
    }

    @Test
    void refusesSeasonalThresholdsOnAnnualTiersAndOverlappingSeasons() {
        List<String> problems = problems(VERSION + """
                    - version: 1
                      effectiveFrom: 2020-01-01
                      source: a
                      energy: {price: "0.5"}
                      tiers:
                        cycle: ANNUAL
                        thresholds: [2000, 4000]
                        increments: ["0.05", "0.3"]
                        seasons:
                          - {months: [6, 7], thresholds: [300, 500]}
                          - {months: [7, 13], thresholds: [300]}
                """);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).endsWith("tiers.seasons: SEASONS_NEED_MONTHLY"))
                .anySatisfy(p -> assertThat(p).endsWith("seasons[1].months[0]: MONTH_TWICE [7]"))
                .anySatisfy(p -> assertThat(p).endsWith("seasons[1].months[1]: BAD_MONTH"))
                .anySatisfy(p -> assertThat(p).endsWith("seasons[1].thresholds: THRESHOLD_COUNT [2]"));
    }

    @Test
    void refusesAPowerFactorStandardWithoutATable() {
        List<String> problems = problems(VERSION + """
                    - version: 1
                      effectiveFrom: 2020-01-01
                      source: a
                      energy: {price: "0.5"}
                      powerFactor: {standard: "0.95"}
                """);
        assertThat(problems).anySatisfy(p -> assertThat(p).endsWith("powerFactor.standard: NO_TABLE [0.95]"));
    }

    @Test
    void refusesTwoTariffsForOneCategoryInARegionAndFilesThatAreNotPacks() {
        String one = "region: CN-XX\nname: x\ntariffs:\n" + (VERSION + """
                    - version: 1
                      effectiveFrom: 2020-01-01
                      source: a
                      energy: {price: "0.5"}
                """).indent(2);
        assertThatThrownBy(() -> TariffPackReader.read(List.of(
                        new Source("a.yaml", one), new Source("b.yaml", one.replace("XX-RES", "XX-RES2")),
                        new Source("c.yaml", "- just a list"), new Source("d.yaml", "a: [unclosed"))))
                .isInstanceOf(TariffPackException.class)
                .hasMessageContaining("b.yaml: XX-RES2: CATEGORY_TWICE [RESIDENTIAL_TIERED, CN-XX]")
                .hasMessageContaining("c.yaml: NOT_A_MAPPING")
                // where reading stopped, never the parser's own (English) words
                .hasMessageContaining("d.yaml: UNREADABLE [1, ")
                .hasMessageNotContaining("Unexpected")
                .hasMessageNotContaining("while parsing");
    }

    @Test
    void chainsVersionsSoEachEndsTheDayBeforeTheNext() {
        Tariff t = Tariffs.inline(VERSION + """
                    - version: 1
                      effectiveFrom: 2020-01-01
                      source: a
                      energy: {price: "0.5"}
                    - version: 2
                      effectiveFrom: 2024-07-01
                      source: b
                      energy: {price: "0.6"}
                """).tariffs().getFirst();
        assertThat(t.versions().get(0).effectiveTo()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(t.versions().get(1).effectiveTo()).isNull();
        TariffSchedule schedule = new TariffSchedule(t.id(), t.versions());
        assertThat(schedule.versionOn(LocalDate.of(2024, 6, 30)).version()).isEqualTo(1);
        assertThat(schedule.versionOn(LocalDate.of(2024, 7, 1)).version()).isEqualTo(2);
    }

    @Test
    void readsAVersionGivenAsJson() {
        TariffVersion v = TariffPackReader.version(
                "XX-RES", 4, """
                {"effectiveFrom": "2027-01-01", "source": "draft", "energy": {"price": 0.55},
                 "tiers": {"cycle": "MONTHLY", "thresholds": [200, 400], "increments": [0.05, 0.3]}}""", Map.of(), Tariffs.shipped().powerFactorTables());
        assertThat(v.version()).isEqualTo(4);
        assertThat(v.energy().price()).isEqualTo(Rate.of("0.55"));
        assertThatThrownBy(() -> TariffPackReader.version(
                        "XX-RES", 4, "{\"effectiveFrom\": \"2027-01-01\"}", Map.of(), Map.of()))
                .isInstanceOf(TariffPackException.class)
                .hasMessageContaining("version.source: MISSING")
                .hasMessageContaining("version.energy: MISSING");
    }
}
