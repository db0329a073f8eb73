package io.gridhall.billing.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A billing run and its progress.
 *
 * @param status QUEUED, RUNNING, COMPLETED or FAILED
 * @param accounts accounts to bill, null until the run is planned
 * @param pendingAudit bills made and not yet audited (0: the audit runs in the chunk's transaction)
 * @param skipped accounts that got no bill (no meter, no reads, no tariff, not active)
 * @param billsPerSecond bills made per second of running so far, null before the first chunk
 * @param secondsLeft estimated from the pace so far, null when unknown
 */
public record BillingRunView(
        long id,
        long branchId,
        LocalDate periodFrom,
        LocalDate periodTo,
        String status,
        String requestedBy,
        Instant requestedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant releasedAt,
        Integer accounts,
        int chunks,
        int chunksDone,
        int bills,
        int pendingAudit,
        int auditPassed,
        int held,
        int issued,
        int skipped,
        BigDecimal billsPerSecond,
        Long secondsLeft,
        String lastError) {}
