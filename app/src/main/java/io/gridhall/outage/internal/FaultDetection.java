package io.gridhall.outage.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.outage.detection.*}: when the meters' supply signals suggest a fault outage (issue 11).
 *
 * @param sharePercent share of a transformer area's or line's watched meters that must lose supply
 * @param minMeters meters at least (2 or more: one meter is never an area outage)
 * @param window losses this close together count as one event
 * @param restoredPercent share of the most meters lost that must answer again before a restoration is suggested
 */
@ConfigurationProperties("gridhall.outage.detection")
record FaultDetection(
        @DefaultValue("60") int sharePercent,
        @DefaultValue("5") int minMeters,
        @DefaultValue("5m") Duration window,
        @DefaultValue("90") int restoredPercent) {

    FaultDetection {
        rule(sharePercent, minMeters);
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive");
        if (restoredPercent < 1 || restoredPercent > 100) throw new IllegalArgumentException("restored 1..100 %");
    }

    private static LossExplanation.Rule rule(int share, int min) {
        return new LossExplanation.Rule(share, min);
    }

    LossExplanation.Rule rule() {
        return rule(sharePercent, minMeters);
    }
}
