package io.gridhall.metering;

import java.time.Instant;
import java.util.List;

/**
 * Meters that had lost supply answer again (one event per check): with the start and end of the loss from their own
 * power-off event record where they keep one, else the moments the head-end noticed.
 */
public record MeterPowerRestored(List<Meter> meters) {

    public MeterPowerRestored {
        meters = List.copyOf(meters);
    }

    public record Meter(
            long meterId, Long branchId, Long areaId, Instant lostAt, Instant restoredAt, SupplySignalSource source) {}
}
