package io.gridhall.billing;

/** Why a bill exists: the period's bill, the reversal of an issued bill, or the bill that replaces it. */
public enum BillType {
    REGULAR,
    /** Cancels an issued bill: the same lines with the opposite sign. */
    REVERSAL,
    /** Replaces a reversed bill for the same account and period. */
    REBILL
}
