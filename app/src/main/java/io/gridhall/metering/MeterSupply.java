package io.gridhall.metering;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Supply as the head-end sees it (issue 11): which meters lost supply and when it came back. Losses and returns are
 * published as {@link MeterPowerLost} and {@link MeterPowerRestored}.
 */
public interface MeterSupply {

    /**
     * Meters the head-end watches per transformer area: active meters behind a concentrator it has seen connected.
     * Areas without any are absent.
     */
    Map<Long, Long> watchedMetersOfAreas(Collection<Long> areaIds);

    /** The watched meters of these areas themselves (as counted by {@link #watchedMetersOfAreas}), by id. */
    List<Long> watchedMeters(Collection<Long> areaIds);

    /** The meter's supply: lost since, or back since; empty when it has not lost supply since the watch began. */
    Optional<State> state(long meterId);

    /** @param restoredAt null while supply is lost */
    record State(long meterId, boolean supplied, Instant lostAt, Instant restoredAt, SupplySignalSource source) {}
}
