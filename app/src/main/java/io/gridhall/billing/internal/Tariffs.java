package io.gridhall.billing.internal;

import io.gridhall.billing.internal.rating.Tariff;
import io.gridhall.billing.internal.rating.TariffCatalogue;
import io.gridhall.billing.internal.rating.TariffPackException;
import io.gridhall.billing.internal.rating.TariffPackReader;
import io.gridhall.billing.internal.rating.TariffPackReader.Pack;
import io.gridhall.billing.internal.rating.TariffPackReader.Source;
import io.gridhall.billing.internal.rating.TariffSchedule;
import io.gridhall.billing.internal.rating.TariffVersion;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.shared.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DuplicateKeyException;
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
    public record Listed(
            TariffVersion version,
            String status,
            String draftedBy,
            Instant draftedAt,
            String approvedBy,
            Instant approvedAt) {

        public static final String PACK = "PACK";
        public static final String DRAFT = "DRAFT";
        public static final String APPROVED = "APPROVED";
    }

    private record Stored(
            String tariffId,
            int version,
            String definition,
            String status,
            long draftedBy,
            String draftedByName,
            Instant draftedAt,
            String approvedByName,
            Instant approvedAt) {}

    private record Snapshot(Map<String, Tariff> tariffs, List<Stored> stored, Instant loadedAt) {}

    private final TariffSettings settings;
    private final Pack pack;
    private final JdbcClient jdbc;
    private final Audit audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private volatile Snapshot snapshot;

    public Tariffs(TariffSettings settings, JdbcClient jdbc, Audit audit, Clock clock, TransactionTemplate tx) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.pack = TariffPackReader.read(sources(settings.pack()));
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
        Map<Integer, Stored> stored = new HashMap<>();
        for (Stored st : s.stored()) if (st.tariffId().equals(id)) stored.put(st.version(), st);
        List<Listed> out = new ArrayList<>();
        for (TariffVersion v : t.versions()) {
            Stored st = stored.remove(v.version());
            out.add(
                    st == null
                            ? new Listed(v, Listed.PACK, null, null, null, null)
                            : new Listed(
                                    v,
                                    Listed.APPROVED,
                                    st.draftedByName(),
                                    st.draftedAt(),
                                    st.approvedByName(),
                                    st.approvedAt()));
        }
        for (Stored st : stored.values())
            if (st.status().equals(Listed.DRAFT))
                out.add(new Listed(parse(t, st), Listed.DRAFT, st.draftedByName(), st.draftedAt(), null, null));
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
        return TariffPackReader.version(
                tariffId,
                number,
                json,
                pack.registers(settings.region()),
                pack.schedules(settings.region()),
                pack.powerFactorTables());
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
        Instant now = clock.instant();
        try {
            tx.executeWithoutResult(status -> {
                jdbc.sql("""
                                insert into billing.tariff_version (tariff_id, version, effective_from, definition, status,
                                    drafted_by, drafted_by_name, drafted_at)
                                values (:id, :version, :from, cast(:definition as jsonb), 'DRAFT', :by, :name, :at)""")
                        .param("id", tariffId)
                        .param("version", number)
                        .param("from", v.effectiveFrom())
                        .param("definition", v.definition())
                        .param("by", actor.userId().value())
                        .param("name", actor.displayName())
                        .param("at", Timestamp.from(now))
                        .update();
                audit.record(
                        actor,
                        "billing.tariff.draft",
                        "tariff",
                        tariffId + "/" + number,
                        Map.of("effectiveFrom", v.effectiveFrom().toString()));
            });
        } catch (DuplicateKeyException e) {
            throw Problem.conflict("tariff-draft-open", tariffId);
        }
        snapshot = null;
        return new Listed(v, Listed.DRAFT, actor.displayName(), now, null, null);
    }

    /** Approves (a different member of staff than the maker) or rejects (drops) a tariff's open draft. */
    public Listed decide(Actor actor, String tariffId, int version, boolean approve, String reason) {
        Tariff t = tariff(tariffId).orElseThrow(() -> Problem.notFound("tariff"));
        Listed result = tx.execute(status -> {
            Stored st = jdbc.sql("""
                            select tariff_id, version, definition::text as definition, status, drafted_by, drafted_by_name,
                                   drafted_at, approved_by_name, approved_at
                            from billing.tariff_version where tariff_id = :id and version = :version for update""")
                    .param("id", tariffId)
                    .param("version", version)
                    .query(Tariffs::stored)
                    .optional()
                    .orElseThrow(() -> Problem.notFound("tariff-version"));
            if (!st.status().equals(Listed.DRAFT)) throw Problem.conflict("tariff-version-decided", version);
            TariffVersion v = parse(t, st);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("effectiveFrom", v.effectiveFrom().toString());
            if (reason != null && !reason.isBlank()) details.put("reason", reason.strip());
            if (!approve) {
                jdbc.sql("delete from billing.tariff_version where tariff_id = :id and version = :version")
                        .param("id", tariffId)
                        .param("version", version)
                        .update();
                audit.record(actor, "billing.tariff.reject", "tariff", tariffId + "/" + version, details);
                return new Listed(v, "REJECTED", st.draftedByName(), st.draftedAt(), null, null);
            }
            if (st.draftedBy() == actor.userId().value()) throw Problem.forbidden("tariff-maker-checker");
            startsLater(t, v);
            Instant now = clock.instant();
            jdbc.sql("""
                            update billing.tariff_version set status = 'APPROVED', approved_by = :by,
                                approved_by_name = :name, approved_at = :at
                            where tariff_id = :id and version = :version""")
                    .param("by", actor.userId().value())
                    .param("name", actor.displayName())
                    .param("at", Timestamp.from(now))
                    .param("id", tariffId)
                    .param("version", version)
                    .update();
            audit.record(actor, "billing.tariff.approve", "tariff", tariffId + "/" + version, details);
            return new Listed(v, Listed.APPROVED, st.draftedByName(), st.draftedAt(), actor.displayName(), now);
        });
        snapshot = null;
        return result;
    }

    /**
     * A version that does not validate as a problem: each of its problems as a field error ({@code field} the path
     * in the version, {@code message} what is wrong), as every form in the project reads them.
     */
    public static Problem invalid(TariffPackException e) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (String p : e.problems()) {
            int colon = p.indexOf(": ");
            errors.add(
                    colon < 0
                            ? Map.of("field", "", "message", p)
                            : Map.of("field", p.substring(0, colon), "message", p.substring(colon + 2)));
        }
        return Problem.badRequest("tariff-invalid").with("errors", errors);
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
        Integer stored = jdbc.sql("select max(version) from billing.tariff_version where tariff_id = :id")
                .param("id", t.id())
                .query(Integer.class)
                .optional()
                .orElse(null);
        return Math.max(t.versions().getLast().version(), stored == null ? 0 : stored) + 1;
    }

    private TariffVersion parse(Tariff t, Stored st) {
        return read(t.id(), st.version(), st.definition());
    }

    private static Stored stored(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp approvedAt = rs.getTimestamp("approved_at");
        return new Stored(
                rs.getString("tariff_id"),
                rs.getInt("version"),
                rs.getString("definition"),
                rs.getString("status"),
                rs.getLong("drafted_by"),
                rs.getString("drafted_by_name"),
                rs.getTimestamp("drafted_at").toInstant(),
                rs.getString("approved_by_name"),
                approvedAt == null ? null : approvedAt.toInstant());
    }

    /** The pack's tariffs of the region with the approved versions appended; reloaded when stale. */
    private Snapshot snapshot(boolean fresh) {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s != null && !fresh && s.loadedAt().plus(FRESH).isAfter(now)) return s;
        List<Stored> stored = jdbc.sql("""
                        select tariff_id, version, definition::text as definition, status, drafted_by, drafted_by_name,
                               drafted_at, approved_by_name, approved_at
                        from billing.tariff_version order by tariff_id, version""").query(Tariffs::stored).list();
        Map<String, Tariff> tariffs = new LinkedHashMap<>();
        for (Tariff t : pack.tariffs()) {
            if (!t.region().equals(settings.region())) continue;
            List<TariffVersion> versions = new ArrayList<>(t.versions());
            for (Stored st : stored)
                if (st.tariffId().equals(t.id()) && st.status().equals(Listed.APPROVED)) versions.add(parse(t, st));
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
        s = new Snapshot(tariffs, stored, now);
        snapshot = s;
        return s;
    }
}
