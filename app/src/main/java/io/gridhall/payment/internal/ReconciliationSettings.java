package io.gridhall.payment.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.payment.reconciliation.*}: the morning reconciliation of the gateways' bills (ADR 0018).
 *
 * @param enabled whether this node runs it on schedule (any node may: a run is claimed under a lease)
 * @param cron when, Beijing time (default 09:00 every morning), for the day before
 * @param retryInterval how long after a gateway gave no bill (a timeout, a bill not made yet) to ask again
 * @param retryPoll how often to look for runs due again
 * @param lease how long a claimed run is left to the node that claimed it
 */
@ConfigurationProperties("gridhall.payment.reconciliation")
record ReconciliationSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0 0 9 * * *") String cron,
        @DefaultValue("30m") Duration retryInterval,
        @DefaultValue("5m") Duration retryPoll,
        @DefaultValue("10m") Duration lease) {}
