package io.gridhall.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.shared.Problem;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

class ServicePasswordTests extends IdentityWebTest {

    @Autowired
    ServicePasswords passwords;

    @Autowired
    IdentityTestSupport.Owners owners;

    static final Actor clerk =
            new Actor(new UserId(5), Actor.Kind.STAFF, "柜员", Set.of(Role.COUNTER_CLERK), Set.of(new BranchId(1)));
    static final Actor reader =
            new Actor(new UserId(6), Actor.Kind.STAFF, "抄表员", Set.of(Role.REPAIR_CREW), Set.of(new BranchId(1)));

    static long anAccount() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    }

    @Test
    void verifiesTheSetPassword() {
        long account = anAccount();
        assertThat(passwords.isSet(account)).isFalse();
        assertThat(passwords.verify(account, "135790")).isFalse();
        passwords.set(clerk, account, "135790");
        assertThat(passwords.isSet(account)).isTrue();
        assertThat(passwords.verify(account, "135790")).isTrue();
        assertThat(passwords.verify(account, "135791")).isFalse();
        String stored = jdbc.sql("SELECT password_hash FROM identity.service_password WHERE supply_account_id = ?")
                .param(account)
                .query(String.class)
                .single();
        assertThat(stored).startsWith("$argon2id$").doesNotContain("135790");
    }

    @Test
    void refusesWeakPasswordsAndStaffWithoutWriteAccess() {
        long account = anAccount();
        for (String weak : new String[] {"111111", "123456", "654321", "12345", "abcdef", "1234567"}) {
            assertThatThrownBy(() -> passwords.set(clerk, account, weak))
                    .as(weak)
                    .isInstanceOf(Problem.class);
        }
        assertThatThrownBy(() -> passwords.set(reader, account, "135790"))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("permission-required"));
    }

    @Test
    void throttlesAfterFiveFailuresAnHourPerAccount() {
        long account = anAccount();
        passwords.set(clerk, account, "135790");
        for (int i = 0; i < 5; i++)
            assertThat(passwords.verify(account, "000000")).isFalse();
        assertThatThrownBy(() -> passwords.verify(account, "135790")).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.getStatusCode().value()).isEqualTo(429);
            assertThat(p.getBody().getProperties()).containsKey("retryAfterSeconds");
        });
        long other = anAccount();
        passwords.set(clerk, other, "135790");
        assertThat(passwords.verify(other, "135790"))
                .as("other accounts are not affected")
                .isTrue();
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(passwords.verify(account, "135790")).isTrue();
    }

    @Test
    void aCustomerResetsTheirAccountsPasswordWithAFreshCode() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        b.signInAsCustomer(phone);
        int id = JsonPath.read(b.get("/api/v1/auth/me").getResponse().getContentAsString(), "$.userId");
        long account = anAccount();
        owners.bind(new UserId(id), account);
        clock.advance(Duration.ofSeconds(61));

        MvcResult sent = b.post("/api/v1/auth/customer/otp", "{\"purpose\":\"SERVICE_PASSWORD_RESET\"}");
        assertThat(sent.getResponse().getStatus())
                .as(sent.getResponse().getContentAsString())
                .isEqualTo(202);
        assertThat(sms.last(phone).template()).isEqualTo("otp.service-password-reset");
        String code = sms.lastCode(phone);

        MvcResult weak = b.post(
                "/api/v1/auth/customer/service-password",
                "{\"supplyAccountId\":" + account + ",\"code\":\"" + code + "\",\"newPassword\":\"123456\"}");
        assertThat(weak.getResponse().getContentAsString()).contains("service-password-weak");
        MvcResult notMine = b.post(
                "/api/v1/auth/customer/service-password",
                "{\"supplyAccountId\":" + anAccount() + ",\"code\":\"" + code + "\",\"newPassword\":\"246801\"}");
        assertThat(notMine.getResponse().getStatus()).isEqualTo(404);
        MvcResult done = b.post(
                "/api/v1/auth/customer/service-password",
                "{\"supplyAccountId\":" + account + ",\"code\":\"" + code + "\",\"newPassword\":\"246801\"}");
        assertThat(done.getResponse().getStatus())
                .as(done.getResponse().getContentAsString())
                .isEqualTo(204);
        assertThat(passwords.verify(account, "246801")).isTrue();

        MvcResult replay = b.post(
                "/api/v1/auth/customer/service-password",
                "{\"supplyAccountId\":" + account + ",\"code\":\"" + code + "\",\"newPassword\":\"975310\"}");
        assertThat(replay.getResponse().getContentAsString()).contains("otp-missing");
    }

    @Test
    void aSignInCodeDoesNotResetTheServicePassword() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        b.signInAsCustomer(phone);
        int id = JsonPath.read(b.get("/api/v1/auth/me").getResponse().getContentAsString(), "$.userId");
        long account = anAccount();
        owners.bind(new UserId(id), account);
        clock.advance(Duration.ofSeconds(61));
        b.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}");
        MvcResult r = b.post(
                "/api/v1/auth/customer/service-password",
                "{\"supplyAccountId\":" + account + ",\"code\":\"" + sms.lastCode(phone)
                        + "\",\"newPassword\":\"246801\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(passwords.isSet(account)).isFalse();
    }

    @Test
    void theResetCodeNeedsASignedInCustomer() throws Exception {
        MvcResult r = browser().post("/api/v1/auth/customer/otp", "{\"purpose\":\"SERVICE_PASSWORD_RESET\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
    }
}
