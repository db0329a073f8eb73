package io.gridhall.payment;

/**
 * The books of the ledger. {@code RECEIVABLE} and {@code PREPAID} belong to one supply account; the others are the
 * utility's. An entry's amount is in fen, debit positive, credit negative.
 */
public enum Book {
    /** What the customer owes, item by item (bills, penalties, charges): a debit raises it. */
    RECEIVABLE,
    /** Money the customer holds with us (预存): a credit raises it. */
    PREPAID,
    CASH,
    CARD,
    GATEWAY,
    BANK,
    REVENUE,
    PENALTY_INCOME,
    ADJUSTMENT,
    /** Recharge vouchers (充值券) out: what the utility owes their holders until they are redeemed. */
    VOUCHER,
    /** What collection agents (代收) took for us and owe us until they settle. */
    AGENT;

    public boolean ofAccount() {
        return this == RECEIVABLE || this == PREPAID;
    }

    public static Book of(PaymentChannel channel) {
        return valueOf(channel.name());
    }
}
