package io.gridhall.payment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payment orders through online gateways (PAY-3, PAY-8, ADR 0016). Orders are the portal customer's own: every read
 * and write takes the user id and answers nothing of another user's orders or of accounts the user may not pay.
 */
public interface PaymentOrders {

    /**
     * Opens an order at the gateway. The caller runs it under an Idempotency-Key ({@code shared.IdempotentRequests}).
     * An order whose gateway does not answer in time is {@link OrderState#UNKNOWN}; the janitor finds out.
     */
    PaymentOrder create(long userId, NewOrder order);

    Optional<PaymentOrder> order(long userId, String orderNumber);

    /** The user's orders, newest first. */
    List<PaymentOrder> orders(long userId, int limit);

    /** The gateways a customer may choose here (configured, or simulated in the demo). */
    List<Gateway> gateways();

    /**
     * A gateway's asynchronous notification, as received: verified on the raw bytes before anything is parsed, bound
     * to our order, checked against replay, credited once per gateway transaction; answered as the gateway expects.
     *
     * @param headers the request's headers, names in lower case
     */
    Answer notified(Gateway gateway, Map<String, String> headers, byte[] body);

    /** What to tell the gateway, exactly as it expects it. */
    record Answer(int status, String contentType, String body) {}

    /**
     * @param kind {@link PostingKind#PAYMENT} (bills) or {@link PostingKind#TOP_UP} (预存)
     * @param lines one per account, each with its amount and, optionally, the bills it pays
     */
    record NewOrder(Gateway gateway, PostingKind kind, List<Pay.Share> lines) {
        public NewOrder {
            lines = List.copyOf(lines);
        }
    }
}
