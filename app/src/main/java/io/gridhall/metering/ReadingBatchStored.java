package io.gridhall.metering;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A delivery of readings was stored (one event per batch, never per row). Listeners such as billing
 * or the estimator look at the meters and days it covers.
 */
public record ReadingBatchStored(
        UUID batchId,
        String source,
        int meters,
        int intervalRows,
        int registerRows,
        LocalDate firstDay,
        LocalDate lastDay,
        int conflicts) {}
