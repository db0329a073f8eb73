package io.gridhall.outage;

import io.gridhall.identity.BranchId;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A fault outage the meters suggest (issue 11 section 2): the node that explains the losses, how many of its watched
 * meters lost supply, and what became of it.
 *
 * @param nodeType {@code LINE} or {@code AREA}
 * @param metersLost meters below the node without supply now
 * @param peakLost the most at any time
 * @param areasHit transformer areas with losses when it was last explained
 * @param accounts supply accounts below the node
 * @param backAt when the last of its meters answered again (a restoration to confirm)
 */
public record FaultSuggestionView(
        long id,
        BranchId branchId,
        String nodeType,
        long nodeId,
        String nodeCode,
        String nodeName,
        BigDecimal lat,
        BigDecimal lon,
        SuggestionStatus status,
        OffsetDateTime firstLostAt,
        int metersWatched,
        int metersLost,
        int peakLost,
        int areasHit,
        long accounts,
        OffsetDateTime suggestedAt,
        OffsetDateTime updatedAt,
        OffsetDateTime backAt,
        Long outageId,
        Long mergedInto,
        String reason) {}
