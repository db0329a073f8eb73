package io.gridhall.payment;

import io.gridhall.shared.Money;
import java.time.Instant;
import java.util.List;

/** An account's statement: balances, open items oldest first, and the latest movements newest first. */
public record Statement(Balance balance, List<OpenItem> openItems, List<Line> lines) {

    public Statement {
        openItems = List.copyOf(openItems);
        lines = List.copyOf(lines);
    }

    /**
     * One entry on the account's books, with its posting.
     *
     * @param amount debit positive: a bill is positive on RECEIVABLE, a payment negative
     * @param gateway the gateway a payment came through (or a refund went back through); null for other channels
     * @param balanceAfter the account's net balance (prepaid minus receivable) after the entry
     */
    public record Line(
            long postingId,
            long accountVersion,
            PostingKind kind,
            PaymentChannel channel,
            Gateway gateway,
            Instant postedAt,
            Book book,
            String billNumber,
            String reference,
            String reason,
            String postedBy,
            Money amount,
            Money balanceAfter) {}
}
