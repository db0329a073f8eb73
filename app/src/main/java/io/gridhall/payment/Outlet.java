package io.gridhall.payment;

import io.gridhall.identity.BranchId;

/**
 * A place to pay in person (PAY-6): a business hall, a bank branch, an agent or a self-service terminal.
 *
 * @param version moves by one with every change; an update names the version it changes
 */
public record Outlet(
        long id,
        BranchId branchId,
        OutletKind kind,
        String name,
        String address,
        String phone,
        Position position,
        OpeningHours hours,
        boolean active,
        int version) {

    /** What staff enter for an outlet. */
    public record Details(
            OutletKind kind,
            String name,
            String address,
            String phone,
            Position position,
            OpeningHours hours,
            boolean active) {}

    /** An outlet with its distance from where the customer stands, in whole metres. */
    public record Nearby(Outlet outlet, long metres) {}
}
