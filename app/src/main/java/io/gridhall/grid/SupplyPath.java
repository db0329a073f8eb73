package io.gridhall.grid;

import io.gridhall.identity.BranchId;

/** How a supply account is fed: branch, substation, line, transformer area, meter box and meter (INFO-1). */
public record SupplyPath(
        long supplyAccountId,
        BranchId branchId,
        Node branch,
        Node substation,
        Node line,
        Node area,
        Node box,
        MeterView meter) {

    /** One level of the path as shown to a customer or clerk: number, name and status. */
    public record Node(long id, String code, String name, String status) {}
}
