package io.gridhall.testing;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.ServicePasswords;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import java.util.List;
import java.util.Map;
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
        public void updateContacts(long userId, String phone, String email, String wechatOpenId) {}
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
