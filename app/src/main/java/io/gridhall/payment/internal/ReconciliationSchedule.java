package io.gridhall.payment.internal;

import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reconciles yesterday's bills every morning (Beijing time) and asks again for bills that were not there, on every
 * node where {@code gridhall.payment.reconciliation.enabled} (the default): runs are claimed under a lease.
 */
@Component
@ConditionalOnBooleanProperty(name = "gridhall.payment.reconciliation.enabled", matchIfMissing = true)
class ReconciliationSchedule {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationSchedule.class);

    private final ReconcilingGateways reconciling;
    private final java.time.Clock clock;

    ReconciliationSchedule(ReconcilingGateways reconciling, java.time.Clock clock) {
        this.reconciling = reconciling;
        this.clock = clock;
    }

    @Scheduled(cron = "${gridhall.payment.reconciliation.cron:0 0 9 * * *}", zone = "Asia/Shanghai")
    void morning() {
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), ReconcilingGateways.BEIJING)
                .minusDays(1);
        try {
            reconciling.reconcileAll(yesterday);
        } catch (RuntimeException e) {
            log.warn("The morning reconciliation of {} failed; its runs are asked again later", yesterday, e);
        }
    }

    @Scheduled(
            fixedDelayString = "${gridhall.payment.reconciliation.retry-poll:5m}",
            initialDelayString = "${gridhall.payment.reconciliation.retry-poll:5m}")
    void retry() {
        try {
            reconciling.retryDue();
        } catch (RuntimeException e) {
            log.warn("Reconciliation retries failed; trying again at the next poll", e);
        }
    }
}
