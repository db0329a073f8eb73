package io.gridhall.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.identity.internal.TotpCodes;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

class StaffSignInTests extends IdentityWebTest {

    static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @Autowired
    StaffDirectory directory;

    static <T> T at(MvcResult r, String path) throws Exception {
        return JsonPath.read(r.getResponse().getContentAsString(), path);
    }

    String aClerk() {
        String username = "clerk-" + UUID.randomUUID().toString().substring(0, 8);
        directory.create(new StaffDirectory.NewStaff(
                username, "王柜员", "Secret-123", SECRET, Set.of(Role.COUNTER_CLERK), Set.of(new BranchId(7))));
        return username;
    }

    String code(int stepOffset) {
        return TotpCodes.at(SECRET, clock.instant().plusSeconds(30L * stepOffset));
    }

    MvcResult password(Browser b, String username, String password) throws Exception {
        return b.post(
                "/api/v1/auth/staff/sign-in", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void signsInWithPasswordThenTotp() throws Exception {
        String username = aClerk();
        Browser b = browser();
        MvcResult first = password(b, username, "Secret-123");
        assertThat(first.getResponse().getContentAsString()).isEqualTo("{\"secondFactor\":\"TOTP\"}");
        assertThat(b.get("/api/v1/auth/me").getResponse().getStatus())
                .as("half signed in is not signed in")
                .isEqualTo(401);
        String pendingSession = b.session();

        MvcResult done = b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(0) + "\"}");
        assertThat(done.getResponse().getStatus())
                .as(done.getResponse().getContentAsString())
                .isEqualTo(200);
        assertThat(b.session()).isNotEqualTo(pendingSession);
        MvcResult me = b.get("/api/v1/auth/me");
        assertThat((String) at(me, "$.kind")).isEqualTo("STAFF");
        assertThat((String) at(me, "$.displayName")).isEqualTo("王柜员");
        assertThat(me.getResponse().getContentAsString()).contains("COUNTER_CLERK", "PAYMENT_COLLECT", "[7]");
        int id = at(me, "$.userId");
        assertThat(jdbc.sql("SELECT count(*) FROM identity.audit_log WHERE action = 'staff.sign-in' AND actor_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void acceptsTheCodeOfTheNeighbouringStepButEachCodeOnlyOnce() throws Exception {
        String username = aClerk();
        Browser b = browser();
        password(b, username, "Secret-123");
        assertThat(b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(-1) + "\"}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);

        Browser again = browser();
        password(again, username, "Secret-123");
        MvcResult replay = again.post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(-1) + "\"}");
        assertThat(replay.getResponse().getStatus()).isEqualTo(401);
        assertThat((String) at(replay, "$.code")).isEqualTo("totp-wrong");
        MvcResult tooOld = again.post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(-2) + "\"}");
        assertThat(tooOld.getResponse().getStatus()).isEqualTo(401);
        assertThat(again.post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(0) + "\"}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
    }

    @Test
    void refusesTotpWithoutThePasswordStep() throws Exception {
        MvcResult r = browser().post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(0) + "\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat((String) at(r, "$.code")).isEqualTo("no-pending-sign-in");
    }

    @Test
    void thePasswordStepLapsesAfterFiveMinutes() throws Exception {
        String username = aClerk();
        Browser b = browser();
        password(b, username, "Secret-123");
        clock.advance(Duration.ofMinutes(6));
        MvcResult r = b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(0) + "\"}");
        assertThat((String) at(r, "$.code")).isEqualTo("no-pending-sign-in");
    }

    @Test
    void unknownUsersAndWrongPasswordsLookTheSame() throws Exception {
        String username = aClerk();
        MvcResult wrong = password(browser(), username, "Wrong-123");
        MvcResult unknown =
                password(browser(), "nobody-" + UUID.randomUUID().toString().substring(0, 6), "Wrong-123");
        assertThat(wrong.getResponse().getStatus()).isEqualTo(401);
        assertThat(unknown.getResponse().getStatus()).isEqualTo(401);
        assertThat(wrong.getResponse().getContentAsString())
                .isEqualTo(unknown.getResponse().getContentAsString());
    }

    @Test
    void fiveFailuresLockTheAccountForFifteenMinutes() throws Exception {
        String username = aClerk();
        Browser b = browser();
        for (int i = 0; i < 4; i++) {
            assertThat(password(b, username, "Wrong-123").getResponse().getStatus())
                    .isEqualTo(401);
        }
        MvcResult fifth = password(b, username, "Wrong-123");
        assertThat(fifth.getResponse().getStatus()).isEqualTo(429);
        assertThat((String) at(fifth, "$.code")).isEqualTo("account-locked");
        assertThat((Integer) at(fifth, "$.retryAfterSeconds")).isEqualTo(900);

        MvcResult right = password(b, username, "Secret-123");
        assertThat(right.getResponse().getStatus())
                .as("locked even with the right password")
                .isEqualTo(429);
        long id = jdbc.sql("SELECT id FROM identity.staff WHERE username = ?")
                .param(username)
                .query(Long.class)
                .single();
        assertThat(jdbc.sql("SELECT count(*) FROM identity.audit_log WHERE action = 'staff.lockout' AND object_id = ?")
                        .param(Long.toString(id))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM identity.audit_log WHERE action = 'staff.sign-in.failed' AND object_id = ?")
                        .param(Long.toString(id))
                        .query(Long.class)
                        .single())
                .isEqualTo(5);

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(password(b, username, "Secret-123").getResponse().getStatus())
                .isEqualTo(200);
    }

    @Test
    void wrongTotpCodesCountTowardsTheLockout() throws Exception {
        String username = aClerk();
        Browser b = browser();
        password(b, username, "Secret-123");
        String wrong = code(0).equals("000000") ? "000001" : "000000";
        for (int i = 0; i < 4; i++) {
            assertThat(b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + wrong + "\"}")
                            .getResponse()
                            .getStatus())
                    .isEqualTo(401);
        }
        assertThat(b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + wrong + "\"}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(429);
        assertThat(b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(0) + "\"}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(401);
    }

    @Test
    void anIdleStaffSessionEndsAfterFifteenMinutes() throws Exception {
        String username = aClerk();
        Browser b = browser();
        password(b, username, "Secret-123");
        b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(0) + "\"}");
        clock.advance(Duration.ofMinutes(14));
        assertThat(b.get("/api/v1/auth/me").getResponse().getStatus()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(16));
        MvcResult r = b.get("/api/v1/audit");
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat((String) at(r, "$.code")).isEqualTo("session-expired");
    }
}
