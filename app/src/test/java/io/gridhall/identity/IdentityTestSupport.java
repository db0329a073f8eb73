package io.gridhall.identity;

import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What identity's tests put into the context: a clock they can move, a notification sender that keeps
 * messages so the tests can read the codes, and an owner lookup for supply accounts.
 */
@TestConfiguration(proxyBeanMethods = false)
public class IdentityTestSupport {

    @Bean
    @Primary
    MovableClock movableClock() {
        return new MovableClock(Instant.now());
    }

    @Bean
    @Primary
    RecordingNotifications recordingNotifications() {
        return new RecordingNotifications();
    }

    @Bean
    @org.springframework.context.annotation.Primary // the customer module's real one exists beside it
    Owners owners() {
        return new Owners();
    }

    public static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        public void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Shanghai");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    public static final class RecordingNotifications implements Notifications {
        public final List<Notify> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(Notify request) {
            io.gridhall.testing.IssuedSecretsWatch.record(request.parameters());
            sent.add(request);
        }

        public final List<io.gridhall.notification.BulkNotify> sentToUsers = new CopyOnWriteArrayList<>();

        @Override
        public long sendToUsers(io.gridhall.notification.BulkNotify request) {
            sentToUsers.add(request);
            return request.userIds().length;
        }

        @Override
        public long sendToPhones(io.gridhall.notification.BulkSms request) {
            return request.phones().size();
        }

        @Override
        public void updateContacts(long userId, String phone, String email, String wechatOpenId) {
            // identity's tests read codes from what was sent; contacts are the notification module's concern
        }

        /** The code in the latest SMS to this phone. */
        public String lastCode(String phone) {
            for (int i = sent.size() - 1; i >= 0; i--) {
                Notify n = sent.get(i);
                if (phone.equals(n.recipient().phone())) return n.parameters().get("code");
            }
            throw new AssertionError("no code was sent to " + phone);
        }

        public Notify last(String phone) {
            for (int i = sent.size() - 1; i >= 0; i--) {
                if (phone.equals(sent.get(i).recipient().phone())) return sent.get(i);
            }
            throw new AssertionError("nothing was sent to " + phone);
        }
    }

    /** Supply accounts bound to customers, as the customer module would answer. */
    public static final class Owners implements SupplyAccountOwnership {
        public final Set<String> bindings = ConcurrentHashMap.newKeySet();

        public void bind(UserId customer, long account) {
            bindings.add(customer.value() + ":" + account);
        }

        @Override
        public boolean isBoundTo(UserId customer, long supplyAccountId) {
            return bindings.contains(customer.value() + ":" + supplyAccountId);
        }
    }
}
