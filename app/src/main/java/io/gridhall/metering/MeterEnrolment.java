package io.gridhall.metering;

/**
 * A meter the head-end and the analyses know: its id in the grid, 12-digit communication address,
 * branch and transformer area, customer class (for comparisons) and fee control (NONE, REMOTE,
 * LOCAL). Fed from the grid's meter records.
 */
public record MeterEnrolment(
        long meterId, String address, Long branchId, Long areaId, String customerClass, String feeControl) {

    public MeterEnrolment {
        if (address == null || !address.matches("\\d{12}")) {
            throw new IllegalArgumentException("a communication address has 12 digits");
        }
        if (feeControl == null) feeControl = "NONE";
    }
}
