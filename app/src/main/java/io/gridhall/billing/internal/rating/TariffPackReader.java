package io.gridhall.billing.internal.rating;

import io.gridhall.billing.internal.rating.TariffProblem.Code;
import io.gridhall.billing.internal.rating.TariffVersion.BasicBasis;
import io.gridhall.billing.internal.rating.TariffVersion.BasicCharge;
import io.gridhall.billing.internal.rating.TariffVersion.Energy;
import io.gridhall.billing.internal.rating.TariffVersion.Fund;
import io.gridhall.billing.internal.rating.TariffVersion.LargeHousehold;
import io.gridhall.billing.internal.rating.TariffVersion.Lighting;
import io.gridhall.billing.internal.rating.TariffVersion.PfBase;
import io.gridhall.billing.internal.rating.TariffVersion.PowerFactorRule;
import io.gridhall.billing.internal.rating.TariffVersion.PowerFactorTable;
import io.gridhall.billing.internal.rating.TariffVersion.SeasonalPrices;
import io.gridhall.billing.internal.rating.TariffVersion.SeasonalThresholds;
import io.gridhall.billing.internal.rating.TariffVersion.TierCycle;
import io.gridhall.billing.internal.rating.TariffVersion.Tiers;
import io.gridhall.shared.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and validates tariff pack files (docs/tariff-pack.md): YAML or JSON, every number exact (never through a
 * double), unknown keys refused so a typo cannot silently drop a price. Collects every problem with where it is
 * before failing, so a utility fixes its pack in one go.
 */
public final class TariffPackReader {

    /**
     * What a pack holds once read: its tariffs, the power-factor tables by standard, and each region's register
     * mapping.
     */
    public record Pack(
            List<Tariff> tariffs,
            Map<BigDecimal, PowerFactorTable> powerFactorTables,
            Map<String, Map<String, TouPeriod>> registers,
            Map<String, Map<String, TouSchedule>> schedules,
            Map<String, TouSchedule.HolidayCalendar> calendars) {

        public Pack {
            tariffs = List.copyOf(tariffs);
            powerFactorTables = Map.copyOf(powerFactorTables);
            registers = Map.copyOf(registers);
            schedules = Map.copyOf(schedules);
            calendars = Map.copyOf(calendars);
        }

        /** The region's holiday calendar as the pack gives it (weekends only when it gives none). */
        public TouSchedule.HolidayCalendar calendar(String region) {
            return calendars.getOrDefault(region, TouSchedule.HolidayCalendar.WEEKENDS_ONLY);
        }

        public Map<String, TouPeriod> registers(String region) {
            return registers.getOrDefault(region, Map.of());
        }

        /** The region's time-of-use schedules by id. */
        public Map<String, TouSchedule> schedules(String region) {
            return schedules.getOrDefault(region, Map.of());
        }
    }

    /** A file of the pack: its name (for the messages) and its text. */
    public record Source(String name, String text) {}

    static final Pattern ID = Pattern.compile("[A-Z0-9][A-Z0-9_-]{1,63}");
    static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    static final Pattern REGISTER = Pattern.compile("T[1-4]");
    static final Set<String> CLASSES = Set.of("RESIDENTIAL", "COMMERCIAL", "LARGE_INDUSTRIAL", "AGRICULTURAL");
    static final Set<RoundingMode> ROUNDINGS = Set.of(RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.DOWN);

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final List<TariffProblem> problems = new ArrayList<>();

    private TariffPackReader() {}

    /** Reads a whole pack: region files and the power-factor tables; throws with every problem found. */
    public static Pack read(List<Source> sources) {
        TariffPackReader r = new TariffPackReader();
        Map<BigDecimal, PowerFactorTable> tables = new HashMap<>();
        List<JsonNode> regions = new ArrayList<>();
        List<String> regionFiles = new ArrayList<>();
        for (Source s : sources) {
            JsonNode root = r.parse(s);
            if (root == null) continue;
            if (root.has("powerFactorTables")) {
                r.keys(root, s.name(), Set.of("powerFactorTables", "source"));
                r.each(root.get("powerFactorTables"), s.name() + ": powerFactorTables", (n, p) -> {
                    PowerFactorTable t = r.table(n, p);
                    if (t != null && tables.put(t.standard(), t) != null)
                        r.problem(p + ".standard", Code.TABLE_TWICE, t.standard());
                });
            } else {
                regions.add(root);
                regionFiles.add(s.name());
            }
        }
        List<Tariff> tariffs = new ArrayList<>();
        Map<String, Map<String, TouPeriod>> registers = new HashMap<>();
        Map<String, Map<String, TouSchedule>> schedules = new HashMap<>();
        Map<String, TouSchedule.HolidayCalendar> calendars = new HashMap<>();
        Set<String> ids = new HashSet<>();
        Set<String> categories = new HashSet<>();
        for (int i = 0; i < regions.size(); i++) {
            JsonNode region = regions.get(i);
            if (region.has("region") && region.get("registers") != null)
                registers.put(
                        region.get("region").asString(),
                        // problems in the mapping are reported once, by region() below
                        new TariffPackReader().registers(region.get("registers"), regionFiles.get(i) + ".registers"));
            Map<String, TouSchedule> regionSchedules = new LinkedHashMap<>();
            for (Tariff t : r.region(region, regionFiles.get(i), tables, regionSchedules, calendars)) {
                if (!ids.add(t.id())) r.problem(regionFiles.get(i) + ": " + t.id(), Code.TARIFF_ID_TWICE);
                if (!categories.add(t.region() + "/" + t.category()))
                    r.problem(regionFiles.get(i) + ": " + t.id(), Code.CATEGORY_TWICE, t.category(), t.region());
                tariffs.add(t);
            }
            if (region.has("region")) schedules.put(region.get("region").asString(), Map.copyOf(regionSchedules));
        }
        r.fail();
        return new Pack(tariffs, tables, registers, schedules, calendars);
    }

    /**
     * Reads one version given apart from a pack (a draft a clerk submits, or an inline tariff for a quote), as JSON
     * of the same shape as a version in a pack file. {@code registers} is the region's register mapping, used when
     * the version does not give its own.
     */
    public static TariffVersion version(
            String tariffId,
            int number,
            String json,
            Map<String, TouPeriod> registers,
            Map<BigDecimal, PowerFactorTable> tables) {
        return version(tariffId, number, json, registers, Map.of(), tables);
    }

    /** As above, with the region's time-of-use schedules, which {@code energy.schedule} may name. */
    public static TariffVersion version(
            String tariffId,
            int number,
            String json,
            Map<String, TouPeriod> registers,
            Map<String, TouSchedule> schedules,
            Map<BigDecimal, PowerFactorTable> tables) {
        TariffPackReader r = new TariffPackReader();
        JsonNode node = r.parse(new Source("version", json));
        TariffVersion v = null;
        if (node != null && r.object(node, "version")) {
            v = r.version(node, "version", tariffId, number, registers, schedules, tables, null);
        }
        r.fail();
        return v;
    }

    /** Every version of {@code tariff} again with effective-to dates derived: each ends the day before the next. */
    public static List<TariffVersion> chain(List<TariffVersion> versions) {
        List<TariffVersion> out = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            TariffVersion v = versions.get(i);
            LocalDate to = i + 1 < versions.size()
                    ? versions.get(i + 1).effectiveFrom().minusDays(1)
                    : v.effectiveTo();
            out.add(new TariffVersion(
                    v.tariffId(),
                    v.version(),
                    v.effectiveFrom(),
                    to,
                    v.source(),
                    v.rounding(),
                    v.energy(),
                    v.tiers(),
                    v.basic(),
                    v.powerFactor(),
                    v.funds(),
                    v.lighting(),
                    v.vatPercent(),
                    v.definition()));
        }
        return out;
    }

    private void fail() {
        if (!problems.isEmpty()) throw new TariffPackException(problems);
    }

    private void problem(String path, Code code, Object... args) {
        problems.add(new TariffProblem(path, code, args));
    }

    private JsonNode parse(Source s) {
        try {
            JsonNode n = s.name().endsWith(".json") || s.text().stripLeading().startsWith("{")
                    ? JSON.readTree(s.text())
                    : YAML.readTree(s.text());
            if (n == null || !n.isObject()) {
                problem(s.name(), Code.NOT_A_MAPPING);
                return null;
            }
            return n;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            boolean known = at != null && at.getLineNr() > 0;
            problem(
                    s.name(),
                    Code.UNREADABLE,
                    known ? at.getLineNr() : "?",
                    known && at.getColumnNr() > 0 ? at.getColumnNr() : "?");
            return null;
        }
    }

    // --- regions and tariffs

    private List<Tariff> region(
            JsonNode n,
            String file,
            Map<BigDecimal, PowerFactorTable> tables,
            Map<String, TouSchedule> schedules,
            Map<String, TouSchedule.HolidayCalendar> calendars) {
        keys(n, file, Set.of("region", "name", "source", "registers", "holidays", "timeOfUse", "tariffs"));
        String region = text(n, file, "region", true);
        if (region != null && !Pattern.matches("[A-Z]{2}-[A-Z0-9]{1,3}", region))
            problem(file + ".region", Code.BAD_REGION);
        text(n, file, "name", true);
        Map<String, TouPeriod> registers = registers(n.get("registers"), file + ".registers");
        TouSchedule.HolidayCalendar calendar = n.has("holidays")
                ? calendar(n.get("holidays"), file + ".holidays")
                : TouSchedule.HolidayCalendar.WEEKENDS_ONLY;
        if (region != null) calendars.put(region, calendar);
        each(n.get("timeOfUse"), file + ": timeOfUse", (s, p) -> {
            TouSchedule schedule = schedule(s, p, calendar);
            if (schedule != null && schedules.put(schedule.id(), schedule) != null)
                problem(p + ".id", Code.SCHEDULE_ID_TWICE);
        });
        List<Tariff> tariffs = new ArrayList<>();
        each(n.get("tariffs"), file + ": tariffs", (t, p) -> {
            Tariff tariff = tariff(t, p, region, registers, schedules, tables);
            if (tariff != null) tariffs.add(tariff);
        });
        if (!n.has("tariffs")) problem(file + ".tariffs", Code.MISSING);
        return tariffs;
    }

    private Tariff tariff(
            JsonNode n,
            String p,
            String region,
            Map<String, TouPeriod> registers,
            Map<String, TouSchedule> schedules,
            Map<BigDecimal, PowerFactorTable> tables) {
        if (!object(n, p)) return null;
        keys(n, p, Set.of("id", "name", "customerClass", "voltage", "category", "versions"));
        String id = text(n, p, "id", true);
        if (id != null && !ID.matcher(id).matches()) problem(p + ".id", Code.BAD_ID);
        String name = text(n, p, "name", true);
        String cls = text(n, p, "customerClass", true);
        if (cls != null && !CLASSES.contains(cls))
            problem(p + ".customerClass", Code.NOT_ONE_OF, new java.util.TreeSet<>(CLASSES));
        String voltage = text(n, p, "voltage", true);
        String category = text(n, p, "category", true);
        if (category != null && !CODE.matcher(category).matches()) problem(p + ".category", Code.BAD_CODE);
        List<TariffVersion> versions = new ArrayList<>();
        int[] seen = {0};
        each(n.get("versions"), p + ".versions", (v, vp) -> {
            if (!object(v, vp)) return;
            JsonNode number = v.get("version");
            int expected = ++seen[0];
            if (number == null || !number.isIntegralNumber() || number.intValue() != expected)
                problem(vp + ".version", Code.VERSION_NUMBER, expected);
            TariffVersion version = version(
                    v, vp, id, expected, registers, schedules, tables, versions.isEmpty() ? null : versions.getLast());
            if (version != null) versions.add(version);
        });
        if (versions.isEmpty()) {
            if (n.has("versions")) problem(p + ".versions", Code.NO_VALID_VERSION);
            else problem(p + ".versions", Code.MISSING);
            return null;
        }
        return new Tariff(id, name, region, cls, voltage, category, chain(versions));
    }

    private TariffVersion version(
            JsonNode n,
            String p,
            String tariffId,
            int number,
            Map<String, TouPeriod> regionRegisters,
            Map<String, TouSchedule> schedules,
            Map<BigDecimal, PowerFactorTable> tables,
            TariffVersion before) {
        keys(
                n,
                p,
                Set.of(
                        "version",
                        "effectiveFrom",
                        "effectiveTo",
                        "source",
                        "rounding",
                        "energy",
                        "tiers",
                        "basic",
                        "powerFactor",
                        "funds",
                        "lighting",
                        "vatPercent"));
        int errors = problems.size();
        LocalDate from = date(n, p, "effectiveFrom", true);
        LocalDate to = date(n, p, "effectiveTo", false);
        if (from != null && to != null && to.isBefore(from)) problem(p + ".effectiveTo", Code.ENDS_BEFORE_START);
        if (before != null && from != null && !from.isAfter(before.effectiveFrom()))
            problem(p + ".effectiveFrom", Code.NOT_AFTER_PREVIOUS, before.effectiveFrom());
        if (before != null && before.effectiveTo() != null) problem(p, Code.AFTER_AN_END);
        String source = text(n, p, "source", true);
        RoundingMode rounding = RoundingMode.HALF_UP;
        String r = text(n, p, "rounding", false);
        if (r != null) {
            try {
                rounding = RoundingMode.valueOf(r);
                if (!ROUNDINGS.contains(rounding)) throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                problem(p + ".rounding", Code.NOT_ONE_OF, new java.util.TreeSet<>(ROUNDINGS));
            }
        }
        Energy energy = energy(n.get("energy"), p + ".energy", regionRegisters, schedules);
        Tiers tiers = n.has("tiers") ? tiers(n.get("tiers"), p + ".tiers", energy) : null;
        BasicCharge basic = n.has("basic") ? basic(n.get("basic"), p + ".basic") : null;
        PowerFactorRule pf =
                n.has("powerFactor") ? powerFactor(n.get("powerFactor"), p + ".powerFactor", tables) : null;
        List<Fund> funds = new ArrayList<>();
        Set<String> fundCodes = new HashSet<>();
        each(n.get("funds"), p + ".funds", (f, fp) -> {
            if (!object(f, fp)) return;
            keys(f, fp, Set.of("code", "name", "rate"));
            String code = text(f, fp, "code", true);
            if (code != null && !CODE.matcher(code).matches()) problem(fp + ".code", Code.BAD_CODE);
            if (code != null && !fundCodes.add(code)) problem(fp + ".code", Code.USED_TWICE);
            String name = text(f, fp, "name", true);
            Rate rate = rate(f, fp, "rate", true, false);
            if (code != null && name != null && rate != null) funds.add(new Fund(code, name, rate));
        });
        Lighting lighting = n.has("lighting") ? lighting(n.get("lighting"), p + ".lighting") : null;
        BigDecimal vat = decimal(n, p, "vatPercent", false);
        if (vat == null) vat = new BigDecimal("13");
        if (vat.signum() < 0 || vat.compareTo(new BigDecimal("100")) >= 0) problem(p + ".vatPercent", Code.VAT_RANGE);
        if (energy == null && !problems.isEmpty() && problems.size() == errors) problem(p + ".energy", Code.MISSING);
        if (problems.size() > errors || from == null || energy == null) return null;
        ObjectNode definition = (ObjectNode) n.deepCopy();
        definition.remove("version");
        return new TariffVersion(
                tariffId,
                number,
                from,
                to,
                source,
                rounding,
                energy,
                tiers,
                basic,
                pf,
                funds,
                lighting,
                vat,
                JSON.writeValueAsString(definition));
    }

    private Energy energy(
            JsonNode n, String p, Map<String, TouPeriod> regionRegisters, Map<String, TouSchedule> schedules) {
        if (n == null) {
            problem(p, Code.MISSING);
            return null;
        }
        if (!object(n, p)) return null;
        keys(n, p, Set.of("price", "periods", "registers", "remainder", "seasons", "schedule"));
        Rate price = rate(n, p, "price", false, false);
        Map<TouPeriod, Rate> periods = periodRates(n.get("periods"), p + ".periods");
        if (n.has("price") == n.has("periods")) {
            problem(p, Code.PRICE_OR_PERIODS);
            return null;
        }
        if (price == null && periods.isEmpty()) return null; // the price's own problem is reported
        Map<String, TouPeriod> registers = new LinkedHashMap<>();
        if (n.has("registers")) registers = registers(n.get("registers"), p + ".registers");
        else // the region's mapping, less the periods this tariff does not price
        for (var e : regionRegisters.entrySet())
                if (periods.containsKey(e.getValue())) registers.put(e.getKey(), e.getValue());
        TouPeriod remainder = null;
        List<SeasonalPrices> seasons = new ArrayList<>();
        if (!periods.isEmpty()) {
            String rem = text(n, p, "remainder", false);
            remainder = rem == null ? TouPeriod.FLAT : period(rem, p + ".remainder");
            if (remainder != null && !periods.containsKey(remainder))
                problem(p + ".remainder", Code.REMAINDER_UNPRICED, remainder);
            for (TouPeriod priced : periods.keySet())
                if (priced != remainder && !registers.containsValue(priced))
                    problem(p + ".registers", Code.PERIOD_UNCOUNTED, priced);
            for (var e : registers.entrySet())
                if (!periods.containsKey(e.getValue()))
                    problem(p + ".registers." + e.getKey(), Code.REGISTER_UNPRICED, e.getValue());
            Set<Month> seen = EnumSet.noneOf(Month.class);
            each(n.get("seasons"), p + ".seasons", (s, sp) -> {
                if (!object(s, sp)) return;
                keys(s, sp, Set.of("name", "months", "periods"));
                Set<Month> months = months(s.get("months"), sp + ".months", seen);
                Map<TouPeriod, Rate> prices = periodRates(s.get("periods"), sp + ".periods");
                for (TouPeriod tp : prices.keySet())
                    if (!periods.containsKey(tp)) problem(sp + ".periods." + tp, Code.NO_BASE_PRICE);
                if (prices.isEmpty()) problem(sp + ".periods", Code.MISSING);
                seasons.add(new SeasonalPrices(months, prices));
            });
        } else if (n.has("seasons") || n.has("remainder") || n.has("schedule")) {
            problem(p, Code.ONLY_FOR_PERIODS);
        }
        TouSchedule schedule = null;
        String scheduleId = periods.isEmpty() ? null : text(n, p, "schedule", false);
        if (scheduleId != null) {
            schedule = schedules.get(scheduleId);
            if (schedule == null) problem(p + ".schedule", Code.NO_SCHEDULE, scheduleId);
            else {
                for (TouPeriod used : schedule.periods())
                    if (!periods.containsKey(used)) problem(p + ".schedule", Code.SCHEDULE_PERIOD_UNPRICED, used);
                for (TouPeriod priced : periods.keySet())
                    if (!schedule.periods().contains(priced))
                        problem(p + ".periods." + priced, Code.NOT_IN_SCHEDULE, scheduleId);
            }
        }
        return new Energy(price, periods, periods.isEmpty() ? Map.of() : registers, remainder, seasons, schedule);
    }

    private Tiers tiers(JsonNode n, String p, Energy energy) {
        if (!object(n, p)) return null;
        keys(n, p, Set.of("cycle", "thresholds", "seasons", "largeHousehold", "increments", "periodIncrements"));
        TierCycle cycle = null;
        String c = text(n, p, "cycle", true);
        if (c != null) {
            try {
                cycle = TierCycle.valueOf(c);
            } catch (IllegalArgumentException e) {
                problem(p + ".cycle", Code.BAD_TIER_CYCLE);
            }
        }
        List<BigDecimal> thresholds = thresholds(n.get("thresholds"), p + ".thresholds");
        if (thresholds == null) return null;
        int count = thresholds.size();
        List<SeasonalThresholds> seasons = new ArrayList<>();
        if (n.has("seasons") && cycle == TierCycle.ANNUAL) problem(p + ".seasons", Code.SEASONS_NEED_MONTHLY);
        Set<Month> seen = EnumSet.noneOf(Month.class);
        each(n.get("seasons"), p + ".seasons", (s, sp) -> {
            if (!object(s, sp)) return;
            keys(s, sp, Set.of("name", "months", "thresholds"));
            Set<Month> months = months(s.get("months"), sp + ".months", seen);
            List<BigDecimal> t = thresholds(s.get("thresholds"), sp + ".thresholds");
            if (t != null && t.size() != count) problem(sp + ".thresholds", Code.THRESHOLD_COUNT, count);
            else if (t != null) seasons.add(new SeasonalThresholds(months, t));
        });
        LargeHousehold large = null;
        if (n.has("largeHousehold")) {
            JsonNode l = n.get("largeHousehold");
            String lp = p + ".largeHousehold";
            if (object(l, lp)) {
                keys(l, lp, Set.of("minPersons", "add"));
                JsonNode min = l.get("minPersons");
                if (min == null || !min.isIntegralNumber() || min.intValue() < 1)
                    problem(lp + ".minPersons", Code.BAD_PERSONS);
                List<BigDecimal> add = kwhList(l.get("add"), lp + ".add");
                if (add != null && add.size() != count) problem(lp + ".add", Code.QUANTITY_COUNT, count);
                else if (add != null && min != null && min.isIntegralNumber())
                    large = new LargeHousehold(min.intValue(), add);
            }
        }
        List<Rate> increments = rates(n.get("increments"), p + ".increments");
        if (increments == null) problem(p + ".increments", Code.MISSING);
        else if (increments.size() != count) problem(p + ".increments", Code.INCREMENT_COUNT, count);
        Map<TouPeriod, List<Rate>> periodIncrements = new EnumMap<>(TouPeriod.class);
        JsonNode pi = n.get("periodIncrements");
        if (pi != null && object(pi, p + ".periodIncrements")) {
            for (String key : pi.propertyNames()) {
                TouPeriod tp = period(key, p + ".periodIncrements." + key);
                List<Rate> r = rates(pi.get(key), p + ".periodIncrements." + key);
                if (tp == null || r == null) continue;
                if (energy != null && !energy.periods().containsKey(tp))
                    problem(p + ".periodIncrements." + key, Code.PERIOD_NOT_PRICED, tp);
                if (r.size() != count) problem(p + ".periodIncrements." + key, Code.PERIOD_INCREMENT_COUNT, count);
                else periodIncrements.put(tp, r);
            }
            if (energy != null && !energy.timeOfUse()) problem(p + ".periodIncrements", Code.NEEDS_PERIODS);
        }
        if (cycle == null || increments == null || increments.size() != count) return null;
        return new Tiers(cycle, thresholds, seasons, large, increments, periodIncrements);
    }

    private BasicCharge basic(JsonNode n, String p) {
        if (!object(n, p)) return null;
        keys(n, p, Set.of("basis", "rate", "excessAbovePercent", "excessMultiplier"));
        BasicBasis basis = null;
        String b = text(n, p, "basis", true);
        if (b != null) {
            try {
                basis = BasicBasis.valueOf(b);
            } catch (IllegalArgumentException e) {
                problem(p + ".basis", Code.BAD_BASIS);
            }
        }
        Rate rate = rate(n, p, "rate", true, false);
        BigDecimal above = decimal(n, p, "excessAbovePercent", false);
        BigDecimal times = decimal(n, p, "excessMultiplier", false);
        if (basis == BasicBasis.CAPACITY && (above != null || times != null)) problem(p, Code.EXCESS_ONLY_FOR_DEMAND);
        if (above != null && above.compareTo(new BigDecimal("100")) < 0)
            problem(p + ".excessAbovePercent", Code.BELOW_MINIMUM, 100);
        if (times != null && times.compareTo(BigDecimal.ONE) < 0)
            problem(p + ".excessMultiplier", Code.BELOW_MINIMUM, 1);
        if (basis == null || rate == null) return null;
        if (basis == BasicBasis.DEMAND) {
            if (above == null) above = new BigDecimal("105");
            if (times == null) times = new BigDecimal("2");
        }
        return new BasicCharge(basis, rate, above, times);
    }

    private PowerFactorRule powerFactor(JsonNode n, String p, Map<BigDecimal, PowerFactorTable> tables) {
        if (!object(n, p)) return null;
        keys(n, p, Set.of("standard", "base", "reactive"));
        BigDecimal standard = decimal(n, p, "standard", true);
        PowerFactorTable table = null;
        if (standard != null) {
            for (var e : tables.entrySet()) if (e.getKey().compareTo(standard) == 0) table = e.getValue();
            if (table == null) problem(p + ".standard", Code.NO_TABLE, standard);
        }
        Set<PfBase> base = EnumSet.noneOf(PfBase.class);
        if (n.has("base")) {
            each(n.get("base"), p + ".base", (b, bp) -> {
                try {
                    base.add(PfBase.valueOf(b.asString()));
                } catch (IllegalArgumentException e) {
                    problem(bp, Code.BAD_PF_BASE);
                }
            });
        } else {
            base.add(PfBase.BASIC);
            base.add(PfBase.ENERGY);
        }
        Set<String> reactive = new HashSet<>();
        if (n.has("reactive")) {
            each(n.get("reactive"), p + ".reactive", (b, bp) -> {
                String s = b.asString();
                if (!Set.of("REACTIVE1", "REACTIVE2").contains(s)) problem(bp, Code.BAD_REACTIVE);
                else reactive.add(s);
            });
            if (reactive.isEmpty()) problem(p + ".reactive", Code.NO_REACTIVE);
        } else {
            reactive.add("REACTIVE1");
            reactive.add("REACTIVE2");
        }
        if (table == null) return null;
        return new PowerFactorRule(table.standard(), base, reactive, table);
    }

    private Lighting lighting(JsonNode n, String p) {
        if (!object(n, p)) return null;
        keys(n, p, Set.of("rate", "fixedKwhPerMonth", "fixedPercent"));
        Rate rate = rate(n, p, "rate", true, false);
        BigDecimal kwh = decimal(n, p, "fixedKwhPerMonth", false);
        BigDecimal percent = decimal(n, p, "fixedPercent", false);
        if (kwh != null && percent != null) problem(p, Code.FIXED_BOTH);
        if (kwh != null && kwh.signum() < 0) problem(p + ".fixedKwhPerMonth", Code.NEGATIVE);
        if (percent != null && (percent.signum() < 0 || percent.compareTo(new BigDecimal("100")) > 0))
            problem(p + ".fixedPercent", Code.PERCENT_RANGE);
        return rate == null ? null : new Lighting(rate, kwh, percent);
    }

    private PowerFactorTable table(JsonNode n, String p) {
        if (!object(n, p)) return null;
        keys(n, p, Set.of("standard", "percent", "belowStepPercent"));
        BigDecimal standard = decimal(n, p, "standard", true);
        BigDecimal below = decimal(n, p, "belowStepPercent", true);
        Map<BigDecimal, BigDecimal> percent = new TreeMap<>();
        JsonNode m = n.get("percent");
        if (m == null || !m.isObject()) problem(p + ".percent", Code.NOT_A_TABLE);
        else
            for (String key : m.propertyNames()) {
                try {
                    BigDecimal pf = new BigDecimal(key).setScale(2, RoundingMode.UNNECESSARY);
                    BigDecimal v = number(m.get(key), p + ".percent." + key);
                    if (pf.signum() <= 0 || pf.compareTo(BigDecimal.ONE) > 0)
                        problem(p + ".percent." + key, Code.PF_RANGE);
                    else if (v != null) percent.put(pf, v);
                } catch (NumberFormatException | ArithmeticException e) {
                    problem(p + ".percent." + key, Code.PF_DECIMALS);
                }
            }
        if (!percent.isEmpty()) {
            BigDecimal lowest = ((TreeMap<BigDecimal, BigDecimal>) percent).firstKey();
            for (BigDecimal pf = lowest; pf.compareTo(BigDecimal.ONE) <= 0; pf = pf.add(new BigDecimal("0.01")))
                if (!percent.containsKey(pf)) problem(p + ".percent", Code.PF_GAP, pf);
        }
        if (standard == null || below == null || percent.isEmpty()) return null;
        return new PowerFactorTable(standard.setScale(2, RoundingMode.HALF_UP), percent, below);
    }

    // --- time-of-use schedules and the holiday calendar

    static final Pattern SLOT = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2}) +([A-Z_]+)");
    /** A meter's day table holds at most 14 slots (DL/T 645-2007, 日时段数 ≤ 14). */
    static final int MAX_DAY_SLOTS = 14;

    private TouSchedule.HolidayCalendar calendar(JsonNode n, String p) {
        if (!object(n, p)) return TouSchedule.HolidayCalendar.WEEKENDS_ONLY;
        keys(n, p, Set.of("weekend", "years"));
        Set<java.time.DayOfWeek> weekend = EnumSet.noneOf(java.time.DayOfWeek.class);
        if (n.has("weekend"))
            each(n.get("weekend"), p + ".weekend", (d, dp) -> {
                try {
                    if (!weekend.add(java.time.DayOfWeek.valueOf(d.asString()))) problem(dp, Code.LISTED_TWICE);
                } catch (IllegalArgumentException e) {
                    problem(dp, Code.BAD_WEEKDAY);
                }
            });
        else weekend.addAll(Set.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY));
        Map<Integer, TouSchedule.CalendarYear> years = new HashMap<>();
        JsonNode y = n.get("years");
        if (y == null) problem(p + ".years", Code.MISSING);
        else if (object(y, p + ".years"))
            for (String key : y.propertyNames()) {
                String yp = p + ".years." + key;
                int year;
                try {
                    year = Integer.parseInt(key);
                    if (year < 2000 || year > 2099) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    problem(yp, Code.BAD_YEAR);
                    continue;
                }
                TouSchedule.CalendarYear cy = year(y.get(key), yp, year, weekend);
                if (cy != null) years.put(year, cy);
            }
        return new TouSchedule.HolidayCalendar(weekend, years);
    }

    /**
     * One year of a holiday calendar given apart from a pack (a year staff enter or import in the console), as JSON of
     * the same shape as a year in a pack file: {@code {"source": "...", "published": "2026-11-04", "off": [...],
     * "work": [...]}}; throws with every problem and where it is.
     */
    public static TouSchedule.CalendarYear calendarYear(int year, String json, Set<java.time.DayOfWeek> weekend) {
        TariffPackReader r = new TariffPackReader();
        TouSchedule.CalendarYear out = null;
        if (year < 2000 || year > 2099) r.problem("year", Code.BAD_YEAR);
        else {
            JsonNode node = r.parse(new Source("calendar", json));
            if (node != null) out = r.year(node, "calendar", year, weekend);
        }
        r.fail();
        return out;
    }

    /** A year's days off and worked weekend days: each a date of the year, no day both, worked days on weekends. */
    private TouSchedule.CalendarYear year(JsonNode yn, String yp, int year, Set<java.time.DayOfWeek> weekend) {
        if (!object(yn, yp)) return null;
        int errors = problems.size();
        keys(yn, yp, Set.of("source", "published", "off", "work"));
        String source = text(yn, yp, "source", true);
        LocalDate published = null;
        if (yn.has("published"))
            try {
                published = LocalDate.parse(yn.get("published").asString().trim());
            } catch (DateTimeParseException e) {
                problem(yp + ".published", Code.NOT_A_DATE);
            }
        if (!yn.has("off")) problem(yp + ".off", Code.MISSING);
        Set<LocalDate> yearOff = days(yn.get("off"), yp + ".off", year);
        Set<LocalDate> yearWork = days(yn.get("work"), yp + ".work", year);
        for (LocalDate d : new java.util.TreeSet<>(yearWork)) {
            if (yearOff.contains(d)) problem(yp + ".work", Code.WORKED_DAY_OFF, d);
            else if (!weekend.contains(d.getDayOfWeek()))
                problem(yp + ".work", Code.WORKED_WORKDAY, d, d.getDayOfWeek());
        }
        if (problems.size() > errors) return null;
        return new TouSchedule.CalendarYear(year, source, published, yearOff, yearWork);
    }

    /** Dates of {@code year}: {@code 2026-10-01} or a range {@code 2026-10-01..2026-10-07}. */
    private Set<LocalDate> days(JsonNode n, String p, int year) {
        Set<LocalDate> out = new HashSet<>();
        each(n, p, (d, dp) -> {
            String s = d.asString().trim();
            String[] ends = s.split("\\.\\.", -1);
            if (ends.length > 2) {
                problem(dp, Code.BAD_DAY);
                return;
            }
            LocalDate a;
            LocalDate b;
            try {
                a = LocalDate.parse(ends[0].trim());
                b = ends.length == 2 ? LocalDate.parse(ends[1].trim()) : a;
            } catch (DateTimeParseException e) {
                problem(dp, Code.BAD_DAY);
                return;
            }
            if (b.isBefore(a)) problem(dp, Code.RANGE_BACKWARDS);
            else if (a.getYear() != year || b.getYear() != year) problem(dp, Code.OUTSIDE_YEAR, year);
            else if (java.time.temporal.ChronoUnit.DAYS.between(a, b) > 31) problem(dp, Code.RANGE_TOO_LONG);
            else
                for (LocalDate x = a; !x.isAfter(b); x = x.plusDays(1)) if (!out.add(x)) problem(dp, Code.DAY_TWICE, x);
        });
        return out;
    }

    private TouSchedule schedule(JsonNode n, String p, TouSchedule.HolidayCalendar calendar) {
        if (!object(n, p)) return null;
        keys(n, p, Set.of("id", "name", "source", "seasons"));
        int errors = problems.size();
        String id = text(n, p, "id", true);
        if (id != null && !ID.matcher(id).matches()) problem(p + ".id", Code.BAD_ID);
        String name = text(n, p, "name", true);
        String source = text(n, p, "source", true);
        List<TouSchedule.Season> seasons = new ArrayList<>();
        Set<Month> seen = EnumSet.noneOf(Month.class);
        each(n.get("seasons"), p + ".seasons", (s, sp) -> {
            if (!object(s, sp)) return;
            keys(s, sp, Set.of("name", "months", "workday", "weekend", "holiday"));
            String seasonName = text(s, sp, "name", true);
            Set<Month> months = months(s.get("months"), sp + ".months", seen);
            Map<TouSchedule.DayType, List<TouSchedule.Slot>> days = new EnumMap<>(TouSchedule.DayType.class);
            for (TouSchedule.DayType type : TouSchedule.DayType.values()) {
                String key = type.name().toLowerCase(java.util.Locale.ROOT);
                if (!s.has(key)) {
                    if (type == TouSchedule.DayType.WORKDAY) problem(sp + ".workday", Code.MISSING);
                    continue;
                }
                List<TouSchedule.Slot> slots = day(s.get(key), sp + "." + key);
                if (slots != null) days.put(type, slots);
            }
            if (seasonName != null && days.containsKey(TouSchedule.DayType.WORKDAY))
                seasons.add(new TouSchedule.Season(seasonName, months, days));
        });
        if (!n.has("seasons")) problem(p + ".seasons", Code.MISSING);
        else if (seen.size() < 12) {
            List<Integer> numbers = java.util.Arrays.stream(Month.values())
                    .filter(m -> !seen.contains(m))
                    .map(Month::getValue)
                    .toList();
            problem(p + ".seasons", Code.MONTHS_LEFT_OUT, numbers);
        }
        if (problems.size() > errors) return null;
        return new TouSchedule(id, name, source, seasons, calendar);
    }

    /** One day's slots: "hh:mm-hh:mm PERIOD", together covering 00:00-24:00 exactly once, on quarter hours. */
    private List<TouSchedule.Slot> day(JsonNode n, String p) {
        List<TouSchedule.Slot> slots = new ArrayList<>();
        int errors = problems.size();
        each(n, p, (s, sp) -> {
            java.util.regex.Matcher m = SLOT.matcher(s.asString().trim());
            if (!s.isString() || !m.matches()) {
                problem(sp, Code.BAD_SLOT);
                return;
            }
            int from = minutes(m.group(1), m.group(2), sp);
            int to = minutes(m.group(3), m.group(4), sp);
            TouPeriod period = period(m.group(5), sp);
            if (from < 0 || to < 0 || period == null) return;
            if (to == 0) to = 24 * 60; // "22:00-00:00" ends at midnight
            if (to <= from) {
                problem(sp, Code.SLOT_BACKWARDS);
                return;
            }
            slots.add(new TouSchedule.Slot(from, to, period));
        });
        if (n == null || !n.isArray()) return null;
        if (problems.size() > errors) return null;
        slots.sort(java.util.Comparator.comparingInt(TouSchedule.Slot::from));
        int at = 0;
        for (TouSchedule.Slot s : slots) {
            if (s.from() > at) problem(p, Code.UNCOVERED, TouSchedule.Slot.hhmm(at), TouSchedule.Slot.hhmm(s.from()));
            else if (s.from() < at) problem(p, Code.OVERLAP, s.text());
            at = Math.max(at, s.to());
        }
        if (at < 24 * 60) problem(p, Code.UNCOVERED, TouSchedule.Slot.hhmm(at), "24:00");
        // adjacent slots of one period are one slot of a meter's day table
        List<TouSchedule.Slot> merged = new ArrayList<>();
        for (TouSchedule.Slot s : slots) {
            if (!merged.isEmpty()
                    && merged.getLast().period() == s.period()
                    && merged.getLast().to() == s.from())
                merged.set(
                        merged.size() - 1, new TouSchedule.Slot(merged.getLast().from(), s.to(), s.period()));
            else merged.add(s);
        }
        if (merged.size() > MAX_DAY_SLOTS) problem(p, Code.TOO_MANY_SLOTS, merged.size(), MAX_DAY_SLOTS);
        if (problems.size() > errors) return null;
        return merged;
    }

    private int minutes(String hh, String mm, String p) {
        int h = Integer.parseInt(hh);
        int m = Integer.parseInt(mm);
        if (h > 24 || m > 59 || (h == 24 && m != 0)) {
            problem(p, Code.BAD_TIME, hh + ":" + mm);
            return -1;
        }
        if (m % 15 != 0) {
            problem(p, Code.OFF_QUARTER, hh + ":" + mm);
            return -1;
        }
        return h * 60 + m;
    }

    // --- small readers

    private Map<String, TouPeriod> registers(JsonNode n, String p) {
        Map<String, TouPeriod> out = new LinkedHashMap<>();
        if (n == null) return out;
        if (!object(n, p)) return out;
        for (String key : n.propertyNames()) {
            if (!REGISTER.matcher(key).matches()) {
                problem(p + "." + key, Code.BAD_REGISTER);
                continue;
            }
            TouPeriod tp = period(n.get(key).asString(), p + "." + key);
            if (tp != null && out.containsValue(tp)) problem(p + "." + key, Code.PERIOD_COUNTED_TWICE, tp);
            else if (tp != null) out.put(key, tp);
        }
        return out;
    }

    private Map<TouPeriod, Rate> periodRates(JsonNode n, String p) {
        Map<TouPeriod, Rate> out = new EnumMap<>(TouPeriod.class);
        if (n == null || !object(n, p)) return out;
        for (String key : n.propertyNames()) {
            TouPeriod tp = period(key, p + "." + key);
            Rate r = rate(n, p, key, true, false);
            if (tp != null && r != null) out.put(tp, r);
        }
        return out;
    }

    private TouPeriod period(String s, String p) {
        try {
            return TouPeriod.valueOf(s);
        } catch (IllegalArgumentException e) {
            problem(p, Code.NOT_A_PERIOD);
            return null;
        }
    }

    private Set<Month> months(JsonNode n, String p, Set<Month> seen) {
        Set<Month> out = EnumSet.noneOf(Month.class);
        each(n, p, (m, mp) -> {
            if (!m.isIntegralNumber() || m.intValue() < 1 || m.intValue() > 12) {
                problem(mp, Code.BAD_MONTH);
                return;
            }
            Month month = Month.of(m.intValue());
            if (!seen.add(month)) problem(mp, Code.MONTH_TWICE, month.getValue());
            out.add(month);
        });
        if (n == null) problem(p, Code.MISSING);
        return out;
    }

    private List<BigDecimal> thresholds(JsonNode n, String p) {
        List<BigDecimal> t = kwhList(n, p);
        if (t == null) {
            problem(p, Code.MISSING);
            return null;
        }
        if (t.isEmpty()) problem(p, Code.NO_THRESHOLD);
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).signum() <= 0) problem(p + "[" + i + "]", Code.NOT_POSITIVE);
            if (i > 0 && t.get(i).compareTo(t.get(i - 1)) <= 0) problem(p + "[" + i + "]", Code.NOT_ASCENDING);
        }
        return t.isEmpty() ? null : t;
    }

    private List<BigDecimal> kwhList(JsonNode n, String p) {
        if (n == null) return null;
        List<BigDecimal> out = new ArrayList<>();
        each(n, p, (v, vp) -> {
            BigDecimal d = number(v, vp);
            if (d == null) return;
            if (d.stripTrailingZeros().scale() > 0) problem(vp, Code.NOT_WHOLE_KWH);
            else if (d.signum() < 0) problem(vp, Code.NEGATIVE);
            else out.add(d.setScale(0, RoundingMode.UNNECESSARY));
        });
        return out;
    }

    private List<Rate> rates(JsonNode n, String p) {
        if (n == null) return null;
        List<Rate> out = new ArrayList<>();
        each(n, p, (v, vp) -> {
            BigDecimal d = number(v, vp);
            Rate r = d == null ? null : rate(d, vp, true);
            if (r != null) out.add(r);
        });
        return out;
    }

    private Rate rate(JsonNode n, String p, String key, boolean required, boolean negativeAllowed) {
        BigDecimal d = decimal(n, p, key, required);
        return d == null ? null : rate(d, p + "." + key, negativeAllowed);
    }

    private Rate rate(BigDecimal d, String p, boolean negativeAllowed) {
        if (d.stripTrailingZeros().scale() > Rate.SCALE) {
            problem(p, Code.TOO_MANY_DECIMALS);
            return null;
        }
        if (!negativeAllowed && d.signum() < 0) {
            problem(p, Code.NEGATIVE);
            return null;
        }
        return new Rate(d.setScale(Rate.SCALE, RoundingMode.UNNECESSARY));
    }

    private BigDecimal decimal(JsonNode n, String p, String key, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) problem(p + "." + key, Code.MISSING);
            return null;
        }
        return number(v, p + "." + key);
    }

    private BigDecimal number(JsonNode v, String p) {
        if (v.isNumber()) return v.decimalValue();
        if (v.isString()) {
            try {
                return new BigDecimal(v.asString().trim());
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        problem(p, Code.NOT_A_NUMBER);
        return null;
    }

    private String text(JsonNode n, String p, String key, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull() || (v.isString() && v.asString().isBlank())) {
            if (required) problem(p + "." + key, Code.MISSING);
            return null;
        }
        if (!v.isString() && !v.isNumber()) {
            problem(p + "." + key, Code.NOT_TEXT);
            return null;
        }
        return v.asString().trim();
    }

    private LocalDate date(JsonNode n, String p, String key, boolean required) {
        String s = text(n, p, key, required);
        if (s == null) return null;
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            problem(p + "." + key, Code.NOT_A_DATE);
            return null;
        }
    }

    private boolean object(JsonNode n, String p) {
        if (n != null && n.isObject()) return true;
        problem(p, Code.NOT_A_MAPPING);
        return false;
    }

    private void keys(JsonNode n, String p, Set<String> allowed) {
        for (String key : n.propertyNames())
            if (!allowed.contains(key)) problem(p + "." + key, Code.UNKNOWN_KEY, new java.util.TreeSet<>(allowed));
    }

    private void each(JsonNode n, String p, java.util.function.BiConsumer<JsonNode, String> action) {
        if (n == null || n.isNull()) return;
        if (!n.isArray()) {
            problem(p, Code.NOT_A_LIST);
            return;
        }
        for (int i = 0; i < n.size(); i++) action.accept(n.get(i), p + "[" + i + "]");
    }
}
