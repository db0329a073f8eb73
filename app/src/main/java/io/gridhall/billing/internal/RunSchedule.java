package io.gridhall.billing.internal;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Works billing runs on every node where {@code gridhall.billing.runs.enabled} (the default): a run queued, or one a
 * stopped node left behind once its lease ran out, is taken up at the next poll, so a run survives a restart. The same
 * nodes take up campaigns of sending calendars to meters whose enqueueing a crash or a failed chunk left unfinished.
 */
@Component
@ConditionalOnBooleanProperty(name = "gridhall.billing.runs.enabled", matchIfMissing = true)
class RunSchedule {

    private static final Logger log = LoggerFactory.getLogger(RunSchedule.class);

    private final RunningBills runs;
    private final ProgrammingMeters programming;
    /** Who holds a lease, for the console and the logs: the JVM and a random part, new per start. */
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    RunSchedule(RunningBills runs, ProgrammingMeters programming) {
        this.runs = runs;
        this.programming = programming;
    }

    @Scheduled(fixedDelayString = "${gridhall.billing.meter-programs.poll-interval:30s}")
    void pollCampaigns() {
        try {
            programming.enqueueDue();
        } catch (RuntimeException e) {
            log.warn("Meter program campaign poll failed; trying again at the next poll", e);
        }
    }

    @Scheduled(fixedDelayString = "${gridhall.billing.runs.poll-interval:2s}")
    void poll() {
        try {
            while (runs.workDue(owner)) {
                // one run after another until none is due
            }
        } catch (RuntimeException e) {
            log.warn("Billing run poll failed; trying again at the next poll", e);
        }
    }
}
