package io.gridhall.payment.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Accrues late-payment penalties early every day, on every node where {@code gridhall.payment.penalties.enabled}
 * (the default): the run is idempotent per bill and day and serialised on the accounts, so nodes may overlap, and a
 * run that failed or a day the application was down is caught up by the next run.
 */
@Component
@ConditionalOnBooleanProperty(name = "gridhall.payment.penalties.enabled", matchIfMissing = true)
class PenaltySchedule {

    private static final Logger log = LoggerFactory.getLogger(PenaltySchedule.class);

    private final AccruingPenalties penalties;

    PenaltySchedule(AccruingPenalties penalties) {
        this.penalties = penalties;
    }

    @Scheduled(cron = "${gridhall.payment.penalty-cron:0 5 0 * * *}", zone = "${gridhall.time-zone:Asia/Shanghai}")
    void accrue() {
        try {
            AccruingPenalties.Accrued a = penalties.accrueToday();
            log.info(
                    "Late-payment penalties accrued through {}: {} yuan on {} accounts ({} bills)",
                    a.day(),
                    a.total(),
                    a.accounts(),
                    a.bills());
        } catch (RuntimeException e) {
            log.warn("Late-payment penalty accrual failed; the next run catches up", e);
        }
    }
}
