package io.gridhall.metering;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The metering facade for readings: storing deliveries, enrolling meters, reading stored values. */
public interface MeterReadings {

    /** Stores a delivery all or nothing and publishes one {@link ReadingBatchStored}. */
    StoredBatch store(ReadingDelivery delivery);

    /** Adds or updates the meters metering reads (idempotent). */
    void enrol(List<MeterEnrolment> meters);

    List<RegisterRead> registers(long meterId, LocalDate from, LocalDate to);

    Optional<IntervalDay> intervals(long meterId, Channel channel, LocalDate day);
}
