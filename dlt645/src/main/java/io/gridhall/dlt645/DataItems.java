package io.gridhall.dlt645;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data identifiers this library can decode, with name, format, unit and value count.
 *
 * <p>Energy identifiers follow the DL/T 645-2007 pattern {@code 00 kind tariff NN}: tariff 00 is
 * the total, 01..04 are T1..T4 and FF is the block of total plus T1..T4; NN 00 is the current
 * value and 01..0C the value frozen at the 1st..12th last settlement day. Daily frozen data use
 * {@code 05 06 kind NN} with NN 01..3E, the 1st..62nd last day.
 */
public final class DataItems {

    /** Tariffs T1..T4; the standard allows up to 63 but Chinese tariffs use four. */
    public static final int TARIFFS = 4;

    public static final int SETTLEMENT_DAYS = 12;
    public static final int DAILY_FROZEN_DAYS = 62;

    public static final DataIdentifier COMBINED_ACTIVE_TOTAL = DataIdentifier.of(0x00, 0x00, 0x00, 0x00);
    public static final DataIdentifier FORWARD_ACTIVE_TOTAL = DataIdentifier.of(0x00, 0x01, 0x00, 0x00);
    public static final DataIdentifier FORWARD_ACTIVE_BLOCK = DataIdentifier.of(0x00, 0x01, 0xFF, 0x00);
    public static final DataIdentifier REVERSE_ACTIVE_TOTAL = DataIdentifier.of(0x00, 0x02, 0x00, 0x00);
    public static final DataIdentifier REVERSE_ACTIVE_BLOCK = DataIdentifier.of(0x00, 0x02, 0xFF, 0x00);
    public static final DataIdentifier COMBINED_REACTIVE_1_TOTAL = DataIdentifier.of(0x00, 0x03, 0x00, 0x00);
    public static final DataIdentifier COMBINED_REACTIVE_2_TOTAL = DataIdentifier.of(0x00, 0x04, 0x00, 0x00);
    public static final DataIdentifier VOLTAGE_A = DataIdentifier.of(0x02, 0x01, 0x01, 0x00);
    public static final DataIdentifier VOLTAGE_BLOCK = DataIdentifier.of(0x02, 0x01, 0xFF, 0x00);
    public static final DataIdentifier CURRENT_A = DataIdentifier.of(0x02, 0x02, 0x01, 0x00);
    public static final DataIdentifier CURRENT_BLOCK = DataIdentifier.of(0x02, 0x02, 0xFF, 0x00);
    public static final DataIdentifier ACTIVE_POWER_TOTAL = DataIdentifier.of(0x02, 0x03, 0x00, 0x00);
    public static final DataIdentifier ACTIVE_POWER_BLOCK = DataIdentifier.of(0x02, 0x03, 0xFF, 0x00);
    public static final DataIdentifier REACTIVE_POWER_BLOCK = DataIdentifier.of(0x02, 0x04, 0xFF, 0x00);
    public static final DataIdentifier POWER_FACTOR_TOTAL = DataIdentifier.of(0x02, 0x06, 0x00, 0x00);
    public static final DataIdentifier POWER_FACTOR_BLOCK = DataIdentifier.of(0x02, 0x06, 0xFF, 0x00);
    public static final DataIdentifier FREQUENCY = DataIdentifier.of(0x02, 0x80, 0x00, 0x02);
    public static final DataIdentifier DATE = DataIdentifier.of(0x04, 0x00, 0x01, 0x01);
    public static final DataIdentifier TIME = DataIdentifier.of(0x04, 0x00, 0x01, 0x02);
    public static final DataIdentifier STATUS_WORD_1 = DataIdentifier.of(0x04, 0x00, 0x05, 0x01);
    public static final DataIdentifier STATUS_WORD_3 = DataIdentifier.of(0x04, 0x00, 0x05, 0x03);
    public static final DataIdentifier STATUS_WORD_7 = DataIdentifier.of(0x04, 0x00, 0x05, 0x07);
    public static final DataIdentifier STATUS_WORD_BLOCK = DataIdentifier.of(0x04, 0x00, 0x05, 0xFF);
    public static final DataIdentifier REMAINING_MONEY = DataIdentifier.of(0x00, 0x90, 0x02, 0x00);
    public static final DataIdentifier OVERDRAFT = DataIdentifier.of(0x00, 0x90, 0x02, 0x01);
    public static final DataIdentifier PROGRAMMING_COUNT = DataIdentifier.of(0x03, 0x30, 0x00, 0x00);
    public static final DataIdentifier COVER_OPEN_COUNT = DataIdentifier.of(0x03, 0x30, 0x0D, 0x00);
    public static final DataIdentifier TERMINAL_COVER_OPEN_COUNT = DataIdentifier.of(0x03, 0x30, 0x0E, 0x00);

    private static final String[] TARIFF_NAMES = {"total", "T1", "T2", "T3", "T4"};
    private static final Map<DataIdentifier, DataItem> ITEMS = build();

    private DataItems() {}

    public static Optional<DataItem> find(DataIdentifier id) {
        return Optional.ofNullable(ITEMS.get(id));
    }

    public static DataItem require(DataIdentifier id) throws DecodeException {
        DataItem item = ITEMS.get(id);
        if (item == null) {
            throw new DecodeException(new DecodeError.UnknownDataIdentifier(id));
        }
        return item;
    }

    /** Every supported identifier in a stable order. */
    public static List<DataItem> all() {
        return List.copyOf(ITEMS.values());
    }

    /** Energy of {@code kind} (0 combined active, 1 forward, 2 reverse, 3/4 combined reactive). */
    public static DataIdentifier energy(int kind, int tariff, int settlementDaysAgo) {
        return DataIdentifier.of(0x00, kind, tariff, settlementDaysAgo);
    }

    /** Forward active energy at the {@code n}-th last settlement day (1..12), total. */
    public static DataIdentifier forwardActiveAtSettlement(int n) {
        checkRange("settlement day", n, SETTLEMENT_DAYS);
        return energy(0x01, 0x00, n);
    }

    /** Daily frozen forward active block (total, T1..T4) of the {@code n}-th last day (1..62). */
    public static DataIdentifier dailyFrozenForwardActive(int n) {
        checkRange("daily frozen day", n, DAILY_FROZEN_DAYS);
        return DataIdentifier.of(0x05, 0x06, 0x01, n);
    }

    /** Daily frozen reverse active block of the {@code n}-th last day (1..62). */
    public static DataIdentifier dailyFrozenReverseActive(int n) {
        checkRange("daily frozen day", n, DAILY_FROZEN_DAYS);
        return DataIdentifier.of(0x05, 0x06, 0x02, n);
    }

    /** Daily frozen combined reactive energy 1 block (total, T1..T4) of the {@code n}-th last day (1..62). */
    public static DataIdentifier dailyFrozenReactive1(int n) {
        checkRange("daily frozen day", n, DAILY_FROZEN_DAYS);
        return DataIdentifier.of(0x05, 0x06, 0x03, n);
    }

    /** Daily frozen combined reactive energy 2 block (total, T1..T4) of the {@code n}-th last day (1..62). */
    public static DataIdentifier dailyFrozenReactive2(int n) {
        checkRange("daily frozen day", n, DAILY_FROZEN_DAYS);
        return DataIdentifier.of(0x05, 0x06, 0x04, n);
    }

    /** When the daily freeze of the {@code n}-th last day happened (1..62). */
    public static DataIdentifier dailyFrozenTime(int n) {
        checkRange("daily frozen day", n, DAILY_FROZEN_DAYS);
        return DataIdentifier.of(0x05, 0x06, 0x00, n);
    }

    private static void checkRange(String what, int n, int max) {
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(what + " must be 1.." + max + ": " + n);
        }
    }

    private static Map<DataIdentifier, DataItem> build() {
        List<DataItem> items = new ArrayList<>();
        String[] kinds = {
            "combined active energy",
            "forward active energy",
            "reverse active energy",
            "combined reactive energy 1",
            "combined reactive energy 2"
        };
        String[] units = {"kWh", "kWh", "kWh", "kvarh", "kvarh"};
        for (int kind = 0; kind <= 4; kind++) {
            DataFormat format = kind == 1 || kind == 2 ? DataFormat.ENERGY : DataFormat.SIGNED_ENERGY;
            for (int nn = 0; nn <= SETTLEMENT_DAYS; nn++) {
                String when = nn == 0 ? "" : " at settlement day -" + nn;
                for (int tariff = 0; tariff <= TARIFFS; tariff++) {
                    items.add(new DataItem(
                            energy(kind, tariff, nn),
                            kinds[kind] + " " + TARIFF_NAMES[tariff] + when,
                            format,
                            units[kind],
                            1));
                }
                items.add(new DataItem(
                        energy(kind, 0xFF, nn),
                        kinds[kind] + " block (total, T1..T4)" + when,
                        format,
                        units[kind],
                        TARIFFS + 1));
            }
        }
        String[] phases = {"A", "B", "C"};
        for (int p = 1; p <= 3; p++) {
            items.add(new DataItem(
                    DataIdentifier.of(0x02, 0x01, p, 0x00),
                    "phase " + phases[p - 1] + " voltage",
                    DataFormat.VOLTAGE,
                    "V",
                    1));
        }
        items.add(new DataItem(VOLTAGE_BLOCK, "voltage block (A, B, C)", DataFormat.VOLTAGE, "V", 3));
        for (int p = 1; p <= 3; p++) {
            items.add(new DataItem(
                    DataIdentifier.of(0x02, 0x02, p, 0x00),
                    "phase " + phases[p - 1] + " current",
                    DataFormat.CURRENT,
                    "A",
                    1));
        }
        items.add(new DataItem(CURRENT_BLOCK, "current block (A, B, C)", DataFormat.CURRENT, "A", 3));
        addPerPhaseWithTotal(items, 0x03, "active power", DataFormat.POWER, "kW");
        addPerPhaseWithTotal(items, 0x04, "reactive power", DataFormat.POWER, "kvar");
        addPerPhaseWithTotal(items, 0x06, "power factor", DataFormat.POWER_FACTOR, "");
        items.add(new DataItem(FREQUENCY, "grid frequency", DataFormat.FREQUENCY, "Hz", 1));
        items.add(new DataItem(DATE, "date and weekday", DataFormat.DATE, "", 1));
        items.add(new DataItem(TIME, "time", DataFormat.TIME, "", 1));
        for (int w = 1; w <= 7; w++) {
            items.add(new DataItem(
                    DataIdentifier.of(0x04, 0x00, 0x05, w),
                    "running status word " + w + (w == 3 ? " (relay)" : ""),
                    DataFormat.STATUS_WORD,
                    "",
                    1));
        }
        items.add(new DataItem(STATUS_WORD_BLOCK, "running status words 1..7", DataFormat.STATUS_WORD, "", 7));
        items.add(new DataItem(REMAINING_MONEY, "remaining money", DataFormat.MONEY, "yuan", 1));
        items.add(new DataItem(OVERDRAFT, "overdraft", DataFormat.MONEY, "yuan", 1));
        items.add(new DataItem(PROGRAMMING_COUNT, "programming count", DataFormat.COUNT, "", 1));
        items.add(new DataItem(COVER_OPEN_COUNT, "meter cover open count", DataFormat.COUNT, "", 1));
        items.add(new DataItem(TERMINAL_COVER_OPEN_COUNT, "terminal cover open count", DataFormat.COUNT, "", 1));
        for (int n = 1; n <= DAILY_FROZEN_DAYS; n++) {
            items.add(new DataItem(dailyFrozenTime(n), "daily freeze time, day -" + n, DataFormat.TIMESTAMP, "", 1));
            items.add(new DataItem(
                    dailyFrozenForwardActive(n),
                    "daily frozen forward active energy (total, T1..T4), day -" + n,
                    DataFormat.ENERGY,
                    "kWh",
                    TARIFFS + 1));
            items.add(new DataItem(
                    dailyFrozenReverseActive(n),
                    "daily frozen reverse active energy (total, T1..T4), day -" + n,
                    DataFormat.ENERGY,
                    "kWh",
                    TARIFFS + 1));
            items.add(new DataItem(
                    dailyFrozenReactive1(n),
                    "daily frozen combined reactive energy 1 (total, T1..T4), day -" + n,
                    DataFormat.SIGNED_ENERGY,
                    "kvarh",
                    TARIFFS + 1));
            items.add(new DataItem(
                    dailyFrozenReactive2(n),
                    "daily frozen combined reactive energy 2 (total, T1..T4), day -" + n,
                    DataFormat.SIGNED_ENERGY,
                    "kvarh",
                    TARIFFS + 1));
        }
        Map<DataIdentifier, DataItem> map = new LinkedHashMap<>();
        for (DataItem item : items) {
            if (map.put(item.id(), item) != null) {
                throw new IllegalStateException("duplicate data identifier " + item.id());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static void addPerPhaseWithTotal(
            List<DataItem> items, int di2, String name, DataFormat format, String unit) {
        items.add(new DataItem(DataIdentifier.of(0x02, di2, 0x00, 0x00), "total " + name, format, unit, 1));
        String[] phases = {"A", "B", "C"};
        for (int p = 1; p <= 3; p++) {
            items.add(new DataItem(
                    DataIdentifier.of(0x02, di2, p, 0x00), "phase " + phases[p - 1] + " " + name, format, unit, 1));
        }
        items.add(new DataItem(
                DataIdentifier.of(0x02, di2, 0xFF, 0x00), name + " block (total, A, B, C)", format, unit, 4));
    }
}
