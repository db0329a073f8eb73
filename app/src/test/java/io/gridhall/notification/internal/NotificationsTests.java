package io.gridhall.notification.internal;

import static io.gridhall.notification.internal.Outboxes.aKeyPrefix;
import static io.gridhall.notification.internal.Outboxes.aPhone;
import static io.gridhall.notification.internal.Outboxes.aUserId;
import static io.gridhall.notification.internal.Outboxes.deliveries;
import static io.gridhall.notification.internal.Outboxes.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.notification.Notify.Recipient;
import io.gridhall.shared.Problem;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class NotificationsTests {

    @Autowired
    Notifications notifications;

    @Autowired
    Preferences preferences;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DevInbox devInbox;

    @Autowired
    SealedAddresses addresses;

    @Autowired
    Contacts contacts;

    @Test
    void aRepeatedKeyQueuesTheMessageOnlyOnce() {
        String prefix = aKeyPrefix();
        String phone = aPhone();
        notifications.send(bound(prefix + "1", phone, "3100000001"));
        notifications.send(bound(prefix + "1", phone, "3100000002"));

        assertThat(messages(jdbc, prefix)).isEqualTo(1);
        assertThat(deliveries(jdbc, prefix))
                .singleElement()
                .satisfies(d -> assertThat(d.body()).contains("3100000001").doesNotContain("3100000002"));
    }

    @Test
    void twoRacingSendsWithOneKeyQueueOneMessage() throws Exception {
        String prefix = aKeyPrefix();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var runs = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 4; i++) {
                String code = "90000" + i;
                runs.add(pool.submit(() -> {
                    start.await();
                    notifications.send(otp(prefix + "1", aPhone(), code));
                    return null;
                }));
            }
            for (var run : runs) run.get();
        }
        assertThat(messages(jdbc, prefix)).isEqualTo(1);
        assertThat(deliveries(jdbc, prefix)).hasSize(1);
    }

    @Test
    void aRolledBackBusinessTransactionLeavesNoMessage() {
        String prefix = aKeyPrefix();
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    notifications.send(otp(prefix + "1", aPhone(), "123456"));
                    throw new IllegalStateException("business rule broken after the send");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(messages(jdbc, prefix)).isZero();
        assertThat(deliveries(jdbc, prefix)).isEmpty();
    }

    @Test
    void rendersChineseByDefaultAndEnglishOnRequest() {
        String prefix = aKeyPrefix();
        notifications.send(new Notify(
                prefix + "zh",
                Recipient.phone(aPhone()),
                "account.bound",
                Map.of("account", "3100000001"),
                Set.of(),
                null));
        notifications.send(new Notify(
                prefix + "en",
                Recipient.phone(aPhone()),
                "account.bound",
                Map.of("account", "3100000002"),
                Set.of(),
                Locale.UK));

        assertThat(deliveries(jdbc, prefix))
                .extracting(Outboxes.Row::subject, Outboxes.Row::body)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("户号绑定成功", "【GridHall】您已成功绑定户号3100000001，可在网上营业厅查询电费和办理业务。"),
                        org.assertj.core.groups.Tuple.tuple(
                                "Supply account bound",
                                "[GridHall] Supply account 3100000002 is "
                                        + "now linked to your sign-in. You can view bills and apply for services online."));
    }

    @Test
    void anUnknownTemplateFailsAtSendTimeAndQueuesNothing() {
        String prefix = aKeyPrefix();
        assertThatThrownBy(() -> notifications.send(new Notify(
                        prefix + "1",
                        Recipient.phone(aPhone()),
                        "otp.no-such-thing",
                        Map.of("code", "1"),
                        Set.of(),
                        Locale.CHINA)))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.code()).isEqualTo("notification-template-unknown"));
        assertThat(messages(jdbc, prefix)).isZero();
    }

    @Test
    void aMissingParameterFailsAtSendTimeNamingIt() {
        String prefix = aKeyPrefix();
        assertThatThrownBy(() -> notifications.send(new Notify(
                        prefix + "1",
                        Recipient.phone(aPhone()),
                        "account.bound",
                        Map.of("code", "1"),
                        Set.of(),
                        Locale.ENGLISH)))
                .isInstanceOfSatisfying(Problem.class, p -> {
                    assertThat(p.code()).isEqualTo("notification-parameter-missing");
                    assertThat(p.getBody().getProperties()).containsEntry("missing", Set.of("account"));
                });
        assertThat(messages(jdbc, prefix)).isZero();
    }

    @Test
    void aBlankKeyOrNoRecipientIsAProblem() {
        assertThatThrownBy(() -> notifications.send(otp(" ", aPhone(), "1")))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("notification-key-invalid"));
        assertThatThrownBy(() -> notifications.send(new Notify(
                        aKeyPrefix(),
                        new Recipient(null, " ", null),
                        "otp.sign-in",
                        Map.of("code", "1"),
                        Set.of(),
                        null)))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.code()).isEqualTo("notification-recipient-missing"));
    }

    @Test
    void aPhoneRecipientGetsSmsOnlyWhateverChannelsAreAsked() {
        String prefix = aKeyPrefix();
        notifications.send(new Notify(
                prefix + "1",
                Recipient.phone(aPhone()),
                "otp.contact-change",
                Map.of("code", "1"),
                Set.of(Channel.EMAIL, Channel.IN_APP),
                null));
        assertThat(deliveries(jdbc, prefix)).extracting(Outboxes.Row::channel).containsExactly("SMS");
    }

    @Test
    void aUserGetsTheDefaultChannelsForTheCategoryThatHaveAContact() {
        long user = aUserId();
        String phone = aPhone();
        notifications.updateContacts(user, phone, "li.lei@example.com", "oWx-" + user);
        String prefix = aKeyPrefix();
        send(prefix + "outage", user, "outage.plain", Set.of());
        send(prefix + "marketing", user, "marketing.plain", Set.of());

        assertThat(deliveries(jdbc, prefix + "outage"))
                .extracting(Outboxes.Row::channel, r -> addresses.open(r.sealedAddress()))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("SMS", phone),
                        org.assertj.core.groups.Tuple.tuple("WECHAT", "oWx-" + user),
                        org.assertj.core.groups.Tuple.tuple("IN_APP", Long.toString(user)));
        assertThat(deliveries(jdbc, prefix + "marketing"))
                .as("marketing is opt-in")
                .isEmpty();
        assertThat(messages(jdbc, prefix + "marketing")).isEqualTo(1);
    }

    @Test
    void preferencesDecideTheChannelsAndAnOptOutBeatsTheSendersWish() {
        long user = aUserId();
        notifications.updateContacts(user, aPhone(), "han.meimei@example.com", null);
        preferences.update(user, Map.of(Category.OUTAGE, Set.of(Channel.EMAIL), Category.MARKETING, Set.of()));
        String prefix = aKeyPrefix();
        send(prefix + "a", user, "outage.plain", Set.of());
        send(prefix + "b", user, "outage.plain", Set.of(Channel.SMS));
        send(prefix + "c", user, "marketing.plain", Set.of(Channel.SMS));

        assertThat(deliveries(jdbc, prefix + "a"))
                .extracting(Outboxes.Row::channel)
                .containsExactly("EMAIL");
        assertThat(deliveries(jdbc, prefix + "b")).isEmpty();
        assertThat(deliveries(jdbc, prefix + "c")).isEmpty();
    }

    @Test
    void serviceNoticesAlwaysKeepSmsAndSkipChannelsWithoutAContact() {
        long user = aUserId();
        String phone = aPhone();
        notifications.updateContacts(user, phone, null, null);
        assertThatThrownBy(() -> preferences.update(user, Map.of(Category.SERVICE, Set.of(Channel.IN_APP))))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.code()).isEqualTo("notification-channel-fixed"));
        preferences.update(user, Map.of(Category.SERVICE, Set.of(Channel.SMS, Channel.EMAIL)));
        String prefix = aKeyPrefix();
        notifications.send(Notify.of(prefix + "1", Recipient.user(user), "otp.sign-in", Map.of("code", "9"), null));

        assertThat(deliveries(jdbc, prefix))
                .extracting(Outboxes.Row::channel, r -> addresses.open(r.sealedAddress()))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SMS", phone));
    }

    @Test
    void aOneTimeCodeGoesOnlyToThePhoneOrMailboxAndIsBlankedOnceSent() {
        long user = aUserId();
        String phone = aPhone();
        notifications.updateContacts(user, phone, "code@example.com", "oWx-" + user);
        String prefix = aKeyPrefix();
        notifications.send(
                Notify.of(prefix + "a", Recipient.user(user), "otp.contact-change", Map.of("code", "515151"), null));
        notifications.send(new Notify(
                prefix + "b",
                Recipient.user(user),
                "otp.contact-change",
                Map.of("code", "525252"),
                Set.of(Channel.IN_APP, Channel.WECHAT, Channel.EMAIL),
                null));

        assertThat(deliveries(jdbc, prefix + "a"))
                .extracting(Outboxes.Row::channel)
                .containsExactly("SMS");
        assertThat(deliveries(jdbc, prefix + "b"))
                .extracting(Outboxes.Row::channel)
                .containsExactly("EMAIL");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(deliveries(jdbc, prefix))
                        .hasSize(2)
                        .allSatisfy(d -> {
                            assertThat(d.status()).isEqualTo("SENT");
                            assertThat(d.body()).isEqualTo(Dispatcher.REMOVED);
                        }));
        assertThat(devInbox.latest(phone, Channel.SMS, 5))
                .singleElement()
                .satisfies(e -> assertThat(e.body()).contains("515151"));
    }

    @Test
    void clearedContactsAreNoLongerUsed() {
        long user = aUserId();
        notifications.updateContacts(user, aPhone(), null, null);
        notifications.updateContacts(user, null, " ", null);
        String prefix = aKeyPrefix();
        send(prefix + "1", user, "billing.plain", Set.of());
        assertThat(deliveries(jdbc, prefix)).extracting(Outboxes.Row::channel).containsExactly("IN_APP");
    }

    @Test
    void theRunningDispatcherDeliversAnSmsIntoTheDevInbox() {
        String prefix = aKeyPrefix();
        String phone = aPhone();
        notifications.send(otp(prefix + "1", phone, "730591"));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(deliveries(jdbc, prefix))
                        .singleElement()
                        .satisfies(d -> {
                            assertThat(d.status()).isEqualTo("SENT");
                            assertThat(d.providerMessageId()).startsWith("sms-");
                            assertThat(d.attempts()).isEqualTo(1);
                        }));
        assertThat(devInbox.latest(phone, Channel.SMS, 10))
                .singleElement()
                .satisfies(e -> assertThat(e.body()).contains("730591"));
    }

    /** Issue 7: the outbox kept phone numbers, e-mail addresses and openids in clear. */
    @Test
    void noNotificationTableHoldsAnAddressInClear() {
        long user = aUserId();
        String phone = aPhone();
        String email = "han.meimei." + user + "@example.com";
        String openId = "oWx-" + user;
        notifications.updateContacts(user, phone, email, openId);
        String prefix = aKeyPrefix();
        send(prefix + "all", user, "message.plain", Set.of(Channel.SMS, Channel.EMAIL, Channel.WECHAT));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(deliveries(jdbc, prefix))
                        .hasSize(3)
                        .allSatisfy(d -> assertThat(d.status()).isEqualTo("SENT")));
        assertThat(devInbox.latest(phone, Channel.SMS, 5))
                .singleElement()
                .satisfies(e -> assertThat(e.address()).isEqualTo(phone));
        assertThat(devInbox.latest(email, null, 5))
                .singleElement()
                .satisfies(e -> assertThat(e.address()).isEqualTo(email));
        assertThat(contacts.of(user)).isEqualTo(new Contacts.Contact(phone, email, openId));

        for (String address : new String[] {phone, email, openId}) {
            assertThat(jdbc.sql("""
                            select count(*) from notification.delivery d where d.address like :a or d.body like :a
                               or d.subject like :a or d.parameters::text like :a""")
                            .param("a", "%" + address + "%")
                            .query(Long.class)
                            .single())
                    .as("deliveries holding " + address)
                    .isZero();
            assertThat(jdbc.sql("""
                            select count(*) from notification.contact c
                             where c.phone like :a or c.email like :a or c.wechat_open_id like :a""")
                            .param("a", "%" + address + "%")
                            .query(Long.class)
                            .single())
                    .as("contacts holding " + address)
                    .isZero();
            assertThat(jdbc.sql("select count(*) from notification.dev_inbox where address like :a")
                            .param("a", "%" + address + "%")
                            .query(Long.class)
                            .single())
                    .as("dev inbox rows holding " + address)
                    .isZero();
        }
    }

    @Test
    void addressesWrittenInClearByAnEarlierVersionAreSealedAtStartUpOnce() {
        long user = aUserId();
        String phone = aPhone();
        jdbc.sql("""
                        insert into notification.contact (user_id, phone, email, wechat_open_id, updated_at)
                        values (:u, :p, null, 'oWx-old', now())""").param("u", user).param("p", phone).update();
        long delivery = jdbc.sql("""
                        insert into notification.delivery (message_id, channel, address, user_id, subject, body, status,
                            next_attempt_at, created_at)
                        values (-1, 'SMS', :p, :u, 's', 'b', 'SENT', now(), now()) returning id""")
                .param("p", phone)
                .param("u", user)
                .query(Long.class)
                .single();
        jdbc.sql("""
                        insert into notification.dev_inbox (delivery_id, channel, address, subject, body, created_at)
                        values (:d, 'SMS', :p, 's', 'b', now())""").param("d", -delivery).param("p", phone).update();

        assertThat(addresses.sealClearAddresses()).isGreaterThanOrEqualTo(3);

        assertThat(contacts.of(user)).isEqualTo(new Contacts.Contact(phone, null, "oWx-old"));
        assertThat(jdbc.sql("select address, address_enc from notification.delivery where id = :id")
                        .param("id", delivery)
                        .query((rs, n) -> rs.getString(1) == null ? addresses.open(rs.getBytes(2)) : "clear")
                        .single())
                .isEqualTo(phone);
        assertThat(devInbox.latest(phone, Channel.SMS, 5))
                .singleElement()
                .satisfies(e -> assertThat(e.address()).isEqualTo(phone));
        assertThat(jdbc.sql("select count(*) from notification.contact where user_id = :u and phone is null")
                        .param("u", user)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(addresses.sealClearAddresses()).as("nothing left in clear").isZero();
    }

    private void send(String key, long user, String template, Set<Channel> channels) {
        notifications.send(new Notify(
                key,
                Recipient.user(user),
                template,
                Map.of("subject", "停电通知", "text", "明日 8:00-12:00 检修停电"),
                channels,
                Locale.CHINA));
    }

    private static Notify bound(String key, String phone, String account) {
        return Notify.of(key, Recipient.phone(phone), "account.bound", Map.of("account", account), Locale.CHINA);
    }

    private static Notify otp(String key, String phone, String code) {
        return Notify.of(key, Recipient.phone(phone), "otp.sign-in", Map.of("code", code), Locale.CHINA);
    }
}
