package io.gridhall.payment.internal;

import io.gridhall.payment.PaymentsPosted;
import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Earns reward points in the transaction that posts the payments, and expires them every night (idempotent per
 * account and year, so a second run, or a run on every node, expires nothing twice).
 *
 * <p>Earning is part of the posting (ADR 0015, issue #10 section 9): the ledger publishes {@link PaymentsPosted} inside
 * its transaction and this listener, synchronous, earns the event's points there, set-based, in three statements. The
 * payment and its points commit together or not at all: a crash between them cannot happen, nothing waits in the event
 * publication registry, and a payment costs one durable commit, not three or four. A payment whose points cannot be
 * earned is not posted (and may be posted again under its key).
 */
@Component
class EarningPoints {

    private static final Logger log = LoggerFactory.getLogger(EarningPoints.class);

    private final KeepingPoints points;
    private final Clock clock;

    EarningPoints(KeepingPoints points, Clock clock) {
        this.points = points;
        this.clock = clock;
    }

    /** In the ledger's transaction, which holds the locks of the accounts posted to. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(PaymentsPosted posted) {
        points.earnInPosting(posted);
    }

    @Scheduled(
            cron = "${gridhall.payment.points-expiry-cron:0 7 0 * * *}",
            zone = "${gridhall.time-zone:Asia/Shanghai}")
    void expire() {
        int n = points.expire(LocalDate.now(clock));
        if (n > 0) log.info("Reward points: expired the points of {} accounts", n);
    }
}
