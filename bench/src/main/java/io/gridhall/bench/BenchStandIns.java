package io.gridhall.bench;

import io.gridhall.identity.Audit;
import io.gridhall.identity.ServicePasswords;
import io.gridhall.notification.Notifications;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** No-op collaborators for a build whose identity or notification module has no implementation yet. */
@AutoConfiguration
public class BenchStandIns {

    @Bean
    @ConditionalOnMissingBean(Audit.class)
    Audit benchAudit() {
        return (actor, action, objectType, objectId, details) -> {};
    }

    @Bean
    @ConditionalOnMissingBean(ServicePasswords.class)
    ServicePasswords benchServicePasswords() {
        return new ServicePasswords() {
            @Override
            public boolean verify(long supplyAccountId, String password) {
                return false;
            }

            @Override
            public boolean isSet(long supplyAccountId) {
                return false;
            }

            @Override
            public void set(io.gridhall.identity.Actor actor, long supplyAccountId, String newPassword) {}

            @Override
            public void resetWithOtp(
                    io.gridhall.identity.Actor actor, long supplyAccountId, String otpCode, String newPassword) {}
        };
    }

    @Bean
    @ConditionalOnMissingBean(Notifications.class)
    Notifications benchNotifications() {
        return new Notifications() {
            @Override
            public void send(io.gridhall.notification.Notify request) {}

            @Override
            public long sendToUsers(io.gridhall.notification.BulkNotify request) {
                return 0;
            }

            @Override
            public long sendToPhones(io.gridhall.notification.BulkSms request) {
                return 0;
            }

            @Override
            public void updateContacts(long userId, String phone, String email, String wechatOpenId) {}
        };
    }
}
