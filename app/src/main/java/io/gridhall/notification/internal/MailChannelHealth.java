package io.gridhall.notification.internal;

import io.gridhall.notification.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Whether e-mail can go out, reported as the {@code email} health component (Spring Boot's own {@code mail} component checks the server when there is one) (also part of the readiness
 * group) and loudly once at start-up. Without a mail server ({@code spring.mail.host}) the channel is
 * {@link SmsChannelHealth#DEGRADED}: codes by e-mail answer 503, other messages skip e-mail, and nothing
 * counts as sent that was not.
 */
@Component("emailHealthIndicator")
class MailChannelHealth implements HealthIndicator {

    static final String NO_SERVER = "no mail server is configured: set " + MailServerConfigured.PROPERTY
            + " (and spring.mail.username/password if it needs them); until then e-mail is not sent";

    private static final Logger log = LoggerFactory.getLogger(MailChannelHealth.class);

    private final ChannelAdapters adapters;

    MailChannelHealth(ChannelAdapters adapters) {
        this.adapters = adapters;
    }

    @Override
    public Health health() {
        return adapters.of(Channel.EMAIL)
                .map(mail -> Health.status(Status.UP).withDetail("provider", mail.provider()))
                .orElseGet(() -> Health.status(SmsChannelHealth.DEGRADED).withDetail("reason", NO_SERVER))
                .build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void sayWhatIsMissing() {
        if (!adapters.has(Channel.EMAIL)) log.error("E-mail channel out of service: {}", NO_SERVER);
    }
}
