package io.gridhall.payment.internal;

import io.gridhall.payment.PaymentsPosted;
import io.gridhall.payment.RewardPoints;
import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Earns reward points after the ledger commits a payment (the event publication registry redelivers after a crash;
 * a repeat writes nothing, every entry has its key), and expires them every night: idempotent per account and year,
 * so a second run, or a run on every node, expires nothing twice.
 */
@Component
class EarningPoints {

    private static final Logger log = LoggerFactory.getLogger(EarningPoints.class);

    private final RewardPoints points;
    private final Clock clock;

    EarningPoints(RewardPoints points, Clock clock) {
        this.points = points;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(PaymentsPosted posted) {
        points.earn(posted);
    }

    @Scheduled(
            cron = "${gridhall.payment.points-expiry-cron:0 7 0 * * *}",
            zone = "${gridhall.time-zone:Asia/Shanghai}")
    void expire() {
        int n = points.expire(LocalDate.now(clock));
        if (n > 0) log.info("Reward points: expired the points of {} accounts", n);
    }
}
