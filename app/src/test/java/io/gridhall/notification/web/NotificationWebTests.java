package io.gridhall.notification.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import io.gridhall.identity.Actor;
import io.gridhall.identity.UserId;
import io.gridhall.notification.Channel;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.notification.Notify.Recipient;
import io.gridhall.notification.internal.Dispatcher;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class NotificationWebTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Notifications notifications;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Autowired
    Dispatcher dispatcher;

    @Test
    void aCustomerSeesOwnMessagesAndTheUnreadCountAndMarksOneRead() {
        long me = aUserId();
        inApp(me, "账单已出");
        inApp(me, "停电通知");
        dispatchAll();

        MvcTestResult page = mvc.get()
                .uri("/api/v1/portal/messages?size=10")
                .with(customer(me))
                .exchange();
        assertThat(page)
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.unread")
                .asNumber()
                .isEqualTo(2);
        assertThat(page).bodyJson().extractingPath("$.total").asNumber().isEqualTo(2);
        assertThat(page).bodyJson().extractingPath("$.items[0].subject").isEqualTo("停电通知");
        long newest = ((Number) com.jayway.jsonpath.JsonPath.read(body(page), "$.items[0].id")).longValue();

        assertThat(mvc.post()
                        .uri("/api/v1/portal/messages/{id}/read", newest)
                        .with(customer(me))
                        .with(csrf()))
                .hasStatus(204);
        assertThat(mvc.post()
                        .uri("/api/v1/portal/messages/{id}/read", newest)
                        .with(customer(me))
                        .with(csrf()))
                .as("marking again is harmless")
                .hasStatus(204);
        assertThat(mvc.get().uri("/api/v1/portal/messages").with(customer(me)))
                .bodyJson()
                .extractingPath("$.unread")
                .asNumber()
                .isEqualTo(1);
    }

    @Test
    void anotherCustomersMessageIsNotFound() {
        long owner = aUserId();
        long stranger = aUserId();
        inApp(owner, "私人消息");
        dispatchAll();
        MvcTestResult page =
                mvc.get().uri("/api/v1/portal/messages").with(customer(owner)).exchange();
        long id = ((Number) com.jayway.jsonpath.JsonPath.read(body(page), "$.items[0].id")).longValue();

        MvcTestResult foreign = mvc.post()
                .uri("/api/v1/portal/messages/{id}/read", id)
                .with(customer(stranger))
                .with(csrf())
                .header("Accept-Language", "en")
                .exchange();
        assertThat(foreign).hasStatus(404).bodyJson().extractingPath("$.code").isEqualTo("not-found");
        assertThat(foreign)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("This message was not found, or you may not see it.");
        assertThat(mvc.get().uri("/api/v1/portal/messages").with(customer(stranger)))
                .bodyJson()
                .extractingPath("$.total")
                .asNumber()
                .isEqualTo(0);
        assertThat(mvc.post()
                        .uri("/api/v1/portal/messages/{id}/read", Long.MAX_VALUE)
                        .with(customer(owner))
                        .with(csrf()))
                .hasStatus(404);
    }

    @Test
    void theMessageCentreNeedsASignedInCustomer() {
        assertThat(mvc.get().uri("/api/v1/portal/messages")).hasStatus(401);
        Actor staff = new Actor(new UserId(aUserId()), Actor.Kind.STAFF, "王工", Set.of(), Set.of());
        assertThat(mvc.get().uri("/api/v1/portal/messages").with(as(staff)))
                .hasStatus(403)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("customers-only");
        assertThat(mvc.get().uri("/api/v1/portal/messages?size=1000").with(customer(aUserId())))
                .hasStatus(400);
    }

    @Test
    void preferencesShowDefaultsAndMaskedContactsAndTakeChanges() {
        long me = aUserId();
        notifications.updateContacts(me, "13812345678", "li.lei@example.com", null);

        MvcTestResult shown = mvc.get()
                .uri("/api/v1/portal/notification-preferences")
                .with(customer(me))
                .exchange();
        assertThat(shown)
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.contacts.phone")
                .isEqualTo("138****5678");
        assertThat(shown)
                .bodyJson()
                .extractingPath("$.categories[?(@.category=='MARKETING')].channels[*]")
                .asArray()
                .isEmpty();
        assertThat(shown)
                .bodyJson()
                .extractingPath("$.categories[?(@.category=='SERVICE')].fixed[*]")
                .asArray()
                .containsExactly("SMS");

        MvcTestResult changed = mvc.put()
                .uri("/api/v1/portal/notification-preferences")
                .with(customer(me))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"categories\":[{\"category\":\"OUTAGE\",\"channels\":[\"EMAIL\",\"IN_APP\"]}]}")
                .exchange();
        assertThat(changed)
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.categories[?(@.category=='OUTAGE')].channels[*]")
                .asArray()
                .containsExactlyInAnyOrder("EMAIL", "IN_APP");
        assertThat(changed)
                .bodyJson()
                .extractingPath("$.categories[?(@.category=='BILLING')].channels[*]")
                .asArray()
                .containsExactlyInAnyOrder("SMS", "IN_APP");
    }

    /** Issue 8: WeChat notices could be switched on with no WeChat bound, and nothing said why none came. */
    @Test
    void weChatCannotBeChosenBeforeAWeChatAccountIsBound() {
        long me = aUserId();
        notifications.updateContacts(me, "13812345678", null, null);
        MvcTestResult refused = mvc.put()
                .uri("/api/v1/portal/notification-preferences")
                .with(customer(me))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .header("Accept-Language", "en")
                .content("{\"categories\":[{\"category\":\"BILLING\",\"channels\":[\"SMS\",\"WECHAT\"]}]}")
                .exchange();
        assertThat(refused).hasStatus(400).bodyJson().extractingPath("$.code").isEqualTo("notification-wechat-unbound");
        assertThat(refused).bodyJson().extractingPath("$.title").isEqualTo("No WeChat bound");

        long bound = aUserId();
        notifications.updateContacts(bound, "13812345679", null, "wx-open-id-1");
        assertThat(mvc.put()
                        .uri("/api/v1/portal/notification-preferences")
                        .with(customer(bound))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"categories\":[{\"category\":\"BILLING\",\"channels\":[\"SMS\",\"WECHAT\"]}]}"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.contacts.wechatBound")
                .isEqualTo(true);
    }

    @Test
    void aCustomerChoosesTheLanguageOfTheirNoticesAndOutageNoticesComeInIt() {
        long me = aUserId();
        long other = aUserId();
        notifications.updateContacts(me, "13812345670", null, null);
        notifications.updateContacts(other, "13812345671", null, null);
        assertThat(mvc.get().uri("/api/v1/portal/notification-preferences").with(customer(me)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.language")
                .isEqualTo("zh-CN");

        assertThat(mvc.put()
                        .uri("/api/v1/portal/notification-preferences/language")
                        .with(customer(me))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"language\":\"en\"}"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.language")
                .isEqualTo("en");
        assertThat(mvc.put()
                        .uri("/api/v1/portal/notification-preferences/language")
                        .with(customer(me))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"language\":\"fr\"}"))
                .hasStatus(400);
        // the contacts stay when the language is kept, and the language when the contacts change
        notifications.updateContacts(me, "13812345672", null, null);
        assertThat(mvc.get().uri("/api/v1/portal/notification-preferences").with(customer(me)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.language")
                .isEqualTo("en");

        String prefix = "lang-" + java.util.UUID.randomUUID() + ":";
        Map<String, String> p = Map.of("area", "10kV城东线", "restored", "2026-12-06 18:00");
        tx.executeWithoutResult(st -> notifications.sendToUsers(new io.gridhall.notification.BulkNotify(
                prefix, "outage.restored", p, java.util.Locale.CHINA, new long[] {me, other})));
        assertThat(jdbc.sql("""
                        select m.locale || ':' || d.subject from notification.delivery d
                        join notification.message m on m.id = d.message_id
                        where m.idempotency_key = ? and d.channel = 'SMS'""").param(prefix + me).query(String.class).single())
                .isEqualTo("en:Power restored");
        assertThat(jdbc.sql("""
                        select m.locale || ':' || d.subject from notification.delivery d
                        join notification.message m on m.id = d.message_id
                        where m.idempotency_key = ? and d.channel = 'SMS'""").param(prefix + other).query(String.class).single())
                .isEqualTo("zh-CN:恢复供电");
    }

    @Test
    void smsForServiceNoticesCannotBeTurnedOff() {
        MvcTestResult refused = mvc.put()
                .uri("/api/v1/portal/notification-preferences")
                .with(customer(aUserId()))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .header("Accept-Language", "zh-CN")
                .content("{\"categories\":[{\"category\":\"SERVICE\",\"channels\":[\"IN_APP\"]}]}")
                .exchange();
        assertThat(refused).hasStatus(400).bodyJson().extractingPath("$.code").isEqualTo("notification-channel-fixed");
        assertThat(refused).bodyJson().extractingPath("$.title").isEqualTo("该渠道不能关闭");

        assertThat(mvc.put()
                        .uri("/api/v1/portal/notification-preferences")
                        .with(customer(aUserId()))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"categories\":[{\"category\":\"BILLING\",\"channels\":[]},"
                                + "{\"category\":\"BILLING\",\"channels\":[\"SMS\"]}]}"))
                .hasStatus(400)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("notification-category-repeated");
        assertThat(mvc.put()
                        .uri("/api/v1/portal/notification-preferences")
                        .with(customer(aUserId()))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"categories\":[]}"))
                .hasStatus(400)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("invalid-input");
        assertThat(mvc.put()
                        .uri("/api/v1/portal/notification-preferences")
                        .with(customer(aUserId()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"categories\":[{\"category\":\"BILLING\",\"channels\":[]}]}"))
                .as("no CSRF token")
                .hasStatus(403);
    }

    @Test
    void theDevInboxIsOpenWithoutSignInInTestsAndMasksAddresses() {
        String phone =
                "137" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
        notifications.send(Notify.of(
                "web-" + UUID.randomUUID(),
                Recipient.phone(phone),
                "otp.sign-in",
                Map.of("code", "660066"),
                Locale.CHINA));
        dispatchAll();

        MvcTestResult inbox = mvc.get()
                .uri("/api/v1/dev/inbox?address={p}&channel=SMS", phone)
                .exchange();
        assertThat(inbox)
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$[0].address")
                .isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(inbox).bodyJson().extractingPath("$[0].body").asString().contains("660066");
    }

    /**
     * Delivers everything due: one poll takes a batch, and the shared context's other tests may have left more than a
     * batch due before this test's messages.
     */
    private void dispatchAll() {
        for (int polls = 0; polls < 1_000 && dispatcher.dispatchDue() > 0; polls++) {}
    }

    private void inApp(long user, String subject) {
        notifications.send(new Notify(
                "web-" + UUID.randomUUID(),
                Recipient.user(user),
                "message.plain",
                Map.of("subject", subject, "text", subject + "，详情请登录查看。"),
                Set.of(Channel.IN_APP),
                Locale.CHINA));
    }

    private static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString();
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static long aUserId() {
        return Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000_000L) + 1_000_000L;
    }

    static RequestPostProcessor customer(long userId) {
        return as(new Actor(new UserId(userId), Actor.Kind.CUSTOMER, "客户", Set.of(), Set.of()));
    }

    static RequestPostProcessor as(Actor actor) {
        return authentication(new UsernamePasswordAuthenticationToken(actor, null, List.of()));
    }
}
