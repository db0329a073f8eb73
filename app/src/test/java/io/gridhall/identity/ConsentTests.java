package io.gridhall.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.identity.internal.LegalDocuments;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Issue 8: no sign-up without the user agreement and privacy policy, consent recorded by version. */
class ConsentTests extends IdentityWebTest {

    @org.springframework.beans.factory.annotation.Autowired
    private PersonalDataVault vault;

    @org.springframework.beans.factory.annotation.Autowired
    private io.gridhall.identity.internal.OneTimeCodes codes;

    private static final String CURRENT = LegalDocuments.Document.PRIVACY_POLICY.current;

    private static String json(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString();
    }

    private static <T> T at(MvcResult r, String path) throws Exception {
        return JsonPath.read(json(r), path);
    }

    private List<String> consentRows(long userId) {
        return jdbc.sql("""
                SELECT document || '@' || version || '@' || channel FROM identity.consent
                WHERE user_id = ? ORDER BY document, id
                """).param(userId).query(String.class).list();
    }

    private long userIdOf(Browser b) throws Exception {
        return ((Number) at(b.get("/api/v1/auth/me"), "$.userId")).longValue();
    }

    @Test
    void servesTheCurrentDocumentsPubliclyInTheCallersLanguage() throws Exception {
        for (String document : List.of("user-agreement", "privacy-policy")) {
            MvcResult zh = browser().get("/api/v1/legal/" + document);
            assertThat(zh.getResponse().getStatus()).isEqualTo(200);
            assertThat((String) at(zh, "$.version")).isEqualTo(CURRENT);
            assertThat((String) at(zh, "$.language")).isEqualTo("zh");
            assertThat((String) at(zh, "$.text")).contains("版本：" + CURRENT).contains("95598");
            MvcResult en = browser()
                    .send(MockMvcRequestBuilders.get("/api/v1/legal/" + document)
                            .header("Accept-Language", "en"));
            assertThat((String) at(en, "$.language")).isEqualTo("en");
            assertThat((String) at(en, "$.title")).startsWith("GridHall Online Business Hall");
        }
        assertThat((String) at(browser().get("/api/v1/legal/privacy-policy"), "$.text"))
                .contains("手机号码", "证件号码", "短信运营商", "撤回同意", "注销");
        MvcResult unknown = browser().get("/api/v1/legal/cookie-policy");
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void refusesASignUpCodeWithoutConsentAndKeepsNothing() throws Exception {
        String phone = aPhone();
        Browser b = browser();
        for (String body : List.of(
                "{\"phone\":\"" + phone + "\"}",
                "{\"phone\":\"" + phone + "\",\"consent\":{}}",
                "{\"phone\":\"" + phone + "\",\"consent\":{\"user-agreement\":\"" + CURRENT + "\"}}",
                "{\"phone\":\"" + phone + "\",\"consent\":{\"user-agreement\":\"2020-01-01\",\"privacy-policy\":\""
                        + CURRENT + "\"}}")) {
            MvcResult r = b.post("/api/v1/auth/customer/otp", body);
            assertThat(r.getResponse().getStatus()).as(body).isEqualTo(400);
            assertThat((String) at(r, "$.code")).isEqualTo("consent-required");
            assertThat((String) at(r, "$.detail")).contains("《用户协议》");
        }
        MvcResult en = b.send(MockMvcRequestBuilders.post("/api/v1/auth/customer/otp")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content("{\"phone\":\"" + phone + "\"}")
                .header("X-XSRF-TOKEN", b.csrf)
                .header("Accept-Language", "en"));
        assertThat((String) at(en, "$.title")).isEqualTo("Consent required");
        assertThatThrownBy(() -> sms.last(phone)).isInstanceOf(AssertionError.class);
        assertThat(jdbc.sql("SELECT count(*) FROM identity.otp_code WHERE phone_hash = ?")
                        .param(vault.lookupHash(phone, "phone"))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void recordsTheAcceptedVersionsWhenTheSignInCreatesTheAccount() throws Exception {
        Browser b = browser();
        assertThat(b.signInAsCustomer(aPhone()).getResponse().getStatus()).isEqualTo(200);
        long id = userIdOf(b);
        assertThat(consentRows(id))
                .containsExactly(
                        "privacy-policy@" + CURRENT + "@portal-sign-up",
                        "user-agreement@" + CURRENT + "@portal-sign-up");
        MvcResult status = b.get("/api/v1/auth/consents");
        assertThat((Boolean) at(status, "$.pending")).isFalse();
        assertThat((String) at(status, "$.current['user-agreement']")).isEqualTo(CURRENT);
        assertThat((List<String>) at(status, "$.documents[*].accepted")).containsOnly(CURRENT);
    }

    @Test
    void anExistingCustomerIsAskedForConsentLikeANewOneSoTheAnswerDoesNotTellWhichPhonesHaveAccounts()
            throws Exception {
        String phone = aPhone();
        browser().signInAsCustomer(phone);
        clock.advance(java.time.Duration.ofMinutes(2));
        Browser again = browser();
        MvcResult known = again.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"}");
        MvcResult unknown = again.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + aPhone() + "\"}");
        assertThat(known.getResponse().getStatus()).as(json(known)).isEqualTo(400);
        assertThat((String) at(known, "$.code")).isEqualTo("consent-required");
        assertThat(json(known).replaceAll("\"instance\":\"[^\"]*\"", ""))
                .isEqualTo(json(unknown).replaceAll("\"instance\":\"[^\"]*\"", ""));

        MvcResult sent = again.post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}");
        assertThat(sent.getResponse().getStatus()).as(json(sent)).isEqualTo(202);
        again.post(
                "/api/v1/auth/customer/sign-in",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + sms.lastCode(phone) + "\"}");
        // nothing recorded twice: the versions were accepted already
        assertThat(consentRows(userIdOf(again))).hasSize(2);
    }

    @Test
    void asksAgainWhenADocumentHasANewVersionAndRecordsTheNewAcceptance() throws Exception {
        // a customer who signed up under earlier versions of both documents
        String phone = aPhone();
        long id = jdbc.sql("""
                INSERT INTO identity.customer_user (phone_hash, phone_encrypted, created_at) VALUES (?, ?, now())
                RETURNING id
                """)
                .params(vault.lookupHash(phone, "phone"), vault.encrypt(phone, "identity.customer_user.phone"))
                .query(Long.class)
                .single();
        for (String document : List.of("user-agreement", "privacy-policy")) {
            jdbc.sql("""
                    INSERT INTO identity.consent (user_id, document, version, accepted_at, channel, client_ip)
                    VALUES (?, ?, '2025-06-01', now() - interval '1 year', 'portal-sign-up', '10.0.0.1')
                    """).params(id, document).update();
        }
        // a code sent before the new versions were published: the session starts on the old acceptance
        codes.send(
                io.gridhall.identity.internal.MobileNumber.parse(phone).orElseThrow(),
                io.gridhall.identity.internal.OtpPurpose.SIGN_IN,
                null,
                "10.0.0.1",
                java.util.Locale.CHINA);
        Browser b = browser();
        b.post(
                "/api/v1/auth/customer/sign-in",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + sms.lastCode(phone) + "\"}");
        assertThat(userIdOf(b)).isEqualTo(id);

        MvcResult status = b.get("/api/v1/auth/consents");
        assertThat((Boolean) at(status, "$.pending")).isTrue();
        assertThat((List<String>) at(status, "$.documents[*].accepted")).containsOnly("2025-06-01");

        MvcResult stale = b.post(
                "/api/v1/auth/consents",
                "{\"accepted\":{\"user-agreement\":\"2025-06-01\",\"privacy-policy\":\"2025-06-01\"}}");
        assertThat(stale.getResponse().getStatus()).isEqualTo(400);
        assertThat((String) at(stale, "$.code")).isEqualTo("consent-required");
        MvcResult half = b.post("/api/v1/auth/consents", "{\"accepted\":{\"user-agreement\":\"" + CURRENT + "\"}}");
        assertThat(half.getResponse().getStatus()).isEqualTo(400);
        assertThat(b.post("/api/v1/auth/consents", "{}").getResponse().getStatus())
                .isEqualTo(400);
        assertThat((Boolean) at(b.get("/api/v1/auth/consents"), "$.pending")).isTrue();

        MvcResult accepted = b.post("/api/v1/auth/consents", "{\"accepted\":" + CONSENT.substring(11) + "}");
        assertThat(accepted.getResponse().getStatus()).as(json(accepted)).isEqualTo(200);
        assertThat((Boolean) at(accepted, "$.pending")).isFalse();
        assertThat((Boolean) at(b.get("/api/v1/auth/consents"), "$.pending")).isFalse();
        // the earlier acceptance stays on record beside the new one
        assertThat(consentRows(id))
                .containsExactly(
                        "privacy-policy@2025-06-01@portal-sign-up",
                        "privacy-policy@" + CURRENT + "@portal",
                        "user-agreement@2025-06-01@portal-sign-up",
                        "user-agreement@" + CURRENT + "@portal");
    }

    @Test
    void consentsAreOnlyForSignedInCustomersAndCannotBeRewritten() throws Exception {
        assertThat(browser().get("/api/v1/auth/consents").getResponse().getStatus())
                .isEqualTo(401);
        Browser b = browser();
        b.signInAsCustomer(aPhone());
        long id = userIdOf(b);
        assertThatThrownBy(() -> jdbc.sql("UPDATE identity.consent SET version = '2020-01-01' WHERE user_id = ?")
                        .param(id)
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM identity.consent WHERE user_id = ?")
                        .param(id)
                        .update())
                .hasMessageContaining("append-only");
        assertThat(consentRows(id)).hasSize(2);
    }
}
