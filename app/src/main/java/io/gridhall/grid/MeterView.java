package io.gridhall.grid;

import io.gridhall.identity.BranchId;
import java.time.LocalDate;

/** A meter asset and where it hangs. */
public record MeterView(
        long id,
        BranchId branchId,
        String assetNumber,
        String commAddress,
        FeeControl feeControl,
        int ctRatio,
        int ptRatio,
        Phase phase,
        String manufacturer,
        String model,
        LocalDate installedOn,
        String status,
        long substationId,
        long lineId,
        long areaId,
        long boxId,
        Long supplyAccountId) {

    /** 远程费控: the platform keeps the balance; 本地费控: the meter does; NONE: postpaid. */
    public enum FeeControl {
        REMOTE,
        LOCAL,
        NONE
    }

    public enum Phase {
        SINGLE,
        THREE
    }
}
