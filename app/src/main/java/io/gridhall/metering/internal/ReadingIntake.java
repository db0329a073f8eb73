package io.gridhall.metering.internal;

import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.Quality;
import io.gridhall.metering.RegisterRead;
import io.gridhall.shared.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns rows from a collection system (JSON batch rows or CSV lines) into interval days and register
 * reads, collecting an error per bad field with its row number instead of stopping at the first.
 */
@Component
public class ReadingIntake {

    /** A bad field in a row; {@code code} is a message key under {@code metering.row.}. */
    public record RowError(int row, String field, String code, List<Object> args) {}

    public record IntervalRow(
            int row, String address, String channel, String day, Integer firstSlot, List<String> kwh, String quality) {}

    public record RegisterRow(
            int row,
            String address,
            String day,
            String total,
            String t1,
            String t2,
            String t3,
            String t4,
            String reverse,
            String reactive1,
            String reactive2,
            String meterTime) {}

    public record Parsed(
            List<IntervalDay> intervals,
            List<RegisterRead> registers,
            List<RowError> errors,
            int rows,
            Set<Integer> badRows) {}

    /** The largest value of one slot: int4 in 0.0001 kWh. */
    static final BigDecimal MAX_SLOT_KWH = BigDecimal.valueOf(Integer.MAX_VALUE, 4);

    /**
     * The longest number text looked at: a register reads at most 12 digits and 2 decimals. Longer text is refused
     * before it is parsed, since parsing a decimal of millions of digits takes minutes of CPU.
     */
    public static final int MAX_NUMBER_LENGTH = 32;

    /** The longest text of any other field (addresses, days, channels, times); longer text is refused unread. */
    public static final int MAX_FIELD_LENGTH = 64;

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

    /** The first day readings may be for: nothing was metered before it, and earlier days are typing errors. */
    public static final LocalDate EARLIEST_DAY = LocalDate.of(2000, 1, 1);

    private final Meters meters;
    private final Clock clock;

    /**
     * Refuses a day outside {@link #EARLIEST_DAY} to {@code latest} (400 {@code bad-reading-day}): readings and
     * everything derived from them are for such days only.
     */
    public static void requireReadingDay(LocalDate day, LocalDate latest) {
        if (day.isBefore(EARLIEST_DAY) || day.isAfter(latest)) {
            throw Problem.badRequest("bad-reading-day", day.toString(), EARLIEST_DAY.toString(), latest.toString());
        }
    }

    ReadingIntake(Meters meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Resolves and checks the rows. Only meters of the given branches (null: all, see {@code Actor.branchScope()})
     * are found: an address of another branch is an unknown meter, reported exactly like one never enrolled.
     */
    public Parsed parse(List<IntervalRow> intervalRows, List<RegisterRow> registerRows, List<Long> branchScope) {
        return parse(intervalRows, registerRows, branchScope, "firstSlot");
    }

    /** {@code slotField} names the slot where the caller's rows have it: {@code firstSlot} in JSON, {@code slot} in a file. */
    private Parsed parse(
            List<IntervalRow> intervalRows, List<RegisterRow> registerRows, List<Long> branchScope, String slotField) {
        Set<String> addresses = new HashSet<>();
        intervalRows.forEach(r -> addresses.add(r.address()));
        registerRows.forEach(r -> addresses.add(r.address()));
        addresses.remove(null);
        addresses.removeIf(a -> a.length() > MAX_FIELD_LENGTH);
        Map<String, Long> ids =
                meters.idsByAddress(addresses.stream().map(String::strip).toList(), branchScope);
        LocalDate latest = LocalDate.now(clock).plusDays(1);
        List<RowError> errors = new ArrayList<>();
        Set<Integer> bad = new HashSet<>();
        Map<String, IntervalDay> days = new LinkedHashMap<>();
        Instant now = clock.instant();

        for (IntervalRow r : intervalRows) {
            List<RowError> mine = new ArrayList<>();
            Long meter = meter(r.row(), r.address(), ids, mine);
            Channel channel = null;
            try {
                channel = r.channel() == null || r.channel().isBlank()
                        ? Channel.FORWARD_ACTIVE
                        : tooLong(r.row(), "channel", r.channel(), MAX_FIELD_LENGTH, mine)
                                ? null
                                : Channel.valueOf(r.channel().strip());
            } catch (IllegalArgumentException e) {
                mine.add(new RowError(r.row(), "channel", "bad-channel", List.of(r.channel())));
            }
            LocalDate day = day(r.row(), r.day(), latest, mine);
            int first = r.firstSlot() == null ? 1 : r.firstSlot();
            List<String> kwh = r.kwh() == null ? List.of() : r.kwh();
            if (first < 1 || first > 96) {
                mine.add(new RowError(r.row(), slotField, "bad-slot", List.of(first)));
            } else if (kwh.isEmpty() || first + kwh.size() - 1 > 96) {
                mine.add(new RowError(r.row(), "kwh", "bad-slot-count", List.of(kwh.size(), first)));
            }
            char q = 'A';
            if (r.quality() != null
                    && !r.quality().isBlank()
                    && !tooLong(r.row(), "quality", r.quality(), MAX_FIELD_LENGTH, mine)) {
                switch (r.quality().strip()) {
                    case "ACTUAL", "A" -> q = 'A';
                    case "ESTIMATED", "E" -> q = 'E';
                    default -> mine.add(new RowError(r.row(), "quality", "bad-quality", List.of(r.quality())));
                }
            }
            int[] units = new int[kwh.size()];
            for (int i = 0; i < kwh.size(); i++) {
                Integer u = slotUnits(r.row(), kwh.size() == 1 ? "kwh" : "kwh[" + i + "]", kwh.get(i), mine);
                units[i] = u == null ? 0 : u;
            }
            if (!mine.isEmpty()) {
                errors.addAll(mine);
                bad.add(r.row());
                continue;
            }
            String key = meter + "/" + channel + "/" + day;
            IntervalDay base = days.getOrDefault(key, IntervalDay.empty(meter, channel, day));
            int[] v = base.values();
            char[] qs = base.quality();
            for (int i = 0; i < units.length; i++) {
                int slot = first - 1 + i;
                if (qs[slot] != 'M') continue; // first value of a slot in a delivery wins
                v[slot] = units[i];
                qs[slot] = q;
            }
            days.put(key, new IntervalDay(meter, channel, day, v, qs));
        }

        List<RegisterRead> registers = new ArrayList<>();
        for (RegisterRow r : registerRows) {
            List<RowError> mine = new ArrayList<>();
            Long meter = meter(r.row(), r.address(), ids, mine);
            LocalDate day = day(r.row(), r.day(), latest, mine);
            Long total = register(r.row(), "total", r.total(), true, mine);
            Long t1 = register(r.row(), "t1", r.t1(), false, mine);
            Long t2 = register(r.row(), "t2", r.t2(), false, mine);
            Long t3 = register(r.row(), "t3", r.t3(), false, mine);
            Long t4 = register(r.row(), "t4", r.t4(), false, mine);
            Long reverse = register(r.row(), "reverse", r.reverse(), false, mine);
            Long reactive1 = register(r.row(), "reactive1", r.reactive1(), false, mine);
            Long reactive2 = register(r.row(), "reactive2", r.reactive2(), false, mine);
            Instant meterTime = null;
            if (r.meterTime() != null
                    && !r.meterTime().isBlank()
                    && !tooLong(r.row(), "meterTime", r.meterTime(), MAX_FIELD_LENGTH, mine)) {
                try {
                    meterTime = OffsetDateTime.parse(r.meterTime().strip()).toInstant();
                } catch (DateTimeParseException e) {
                    mine.add(new RowError(r.row(), "meterTime", "bad-time", List.of(r.meterTime())));
                }
            }
            if (!mine.isEmpty()) {
                errors.addAll(mine);
                bad.add(r.row());
                continue;
            }
            registers.add(new RegisterRead(
                    meter, day, total, t1, t2, t3, t4, reverse, reactive1, reactive2, Quality.ACTUAL, meterTime, now));
        }
        return new Parsed(
                List.copyOf(days.values()), registers, errors, intervalRows.size() + registerRows.size(), bad);
    }

    /** Whether the text is longer than the field may be; if so, the row error is recorded. */
    private static boolean tooLong(int row, String field, String text, int max, List<RowError> errors) {
        if (text == null || text.length() <= max) return false;
        errors.add(new RowError(row, field, "too-long", List.of(text, max)));
        return true;
    }

    private static Long meter(int row, String address, Map<String, Long> ids, List<RowError> errors) {
        if (tooLong(row, "address", address, MAX_FIELD_LENGTH, errors)) return null;
        if (address == null || !address.strip().matches("\\d{12}")) {
            errors.add(new RowError(row, "address", "bad-address", List.of(String.valueOf(address))));
            return null;
        }
        Long id = ids.get(address.strip());
        if (id == null) errors.add(new RowError(row, "address", "unknown-meter", List.of(address.strip())));
        return id;
    }

    private static LocalDate day(int row, String text, LocalDate latest, List<RowError> errors) {
        if (tooLong(row, "day", text, MAX_FIELD_LENGTH, errors)) return null;
        try {
            LocalDate day = LocalDate.parse(text == null ? "" : text.strip());
            if (day.isAfter(latest)) {
                errors.add(new RowError(row, "day", "future-day", List.of(text)));
                return null;
            }
            if (day.isBefore(EARLIEST_DAY)) {
                errors.add(new RowError(row, "day", "early-day", List.of(text, EARLIEST_DAY.toString())));
                return null;
            }
            return day;
        } catch (DateTimeParseException e) {
            errors.add(new RowError(row, "day", "bad-day", List.of(String.valueOf(text))));
            return null;
        }
    }

    private static Integer slotUnits(int row, String field, String text, List<RowError> errors) {
        BigDecimal kwh = decimal(row, field, text, 4, errors);
        if (kwh == null) return null;
        if (kwh.compareTo(MAX_SLOT_KWH) > 0) {
            errors.add(new RowError(row, field, "too-large", List.of(text)));
            return null;
        }
        return kwh.movePointRight(4).intValueExact();
    }

    private static Long register(int row, String field, String text, boolean required, List<RowError> errors) {
        if (text == null || text.isBlank()) {
            if (required) errors.add(new RowError(row, field, "required", List.of()));
            return null;
        }
        BigDecimal kwh = decimal(row, field, text, 2, errors);
        if (kwh == null) return null;
        if (kwh.precision() - kwh.scale() > 12) {
            errors.add(new RowError(row, field, "too-large", List.of(text)));
            return null;
        }
        return kwh.movePointRight(2).longValueExact();
    }

    private static BigDecimal decimal(int row, String field, String text, int scale, List<RowError> errors) {
        if (tooLong(row, field, text, MAX_NUMBER_LENGTH, errors)) return null;
        BigDecimal value;
        try {
            String plain = text == null ? "" : text.strip();
            // digits with an optional point only: "1e999999999" is short, but scaling it would take minutes
            if (!PLAIN_DECIMAL.matcher(plain).matches()) throw new NumberFormatException(plain);
            value = new BigDecimal(plain);
        } catch (NumberFormatException e) {
            errors.add(new RowError(row, field, "bad-number", List.of(String.valueOf(text))));
            return null;
        }
        if (value.signum() < 0) {
            errors.add(new RowError(row, field, "negative", List.of(text)));
            return null;
        }
        if (value.stripTrailingZeros().scale() > scale) {
            errors.add(new RowError(row, field, "too-many-decimals", List.of(text, scale)));
            return null;
        }
        return value.setScale(scale);
    }

    // ---- CSV

    /** Columns of the interval CSV: one line per slot. */
    public static final List<String> INTERVAL_COLUMNS = List.of("address", "channel", "day", "slot", "kwh", "quality");

    public static final List<String> REGISTER_COLUMNS = List.of(
            "address", "day", "total", "t1", "t2", "t3", "t4", "reverse", "reactive1", "reactive2", "meterTime");

    /**
     * Reads a CSV file (UTF-8, optional BOM, comma separated, header line with column names in any
     * order; row numbers are line numbers, the header is line 1). Returns null rows when the header
     * lacks a required column. Meters are found in the given branches only, as in {@link #parse}.
     */
    public Parsed parseCsv(InputStream in, boolean intervals, List<Long> branchScope) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null) {
                return new Parsed(
                        List.of(),
                        List.of(),
                        List.of(new RowError(1, "header", "empty-file", List.of())),
                        0,
                        Set.of(1));
            }
            if (header.startsWith("\uFEFF")) header = header.substring(1);
            List<String> names = List.of(header.strip().split("\\s*,\\s*", -1));
            List<String> required =
                    intervals ? List.of("address", "day", "slot", "kwh") : List.of("address", "day", "total");
            List<String> missing =
                    required.stream().filter(r -> !names.contains(r)).toList();
            if (!missing.isEmpty()) {
                return new Parsed(
                        List.of(),
                        List.of(),
                        List.of(new RowError(
                                1,
                                "header",
                                "missing-column",
                                List.of(String.join(",", missing), String.join(",", required)))),
                        0,
                        Set.of(1));
            }
            List<IntervalRow> iRows = new ArrayList<>();
            List<RegisterRow> rRows = new ArrayList<>();
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                String[] cells = line.split(",", -1);
                Map<String, String> cell = new java.util.HashMap<>();
                for (int i = 0; i < names.size() && i < cells.length; i++) cell.put(names.get(i), cells[i].strip());
                if (intervals) {
                    Integer slot;
                    try {
                        slot = Integer.valueOf(cell.getOrDefault("slot", ""));
                    } catch (NumberFormatException e) {
                        slot = -1;
                    }
                    iRows.add(new IntervalRow(
                            number,
                            cell.get("address"),
                            cell.get("channel"),
                            cell.get("day"),
                            slot,
                            List.of(cell.getOrDefault("kwh", "")),
                            cell.get("quality")));
                } else {
                    rRows.add(new RegisterRow(
                            number,
                            cell.get("address"),
                            cell.get("day"),
                            cell.get("total"),
                            cell.get("t1"),
                            cell.get("t2"),
                            cell.get("t3"),
                            cell.get("t4"),
                            cell.get("reverse"),
                            cell.get("reactive1"),
                            cell.get("reactive2"),
                            cell.get("meterTime")));
                }
            }
            return parse(iRows, rRows, branchScope, "slot");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
