package io.gridhall.notification.internal;

import static io.gridhall.notification.internal.Outboxes.aKeyPrefix;
import static io.gridhall.notification.internal.Outboxes.aPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.notification.Channel;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.notification.Notify.Recipient;
import io.gridhall.shared.Problem;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * With the provider configured (here with only the sign-in template approved), it replaces the SMS
 * simulator even where the simulator could exist, and health names what is still missing.
 */
@SpringBootTest(
        properties = {
            "gridhall.sms.aliyun.access-key-id=LTAI-test",
            "gridhall.sms.aliyun.access-key-secret=not-a-real-secret",
            "gridhall.sms.aliyun.sign-name=网上国网测试",
            "gridhall.sms.aliyun.templates[otp.sign-in]=SMS_300000001",
            "gridhall.sms.aliyun.endpoint=http://127.0.0.1:9",
            "gridhall.notification.dispatch.enabled=false"
        })
@ActiveProfiles("test")
class SmsProviderConfigurationTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    ChannelAdapters adapters;

    @Autowired
    SmsChannelHealth health;

    @Autowired
    Notifications notifications;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theProviderTakesTheSimulatorsPlace() {
        assertThat(context.getBeanNamesForType(SmsGatewaySimulator.class)).isEmpty();
        assertThat(adapters.of(Channel.SMS))
                .get()
                .extracting(ChannelAdapter::provider)
                .isEqualTo("Alibaba Cloud SMS (127.0.0.1)");
    }

    @Test
    void healthNamesTheCodeTemplatesWithoutAProviderTemplate() {
        var report = health.report();

        assertThat(report.degraded()).isTrue();
        assertThat(report.reason())
                .contains("gridhall.sms.aliyun.templates[otp.contact-change]")
                .contains("gridhall.sms.aliyun.templates[otp.service-password-reset]")
                .doesNotContain("otp.sign-in");
        assertThat(report.details()).containsEntry("provider", "Alibaba Cloud SMS (127.0.0.1)");
        assertThat(health.health().getStatus().getCode()).isEqualTo("DEGRADED");
    }

    @Test
    void aCodeGoesOutOnlyWhereTheProviderHasItsTemplate() {
        String prefix = aKeyPrefix();
        notifications.send(Notify.of(
                prefix + "sign-in", Recipient.phone(aPhone()), "otp.sign-in", Map.of("code", "1"), Locale.CHINA));

        assertThatThrownBy(() -> notifications.send(Notify.of(
                        prefix + "change",
                        Recipient.phone(aPhone()),
                        "otp.contact-change",
                        Map.of("code", "1"),
                        Locale.CHINA)))
                .isInstanceOfSatisfying(
                        Problem.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(503));
        assertThat(Outboxes.deliveries(jdbc, prefix))
                .extracting(Outboxes.Row::channel)
                .isEqualTo(List.of("SMS"));
    }
}
