package io.gridhall.identity.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log: rows are only ever appended (a trigger refuses DELETE and TRUNCATE, and any UPDATE but
 * the one that chains a pending row) and each chained row's hash covers the previous row's hash, so an
 * edited, inserted or removed row breaks the chain. {@link #record} inserts the row unchained in the
 * caller's transaction and takes no lock (issue #7): the row exists iff the caller commits, and after
 * commit {@link AuditChain} gives it its place in the chain in a short transaction of its own.
 */
@Service
public class AuditLog implements Audit {

    static final byte[] GENESIS = new byte[32];

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;
    private final AuditChain chain;
    private final JsonMapper json = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    AuditLog(JdbcClient jdbc, DataSource dataSource, Clock clock, AuditChain chain) {
        this.jdbc = jdbc;
        this.chain = chain;
        // its own template: the fetch size streams the chain instead of loading it whole
        this.template = new JdbcTemplate(dataSource);
        this.template.setFetchSize(1000);
        this.clock = clock;
    }

    /**
     * One row as stored; {@code details} is the canonical JSON that was hashed. A pending row (recorded,
     * committed, not yet chained) has no {@code seq}, {@code prevHash} or {@code hash}.
     */
    public record Entry(
            long id,
            Long seq,
            Instant at,
            Long actorId,
            String actorKind,
            String actorName,
            String action,
            String objectType,
            String objectId,
            String details,
            byte[] prevHash,
            byte[] hash) {

        public boolean pending() {
            return seq == null;
        }
    }

    /**
     * The result of walking the chain: intact, or where it first breaks and why; and how many rows are
     * recorded but not chained yet (they are chained within seconds; a number that stays up means no
     * node is chaining).
     */
    public record Verification(
            boolean intact,
            long rowsChecked,
            Long firstBrokenSeq,
            String reason,
            long pending,
            Instant oldestPending) {}

    public record Filter(Long actorId, String action, String objectType, String objectId, Instant from, Instant to) {}

    @Override
    @Transactional
    public void record(Actor actor, String action, String objectType, String objectId, Map<String, ?> details) {
        if (action == null || action.isBlank()) throw new IllegalArgumentException("an audit row needs an action");
        // PostgreSQL keeps microseconds: hash what will be read back.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                INSERT INTO identity.audit_log (at, actor_id, actor_kind, actor_name, action, object_type, object_id,
                    details)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(
                        Timestamp.from(at),
                        actor == null ? null : actor.userId().value(),
                        actor == null ? "SYSTEM" : actor.kind().name(),
                        actor == null ? null : actor.displayName(),
                        action,
                        objectType,
                        objectId,
                        canonicalJson(details))
                .update();
        chain.afterCommit();
    }

    /**
     * Chains every row pending now, waiting for another chainer to finish first; returns how many rows
     * this call chained. The application does this by itself after each audited commit and on a schedule.
     */
    public int chainPending() {
        return chain.appendAll();
    }

    /**
     * Walks the whole chain in order and reports the first row that does not fit, and the rows still
     * pending. One snapshot throughout, so a chainer committing meanwhile cannot look like a removal.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Verification verify() {
        var state = new Object() {
            long expectedSeq = 1;
            byte[] expectedPrev = GENESIS;
            long checked;
            Long broken;
            String reason;
        };
        template.query("SELECT * FROM identity.audit_log WHERE seq IS NOT NULL ORDER BY seq", rs -> {
            if (state.broken != null) return;
            Entry e = entry(rs);
            state.checked++;
            if (e.seq() != state.expectedSeq) {
                state.broken = e.seq();
                state.reason = "row " + state.expectedSeq + " is missing";
            } else if (!Arrays.equals(e.prevHash(), state.expectedPrev)) {
                state.broken = e.seq();
                state.reason = "previous hash does not match row " + (e.seq() - 1);
            } else if (!Arrays.equals(e.hash(), hash(e.prevHash(), e))) {
                state.broken = e.seq();
                state.reason = "content does not match its hash";
            }
            state.expectedSeq = e.seq() + 1;
            state.expectedPrev = e.hash();
        });
        var pending = jdbc.sql("SELECT count(*), min(at) FROM identity.audit_log WHERE seq IS NULL")
                .query((rs, n) -> new Object[] {
                    rs.getLong(1),
                    rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()
                })
                .single();
        long pendingRows = (Long) pending[0];
        Instant oldest = (Instant) pending[1];
        if (state.broken != null)
            return new Verification(false, state.checked, state.broken, state.reason, pendingRows, oldest);
        var head = jdbc.sql("SELECT last_seq, last_hash FROM identity.audit_head WHERE id = 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getBytes(2)})
                .single();
        long lastSeq = state.expectedSeq - 1;
        if ((Long) head[0] != lastSeq || !Arrays.equals((byte[]) head[1], state.expectedPrev)) {
            return new Verification(
                    false, state.checked, lastSeq + 1, "rows after " + lastSeq + " were removed", pendingRows, oldest);
        }
        return new Verification(true, state.checked, null, null, pendingRows, oldest);
    }

    /** Newest first: rows still pending (not chained yet) before the chain, newest chained first. */
    @Transactional(readOnly = true)
    public List<Entry> find(Filter filter, int page, int size) {
        StringBuilder sql = new StringBuilder("SELECT * FROM identity.audit_log WHERE true");
        List<Object> params = new ArrayList<>();
        if (filter.actorId() != null) {
            sql.append(" AND actor_id = ?");
            params.add(filter.actorId());
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            // "staff." finds every staff action; a full name finds just that one
            sql.append(filter.action().endsWith(".") ? " AND starts_with(action, ?)" : " AND action = ?");
            params.add(filter.action());
        }
        if (filter.objectType() != null && !filter.objectType().isBlank()) {
            sql.append(" AND object_type = ?");
            params.add(filter.objectType());
        }
        if (filter.objectId() != null && !filter.objectId().isBlank()) {
            sql.append(" AND object_id = ?");
            params.add(filter.objectId());
        }
        if (filter.from() != null) {
            sql.append(" AND at >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND at < ?");
            params.add(Timestamp.from(filter.to()));
        }
        sql.append(" ORDER BY seq DESC NULLS FIRST, id DESC LIMIT ? OFFSET ?");
        params.add(size);
        params.add((long) page * size);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> entry(rs))
                .list();
    }

    static Entry entry(ResultSet rs) throws SQLException {
        // wasNull() speaks of the last column read, so ask it straight after the column
        long actor = rs.getLong("actor_id");
        Long actorId = rs.wasNull() ? null : actor;
        long seq = rs.getLong("seq");
        Long chained = rs.wasNull() ? null : seq;
        return new Entry(
                rs.getLong("id"),
                chained,
                rs.getTimestamp("at").toInstant(),
                actorId,
                rs.getString("actor_kind"),
                rs.getString("actor_name"),
                rs.getString("action"),
                rs.getString("object_type"),
                rs.getString("object_id"),
                rs.getString("details"),
                rs.getBytes("prev_hash"),
                rs.getBytes("hash"));
    }

    String canonicalJson(Map<String, ?> details) {
        if (details == null || details.isEmpty()) return "{}";
        // TreeMap and ORDER_MAP_ENTRIES_BY_KEYS: one spelling per content, whatever map the caller passed
        Map<String, Object> sorted = new TreeMap<>(new HashMap<>(details));
        return json.writeValueAsString(sorted);
    }

    /**
     * sha256(prev_hash || seq || canonical content); each field is length-prefixed so no two rows spell
     * alike. The row's id is not covered: it only orders pending rows, the chain position is {@code seq}.
     */
    static byte[] hash(byte[] prev, Entry e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev);
            field(sha, Long.toString(e.seq()));
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, e.at());
            field(sha, Long.toString(micros));
            field(sha, e.actorId() == null ? null : Long.toString(e.actorId()));
            field(sha, e.actorKind());
            field(sha, e.actorName());
            field(sha, e.action());
            field(sha, e.objectType());
            field(sha, e.objectId());
            field(sha, e.details());
            return sha.digest();
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }
}
