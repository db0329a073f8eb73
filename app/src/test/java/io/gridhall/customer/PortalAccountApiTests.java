package io.gridhall.customer;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.customer.Households.Household;
import io.gridhall.customer.internal.CustomerRecords;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.ServicePasswords;
import io.gridhall.notification.Channel;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.notification.internal.DevInbox;
import io.gridhall.testing.Actors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class PortalAccountApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Grid grid;

    @Autowired
    ServicePasswords servicePasswords;

    @Autowired
    DevInbox devInbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CustomerRecords records;

    @MockitoSpyBean
    Audit audit;

    @MockitoSpyBean
    Notifications notifications;

    Household h;
    Actor me;

    @BeforeEach
    void household() {
        h = Households.household(customers, grid);
        servicePasswords.set(
                Actors.staff(h.branch(), io.gridhall.identity.Role.COUNTER_CLERK), h.accountId(), "246810");
        me = Actors.customer();
    }

    private ResultActions bind(Actor actor, String number, String name, String password, String last6)
            throws Exception {
        String body = "{\"accountNumber\":\"%s\",\"accountName\":\"%s\"%s%s}"
                .formatted(
                        number,
                        name,
                        password == null ? "" : ",\"servicePassword\":\"" + password + "\"",
                        last6 == null ? "" : ",\"idNumberLast6\":\"" + last6 + "\"");
        return mvc.perform(post("/api/v1/portal/accounts/bind")
                .with(as(actor))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    @Test
    void bindsWithTheServicePasswordAndShowsTheAccountMasked() throws Exception {
        mvc.perform(get("/api/v1/portal/accounts/" + h.accountId()).with(as(me)))
                .andExpect(status().isNotFound());
        String json = bind(me, h.accountNumber(), h.accountName(), "246810", null)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.bound").value(true))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(json).doesNotContain(h.name(), h.address());
        String list = mvc.perform(get("/api/v1/portal/accounts").with(as(me)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].accountNumber").value(h.accountNumber()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).doesNotContain(h.name(), h.address(), h.phone());
        mvc.perform(get("/api/v1/portal/accounts/" + h.accountId()).with(as(me)))
                .andExpect(status().isOk());
    }

    @Test
    void bindsWithTheLastSixOfTheIdNumber() throws Exception {
        bind(me, h.accountNumber(), h.accountName(), null, h.idNumber().substring(12))
                .andExpect(status().isCreated());
    }

    @Test
    void stopsGuessingTheIdDigitsOfAnAccountAfterFiveFailures() throws Exception {
        String last6 = h.idNumber().substring(h.idNumber().length() - 6);
        String wrong = last6.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            bind(Actors.customer(), h.accountNumber(), h.accountName(), null, wrong)
                    .andExpect(status().isNotFound());
        }
        // even the right digits wait now, from any user: the account is what was being guessed
        bind(me, h.accountNumber(), h.accountName(), null, last6)
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.code").value("bind-too-many-attempts"))
                .andExpect(jsonPath("$.retryAfterSeconds").isNumber());
        mvc.perform(get("/api/v1/portal/accounts").with(as(me)))
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void stopsAUserWhoKeepsTryingUnknownAccounts() throws Exception {
        for (int i = 0; i < 10; i++) {
            bind(me, "7" + Households.digits(9), "某人", null, "123456").andExpect(status().isNotFound());
        }
        bind(
                        me,
                        h.accountNumber(),
                        h.accountName(),
                        null,
                        h.idNumber().substring(h.idNumber().length() - 6))
                .andExpect(status().isTooManyRequests());
    }

    @Test
    void failsEveryWrongDetailAlikeWithoutSayingWhich() throws Exception {
        List<String> bodies = new ArrayList<>();
        String unknown = "7" + Households.digits(9);
        for (ResultActions r : List.of(
                bind(me, h.accountNumber(), h.accountName(), "135790", null),
                bind(me, h.accountNumber(), "别人", "246810", null),
                bind(me, unknown, h.accountName(), "246810", null),
                bind(me, h.accountNumber(), h.accountName(), null, "000000"))) {
            bodies.add(
                    r.andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString());
        }
        assertThat(bodies).allSatisfy(b -> assertThat(b).isEqualTo(bodies.getFirst()));
        bind(me, h.accountNumber(), h.accountName(), null, null).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/portal/accounts").with(as(me)))
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void letsAFamilyShareAnAccountAndUnbindIndependently() throws Exception {
        Actor partner = Actors.customer();
        bind(me, h.accountNumber(), h.accountName(), "246810", null).andExpect(status().isCreated());
        bind(partner, h.accountNumber(), h.accountName(), "246810", null).andExpect(status().isCreated());
        mvc.perform(delete("/api/v1/portal/accounts/" + h.accountId())
                        .with(as(me))
                        .with(csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/portal/accounts/" + h.accountId()).with(as(me)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/portal/accounts/" + h.accountId()).with(as(partner)))
                .andExpect(status().isOk());
        mvc.perform(delete("/api/v1/portal/accounts/" + h.accountId())
                        .with(as(me))
                        .with(csrf()))
                .andExpect(status().isNotFound());
    }

    @Test
    void showsTheSupplyEquipmentOfABoundAccount() throws Exception {
        mvc.perform(get("/api/v1/portal/accounts/" + h.accountId() + "/equipment")
                        .with(as(me)))
                .andExpect(status().isNotFound());
        bind(me, h.accountNumber(), h.accountName(), "246810", null);
        mvc.perform(get("/api/v1/portal/accounts/" + h.accountId() + "/equipment")
                        .with(as(me)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.transformerArea.name").value("城东1号台区"))
                .andExpect(jsonPath("$.line.name").value("10kV城东线"))
                .andExpect(jsonPath("$.meterBox.status").value("IN_SERVICE"))
                .andExpect(jsonPath("$.meters.length()").value(2));
    }

    @Test
    void showsAGroupAllItsSubsidiariesAccounts() throws Exception {
        Households.Group g = Households.group(customers, h.branch());
        bind(me, g.parentAccountNumber(), g.parentAccountName(), null, null).andExpect(status().isBadRequest());
        servicePasswords.set(
                Actors.staff(h.branch(), io.gridhall.identity.Role.COUNTER_CLERK), g.parentAccount(), "112233");
        bind(me, g.parentAccountNumber(), g.parentAccountName(), "112233", null).andExpect(status().isCreated());
        mvc.perform(get("/api/v1/portal/accounts").with(as(me)))
                .andExpect(jsonPath("$.length()").value(4))
                .andExpect(jsonPath("$[?(@.bound == false)]", org.hamcrest.Matchers.hasSize(3)));
        mvc.perform(get("/api/v1/portal/accounts/" + g.subsidiaryAccounts()[2]).with(as(me)))
                .andExpect(status().isOk());
        assertThat(customers.portalAccounts(me.userId())).hasSize(4);
    }

    @Test
    void sendsNoSecondContactChangeCodeWithinAMinute() throws Exception {
        bind(me, h.accountNumber(), h.accountName(), "246810", null);
        String path = "/api/v1/portal/accounts/" + h.accountId() + "/contact-change";
        for (int i = 0; i < 2; i++) {
            var result = mvc.perform(post(path)
                    .with(as(me))
                    .with(csrf())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"phone\":\"135" + Households.digits(8) + "\"}"));
            if (i == 0) result.andExpect(status().isAccepted());
            else
                result.andExpect(status().isTooManyRequests())
                        .andExpect(jsonPath("$.code").value("otp-too-soon"))
                        .andExpect(jsonPath("$.retryAfterSeconds").isNumber());
        }
        verify(notifications, times(1)).send(any());
    }

    @Test
    void changesThePhoneAfterTheCodeSentToTheNewPhone() throws Exception {
        bind(me, h.accountNumber(), h.accountName(), "246810", null);
        String newPhone = "135" + Households.digits(8);
        String path = "/api/v1/portal/accounts/" + h.accountId() + "/contact-change";
        mvc.perform(post(path)
                        .with(as(me))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\":\"" + newPhone + "\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("CODE_SENT"));
        ArgumentCaptor<Notify> sent = ArgumentCaptor.forClass(Notify.class);
        verify(notifications).send(sent.capture());
        assertThat(sent.getValue().template()).isEqualTo("otp.contact-change");
        assertThat(sent.getValue().recipient().phone()).isEqualTo(newPhone);
        String code = sent.getValue().parameters().get("code");
        String wrong = code.equals("000000") ? "111111" : "000000";
        mvc.perform(post(path)
                        .with(as(me))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\":\"" + newPhone + "\",\"code\":\"" + wrong + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("otp-invalid"));
        mvc.perform(post(path)
                        .with(as(me))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\":\"" + newPhone + "\",\"code\":\"" + code + "\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CHANGED"));
        verify(audit).record(eq(me), eq("customer.contact-change"), eq("customer"), eq("" + h.customerId()), anyMap());
        // the code is used up
        mvc.perform(post(path)
                        .with(as(me))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\":\"" + newPhone + "\",\"code\":\"" + code + "\"}"))
                .andExpect(status().isBadRequest());
        assertThat(customers.accountByNumber(h.accountNumber())).isPresent();
        verify(audit, org.mockito.Mockito.atLeastOnce()).record(any(), any(), any(), any(), anyMap());
    }

    private ResultActions contactChange(Actor actor, String body) throws Exception {
        return mvc.perform(post("/api/v1/portal/accounts/" + h.accountId() + "/contact-change")
                .with(as(actor))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private static String aMailbox() {
        return "new" + Households.digits(8) + "@example.cn";
    }

    /** The code of the last request, as the Notifications spy saw it. */
    private Notify lastSent(int calls) {
        ArgumentCaptor<Notify> sent = ArgumentCaptor.forClass(Notify.class);
        verify(notifications, times(calls)).send(sent.capture());
        return sent.getValue();
    }

    /** Lets the next code go out now: the pending changes look sent over a minute ago, still valid. */
    private void aMinuteLater() {
        jdbc.sql("update customer.contact_change set expires_at = expires_at - interval '61 seconds'"
                        + " where supply_account_id = ?")
                .param(h.accountId())
                .update();
    }

    private static String other(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    @SuppressWarnings("unchecked")
    void changesTheEmailAfterTheCodeSentByEmailToTheNewAddressOnly() throws Exception {
        bind(me, h.accountNumber(), h.accountName(), "246810", null);
        mvc.perform(get("/api/v1/portal/accounts/" + h.accountId()).with(as(me)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ownerEmail").value("a***@example.com"))
                .andExpect(jsonPath("$.ownerPhone").value(io.gridhall.shared.PersonalData.maskPhone(h.phone())));
        String mailbox = aMailbox();
        contactChange(me, "{\"email\":\"" + mailbox + "\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("CODE_SENT"))
                .andExpect(jsonPath("$.field").value("EMAIL"))
                .andExpect(jsonPath("$.email").value(io.gridhall.shared.PersonalData.maskEmail(mailbox)))
                .andExpect(jsonPath("$.expiresInSeconds").value(600));
        Notify sent = lastSent(1);
        assertThat(sent.template()).isEqualTo("otp.contact-change");
        assertThat(sent.recipient().email()).isEqualTo(mailbox);
        assertThat(sent.recipient().phone()).isNull();
        assertThat(sent.recipient().userId()).isNull();
        assertThat(sent.channels()).containsExactly(Channel.EMAIL);
        // what the mail simulator delivered: one e-mail, to the new address, carrying the code
        List<DevInbox.Entry> mails = await().atMost(Duration.ofSeconds(15))
                .until(() -> devInbox.latest(mailbox, null, 5), l -> !l.isEmpty());
        assertThat(mails).singleElement().satisfies(m -> {
            assertThat(m.channel()).isEqualTo(Channel.EMAIL);
            assertThat(m.body()).contains(sent.parameters().get("code"));
        });
        assertThat(devInbox.latest("a.b@example.com", null, 5))
                .noneMatch(m -> m.body().contains(sent.parameters().get("code")));
        String code = sent.parameters().get("code");

        contactChange(me, "{\"email\":\"" + mailbox + "\",\"code\":\"" + other(code) + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("otp-invalid"));
        contactChange(me, "{\"email\":\"other" + mailbox + "\",\"code\":\"" + code + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("otp-invalid"));
        contactChange(
                        me,
                        "{\"email\":\"" + mailbox.toUpperCase(java.util.Locale.ROOT) + "\",\"code\":\"" + code + "\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CHANGED"))
                .andExpect(jsonPath("$.email")
                        .value(io.gridhall.shared.PersonalData.maskEmail(mailbox.toUpperCase(java.util.Locale.ROOT))));
        ArgumentCaptor<java.util.Map<String, Object>> details = ArgumentCaptor.forClass(java.util.Map.class);
        verify(audit)
                .record(
                        eq(me),
                        eq("customer.contact-change"),
                        eq("customer"),
                        eq("" + h.customerId()),
                        details.capture());
        assertThat(details.getValue())
                .containsEntry("field", "email")
                .containsEntry("old", "a***@example.com")
                .containsEntry(
                        "new", io.gridhall.shared.PersonalData.maskEmail(mailbox.toUpperCase(java.util.Locale.ROOT)))
                .containsEntry("accountId", "" + h.accountId());
        assertThat(details.getValue().toString()).doesNotContain(mailbox.substring(1, mailbox.indexOf('@')));
        // used up
        contactChange(me, "{\"email\":\"" + mailbox + "\",\"code\":\"" + code + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("otp-invalid"));

        // sealed at rest: no clear text anywhere in the contact rows or the pending change, opened as typed
        String local = mailbox.substring(0, mailbox.indexOf('@'));
        assertThat(jdbc.sql("select count(*) from customer.contact t where t.customer_id = ? and"
                                + " lower(t::text) like ?")
                        .params(h.customerId(), "%" + local + "%")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from customer.contact_change t where t.supply_account_id = ? and"
                                + " lower(t::text) like ?")
                        .params(h.accountId(), "%" + local + "%")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(records.contacts(h.customerId()))
                .filteredOn(c -> c.role() == ContactRole.OWNER)
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.email()).isEqualTo(mailbox.toUpperCase(java.util.Locale.ROOT));
                    assertThat(c.phone()).isEqualTo(h.phone());
                });
    }

    @Test
    void aPhoneCodeConfirmsNoEmailChangeAndAnEmailCodeNoPhoneChange() throws Exception {
        bind(me, h.accountNumber(), h.accountName(), "246810", null);
        String phone = "135" + Households.digits(8);
        String mailbox = aMailbox();
        contactChange(me, "{\"phone\":\"" + phone + "\"}").andExpect(status().isAccepted());
        String phoneCode = lastSent(1).parameters().get("code");
        contactChange(me, "{\"email\":\"" + mailbox + "\",\"code\":\"" + phoneCode + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("otp-invalid"));

        aMinuteLater();
        contactChange(me, "{\"email\":\"" + mailbox + "\"}").andExpect(status().isAccepted());
        String mailCode = lastSent(2).parameters().get("code");
        contactChange(me, "{\"phone\":\"" + phone + "\",\"code\":\"" + mailCode + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("otp-invalid"));
        // the e-mail change replaced the pending phone change: its code is void too
        contactChange(me, "{\"phone\":\"" + phone + "\",\"code\":\"" + phoneCode + "\"}")
                .andExpect(status().isBadRequest());
        contactChange(me, "{\"email\":\"" + mailbox + "\",\"code\":\"" + mailCode + "\"}")
                .andExpect(status().isOk());
        assertThat(records.contacts(h.customerId()))
                .filteredOn(c -> c.role() == ContactRole.OWNER)
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.phone()).isEqualTo(h.phone());
                    assertThat(c.email()).isEqualTo(mailbox);
                });
    }

    @Test
    void refusesAnExpiredEmailCodeAndOneTriedFiveTimes() throws Exception {
        bind(me, h.accountNumber(), h.accountName(), "246810", null);
        String mailbox = aMailbox();
        contactChange(me, "{\"email\":\"" + mailbox + "\"}").andExpect(status().isAccepted());
        String code = lastSent(1).parameters().get("code");
        jdbc.sql("update customer.contact_change set expires_at = now() - interval '1 second'"
                        + " where supply_account_id = ? and completed_at is null")
                .param(h.accountId())
                .update();
        contactChange(me, "{\"email\":\"" + mailbox + "\",\"code\":\"" + code + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("otp-invalid"));

        jdbc.sql("update customer.contact_change set expires_at = expires_at - interval '1 hour'"
                        + " where supply_account_id = ?")
                .param(h.accountId())
                .update();
        contactChange(me, "{\"email\":\"" + mailbox + "\"}").andExpect(status().isAccepted());
        String second = lastSent(2).parameters().get("code");
        for (int i = 0; i < 5; i++) {
            contactChange(me, "{\"email\":\"" + mailbox + "\",\"code\":\"" + other(second) + "\"}")
                    .andExpect(status().isBadRequest());
        }
        contactChange(me, "{\"email\":\"" + mailbox + "\",\"code\":\"" + second + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("otp-invalid"));
        assertThat(records.contacts(h.customerId()))
                .filteredOn(c -> c.role() == ContactRole.OWNER)
                .singleElement()
                .satisfies(c -> assertThat(c.email()).isEqualTo("a.b@example.com"));
    }

    @Test
    void changesNoEmailOfAnotherUsersAccount() throws Exception {
        bind(me, h.accountNumber(), h.accountName(), "246810", null);
        Actor stranger = Actors.customer();
        contactChange(stranger, "{\"email\":\"" + aMailbox() + "\"}").andExpect(status().isNotFound());
        verify(notifications, times(0)).send(any());
    }

    @Test
    void refusesAMalformedAddressAndNeitherOrBothFieldsInEitherLanguage() throws Exception {
        bind(me, h.accountNumber(), h.accountName(), "246810", null);
        String path = "/api/v1/portal/accounts/" + h.accountId() + "/contact-change";
        mvc.perform(post(path)
                        .with(as(me))
                        .with(csrf())
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"not an address\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("email"))
                .andExpect(jsonPath("$.errors[0].message").value("Enter a valid e-mail address"));
        mvc.perform(post(path)
                        .with(as(me))
                        .with(csrf())
                        .header("Accept-Language", "zh-CN")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"a@b\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("email"))
                .andExpect(jsonPath("$.errors[0].message").value("请输入有效的电子邮箱"));
        contactChange(me, "{\"email\":\"" + aMailbox() + "\",\"phone\":\"13512345678\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("oneFieldGiven"));
        contactChange(me, "{}").andExpect(status().isBadRequest());
        verify(notifications, times(0)).send(any());
    }

    @Test
    void keepsStaffOutOfThePortal() throws Exception {
        mvc.perform(get("/api/v1/portal/accounts")
                        .with(as(Actors.staff(h.branch(), io.gridhall.identity.Role.COUNTER_CLERK))))
                .andExpect(status().isForbidden());
    }
}
