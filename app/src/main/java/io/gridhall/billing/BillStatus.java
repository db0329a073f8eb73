package io.gridhall.billing;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a bill stands. A run creates bills {@code PENDING_AUDIT}; the automatic audit passes them ({@code
 * AUDIT_PASSED}) or holds them for a clerk ({@code HELD}); releasing issues them ({@code ISSUED}: number, issue and
 * due date fixed, visible to the customer, published in {@link BillsIssued}). An issued bill that a reversal
 * cancelled is {@code REVERSED}; a held bill a clerk recalculated is {@code SUPERSEDED} by its replacement.
 * Amounts and lines never change in any state.
 *
 * <p>The moves allowed are {@link #next()}; the database refuses any other (table {@code
 * billing.bill_status_transition}, the same pairs).
 */
public enum BillStatus {
    PENDING_AUDIT,
    AUDIT_PASSED,
    HELD,
    SUPERSEDED,
    ISSUED,
    REVERSED;

    /** The states a bill in this state may move to. */
    public Set<BillStatus> next() {
        return switch (this) {
            case PENDING_AUDIT -> EnumSet.of(AUDIT_PASSED, HELD);
            case AUDIT_PASSED -> EnumSet.of(HELD, ISSUED);
            case HELD -> EnumSet.of(AUDIT_PASSED, SUPERSEDED);
            case ISSUED -> EnumSet.of(REVERSED);
            case SUPERSEDED, REVERSED -> EnumSet.noneOf(BillStatus.class);
        };
    }

    public boolean canMoveTo(BillStatus to) {
        return next().contains(to);
    }

    /** Whether the customer sees the bill (it was issued; a reversed bill stays visible next to its reversal). */
    public boolean issued() {
        return this == ISSUED || this == REVERSED;
    }
}
