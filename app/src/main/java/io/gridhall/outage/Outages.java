package io.gridhall.outage;

import io.gridhall.grid.NodeRef;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outage module's facade (OUT-1, OUT-2, OUT-7). Writes need {@code REPAIR_DISPATCH} and are scoped to the
 * actor's branches (ADR 0010): an outage or a node of another branch is absent. Every write is a new version,
 * audited, and once the outage is published, told to the portal users of the affected accounts.
 */
public interface Outages {

    /**
     * What a dispatcher states about an outage.
     *
     * @param nodes substations, lines, transformer areas or meter boxes, all of one branch
     */
    record Details(List<NodeRef> nodes, String cause, OffsetDateTime startsAt, OffsetDateTime expectedRestorationAt) {
        public Details {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }
    }

    /** A planned or temporary outage, as a draft for a second person to approve. */
    OutageView draft(Actor actor, OutageKind kind, Details details);

    /** Changes a draft (or an approved draft, which then needs approval again). */
    OutageView edit(Actor actor, OutageId id, Details details);

    /** Approves a draft; the approver must not be the one who last changed it. */
    OutageView approve(Actor actor, OutageId id);

    /** Publishes an approved outage: matches and keeps the affected accounts and tells them. */
    OutageView publish(Actor actor, OutageId id);

    /** Opens a fault outage, published at once. */
    OutageView openFault(Actor actor, Details details);

    /**
     * Changes a published outage: a moved start ({@link OutageChange#RESCHEDULED}), more nodes
     * ({@link OutageChange#WIDENED}: nodes may be added, not removed) or a later restoration
     * ({@link OutageChange#DELAYED}); the reason is part of the notice.
     */
    OutageView revise(Actor actor, OutageId id, Details details, String reason);

    OutageView cancel(Actor actor, OutageId id, String reason);

    /** Power is back; {@code restoredAt} null means now. */
    OutageView restore(Actor actor, OutageId id, OffsetDateTime restoredAt, String reason);

    /** The outage within the actor's branches. */
    Optional<OutageView> find(Actor actor, OutageId id);

    /** Versions, oldest first. */
    List<OutageVersionView> history(Actor actor, OutageId id);

    /** The outages of a branch, newest start first; statuses empty means all. */
    List<OutageView> board(Actor actor, BranchId branch, Collection<OutageStatus> statuses, int limit);

    /**
     * Outages affecting any of these accounts that are published, or restored or cancelled within the last days,
     * keyed by account id (for the portal and the service desk).
     */
    Map<Long, List<OutageView>> ofAccounts(Collection<Long> supplyAccountIds, int recentDays);

    /**
     * GeoJSON FeatureCollection (RFC 7946, WGS-84) of the places affected by a branch's published outages: one Point
     * per transformer area or meter box, with the outage, its cause, start, expected restoration and accounts.
     */
    Map<String, Object> map(BranchId branch);

    /** Supply accounts kept as affected by an outage, ascending, one page. */
    List<Long> affectedAccounts(Actor actor, OutageId id, int page, int size);
}
