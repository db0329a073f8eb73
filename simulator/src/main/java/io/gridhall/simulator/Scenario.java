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
 * concentrator C00000000007 power-off from 2026-11-01T08:00 to 2026-11-01T10:30
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
        RELAY_OPEN,
        /**
         * Supply lost (停电): the meter measures nothing, answers nothing, and keeps a power-off (掉电) event record
         * with the moments supply went and came back (DL/T 645-2007 03 11 00 01..0A), answered once it is back.
         * Named for a concentrator (its transformer area), the concentrator loses supply too and goes silent.
         */
        POWER_OFF
    }

    /**
     * One directive.
     *
     * @param meter the meter, or null for every meter ({@code *}) or every meter of {@code concentrator}
     * @param from start, inclusive; {@link LocalDateTime#MIN} when not given
     * @param to end, exclusive; {@link LocalDateTime#MAX} when not given
     * @param value factor, rate, seconds per day or yuan, by kind; null when not given
     * @param delay for LATE
     * @param phase 0..2 for PHASE_LOSS
     * @param concentrator for a directive on a concentrator and every meter behind it (POWER_OFF), else null
     */
    public record Rule(
            MeterAddress meter,
            Kind kind,
            LocalDateTime from,
            LocalDateTime to,
            BigDecimal value,
            Duration delay,
            int phase,
            String concentrator) {

        /** A directive on one meter, or on every meter when {@code meter} is null. */
        public Rule(
                MeterAddress meter,
                Kind kind,
                LocalDateTime from,
                LocalDateTime to,
                BigDecimal value,
                Duration delay,
                int phase) {
            this(meter, kind, from, to, value, delay, phase, null);
        }

        public boolean appliesTo(MeterAddress address) {
            return concentrator == null && (meter == null || meter.equals(address));
        }

        public boolean appliesTo(MeterSpec spec) {
            return concentrator == null ? appliesTo(spec.address()) : concentrator.equals(spec.concentratorId());
        }

        /** Whether the directive is about the concentrator itself (and so every meter behind it). */
        public boolean concerns(String concentratorId) {
            return concentratorId.equals(concentrator);
        }

        public boolean activeAt(LocalDateTime t) {
            return !t.isBefore(from) && t.isBefore(to);
        }

        /** Rate as parts per thousand; 1000 when no rate was given. */
        int ratePermille() {
            return value == null ? 1000 : value.movePointRight(3).intValue();
        }
    }

    /**
     * A demo utility's imperfections, the same for the same meters, seed and day: about 3% of the meters stop
     * answering (OFFLINE from a midnight of the last week on, for good), and a handful of meters (one per 800,
     * at least five) each get one anomaly from a midnight of the last ten days: a bypass that stops the meter
     * (factor 0), reverse wiring, a lost phase on a single-phase meter (all three leave the forward register
     * standing), or an opened terminal cover. Deterministic in {@code seed} and the addresses.
     *
     * @param lastDay the last day of the metering history; the anomalies start on or before it
     */
    public static Scenario generate(List<MeterSpec> meters, long seed, LocalDate lastDay) {
        List<Rule> rules = new ArrayList<>();
        List<MeterSpec> candidates = new ArrayList<>();
        for (MeterSpec m : meters) {
            long draw = MeterLoad.mix(seed * 41 + m.address().toLong());
            if (Long.remainderUnsigned(draw, 1000) < 30) {
                LocalDate from = lastDay.minusDays(Long.remainderUnsigned(draw >>> 20, 7));
                rules.add(new Rule(m.address(), Kind.OFFLINE, from.atStartOfDay(), LocalDateTime.MAX, null, null, 0));
            } else {
                candidates.add(m);
            }
        }
        candidates.sort(java.util.Comparator.comparingLong(
                        (MeterSpec m) -> MeterLoad.mix(seed * 43 + m.address().toLong()))
                .thenComparing(m -> m.address().toString()));
        int anomalies = Math.min(candidates.size(), Math.max(5, meters.size() / 800));
        for (int i = 0; i < anomalies; i++) {
            MeterSpec m = candidates.get(i);
            LocalDateTime from = lastDay.minusDays(4 + i % 7).atStartOfDay();
            Kind kind = List.of(Kind.BYPASS, Kind.REVERSE, Kind.PHASE_LOSS, Kind.COVER_OPEN)
                    .get(i % 4);
            if (kind == Kind.PHASE_LOSS && m.customerClass().threePhase) {
                // a three-phase meter keeps two thirds, which no daily rule sees; stop a single-phase one
                kind = Kind.BYPASS;
            }
            rules.add(
                    switch (kind) {
                        case BYPASS -> new Rule(m.address(), kind, from, LocalDateTime.MAX, BigDecimal.ZERO, null, 0);
                        case COVER_OPEN ->
                            new Rule(
                                    m.address(),
                                    kind,
                                    from.plusHours(2).plusMinutes(17),
                                    LocalDateTime.MAX,
                                    null,
                                    null,
                                    0);
                        default -> new Rule(m.address(), kind, from, LocalDateTime.MAX, null, null, 0);
                    });
        }
        return new Scenario(rules);
    }

    /** The directives, one a line, as {@link #parse} reads them. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        for (Rule r : rules) {
            if (r.concentrator() != null) {
                out.append("concentrator ").append(r.concentrator()).append(' ');
            } else {
                out.append("meter ")
                        .append(r.meter() == null ? "*" : r.meter().toString())
                        .append(' ');
            }
            out.append(
                    switch (r.kind()) {
                        case PHASE_LOSS -> "phase-loss " + (char) ('A' + r.phase());
                        case DRIFT -> "drift " + r.value().toPlainString();
                        case LATE -> "late " + r.delay().toMillis() + "ms";
                        case MONEY -> "money " + r.value().toPlainString();
                        case RELAY_OPEN -> "relay open";
                        case NO_REPLY -> "no-reply";
                        case COVER_OPEN -> "cover-open";
                        case POWER_OFF -> "power-off";
                        default -> r.kind().name().toLowerCase(Locale.ROOT);
                    });
            if (!r.from().equals(LocalDateTime.MIN))
                out.append(r.kind() == Kind.COVER_OPEN ? " at " : " from ").append(r.from());
            if (!r.to().equals(LocalDateTime.MAX)) out.append(" to ").append(r.to());
            boolean keyedValue = switch (r.kind()) {
                case DRIFT, MONEY -> false;
                default -> r.value() != null;
            };
            if (keyedValue)
                out.append(r.kind() == Kind.BYPASS || r.kind() == Kind.SAG ? " factor " : " rate ")
                        .append(r.value().toPlainString());
            out.append('\n');
        }
        return out.toString();
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
        if (t.length < 3 || !(t[0].equals("meter") || t[0].equals("concentrator"))) {
            throw new IllegalArgumentException(
                    "expected 'meter <address|*> <directive> ...' or 'concentrator <id> power-off ...'");
        }
        String concentrator = null;
        MeterAddress meter = null;
        if (t[0].equals("concentrator")) {
            require(t[1].matches("[0-9A-Z]{12}"), "a concentrator id is 12 digits or capital letters");
            require(t[2].equalsIgnoreCase("power-off"), "a concentrator only takes 'power-off'");
            concentrator = t[1];
        } else if (!t[1].equals("*")) {
            meter = MeterAddress.of(t[1]);
        }
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
            case "power-off" -> {
                kind = Kind.POWER_OFF;
                require(!from.equals(LocalDateTime.MIN), "power-off needs 'from <time>'");
            }
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
        return new Rule(meter, kind, from, to, value, delay, phase, concentrator);
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
