package io.gridhall.metering.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.shared.AfterCommitWorker;
import io.gridhall.shared.AfterCommitWorkers;
import jakarta.annotation.PreDestroy;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The concentrators and DTUs of the archive, and who may register as one (issue 7). Only an archived concentrator
 * may register with the head-end; one with a registration secret must send it ({@code DTU:<id>:<secret>}); one
 * without follows {@code gridhall.headend.require-secret}. Secrets are kept as a keyed hash (the deployment's lookup
 * key), compared in constant time, and never logged. The head-end asks from memory, so a flood of registrations costs
 * no database work; the memory follows the table after each change here and every minute.
 */
@Component
public class Concentrators {

    /** What the head-end makes of a registration. */
    public enum Verdict {
        ACCEPTED,
        /** Not a concentrator of the archive. */
        UNKNOWN,
        /** It has a secret and sent none, or it has none and the deployment requires one. */
        SECRET_REQUIRED,
        WRONG_SECRET
    }

    /** A registration secret: 8 to 64 printable ASCII characters, no blank and no comma (it travels in CSV too). */
    public static final Pattern SECRET = Pattern.compile("[\\x21-\\x2B\\x2D-\\x7E]{8,64}");

    private static final Logger log = LoggerFactory.getLogger(Concentrators.class);
    private static final String FIELD = "metering.concentrator_secret";
    private static final byte[] NONE = new byte[0];

    private final JdbcClient jdbc;
    private final PersonalDataVault vault;
    private final Audit audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final boolean requireSecret;
    /** Audits displaced links off the network threads (ADR 0023). */
    private final AfterCommitWorker auditing;

    private final AtomicLong displacements = new AtomicLong();
    /** concentrator id -> displacements not audited one by one yet ({@link #auditMissed}). */
    private final Map<String, LongAdder> unaudited = new ConcurrentHashMap<>();
    /** concentrator id -> keyed hash of its secret, or NONE. */
    private final Map<String, byte[]> known = new ConcurrentHashMap<>();

    @Autowired
    Concentrators(
            JdbcClient jdbc,
            PersonalDataVault vault,
            Audit audit,
            TransactionTemplate tx,
            Clock clock,
            @Value("${gridhall.headend.require-secret:true}") boolean requireSecret,
            AfterCommitWorkers workers) {
        this(
                jdbc,
                vault,
                audit,
                tx,
                clock,
                requireSecret,
                workers.start("headend-audit", 1_000, Duration.ofSeconds(10)));
    }

    Concentrators(
            JdbcClient jdbc,
            PersonalDataVault vault,
            Audit audit,
            TransactionTemplate tx,
            Clock clock,
            boolean requireSecret,
            AfterCommitWorker auditing) {
        this.auditing = auditing;
        this.jdbc = jdbc;
        this.vault = vault;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.requireSecret = requireSecret;
    }

    public boolean requiresSecret() {
        return requireSecret;
    }

    /** Whether a concentrator may register with this secret (null: none sent). */
    public Verdict check(String id, String secret) {
        byte[] hash = known.get(id);
        if (hash == null) return Verdict.UNKNOWN;
        // none configured: nothing to check a sent secret against, so only a deployment that allows it accepts
        if (hash == NONE || hash.length == 0) return requireSecret ? Verdict.SECRET_REQUIRED : Verdict.ACCEPTED;
        if (secret == null) return Verdict.SECRET_REQUIRED;
        return MessageDigest.isEqual(hash, vault.lookupHash(secret, FIELD)) ? Verdict.ACCEPTED : Verdict.WRONG_SECRET;
    }

    /** Reloads the archive's concentrators into memory. */
    @Scheduled(
            fixedDelayString = "${gridhall.headend.archive-refresh:PT1M}",
            initialDelayString = "${gridhall.headend.archive-refresh:PT1M}")
    public void refresh() {
        Map<String, byte[]> fresh = new HashMap<>();
        jdbc.sql("select concentrator_id, secret_hash from metering.concentrator")
                .query(rs -> {
                    byte[] hash = rs.getBytes(2);
                    fresh.put(rs.getString(1), hash == null ? NONE : hash);
                });
        known.putAll(fresh);
        known.keySet().retainAll(fresh.keySet());
    }

    /** Concentrators the archive now names (meters placed behind them); known at once, without a secret if new. */
    void learn(Collection<String> ids) {
        ids.forEach(id -> known.putIfAbsent(id, NONE));
    }

    /** Adds concentrators to the archive (no secret); in the caller's transaction. */
    void archive(Collection<String> ids) {
        if (ids.isEmpty()) return;
        jdbc.sql("""
                insert into metering.concentrator (concentrator_id)
                select distinct c from unnest(:ids::varchar[]) as c where c is not null
                on conflict do nothing""").param("ids", ids.toArray(String[]::new)).update();
    }

    public boolean exists(String id) {
        return jdbc.sql("select count(*) from metering.concentrator where concentrator_id = :id")
                        .param("id", id)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /**
     * Puts concentrators into the archive with their registration secrets (null: none, a concentrator without one
     * follows {@code require-secret}); only the keyed hash is stored. In the caller's transaction; memory follows
     * at once.
     */
    public void setSecrets(Map<String, String> secretOf) {
        if (secretOf.isEmpty()) return;
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        secretOf.forEach((id, secret) -> hashes.put(id, secret == null ? null : vault.lookupHash(secret, FIELD)));
        Timestamp now = Timestamp.from(clock.instant());
        hashes.forEach((id, hash) -> jdbc.sql("""
                        insert into metering.concentrator (concentrator_id, secret_hash, secret_set_at)
                        values (:id, :hash, :now)
                        on conflict (concentrator_id) do update
                            set secret_hash = excluded.secret_hash, secret_set_at = excluded.secret_set_at""")
                .param("id", id)
                .param("hash", hash)
                .param("now", now)
                .update());
        hashes.forEach((id, hash) -> known.put(id, hash == null ? NONE : hash));
    }

    /** Whether each concentrator has a registration secret. */
    public Map<String, Boolean> withSecret(Collection<String> ids) {
        Map<String, Boolean> out = new HashMap<>();
        jdbc.sql("""
                select concentrator_id, secret_hash is not null from metering.concentrator
                where concentrator_id = any(:ids::varchar[])""").param("ids", ids.toArray(String[]::new)).query(rs -> {
            out.put(rs.getString(1), rs.getBoolean(2));
        });
        return out;
    }

    /**
     * Audits that a registration displaced a live link (no secret in it): a real DTU that dialled again, or someone
     * who knows its id and secret. Runs off the network threads, in a transaction of its own. A displacement the
     * worker cannot take (a flood of them fills its queue) or the database refuses is counted per link and audited
     * with its count by {@link #auditMissed}: no displacement goes unaudited while the process lives.
     */
    void displaced(String id, String newSource, String oldSource) {
        // each displacement is its own entry: a name of its own, so none is merged with another waiting
        String what = "displacement " + displacements.incrementAndGet() + " of link " + id;
        boolean taken = auditing.run(what, () -> {
            try {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("source", newSource);
                details.put("displacedSource", oldSource);
                tx.executeWithoutResult(t ->
                        audit.record((Actor) null, "metering.headend.link-displaced", "concentrator", id, details));
            } catch (RuntimeException e) {
                missed(id);
                log.error(
                        "Could not audit the displacement of link {} (counted, audited later): {}", id, e.getMessage());
            }
        });
        if (!taken) {
            missed(id);
            log.warn(
                    "The displacement of link {} is counted and audited later: the audit worker is full or stopping",
                    id);
        }
    }

    private void missed(String id) {
        unaudited.computeIfAbsent(id, k -> new LongAdder()).increment();
    }

    /**
     * Audits the displacements {@link #displaced} could not, one entry per link with how many there were; on the
     * scheduler's thread, so a full audit worker does not stop it. Counts it cannot write are kept for the next time.
     */
    @Scheduled(
            fixedDelayString = "${gridhall.headend.missed-audits:PT1M}",
            initialDelayString = "${gridhall.headend.missed-audits:PT1M}")
    public void auditMissed() {
        Map<String, Long> counts = new TreeMap<>();
        for (String id : List.copyOf(unaudited.keySet())) {
            LongAdder n = unaudited.remove(id);
            if (n != null) counts.put(id, n.sum());
        }
        if (counts.isEmpty()) return;
        try {
            tx.executeWithoutResult(t -> counts.forEach((id, n) -> audit.record(
                    (Actor) null,
                    "metering.headend.link-displacements-unaudited",
                    "concentrator",
                    id,
                    Map.of("count", n))));
        } catch (RuntimeException e) {
            counts.forEach((id, n) ->
                    unaudited.computeIfAbsent(id, k -> new LongAdder()).add(n));
            log.error(
                    "Could not audit {} links' missed displacements (kept for the next time): {}",
                    counts.size(),
                    e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        auditing.close();
    }
}
