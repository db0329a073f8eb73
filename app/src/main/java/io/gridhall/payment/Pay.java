package io.gridhall.payment;

import io.gridhall.billing.BillId;
import io.gridhall.identity.Actor;
import io.gridhall.shared.Money;
import java.util.List;

/**
 * Money received for one or several accounts in one posting (a counter payment for a family's homes, a group's
 * order).
 *
 * @param idempotencyKey posted once per key; a repeat answers the first posting
 * @param reference a receipt number or a gateway's trade number, or null
 * @param receivedBy the clerk, or null when the money came by itself (gateway, bank)
 */
public record Pay(
        String idempotencyKey,
        PostingKind kind,
        PaymentChannel channel,
        List<Share> shares,
        String reference,
        Actor receivedBy) {

    public Pay {
        if (kind != PostingKind.PAYMENT && kind != PostingKind.TOP_UP)
            throw new IllegalArgumentException("a payment or a top-up, not " + kind);
        shares = List.copyOf(shares);
        if (shares.isEmpty()) throw new IllegalArgumentException("a payment for no account");
        shares.forEach(s -> {
            if (s.amount().fen() <= 0) throw new IllegalArgumentException("a payment of " + s.amount());
        });
    }

    public Money total() {
        return shares.stream().map(Share::amount).reduce(Money.ZERO, Money::plus);
    }

    /**
     * One account's part.
     *
     * @param bills the bills the payer chose, settled oldest first; empty: the account's oldest open items
     * @param chosenEarlier the bills were chosen before the money arrived (a gateway order paid later): one settled or
     *     cancelled meanwhile is left out and its part goes to the oldest open items, where a payment made now is
     *     refused (409 {@code bill-settled})
     */
    public record Share(long supplyAccountId, Money amount, List<BillId> bills, boolean chosenEarlier) {

        public Share {
            bills = List.copyOf(bills);
        }

        public Share(long supplyAccountId, Money amount, List<BillId> bills) {
            this(supplyAccountId, amount, bills, false);
        }

        public Share(long supplyAccountId, Money amount) {
            this(supplyAccountId, amount, List.of());
        }
    }
}
