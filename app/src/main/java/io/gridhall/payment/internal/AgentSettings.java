package io.gridhall.payment.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.payment.agents.*}: the collection agents' real-time interface (ADR 0020).
 *
 * @param cutOff Beijing time from which a payment belongs to the next accounting day (日切)
 * @param timeWindow how far a request's signed time may be from ours; nonces are kept twice as long
 */
@ConfigurationProperties("gridhall.payment.agents")
record AgentSettings(
        @DefaultValue("23:00") LocalTime cutOff,
        @DefaultValue("5m") Duration timeWindow) {

    /** The accounting day (会计日期) a moment belongs to: its Beijing day, or the next one from the cut-off on. */
    LocalDate accountingDay(java.time.Instant at) {
        var local = at.atZone(ReconcilingGateways.BEIJING).toLocalDateTime();
        return local.toLocalTime().isBefore(cutOff)
                ? local.toLocalDate()
                : local.toLocalDate().plusDays(1);
    }
}
