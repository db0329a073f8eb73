package io.gridhall.payment;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The outlet finder (PAY-6): where to pay in person, nearest first. Distances are great-circle metres from
 * PostgreSQL's {@code earthdistance}, found through a GiST index on the outlets' positions.
 */
public interface Outlets {

    /** The widest search: 200 km around the customer. */
    int MAX_RADIUS_METRES = 200_000;

    int MAX_RESULTS = 100;

    /** Active outlets within the radius, nearest first (then by id), of one kind or of all when kind is null. */
    List<Outlet.Nearby> nearest(Position from, OutletKind kind, int radiusMetres, int limit);

    /**
     * Where a customer without a position is taken to be: the centre of the active outlets of the branch (the area
     * of their account's address), or empty when the branch has none.
     */
    Optional<Position> centreOf(BranchId branch);

    /** The branches' outlets (every branch's when null), active or not, for staff, by kind and name. */
    List<Outlet> ofBranches(Collection<Long> branchIds);

    Optional<Outlet> outlet(long id);

    /** A new outlet in a branch the actor sees (PAYMENT_COLLECT), audited. */
    Outlet open(BranchId branch, Outlet.Details details, Actor actor);

    /**
     * Changes an outlet of a branch the actor sees (PAYMENT_COLLECT), audited; 409 {@code outlet-changed} when it is
     * no longer at the version the change was made to.
     */
    Outlet change(long id, int version, Outlet.Details details, Actor actor);

    /** Loads generated outlets with no actor (the demo), in one statement. */
    int load(List<Outlet> outlets);
}
