package io.gridhall.billing.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.shared.Problem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The catalogue's maker-checker, for every kind of entry staff maintain (tariff versions, holiday calendar years): one
 * member of staff with BILLING drafts a numbered version of an entry, another approves it (or anyone rejects it with a
 * reason, which drops the draft); both audited. One open draft per entry; an approved version is frozen by the
 * database (a trigger on each table) and never deleted. The tables share one shape: the entry's id column, {@code
 * version}, {@code effective_from}, {@code definition} (jsonb), {@code status} and who drafted and approved it when.
 */
final class MakerChecker {

    /** What is drafted: its table, id column, audit actions ({@code <audit>.draft}) and problem codes' prefix. */
    enum Kind {
        TARIFF("billing.tariff_version", "tariff_id", "billing.tariff", "tariff", "tariff"),
        HOLIDAY_CALENDAR("billing.holiday_calendar", "calendar_id", "billing.calendar", "holiday-calendar", "calendar");

        final String table;
        final String idColumn;
        final String audit;
        final String target;
        final String problem;

        Kind(String table, String idColumn, String audit, String target, String problem) {
            this.table = table;
            this.idColumn = idColumn;
            this.audit = audit;
            this.target = target;
            this.problem = problem;
        }
    }

    /** One stored version of an entry. */
    record Entry(
            String id,
            int version,
            LocalDate effectiveFrom,
            String definition,
            String status,
            long draftedBy,
            String draftedByName,
            Instant draftedAt,
            String approvedByName,
            Instant approvedAt) {

        static final String DRAFT = "DRAFT";
        static final String APPROVED = "APPROVED";

        boolean approved() {
            return APPROVED.equals(status);
        }
    }

    /** A decision taken: the entry as it was drafted, whether it was approved, and when. */
    record Decided(Entry entry, boolean approved, Instant at) {}

    private final JdbcClient jdbc;
    private final Audit audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    MakerChecker(JdbcClient jdbc, Audit audit, Clock clock, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    /** Every stored version of the kind, by id and version. */
    List<Entry> all(Kind kind) {
        return jdbc.sql(select(kind) + " order by " + kind.idColumn + ", version")
                .query(MakerChecker::entry)
                .list();
    }

    /** The next version number of {@code id}: above {@code floor} (the pack's last) and every stored one. */
    int nextNumber(Kind kind, String id, int floor) {
        Integer stored = jdbc.sql("select max(version) from " + kind.table + " where " + kind.idColumn + " = :id")
                .param("id", id)
                .query(Integer.class)
                .optional()
                .orElse(null);
        return Math.max(floor, stored == null ? 0 : stored) + 1;
    }

    /** Stores a draft and audits it; 409 {@code <kind>-draft-open} when the entry has an open draft. */
    Instant draft(
            Kind kind,
            Actor actor,
            String id,
            int version,
            LocalDate effectiveFrom,
            String definition,
            Map<String, Object> details) {
        Instant now = clock.instant();
        try {
            tx.executeWithoutResult(status -> {
                jdbc.sql(
                                "insert into " + kind.table + " (" + kind.idColumn
                                        + ", version, effective_from, definition, status, drafted_by, drafted_by_name, drafted_at)"
                                        + " values (:id, :version, :from, cast(:definition as jsonb), 'DRAFT', :by, :name, :at)")
                        .param("id", id)
                        .param("version", version)
                        .param("from", effectiveFrom)
                        .param("definition", definition)
                        .param("by", actor.userId().value())
                        .param("name", actor.displayName())
                        .param("at", Timestamp.from(now))
                        .update();
                audit.record(actor, kind.audit + ".draft", kind.target, id + "/" + version, details);
            });
        } catch (DuplicateKeyException e) {
            throw Problem.conflict(kind.problem + "-draft-open", id);
        }
        return now;
    }

    /**
     * Approves (a member of staff other than the maker; {@code check} may still refuse with a problem) or rejects
     * (drops) an entry's open draft, in one transaction with the row locked; audited with {@code details}.
     */
    Decided decide(
            Kind kind,
            Actor actor,
            String id,
            int version,
            boolean approve,
            String reason,
            Map<String, Object> details,
            Consumer<Entry> check) {
        return tx.execute(status -> {
            Entry e = jdbc.sql(select(kind) + " where " + kind.idColumn + " = :id and version = :version for update")
                    .param("id", id)
                    .param("version", version)
                    .query(MakerChecker::entry)
                    .optional()
                    .orElseThrow(() -> Problem.notFound(kind.problem + "-version"));
            if (!e.status().equals(Entry.DRAFT)) throw Problem.conflict(kind.problem + "-version-decided", version);
            Map<String, Object> audited = new LinkedHashMap<>();
            audited.put("effectiveFrom", e.effectiveFrom().toString());
            audited.putAll(details);
            if (reason != null && !reason.isBlank()) audited.put("reason", reason.strip());
            if (!approve) {
                jdbc.sql("delete from " + kind.table + " where " + kind.idColumn + " = :id and version = :version")
                        .param("id", id)
                        .param("version", version)
                        .update();
                audit.record(actor, kind.audit + ".reject", kind.target, id + "/" + version, audited);
                return new Decided(e, false, clock.instant());
            }
            if (e.draftedBy() == actor.userId().value()) throw Problem.forbidden(kind.problem + "-maker-checker");
            check.accept(e);
            Instant now = clock.instant();
            jdbc.sql("update " + kind.table + " set status = 'APPROVED', approved_by = :by, approved_by_name = :name,"
                            + " approved_at = :at where " + kind.idColumn + " = :id and version = :version")
                    .param("by", actor.userId().value())
                    .param("name", actor.displayName())
                    .param("at", Timestamp.from(now))
                    .param("id", id)
                    .param("version", version)
                    .update();
            audit.record(actor, kind.audit + ".approve", kind.target, id + "/" + version, audited);
            return new Decided(e, true, now);
        });
    }

    private static String select(Kind kind) {
        return "select " + kind.idColumn + " as id, version, effective_from, definition::text as definition, status,"
                + " drafted_by, drafted_by_name, drafted_at, approved_by_name, approved_at from " + kind.table;
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        Timestamp approvedAt = rs.getTimestamp("approved_at");
        return new Entry(
                rs.getString("id"),
                rs.getInt("version"),
                rs.getObject("effective_from", LocalDate.class),
                rs.getString("definition"),
                rs.getString("status"),
                rs.getLong("drafted_by"),
                rs.getString("drafted_by_name"),
                rs.getTimestamp("drafted_at").toInstant(),
                rs.getString("approved_by_name"),
                approvedAt == null ? null : approvedAt.toInstant());
    }
}
