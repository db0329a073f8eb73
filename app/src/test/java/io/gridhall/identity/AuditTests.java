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
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void concurrentAppendsKeepOneUnbrokenChain() throws Exception {
        String object = UUID.randomUUID().toString();
        long before = jdbc.sql("SELECT last_seq FROM identity.audit_head")
                .query(Long.class)
                .single();
        try (var pool = Executors.newFixedThreadPool(4)) {
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
            for (Future<?> f : done) f.get();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM identity.audit_log WHERE object_id = ?")
                        .param(object)
                        .query(Long.class)
                        .single())
                .isEqualTo(100);
        assertThat(jdbc.sql("SELECT last_seq FROM identity.audit_head")
                        .query(Long.class)
                        .single())
                .isGreaterThanOrEqualTo(before + 100);
        AuditLog.Verification v = log.verify();
        assertThat(v.intact()).as(v.toString()).isTrue();
    }

    @Test
    void anAnonymousRowKeepsTheChainIntact() {
        // a row without an actor (e.g. a failed service-password check) once read back as actor 0
        audit.record(null, "test.anonymous", "test", UUID.randomUUID().toString(), Map.of("set", true));
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
        assertThat(jdbc.sql("SELECT count(*) FROM identity.audit_log WHERE object_id = ?")
                        .param(object)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void theDatabaseRefusesToEditOrDeleteAuditRows() {
        audit.record(clerk, "test.immutable", "test", "x", Map.of());
        assertThatThrownBy(() -> jdbc.sql(
                                "UPDATE identity.audit_log SET action = 'forged' WHERE action = 'test.immutable'")
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM identity.audit_log WHERE action = 'test.immutable'")
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE identity.audit_log").update())
                .hasMessageContaining("append-only");
    }

    @Test
    void verifyFindsTheFirstTamperedRow() {
        audit.record(clerk, "test.tamper-target", "test", "victim", Map.of("amount", 100));
        audit.record(clerk, "test.after", "test", "next", Map.of());
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
