package io.gridhall.notification.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.notification.*}: the dispatcher's pace and retries, the simulated operators, mail.
 *
 * @param dispatch how the outbox is worked
 * @param simulator how the SMS and WeChat operator simulators behave
 * @param mail the sender address when a real mail server ({@code spring.mail.host}) is configured
 */
@ConfigurationProperties("gridhall.notification")
public record NotificationSettings(
        @DefaultValue Dispatch dispatch,
        @DefaultValue Simulator simulator,
        @DefaultValue Mail mail) {

    /**
     * @param enabled whether this node polls the outbox (every node may: rows are claimed with SKIP LOCKED)
     * @param pollInterval pause between polls
     * @param batchSize deliveries claimed per poll
     * @param maxAttempts attempts before a delivery is DEAD
     * @param firstRetry back-off before the second attempt; doubles per attempt, with jitter
     * @param maxRetry longest back-off
     * @param lease how long a claimed delivery may stay SENDING before another node takes it over
     */
    public record Dispatch(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("50") int batchSize,
            @DefaultValue("8") int maxAttempts,
            @DefaultValue("5s") Duration firstRetry,
            @DefaultValue("30m") Duration maxRetry,
            @DefaultValue("2m") Duration lease) {}

    /**
     * @param failurePercent share of first submissions the simulated operators reject as busy (0-100)
     * @param seed seed of their dice, for repeatable runs; none means random
     */
    public record Simulator(@DefaultValue("0") int failurePercent, Long seed) {}

    /** @param from sender address of e-mail */
    public record Mail(
            @DefaultValue("noreply@gridhall.local") String from) {}
}
