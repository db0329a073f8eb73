package io.gridhall.payment;

import io.gridhall.shared.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * Money received, and postings reversed, in one transaction of the ledger: one event per transaction (a bank's
 * return file is one event), published when the postings are new, never for a replayed key. Listeners are idempotent
 * per posting id (reward points: ADR 0015).
 */
public record PaymentsPosted(List<Received> received, List<Reversed> reversed) {

    public PaymentsPosted {
        received = List.copyOf(received);
        reversed = List.copyOf(reversed);
    }

    /** A payment or a top-up: what each account received. */
    public record Received(
            long postingId, PostingKind kind, PaymentChannel channel, LocalDate businessDate, List<Share> shares) {

        public Received {
            shares = List.copyOf(shares);
        }
    }

    public record Share(long supplyAccountId, Money amount) {}

    /** A reversal posting and the posting it reverses (of any kind). */
    public record Reversed(long postingId, long reverses) {}
}
