package io.gridhall.metering;

import io.gridhall.identity.Actor;
import java.time.LocalDate;
import java.util.Collection;
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

    /**
     * Register reads of many meters in one query (a billing run's chunk): for each wanted meter and day the read of
     * that day; when there is none, the nearest earlier one up to {@code daysBefore} days back, else the nearest later
     * one up to {@code daysAfter} days on (each read says its own day and quality). Wanted pairs with no read in reach
     * are absent.
     */
    Map<MeterDay, RegisterRead> registersNear(Collection<MeterDay> wanted, int daysBefore, int daysAfter);

    /**
     * Each meter's highest 15-minute demand over {@code from..to} from its forward active intervals, in kW before the
     * multiplier (a slot's energy times four); meters without intervals in the days are absent.
     */
    Map<Long, java.math.BigDecimal> maxDemandKw(Collection<Long> meterIds, LocalDate from, LocalDate to);

    Optional<IntervalDay> intervals(long meterId, Channel channel, LocalDate day);

    /**
     * The stored interval days of many meters over {@code from..to} in one query (a billing run's chunk rating time
     * of use by a schedule), by meter, in day order; days not stored are absent, MISSING slots are marked as stored.
     */
    Map<Long, List<IntervalDay>> intervals(Collection<Long> meterIds, Channel channel, LocalDate from, LocalDate to);
}
