package io.gridhall.metering;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A delivery of readings was stored (one event per batch, never per row). Listeners such as billing
 * or the estimator look at the meters and days it covers.
 *
 * @param lateDays the days before the day of storage that validation had already run for, each with
 *     the meters this batch stored readings of for it; empty for the usual batch of today's readings,
 *     so the event stays small
 */
public record ReadingBatchStored(
        UUID batchId,
        String source,
        int meters,
        int intervalRows,
        int registerRows,
        LocalDate firstDay,
        LocalDate lastDay,
        int conflicts,
        List<LateDay> lateDays) {

    public ReadingBatchStored {
        lateDays = lateDays == null ? List.of() : List.copyOf(lateDays);
    }

    /** A day that was validated before these readings of its meters arrived. */
    public record LateDay(LocalDate day, List<Long> meterIds) {

        public LateDay {
            meterIds = List.copyOf(meterIds);
        }
    }
}
