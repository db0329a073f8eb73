package io.gridhall.billing.internal.rating;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.internal.rating.TariffPackReader.Source;
import io.gridhall.billing.internal.rating.TouSchedule.DayType;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Time-of-use schedules and the holiday calendar in the tariff pack (issue #9): read, validated, classified. */
class TouScheduleTests {

    static final String CALENDAR = """
            holidays:
              years:
                2026:
                  source: test
                  off: [2026-01-01..2026-01-03, 2026-10-01..2026-10-07]
                  work: [2026-01-04, 2026-10-10]
            """;

    /** A region with {@code regionYaml} (holidays, timeOfUse) and {@code tariffsYaml}. */
    static TariffPackReader.Pack region(String regionYaml, String tariffsYaml) {
        String text = "region: CN-XX\nname: test\nregisters: {T1: SHARP, T2: PEAK, T3: FLAT, T4: VALLEY}\n" + regionYaml
                + "tariffs:\n" + tariffsYaml.indent(2);
        return TariffPackReader.read(List.of(
                new Source("power-factor-1983.yaml", Tariffs.resource("power-factor-1983.yaml")),
                new Source("CN-XX.yaml", text)));
    }

    static List<String> problems(String regionYaml, String tariffsYaml) {
        try {
            region(regionYaml, tariffsYaml);
        } catch (TariffPackException e) {
            return e.problems().stream().map(TariffProblem::toString).toList();
        }
        throw new AssertionError("the pack was accepted");
    }

    static final String INDUSTRY = """
            timeOfUse:
              - id: XX-IND
                name: test
                source: test
                seasons:
                  - name: summer
                    months: [7, 8]
                    workday: ["00:00-08:00 VALLEY", "08:00-19:00 PEAK", "19:00-21:00 SHARP", "21:00-24:00 FLAT"]
                    holiday: ["00:00-24:00 VALLEY"]
                  - name: rest
                    months: [1, 2, 3, 4, 5, 6, 9, 10, 11, 12]
                    workday: ["00:00-08:00 VALLEY", "08:00-22:00 PEAK", "22:00-24:00 FLAT"]
                    weekend: ["00:00-08:00 VALLEY", "08:00-24:00 FLAT"]
            """;

    static final String TOU_TARIFF = """
            - id: XX-IND
              name: test
              customerClass: LARGE_INDUSTRIAL
              voltage: KV_1_10
              category: INDUSTRY
              versions:
                - version: 1
                  effectiveFrom: 2026-01-01
                  source: test
                  energy:
                    periods: {SHARP: "1.2", PEAK: "1.0", FLAT: "0.6", VALLEY: "0.3"}
                    schedule: XX-IND
            """;

    @Test
    void theShippedResidentialSchedulesFollowTheirPriceDocuments() {
        TouSchedule zj =
                Tariffs.shipped("CN-ZJ-RES-TOU").versions().getFirst().energy().schedule();
        assertThat(zj.id()).isEqualTo("CN-ZJ-RES-TOU");
        TouPeriod[] day = zj.periods(LocalDate.of(2026, 7, 15));
        assertThat(day[0]).isEqualTo(TouPeriod.VALLEY); // 00:00
        assertThat(day[31]).isEqualTo(TouPeriod.VALLEY); // 07:45
        assertThat(day[32]).isEqualTo(TouPeriod.PEAK); // 08:00
        assertThat(day[87]).isEqualTo(TouPeriod.PEAK); // 21:45
        assertThat(day[88]).isEqualTo(TouPeriod.VALLEY); // 22:00
        TouSchedule sh =
                Tariffs.shipped("CN-SH-RES-TOU").versions().getFirst().energy().schedule();
        assertThat(sh.periods(LocalDate.of(2026, 1, 1))[24]).isEqualTo(TouPeriod.PEAK); // 06:00
        assertThat(sh.periods(LocalDate.of(2026, 1, 1))[23]).isEqualTo(TouPeriod.VALLEY);
        // the 2026 calendar: National Day off, the Saturday after it worked (调休), the Sunday after that a weekend
        assertThat(zj.dayType(LocalDate.of(2026, 10, 1))).isEqualTo(DayType.HOLIDAY);
        assertThat(zj.dayType(LocalDate.of(2026, 10, 10))).isEqualTo(DayType.WORKDAY);
        assertThat(zj.dayType(LocalDate.of(2026, 10, 11))).isEqualTo(DayType.WEEKEND);
        assertThat(zj.dayType(LocalDate.of(2026, 2, 14))).isEqualTo(DayType.WORKDAY);
        assertThat(zj.dayType(LocalDate.of(2026, 2, 17))).isEqualTo(DayType.HOLIDAY);
        assertThat(zj.calendar().knows(2026)).isTrue();
    }

    @Test
    void classifiesByDayTypeAndSeasonFallingBackFromHolidayToWeekendToWorkday() {
        TouSchedule s =
                region(CALENDAR + INDUSTRY, TOU_TARIFF).schedules("CN-XX").get("XX-IND");
        // summer workday: 尖峰 19:00-21:00
        assertThat(s.periods(LocalDate.of(2026, 7, 15))[76]).isEqualTo(TouPeriod.SHARP);
        // a summer weekend takes the workday's slots (no weekend slots in summer)
        assertThat(s.periods(LocalDate.of(2026, 7, 18))[76]).isEqualTo(TouPeriod.SHARP);
        // a holiday in the rest of the year takes the weekend's slots (no holiday slots there)
        assertThat(s.dayType(LocalDate.of(2026, 10, 2))).isEqualTo(DayType.HOLIDAY);
        assertThat(s.periods(LocalDate.of(2026, 10, 2))[40]).isEqualTo(TouPeriod.FLAT);
        // the make-up workday (a Saturday) has workday slots
        assertThat(s.periods(LocalDate.of(2026, 10, 10))[40]).isEqualTo(TouPeriod.PEAK);
        // a year the calendar does not know: weekdays only
        assertThat(s.dayType(LocalDate.of(2027, 10, 1))).isEqualTo(DayType.WORKDAY);
        assertThat(s.calendar().knows(2027)).isFalse();
        for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() == 2026; d = d.plusDays(1))
            assertThat(s.periods(d)).doesNotContainNull();
    }

    @Test
    void reportsEveryProblemOfSchedulesAndCalendarsWithWhereItIs() {
        String bad = """
                holidays:
                  weekend: [SATURDAY, FUNDAY]
                  years:
                    2026:
                      source: test
                      off: [2026-02-30, 2025-12-31, 2026-10-07..2026-10-01, 2026-05-01, 2026-05-01]
                      work: [2026-10-08, 2026-05-01]
                    "20x6": {source: test}
                timeOfUse:
                  - id: XX-IND
                    name: test
                    source: test
                    seasons:
                      - name: summer
                        months: [7, 8]
                        workday: ["00:00-08:00 VALLEY", "09:00-19:00 PEAK", "18:00-24:00 SHARP"]
                        weekend: ["00:00-08:10 VALLEY", "08:10-24:00 NOON"]
                        holiday: ["22:00-06:00 VALLEY", "25:00-24:00 FLAT"]
                      - name: rest
                        months: [1, 2, 3, 4, 5, 6, 9, 10, 11, 8]
                        workday: ["00:00-24:00 FLAT"]
                  - id: XX-MANY
                    name: test
                    source: test
                    seasons:
                      - name: all
                        months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
                        workday: ["00:00-01:00 VALLEY", "01:00-02:00 FLAT", "02:00-03:00 VALLEY", "03:00-04:00 FLAT",
                                  "04:00-05:00 VALLEY", "05:00-06:00 FLAT", "06:00-07:00 VALLEY", "07:00-08:00 FLAT",
                                  "08:00-09:00 VALLEY", "09:00-10:00 FLAT", "10:00-11:00 VALLEY", "11:00-12:00 FLAT",
                                  "12:00-13:00 VALLEY", "13:00-14:00 FLAT", "14:00-24:00 VALLEY"]
                """;
        assertThat(problems(bad, TOU_TARIFF))
                .contains(
                        "CN-XX.yaml.holidays.weekend[1]: BAD_WEEKDAY",
                        "CN-XX.yaml.holidays.years.2026.off[0]: BAD_DAY",
                        "CN-XX.yaml.holidays.years.2026.off[1]: OUTSIDE_YEAR [2026]",
                        "CN-XX.yaml.holidays.years.2026.off[2]: RANGE_BACKWARDS",
                        "CN-XX.yaml.holidays.years.2026.off[4]: DAY_TWICE [2026-05-01]",
                        "CN-XX.yaml.holidays.years.2026.work: WORKED_DAY_OFF [2026-05-01]",
                        "CN-XX.yaml.holidays.years.2026.work: WORKED_WORKDAY [2026-10-08, THURSDAY]",
                        "CN-XX.yaml.holidays.years.20x6: BAD_YEAR",
                        "CN-XX.yaml: timeOfUse[0].seasons[0].workday: UNCOVERED [08:00, 09:00]",
                        "CN-XX.yaml: timeOfUse[0].seasons[0].workday: OVERLAP [18:00-24:00 SHARP]",
                        "CN-XX.yaml: timeOfUse[0].seasons[0].weekend[0]: OFF_QUARTER [08:10]",
                        "CN-XX.yaml: timeOfUse[0].seasons[0].weekend[1]: NOT_A_PERIOD",
                        "CN-XX.yaml: timeOfUse[0].seasons[0].holiday[0]: SLOT_BACKWARDS",
                        "CN-XX.yaml: timeOfUse[0].seasons[0].holiday[1]: BAD_TIME [25:00]",
                        "CN-XX.yaml: timeOfUse[0].seasons[1].months[9]: MONTH_TWICE [8]",
                        "CN-XX.yaml: timeOfUse[0].seasons: MONTHS_LEFT_OUT [12]",
                        "CN-XX.yaml: timeOfUse[1].seasons[0].workday: TOO_MANY_SLOTS [15, 14]",
                        // the tariff names a schedule that did not validate
                        "CN-XX.yaml: tariffs[0].versions[0].energy.schedule: NO_SCHEDULE [XX-IND]");
    }

    @Test
    void aTariffPricesEveryPeriodOfItsScheduleAndEveryPricedPeriodOccursInIt() {
        String tariff = TOU_TARIFF
                .replace("SHARP: \"1.2\", ", "")
                .replace("VALLEY: \"0.3\"", "VALLEY: \"0.3\", DEEP_VALLEY: \"0.1\"");
        String t4 = tariff.replace(
                "schedule: XX-IND", "schedule: XX-IND\n        registers: {T2: PEAK, T4: VALLEY, T1: DEEP_VALLEY}");
        assertThat(problems(CALENDAR + INDUSTRY, t4))
                .contains(
                        "CN-XX.yaml: tariffs[0].versions[0].energy.schedule: SCHEDULE_PERIOD_UNPRICED [SHARP]",
                        "CN-XX.yaml: tariffs[0].versions[0].energy.periods.DEEP_VALLEY: NOT_IN_SCHEDULE [XX-IND]");
        assertThat(problems("", TOU_TARIFF))
                .contains("CN-XX.yaml: tariffs[0].versions[0].energy.schedule: NO_SCHEDULE [XX-IND]");
    }
}
