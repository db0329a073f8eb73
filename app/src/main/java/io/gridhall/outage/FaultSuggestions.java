package io.gridhall.outage;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Fault outages suggested from the meters' supply signals (issue 11 section 2, ADR 0013): REPAIR_DISPATCH, scoped to
 * the actor's branches (a suggestion of another branch is 404). Every decision is audited.
 */
public interface FaultSuggestions {

    /** Open suggestions of a branch (to confirm, confirmed, restoration to confirm), newest first. */
    List<FaultSuggestionView> board(Actor actor, BranchId branch);

    /**
     * Opens a fault outage on the suggested node through the outage notice path (affected accounts kept and told).
     *
     * @param cause null: a cause saying the meters found it
     * @param expectedRestorationAt null: four hours from now
     */
    FaultSuggestionView confirm(Actor actor, long id, String cause, OffsetDateTime expectedRestorationAt);

    /** Not an outage (a concentrator's own fault, a communication loss): with a reason, audited. */
    FaultSuggestionView dismiss(Actor actor, long id, String reason);

    /** The meters answer again: restores the fault outage (customers told) at the moment the last one came back. */
    FaultSuggestionView confirmRestoration(Actor actor, long id);
}
