package io.gridhall.grid;

import io.gridhall.identity.BranchId;
import java.util.List;

/**
 * Meters were installed (an import of the meter archive, one event per batch, never per meter). Published in the
 * installing transaction, so a listener that keeps its own projection (the head-end's meter list) commits or rolls
 * back with the grid.
 */
public record MetersInstalled(List<Installed> meters) {

    public MetersInstalled {
        meters = List.copyOf(meters);
    }

    /**
     * @param commAddress the 12-digit DL/T 645 address
     * @param supplyAccountId the account the meter meters, null when the batch ties it to none
     */
    public record Installed(
            long meterId,
            String commAddress,
            BranchId branchId,
            long areaId,
            MeterView.FeeControl feeControl,
            Long supplyAccountId) {}
}
