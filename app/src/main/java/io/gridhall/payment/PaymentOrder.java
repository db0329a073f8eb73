package io.gridhall.payment;

import io.gridhall.billing.BillId;
import io.gridhall.shared.Money;
import java.time.Instant;
import java.util.List;

/**
 * A portal customer's payment order through a gateway, with one line per supply account (PAY-8).
 *
 * @param codeUrl what the cashier's QR code holds (the gateway's code_url / qr_code), null until the gateway answered
 * @param transactionId the gateway's trade number once paid
 */
public record PaymentOrder(
        long orderId,
        String orderNumber,
        long userId,
        PostingKind kind,
        Gateway gateway,
        Money amount,
        OrderState state,
        Instant createdAt,
        Instant expiresAt,
        Instant paidAt,
        Instant closedAt,
        String codeUrl,
        String transactionId,
        Long postingId,
        List<Line> lines) {

    public PaymentOrder {
        lines = List.copyOf(lines);
    }

    /**
     * One account's part of the order.
     *
     * @param settled once paid: what the money settled of this account (bill numbers and amounts)
     * @param credit once paid: what was held as credit (预存)
     */
    public record Line(long supplyAccountId, Money amount, List<BillId> bills, List<Settled> settled, Money credit) {
        public Line {
            bills = List.copyOf(bills);
            settled = List.copyOf(settled);
        }
    }

    public record Settled(BillId bill, String billNumber, Money amount) {}
}
