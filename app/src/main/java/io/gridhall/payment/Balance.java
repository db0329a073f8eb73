package io.gridhall.payment;

import io.gridhall.shared.Money;

/**
 * An account's balances as cached with its entries.
 *
 * @param receivable what the customer owes (open bills, penalties, charges)
 * @param prepaid what the customer holds with us (预存)
 * @param version the number of the account's entries; moves by exactly one per entry
 */
public record Balance(long supplyAccountId, Money receivable, Money prepaid, long version) {

    public static Balance empty(long supplyAccountId) {
        return new Balance(supplyAccountId, Money.ZERO, Money.ZERO, 0);
    }

    /** Credit minus arrears: negative when the customer owes. */
    public Money net() {
        return prepaid.minus(receivable);
    }
}
