package io.gridhall.notification.internal;

import static io.gridhall.notification.internal.Outboxes.aKeyPrefix;
import static io.gridhall.notification.internal.Outboxes.aPhone;
import static io.gridhall.notification.internal.Outboxes.aUserId;
import static io.gridhall.notification.internal.Outboxes.deliveries;
import static io.gridhall.notification.internal.Outboxes.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.notification.BulkNotify;
import io.gridhall.notification.BulkSms;
import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.shared.Problem;
import java.util.EnumSet;
import java.util.List;
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

/** The set-based outbox (ADR 0013): the same rows as one send per user, written by two statements. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class BulkNotificationsTests {

    @Autowired
    Notifications notifications;

    @Autowired
    Preferences preferences;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    SealedAddresses addresses;

    static final Map<String, String> TEXT = Map.of("subject", "停电通知", "text", "城东线明日停电");

    @Test
    void choosesEachUsersChannelsAsASingleSendWouldAndSealsTheAddresses() {
        long withPhone = aUserId();
        long inAppOnly = aUserId();
        long noContact = aUserId();
        String phone = aPhone();
        notifications.updateContacts(withPhone, phone, null, "wx-open-id-" + withPhone);
        notifications.updateContacts(inAppOnly, aPhone(), null, null);
        preferences.update(inAppOnly, Map.of(Category.OUTAGE, EnumSet.of(Channel.IN_APP)));
        String prefix = aKeyPrefix();

        Long queued = tx.execute(s -> notifications.sendToUsers(new BulkNotify(
                prefix, "outage.plain", TEXT, Locale.CHINA, new long[] {withPhone, inAppOnly, noContact, withPhone})));

        assertThat(queued).isEqualTo(3);
        assertThat(messages(jdbc, prefix)).isEqualTo(3);
        // the single path for comparison: what one send per user would have queued
        String single = aKeyPrefix();
        for (long u : List.of(withPhone, inAppOnly, noContact)) {
            notifications.send(Notify.of(single + u, Notify.Recipient.user(u), "outage.plain", TEXT, Locale.CHINA));
        }
        assertThat(channels(prefix, withPhone))
                .isEqualTo(channels(single, withPhone))
                .isEqualTo(Set.of("SMS", "WECHAT", "IN_APP"));
        assertThat(channels(prefix, inAppOnly))
                .isEqualTo(channels(single, inAppOnly))
                .isEqualTo(Set.of("IN_APP"));
        assertThat(channels(prefix, noContact))
                .isEqualTo(channels(single, noContact))
                .isEqualTo(Set.of("IN_APP"));
        List<Outboxes.Row> rows = deliveries(jdbc, prefix + withPhone);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.address()).isNull();
            assertThat(r.body()).isEqualTo("城东线明日停电");
        });
        assertThat(rows.stream().filter(r -> r.channel().equals("SMS")).map(r -> addresses.open(r.sealedAddress())))
                .containsExactly(phone);
        assertThat(rows.stream().filter(r -> r.channel().equals("IN_APP")).map(r -> addresses.open(r.sealedAddress())))
                .containsExactly(Long.toString(withPhone));
    }

    @Test
    void aRepeatedBatchQueuesNothingTwiceAndARolledBackOneNothingAtAll() {
        long a = aUserId();
        long b = aUserId();
        String prefix = aKeyPrefix();
        tx.executeWithoutResult(s ->
                notifications.sendToUsers(new BulkNotify(prefix, "outage.plain", TEXT, Locale.CHINA, new long[] {a})));
        Long second = tx.execute(s -> notifications.sendToUsers(
                new BulkNotify(prefix, "outage.plain", TEXT, Locale.CHINA, new long[] {a, b})));
        assertThat(second).isEqualTo(1);
        assertThat(messages(jdbc, prefix)).isEqualTo(2);

        String rolledBack = aKeyPrefix();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    notifications.sendToUsers(
                            new BulkNotify(rolledBack, "outage.plain", TEXT, Locale.CHINA, new long[] {a, b}));
                    throw new IllegalStateException("the caller failed");
                }))
                .hasMessage("the caller failed");
        assertThat(messages(jdbc, rolledBack)).isZero();
    }

    @Test
    void refusesSecretTemplatesMissingParametersAndBadKeys() {
        long a = aUserId();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> notifications.sendToUsers(new BulkNotify(
                        aKeyPrefix(), "otp.sign-in", Map.of("code", "123456"), Locale.CHINA, new long[] {a}))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> notifications.sendToUsers(new BulkNotify(
                        aKeyPrefix(), "outage.plain", Map.of("subject", "x"), Locale.CHINA, new long[] {a}))))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.code()).isEqualTo("notification-parameter-missing"));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> notifications.sendToUsers(
                        new BulkNotify(" ", "outage.plain", TEXT, Locale.CHINA, new long[] {a}))))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("notification-key-invalid"));
        Long none = tx.execute(s -> notifications.sendToUsers(
                new BulkNotify(aKeyPrefix(), "outage.plain", TEXT, Locale.CHINA, new long[0])));
        assertThat(none).isZero();
    }

    @Test
    void phonesWithoutAUserGetOneSealedSmsEachOnceWhateverTheRepeats() {
        String prefix = aKeyPrefix();
        String first = aPhone();
        String second = aPhone();
        Long queued = tx.execute(s -> notifications.sendToPhones(new BulkSms(
                prefix,
                "outage.plain",
                TEXT,
                Locale.CHINA,
                List.of(
                        new BulkSms.Phone("c1", first),
                        new BulkSms.Phone("c2", " " + second + " "),
                        new BulkSms.Phone("c1", second),
                        new BulkSms.Phone("c3", " ")))));

        assertThat(queued).isEqualTo(2);
        List<Outboxes.Row> one = deliveries(jdbc, prefix + "c1");
        assertThat(one).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo("SMS");
            assertThat(r.address()).isNull();
            assertThat(addresses.open(r.sealedAddress())).isEqualTo(first);
            assertThat(r.body()).isEqualTo("城东线明日停电");
        });
        assertThat(deliveries(jdbc, prefix + "c2"))
                .singleElement()
                .satisfies(r -> assertThat(addresses.open(r.sealedAddress())).isEqualTo(second));
        assertThat(jdbc.sql("select count(*) from notification.message where starts_with(idempotency_key, ?)"
                                + " and user_id is null")
                        .param(prefix)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        // a repeat queues only the new number; a secret template or a bad key is refused
        Long again = tx.execute(s -> notifications.sendToPhones(new BulkSms(
                prefix,
                "outage.plain",
                TEXT,
                Locale.CHINA,
                List.of(new BulkSms.Phone("c1", first), new BulkSms.Phone("c4", aPhone())))));
        assertThat(again).isEqualTo(1);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> notifications.sendToPhones(new BulkSms(
                        aKeyPrefix(),
                        "otp.sign-in",
                        Map.of("code", "123456"),
                        Locale.CHINA,
                        List.of(new BulkSms.Phone("c1", first))))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> notifications.sendToPhones(
                        new BulkSms(" ", "outage.plain", TEXT, Locale.CHINA, List.of(new BulkSms.Phone("c1", first))))))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("notification-key-invalid"));
    }

    private Set<String> channels(String prefix, long user) {
        return Set.copyOf(jdbc.sql("""
                        select d.channel from notification.delivery d join notification.message m on m.id = d.message_id
                        where m.idempotency_key = ?""").param(prefix + user).query(String.class).list());
    }
}
