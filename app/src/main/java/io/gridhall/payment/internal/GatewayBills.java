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
     * One trade line of a bill: the gateway's transaction id, our order number, the amount (negative for a refund)
     * and when the gateway completed it.
     */
    record BillLine(String transactionId, String orderNumber, Money amount, Instant completedAt) {}
}
