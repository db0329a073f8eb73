package io.gridhall.billing.internal.rating;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A region's time-of-use schedule (分时时段): for each season, the day's periods by time of day on workdays, weekends
 * and holidays, with the region's holiday calendar. Built only by {@link TariffPackReader}, which checks that every
 * day type of every season covers the 24 hours exactly once in quarter hours, with at most five periods.
 *
 * @param id the schedule's id in the pack, which tariffs name in {@code energy.schedule}
 * @param source the document the hours come from (shown to staff)
 */
public record TouSchedule(String id, String name, String source, List<Season> seasons, HolidayCalendar calendar) {

    /** Quarter hours in a day: the slots of a meter's 15-minute intervals, and the grain of a schedule. */
    public static final int SLOTS = 96;

    public TouSchedule {
        seasons = List.copyOf(seasons);
    }

    /** The day types a schedule distinguishes. */
    public enum DayType {
        WORKDAY,
        WEEKEND,
        HOLIDAY
    }

    /**
     * One stretch of the day, {@code from} inclusive to {@code to} exclusive, in minutes after midnight (1440 is
     * 24:00), always on quarter hours.
     */
    public record Slot(int from, int to, TouPeriod period) {

        public String text() {
            return hhmm(from) + "-" + hhmm(to) + " " + period;
        }

        static String hhmm(int minutes) {
            return String.format("%02d:%02d", minutes / 60, minutes % 60);
        }
    }

    /**
     * A season: the months it covers and the day's slots by day type. A day type the pack leaves out takes the
     * weekend's slots for a holiday and the workday's for a weekend.
     */
    public record Season(String name, Set<Month> months, Map<DayType, List<Slot>> days) {

        public Season {
            months = Set.copyOf(months);
            Map<DayType, List<Slot>> full = new EnumMap<>(DayType.class);
            for (var e : days.entrySet()) full.put(e.getKey(), List.copyOf(e.getValue()));
            full.putIfAbsent(DayType.WEEKEND, full.get(DayType.WORKDAY));
            full.putIfAbsent(DayType.HOLIDAY, full.get(DayType.WEEKEND));
            days = full;
        }

        public List<Slot> slots(DayType type) {
            return days.get(type);
        }
    }

    /**
     * Which days are holidays: for each year the calendar knows, its days off (法定节假日 with the days around them) and
     * the weekend days worked instead (调休), as the State Council publishes them each year.
     *
     * @param years the years the calendar knows; a day of another year is a workday or a weekend day by its weekday
     */
    public record HolidayCalendar(Set<DayOfWeek> weekend, Map<Integer, CalendarYear> years) {

        public static final HolidayCalendar WEEKENDS_ONLY =
                new HolidayCalendar(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Map.of());

        public HolidayCalendar {
            weekend = Set.copyOf(weekend);
            years = Map.copyOf(years);
        }

        public DayType dayType(LocalDate day) {
            CalendarYear y = years.get(day.getYear());
            if (y != null) {
                if (y.off().contains(day)) return DayType.HOLIDAY;
                if (y.work().contains(day)) return DayType.WORKDAY;
            }
            return weekend.contains(day.getDayOfWeek()) ? DayType.WEEKEND : DayType.WORKDAY;
        }

        public boolean knows(int year) {
            return years.containsKey(year);
        }

        /** The calendar with {@code year} in place of what it had for that year. */
        public HolidayCalendar with(CalendarYear year) {
            Map<Integer, CalendarYear> out = new java.util.HashMap<>(years);
            out.put(year.year(), year);
            return new HolidayCalendar(weekend, out);
        }
    }

    /**
     * One year of a holiday calendar.
     *
     * @param source the notice it comes from (国务院办公厅关于2027年部分节假日安排的通知), "(check)" when not confirmed
     * @param published the notice's date, null when not given
     * @param off the days off
     * @param work the weekend days worked instead (调休)
     */
    public record CalendarYear(int year, String source, LocalDate published, Set<LocalDate> off, Set<LocalDate> work) {

        public CalendarYear {
            off = Set.copyOf(off);
            work = Set.copyOf(work);
        }
    }

    public Season season(Month month) {
        for (Season s : seasons) if (s.months().contains(month)) return s;
        throw new IllegalStateException("schedule " + id + " has no season for " + month); // the reader forbids this
    }

    public DayType dayType(LocalDate day) {
        return calendar.dayType(day);
    }

    /** The period of each quarter hour of {@code day}: slot 0 is 00:00-00:15. */
    public TouPeriod[] periods(LocalDate day) {
        TouPeriod[] out = new TouPeriod[SLOTS];
        for (Slot s : season(day.getMonth()).slots(dayType(day)))
            for (int q = s.from() / 15; q < s.to() / 15; q++) out[q] = s.period();
        return out;
    }

    /**
     * Whether some season gives weekends or holidays other slots than workdays: only then does a day's type, and so
     * the holiday calendar, change how a day's intervals are priced.
     */
    public boolean distinguishesDays() {
        for (Season s : seasons) {
            List<Slot> workday = s.slots(DayType.WORKDAY);
            if (!workday.equals(s.slots(DayType.WEEKEND)) || !workday.equals(s.slots(DayType.HOLIDAY))) return true;
        }
        return false;
    }

    /** The same schedule with another holiday calendar (the pack's years with those staff approved). */
    public TouSchedule with(HolidayCalendar other) {
        return new TouSchedule(id, name, source, seasons, other);
    }

    /** Every period the schedule uses, in bill order. */
    public Set<TouPeriod> periods() {
        Set<TouPeriod> out = java.util.EnumSet.noneOf(TouPeriod.class);
        for (Season s : seasons) for (List<Slot> slots : s.days().values()) for (Slot x : slots) out.add(x.period());
        return out;
    }

    /** The day's slots as text, for explanations: {@code 00:00-08:00 VALLEY, 08:00-22:00 PEAK, ...}. */
    static String text(List<Slot> slots) {
        List<String> out = new ArrayList<>();
        for (Slot s : slots) out.add(s.text());
        return String.join(", ", out);
    }
}
