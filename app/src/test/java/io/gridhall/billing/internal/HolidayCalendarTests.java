package io.gridhall.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.gridhall.billing.internal.rating.TariffPackException;
import io.gridhall.billing.internal.rating.TariffPackReader;
import io.gridhall.billing.internal.rating.TariffProblem;
import io.gridhall.billing.internal.rating.TariffProblem.Code;
import io.gridhall.billing.internal.rating.TouSchedule.CalendarYear;
import io.gridhall.billing.internal.rating.TouSchedule.DayType;
import io.gridhall.billing.internal.rating.TouSchedule.HolidayCalendar;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A year of the holiday calendar as staff enter it (issue 9): validated with every problem and where it is, written
 * back in the pack's format unchanged, and put in place of the pack's year; the shipped 2026 year as the State Council
 * published it.
 */
class HolidayCalendarTests {

    static final Set<DayOfWeek> WEEKEND = Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);

    @Test
    void readsAYearWithRangesTheNoticeAndItsDate() {
        CalendarYear y = TariffPackReader.calendarYear(2027, """
                {"source": "国务院办公厅关于2027年部分节假日安排的通知", "published": "2026-11-10",
                 "off": ["2027-01-01", "2027-10-01..2027-10-07"], "work": ["2027-10-09"]}""", WEEKEND);
        assertThat(y.year()).isEqualTo(2027);
        assertThat(y.published()).isEqualTo(LocalDate.of(2026, 11, 10));
        assertThat(y.off()).hasSize(8).contains(LocalDate.of(2027, 10, 7));
        assertThat(y.work()).containsExactly(LocalDate.of(2027, 10, 9));
    }

    @Test
    void listsEveryProblemOfAYearWithWhereItIs() {
        assertThatThrownBy(() -> TariffPackReader.calendarYear(2027, """
                        {"published": "10 November", "off": ["2027-10-01..2027-10-07", "2028-01-01", "2027-02-30",
                         "2027-05-05..2027-05-01"], "work": ["2027-10-02", "2027-10-08"], "notice": "x"}""", WEEKEND))
                .isInstanceOf(TariffPackException.class)
                .satisfies(e -> assertThat(((TariffPackException) e).problems())
                        .containsExactlyInAnyOrder(
                                new TariffProblem("calendar.notice", Code.UNKNOWN_KEY, "off, published, source, work"),
                                new TariffProblem("calendar.source", Code.MISSING),
                                new TariffProblem("calendar.published", Code.NOT_A_DATE),
                                new TariffProblem("calendar.off[1]", Code.OUTSIDE_YEAR, "2027"),
                                new TariffProblem("calendar.off[2]", Code.BAD_DAY),
                                new TariffProblem("calendar.off[3]", Code.RANGE_BACKWARDS),
                                new TariffProblem("calendar.work", Code.WORKED_DAY_OFF, "2027-10-02"),
                                new TariffProblem(
                                        "calendar.work", Code.WORKED_WORKDAY, "2027-10-08", DayOfWeek.FRIDAY)));
        assertThatThrownBy(() -> TariffPackReader.calendarYear(1999, "{}", WEEKEND))
                .isInstanceOf(TariffPackException.class)
                .hasMessageContaining("year: BAD_YEAR");
    }

    @Test
    void aYearWrittenBackInThePacksFormatReadsTheSame() {
        // any year, any days off, any weekend days worked that are not also off
        qt().withExamples(300)
                .forAll(
                        integers().between(2000, 2099),
                        lists().of(integers().between(0, 364)).ofSizeBetween(0, 40),
                        lists().of(integers().between(0, 364)).ofSizeBetween(0, 10))
                .checkAssert((year, offDays, workDays) -> {
                    LocalDate first = LocalDate.of(year, 1, 1);
                    TreeSet<String> off = new TreeSet<>();
                    for (int d : offDays) off.add(first.plusDays(d).toString());
                    TreeSet<String> work = new TreeSet<>();
                    for (int d : workDays) {
                        LocalDate day = first.plusDays(d);
                        if (WEEKEND.contains(day.getDayOfWeek()) && !off.contains(day.toString()))
                            work.add(day.toString());
                    }
                    String json =
                            "{\"source\": \"notice\", \"off\": " + quoted(off) + ", \"work\": " + quoted(work) + "}";
                    CalendarYear y = TariffPackReader.calendarYear(year, json, WEEKEND);
                    CalendarYear again = TariffPackReader.calendarYear(year, Tariffs.calendarJson(y), WEEKEND);
                    assertThat(again).isEqualTo(y);
                    assertThat(y.off()).hasSize(off.size());
                    assertThat(y.work()).hasSize(work.size());
                });
    }

    @Test
    void aYearEnteredTakesThePlaceOfThePacksYearAndLeavesTheOthers() {
        HolidayCalendar pack = TariffCatalogueTests.packOnly("CN-ZJ", "classpath*:tariffs/")
                .pack()
                .calendar("CN-ZJ");
        assertThat(pack.knows(2027)).as("2027 is not shipped: staff enter it").isFalse();
        assertThat(pack.dayType(LocalDate.of(2027, 10, 1))).isEqualTo(DayType.WORKDAY);
        CalendarYear y2027 = TariffPackReader.calendarYear(
                2027, "{\"source\": \"test\", \"off\": [\"2027-10-01..2027-10-07\"], \"work\": []}", WEEKEND);
        HolidayCalendar both = pack.with(y2027);
        assertThat(both.knows(2027)).isTrue();
        assertThat(both.dayType(LocalDate.of(2027, 10, 1))).isEqualTo(DayType.HOLIDAY);
        assertThat(both.dayType(LocalDate.of(2026, 10, 10)))
                .as("2026 untouched")
                .isEqualTo(DayType.WORKDAY);
        CalendarYear empty2026 = TariffPackReader.calendarYear(2026, "{\"source\": \"test\", \"off\": []}", WEEKEND);
        assertThat(both.with(empty2026).dayType(LocalDate.of(2026, 10, 1)))
                .as("a year replaced whole, not merged")
                .isEqualTo(DayType.WORKDAY);
    }

    @Test
    void theShipped2026YearIsTheStateCouncilsNotice() {
        // 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, full text as Xinhua published it): 元旦 1-3 Jan, 4 Jan
        // worked; 春节 15-23 Feb, 14 and 28 Feb worked; 清明 4-6 Apr; 劳动节 1-5 May, 9 May worked; 端午 19-21 Jun;
        // 中秋 25-27 Sep; 国庆 1-7 Oct, 20 Sep and 10 Oct worked
        for (String region : List.of("CN-ZJ", "CN-SH")) {
            CalendarYear y = TariffCatalogueTests.packOnly("CN-ZJ", "classpath*:tariffs/")
                    .pack()
                    .calendar(region)
                    .years()
                    .get(2026);
            assertThat(y.source()).doesNotContain("(check)");
            assertThat(y.published()).isEqualTo(LocalDate.of(2025, 11, 4));
            assertThat(new TreeSet<>(y.work()))
                    .extracting(LocalDate::toString)
                    .containsExactly(
                            "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10");
            assertThat(y.off()).hasSize(3 + 9 + 3 + 5 + 3 + 3 + 7);
            assertThat(y.off())
                    .contains(
                            LocalDate.of(2026, 2, 15),
                            LocalDate.of(2026, 2, 23),
                            LocalDate.of(2026, 5, 5),
                            LocalDate.of(2026, 9, 27));
        }
    }

    private static String quoted(Set<String> days) {
        return days.stream().map(d -> "\"" + d + "\"").toList().toString();
    }
}
