package io.gridhall.identity.internal;

import io.gridhall.shared.AfterCommitWorker;
import io.gridhall.shared.AfterCommitWorkers;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed audit rows their place in the hash chain (issue #7, ADR 0006). A pass is a short
 * transaction of its own: it locks the single head row, chains up to {@link #BATCH} pending rows in the
 * order they were inserted, moves the head and commits. The head row lock makes one chainer at a time
 * across all nodes and is never held by a business transaction. Each node runs passes on one thread,
 * after every audited commit and on a schedule (which also finishes what a crashed node left pending).
 */
@Component
class AuditChain {

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);
    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    /** This node's chaining thread; a run asked for while one waits to start is that run. */
    private final AfterCommitWorker worker;

    AuditChain(
            JdbcClient jdbc,
            JdbcTemplate template,
            PlatformTransactionManager transactions,
            AfterCommitWorkers workers) {
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = new TransactionTemplate(transactions);
        this.worker = workers.start("audit-chain", 4, Duration.ofSeconds(10));
    }

    /** Called in the recording transaction: chain once it commits; a rollback leaves nothing to chain. */
    void afterCommit() {
        worker.afterCommit("chaining", this::run);
    }

    /**
     * Asks this node's chaining thread for a run; when it cannot take one (stopping), the rows stay pending and the
     * next sweep, here or on another node, chains them.
     */
    void nudge() {
        worker.run("chaining", this::run);
    }

    /** Every node, from start-up on: rows whose after-commit run was skipped or lost (a crash, a restart). */
    @Scheduled(fixedDelayString = "${gridhall.audit.chain-interval:PT5S}")
    void sweep() {
        nudge();
    }

    private void run() {
        // a commit during the pass queues another run (the worker frees the name as a run starts)
        try {
            while (pass(false) == BATCH) {
                // a backlog: keep going
            }
        } catch (RuntimeException e) {
            log.warn("Chaining audit rows failed; the next sweep tries again", e);
        }
    }

    /** Chains everything pending now, waiting for another chainer to finish first; returns rows chained. */
    int appendAll() {
        int total = 0;
        int chained;
        do {
            chained = pass(true);
            total += chained;
        } while (chained == BATCH);
        return total;
    }

    /**
     * One short transaction. Without {@code wait}, a head row locked by another chainer means it is
     * chaining already, and this pass gives way (0).
     */
    int pass(boolean wait) {
        Integer chained = transactions.execute(status -> {
            // an idle node's sweep looks without locking: locking the head writes to it
            boolean any = jdbc.sql("SELECT EXISTS (SELECT 1 FROM identity.audit_log WHERE seq IS NULL)")
                    .query(Boolean.class)
                    .single();
            if (!any) return 0;
            var head = jdbc.sql("SELECT last_seq, last_hash FROM identity.audit_head WHERE id = 1 FOR UPDATE"
                            + (wait ? "" : " SKIP LOCKED"))
                    .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2)))
                    .optional();
            if (head.isEmpty()) return 0;
            // read after the lock: every row the previous chainer chained is visible as chained
            List<AuditLog.Entry> pending = jdbc.sql(
                            "SELECT * FROM identity.audit_log WHERE seq IS NULL ORDER BY id LIMIT " + BATCH)
                    .query((rs, n) -> AuditLog.entry(rs))
                    .list();
            if (pending.isEmpty()) return 0;
            long seq = head.get().lastSeq();
            byte[] prev = head.get().lastHash();
            List<Object[]> updates = new ArrayList<>(pending.size());
            for (AuditLog.Entry e : pending) {
                seq++;
                byte[] hash = AuditLog.hash(
                        prev,
                        new AuditLog.Entry(
                                e.id(),
                                seq,
                                e.at(),
                                e.actorId(),
                                e.actorKind(),
                                e.actorName(),
                                e.action(),
                                e.objectType(),
                                e.objectId(),
                                e.details(),
                                prev,
                                null));
                updates.add(new Object[] {seq, prev, hash, e.id()});
                prev = hash;
            }
            int[] counts = template.batchUpdate(
                    "UPDATE identity.audit_log SET seq = ?, prev_hash = ?, hash = ? WHERE id = ? AND seq IS NULL",
                    updates);
            if (Arrays.stream(counts).anyMatch(c -> c == 0)) {
                throw new IllegalStateException("an audit row was chained by someone else while the head was locked");
            }
            jdbc.sql("UPDATE identity.audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")
                    .params(seq, prev)
                    .update();
            return pending.size();
        });
        return chained == null ? 0 : chained;
    }

    private record Head(long lastSeq, byte[] lastHash) {}

    @PreDestroy
    void stop() {
        worker.close();
    }
}
