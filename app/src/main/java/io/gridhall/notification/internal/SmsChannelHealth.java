package io.gridhall.notification.internal;

import io.gridhall.notification.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether text messages can go out, reported as the {@code sms} health component (also part of the
 * readiness group) and loudly once at start-up. Without a provider, or with one that lacks the
 * template for a one-time code, the channel is {@link #DEGRADED}: the node keeps serving (staff work,
 * bills, readings need no SMS), the status says what is wrong, and sign-in by SMS code answers 503
 * instead of pretending to send.
 */
@Component("smsHealthIndicator")
class SmsChannelHealth implements HealthIndicator {

    /** Up, but a part is out of service; answered with HTTP 200 so probes keep the node in service. */
    static final Status DEGRADED = new Status("DEGRADED", "a part of the service is unavailable");

    private static final Logger log = LoggerFactory.getLogger(SmsChannelHealth.class);

    private final ChannelAdapters adapters;
    private final SmsSettings settings;
    private final JdbcClient jdbc;

    SmsChannelHealth(ChannelAdapters adapters, SmsSettings settings, JdbcClient jdbc) {
        this.adapters = adapters;
        this.settings = settings;
        this.jdbc = jdbc;
    }

    record Report(boolean degraded, String reason, Map<String, Object> details) {}

    @Override
    public Health health() {
        Report report = report();
        Health.Builder health = Health.status(report.degraded() ? DEGRADED : Status.UP);
        if (report.reason() != null) health.withDetail("reason", report.reason());
        return health.withDetails(report.details()).build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void sayWhatIsMissing() {
        Report report = report();
        if (report.degraded()) {
            log.error("SMS channel out of service: {}", report.reason());
        } else if (report.reason() != null) {
            log.warn("SMS channel: {}", report.reason());
        }
    }

    Report report() {
        Map<String, Object> details = new LinkedHashMap<>();
        ChannelAdapter sms = adapters.of(Channel.SMS).orElse(null);
        if (sms != null) {
            details.put("provider", sms.provider());
            List<String> secret =
                    templates(true).stream().filter(t -> !sms.carries(t)).toList();
            List<String> other =
                    templates(false).stream().filter(t -> !sms.carries(t)).toList();
            if (!other.isEmpty()) details.put("templatesNotSentBySms", other);
            if (!secret.isEmpty()) {
                details.put("codeTemplatesWithoutProviderTemplate", secret);
                return new Report(
                        true,
                        "one-time codes cannot be sent: set "
                                + secret.stream()
                                        .map(t -> SmsSettings.PREFIX + "templates[" + t + "]")
                                        .toList(),
                        details);
            }
            return new Report(
                    false, other.isEmpty() ? null : "messages of these templates skip SMS: " + other, details);
        }
        List<String> missing = settings.aliyun().missing();
        String reason = settings.aliyun().started()
                ? "the SMS provider is configured only in part: set " + missing
                : "no SMS provider is configured: set " + missing + " and " + SmsSettings.PREFIX
                        + "templates[<template>] per message template";
        details.put("missing", missing);
        return new Report(true, reason + "; until then sign-in by SMS code answers 503", details);
    }

    private List<String> templates(boolean secret) {
        return jdbc.sql("select distinct name from notification.template where secret = :secret order by name")
                .param("secret", secret)
                .query(String.class)
                .list();
    }
}
