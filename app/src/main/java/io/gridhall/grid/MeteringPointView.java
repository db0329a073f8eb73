package io.gridhall.grid;

import java.time.LocalDate;

/**
 * A meter metering an account for a stretch of days ({@link MeterView#supplyAccountId()} is that account).
 *
 * @param validFrom the first day, null: since the meter was installed
 * @param validTo the last day, inclusive; null: still in force
 */
public record MeteringPointView(MeterView meter, LocalDate validFrom, LocalDate validTo) {

    /** Whether the link covers the day. */
    public boolean covers(LocalDate day) {
        return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
    }
}
