package io.gridhall.outage;

import io.gridhall.identity.BranchId;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An outage notice as it stands (its latest version).
 *
 * @param affectedAccounts supply accounts kept as affected; 0 before publication (see {@link #estimatedAccounts})
 * @param estimatedAccounts accounts below the named nodes now (before publication, a node inside another counts
 *     twice); equal to affectedAccounts once published
 */
public record OutageView(
        OutageId id,
        BranchId branchId,
        OutageKind kind,
        OutageStatus status,
        int version,
        String cause,
        OffsetDateTime startsAt,
        OffsetDateTime expectedRestorationAt,
        OffsetDateTime restoredAt,
        List<OutageNode> nodes,
        long affectedAccounts,
        long estimatedAccounts,
        long draftedBy,
        OffsetDateTime draftedAt,
        Long approvedBy,
        OffsetDateTime publishedAt) {

    public OutageView {
        nodes = List.copyOf(nodes);
    }
}
