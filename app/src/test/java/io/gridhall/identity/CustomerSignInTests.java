package io.gridhall.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.notification.Channel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

class CustomerSignInTests extends IdentityWebTest {

    static String json(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString();
    }

    static <T> T at(MvcResult r, String path) throws Exception {
        return JsonPath.read(json(r), path);
    }

    @Test
    void signsUpOnFirstSignInThenFindsTheSameCustomerAgain() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        MvcResult sent = b.post("/api/v1/auth/customer/otp", "{\"phone\":\"+86 " + phone + "\"" + CONSENT + "}");
        assertThat(sent.getResponse().getStatus()).isEqualTo(202);
        assertThat(json(sent))
                .contains(phone.substring(0, 3) + "****" + phone.substring(7))
                .doesNotContain(phone);
        var message = sms.last(phone);
        assertThat(message.template()).isEqualTo("otp.sign-in");
        assertThat(message.channels()).containsExactly(Channel.SMS);
        assertThat(message.parameters().get("code")).matches("\\d{6}");

        MvcResult first = b.post(
                "/api/v1/auth/customer/sign-in",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + sms.lastCode(phone) + "\"}");
        assertThat(first.getResponse().getStatus()).as(json(first)).isEqualTo(200);
        MvcResult me = b.get("/api/v1/auth/me");
        assertThat(me.getResponse().getStatus()).isEqualTo(200);
        assertThat((String) at(me, "$.kind")).isEqualTo("CUSTOMER");
        assertThat((String) at(me, "$.displayName")).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(json(me)).doesNotContain(phone);
        int id = at(me, "$.userId");

        clock.advance(Duration.ofSeconds(61));
        Browser other = browser();
        assertThat(other.signInAsCustomer(phone).getResponse().getStatus()).isEqualTo(200);
        assertThat((Integer) at(other.get("/api/v1/auth/me"), "$.userId")).isEqualTo(id);
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM identity.audit_log WHERE action = 'customer.sign-up' AND object_id = ?")
                        .param(Integer.toString(id))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM identity.audit_log WHERE action = 'customer.sign-in' AND object_id = ?")
                        .param(Integer.toString(id))
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void keepsTheSignedInActorInTheDatabaseSession() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        int id = at(b.get("/api/v1/auth/me"), "$.userId");
        // the Actor went through Java serialisation into platform.spring_session_attributes and back
        assertThat(jdbc.sql("""
                SELECT count(*) FROM platform.spring_session s
                JOIN platform.spring_session_attributes a ON a.session_primary_id = s.primary_id
                WHERE s.principal_name = ? AND a.attribute_name = 'SPRING_SECURITY_CONTEXT'
                """).param("customer:" + id).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void storesThePhoneEncryptedAndTheCodeHashed() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        b.signInAsCustomer(phone);
        String code = sms.lastCode(phone);
        var rows = jdbc.sql("SELECT encode(phone_encrypted, 'escape') FROM identity.customer_user")
                .query(String.class)
                .list();
        assertThat(rows).noneMatch(r -> r.contains(phone));
        var codes = jdbc.sql("SELECT encode(code_hash, 'hex') FROM identity.otp_code")
                .query(String.class)
                .list();
        assertThat(codes).noneMatch(c -> c.equals(code));
    }

    @Test
    void refusesChangesWithoutTheCsrfToken() throws Exception {
        MvcResult r = browser()
                .postWithoutCsrf("/api/v1/auth/customer/otp", "{\"phone\":\"" + aPhone() + "\"" + CONSENT + "}");
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat((String) at(r, "$.code")).isEqualTo("csrf-invalid");
    }

    @Test
    void handsOutTheCsrfTokenOfTheSessionAndNoCookie() throws Exception {
        Browser b = browser();
        MvcResult r = b.get("/api/v1/auth/csrf");
        assertThat((String) at(r, "$.headerName")).isEqualTo("X-XSRF-TOKEN");
        assertThat((String) at(r, "$.token")).isNotBlank();
        assertThat(b.cookies).containsKey("SESSION").doesNotContainKey("XSRF-TOKEN");
        assertThat(b.get("/api/v1/auth/csrf").getResponse().getContentAsString())
                .as("the same session keeps its token")
                .contains((String) at(r, "$.token"));
    }

    @Test
    void refusesATokenThatBelongsToAnotherSessionEvenWithAPlantedCookie() throws Exception {
        // issue 7: a planted XSRF-TOKEN cookie plus the matching header used to pass
        Browser attacker = browser();
        String attackersToken = attacker.fetchCsrf();
        Browser victim = browser();
        victim.fetchCsrf();
        victim.cookies.put("XSRF-TOKEN", attackersToken);
        MvcResult r = victim.postWith(
                "/api/v1/auth/customer/otp", "{\"phone\":\"" + aPhone() + "\"" + CONSENT + "}", attackersToken);
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(r.getResponse().getContentType()).contains("application/problem+json");
        assertThat((String) at(r, "$.code")).isEqualTo("csrf-invalid");

        Browser planted = browser();
        planted.cookies.put("XSRF-TOKEN", "planted-token");
        MvcResult withoutSession = planted.postWith(
                "/api/v1/auth/customer/otp", "{\"phone\":\"" + aPhone() + "\"" + CONSENT + "}", "planted-token");
        assertThat(withoutSession.getResponse().getStatus()).isEqualTo(403);
        assertThat((String) at(withoutSession, "$.code")).isEqualTo("csrf-invalid");
    }

    @Test
    void signingInRenewsTheCsrfToken() throws Exception {
        Browser b = browser();
        String before = b.fetchCsrf();
        b.signInAsCustomer(aPhone());
        MvcResult stale = b.postWith("/api/v1/auth/sign-out", "{}", before);
        assertThat(stale.getResponse().getStatus()).isEqualTo(403);
        assertThat((String) at(stale, "$.code")).isEqualTo("csrf-invalid");
        assertThat(b.fetchCsrf()).isNotEqualTo(before);
        assertThat(b.postWith("/api/v1/auth/sign-out", "{}", b.csrf)
                        .getResponse()
                        .getStatus())
                .isEqualTo(204);
    }

    @Test
    void rejectsNumbersThatAreNotMainlandMobiles() throws Exception {
        for (String bad : new String[] {"12812345678", "1381234567", "23812345678", "+1 2025550123", "abc"}) {
            MvcResult r = browser().post("/api/v1/auth/customer/otp", "{\"phone\":\"" + bad + "\"" + CONSENT + "}");
            assertThat(r.getResponse().getStatus()).as(bad).isEqualTo(400);
            assertThat((String) at(r, "$.code")).isEqualTo("phone-invalid");
        }
    }

    @Test
    void aWrongCodeSaysHowManyAttemptsAreLeftAndDoesNotSignIn() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}");
        String wrong = sms.lastCode(phone).equals("000000") ? "000001" : "000000";
        MvcResult r =
                b.post("/api/v1/auth/customer/sign-in", "{\"phone\":\"" + phone + "\",\"code\":\"" + wrong + "\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat((String) at(r, "$.code")).isEqualTo("otp-wrong");
        assertThat((Integer) at(r, "$.remainingAttempts")).isEqualTo(4);
        assertThat(b.get("/api/v1/auth/me").getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void answersInEnglishWhenAsked() throws Exception {
        MvcResult r = browser()
                .send(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/auth/me")
                        .header("Accept-Language", "en"));
        assertThat((String) at(r, "$.title")).isEqualTo("Not signed in");
        MvcResult zh = browser().get("/api/v1/auth/me");
        assertThat((String) at(zh, "$.title")).isEqualTo("未登录");
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        MvcResult r = b.post(
                "/api/v1/auth/customer/sign-in",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + sms.lastCode(phone) + "\"}");
        assertThat((String) at(r, "$.code")).isEqualTo("otp-expired");
    }

    @Test
    void fiveWrongAttemptsBurnTheCodeEvenForTheRightOne() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}");
        String right = sms.lastCode(phone);
        String wrong = right.equals("999999") ? "999998" : "999999";
        for (int i = 0; i < 5; i++) {
            b.post("/api/v1/auth/customer/sign-in", "{\"phone\":\"" + phone + "\",\"code\":\"" + wrong + "\"}");
        }
        MvcResult r =
                b.post("/api/v1/auth/customer/sign-in", "{\"phone\":\"" + phone + "\",\"code\":\"" + right + "\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat((String) at(r, "$.code")).isEqualTo("otp-exhausted");
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM identity.audit_log WHERE action = 'customer.sign-in.failed' AND object_id = ?")
                        .param(phone.substring(0, 3) + "****" + phone.substring(7))
                        .query(Long.class)
                        .single())
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void aCodeWorksOnceAndANewCodeRetiresTheOldOne() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}");
        String first = sms.lastCode(phone);
        clock.advance(Duration.ofSeconds(61));
        b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}");
        String second = sms.lastCode(phone);
        if (!first.equals(second)) {
            MvcResult old =
                    b.post("/api/v1/auth/customer/sign-in", "{\"phone\":\"" + phone + "\",\"code\":\"" + first + "\"}");
            assertThat(old.getResponse().getStatus()).isEqualTo(400);
        }
        assertThat(b.post("/api/v1/auth/customer/sign-in", "{\"phone\":\"" + phone + "\",\"code\":\"" + second + "\"}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        MvcResult again = browser()
                .post("/api/v1/auth/customer/sign-in", "{\"phone\":\"" + phone + "\",\"code\":\"" + second + "\"}");
        assertThat((String) at(again, "$.code")).isEqualTo("otp-missing");
    }

    @Test
    void limitsCodesPerPhoneToOneAMinuteAndFiveAnHour() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        assertThat(b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(202);
        clock.advance(Duration.ofSeconds(20));
        MvcResult tooSoon = b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}");
        assertThat(tooSoon.getResponse().getStatus()).isEqualTo(429);
        assertThat((String) at(tooSoon, "$.code")).isEqualTo("otp-too-soon");
        assertThat((Integer) at(tooSoon, "$.retryAfterSeconds")).isEqualTo(40);
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(61));
            assertThat(b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}")
                            .getResponse()
                            .getStatus())
                    .isEqualTo(202);
        }
        clock.advance(Duration.ofSeconds(61));
        MvcResult hourly = b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}");
        assertThat(hourly.getResponse().getStatus()).isEqualTo(429);
        assertThat((String) at(hourly, "$.code")).isEqualTo("otp-hourly-limit");
        assertThat((Integer) at(hourly, "$.retryAfterSeconds")).isBetween(1, 3600);
        clock.advance(Duration.ofSeconds((Integer) at(hourly, "$.retryAfterSeconds")));
        assertThat(b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(202);
    }

    @Test
    void limitsCodesPerClientAddress() throws Exception {
        Browser b = browser();
        for (int i = 0; i < 20; i++) {
            assertThat(b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + aPhone() + "\"" + CONSENT + "}")
                            .getResponse()
                            .getStatus())
                    .isEqualTo(202);
        }
        MvcResult r = b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + aPhone() + "\"" + CONSENT + "}");
        assertThat(r.getResponse().getStatus()).isEqualTo(429);
        assertThat((String) at(r, "$.code")).isEqualTo("otp-ip-limit");
        assertThat(r.getResponse().getContentAsString()).contains("retryAfterSeconds");
    }

    @Test
    void signingInAgainRotatesTheSessionAndRetiresTheOldOne() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        b.signInAsCustomer(phone);
        String before = b.session();
        clock.advance(Duration.ofSeconds(61));
        b.signInAsCustomer(phone);
        assertThat(b.session()).isNotNull().isNotEqualTo(before);
        Browser thief = browser();
        thief.cookies.put("SESSION", before);
        assertThat(thief.get("/api/v1/auth/me").getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void anIdleCustomerSessionEndsAfterThirtyMinutes() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        clock.advance(Duration.ofMinutes(29));
        assertThat(b.get("/api/v1/auth/me").getResponse().getStatus()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(29));
        assertThat(b.get("/api/v1/auth/me").getResponse().getStatus()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(31));
        MvcResult r = b.get("/api/v1/auth/me");
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat((String) at(r, "$.code")).isEqualTo("session-expired");
        assertThat(b.get("/api/v1/auth/me").getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void anActiveSessionStillEndsTwelveHoursAfterSignIn() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        for (int i = 0; i < 28; i++) {
            clock.advance(Duration.ofMinutes(25));
            assertThat(b.get("/api/v1/auth/me").getResponse().getStatus())
                    .as("after %d min", (i + 1) * 25)
                    .isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(25)); // 12 h 5 min
        MvcResult r = b.get("/api/v1/auth/me");
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat((String) at(r, "$.code")).isEqualTo("session-expired");
    }

    @Test
    void signingOutEndsTheSessionAndIsAudited() throws Exception {
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        int id = at(b.get("/api/v1/auth/me"), "$.userId");
        assertThat(b.post("/api/v1/auth/sign-out", "{}").getResponse().getStatus())
                .isEqualTo(204);
        assertThat(b.get("/api/v1/auth/me").getResponse().getStatus()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM identity.audit_log WHERE action = 'sign-out' AND actor_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void theApiStaysClosedToAnonymousCallersWithAProblem() throws Exception {
        MvcResult r = browser().get("/api/v1/audit");
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat((String) at(r, "$.code")).isEqualTo("not-signed-in");
    }

    @Test
    void theDemoTotpPageDoesNotExistOutsideTheDemoProfile() throws Exception {
        assertThat(browser().get("/api/v1/dev/totp").getResponse().getStatus()).isEqualTo(404);
    }
}
