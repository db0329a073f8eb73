package io.gridhall.payment.internal;

import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires reward points every night (idempotent per account and year, so a second run, or a run on every node,
 * expires nothing twice). Points are earned by the ledger itself, in the statement that writes a payment's entries
 * (ADR 0015, "The ledger's write earns"), so a payment and its points commit together or not at all.
 */
@Component
class ExpiringPoints {

    private static final Logger log = LoggerFactory.getLogger(ExpiringPoints.class);

    private final KeepingPoints points;
    private final Clock clock;

    ExpiringPoints(KeepingPoints points, Clock clock) {
        this.points = points;
        this.clock = clock;
    }

    @Scheduled(
            cron = "${gridhall.payment.points-expiry-cron:0 7 0 * * *}",
            zone = "${gridhall.time-zone:Asia/Shanghai}")
    void expire() {
        int n = points.expire(LocalDate.now(clock));
        if (n > 0) log.info("Reward points: expired the points of {} accounts", n);
    }
}
