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

    MvcResult password(Browser b, String username, String password, String ip) throws Exception {
        return password(new Browser(ip), username, password);
    }

    static int status(MvcResult r) {
        return r.getResponse().getStatus();
    }

    @Test
    void failuresFromOneAddressGrowDelaysButNeverLockTheAccount() throws Exception {
        // issue 7: five failures used to lock the account for 15 minutes, for anyone who knew the username
        String username = aClerk();
        String ip = anIp();
        for (int i = 0; i < SignInThrottleFigures.PAIR_FREE; i++) {
            assertThat(status(password(null, username, "Wrong-123", ip))).isEqualTo(401);
        }
        long previous = 0;
        for (int i = 0; i < 6; i++) {
            MvcResult early = password(null, username, "Secret-123", ip);
            assertThat(status(early)).as("even the right password waits").isEqualTo(429);
            assertThat((String) at(early, "$.code")).isEqualTo("sign-in-throttled");
            long wait = ((Number) at(early, "$.retryAfterSeconds")).longValue();
            assertThat(wait).as("the delay doubles").isEqualTo(i == 0 ? 1 : previous * 2);
            previous = wait;
            clock.advance(Duration.ofSeconds(wait));
            assertThat(status(password(null, username, "Wrong-123", ip))).isEqualTo(401);
        }
        MvcResult next = password(null, username, "Secret-123", ip);
        assertThat(((Number) at(next, "$.retryAfterSeconds")).longValue()).isEqualTo(64);
        clock.advance(Duration.ofSeconds(64));
        MvcResult right = password(null, username, "Secret-123", ip);
        assertThat(status(right))
                .as("no lockout: after the wait the right password works")
                .isEqualTo(200);
        long id = jdbc.sql("SELECT id FROM identity.staff WHERE username = ?")
                .param(username)
                .query(Long.class)
                .single();
        assertThat(jdbc.sql("SELECT locked_until IS NULL FROM identity.staff WHERE id = ?")
                        .param(id)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM identity.audit_log WHERE action = 'staff.sign-in.refused'"
                                + " AND details LIKE ?")
                        .param("%" + username + "%")
                        .query(Long.class)
                        .single())
                .isEqualTo(7);
    }

    @Test
    void anAttackerElsewhereCannotKeepTheRealPersonOut() throws Exception {
        String username = aClerk();
        String attacker = anIp();
        for (int i = 0; i < 12; i++) {
            password(null, username, "Wrong-123", attacker);
            clock.advance(Duration.ofMinutes(2));
        }
        assertThat(status(password(null, username, "Wrong-123", attacker))).isEqualTo(429);
        // a distributed guess over many addresses slows the username down, by a minute at most
        for (int counted = 0; counted < SignInThrottleFigures.USERNAME_FREE + 5; ) {
            MvcResult r = password(null, username, "Wrong-123", anIp());
            if (status(r) == 429)
                clock.advance(Duration.ofSeconds(((Number) at(r, "$.retryAfterSeconds")).longValue()));
            else counted++;
        }
        MvcResult victim = password(null, username, "Secret-123", anIp());
        assertThat(status(victim)).isEqualTo(429);
        assertThat(((Number) at(victim, "$.retryAfterSeconds")).longValue()).isLessThanOrEqualTo(60);
        clock.advance(Duration.ofSeconds(60));
        assertThat(status(password(null, username, "Secret-123", anIp()))).isEqualTo(200);
    }

    @Test
    void unknownUsernamesAreThrottledExactlyLikeKnownOnes() throws Exception {
        String known = aClerk();
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 6);
        String ipA = anIp();
        String ipB = anIp();
        for (int i = 0; i < SignInThrottleFigures.PAIR_FREE + 3; i++) {
            MvcResult a = password(null, known, "Wrong-123", ipA);
            MvcResult b = password(null, unknown, "Wrong-123", ipB);
            assertThat(status(a)).isEqualTo(status(b));
            assertThat(a.getResponse().getContentAsString())
                    .isEqualTo(b.getResponse().getContentAsString());
            clock.advance(Duration.ofMillis(500));
        }
    }

    @Test
    void oneAddressTryingManyUsernamesIsSlowedDown() throws Exception {
        String ip = anIp();
        for (int i = 0; i < SignInThrottleFigures.IP_FREE; i++) {
            assertThat(status(password(null, "spray-" + i + "-" + UUID.randomUUID(), "Wrong-123", ip)))
                    .isEqualTo(401);
        }
        MvcResult next = password(null, aClerk(), "Secret-123", ip);
        assertThat(status(next)).isEqualTo(429);
        assertThat(status(password(null, aClerk(), "Secret-123", anIp())))
                .as("other addresses are not affected")
                .isEqualTo(200);
    }

    @Test
    void wrongTotpCodesCountTowardsTheDelay() throws Exception {
        String username = aClerk();
        Browser b = browser();
        password(b, username, "Secret-123");
        String wrong = code(0).equals("000000") ? "000001" : "000000";
        for (int i = 0; i < SignInThrottleFigures.PAIR_FREE; i++) {
            assertThat(status(b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + wrong + "\"}")))
                    .isEqualTo(401);
        }
        MvcResult throttled = b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(0) + "\"}");
        assertThat(status(throttled)).isEqualTo(429);
        assertThat((String) at(throttled, "$.code")).isEqualTo("sign-in-throttled");
        assertThat(status(b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + code(0) + "\"}")))
                .as("a throttled second step starts over with the password")
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
