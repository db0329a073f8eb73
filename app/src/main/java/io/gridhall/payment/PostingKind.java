package io.gridhall.payment;

/** What a posting records. */
public enum PostingKind {
    /** An issued bill becomes a receivable; credit the account holds settles it at once. */
    BILL,
    /** A reversal bill cancels what is still open of the bill it reverses; what was paid becomes credit. */
    BILL_REVERSAL,
    /** Money received, settling open items oldest first (or the payer's choice); the rest is held as credit. */
    PAYMENT,
    /** Money received for a prepaid account: the same as a payment. */
    TOP_UP,
    /** Credit paid back to the customer. */
    REFUND,
    /** A late-payment penalty (电费违约金) becomes a receivable. */
    PENALTY,
    /** A manual correction by staff, with a reason: a charge or a credit. */
    ADJUSTMENT,
    /** Credit moved from one account to another. */
    TRANSFER,
    /** The exact opposite of an earlier posting. */
    REVERSAL
}
