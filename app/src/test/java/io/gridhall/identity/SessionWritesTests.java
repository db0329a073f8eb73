package io.gridhall.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue #8: a signed-in request that only reads must not rewrite its session row (the row lock and WAL flush made
 * every portal request cost a write), while sign-out, revocation from another node and the idle and absolute limits
 * still hold. Since then a node keeps the sessions it read in memory (a request that only reads reads nothing either):
 * a change on this node drops the copy at once, a change elsewhere when its notice arrives.
 */
class SessionWritesTests extends IdentityWebTest {

    @Autowired
    TransactionTemplate tx;

    private static String id(Browser b) {
        return new String(Base64.getDecoder().decode(b.session()), StandardCharsets.UTF_8);
    }

    /** The session row's and its attribute rows' transaction ids: they change whenever a row is rewritten. */
    private String versions(String sessionId) {
        return jdbc.sql("""
                        SELECT coalesce((SELECT xmin::text FROM platform.spring_session WHERE session_id = :id) || ':'
                               || (SELECT coalesce(string_agg(a.attribute_name || '=' || a.xmin::text, ','
                                                              ORDER BY a.attribute_name), '')
                                   FROM platform.spring_session_attributes a
                                   JOIN platform.spring_session s ON s.primary_id = a.session_primary_id
                                   WHERE s.session_id = :id), 'gone')
                        """).param("id", sessionId).query(String.class).single();
    }

    private static int status(MvcResult r) {
        return r.getResponse().getStatus();
    }

    @Test
    void signedInRequestsThatOnlyReadWriteNothingToTheSession() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        String id = id(b);
        assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
        String before = versions(id);
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(2));
            assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
        }
        assertThat(versions(id)).isEqualTo(before);
    }

    @Test
    void theLastSeenStampIsWrittenAgainOnceItIsAMinuteOld() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        String id = id(b);
        assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
        String before = versions(id);
        clock.advance(Duration.ofSeconds(61));
        assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
        assertThat(versions(id)).isNotEqualTo(before).isNotEqualTo("gone");
    }

    @Test
    void anActiveCustomerStaysSignedInWhileTheStampsLag() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        // a request every 59 s: most write nothing, yet the session lives on for hours of use
        for (int i = 0; i < 90; i++) {
            clock.advance(Duration.ofSeconds(59));
            assertThat(status(b.get("/api/v1/auth/me"))).as("request %d", i).isEqualTo(200);
        }
        // idle for a minute less than the limit after the last request: still signed in
        clock.advance(Duration.ofMinutes(29));
        assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
    }

    @Test
    void anIdleSessionNeverOutlivesItsLimitThoughTheLastRequestWroteNothing() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        String id = id(b);
        clock.advance(Duration.ofSeconds(59));
        assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200); // within the step: not written
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        MvcResult r = b.get("/api/v1/auth/me");
        assertThat(status(r)).isEqualTo(401);
        assertThat((String) JsonPath.read(r.getResponse().getContentAsString(), "$.code"))
                .isEqualTo("session-expired");
        assertThat(versions(id)).isEqualTo("gone");
    }

    @Test
    void aSessionEndedOnAnotherNodeIsRefusedAsSoonAsItsNoticeArrives() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        for (int i = 0; i < 3; i++) assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
        // what a sign-out or a revocation on another node leaves behind: no row, and a notice to every node
        String id = id(b);
        long start = System.nanoTime();
        assertThat(jdbc.sql("DELETE FROM platform.spring_session WHERE session_id = ?")
                        .param(id)
                        .update())
                .isEqualTo(1);
        Awaitility.await()
                // far below the cache's 5 minutes, far above a shared machine's stalls
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> status(b.get("/api/v1/auth/me")) == 401);
        System.out.printf(
                "session ended on another node: refused here after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        for (int i = 0; i < 3; i++) assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(401);
    }

    @Test
    void aChangedAttributeOnAnotherNodeIsSeenAsSoonAsItsNoticeArrives() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
        // another node's change to the session's attributes (here: the signed-in context taken away)
        assertThat(jdbc.sql("""
                                DELETE FROM platform.spring_session_attributes a USING platform.spring_session s
                                WHERE s.primary_id = a.session_primary_id AND s.session_id = ?
                                  AND a.attribute_name = 'SPRING_SECURITY_CONTEXT'""").param(id(b)).update()).isEqualTo(1);
        Awaitility.await()
                // far below the cache's 5 minutes, far above a shared machine's stalls
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> status(b.get("/api/v1/auth/me")) == 401);
    }

    @Test
    void aSignedInRequestThatOnlyReadsDoesNotReadItsSessionRowEither() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
        // the sign-in's own notices arrive after it answered and drop the copy read meanwhile: let them pass
        Thread.sleep(1000);
        assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
        // the row goes without a notice (triggers off for this transaction): the node keeps serving its copy,
        // which shows the request did not read the row; with the notice it is refused (the tests above)
        tx.executeWithoutResult(t -> {
            jdbc.sql("SET LOCAL session_replication_role = replica").update();
            jdbc.sql("DELETE FROM platform.spring_session WHERE session_id = ?")
                    .param(id(b))
                    .update();
        });
        assertThat(versions(id(b))).isEqualTo("gone");
        assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
    }

    @Test
    void aCachedSessionSignedOutOnThisNodeIsRefusedAtOnce() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        Browser copy = browser();
        copy.cookies.put("SESSION", b.session());
        for (int i = 0; i < 5; i++) {
            assertThat(status(b.get("/api/v1/auth/me"))).isEqualTo(200);
            assertThat(status(copy.get("/api/v1/auth/me"))).isEqualTo(200);
        }
        assertThat(status(b.post("/api/v1/auth/sign-out", "{}"))).isEqualTo(204);
        // no waiting: the sign-out dropped this node's copy before it answered
        assertThat(status(copy.get("/api/v1/auth/me"))).isEqualTo(401);
    }

    @Test
    void signingOutStillEndsTheSessionEverywhere() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        Browser copy = browser();
        copy.cookies.put("SESSION", b.session());
        String id = id(b);
        assertThat(status(copy.get("/api/v1/auth/me"))).isEqualTo(200);
        assertThat(status(b.post("/api/v1/auth/sign-out", "{}"))).isEqualTo(204);
        assertThat(status(copy.get("/api/v1/auth/me"))).isEqualTo(401);
        assertThat(versions(id)).isEqualTo("gone");
    }
}
