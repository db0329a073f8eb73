package io.gridhall.notification.internal;

import static io.gridhall.notification.internal.Outboxes.aKeyPrefix;
import static io.gridhall.notification.internal.Outboxes.aPhone;
import static io.gridhall.notification.internal.Outboxes.deliveries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.notification.Channel;
import io.gridhall.notification.Notify;
import io.gridhall.notification.Notify.Recipient;
import io.gridhall.shared.Problem;
import io.gridhall.testing.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dispatcher on a clock of its own. Messages are queued at a time far in the future, so the
 * application's own poller (real time) never finds them due, and each test only works its own keys.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DispatcherTests {

    static final NotificationSettings.Dispatch SETTINGS = new NotificationSettings.Dispatch(
            true, Duration.ofSeconds(1), 10, 4, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(30));

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Templates templates;

    @Autowired
    Contacts contacts;

    @Autowired
    Preferences preferences;

    @Autowired
    ChannelAdapters adapters;

    @Autowired
    SealedAddresses addresses;

    MovingClock clock;
    Outbox outbox;
    String prefix;

    @BeforeEach
    void queueInTheFuture() {
        clock = new MovingClock(
                Instant.parse("2100-01-01T00:00:00Z").plusSeconds(new Random().nextInt(1_000_000)),
                java.time.ZoneOffset.UTC);
        outbox = new Outbox(jdbc, clock, templates, contacts, preferences, adapters, addresses, null);
        prefix = aKeyPrefix();
    }

    @Test
    void retriesWithGrowingJitteredBackOffThenSends() {
        Scripted sms = new Scripted(fail("busy 1"), fail("busy 2"), ok());
        Dispatcher dispatcher = dispatcher(sms);
        queue(1);

        assertThat(dispatcher.dispatchDue(prefix)).isEqualTo(1);
        Outboxes.Row first = single();
        assertThat(first.status()).isEqualTo("FAILED_RETRYING");
        assertThat(first.body()).as("kept for the retry").contains("10");
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.lastError()).isEqualTo("busy 1");
        assertThat(waitAfter(first)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));

        assertThat(dispatcher.dispatchDue(prefix)).as("not due yet").isZero();

        clock.advance(Duration.ofSeconds(1));
        dispatcher.dispatchDue(prefix);
        Outboxes.Row second = single();
        assertThat(second.status()).isEqualTo("FAILED_RETRYING");
        assertThat(waitAfter(second)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));

        clock.advance(Duration.ofSeconds(2));
        dispatcher.dispatchDue(prefix);
        Outboxes.Row sent = single();
        assertThat(sent.status()).isEqualTo("SENT");
        assertThat(sent.attempts()).isEqualTo(3);
        assertThat(sent.lastError()).isNull();
        assertThat(sent.providerMessageId()).isEqualTo("op-" + sent.id());
        assertThat(sent.body()).as("the one-time code is gone once delivered").isEqualTo(Dispatcher.REMOVED);
        assertThat(sms.calls).hasSize(3);
    }

    @Test
    void givesUpAsDeadWithTheLastErrorAfterMaxAttempts() {
        Scripted sms = new Scripted();
        sms.otherwise = fail("gateway down");
        Dispatcher dispatcher = dispatcher(sms);
        queue(1);

        for (int i = 0; i < 10; i++) {
            dispatcher.dispatchDue(prefix);
            clock.advance(Duration.ofMinutes(2));
        }

        Outboxes.Row dead = single();
        assertThat(dead.status()).isEqualTo("DEAD");
        assertThat(dead.attempts()).isEqualTo(SETTINGS.maxAttempts());
        assertThat(dead.lastError()).isEqualTo("gateway down");
        assertThat(sms.calls).hasSize(SETTINGS.maxAttempts());
    }

    @Test
    void aPermanentRefusalIsDeadAtOnce() {
        Scripted sms = new Scripted(() -> {
            throw DeliveryFailed.permanent("number does not exist");
        });
        Dispatcher dispatcher = dispatcher(sms);
        queue(1);

        dispatcher.dispatchDue(prefix);
        assertThat(single()).satisfies(r -> {
            assertThat(r.status()).isEqualTo("DEAD");
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.lastError()).isEqualTo("number does not exist");
        });
    }

    @Test
    void twoDispatchersWorkingTheSameOutboxNeverSendARowTwice() throws Exception {
        int messages = 120;
        queue(messages);
        Scripted shared = new Scripted();
        shared.otherwise = () -> {
            Thread.onSpinWait();
            return null;
        };
        Dispatcher nodeA = dispatcher(shared);
        Dispatcher nodeB = dispatcher(shared);
        CyclicBarrier start = new CyclicBarrier(2);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (Dispatcher node : List.of(nodeA, nodeB)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    int total = 0;
                    int claimed;
                    while ((claimed = node.dispatchDue(prefix)) > 0) total += claimed;
                    return total;
                }));
            }
            int total = 0;
            for (Future<Integer> run : runs) total += run.get();
            assertThat(total).isEqualTo(messages);
        }

        assertThat(shared.calls).hasSize(messages).doesNotHaveDuplicates();
        assertThat(deliveries(jdbc, prefix)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo("SENT");
            assertThat(r.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aDeliveryLeftSendingByACrashedNodeIsTakenBackAfterTheLease() {
        Scripted sms = new Scripted(ok());
        Dispatcher survivor = dispatcher(sms);
        queue(1);
        // the crashed node claimed the row and died before telling anyone
        assertThat(dispatcher(new Scripted()).claim(prefix)).hasSize(1);
        assertThat(single().status()).isEqualTo("SENDING");

        clock.advance(SETTINGS.lease().minusSeconds(1));
        assertThat(survivor.dispatchDue(prefix)).as("lease still running").isZero();
        assertThat(sms.calls).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        assertThat(survivor.dispatchDue(prefix)).isEqualTo(1);
        assertThat(single()).satisfies(r -> {
            assertThat(r.status()).isEqualTo("SENT");
            assertThat(r.attempts()).isEqualTo(2);
        });
    }

    @Test
    void theLateResultOfATakenOverAttemptIsDropped() {
        queue(1);
        Dispatcher slowNode = dispatcher(new Scripted(fail("timed out at last")));
        List<Dispatcher.Claimed> claimed = slowNode.claim(prefix);
        clock.advance(SETTINGS.lease().plusSeconds(1));
        dispatcher(new Scripted(ok())).dispatchDue(prefix);

        slowNode.deliver(claimed.getFirst());

        assertThat(single()).satisfies(r -> {
            assertThat(r.status()).isEqualTo("SENT");
            assertThat(r.attempts()).isEqualTo(2);
        });
    }

    @Test
    void recordsWhatWasSentInTheDevInboxOnce() {
        DevInbox inbox = new DevInbox(jdbc, clock, addresses);
        String phone = aPhone();
        outbox.send(Notify.of(prefix + "1", Recipient.phone(phone), "otp.sign-in", Map.of("code", "424242"), null));
        Dispatcher dispatcher =
                new Dispatcher(jdbc, tx, clock, List.of(new Scripted(ok())), backOff(), SETTINGS, inbox, addresses);
        dispatcher.dispatchDue(prefix);
        dispatcher.dispatchDue(prefix);

        assertThat(inbox.latest(phone, null, 10))
                .singleElement()
                .satisfies(e -> assertThat(e.body()).contains("424242"));
    }

    @Test
    void givesTheAdapterTheTemplateAndItsParametersAndClearsASecretsOnceSent() {
        List<Outgoing> seen = new ArrayList<>();
        ChannelAdapter sms = new ChannelAdapter() {
            @Override
            public Channel channel() {
                return Channel.SMS;
            }

            @Override
            public String deliver(Outgoing message) {
                seen.add(message);
                return "op-" + message.deliveryId();
            }
        };
        Map<String, String> given = new java.util.HashMap<>(Map.of("code", "731904"));
        given.put("unused", null); // allowed by Notify when the template has no such placeholder
        outbox.send(Notify.of(prefix + "1", Recipient.phone(aPhone()), "otp.sign-in", given, Locale.CHINA));
        assertThat(parameters()).contains("731904");

        dispatcher(sms).dispatchDue(prefix);

        assertThat(seen).singleElement().satisfies(m -> {
            assertThat(m.template()).isEqualTo("otp.sign-in");
            assertThat(m.parameters()).isEqualTo(Map.of("code", "731904"));
        });
        assertThat(single().status()).isEqualTo("SENT");
        assertThat(parameters()).isNull();
    }

    @Test
    void aCodeThatNoOperatorHereCanCarryIsRefusedWith503AndNothingIsQueued() {
        ChannelAdapter withoutTemplates = new Scripted(ok()) {
            @Override
            public boolean carries(String template) {
                return false;
            }
        };
        for (List<ChannelAdapter> adapters : List.<List<ChannelAdapter>>of(List.of(), List.of(withoutTemplates))) {
            var here = new Outbox(
                    jdbc, clock, templates, contacts, preferences, new ChannelAdapters(adapters), addresses, null);
            String key = prefix + adapters.size();

            assertThatThrownBy(() -> here.send(Notify.of(
                            key, Recipient.phone(aPhone()), "otp.sign-in", Map.of("code", "1"), Locale.CHINA)))
                    .isInstanceOfSatisfying(
                            Problem.class,
                            p -> assertThat(p.getStatusCode().value()).isEqualTo(503));
            assertThat(Outboxes.messages(jdbc, key)).isZero();
        }
    }

    /** Issue 7: without a mail server an e-mail code must not count as sent. */
    @Test
    void aCodeByEmailWithoutAMailServerIsRefusedWith503EmailUnavailable() {
        var smsOnly = new Outbox(
                jdbc,
                clock,
                templates,
                contacts,
                preferences,
                new ChannelAdapters(List.of(new Scripted(ok()))),
                addresses,
                null);
        String key = prefix + "mail";
        assertThatThrownBy(() -> smsOnly.send(Notify.of(
                        key,
                        Recipient.email("li.lei@example.com"),
                        "otp.contact-change",
                        Map.of("code", "1"),
                        Locale.CHINA)))
                .isInstanceOfSatisfying(Problem.class, p -> {
                    assertThat(p.getStatusCode().value()).isEqualTo(503);
                    assertThat(p.code()).isEqualTo("email-unavailable");
                });
        assertThat(Outboxes.messages(jdbc, key)).isZero();
    }

    @Test
    void otherMessagesSkipTheChannelsThatCannotCarryThem() {
        long user = Outboxes.aUserId();
        contacts.update(user, aPhone(), null, null);
        var inAppOnly = new Outbox(
                jdbc,
                clock,
                templates,
                contacts,
                preferences,
                new ChannelAdapters(List.of(new Scripted(ok()) {
                    @Override
                    public Channel channel() {
                        return Channel.IN_APP;
                    }
                })),
                addresses,
                null);

        inAppOnly.send(Notify.of(
                prefix + "1",
                Recipient.user(user),
                "outage.plain",
                Map.of("subject", "停电通知", "text", "明日检修"),
                Locale.CHINA));

        assertThat(deliveries(jdbc, prefix)).extracting(Outboxes.Row::channel).containsExactly("IN_APP");
    }

    @Test
    void twoAdaptersForOneChannelStopTheStart() {
        assertThatThrownBy(() -> new ChannelAdapters(List.of(new Scripted(), new Scripted())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Two adapters for the SMS channel");
    }

    private String parameters() {
        return jdbc.sql("""
                        select d.parameters::text from notification.delivery d
                        join notification.message m on m.id = d.message_id where starts_with(m.idempotency_key, :p)""").param("p", prefix).query(String.class).list().getFirst();
    }

    private Dispatcher dispatcher(ChannelAdapter adapter) {
        return new Dispatcher(jdbc, tx, clock, List.of(adapter), backOff(), SETTINGS, null, addresses);
    }

    private static BackOff backOff() {
        return new BackOff(SETTINGS.firstRetry(), SETTINGS.maxRetry(), new Random(7));
    }

    private void queue(int count) {
        for (int i = 0; i < count; i++) {
            outbox.send(Notify.of(
                    prefix + i, Recipient.phone(aPhone()), "otp.sign-in", Map.of("code", "1" + i), Locale.CHINA));
        }
    }

    private Outboxes.Row single() {
        List<Outboxes.Row> rows = deliveries(jdbc, prefix);
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private Duration waitAfter(Outboxes.Row row) {
        return Duration.between(clock.instant(), row.nextAttemptAt().toInstant());
    }

    private static Supplier<String> fail(String reason) {
        return () -> {
            throw DeliveryFailed.transientFailure(reason);
        };
    }

    private static Supplier<String> ok() {
        return () -> null;
    }

    /** An SMS operator that answers as scripted and remembers every delivery it was handed. */
    static class Scripted implements ChannelAdapter {
        final ConcurrentLinkedQueue<Long> calls = new ConcurrentLinkedQueue<>();
        final Deque<Supplier<String>> script;
        volatile Supplier<String> otherwise = ok();

        @SafeVarargs
        Scripted(Supplier<String>... script) {
            this.script = new ArrayDeque<>(List.of(script));
        }

        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public String deliver(Outgoing message) {
            calls.add(message.deliveryId());
            Supplier<String> next;
            synchronized (script) {
                next = script.isEmpty() ? otherwise : script.poll();
            }
            next.get();
            return "op-" + message.deliveryId();
        }
    }
}
