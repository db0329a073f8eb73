package io.gridhall.billing.internal.rating;

import io.gridhall.billing.internal.rating.TouSchedule.DayType;
import io.gridhall.billing.internal.rating.TouSchedule.Season;
import io.gridhall.billing.internal.rating.TouSchedule.Slot;
import io.gridhall.dlt645.DataIdentifier;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.OperatorCode;
import io.gridhall.dlt645.Password;
import io.gridhall.dlt645.Request;
import io.gridhall.dlt645.TouTables;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A time-of-use schedule as the DL/T 645-2007 parameter writes that program a meter's own calendar, so that its rate
 * registers T1..T4 count what the schedule says: pure, the same schedule always gives the same writes.
 *
 * <p>The day tables are the distinct days of the schedule (each season's workday, weekend and holiday slots), each
 * slot's tariff the register that counts its period. The zones start on the first of each run of months of a season,
 * with the season's workday table. A meter has one weekend table for the whole year, so the schedule's weekend slots
 * must be the same in every season. Public holidays carry the year's days off with their season's holiday table and
 * the weekend days worked (调休) with their season's workday table. The zone and day tables go into the standby set
 * (set 2) and take effect at {@code activeFrom}, written last so a meter never switches to a half-written set.
 */
public final class MeterProgramming {

    /** One parameter write: identifier, value as sent (before +0x33), and what it sets, for staff. */
    public record Parameter(DataIdentifier id, byte[] value, String meaning) {

        public Parameter {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public Request.Write write(MeterAddress address, Password password, OperatorCode operator) {
            return new Request.Write(address, id, password, operator, value);
        }
    }

    /** A schedule a meter cannot hold (too many tables, weekends that differ by season, a period without register). */
    public static final class NotProgrammable extends RuntimeException {
        public NotProgrammable(String message) {
            super(message);
        }
    }

    private MeterProgramming() {}

    /**
     * The writes that program {@code schedule} with {@code year}'s holidays into a meter whose registers count the
     * periods as {@code registers} says (T1..T4 to periods, the region's or the tariff's mapping).
     */
    public static List<Parameter> of(
            TouSchedule schedule, Map<String, TouPeriod> registers, int year, LocalDateTime activeFrom) {
        Map<TouPeriod, Integer> tariffOf = new java.util.EnumMap<>(TouPeriod.class);
        for (var e : registers.entrySet())
            tariffOf.put(e.getValue(), Integer.parseInt(e.getKey().substring(1)));
        for (TouPeriod p : schedule.periods())
            if (!tariffOf.containsKey(p))
                throw new NotProgrammable("no register counts " + p + " of schedule " + schedule.id());
        if (!schedule.calendar().knows(year))
            throw new NotProgrammable("the holiday calendar has no " + year + " (add the year to the pack)");

        // day tables: the distinct days, in season order, workday before weekend before holiday
        List<List<Slot>> tables = new ArrayList<>();
        for (Season s : schedule.seasons())
            for (DayType t : DayType.values()) if (!tables.contains(s.slots(t))) tables.add(s.slots(t));
        if (tables.size() > TouTables.MAX_DAY_TABLES)
            throw new NotProgrammable(
                    "schedule " + schedule.id() + " has " + tables.size() + " different days; a meter holds 8 tables");
        List<Slot> weekend = null;
        for (Season s : schedule.seasons()) {
            if (weekend != null && !weekend.equals(s.slots(DayType.WEEKEND)))
                throw new NotProgrammable("schedule " + schedule.id()
                        + "'s weekends differ between seasons; a meter has one weekend table for the year");
            weekend = s.slots(DayType.WEEKEND);
        }

        // zones: the first of each run of a season's months
        List<TouTables.Zone> zones = new ArrayList<>();
        Season before = null;
        for (Month m : Month.values()) {
            Season s = schedule.season(m);
            if (s != before)
                zones.add(new TouTables.Zone(m.getValue(), 1, 1 + tables.indexOf(s.slots(DayType.WORKDAY))));
            before = s;
        }
        if (zones.size() > TouTables.MAX_ZONES)
            throw new NotProgrammable(
                    "schedule " + schedule.id() + " needs " + zones.size() + " zones; a meter holds 14");

        // public holidays: days off and the weekend days worked, in date order
        TreeMap<LocalDate, Integer> holidays = new TreeMap<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            DayType type = schedule.dayType(d);
            boolean weekday = !schedule.calendar().weekend().contains(d.getDayOfWeek());
            Season s = schedule.season(d.getMonth());
            if (type == DayType.HOLIDAY) holidays.put(d, 1 + tables.indexOf(s.slots(DayType.HOLIDAY)));
            else if (type == DayType.WORKDAY && !weekday) holidays.put(d, 1 + tables.indexOf(s.slots(DayType.WORKDAY)));
        }
        if (holidays.size() > TouTables.MAX_HOLIDAYS)
            throw new NotProgrammable(year + " has " + holidays.size() + " special days; a meter holds 254");

        int maxSlots = tables.stream().mapToInt(List::size).max().orElse(1);
        int maxTariff =
                tariffOf.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        List<Parameter> out = new ArrayList<>();
        out.add(new Parameter(TouTables.ZONE_COUNT, TouTables.count(zones.size()), "年时区数 " + zones.size()));
        out.add(new Parameter(TouTables.DAY_TABLE_COUNT, TouTables.count(tables.size()), "日时段表数 " + tables.size()));
        out.add(new Parameter(TouTables.DAY_SLOT_COUNT, TouTables.count(maxSlots), "日时段数 " + maxSlots));
        out.add(new Parameter(TouTables.TARIFF_COUNT, TouTables.count(maxTariff), "费率数 " + maxTariff));
        out.add(new Parameter(TouTables.HOLIDAY_COUNT, TouTables.count2(holidays.size()), "公共假日数 " + holidays.size()));
        StringBuilder zoneText = new StringBuilder("第二套时区表:");
        for (TouTables.Zone z : zones)
            zoneText.append(String.format(" %02d-%02d→%d", z.month(), z.day(), z.dayTable()));
        out.add(new Parameter(TouTables.zoneTable(2), TouTables.zones(zones), zoneText.toString()));
        for (int i = 0; i < tables.size(); i++) {
            List<TouTables.Slot> slots = new ArrayList<>();
            StringBuilder text = new StringBuilder("第二套第" + (i + 1) + "日时段表:");
            for (Slot s : tables.get(i)) {
                int tariff = tariffOf.get(s.period());
                slots.add(new TouTables.Slot(s.from() / 60, s.from() % 60, tariff));
                text.append(' ').append(Slot.hhmm(s.from())).append(" T").append(tariff);
            }
            out.add(new Parameter(TouTables.dayTable(2, i + 1), TouTables.day(slots), text.toString()));
        }
        int n = 0;
        for (var e : holidays.entrySet()) {
            n++;
            out.add(new Parameter(
                    TouTables.holiday(n),
                    TouTables.holiday(e.getKey(), e.getValue()),
                    "第" + n + "公共假日 " + e.getKey() + " 日时段表 " + e.getValue()));
        }
        Set<DayOfWeek> rest = EnumSet.noneOf(DayOfWeek.class);
        rest.addAll(schedule.calendar().weekend());
        out.add(new Parameter(TouTables.WEEKEND_STATUS, TouTables.weekendStatus(rest), "周休日 " + rest));
        int weekendTable = 1 + tables.indexOf(weekend);
        out.add(new Parameter(TouTables.WEEKEND_DAY_TABLE, TouTables.count(weekendTable), "周休日日时段表 " + weekendTable));
        out.add(new Parameter(TouTables.ZONE_SWITCH_TIME, TouTables.switchTime(activeFrom), "两套时区表切换时间 " + activeFrom));
        out.add(new Parameter(
                TouTables.DAY_TABLE_SWITCH_TIME, TouTables.switchTime(activeFrom), "两套日时段表切换时间 " + activeFrom));
        return out;
    }
}
