package io.gridhall.outage.internal;

import io.gridhall.outage.OutageKind;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.outage.notice.*}: how long before its start an outage must be published. The defaults are the
 * legal minimums (《电力供应与使用条例》 article 28): planned maintenance 7 days, temporary maintenance 24 hours.
 * A deployment may require more (a provincial rule, a contract with an important customer), never less.
 */
@ConfigurationProperties("gridhall.outage.notice")
record NoticePeriods(
        @DefaultValue("7d") Duration planned,
        @DefaultValue("24h") Duration temporary) {

    NoticePeriods {
        if (planned.compareTo(OutageKind.PLANNED.defaultNotice()) < 0
                || temporary.compareTo(OutageKind.TEMPORARY.defaultNotice()) < 0) {
            throw new IllegalArgumentException("gridhall.outage.notice: the notice periods may not be shorter than"
                    + " the legal minimums (planned 7 days, temporary 24 hours)");
        }
    }

    Duration of(OutageKind kind) {
        return switch (kind) {
            case PLANNED -> planned;
            case TEMPORARY -> temporary;
            case FAULT -> Duration.ZERO;
        };
    }
}
