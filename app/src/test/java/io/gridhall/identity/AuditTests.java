package io.gridhall.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.gridhall.identity.internal.AuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class AuditTests extends IdentityWebTest {

    @Autowired
    Audit audit;

    @Autowired
    AuditLog log;

    @Autowired
    PlatformTransactionManager transactions;

    static final Actor auditor = new Actor(new UserId(3), Actor.Kind.STAFF, "审计员", Set.of(Role.AUDITOR), Set.of());
    static final Actor clerk =
            new Actor(new UserId(4), Actor.Kind.STAFF, "柜员", Set.of(Role.COUNTER_CLERK), Set.of(new BranchId(1)));

    MvcResult as(Actor actor, String path) throws Exception {
        return mvc.perform(
                        get(path).with(authentication(new UsernamePasswordAuthenticationToken(actor, null, List.of()))))
                .andReturn();
    }

    long rowsFor(String object, boolean chained) {
        return jdbc.sql("SELECT count(*) FROM identity.audit_log WHERE object_id = ? AND (seq IS NOT NULL) = ?")
                .params(object, chained)
                .query(Long.class)
                .single();
    }

    @Test
    void concurrentAppendsAndChainersKeepOneUnbrokenChain() throws Exception {
        String object = UUID.randomUUID().toString();
        long before = jdbc.sql("SELECT last_seq FROM identity.audit_head")
                .query(Long.class)
                .single();
        try (var pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 25; i++) {
                        audit.record(clerk, "test.append", "test", object, Map.of("thread", thread, "i", i));
                    }
                    return null;
                }));
            }
            // two more chainers besides the application's own, as other nodes would be
            for (int t = 0; t < 2; t++) {
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 20; i++) log.chainPending();
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        }
        log.chainPending();
        assertThat(rowsFor(object, true)).isEqualTo(100);
        assertThat(rowsFor(object, false)).isZero();
        assertThat(jdbc.sql("SELECT last_seq FROM identity.audit_head")
                        .query(Long.class)
                        .single())
                .isGreaterThanOrEqualTo(before + 100);
        AuditLog.Verification v = log.verify();
        assertThat(v.intact()).as(v.toString()).isTrue();
    }

    /** Issue #7: every audited transaction used to queue on the head row until the slowest one committed. */
    @Test
    void auditedTransactionsDoNotWaitForOneHeldOpen() throws Exception {
        String object = UUID.randomUUID().toString();
        var recorded = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(5)) {
            Future<?> slow = pool.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> {
                audit.record(clerk, "test.slow", "test", object, Map.of());
                recorded.countDown();
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(recorded.await(1, TimeUnit.MINUTES)).isTrue();
            List<Future<?>> others = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                others.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 10; i++) {
                        audit.record(clerk, "test.quick", "test", object, Map.of("thread", thread, "i", i));
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> f : others) f.get(1, TimeUnit.MINUTES);
                // committed and chained while the slow transaction still holds its own row
                log.chainPending();
                assertThat(rowsFor(object, true)).isEqualTo(40);
                assertThat(slow.isDone()).isFalse();
            } finally {
                release.countDown();
            }
            slow.get(1, TimeUnit.MINUTES);
        }
        log.chainPending();
        assertThat(rowsFor(object, true)).isEqualTo(41);
        AuditLog.Verification v = log.verify();
        assertThat(v.intact()).as(v.toString()).isTrue();
    }

    /**
     * Rows committed while no chainer can run (here: the head row held, as by a node that died mid-pass)
     * are shown and counted as pending, and chained by the schedule alone once the head is free.
     */
    @Test
    void pendingRowsAreShownAndCountedUntilTheScheduleChainsThem() throws Exception {
        String object = UUID.randomUUID().toString();
        var held = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try (var pool = Executors.newSingleThreadExecutor()) {
            Future<?> chainer = pool.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> {
                jdbc.sql("SELECT 1 FROM identity.audit_head WHERE id = 1 FOR UPDATE")
                        .query()
                        .singleRow();
                held.countDown();
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            try {
                assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();
                for (int i = 0; i < 3; i++) audit.record(clerk, "test.pending", "meter", object, Map.of("i", i));
                assertThat(rowsFor(object, false)).isEqualTo(3);
                AuditLog.Verification v = log.verify();
                assertThat(v.intact()).as(v.toString()).isTrue();
                assertThat(v.pending()).isGreaterThanOrEqualTo(3);
                assertThat(v.oldestPending()).isNotNull();
                String page = as(auditor, "/api/v1/audit?objectType=meter&objectId=" + object)
                        .getResponse()
                        .getContentAsString();
                // no seq and no hash yet (null fields are left out of the answer)
                assertThat(page).contains("\"pending\":true").doesNotContain("\"seq\"", "\"hash\"");
                assertThat(as(auditor, "/api/v1/audit/verify").getResponse().getContentAsString())
                        .contains("\"intact\":true", "\"pending\":");
            } finally {
                release.countDown();
            }
            chainer.get(1, TimeUnit.MINUTES);
        }
        // nothing nudges the chainer now: only the schedule (which also runs first thing at start-up)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rowsFor(object, false) > 0 && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(rowsFor(object, true)).isEqualTo(3);
        assertThat(as(auditor, "/api/v1/audit?objectType=meter&objectId=" + object)
                        .getResponse()
                        .getContentAsString())
                .contains("\"pending\":false")
                .doesNotContain("\"pending\":true");
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void anAnonymousRowKeepsTheChainIntact() {
        // a row without an actor (e.g. a failed service-password check) once read back as actor 0
        audit.record(null, "test.anonymous", "test", UUID.randomUUID().toString(), Map.of("set", true));
        log.chainPending();
        AuditLog.Verification v = log.verify();
        assertThat(v.intact()).as(v.toString()).isTrue();
    }

    @Test
    void aRolledBackActionLeavesNoAuditRow() {
        String object = UUID.randomUUID().toString();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            audit.record(clerk, "test.rolled-back", "test", object, Map.of());
            s.setRollbackOnly();
        });
        log.chainPending();
        assertThat(jdbc.sql("SELECT count(*) FROM identity.audit_log WHERE object_id = ?")
                        .param(object)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void theDatabaseRefusesToEditOrDeleteAuditRowsPendingOrChained() {
        audit.record(clerk, "test.immutable", "test", "x", Map.of());
        audit.record(clerk, "test.immutable-pending", "test", "x", Map.of());
        log.chainPending();
        assertThatThrownBy(() -> jdbc.sql(
                                "UPDATE identity.audit_log SET action = 'forged' WHERE action = 'test.immutable'")
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM identity.audit_log WHERE action = 'test.immutable'")
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE identity.audit_log").update())
                .hasMessageContaining("append-only");
        // a chained row cannot be chained again elsewhere
        assertThatThrownBy(() -> jdbc.sql(
                                "UPDATE identity.audit_log SET seq = seq + 1000000 WHERE action = 'test.immutable'")
                        .update())
                .hasMessageContaining("append-only");
        // a row cannot enter the chain but through the chainer
        assertThatThrownBy(() -> jdbc.sql("""
                                INSERT INTO identity.audit_log (seq, at, actor_kind, action, details, prev_hash, hash)
                                VALUES (999999999, now(), 'STAFF', 'test.forged', '{}', '\\x00', '\\x00')""").update()).hasMessageContaining("append-only");
        // a pending row's content is as fixed as a chained one's
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            audit.record(clerk, "test.immutable-pending", "test", "y", Map.of());
            assertThatThrownBy(() -> jdbc.sql(
                                    "UPDATE identity.audit_log SET details = '{\"forged\":1}' WHERE object_id = 'y'"
                                            + " AND action = 'test.immutable-pending'")
                            .update())
                    .hasMessageContaining("append-only");
            s.setRollbackOnly();
        });
    }

    @Test
    void verifyFindsTheFirstTamperedRow() {
        audit.record(clerk, "test.tamper-target", "test", "victim", Map.of("amount", 100));
        audit.record(clerk, "test.after", "test", "next", Map.of());
        log.chainPending();
        long target = jdbc.sql("SELECT max(seq) FROM identity.audit_log WHERE action = 'test.tamper-target'")
                .query(Long.class)
                .single();
        // Someone with superuser rights bypasses the trigger; everything is rolled back afterwards.
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.sql("SET LOCAL session_replication_role = replica").update();
            jdbc.sql("UPDATE identity.audit_log SET details = '{\"amount\":1}' WHERE seq = ?")
                    .param(target)
                    .update();
            AuditLog.Verification v = log.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenSeq()).isEqualTo(target);
            assertThat(v.reason()).contains("content");
            s.setRollbackOnly();
        });
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.sql("SET LOCAL session_replication_role = replica").update();
            jdbc.sql("DELETE FROM identity.audit_log WHERE seq = ?")
                    .param(target)
                    .update();
            AuditLog.Verification v = log.verify();
            assertThat(v.firstBrokenSeq()).isEqualTo(target + 1);
            assertThat(v.reason()).contains("missing");
            s.setRollbackOnly();
        });
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            long last = jdbc.sql("SELECT max(seq) FROM identity.audit_log")
                    .query(Long.class)
                    .single();
            jdbc.sql("SET LOCAL session_replication_role = replica").update();
            jdbc.sql("DELETE FROM identity.audit_log WHERE seq = ?").param(last).update();
            AuditLog.Verification v = log.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.reason()).contains("removed");
            s.setRollbackOnly();
        });
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void auditorsReadAndVerifyOthersMayNot() throws Exception {
        String object = UUID.randomUUID().toString();
        audit.record(clerk, "test.readable", "meter", object, Map.of("reason", "检修"));
        log.chainPending();
        MvcResult r = as(auditor, "/api/v1/audit?objectType=meter&objectId=" + object);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentAsString())
                .contains("\"action\":\"test.readable\"", "\"details\":{\"reason\":\"检修\"}");
        MvcResult byPrefix = as(auditor, "/api/v1/audit?action=test.&actorId=4&size=5");
        assertThat(byPrefix.getResponse().getContentAsString()).contains("test.");
        MvcResult none =
                as(auditor, "/api/v1/audit?objectId=" + object + "&from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z");
        assertThat(none.getResponse().getContentAsString()).contains("\"items\":[]");
        assertThat(as(auditor, "/api/v1/audit/verify").getResponse().getContentAsString())
                .contains("\"intact\":true");
        assertThat(as(clerk, "/api/v1/audit").getResponse().getStatus()).isEqualTo(403);
        assertThat(as(clerk, "/api/v1/audit/verify").getResponse().getStatus()).isEqualTo(403);
    }
}
