package io.gridhall.outage;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where an outage notice is in its life, with the moves allowed between states. A published outage may change (a
 * new version in the same state) until it is restored or cancelled; those two are final.
 */
public enum OutageStatus {
    DRAFT,
    APPROVED,
    PUBLISHED,
    RESTORED,
    CANCELLED;

    private static final Map<OutageStatus, Set<OutageStatus>> MOVES = Map.of(
            DRAFT, EnumSet.of(DRAFT, APPROVED, CANCELLED),
            // editing an approved draft sends it back for approval
            APPROVED, EnumSet.of(DRAFT, PUBLISHED, CANCELLED),
            PUBLISHED, EnumSet.of(PUBLISHED, RESTORED, CANCELLED),
            RESTORED, EnumSet.noneOf(OutageStatus.class),
            CANCELLED, EnumSet.noneOf(OutageStatus.class));

    public boolean canMoveTo(OutageStatus next) {
        return MOVES.get(this).contains(next);
    }

    public boolean isFinal() {
        return MOVES.get(this).isEmpty();
    }
}
