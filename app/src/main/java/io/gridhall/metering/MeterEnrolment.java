package io.gridhall.metering;

/**
 * A meter the head-end and the analyses know: its id in the grid, 12-digit communication address,
 * branch and transformer area, customer class (for comparisons) and fee control (NONE, REMOTE,
 * LOCAL), and the concentrator or DTU it sits behind when the archive says so (null: the head-end finds
 * out). Fed from the grid's meter records.
 */
public record MeterEnrolment(
        long meterId,
        String address,
        Long branchId,
        Long areaId,
        String customerClass,
        String feeControl,
        String concentratorId) {

    public MeterEnrolment(
            long meterId, String address, Long branchId, Long areaId, String customerClass, String feeControl) {
        this(meterId, address, branchId, areaId, customerClass, feeControl, null);
    }

    public MeterEnrolment {
        if (address == null || !address.matches("\\d{12}")) {
            throw new IllegalArgumentException("a communication address has 12 digits");
        }
        if (feeControl == null) feeControl = "NONE";
    }
}
