package io.gridhall.outage;

import java.time.OffsetDateTime;
import java.util.List;

/** One version of an outage: what changed, why, by whom, and the whole state after it (OUT-7). */
public record OutageVersionView(
        int version,
        OutageChange change,
        String reason,
        OutageStatus status,
        String cause,
        OffsetDateTime startsAt,
        OffsetDateTime expectedRestorationAt,
        OffsetDateTime restoredAt,
        List<OutageNode> nodes,
        long affectedAccounts,
        long notifiedUsers,
        long changedBy,
        OffsetDateTime changedAt) {

    public OutageVersionView {
        nodes = List.copyOf(nodes);
    }
}
