package io.gridhall.outage;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a repair job is (OUT-4, OUT-5), with the moves allowed between states: the same table as
 * {@code outage.repair_status_transition}, which a trigger enforces in the database. Reports matched to a known
 * outage make no job, so no crew is sent twice.
 */
public enum RepairStatus {
    /** Reported, waiting for a crew. */
    OPEN,
    DISPATCHED,
    ACCEPTED,
    DEPARTED,
    ARRIVED,
    REPAIRED,
    /** Handed to a third-party team: the fault is on the customer's own equipment. */
    REFERRED,
    CANCELLED;

    private static final Map<RepairStatus, Set<RepairStatus>> MOVES = Map.of(
            OPEN, EnumSet.of(DISPATCHED, REFERRED, CANCELLED),
            DISPATCHED, EnumSet.of(ACCEPTED, OPEN, CANCELLED),
            ACCEPTED, EnumSet.of(DEPARTED, CANCELLED),
            DEPARTED, EnumSet.of(ARRIVED),
            ARRIVED, EnumSet.of(REPAIRED, REFERRED),
            REPAIRED, EnumSet.noneOf(RepairStatus.class),
            REFERRED, EnumSet.noneOf(RepairStatus.class),
            CANCELLED, EnumSet.noneOf(RepairStatus.class));

    public boolean canMoveTo(RepairStatus next) {
        return MOVES.get(this).contains(next);
    }

    public boolean isFinal() {
        return MOVES.get(this).isEmpty();
    }

    /** A crew is on the job (and on no other). */
    public boolean holdsCrew() {
        return this == DISPATCHED || this == ACCEPTED || this == DEPARTED || this == ARRIVED;
    }

    /** The steps a crew records on its phone, in order. */
    public boolean crewStep() {
        return this == ACCEPTED || this == DEPARTED || this == ARRIVED || this == REPAIRED || this == REFERRED;
    }

    /** Every move of the table, for the test that compares it with the database's. */
    public static Map<RepairStatus, Set<RepairStatus>> moves() {
        return MOVES;
    }
}
