package io.gridhall.dlt645;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data identifiers this library can decode, with name, layout, unit and value count: the
 * tables of DL/T 645-2007 appendix A for energy (A.1), demand (A.2), instantaneous values (A.3),
 * the common events (A.4) and parameters (A.5), plus daily frozen data (A.6) and prepayment.
 *
 * <p>Energy identifiers follow the pattern {@code 00 kind tariff NN}: tariff 00 is the total,
 * 01..04 are T1..T4 and FF is the block of total plus T1..T4; NN 00 is the current value and
 * 01..0C the value frozen at the 1st..12th last settlement day. Maximum demand is the same with
 * DI3 = 01, each value followed by the moment it occurred. Per-phase energy and demand use kinds
 * 15..1E (A), 29..32 (B) and 3D..46 (C) with the total only. Daily frozen data use
 * {@code 05 06 kind NN} with NN 01..3E, the 1st..62nd last day. Event records use NN 01..0A, the
 * 1st..10th last event.
 *
 * <p>The tables are data: each family below is one loop over a table of kinds, not one method per
 * identifier.
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
    public static final DataIdentifier APPARENT_POWER_TOTAL = DataIdentifier.of(0x02, 0x05, 0x00, 0x00);
    public static final DataIdentifier APPARENT_POWER_BLOCK = DataIdentifier.of(0x02, 0x05, 0xFF, 0x00);
    public static final DataIdentifier PHASE_ANGLE_BLOCK = DataIdentifier.of(0x02, 0x07, 0xFF, 0x00);
    public static final DataIdentifier NEUTRAL_CURRENT = DataIdentifier.of(0x02, 0x80, 0x00, 0x01);
    public static final DataIdentifier TEMPERATURE = DataIdentifier.of(0x02, 0x80, 0x00, 0x07);
    public static final DataIdentifier FORWARD_ACTIVE_DEMAND = DataIdentifier.of(0x01, 0x01, 0x00, 0x00);
    public static final DataIdentifier FORWARD_ACTIVE_DEMAND_BLOCK = DataIdentifier.of(0x01, 0x01, 0xFF, 0x00);
    public static final DataIdentifier COMMUNICATION_ADDRESS = DataIdentifier.of(0x04, 0x00, 0x04, 0x01);
    public static final DataIdentifier METER_NUMBER = DataIdentifier.of(0x04, 0x00, 0x04, 0x02);
    public static final DataIdentifier ASSET_NUMBER = DataIdentifier.of(0x04, 0x00, 0x04, 0x03);
    public static final DataIdentifier RATED_VOLTAGE = DataIdentifier.of(0x04, 0x00, 0x04, 0x04);
    public static final DataIdentifier RATED_CURRENT = DataIdentifier.of(0x04, 0x00, 0x04, 0x05);
    public static final DataIdentifier MAXIMUM_CURRENT = DataIdentifier.of(0x04, 0x00, 0x04, 0x06);
    public static final DataIdentifier ACTIVE_ACCURACY_CLASS = DataIdentifier.of(0x04, 0x00, 0x04, 0x07);
    public static final DataIdentifier REACTIVE_ACCURACY_CLASS = DataIdentifier.of(0x04, 0x00, 0x04, 0x08);
    public static final DataIdentifier ACTIVE_CONSTANT = DataIdentifier.of(0x04, 0x00, 0x04, 0x09);
    public static final DataIdentifier REACTIVE_CONSTANT = DataIdentifier.of(0x04, 0x00, 0x04, 0x0A);
    public static final DataIdentifier METER_MODEL = DataIdentifier.of(0x04, 0x00, 0x04, 0x0B);
    public static final DataIdentifier PRODUCTION_DATE = DataIdentifier.of(0x04, 0x00, 0x04, 0x0C);
    public static final DataIdentifier PROTOCOL_VERSION = DataIdentifier.of(0x04, 0x00, 0x04, 0x0D);
    public static final DataIdentifier USER_NUMBER = DataIdentifier.of(0x04, 0x00, 0x04, 0x0E);
    public static final DataIdentifier SOFTWARE_VERSION = DataIdentifier.of(0x04, 0x80, 0x00, 0x01);
    public static final DataIdentifier HARDWARE_VERSION = DataIdentifier.of(0x04, 0x80, 0x00, 0x02);
    public static final DataIdentifier MANUFACTURER = DataIdentifier.of(0x04, 0x80, 0x00, 0x03);
    public static final DataIdentifier LOSS_OF_VOLTAGE = DataIdentifier.of(0x03, 0x01, 0x00, 0x00);
    public static final DataIdentifier LOSS_OF_CURRENT = DataIdentifier.of(0x03, 0x0B, 0x00, 0x00);
    public static final DataIdentifier POWER_OFF_COUNT = DataIdentifier.of(0x03, 0x11, 0x00, 0x00);
    public static final DataIdentifier METER_CLEAR_COUNT = DataIdentifier.of(0x03, 0x30, 0x01, 0x00);
    public static final DataIdentifier EVENT_CLEAR_COUNT = DataIdentifier.of(0x03, 0x30, 0x03, 0x00);
    public static final DataIdentifier TIME_SET_COUNT = DataIdentifier.of(0x03, 0x30, 0x04, 0x00);

    private static final String[] TARIFF_NAMES = {"total", "T1", "T2", "T3", "T4"};

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

    /**
     * Power-off (掉电) event record of the {@code n}-th last power loss (1..10): two YYMMDDhhmmss values, the moment
     * supply was lost and the moment it came back (all zero while a meter has no such record). A meter keeps
     * counting and recording on its battery or capacitor, so it answers these once supply is back.
     */
    public static DataIdentifier powerOffRecord(int n) {
        checkRange("power-off record", n, EVENT_RECORDS);
        return DataIdentifier.of(0x03, 0x11, 0x00, n);
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

    /** An energy or demand kind: DI2, name, unit and whether it carries a sign. */
    private record Kind(int di2, String name, String unit, boolean signed) {}

    /** Energy kinds 00..0A of table A.1 (demand uses 01..0A of them, table A.2). */
    private static final List<Kind> ENERGY_KINDS = List.of(
            new Kind(0x00, "combined active", "kWh", true),
            new Kind(0x01, "forward active", "kWh", false),
            new Kind(0x02, "reverse active", "kWh", false),
            new Kind(0x03, "combined reactive 1", "kvarh", true),
            new Kind(0x04, "combined reactive 2", "kvarh", true),
            new Kind(0x05, "quadrant I reactive", "kvarh", false),
            new Kind(0x06, "quadrant II reactive", "kvarh", false),
            new Kind(0x07, "quadrant III reactive", "kvarh", false),
            new Kind(0x08, "quadrant IV reactive", "kvarh", false),
            new Kind(0x09, "forward apparent", "kVAh", false),
            new Kind(0x0A, "reverse apparent", "kVAh", false));

    /** Totals without tariffs, table A.1 (DI2 80..86). */
    private static final List<Kind> TOTAL_ONLY_ENERGY_KINDS = List.of(
            new Kind(0x80, "associated total", "kWh", false),
            new Kind(0x81, "forward active fundamental", "kWh", false),
            new Kind(0x82, "reverse active fundamental", "kWh", false),
            new Kind(0x83, "forward active harmonic", "kWh", false),
            new Kind(0x84, "reverse active harmonic", "kWh", false),
            new Kind(0x85, "copper loss active compensation", "kWh", false),
            new Kind(0x86, "iron loss active compensation", "kWh", false));

    /** First per-phase kind (forward active) of phases A, B and C; kinds 01..0A follow it as 15..1E. */
    private static final int[] PHASE_KIND_BASE = {0x15, 0x29, 0x3D};

    private static final String[] PHASES = {"A", "B", "C"};

    /** Per-phase quantities of table A.3 without a total: DI2, name, format, unit. */
    private record Quantity(int di2, String name, DataFormat format, String unit) {}

    private static final List<Quantity> PHASE_QUANTITIES = List.of(
            new Quantity(0x01, "voltage", DataFormat.VOLTAGE, "V"),
            new Quantity(0x02, "current", DataFormat.CURRENT, "A"),
            new Quantity(0x07, "phase angle", DataFormat.ANGLE, "°"),
            new Quantity(0x08, "voltage waveform distortion", DataFormat.PERCENT, "%"),
            new Quantity(0x09, "current waveform distortion", DataFormat.PERCENT, "%"));

    /** Quantities of table A.3 with a total before the phases. */
    private static final List<Quantity> TOTAL_AND_PHASE_QUANTITIES = List.of(
            new Quantity(0x03, "active power", DataFormat.POWER, "kW"),
            new Quantity(0x04, "reactive power", DataFormat.POWER, "kvar"),
            new Quantity(0x05, "apparent power", DataFormat.POWER, "kVA"),
            new Quantity(0x06, "power factor", DataFormat.POWER_FACTOR, ""));

    /** Harmonic content of the 1st..21st harmonic per phase (DI2 0A voltage, 0B current). */
    private static final int HARMONICS = 21;

    /** Single values of table A.3 under 02 80 00 xx. */
    private record Single(DataIdentifier id, String name, List<DataFormat> fields, String unit) {
        Single(DataIdentifier id, String name, DataFormat format, String unit) {
            this(id, name, List.of(format), unit);
        }
    }

    private static final List<Single> SINGLES = List.of(
            new Single(NEUTRAL_CURRENT, "neutral current", DataFormat.CURRENT, "A"),
            new Single(FREQUENCY, "grid frequency", DataFormat.FREQUENCY, "Hz"),
            new Single(of(0x02800003), "one-minute average total active power", DataFormat.POWER, "kW"),
            new Single(of(0x02800004), "current active demand", DataFormat.POWER, "kW"),
            new Single(of(0x02800005), "current reactive demand", DataFormat.POWER, "kvar"),
            new Single(of(0x02800006), "current apparent demand", DataFormat.POWER, "kVA"),
            new Single(TEMPERATURE, "temperature inside the meter", DataFormat.TEMPERATURE, "°C"),
            new Single(of(0x02800008), "clock battery voltage", DataFormat.BATTERY_VOLTAGE, "V"),
            new Single(of(0x02800009), "meter-reading battery voltage", DataFormat.BATTERY_VOLTAGE, "V"),
            new Single(of(0x0280000A), "internal battery running time", DataFormat.LONG_COUNT, "min"),
            new Single(of(0x0280000B), "current step price", DataFormat.PRICE, "yuan/kWh"),
            // prepayment (State Grid smart meters, 00 90 ..)
            new Single(of(0x00900100), "remaining energy", DataFormat.ENERGY, "kWh"),
            new Single(of(0x00900101), "overdraft energy", DataFormat.ENERGY, "kWh"),
            new Single(REMAINING_MONEY, "remaining money", DataFormat.MONEY, "yuan"),
            new Single(OVERDRAFT, "overdraft", DataFormat.MONEY, "yuan"),
            // parameters, table A.5
            new Single(DATE, "date and weekday", DataFormat.DATE, ""),
            new Single(TIME, "time", DataFormat.TIME, ""),
            new Single(of(0x04000103), "maximum demand period", DataFormat.SMALL_NUMBER, "min"),
            new Single(of(0x04000104), "sliding window time", DataFormat.SMALL_NUMBER, "min"),
            new Single(of(0x04000105), "calibration pulse width", DataFormat.NUMBER, "ms"),
            new Single(of(0x04000106), "switch time to the other time zone table", DataFormat.TIMESTAMP, ""),
            new Single(of(0x04000107), "switch time to the other daily slot table", DataFormat.TIMESTAMP, ""),
            new Single(of(0x04000201), "annual time zones", DataFormat.SMALL_NUMBER, ""),
            new Single(of(0x04000202), "daily slot tables", DataFormat.SMALL_NUMBER, ""),
            new Single(of(0x04000203), "daily slots", DataFormat.SMALL_NUMBER, ""),
            new Single(of(0x04000204), "tariffs", DataFormat.SMALL_NUMBER, ""),
            new Single(of(0x04000205), "public holidays", DataFormat.NUMBER, ""),
            new Single(COMMUNICATION_ADDRESS, "communication address", DataFormat.DIGITS_12, ""),
            new Single(METER_NUMBER, "meter number", DataFormat.DIGITS_12, ""),
            new Single(ASSET_NUMBER, "asset number", DataFormat.ASCII_32, ""),
            new Single(RATED_VOLTAGE, "rated voltage", DataFormat.ASCII_6, ""),
            new Single(RATED_CURRENT, "rated current (base current)", DataFormat.ASCII_6, ""),
            new Single(MAXIMUM_CURRENT, "maximum current", DataFormat.ASCII_6, ""),
            new Single(ACTIVE_ACCURACY_CLASS, "active accuracy class", DataFormat.ASCII_4, ""),
            new Single(REACTIVE_ACCURACY_CLASS, "reactive accuracy class", DataFormat.ASCII_4, ""),
            new Single(ACTIVE_CONSTANT, "active meter constant", DataFormat.COUNT, "imp/kWh"),
            new Single(REACTIVE_CONSTANT, "reactive meter constant", DataFormat.COUNT, "imp/kvarh"),
            new Single(METER_MODEL, "meter model", DataFormat.ASCII_10, ""),
            new Single(PRODUCTION_DATE, "production date", DataFormat.ASCII_10, ""),
            new Single(PROTOCOL_VERSION, "protocol version", DataFormat.ASCII_16, ""),
            new Single(USER_NUMBER, "user number", DataFormat.DIGITS_12, ""),
            new Single(of(0x04000B01), "settlement day 1", DataFormat.DAY_HOUR, ""),
            new Single(of(0x04000B02), "settlement day 2", DataFormat.DAY_HOUR, ""),
            new Single(of(0x04000B03), "settlement day 3", DataFormat.DAY_HOUR, ""),
            new Single(SOFTWARE_VERSION, "manufacturer software version", DataFormat.ASCII_32, ""),
            new Single(HARDWARE_VERSION, "manufacturer hardware version", DataFormat.ASCII_32, ""),
            new Single(MANUFACTURER, "manufacturer number", DataFormat.ASCII_32, ""));

    /** Events of table A.4 counted per phase: count and cumulative minutes for A, B and C. */
    private static final List<Kind> PHASE_EVENTS = List.of(
            new Kind(0x01, "loss of voltage", "", false),
            new Kind(0x02, "under-voltage", "", false),
            new Kind(0x03, "over-voltage", "", false),
            new Kind(0x04, "phase break", "", false),
            new Kind(0x0B, "loss of current", "", false),
            new Kind(0x0C, "over-current", "", false),
            new Kind(0x0D, "current break", "", false),
            new Kind(0x0E, "power reversal", "", false),
            new Kind(0x0F, "overload", "", false));

    /** Events of table A.4 with one count and cumulative minutes. */
    private static final List<Kind> TOTAL_EVENTS = List.of(
            new Kind(0x05, "loss of all voltages", "", false),
            new Kind(0x06, "loss of auxiliary power", "", false),
            new Kind(0x07, "voltage reverse phase sequence", "", false),
            new Kind(0x08, "current reverse phase sequence", "", false),
            new Kind(0x09, "voltage imbalance", "", false),
            new Kind(0x0A, "current imbalance", "", false));

    /** Last events kept by the meter (NN 01..0A). */
    public static final int EVENT_RECORDS = 10;

    /** An operation counted under 03 30 op 00, with the layout of its records (none: count only). */
    private record Operation(int di1, String name, List<DataFormat> record) {}

    private static final List<DataFormat> BEFORE_AND_AFTER_ENERGY = List.of(
            DataFormat.ENERGY,
            DataFormat.ENERGY,
            DataFormat.ENERGY,
            DataFormat.ENERGY,
            DataFormat.ENERGY,
            DataFormat.ENERGY);

    private static final List<Operation> OPERATIONS = List.of(
            new Operation(0x00, "programming", programmingRecord()),
            new Operation(0x01, "meter clear", List.of()),
            new Operation(0x02, "demand clear", List.of()),
            new Operation(
                    0x03, "event clear", List.of(DataFormat.DATE_TIME, DataFormat.OPERATOR, DataFormat.IDENTIFIER)),
            new Operation(0x04, "time set", List.of(DataFormat.OPERATOR, DataFormat.DATE_TIME, DataFormat.DATE_TIME)),
            new Operation(0x05, "daily slot table programming", List.of()),
            new Operation(0x06, "time zone table programming", List.of()),
            new Operation(0x07, "weekly rest day programming", List.of()),
            new Operation(0x08, "holiday programming", List.of()),
            new Operation(0x09, "active combination programming", List.of()),
            new Operation(0x0A, "reactive combination 1 programming", List.of()),
            new Operation(0x0B, "reactive combination 2 programming", List.of()),
            new Operation(0x0C, "settlement day programming", List.of()),
            new Operation(0x0D, "meter cover open", coverRecord()),
            new Operation(0x0E, "terminal cover open", coverRecord()));

    /** When, who, and the first ten identifiers written (FF for unused slots). */
    private static List<DataFormat> programmingRecord() {
        List<DataFormat> record = new ArrayList<>(List.of(DataFormat.DATE_TIME, DataFormat.OPERATOR));
        for (int i = 0; i < 10; i++) {
            record.add(DataFormat.IDENTIFIER);
        }
        return record;
    }

    /**
     * Start, end, then forward active, reverse active and quadrant I..IV reactive energy before the
     * cover was opened and after it was closed.
     */
    private static List<DataFormat> coverRecord() {
        List<DataFormat> record = new ArrayList<>(List.of(DataFormat.DATE_TIME, DataFormat.DATE_TIME));
        record.addAll(BEFORE_AND_AFTER_ENERGY);
        record.addAll(BEFORE_AND_AFTER_ENERGY);
        return record;
    }

    /** Built after the tables above: static fields initialise in order. */
    private static final Map<DataIdentifier, DataItem> ITEMS = build();

    private static DataIdentifier of(int value) {
        return new DataIdentifier(value);
    }

    private static Map<DataIdentifier, DataItem> build() {
        List<DataItem> items = new ArrayList<>();
        addEnergy(items);
        addDemand(items);
        addInstantaneous(items);
        for (Single s : SINGLES) {
            items.add(new DataItem(s.id(), s.name(), s.fields(), s.unit(), 1));
        }
        addEvents(items);
        for (int w = 1; w <= 7; w++) {
            items.add(new DataItem(
                    DataIdentifier.of(0x04, 0x00, 0x05, w),
                    "running status word " + w + (w == 3 ? " (relay)" : ""),
                    DataFormat.STATUS_WORD,
                    "",
                    1));
        }
        items.add(new DataItem(STATUS_WORD_BLOCK, "running status words 1..7", DataFormat.STATUS_WORD, "", 7));
        addDailyFrozen(items);
        Map<DataIdentifier, DataItem> map = new LinkedHashMap<>();
        for (DataItem item : items) {
            if (map.put(item.id(), item) != null) {
                throw new IllegalStateException("duplicate data identifier " + item.id());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static String when(int nn) {
        return nn == 0 ? "" : " at settlement day -" + nn;
    }

    private static void addEnergy(List<DataItem> items) {
        for (Kind kind : ENERGY_KINDS) {
            DataFormat format = kind.signed() ? DataFormat.SIGNED_ENERGY : DataFormat.ENERGY;
            for (int nn = 0; nn <= SETTLEMENT_DAYS; nn++) {
                for (int tariff = 0; tariff <= TARIFFS; tariff++) {
                    items.add(new DataItem(
                            energy(kind.di2(), tariff, nn),
                            kind.name() + " energy " + TARIFF_NAMES[tariff] + when(nn),
                            format,
                            kind.unit(),
                            1));
                }
                items.add(new DataItem(
                        energy(kind.di2(), 0xFF, nn),
                        kind.name() + " energy block (total, T1..T4)" + when(nn),
                        format,
                        kind.unit(),
                        TARIFFS + 1));
            }
        }
        for (Kind kind : TOTAL_ONLY_ENERGY_KINDS) {
            for (int nn = 0; nn <= SETTLEMENT_DAYS; nn++) {
                items.add(new DataItem(
                        energy(kind.di2(), 0, nn),
                        kind.name() + " energy" + when(nn),
                        DataFormat.ENERGY,
                        kind.unit(),
                        1));
            }
        }
        for (int p = 0; p < 3; p++) {
            for (Kind kind : ENERGY_KINDS.subList(1, ENERGY_KINDS.size())) {
                DataFormat format = kind.signed() ? DataFormat.SIGNED_ENERGY : DataFormat.ENERGY;
                for (int nn = 0; nn <= SETTLEMENT_DAYS; nn++) {
                    items.add(new DataItem(
                            energy(PHASE_KIND_BASE[p] + kind.di2() - 1, 0, nn),
                            "phase " + PHASES[p] + " " + kind.name() + " energy" + when(nn),
                            format,
                            kind.unit(),
                            1));
                }
            }
        }
    }

    private static void addDemand(List<DataItem> items) {
        for (Kind kind : ENERGY_KINDS.subList(1, ENERGY_KINDS.size())) {
            List<DataFormat> demand = List.of(DataFormat.POWER, DataFormat.TIMESTAMP);
            String unit = demandUnit(kind);
            for (int nn = 0; nn <= SETTLEMENT_DAYS; nn++) {
                for (int tariff = 0; tariff <= TARIFFS; tariff++) {
                    items.add(new DataItem(
                            DataIdentifier.of(0x01, kind.di2(), tariff, nn),
                            kind.name() + " maximum demand " + TARIFF_NAMES[tariff] + " and its time" + when(nn),
                            demand,
                            unit,
                            1));
                }
                items.add(new DataItem(
                        DataIdentifier.of(0x01, kind.di2(), 0xFF, nn),
                        kind.name() + " maximum demand block (total, T1..T4), each with its time" + when(nn),
                        demand,
                        unit,
                        TARIFFS + 1));
            }
            for (int p = 0; p < 3; p++) {
                for (int nn = 0; nn <= SETTLEMENT_DAYS; nn++) {
                    items.add(new DataItem(
                            DataIdentifier.of(0x01, PHASE_KIND_BASE[p] + kind.di2() - 1, 0, nn),
                            "phase " + PHASES[p] + " " + kind.name() + " maximum demand and its time" + when(nn),
                            demand,
                            unit,
                            1));
                }
            }
        }
    }

    /** kWh to kW: demand is power. */
    private static String demandUnit(Kind kind) {
        return kind.unit().substring(0, kind.unit().length() - 1);
    }

    private static void addInstantaneous(List<DataItem> items) {
        for (Quantity q : PHASE_QUANTITIES) {
            for (int p = 1; p <= 3; p++) {
                items.add(new DataItem(
                        DataIdentifier.of(0x02, q.di2(), p, 0x00),
                        "phase " + PHASES[p - 1] + " " + q.name(),
                        q.format(),
                        q.unit(),
                        1));
            }
            items.add(new DataItem(
                    DataIdentifier.of(0x02, q.di2(), 0xFF, 0x00),
                    q.name() + " block (A, B, C)",
                    q.format(),
                    q.unit(),
                    3));
        }
        for (Quantity q : TOTAL_AND_PHASE_QUANTITIES) {
            items.add(new DataItem(
                    DataIdentifier.of(0x02, q.di2(), 0x00, 0x00), "total " + q.name(), q.format(), q.unit(), 1));
            for (int p = 1; p <= 3; p++) {
                items.add(new DataItem(
                        DataIdentifier.of(0x02, q.di2(), p, 0x00),
                        "phase " + PHASES[p - 1] + " " + q.name(),
                        q.format(),
                        q.unit(),
                        1));
            }
            items.add(new DataItem(
                    DataIdentifier.of(0x02, q.di2(), 0xFF, 0x00),
                    q.name() + " block (total, A, B, C)",
                    q.format(),
                    q.unit(),
                    4));
        }
        String[] harmonicOf = {"voltage", "current"};
        for (int k = 0; k < 2; k++) {
            for (int p = 1; p <= 3; p++) {
                for (int h = 1; h <= HARMONICS; h++) {
                    items.add(new DataItem(
                            DataIdentifier.of(0x02, 0x0A + k, p, h),
                            "phase " + PHASES[p - 1] + " " + harmonicOf[k] + " harmonic " + h + " content",
                            DataFormat.PERCENT,
                            "%",
                            1));
                }
                items.add(new DataItem(
                        DataIdentifier.of(0x02, 0x0A + k, p, 0xFF),
                        "phase " + PHASES[p - 1] + " " + harmonicOf[k] + " harmonic content block (1..21)",
                        DataFormat.PERCENT,
                        "%",
                        HARMONICS));
            }
        }
    }

    private static void addEvents(List<DataItem> items) {
        for (Kind e : PHASE_EVENTS) {
            items.add(new DataItem(
                    DataIdentifier.of(0x03, e.di2(), 0x00, 0x00),
                    e.name() + " count and minutes of phases A, B, C",
                    List.of(DataFormat.COUNT, DataFormat.COUNT),
                    "",
                    3));
        }
        for (Kind e : TOTAL_EVENTS) {
            items.add(new DataItem(
                    DataIdentifier.of(0x03, e.di2(), 0x00, 0x00),
                    e.name() + " count and minutes",
                    List.of(DataFormat.COUNT, DataFormat.COUNT),
                    "",
                    1));
        }
        items.add(new DataItem(POWER_OFF_COUNT, "power-off count", DataFormat.COUNT, "", 1));
        for (int n = 1; n <= EVENT_RECORDS; n++) {
            items.add(new DataItem(
                    DataIdentifier.of(0x03, 0x11, 0x00, n),
                    "power-off " + n + " ago: start and end",
                    DataFormat.DATE_TIME,
                    "",
                    2));
        }
        for (Operation op : OPERATIONS) {
            items.add(new DataItem(
                    DataIdentifier.of(0x03, 0x30, op.di1(), 0x00), op.name() + " count", DataFormat.COUNT, "", 1));
            if (op.record().isEmpty()) {
                continue;
            }
            for (int n = 1; n <= EVENT_RECORDS; n++) {
                items.add(new DataItem(
                        DataIdentifier.of(0x03, 0x30, op.di1(), n),
                        op.name() + " record " + n + " ago",
                        op.record(),
                        "",
                        1));
            }
        }
    }

    private static void addDailyFrozen(List<DataItem> items) {
        for (int n = 1; n <= DAILY_FROZEN_DAYS; n++) {
            items.add(new DataItem(dailyFrozenTime(n), "daily freeze time, day -" + n, DataFormat.TIMESTAMP, "", 1));
            for (Kind kind : ENERGY_KINDS.subList(1, 5)) {
                items.add(new DataItem(
                        DataIdentifier.of(0x05, 0x06, kind.di2(), n),
                        "daily frozen " + kind.name() + " energy (total, T1..T4), day -" + n,
                        kind.signed() ? DataFormat.SIGNED_ENERGY : DataFormat.ENERGY,
                        kind.unit(),
                        TARIFFS + 1));
            }
        }
    }
}
