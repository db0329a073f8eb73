package io.gridhall.simulator;

import io.gridhall.dlt645.DataIdentifier;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.ErrorFlag;
import io.gridhall.dlt645.Password;
import io.gridhall.dlt645.TouTables;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A meter's time-of-use parameters (DL/T 645-2007 table A.5) as a real meter keeps them: written (0x14) behind a
 * password of a level that may set them, checked against their layout and the meter's limits, answered to reads
 * (0x11) as stored. A value the meter cannot hold is refused with the standard's error bit: more zones than 14
 * (bit 4), more day slots than 14 (bit 5), a tariff above T4 (bit 6), any other bad value (bit 0); an identifier
 * the meter does not have with bit 1; a wrong password, or one whose level may not write parameters, with bit 2.
 * Not thread-safe: the meter holds its own lock.
 */
final class MeterParameters {

    /** Parameters of table A.5 are written with a password of level 02 or a higher one (00, 01). */
    static final int WRITE_LEVEL = 0x02;

    private final Map<DataIdentifier, byte[]> values = new HashMap<>();

    /** Stores the value, or returns the error flag the meter answers with. */
    Optional<ErrorFlag> write(DataIdentifier id, Password given, Password own, byte[] value) {
        if (given.level() > WRITE_LEVEL || !given.equals(own))
            return Optional.of(ErrorFlag.PASSWORD_ERROR_OR_UNAUTHORISED);
        Optional<ErrorFlag> refused = check(id, value);
        if (refused.isEmpty()) values.put(id, value.clone());
        return refused;
    }

    Optional<byte[]> read(DataIdentifier id) {
        return Optional.ofNullable(values.get(id)).map(byte[]::clone);
    }

    static Optional<ErrorFlag> check(DataIdentifier id, byte[] v) {
        try {
            if (id.equals(TouTables.ZONE_COUNT))
                return single(v, TouTables.MAX_ZONES, ErrorFlag.ANNUAL_TIME_ZONE_COUNT_EXCEEDED);
            if (id.equals(TouTables.DAY_TABLE_COUNT)) return single(v, TouTables.MAX_DAY_TABLES, ErrorFlag.OTHER_ERROR);
            if (id.equals(TouTables.DAY_SLOT_COUNT))
                return single(v, TouTables.MAX_DAY_SLOTS, ErrorFlag.DAILY_SLOT_COUNT_EXCEEDED);
            if (id.equals(TouTables.TARIFF_COUNT)) return single(v, DataItems.TARIFFS, ErrorFlag.TARIFF_COUNT_EXCEEDED);
            if (id.equals(TouTables.WEEKEND_DAY_TABLE)) {
                if (v.length != 1 || bcd(v[0]) < 1) return Optional.of(ErrorFlag.OTHER_ERROR);
                return single(v, TouTables.MAX_DAY_TABLES, ErrorFlag.OTHER_ERROR);
            }
            if (id.equals(TouTables.HOLIDAY_COUNT)) {
                if (v.length != 2 || bcd(v[1]) * 100 + bcd(v[0]) > TouTables.MAX_HOLIDAYS)
                    return Optional.of(ErrorFlag.OTHER_ERROR);
                return Optional.empty();
            }
            if (id.equals(TouTables.WEEKEND_STATUS)) return ok(v.length == 1 && (v[0] & 0x80) == 0);
            if (id.equals(TouTables.ZONE_SWITCH_TIME) || id.equals(TouTables.DAY_TABLE_SWITCH_TIME)) {
                if (v.length != 5) return Optional.of(ErrorFlag.OTHER_ERROR);
                LocalDate.of(2000 + bcd(v[4]), bcd(v[3]), bcd(v[2]));
                return ok(bcd(v[1]) <= 23 && bcd(v[0]) <= 59);
            }
            int set = id.di2();
            if (id.di3() == 0x04 && (set == 1 || set == 2) && id.di1() == 0 && id.di0() == 0) {
                if (v.length % 3 != 0) return Optional.of(ErrorFlag.OTHER_ERROR);
                if (v.length / 3 > TouTables.MAX_ZONES) return Optional.of(ErrorFlag.ANNUAL_TIME_ZONE_COUNT_EXCEEDED);
                for (int i = 0; i < v.length; i += 3) {
                    LocalDate.of(2000, bcd(v[i + 2]), bcd(v[i + 1]));
                    if (!table(bcd(v[i]))) return Optional.of(ErrorFlag.OTHER_ERROR);
                }
                return Optional.empty();
            }
            if (id.di3() == 0x04 && (set == 1 || set == 2) && id.di1() == 0 && id.di0() <= TouTables.MAX_DAY_TABLES) {
                if (v.length % 3 != 0) return Optional.of(ErrorFlag.OTHER_ERROR);
                if (v.length / 3 > TouTables.MAX_DAY_SLOTS) return Optional.of(ErrorFlag.DAILY_SLOT_COUNT_EXCEEDED);
                for (int i = 0; i < v.length; i += 3) {
                    int tariff = bcd(v[i]);
                    if (tariff < 1) return Optional.of(ErrorFlag.OTHER_ERROR);
                    if (tariff > DataItems.TARIFFS) return Optional.of(ErrorFlag.TARIFF_COUNT_EXCEEDED);
                    if (bcd(v[i + 1]) > 59 || bcd(v[i + 2]) > 23) return Optional.of(ErrorFlag.OTHER_ERROR);
                }
                return Optional.empty();
            }
            if (id.di3() == 0x04 && set == 3 && id.di1() == 0 && id.di0() >= 1 && id.di0() <= TouTables.MAX_HOLIDAYS) {
                if (v.length != 4) return Optional.of(ErrorFlag.OTHER_ERROR);
                LocalDate.of(2000 + bcd(v[3]), bcd(v[2]), bcd(v[1]));
                return ok(table(bcd(v[0])));
            }
            return Optional.of(ErrorFlag.NO_DATA_REQUESTED);
        } catch (DateTimeException | IllegalArgumentException e) {
            return Optional.of(ErrorFlag.OTHER_ERROR);
        }
    }

    private static Optional<ErrorFlag> single(byte[] v, int max, ErrorFlag over) {
        if (v.length != 1) return Optional.of(ErrorFlag.OTHER_ERROR);
        return bcd(v[0]) > max ? Optional.of(over) : Optional.empty();
    }

    private static Optional<ErrorFlag> ok(boolean good) {
        return good ? Optional.empty() : Optional.of(ErrorFlag.OTHER_ERROR);
    }

    private static boolean table(int n) {
        return n >= 1 && n <= TouTables.MAX_DAY_TABLES;
    }

    /** Two BCD digits; anything else is a bad value. */
    private static int bcd(byte b) {
        int hi = (b >> 4) & 0x0F;
        int lo = b & 0x0F;
        if (hi > 9 || lo > 9) throw new IllegalArgumentException("not BCD");
        return hi * 10 + lo;
    }
}
