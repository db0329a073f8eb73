package io.gridhall.metering;

import io.gridhall.identity.Actor;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The metering facade for readings: storing deliveries, enrolling meters, reading stored values. */
public interface MeterReadings {

    /** Stores a delivery all or nothing and publishes one {@link ReadingBatchStored}. */
    StoredBatch store(ReadingDelivery delivery);

    /**
     * Stores a delivery a member of staff sent (JSON API or file import) like {@link #store(ReadingDelivery)}; the
     * batch records who imported it and the import is audited as {@code metering.readings.import} in the same
     * transaction. A replay stores, records and audits nothing new. Every meter must lie in the branches the member
     * of staff sees ({@code Actor.branchScope()}); otherwise nothing is stored and the answer is 404 {@code meter},
     * the same as for a meter that does not exist.
     *
     * @param fileName the uploaded file's name, or null
     * @param rejectedRows rows left out because they were bad (mode valid-rows)
     */
    StoredBatch store(ReadingDelivery delivery, Actor importedBy, String fileName, int rejectedRows);

    /**
     * Adds or updates the meters metering reads (idempotent). The grid's {@code MetersInstalled} enrols every meter
     * it installs; this is for meters from elsewhere (a collection system's archive).
     */
    void enrol(List<MeterEnrolment> meters);

    /**
     * Where the concentrator archive (集中器档案) puts meters: communication address -> concentrator or DTU id. The
     * head-end asks a meter only on its concentrator; addresses of meters not enrolled are ignored.
     */
    void route(Map<String, String> concentratorOfMeter);

    List<RegisterRead> registers(long meterId, LocalDate from, LocalDate to);

    Optional<IntervalDay> intervals(long meterId, Channel channel, LocalDate day);
}
