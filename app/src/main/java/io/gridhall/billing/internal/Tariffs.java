package io.gridhall.billing.internal;

import io.gridhall.billing.internal.MakerChecker.Entry;
import io.gridhall.billing.internal.rating.Tariff;
import io.gridhall.billing.internal.rating.TariffCatalogue;
import io.gridhall.billing.internal.rating.TariffPackException;
import io.gridhall.billing.internal.rating.TariffPackReader;
import io.gridhall.billing.internal.rating.TariffPackReader.Pack;
import io.gridhall.billing.internal.rating.TariffPackReader.Source;
import io.gridhall.billing.internal.rating.TariffProblem;
import io.gridhall.billing.internal.rating.TariffSchedule;
import io.gridhall.billing.internal.rating.TariffVersion;
import io.gridhall.billing.internal.rating.TouPeriod;
import io.gridhall.billing.internal.rating.TouSchedule;
import io.gridhall.billing.internal.rating.TouSchedule.CalendarYear;
import io.gridhall.billing.internal.rating.TouSchedule.HolidayCalendar;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.shared.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tariff catalogue: the tariff pack read and validated at start-up (a pack that does not validate stops the
 * application with every problem listed), narrowed to the utility's region, followed by the versions staff approved
 * in the database (maker-checker: one member of staff with BILLING drafts a version, another approves it; both
 * audited). An approved version is frozen by the database and only ever applies from a day after its approval, so
 * it never changes a bill already made.
 */
@Component
@EnableConfigurationProperties(TariffSettings.class)
public class Tariffs implements TariffCatalogue {

    private static final Logger log = LoggerFactory.getLogger(Tariffs.class);

    /** How long a node serves approved versions from memory before it looks for ones another node approved. */
    static final Duration FRESH = Duration.ofSeconds(30);

    /** A version as the catalogue lists it: from the pack, approved or drafted in the console. */
    public record Listed(TariffVersion version, SignOff signOff) {}

    private record Snapshot(
            Map<String, Tariff> tariffs,
            List<Entry> stored,
            HolidayCalendar calendar,
            List<Entry> calendars,
            Instant loadedAt) {}

    private final TariffSettings settings;
    private final Pack pack;
    private final JdbcClient jdbc;
    private final Audit audit;
    private final Clock clock;
    private final MakerChecker drafts;
    private final MessageSource messages;
    private volatile Snapshot snapshot;

    public Tariffs(
            TariffSettings settings,
            JdbcClient jdbc,
            Audit audit,
            Clock clock,
            TransactionTemplate tx,
            MessageSource messages) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.messages = messages;
        this.drafts = new MakerChecker(jdbc, audit, clock, tx);
        try {
            this.pack = TariffPackReader.read(sources(settings.pack()));
        } catch (TariffPackException e) {
            // for the operator who starts the application: in English, one problem a line
            StringBuilder lines = new StringBuilder("the tariff pack at " + settings.pack() + " does not validate:");
            for (TariffProblem p : e.problems())
                lines.append("\n  ").append(p.path()).append(": ").append(message(p, Locale.ENGLISH));
            throw new IllegalStateException(lines.toString(), e);
        }
        long inRegion = pack.tariffs().stream()
                .filter(t -> t.region().equals(settings.region()))
                .count();
        if (inRegion == 0)
            throw new IllegalStateException(
                    "the tariff pack has no tariff for the region " + settings.region() + " (gridhall.billing.region)");
        log.info("Tariff pack: {} tariffs, {} for region {}", pack.tariffs().size(), inRegion, settings.region());
    }

    /** Every file of the pack under {@code location}, in name order. */
    static List<Source> sources(String location) {
        try {
            String base = location.endsWith("/") ? location : location + "/";
            var resolver = new PathMatchingResourcePatternResolver();
            List<Resource> files = new ArrayList<>();
            for (String ext : List.of("*.yaml", "*.yml", "*.json"))
                files.addAll(List.of(resolver.getResources(base + ext)));
            files.sort(Comparator.comparing(r -> String.valueOf(r.getFilename())));
            List<Source> sources = new ArrayList<>();
            for (Resource r : files)
                sources.add(new Source(r.getFilename(), r.getContentAsString(StandardCharsets.UTF_8)));
            if (sources.isEmpty()) throw new IllegalStateException("no tariff pack files at " + location);
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String region() {
        return settings.region();
    }

    public Pack pack() {
        return pack;
    }

    /** The region's tariffs, each with its pack versions followed by the approved ones. */
    public List<Tariff> tariffs() {
        return List.copyOf(snapshot(false).tariffs().values());
    }

    public Optional<Tariff> tariff(String id) {
        return Optional.ofNullable(snapshot(false).tariffs().get(id));
    }

    /** Every version of a tariff, its open draft last, with who drafted and approved each; empty if unknown. */
    public Optional<List<Listed>> versions(String id) {
        Snapshot s = snapshot(true);
        Tariff t = s.tariffs().get(id);
        if (t == null) return Optional.empty();
        Map<Integer, Entry> stored = new HashMap<>();
        for (Entry st : s.stored()) if (st.id().equals(id)) stored.put(st.version(), st);
        List<Listed> out = new ArrayList<>();
        for (TariffVersion v : t.versions()) {
            Entry st = stored.remove(v.version());
            out.add(new Listed(v, st == null ? SignOff.FROM_PACK : SignOff.of(st)));
        }
        for (Entry st : stored.values())
            if (st.status().equals(Entry.DRAFT))
                out.add(new Listed(parse(t, st, schedules(s.calendar())), SignOff.of(st)));
        return Optional.of(out);
    }

    /** One version of a tariff (approved or from the pack), for a quote. */
    public Optional<TariffVersion> version(String id, int version) {
        return tariff(id)
                .flatMap(t -> t.versions().stream()
                        .filter(v -> v.version() == version)
                        .findFirst());
    }

    /** Reads a version given as JSON in the pack's format, against the region's registers, schedules and tables. */
    public TariffVersion read(String tariffId, int number, String json) {
        return read(tariffId, number, json, schedules(snapshot(false).calendar()));
    }

    private TariffVersion read(String tariffId, int number, String json, Map<String, TouSchedule> schedules) {
        return TariffPackReader.version(
                tariffId, number, json, pack.registers(settings.region()), schedules, pack.powerFactorTables());
    }

    /** The region's time-of-use schedules with {@code calendar}. */
    private Map<String, TouSchedule> schedules(HolidayCalendar calendar) {
        Map<String, TouSchedule> out = new LinkedHashMap<>();
        pack.schedules(settings.region()).forEach((id, s) -> out.put(id, s.with(calendar)));
        return out;
    }

    @Override
    public Optional<TariffSchedule> schedule(String tariffCategory, LocalDate from, LocalDate to) {
        return tariffs().stream()
                .filter(t -> t.category().equals(tariffCategory))
                .findFirst()
                .flatMap(t -> schedule(t, from, to));
    }

    /** The versions of {@code tariff} in force on some day of {@code from..to}; empty when none is. */
    static Optional<TariffSchedule> schedule(Tariff tariff, LocalDate from, LocalDate to) {
        List<TariffVersion> versions = tariff.versions().stream()
                .filter(v -> !v.effectiveFrom().isAfter(to)
                        && (v.effectiveTo() == null || !v.effectiveTo().isBefore(from)))
                .toList();
        return versions.isEmpty() ? Optional.empty() : Optional.of(new TariffSchedule(tariff.id(), versions));
    }

    // --- maker-checker

    /**
     * Drafts the tariff's next version from JSON in the pack's format. It must start after the latest version and
     * after today (the business date), so no bill already made falls under it.
     */
    public Listed draft(Actor actor, String tariffId, String json) {
        Tariff t = tariff(tariffId).orElseThrow(() -> Problem.notFound("tariff"));
        int number = nextNumber(t);
        TariffVersion v;
        try {
            v = read(tariffId, number, json);
        } catch (TariffPackException e) {
            throw invalid(e);
        }
        startsLater(t, v);
        Instant now = drafts.draft(
                MakerChecker.Kind.TARIFF,
                actor,
                tariffId,
                number,
                v.effectiveFrom(),
                v.definition(),
                Map.of("effectiveFrom", v.effectiveFrom().toString()));
        snapshot = null;
        return new Listed(v, SignOff.drafted(actor, now));
    }

    /** Approves (a different member of staff than the maker) or rejects (drops) a tariff's open draft. */
    public Listed decide(Actor actor, String tariffId, int version, boolean approve, String reason) {
        Tariff t = tariff(tariffId).orElseThrow(() -> Problem.notFound("tariff"));
        MakerChecker.Decided d = drafts.decide(
                MakerChecker.Kind.TARIFF,
                actor,
                tariffId,
                version,
                approve,
                reason,
                Map.of(),
                st -> startsLater(t, parse(t, st, schedules(snapshot(false).calendar()))));
        Listed result =
                new Listed(parse(t, d.entry(), schedules(snapshot(false).calendar())), SignOff.decided(d, actor));
        snapshot = null;
        return result;
    }

    /**
     * A version that does not validate as a problem: each of its problems as a field error ({@code field} the path
     * in the version, {@code message} what is wrong, in the caller's language), as every form in the project reads
     * them.
     */
    public Problem invalid(TariffPackException e) {
        return invalid("tariff-invalid", e.problems());
    }

    /**
     * Problems as the 400 problem {@code code} ({@code tariff-invalid}, {@code calendar-invalid}) with a field error
     * each: {@code field} where it is, {@code code} the {@link TariffProblem.Code} (stable, for a program to act on)
     * and {@code message} from the bundle ({@code tariff.problem.<code>}) in the caller's language.
     */
    public Problem invalid(String code, List<TariffProblem> problems) {
        Locale locale = LocaleContextHolder.getLocale();
        List<Map<String, String>> errors = new ArrayList<>();
        for (TariffProblem p : problems) {
            Map<String, String> error = new LinkedHashMap<>();
            error.put("field", p.path());
            error.put("code", p.code().name());
            error.put("message", message(p, locale));
            errors.add(error);
        }
        return Problem.badRequest(code).with("errors", errors);
    }

    /** The problem's text in {@code locale}: a period by its name ("高峰（PEAK）"), a day of the week in words. */
    String message(TariffProblem p, Locale locale) {
        Object[] args = p.args().stream()
                .map(a -> switch (a) {
                    case TouPeriod tp ->
                        new DefaultMessageSourceResolvable(new String[] {TariffProblem.periodKey(tp)}, tp.name());
                    case DayOfWeek d -> d.getDisplayName(TextStyle.FULL, locale);
                    default -> a;
                })
                .toArray();
        return messages.getMessage(p.code().key(), args, p.code() + " " + p.args(), locale);
    }

    private void startsLater(Tariff t, TariffVersion v) {
        LocalDate today = LocalDate.now(clock);
        TariffVersion last = t.versions().getLast();
        if (!v.effectiveFrom().isAfter(today) || !v.effectiveFrom().isAfter(last.effectiveFrom()))
            throw Problem.badRequest(
                    "tariff-effective-from",
                    today.plusDays(1).isAfter(last.effectiveFrom().plusDays(1))
                            ? today.plusDays(1).toString()
                            : last.effectiveFrom().plusDays(1).toString());
    }

    private int nextNumber(Tariff t) {
        return drafts.nextNumber(
                MakerChecker.Kind.TARIFF, t.id(), t.versions().getLast().version());
    }

    private TariffVersion parse(Tariff t, Entry st, Map<String, TouSchedule> schedules) {
        return read(t.id(), st.version(), st.definition(), schedules);
    }

    /**
     * The pack's tariffs of the region with the approved versions appended, and the region's holiday calendar with
     * the approved years in place of the pack's, in every schedule; reloaded when stale.
     */
    private Snapshot snapshot(boolean fresh) {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s != null && !fresh && s.loadedAt().plus(FRESH).isAfter(now)) return s;
        List<Entry> stored = drafts.all(MakerChecker.Kind.TARIFF);
        List<Entry> calendars = drafts.all(MakerChecker.Kind.HOLIDAY_CALENDAR);
        HolidayCalendar calendar = pack.calendar(settings.region());
        String prefix = settings.region() + "/";
        for (Entry e : calendars) // in version order: the latest approved version of a year wins
        if (e.approved() && e.id().startsWith(prefix)) calendar = calendar.with(calendarYear(calendar, e));
        Map<String, TouSchedule> schedules = schedules(calendar);
        Map<String, Tariff> tariffs = new LinkedHashMap<>();
        for (Tariff t : pack.tariffs()) {
            if (!t.region().equals(settings.region())) continue;
            List<TariffVersion> versions = new ArrayList<>();
            for (TariffVersion v : t.versions()) versions.add(withSchedules(v, schedules));
            for (Entry st : stored) if (st.id().equals(t.id()) && st.approved()) versions.add(parse(t, st, schedules));
            tariffs.put(
                    t.id(),
                    new Tariff(
                            t.id(),
                            t.name(),
                            t.region(),
                            t.customerClass(),
                            t.voltage(),
                            t.category(),
                            TariffPackReader.chain(versions)));
        }
        s = new Snapshot(tariffs, stored, calendar, calendars, now);
        snapshot = s;
        return s;
    }

    /** {@code v} with its schedule (if it has one) taken from {@code schedules}, for the calendar staff approved. */
    private static TariffVersion withSchedules(TariffVersion v, Map<String, TouSchedule> schedules) {
        TariffVersion.Energy e = v.energy();
        if (e.schedule() == null) return v;
        return new TariffVersion(
                v.tariffId(),
                v.version(),
                v.effectiveFrom(),
                v.effectiveTo(),
                v.source(),
                v.rounding(),
                new TariffVersion.Energy(
                        e.price(),
                        e.periods(),
                        e.registers(),
                        e.remainder(),
                        e.seasons(),
                        schedules.getOrDefault(e.schedule().id(), e.schedule())),
                v.tiers(),
                v.basic(),
                v.powerFactor(),
                v.funds(),
                v.lighting(),
                v.vatPercent(),
                v.definition());
    }

    // --- the holiday calendar (maker-checker like the tariffs)

    /** A version of one year of the region's holiday calendar: from the pack (version 0), approved or drafted. */
    public record CalendarListed(
            int year, int version, LocalDate effectiveFrom, CalendarYear calendar, SignOff signOff) {}

    /** The region's holiday calendar in force: the pack's years with the approved ones in their place. */
    public HolidayCalendar calendar() {
        return snapshot(false).calendar();
    }

    /** Every year of the region's calendar, each with its versions: the pack's, approved ones, the open draft. */
    public List<CalendarListed> calendars() {
        Snapshot s = snapshot(true);
        HolidayCalendar fromPack = pack.calendar(settings.region());
        List<CalendarListed> out = new ArrayList<>();
        for (CalendarYear y : fromPack.years().values())
            out.add(new CalendarListed(y.year(), 0, LocalDate.of(y.year(), 1, 1), y, SignOff.FROM_PACK));
        String prefix = settings.region() + "/";
        for (Entry e : s.calendars()) {
            if (!e.id().startsWith(prefix)) continue;
            CalendarYear y = calendarYear(fromPack, e);
            out.add(new CalendarListed(y.year(), e.version(), e.effectiveFrom(), y, SignOff.of(e)));
        }
        out.sort(Comparator.comparingInt(CalendarListed::year).thenComparingInt(CalendarListed::version));
        return out;
    }

    /**
     * Drafts a year of the holiday calendar from JSON ({@code source} the notice's name, {@code published} its date,
     * {@code off} the days off, {@code work} the weekend days worked; dates or ranges as in the pack). Every problem
     * is listed (400 {@code calendar-invalid}); a day already billed (on or before today or the last day any bill
     * covers) may not change its type (400 {@code calendar-days-billed} with the days). Another member of staff
     * approves it.
     */
    public CalendarListed draftCalendar(Actor actor, int year, String json) {
        HolidayCalendar current = snapshot(true).calendar();
        CalendarYear y;
        try {
            y = TariffPackReader.calendarYear(year, json, current.weekend());
        } catch (TariffPackException e) {
            throw invalid("calendar-invalid", e.problems());
        }
        LocalDate from = notBilledFrom(current, y);
        String id = settings.region() + "/" + year;
        int number = drafts.nextNumber(MakerChecker.Kind.HOLIDAY_CALENDAR, id, 0);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", y.source());
        details.put("daysOff", y.off().size());
        details.put("workdays", y.work().size());
        Instant at =
                drafts.draft(MakerChecker.Kind.HOLIDAY_CALENDAR, actor, id, number, from, calendarJson(y), details);
        snapshot = null;
        return new CalendarListed(year, number, from, y, SignOff.drafted(actor, at));
    }

    /** Approves (another member of staff; the billed days are checked again) or rejects a year's open draft. */
    public CalendarListed decideCalendar(Actor actor, int year, int version, boolean approve, String reason) {
        String id = settings.region() + "/" + year;
        MakerChecker.Decided d = drafts.decide(
                MakerChecker.Kind.HOLIDAY_CALENDAR,
                actor,
                id,
                version,
                approve,
                reason,
                Map.of("year", year),
                e -> notBilledFrom(snapshot(true).calendar(), calendarYear(pack.calendar(settings.region()), e)));
        snapshot = null;
        Entry e = d.entry();
        return new CalendarListed(
                year,
                version,
                e.effectiveFrom(),
                calendarYear(pack.calendar(settings.region()), e),
                SignOff.decided(d, actor));
    }

    /**
     * The first day of {@code y}'s year not yet billed: after today and after the last day any bill covers. A day
     * before it whose type {@code y} changes from {@code current} is refused, every such day listed.
     */
    private LocalDate notBilledFrom(HolidayCalendar current, CalendarYear y) {
        LocalDate today = LocalDate.now(clock);
        LocalDate billed = jdbc.sql("select max(period_to) from billing.bill")
                .query(LocalDate.class)
                .optional()
                .orElse(null);
        LocalDate cutoff = billed != null && billed.isAfter(today) ? billed : today;
        HolidayCalendar next = current.with(y);
        List<String> changed = new ArrayList<>();
        LocalDate first = LocalDate.of(y.year(), 1, 1);
        for (LocalDate d = first; !d.isAfter(cutoff) && d.getYear() == y.year(); d = d.plusDays(1))
            if (current.dayType(d) != next.dayType(d))
                changed.add(d + " " + current.dayType(d) + " → " + next.dayType(d));
        if (!changed.isEmpty())
            throw Problem.badRequest("calendar-days-billed", cutoff.toString()).with("days", changed);
        return cutoff.isBefore(first) ? first : cutoff.plusDays(1);
    }

    private static CalendarYear calendarYear(HolidayCalendar calendar, Entry e) {
        int year = Integer.parseInt(e.id().substring(e.id().lastIndexOf('/') + 1));
        return TariffPackReader.calendarYear(year, e.definition(), calendar.weekend());
    }

    /** A year as JSON in the pack's format, days sorted. */
    static String calendarJson(CalendarYear y) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", y.source());
        if (y.published() != null) out.put("published", y.published().toString());
        out.put("off", y.off().stream().sorted().map(LocalDate::toString).toList());
        out.put("work", y.work().stream().sorted().map(LocalDate::toString).toList());
        return JSON.writeValueAsString(out);
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
}
