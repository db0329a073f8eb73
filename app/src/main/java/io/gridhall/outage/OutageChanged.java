package io.gridhall.outage;

import io.gridhall.identity.BranchId;

/** A new version of an outage was recorded (one event per version, not per affected account). */
public record OutageChanged(
        OutageId outage,
        BranchId branchId,
        int version,
        OutageChange change,
        OutageStatus status,
        long affectedAccounts) {}
