package io.gridhall.outage.internal;

import io.gridhall.identity.BranchId;
import io.gridhall.outage.OutageChange;
import io.gridhall.outage.OutageId;
import io.gridhall.outage.OutageKind;
import io.gridhall.outage.OutageNode;
import io.gridhall.outage.OutageStatus;
import io.gridhall.outage.OutageVersionView;
import io.gridhall.outage.OutageView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The rows of schema {@code outage}: the current state of each outage and its append-only versions. */
@Repository
class OutageRecords {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<OutageNode>> NODES = new TypeReference<>() {};

    static final String COLUMNS = """
            o.id, o.branch_id, o.kind, o.status, o.version, o.cause, o.starts_at, o.expected_restoration_at,
            o.restored_at, o.nodes, o.affected_accounts, o.estimated_accounts, o.drafted_by, o.drafted_at,
            o.edited_by, o.approved_by, o.published_at""";

    /** The current state plus who last changed the content (not shown: only the approval rule needs it). */
    record Current(OutageView view, long editedBy) {}

    private final JdbcClient jdbc;

    OutageRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String json(List<OutageNode> nodes) {
        return JSON.writeValueAsString(nodes);
    }

    static List<OutageNode> nodes(String json) {
        return JSON.readValue(json, NODES);
    }

    static OutageView view(ResultSet rs, int n) throws SQLException {
        long approvedBy = rs.getLong("approved_by");
        Long approver = rs.wasNull() ? null : approvedBy;
        OutageStatus status = OutageStatus.valueOf(rs.getString("status"));
        long affected = rs.getLong("affected_accounts");
        return new OutageView(
                new OutageId(rs.getLong("id")),
                new BranchId(rs.getLong("branch_id")),
                OutageKind.valueOf(rs.getString("kind")),
                status,
                rs.getInt("version"),
                rs.getString("cause"),
                rs.getObject("starts_at", OffsetDateTime.class),
                rs.getObject("expected_restoration_at", OffsetDateTime.class),
                rs.getObject("restored_at", OffsetDateTime.class),
                nodes(rs.getString("nodes")),
                affected,
                rs.getObject("published_at") == null ? rs.getLong("estimated_accounts") : affected,
                rs.getLong("drafted_by"),
                rs.getObject("drafted_at", OffsetDateTime.class),
                approver,
                rs.getObject("published_at", OffsetDateTime.class));
    }

    /** The outage, locked for the rest of the transaction when {@code lock}, if it is in the branch scope. */
    Optional<Current> find(OutageId id, List<Long> branchScope, boolean lock) {
        return jdbc.sql("select " + COLUMNS + " from outage.outage o where o.id = :id"
                        + " and (cast(:scope as bigint[]) is null or o.branch_id = any(cast(:scope as bigint[])))"
                        + (lock ? " for update" : ""))
                .param("id", id.value())
                .param("scope", branchScope == null ? null : branchScope.toArray(Long[]::new))
                .query((rs, n) -> new Current(view(rs, n), rs.getLong("edited_by")))
                .optional();
    }

    OutageId insert(
            BranchId branch,
            OutageKind kind,
            OutageStatus status,
            String cause,
            OffsetDateTime startsAt,
            OffsetDateTime expectedRestorationAt,
            List<OutageNode> nodes,
            long estimated,
            long actor,
            OffsetDateTime now) {
        long id = jdbc.sql("""
                        insert into outage.outage (branch_id, kind, status, version, cause, starts_at, expected_restoration_at,
                            nodes, estimated_accounts, drafted_by, drafted_at, edited_by, changed_at)
                        values (:branch, :kind, :status, 1, :cause, :starts, :ends, cast(:nodes as jsonb), :estimated,
                            :actor, :now, :actor, :now)
                        returning id""")
                .param("branch", branch.value())
                .param("kind", kind.name())
                .param("status", status.name())
                .param("cause", cause)
                .param("starts", startsAt)
                .param("ends", expectedRestorationAt)
                .param("nodes", json(nodes))
                .param("estimated", estimated)
                .param("actor", actor)
                .param("now", now)
                .query(Long.class)
                .single();
        return new OutageId(id);
    }

    /** The new state of a changed outage; the caller holds its lock. */
    void update(
            OutageId id,
            int version,
            OutageStatus status,
            String cause,
            OffsetDateTime startsAt,
            OffsetDateTime expectedRestorationAt,
            OffsetDateTime restoredAt,
            List<OutageNode> nodes,
            long estimated,
            Long editedBy,
            Long approvedBy,
            boolean publishing,
            OffsetDateTime now) {
        jdbc.sql("""
                        update outage.outage set version = :version, status = :status, cause = :cause, starts_at = :starts,
                            expected_restoration_at = :ends, restored_at = :restored, nodes = cast(:nodes as jsonb),
                            estimated_accounts = :estimated, edited_by = coalesce(:editedBy, edited_by),
                            approved_by = case when :status = 'DRAFT' then null else coalesce(:approvedBy, approved_by) end,
                            published_at = case when :publishing then :now else published_at end, changed_at = :now
                        where id = :id""")
                .param("id", id.value())
                .param("version", version)
                .param("status", status.name())
                .param("cause", cause)
                .param("starts", startsAt)
                .param("ends", expectedRestorationAt)
                .param("restored", restoredAt)
                .param("nodes", json(nodes))
                .param("estimated", estimated)
                .param("editedBy", editedBy)
                .param("approvedBy", approvedBy)
                .param("publishing", publishing)
                .param("now", now)
                .update();
    }

    void setAffected(OutageId id, long affected) {
        jdbc.sql("update outage.outage set affected_accounts = :n where id = :id")
                .param("n", affected)
                .param("id", id.value())
                .update();
    }

    void appendVersion(
            OutageId id,
            OutageChange change,
            String reason,
            OutageView state,
            long notifiedUsers,
            long actor,
            OffsetDateTime now) {
        jdbc.sql("""
                        insert into outage.outage_version (outage_id, version, change, reason, status, cause, starts_at,
                            expected_restoration_at, restored_at, nodes, affected_accounts, notified_users, changed_by, changed_at)
                        values (:id, :version, :change, :reason, :status, :cause, :starts, :ends, :restored,
                            cast(:nodes as jsonb), :affected, :notified, :actor, :now)""")
                .param("id", id.value())
                .param("version", state.version())
                .param("change", change.name())
                .param("reason", reason)
                .param("status", state.status().name())
                .param("cause", state.cause())
                .param("starts", state.startsAt())
                .param("ends", state.expectedRestorationAt())
                .param("restored", state.restoredAt())
                .param("nodes", json(state.nodes()))
                .param("affected", state.affectedAccounts())
                .param("notified", notifiedUsers)
                .param("actor", actor)
                .param("now", now)
                .update();
    }

    List<OutageVersionView> history(OutageId id) {
        return jdbc.sql("""
                        select version, change, reason, status, cause, starts_at, expected_restoration_at, restored_at, nodes,
                               affected_accounts, notified_users, changed_by, changed_at
                        from outage.outage_version where outage_id = :id order by version""")
                .param("id", id.value())
                .query((rs, n) -> new OutageVersionView(
                        rs.getInt("version"),
                        OutageChange.valueOf(rs.getString("change")),
                        rs.getString("reason"),
                        OutageStatus.valueOf(rs.getString("status")),
                        rs.getString("cause"),
                        rs.getObject("starts_at", OffsetDateTime.class),
                        rs.getObject("expected_restoration_at", OffsetDateTime.class),
                        rs.getObject("restored_at", OffsetDateTime.class),
                        nodes(rs.getString("nodes")),
                        rs.getLong("affected_accounts"),
                        rs.getLong("notified_users"),
                        rs.getLong("changed_by"),
                        rs.getObject("changed_at", OffsetDateTime.class)))
                .list();
    }

    List<OutageView> board(BranchId branch, Collection<OutageStatus> statuses, int limit) {
        return jdbc.sql("select " + COLUMNS + " from outage.outage o where o.branch_id = :branch"
                        + " and (cardinality(cast(:statuses as text[])) = 0 or o.status = any(cast(:statuses as text[])))"
                        + " order by o.starts_at desc, o.id desc limit :limit")
                .param("branch", branch.value())
                .param("statuses", statuses.stream().map(Enum::name).toArray(String[]::new))
                .param("limit", limit)
                .query(OutageRecords::view)
                .list();
    }

    /** Published outages of these accounts, and those restored or cancelled since {@code since}. */
    List<AccountOutage> ofAccounts(Collection<Long> accounts, OffsetDateTime since) {
        if (accounts.isEmpty()) return List.of();
        return jdbc.sql("select a.supply_account_id, " + COLUMNS + """
                         from outage.affected_account a join outage.outage o on o.id = a.outage_id
                        where a.supply_account_id = any(:accounts)
                          and (o.status = 'PUBLISHED' or (o.status in ('RESTORED', 'CANCELLED') and o.changed_at >= :since))
                        order by a.supply_account_id, o.starts_at desc, o.id desc""")
                .param("accounts", accounts.toArray(Long[]::new))
                .param("since", since)
                .query((rs, n) -> new AccountOutage(rs.getLong("supply_account_id"), view(rs, n)))
                .list();
    }

    record AccountOutage(long supplyAccountId, OutageView outage) {}

    List<Long> affectedPage(OutageId id, int page, int size) {
        return jdbc.sql("""
                        select supply_account_id from outage.affected_account where outage_id = :id
                        order by supply_account_id limit :size offset :offset""")
                .param("id", id.value())
                .param("size", size)
                .param("offset", (long) page * size)
                .query(Long.class)
                .list();
    }
}
