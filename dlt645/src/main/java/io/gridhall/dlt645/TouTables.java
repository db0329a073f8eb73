package io.gridhall.dlt645;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The time-of-use parameters of DL/T 645-2007 table A.5 that program a meter's own calendar, with their layouts:
 * the time zone table (时区表: from which day of the year which day table applies), the day tables (日时段表: from
 * which time of day which tariff T1..T4 counts), the public holidays (公共假日: on which date which day table
 * applies), and the weekend (周休日). A meter holds two sets of zone and day tables, the one in use and a standby
 * set that it switches to at the time written to {@link #ZONE_SWITCH_TIME} and {@link #DAY_TABLE_SWITCH_TIME}, so a
 * new calendar is written into the standby set and takes effect at one moment.
 *
 * <p>Every value is BCD, low byte first; a table of several entries is sent entry by entry in order, each entry low
 * byte first (a zone {@code MMDDNN} goes out as NN DD MM).
 */
public final class TouTables {

    /** At most 14 zones a year, 8 day tables, 14 slots a day, 254 public holidays (the standard's limits). */
    public static final int MAX_ZONES = 14;

    public static final int MAX_DAY_TABLES = 8;
    public static final int MAX_DAY_SLOTS = 14;
    public static final int MAX_HOLIDAYS = 254;

    public static final DataIdentifier ZONE_SWITCH_TIME = DataIdentifier.of(0x04, 0x00, 0x01, 0x06);
    public static final DataIdentifier DAY_TABLE_SWITCH_TIME = DataIdentifier.of(0x04, 0x00, 0x01, 0x07);
    public static final DataIdentifier ZONE_COUNT = DataIdentifier.of(0x04, 0x00, 0x02, 0x01);
    public static final DataIdentifier DAY_TABLE_COUNT = DataIdentifier.of(0x04, 0x00, 0x02, 0x02);
    public static final DataIdentifier DAY_SLOT_COUNT = DataIdentifier.of(0x04, 0x00, 0x02, 0x03);
    public static final DataIdentifier TARIFF_COUNT = DataIdentifier.of(0x04, 0x00, 0x02, 0x04);
    public static final DataIdentifier HOLIDAY_COUNT = DataIdentifier.of(0x04, 0x00, 0x02, 0x05);
    /** 周休日特征字: bit 0 Sunday .. bit 6 Saturday, 1 a working day, 0 a rest day; binary, not BCD. */
    public static final DataIdentifier WEEKEND_STATUS = DataIdentifier.of(0x04, 0x00, 0x08, 0x01);
    /** 周休日采用的日时段表号. */
    public static final DataIdentifier WEEKEND_DAY_TABLE = DataIdentifier.of(0x04, 0x00, 0x08, 0x02);

    private TouTables() {}

    /** 第一套 (set 1) or 第二套 (set 2) 时区表数据: 04 01 00 00 or 04 02 00 00. */
    public static DataIdentifier zoneTable(int set) {
        checkSet(set);
        return DataIdentifier.of(0x04, set, 0x00, 0x00);
    }

    /** Day table {@code n} (1..8) of set 1 or 2: 04 0s 00 0n. */
    public static DataIdentifier dayTable(int set, int n) {
        checkSet(set);
        if (n < 1 || n > MAX_DAY_TABLES) throw new IllegalArgumentException("day tables are 1 to 8: " + n);
        return DataIdentifier.of(0x04, set, 0x00, n);
    }

    /** Public holiday {@code n} (1..254): 04 03 00 nn, its date and day table. */
    public static DataIdentifier holiday(int n) {
        if (n < 1 || n > MAX_HOLIDAYS) throw new IllegalArgumentException("public holidays are 1 to 254: " + n);
        return DataIdentifier.of(0x04, 0x03, 0x00, n);
    }

    private static void checkSet(int set) {
        if (set != 1 && set != 2) throw new IllegalArgumentException("a meter has table sets 1 and 2: " + set);
    }

    /** A zone: from {@code month}-{@code day} on, day table {@code dayTable} applies (MMDDNN). */
    public record Zone(int month, int day, int dayTable) {
        public Zone {
            LocalDate.of(2000, month, day); // a valid day of a leap year
            if (dayTable < 1 || dayTable > MAX_DAY_TABLES) throw new IllegalArgumentException("day table " + dayTable);
        }
    }

    /** A slot: from {@code hour}:{@code minute} on, tariff {@code tariff} (1..4 for T1..T4) counts (hhmmNN). */
    public record Slot(int hour, int minute, int tariff) {
        public Slot {
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
                throw new IllegalArgumentException("not a time of day: " + hour + ":" + minute);
            }
            if (tariff < 1 || tariff > DataItems.TARIFFS) throw new IllegalArgumentException("tariff " + tariff);
        }
    }

    /** The zone table: 3 bytes per zone. */
    public static byte[] zones(List<Zone> zones) {
        if (zones.isEmpty() || zones.size() > MAX_ZONES) throw new IllegalArgumentException("1 to 14 zones");
        byte[] out = new byte[3 * zones.size()];
        for (int i = 0; i < zones.size(); i++) {
            Zone z = zones.get(i);
            out[3 * i] = Bcd.of(z.dayTable());
            out[3 * i + 1] = Bcd.of(z.day());
            out[3 * i + 2] = Bcd.of(z.month());
        }
        return out;
    }

    /** A day table: 3 bytes per slot. */
    public static byte[] day(List<Slot> slots) {
        if (slots.isEmpty() || slots.size() > MAX_DAY_SLOTS) throw new IllegalArgumentException("1 to 14 slots");
        byte[] out = new byte[3 * slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            out[3 * i] = Bcd.of(s.tariff());
            out[3 * i + 1] = Bcd.of(s.minute());
            out[3 * i + 2] = Bcd.of(s.hour());
        }
        return out;
    }

    /** A public holiday: YYMMDDNN. */
    public static byte[] holiday(LocalDate date, int dayTable) {
        DataFormat.checkYear(date.getYear());
        if (dayTable < 1 || dayTable > MAX_DAY_TABLES) throw new IllegalArgumentException("day table " + dayTable);
        return new byte[] {
            Bcd.of(dayTable), Bcd.of(date.getDayOfMonth()), Bcd.of(date.getMonthValue()), Bcd.of(date.getYear() - 2000)
        };
    }

    /** A one-byte count (NN). */
    public static byte[] count(int n) {
        return new byte[] {Bcd.of(n)};
    }

    /** A two-byte count (NNNN): the number of public holidays. */
    public static byte[] count2(int n) {
        if (n < 0 || n > 9999) throw new IllegalArgumentException("NNNN is 0 to 9999: " + n);
        return new byte[] {Bcd.of(n % 100), Bcd.of(n / 100)};
    }

    /** A switch time, YYMMDDhhmm. */
    public static byte[] switchTime(LocalDateTime t) {
        DataFormat.checkYear(t.getYear());
        return new byte[] {
            Bcd.of(t.getMinute()),
            Bcd.of(t.getHour()),
            Bcd.of(t.getDayOfMonth()),
            Bcd.of(t.getMonthValue()),
            Bcd.of(t.getYear() - 2000)
        };
    }

    /** The weekend status word: which weekdays are worked ({@code java.time.DayOfWeek}, Sunday is bit 0). */
    public static byte[] weekendStatus(java.util.Set<java.time.DayOfWeek> restDays) {
        int bits = 0x7F;
        for (java.time.DayOfWeek d : restDays) bits &= ~(1 << (d.getValue() % 7));
        return new byte[] {(byte) bits};
    }
}
