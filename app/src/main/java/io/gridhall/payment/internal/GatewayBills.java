package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One gateway's daily trade bill (对账单), as the morning reconciliation reads it: fetched through the gateway's own
 * download API and read from the gateway's own file shape into lines the reconciliation matches against our payment
 * orders and the ledger. One implementation per gateway adapter.
 */
interface GatewayBills {

    Gateway gateway();

    /**
     * Fetches the bill file of one day (Beijing time) through the gateway's download API, verifying what the gateway
     * signs.
     *
     * @throws GatewayTimeout when the gateway does not answer
     */
    byte[] download(LocalDate day);

    /**
     * Reads a bill file in this gateway's shape.
     *
     * @throws IllegalArgumentException when the file is not a bill of this gateway (truncated, wrong columns, totals
     *     that do not add up)
     */
    List<BillLine> read(byte[] file);

    /**
     * One trade line of a bill: the gateway's transaction id, our order number, the amount and when the gateway
     * completed it. A refund line carries our refund number and a negative amount; its transaction id is the refunded
     * payment's, its order number the one the bill names for it (the payment's order; at UnionPay the 退货's own
     * orderId, which is our refund number).
     */
    record BillLine(String transactionId, String orderNumber, Money amount, Instant completedAt, String refundNumber) {

        /** A payment line. */
        BillLine(String transactionId, String orderNumber, Money amount, Instant completedAt) {
            this(transactionId, orderNumber, amount, completedAt, null);
        }

        /** A refund line: our refund number, the refunded payment's transaction id, the amount paid back. */
        static BillLine refund(
                String refundNumber, String transactionId, String orderNumber, Money refunded, Instant completedAt) {
            if (refunded.fen() <= 0) throw new IllegalArgumentException("a refund of no money");
            return new BillLine(transactionId, orderNumber, refunded.negate(), completedAt, refundNumber);
        }

        boolean isRefund() {
            return refundNumber != null;
        }
    }
}
