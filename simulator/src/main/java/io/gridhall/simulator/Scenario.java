package io.gridhall.simulator;

import io.gridhall.dlt645.MeterAddress;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scripted imperfections and anomalies, one directive a line:
 *
 * <pre>
 * # comment
 * meter 000000000123 bypass from 2026-11-01 factor 0.3
 * meter * drift 2.5
 * meter 000000000124 late 3s rate 0.2 from 2026-11-01T08:00 to 2026-11-01T09:00
 * </pre>
 *
 * <p>Times are local date or date-time in the simulator's zone; {@code from} is inclusive and
 * {@code to} exclusive; a date means its midnight. See simulator/README.md for every directive.
 */
public record Scenario(List<Rule> rules) {

    public static final Scenario EMPTY = new Scenario(List.of());

    public Scenario {
        rules = List.copyOf(rules);
    }

    /** What a directive does. */
    public enum Kind {
        BYPASS,
        REVERSE,
        PHASE_LOSS,
        COVER_OPEN,
        SAG,
        HARMONICS,
        DRIFT,
        OFFLINE,
        NO_REPLY,
        CORRUPT,
        DUPLICATE,
        LATE,
        MONEY,
        PROTECT,
        RELAY_OPEN
    }

    /**
     * One directive.
     *
     * @param meter the meter, or null for every meter ({@code *})
     * @param from start, inclusive; {@link LocalDateTime#MIN} when not given
     * @param to end, exclusive; {@link LocalDateTime#MAX} when not given
     * @param value factor, rate, seconds per day or yuan, by kind; null when not given
     * @param delay for LATE
     * @param phase 0..2 for PHASE_LOSS
     */
    public record Rule(
            MeterAddress meter,
            Kind kind,
            LocalDateTime from,
            LocalDateTime to,
            BigDecimal value,
            Duration delay,
            int phase) {

        public boolean appliesTo(MeterAddress address) {
            return meter == null || meter.equals(address);
        }

        public boolean activeAt(LocalDateTime t) {
            return !t.isBefore(from) && t.isBefore(to);
        }

        /** Rate as parts per thousand; 1000 when no rate was given. */
        int ratePermille() {
            return value == null ? 1000 : value.movePointRight(3).intValue();
        }
    }

    public Scenario plus(Scenario other) {
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(other.rules);
        return new Scenario(all);
    }

    public static Scenario parse(String text) {
        List<Rule> rules = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : text.split("\\R")) {
            lineNumber++;
            String line = raw.strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            try {
                rules.add(parseLine(line));
            } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException(
                        "scenario line " + lineNumber + ": " + e.getMessage() + " in '" + line + "'", e);
            }
        }
        return new Scenario(rules);
    }

    private static Rule parseLine(String line) {
        String[] t = line.split("\\s+");
        if (t.length < 3 || !t[0].equals("meter")) {
            throw new IllegalArgumentException("expected 'meter <address|*> <directive> ...'");
        }
        MeterAddress meter = t[1].equals("*") ? null : MeterAddress.of(t[1]);
        String name = t[2].toLowerCase(Locale.ROOT);
        LocalDateTime from = LocalDateTime.MIN;
        LocalDateTime to = LocalDateTime.MAX;
        BigDecimal value = null;
        List<String> positional = new ArrayList<>();
        for (int i = 3; i < t.length; i++) {
            String key = t[i].toLowerCase(Locale.ROOT);
            boolean keyed = switch (key) {
                case "from", "to", "at", "factor", "rate" -> true;
                default -> false;
            };
            if (!keyed) {
                positional.add(t[i]);
                continue;
            }
            if (i + 1 >= t.length) {
                throw new IllegalArgumentException("'" + key + "' needs a value");
            }
            String v = t[++i];
            switch (key) {
                case "from", "at" -> from = time(v);
                case "to" -> to = time(v);
                default -> value = new BigDecimal(v);
            }
        }
        Kind kind;
        Duration delay = null;
        int phase = 0;
        switch (name) {
            case "bypass" -> {
                kind = Kind.BYPASS;
                require(
                        value != null && value.signum() >= 0 && value.compareTo(BigDecimal.ONE) <= 0,
                        "bypass needs 'factor' between 0 and 1");
            }
            case "reverse" -> kind = Kind.REVERSE;
            case "phase-loss" -> {
                kind = Kind.PHASE_LOSS;
                require(positional.size() == 1 && positional.get(0).matches("[ABCabc]"), "phase-loss needs A, B or C");
                phase = Character.toUpperCase(positional.get(0).charAt(0)) - 'A';
                positional.clear();
            }
            case "cover-open" -> {
                kind = Kind.COVER_OPEN;
                require(!from.equals(LocalDateTime.MIN), "cover-open needs 'at <time>'");
            }
            case "sag" -> {
                kind = Kind.SAG;
                require(
                        value != null && value.signum() >= 0 && value.compareTo(BigDecimal.ONE) <= 0,
                        "sag needs 'factor' between 0 and 1");
            }
            case "harmonics" -> kind = Kind.HARMONICS;
            case "drift" -> {
                kind = Kind.DRIFT;
                require(positional.size() == 1, "drift needs seconds per day");
                value = new BigDecimal(positional.remove(0));
            }
            case "offline" -> kind = Kind.OFFLINE;
            case "no-reply" -> kind = Kind.NO_REPLY;
            case "corrupt" -> kind = Kind.CORRUPT;
            case "duplicate" -> kind = Kind.DUPLICATE;
            case "late" -> {
                kind = Kind.LATE;
                require(positional.size() == 1, "late needs a delay such as 3s or 500ms");
                delay = duration(positional.remove(0));
            }
            case "money" -> {
                kind = Kind.MONEY;
                require(positional.size() == 1, "money needs yuan");
                value = new BigDecimal(positional.remove(0));
                require(value.signum() >= 0 && value.scale() <= 2, "money is yuan with at most 2 decimals");
            }
            case "protect" -> kind = Kind.PROTECT;
            case "relay" -> {
                require(positional.size() == 1 && positional.get(0).equalsIgnoreCase("open"), "expected 'relay open'");
                positional.clear();
                kind = Kind.RELAY_OPEN;
            }
            default -> throw new IllegalArgumentException("unknown directive '" + name + "'");
        }
        if ((kind == Kind.NO_REPLY || kind == Kind.CORRUPT || kind == Kind.DUPLICATE || kind == Kind.LATE)
                && value != null) {
            require(value.signum() >= 0 && value.compareTo(BigDecimal.ONE) <= 0, "rate must be between 0 and 1");
        }
        require(positional.isEmpty(), "unexpected " + positional);
        require(from.isBefore(to), "'from' must be before 'to'");
        return new Rule(meter, kind, from, to, value, delay, phase);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    static LocalDateTime time(String v) {
        return v.contains("T") ? LocalDateTime.parse(v) : LocalDate.parse(v).atStartOfDay();
    }

    static Duration duration(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        if (s.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        throw new IllegalArgumentException("durations end in ms, s or m: " + v);
    }
}
