package io.gridhall.billing;

/**
 * Where a bill stands. A run creates bills {@code PENDING_AUDIT}; the automatic audit passes them ({@code
 * AUDIT_PASSED}) or holds them for a clerk ({@code HELD}); releasing issues them ({@code ISSUED}: number, issue and
 * due date fixed, visible to the customer, published in {@link BillsIssued}). An issued bill that a reversal
 * cancelled is {@code REVERSED}; a held bill a clerk recalculated is {@code SUPERSEDED} by its replacement.
 * Amounts and lines never change in any state.
 */
public enum BillStatus {
    PENDING_AUDIT,
    AUDIT_PASSED,
    HELD,
    SUPERSEDED,
    ISSUED,
    REVERSED
}
