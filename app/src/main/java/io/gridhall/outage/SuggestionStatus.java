package io.gridhall.outage;

import java.util.Map;
import java.util.Set;

/**
 * Where a fault suggestion from the meters stands (issue 11 section 2). SUGGESTED: for a dispatcher to confirm or
 * dismiss; LAPSED: the meters answered again before anyone did; MERGED: its area went into a line's suggestion;
 * CONFIRMED: a fault outage was opened from it; RESTORATION_SUGGESTED: its meters answer again, for a dispatcher to
 * confirm the restoration; RESTORED: confirmed.
 */
public enum SuggestionStatus {
    SUGGESTED,
    CONFIRMED,
    DISMISSED,
    LAPSED,
    MERGED,
    RESTORATION_SUGGESTED,
    RESTORED;

    private static final Map<SuggestionStatus, Set<SuggestionStatus>> MOVES = Map.of(
            SUGGESTED, Set.of(CONFIRMED, DISMISSED, LAPSED, MERGED),
            CONFIRMED, Set.of(RESTORATION_SUGGESTED),
            RESTORATION_SUGGESTED, Set.of(CONFIRMED, RESTORED),
            DISMISSED, Set.of(),
            LAPSED, Set.of(),
            MERGED, Set.of(),
            RESTORED, Set.of());

    public boolean canMoveTo(SuggestionStatus next) {
        return MOVES.get(this).contains(next);
    }

    /** Still on the board: something for a dispatcher to do or watch. */
    public boolean open() {
        return this == SUGGESTED || this == CONFIRMED || this == RESTORATION_SUGGESTED;
    }
}
