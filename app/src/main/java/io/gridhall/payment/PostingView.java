package io.gridhall.payment;

import io.gridhall.billing.BillId;
import io.gridhall.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A posting with its entries: a receipt's data, a statement's detail.
 *
 * @param gateway the gateway a payment came through, or a refund went back through; null for other channels (kept by
 *     the payment's and the refund's own rows, {@code gateway_payment} and {@code gateway_refund}, not the posting)
 */
public record PostingView(
        long postingId,
        PostingKind kind,
        PaymentChannel channel,
        Gateway gateway,
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
