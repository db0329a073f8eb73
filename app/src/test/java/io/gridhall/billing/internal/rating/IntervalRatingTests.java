package io.gridhall.billing.internal.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.LineSource;
import io.gridhall.billing.internal.rating.Usage.DayIntervals;
import io.gridhall.billing.internal.rating.Usage.MeterSegment;
import io.gridhall.billing.internal.rating.Usage.RegisterSnapshot;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Rating time of use from 15-minute intervals by the tariff's schedule (issue #9): periods add up to the total, a
 * holiday's quarter hours fall in the holiday's periods, and a meter programmed with the same schedule gives the same
 * bill from its registers.
 */
class IntervalRatingTests {

    final RatingEngine engine = new RatingEngine();

    /** Workdays 尖峰 19-21 in July-August, weekends flat by day, holidays deep valley all day; four registers. */
    static final String REGION = """
            holidays:
              years:
                2026:
                  source: test
                  off: [2026-01-01..2026-01-03, 2026-02-15..2026-02-23, 2026-10-01..2026-10-07]
                  work: [2026-01-04, 2026-02-14, 2026-02-28, 2026-10-10]
            timeOfUse:
              - id: XX-IND
                name: test
                source: test
                seasons:
                  - name: summer
                    months: [7, 8]
                    workday: ["00:00-08:00 VALLEY", "08:00-19:00 PEAK", "19:00-21:00 SHARP", "21:00-22:00 PEAK", "22:00-24:00 VALLEY"]
                    weekend: ["00:00-08:00 VALLEY", "08:00-22:00 FLAT", "22:00-24:00 VALLEY"]
                    holiday: ["00:00-24:00 DEEP_VALLEY"]
                  - name: rest
                    months: [1, 2, 3, 4, 5, 6, 9, 10, 11, 12]
                    workday: ["00:00-08:00 VALLEY", "08:00-22:00 PEAK", "22:00-24:00 VALLEY"]
                    weekend: ["00:00-08:00 VALLEY", "08:00-22:00 FLAT", "22:00-24:00 VALLEY"]
                    holiday: ["00:00-24:00 DEEP_VALLEY"]
            """;

    /** 尖 T1, 峰 T2, 谷 T3, 深谷 T4; 平 the remainder. */
    static final String TARIFF = """
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
                    periods: {SHARP: "1.2345", PEAK: "0.9876", FLAT: "0.6543", VALLEY: "0.3210", DEEP_VALLEY: "0.1234"}
                    remainder: FLAT
                    registers: {T1: SHARP, T2: PEAK, T3: VALLEY, T4: DEEP_VALLEY}
                    schedule: XX-IND
            """;

    private static TariffSchedule tariff;

    static synchronized TariffSchedule tariff() {
        if (tariff == null) {
            Tariff t = TouScheduleTests.region(REGION, TARIFF).tariffs().getFirst();
            tariff = new TariffSchedule(t.id(), t.versions());
        }
        return tariff;
    }

    static TouSchedule schedule() {
        return tariff().versions().getFirst().energy().schedule();
    }

    /** What the schedule above says, written out again independently: the oracle of the properties. */
    static TouPeriod expected(LocalDate day, int slot) {
        boolean holiday = List.of(
                                LocalDate.of(2026, 1, 1),
                                LocalDate.of(2026, 1, 2),
                                LocalDate.of(2026, 1, 3),
                                LocalDate.of(2026, 10, 1),
                                LocalDate.of(2026, 10, 2),
                                LocalDate.of(2026, 10, 3),
                                LocalDate.of(2026, 10, 4),
                                LocalDate.of(2026, 10, 5),
                                LocalDate.of(2026, 10, 6),
                                LocalDate.of(2026, 10, 7))
                        .contains(day)
                || (!day.isBefore(LocalDate.of(2026, 2, 15)) && !day.isAfter(LocalDate.of(2026, 2, 23)));
        if (holiday) return TouPeriod.DEEP_VALLEY;
        boolean worked = List.of(
                        LocalDate.of(2026, 1, 4),
                        LocalDate.of(2026, 2, 14),
                        LocalDate.of(2026, 2, 28),
                        LocalDate.of(2026, 10, 10))
                .contains(day);
        boolean weekend =
                !worked && (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY);
        int minute = slot * 15;
        if (minute < 8 * 60 || minute >= 22 * 60) return TouPeriod.VALLEY;
        if (weekend) return TouPeriod.FLAT;
        boolean summer = day.getMonthValue() == 7 || day.getMonthValue() == 8;
        if (summer && minute >= 19 * 60 && minute < 21 * 60) return TouPeriod.SHARP;
        return TouPeriod.PEAK;
    }

    /** A month of random intervals (0.01 kWh steps, so registers can count them exactly) for the days. */
    static List<DayIntervals> intervals(LocalDate from, LocalDate to, long seed, int max) {
        Random r = new Random(seed);
        List<DayIntervals> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            int[] v = new int[96];
            for (int i = 0; i < 96; i++) v[i] = r.nextInt(max + 1) * 100;
            out.add(new DayIntervals(d, v, "ACTUAL"));
        }
        return out;
    }

    /** A meter programmed with the same schedule: its registers count each quarter hour in its period's register. */
    static RegisterSnapshot[] registers(List<DayIntervals> days, LocalDate before) {
        Map<TouPeriod, Long> per = new EnumMap<>(TouPeriod.class);
        long total = 0;
        for (DayIntervals d : days)
            for (int slot = 0; slot < 96; slot++) {
                per.merge(expected(d.day(), slot), (long) d.value(slot) / 100, Long::sum);
                total += d.value(slot) / 100;
            }
        long base = 1_000_000;
        RegisterSnapshot start = new RegisterSnapshot(before, base, base, base, base, base, null, null, "ACTUAL");
        RegisterSnapshot end = new RegisterSnapshot(
                days.getLast().day(),
                base + total,
                base + per.getOrDefault(TouPeriod.SHARP, 0L),
                base + per.getOrDefault(TouPeriod.PEAK, 0L),
                base + per.getOrDefault(TouPeriod.VALLEY, 0L),
                base + per.getOrDefault(TouPeriod.DEEP_VALLEY, 0L),
                null,
                null,
                "ACTUAL");
        return new RegisterSnapshot[] {start, end};
    }

    static Usage usage(LocalDate from, LocalDate to, MeterSegment m) {
        return new Usage(from, to, List.of(m), Usages.factory(null, null, List.of()));
    }

    static Map<String, BigDecimal> touQuantities(RatedBill bill) {
        Map<String, BigDecimal> out = new java.util.TreeMap<>();
        for (BillLineView l : bill.lines()) if (l.code().startsWith("TOU_")) out.put(l.code(), l.quantity());
        return out;
    }

    static BigDecimal sum(Map<String, BigDecimal> q) {
        return q.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    Gen<LocalDate> days2026() {
        return SourceDSL.integers()
                .between(0, 364)
                .map(n -> LocalDate.of(2026, 1, 1).plusDays(n));
    }

    @Test
    void periodQuantitiesAddUpToTheRegistersTotalWhateverTheIntervalsSay() {
        // the intervals share the total out; the registers' total is the billed energy, even when the two disagree
        qt().withExamples(150)
                .forAll(
                        days2026(),
                        SourceDSL.integers().between(0, 40),
                        SourceDSL.longs().between(0, 10_000_000),
                        SourceDSL.integers().between(1, 120))
                .checkAssert((from, extraDays, totalHundredths, multiplier) -> {
                    long seed = from.toEpochDay() * 1_000_003 + totalHundredths * 31 + multiplier;
                    LocalDate to = from.plusDays(extraDays);
                    List<DayIntervals> days = intervals(from, to, seed, 5000);
                    RegisterSnapshot start =
                            new RegisterSnapshot(from.minusDays(1), 500, 100L, 100L, 100L, 100L, null, null, "ACTUAL");
                    RegisterSnapshot end = new RegisterSnapshot(
                            to, 500 + totalHundredths, 100L, 100L, 100L, 100L, null, null, "ACTUAL");
                    MeterSegment m = new MeterSegment(7, "P7", multiplier, start, end, null, "MAIN", days);
                    RatedBill bill = engine.rate(tariff(), usage(from, to, m));
                    assertThat(sum(touQuantities(bill)))
                            .isEqualByComparingTo(BigDecimal.valueOf(totalHundredths * multiplier, 2));
                    assertThat(bill.energy().value())
                            .isEqualByComparingTo(BigDecimal.valueOf(totalHundredths * multiplier, 2));
                });
    }

    @Test
    void aQuarterHourOnAHolidayFallsInTheHolidaysPeriods() {
        TouSchedule s = schedule();
        qt().withExamples(400)
                .forAll(days2026(), SourceDSL.integers().between(0, 95))
                .checkAssert((day, slot) -> {
                    assertThat(s.periods(day)[slot]).isEqualTo(expected(day, slot));
                    // rated: one day with energy in that quarter hour only
                    int[] v = new int[96];
                    v[slot] = 12_300; // 1.23 kWh
                    MeterSegment m = new MeterSegment(
                            7,
                            "P7",
                            1,
                            new RegisterSnapshot(day.minusDays(1), 0, 0L, 0L, 0L, 0L, null, null, "ACTUAL"),
                            new RegisterSnapshot(day, 123, 0L, 0L, 0L, 0L, null, null, "ACTUAL"),
                            null,
                            "MAIN",
                            List.of(new DayIntervals(day, v, "ACTUAL")));
                    RatedBill bill = engine.rate(tariff(), usage(day, day, m));
                    assertThat(touQuantities(bill))
                            .containsExactly(Map.entry("TOU_" + expected(day, slot), new BigDecimal("1.2300")));
                    if (s.dayType(day) == TouSchedule.DayType.HOLIDAY)
                        assertThat(touQuantities(bill)).containsOnlyKeys("TOU_DEEP_VALLEY");
                });
    }

    @Test
    void aMeterProgrammedWithTheSameScheduleGivesTheSameBillFromItsRegisters() {
        TariffSchedule tariff = tariff();
        qt().withExamples(60)
                .forAll(
                        SourceDSL.integers().between(1, 12),
                        SourceDSL.integers().between(1, 80),
                        SourceDSL.integers().between(0, 3000),
                        SourceDSL.longs().all())
                .checkAssert((month, multiplier, max, seed) -> {
                    LocalDate from = LocalDate.of(2026, month, 1);
                    LocalDate to = from.plusMonths(1).minusDays(1);
                    List<DayIntervals> days = intervals(from, to, seed, max);
                    RegisterSnapshot[] reads = registers(days, from.minusDays(1));
                    MeterSegment withIntervals =
                            new MeterSegment(7, "P7", multiplier, reads[0], reads[1], null, "MAIN", days);
                    MeterSegment registersOnly =
                            new MeterSegment(7, "P7", multiplier, reads[0], reads[1], null, "MAIN");
                    RatedBill a = engine.rate(tariff, usage(from, to, withIntervals));
                    RatedBill b = engine.rate(tariff, usage(from, to, registersOnly));
                    assertThat(a.total()).isEqualTo(b.total());
                    assertThat(touQuantities(a)).isEqualTo(touQuantities(b));
                    for (int i = 0; i < a.lines().size(); i++)
                        assertThat(a.lines().get(i).amount())
                                .isEqualTo(b.lines().get(i).amount());
                });
    }

    @Test
    void explainsTheIntervalsAndFallsBackToRegistersWhenADayIsMissing() {
        LocalDate from = LocalDate.of(2026, 10, 1);
        LocalDate to = LocalDate.of(2026, 10, 31);
        List<DayIntervals> days = new ArrayList<>(intervals(from, to, 42, 1000));
        RegisterSnapshot[] reads = registers(days, from.minusDays(1));
        days.set(9, new DayIntervals(days.get(9).day(), days.get(9).values(), "ESTIMATED"));
        RatedBill bill = engine.rate(
                tariff(), usage(from, to, new MeterSegment(7, "P7", 10, reads[0], reads[1], null, "MAIN", days)));
        BillLineView deep = bill.lines().stream()
                .filter(l -> l.code().equals("TOU_DEEP_VALLEY"))
                .findFirst()
                .orElseThrow();
        assertThat(deep.explanation().formula())
                .startsWith("DEEP_VALLEY = its share of the 15-minute intervals by schedule XX-IND: ")
                .contains("over 31 days (18 workday, 6 weekend, 7 holiday)");
        LineSource sum = deep.explanation().sources().getFirst();
        assertThat(sum.kind()).isEqualTo("INTERVAL_SUM");
        assertThat(sum.register()).isEqualTo("DEEP_VALLEY");
        assertThat(sum.quality()).isEqualTo("ESTIMATED");
        assertThat(sum.multiplier()).isEqualTo(10);
        assertThat(sum.day()).isEqualTo(from);
        // every day off in October is deep valley: the register the meter kept for it is the same
        assertThat(deep.quantity()).isEqualByComparingTo(BigDecimal.valueOf((reads[1].t4() - reads[0].t4()) * 10, 2));

        days.remove(20);
        RatedBill fallback = engine.rate(
                tariff(), usage(from, to, new MeterSegment(7, "P7", 10, reads[0], reads[1], null, "MAIN", days)));
        assertThat(fallback.lines().stream()
                        .filter(l -> l.code().equals("TOU_DEEP_VALLEY"))
                        .findFirst()
                        .orElseThrow()
                        .explanation()
                        .formula())
                .startsWith("DEEP_VALLEY = register T4");
        assertThat(fallback.total()).isEqualTo(bill.total());

        // a year the calendar does not know: said on the line
        LocalDate next = LocalDate.of(2027, 10, 1);
        List<DayIntervals> later = intervals(next, next, 1, 10);
        RegisterSnapshot[] laterReads = registers(later, next.minusDays(1));
        RatedBill unknown = engine.rate(
                tariff(),
                usage(next, next, new MeterSegment(7, "P7", 1, laterReads[0], laterReads[1], null, "MAIN", later)));
        assertThat(unknown.lines().getFirst().explanation().formula())
                .contains("no holiday calendar for [2027] (weekends only)");
        // issue 9: never silently: the bill carries the gap the audit holds it for (HOLIDAY_CALENDAR_MISSING)
        assertThat(unknown.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(RatedBill.Gap.Kind.NO_HOLIDAY_CALENDAR);
            assertThat(g.detail()).contains("[2027]");
        });
        assertThat(bill.gaps()).as("2026 is in the calendar").isEmpty();
        assertThat(fallback.gaps())
                .as("registers count by the meter's own calendar")
                .isEmpty();
    }
}
