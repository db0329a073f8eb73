package io.gridhall.testing;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.billing.TierProgress;
import io.gridhall.billing.TouComparison;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.ServicePasswords;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Recording stand-ins for collaborators whose real implementations live in other modules and may not be on this
 * branch yet. Registered as a test-only auto-configuration, so they back off as soon as a real bean exists; tests
 * observe calls through {@code @MockitoSpyBean}, which works on either.
 */
@AutoConfiguration
public class StandInCollaborators {

    public record Recorded(Actor actor, String action, String objectType, String objectId, Map<String, ?> details) {}

    public static class RecordingAudit implements Audit {
        public final List<Recorded> records = new CopyOnWriteArrayList<>();

        @Override
        public void record(Actor actor, String action, String objectType, String objectId, Map<String, ?> details) {
            records.add(new Recorded(actor, action, objectType, objectId, details));
        }
    }

    public static class InMemoryServicePasswords implements ServicePasswords {
        private final Map<Long, String> passwords = new ConcurrentHashMap<>();

        @Override
        public boolean verify(long supplyAccountId, String password) {
            return password != null && password.equals(passwords.get(supplyAccountId));
        }

        @Override
        public boolean isSet(long supplyAccountId) {
            return passwords.containsKey(supplyAccountId);
        }

        @Override
        public void set(Actor actor, long supplyAccountId, String newPassword) {
            LogLeaks.issued(newPassword);
            passwords.put(supplyAccountId, newPassword);
        }

        @Override
        public void resetWithOtp(Actor actor, long supplyAccountId, String otpCode, String newPassword) {
            LogLeaks.issued(newPassword);
            passwords.put(supplyAccountId, newPassword);
        }
    }

    public static class RecordingNotifications implements Notifications {
        public final List<Notify> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(Notify request) {
            IssuedSecretsWatch.record(request.parameters());
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
        public void updateContacts(long userId, String phone, String email, String wechatOpenId) {}
    }

    /** Bills a test puts in, answered as the billing facade would (issued ones newest period first). */
    public static class InMemoryBilling implements Billing {
        private final Map<BillId, BillView> bills = new ConcurrentHashMap<>();

        public void put(BillView bill) {
            bills.put(bill.id(), bill);
        }

        @Override
        public Optional<BillView> bill(BillId id) {
            return Optional.ofNullable(bills.get(id));
        }

        @Override
        public List<BillView> issuedBills(long supplyAccountId, int limit) {
            return bills.values().stream()
                    .filter(b -> b.supplyAccountId() == supplyAccountId)
                    .filter(b -> b.status() == BillStatus.ISSUED || b.status() == BillStatus.REVERSED)
                    .sorted(Comparator.comparing(BillView::periodFrom)
                            .thenComparing(b -> b.id().value())
                            .reversed())
                    .limit(limit)
                    .toList();
        }

        @Override
        public Optional<TierProgress> tierProgress(long supplyAccountId, LocalDate asOf) {
            return Optional.empty();
        }

        @Override
        public Optional<TouComparison> touComparison(long supplyAccountId, YearMonth lastMonth) {
            return Optional.empty();
        }
    }

    @Bean
    @ConditionalOnMissingBean(Billing.class)
    Billing inMemoryBilling() {
        return new InMemoryBilling();
    }

    @Bean
    @ConditionalOnMissingBean(Audit.class)
    Audit recordingAudit() {
        return new RecordingAudit();
    }

    @Bean
    @ConditionalOnMissingBean(ServicePasswords.class)
    ServicePasswords inMemoryServicePasswords() {
        return new InMemoryServicePasswords();
    }

    @Bean
    @ConditionalOnMissingBean(Notifications.class)
    Notifications recordingNotifications() {
        return new RecordingNotifications();
    }
}
