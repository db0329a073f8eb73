package io.gridhall.payment;

import java.time.Instant;
import java.util.List;

/**
 * Bills that were settled in full and are open again because money that settled them was taken back: a payment (or a
 * transfer, a credit adjustment) reversed, or part of a payment refunded (ADR 0021). One event per ledger transaction
 * that reopens any, published inside it, never for a replayed key; rare, so it goes through the event publication
 * registry and listeners run after the commit, idempotent per posting and bill. A partial refund that only takes
 * credit back leaves every bill paid and publishes nothing.
 *
 * @param postedAt when the ledger posted them
 */
public record PaidBillsReopened(List<Reopened> bills, Instant postedAt) {

    public PaidBillsReopened {
        bills = List.copyOf(bills);
    }

    /**
     * A bill open again.
     *
     * @param postingId the posting that took the money back
     * @param kind {@code REVERSAL} (a posting reversed whole) or {@code REFUND} (part of a payment paid back)
     * @param reverses the posting a {@code REVERSAL} reverses (none on a partial refund)
     * @param reference the refund's number at its channel, when it has one
     */
    public record Reopened(
            long postingId, PostingKind kind, Long reverses, String reference, long supplyAccountId, long billId) {}
}
