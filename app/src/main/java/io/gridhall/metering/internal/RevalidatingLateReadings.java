package io.gridhall.metering.internal;

import io.gridhall.metering.ReadingBatchStored;
import io.gridhall.metering.ReadingSource;
import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Validates a day again for the meters whose readings arrived after the day's VEE run (a meter back
 * online whose head-end back-fills, a collection system's file delivered at noon), so their estimates
 * give way to the actual values and their findings are brought up to date.
 *
 * <p>An application module listener: it runs after the storing transaction commits, on another
 * thread, and the event publication registry keeps the event until the listener has finished, so a
 * restart in between validates the day on start-up instead of never. Not in a transaction of its own
 * ({@code NOT_SUPPORTED}): VEE commits per chunk of meters, as the nightly run does, rather than
 * holding one transaction over a large back-fill.
 */
@Component
class RevalidatingLateReadings {

    private static final Logger log = LoggerFactory.getLogger(RevalidatingLateReadings.class);

    private final ValidatingReadings vee;
    private final Clock clock;

    RevalidatingLateReadings(ValidatingReadings vee, Clock clock) {
        this.vee = vee;
        this.clock = clock;
    }

    // the condition keeps the usual batch of today's readings out of the publication registry altogether
    @ApplicationModuleListener(
            propagation = Propagation.NOT_SUPPORTED,
            condition = "!#root.args[0].lateDays().isEmpty()")
    void on(ReadingBatchStored batch) {
        if (ReadingSource.ESTIMATOR.name().equals(batch.source())) return;
        LocalDate today = LocalDate.now(clock);
        for (ReadingBatchStored.LateDay late : batch.lateDays()) {
            if (!late.day().isBefore(today)) continue;
            ValidatingReadings.Summary s = vee.run(late.day(), late.meterIds());
            log.info(
                    "VEE again for {} after late batch {}: {} meters, {} findings, {} superseded",
                    late.day(),
                    batch.batchId(),
                    s.meters(),
                    s.findings(),
                    s.superseded());
        }
    }
}
