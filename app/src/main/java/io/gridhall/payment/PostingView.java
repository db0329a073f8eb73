package io.gridhall.payment;

import io.gridhall.billing.BillId;
import io.gridhall.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A posting with its entries: a receipt's data, a statement's detail. */
public record PostingView(
        long postingId,
        PostingKind kind,
        PaymentChannel channel,
        Instant postedAt,
        LocalDate businessDate,
        String reference,
        String reason,
        String postedByName,
        Long reverses,
        List<EntryView> entries) {

    public PostingView {
        entries = List.copyOf(entries);
    }

    /**
     * One entry; {@code bill}, {@code billNumber} and the bill's period are set when it settles or raises a bill.
     */
    public record EntryView(
            Book book,
            Long supplyAccountId,
            Long accountVersion,
            Long itemId,
            BillId bill,
            String billNumber,
            Money amount,
            LocalDate periodFrom,
            LocalDate periodTo) {}
}
