package io.gridhall.metering;

import java.time.Instant;
import java.util.List;

/**
 * Meters lost supply, as the head-end sees it (one event per check, never per meter): they stopped answering on a
 * live link, or their concentrator went silent.
 */
public record MeterPowerLost(List<Meter> meters) {

    public MeterPowerLost {
        meters = List.copyOf(meters);
    }

    /** @param areaId the transformer area metering's projection puts the meter in; null when unknown */
    public record Meter(long meterId, Long branchId, Long areaId, Instant lostAt, SupplySignalSource source) {}
}
