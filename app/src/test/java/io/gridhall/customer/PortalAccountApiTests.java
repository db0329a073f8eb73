package io.gridhall.customer;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
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
import io.gridhall.grid.Grid;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.ServicePasswords;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.testing.Actors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
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

    @Test
    void keepsStaffOutOfThePortal() throws Exception {
        mvc.perform(get("/api/v1/portal/accounts")
                        .with(as(Actors.staff(h.branch(), io.gridhall.identity.Role.COUNTER_CLERK))))
                .andExpect(status().isForbidden());
    }
}
