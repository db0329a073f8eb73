package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.shared.Money;
import java.time.Instant;
import java.util.Map;

/**
 * One online payment gateway behind the same four acts (ADR 0016): open a trade and get what its QR code holds, ask
 * about a trade, close it, and read an asynchronous notification. Each adapter speaks its gateway's own wire shape
 * (signatures, field names, answers) through a {@link GatewayTransport}; the simulators stand in for the far end in
 * the demo and the tests only.
 */
interface GatewayAdapter {

    Gateway gateway();

    /** Our merchant number at the gateway (WeChat Pay mchid, Alipay seller_id, UnionPay merId, 电e宝 mer_no). */
    String merchantId();

    /** Our application id at the gateway (WeChat Pay appid, Alipay app_id, 电e宝 app_id; UnionPay has none: merId). */
    String appId();

    /**
     * Opens a trade; answers what the cashier's QR code holds.
     *
     * @throws GatewayTimeout when the gateway does not answer: the trade may or may not exist there
     */
    String open(Trade trade);

    /** @throws GatewayTimeout when the gateway does not answer */
    TradeStatus query(String orderNumber);

    /**
     * Closes a trade nobody paid, so that nobody can pay it any more.
     *
     * @return false when the gateway refuses because the trade was paid meanwhile
     * @throws GatewayTimeout when the gateway does not answer
     */
    boolean close(String orderNumber);

    /** Whether this adapter refunds through its gateway (a gateway without it: refunds are refused, not paid in cash). */
    default boolean refunds() {
        return false;
    }

    /**
     * Asks the gateway to pay back part or all of a paid trade; the same refund number asked again is the same refund
     * (the gateways keep it idempotent by it).
     *
     * @param total what the trade was paid in all
     * @return SUCCEEDED, PENDING (the gateway took it and settles it later: ask with {@link #queryRefund}), or REFUSED
     *     (with the gateway's reason: more than was paid, a trade too old, ...)
     * @throws GatewayTimeout when the gateway does not answer: the refund may or may not be under way
     */
    default RefundStatus refund(
            String orderNumber, String transactionId, String refundNumber, Money amount, Money total) {
        throw new IllegalStateException(gateway() + " refunds are not built");
    }

    /**
     * Asks how a refund stands (by our refund number; Alipay and UnionPay name a refund within its trade, so the order
     * number comes too).
     *
     * @return NOT_FOUND when the gateway never heard of it (it may then be sent again under the same number)
     * @throws GatewayTimeout when the gateway does not answer
     */
    default RefundStatus queryRefund(String orderNumber, String refundNumber) {
        throw new IllegalStateException(gateway() + " refunds are not built");
    }

    enum RefundState {
        SUCCEEDED,
        PENDING,
        REFUSED,
        NOT_FOUND
    }

    /** What the gateway says of a refund; its own id and the amount when it took it, a reason when it refused it. */
    record RefundStatus(RefundState state, String refundNumber, String gatewayRefundId, Money amount, String reason) {

        static RefundStatus refused(String refundNumber, String reason) {
            return new RefundStatus(RefundState.REFUSED, refundNumber, null, null, reason);
        }
    }

    /**
     * Verifies a notification on its raw bytes (signature, key, time window) before anything of it is read as data,
     * then reads it.
     *
     * @throws NotificationRefused for anything that is not a genuine, fresh notification of this gateway
     */
    Notified read(Map<String, String> headers, byte[] body, Instant now);

    /** The answer that stops the gateway sending this notification again. */
    PaymentOrders.Answer accepted();

    /** The answer to a notification we refuse or cannot take now (the gateway will try again, if genuine). */
    PaymentOrders.Answer refused(String reason);

    /** What we ask the gateway to open: our order number, the amount, a description, when it expires. */
    record Trade(String orderNumber, Money amount, String description, Instant expiresAt) {}

    enum TradeState {
        /** Open, not paid yet. */
        NOT_PAID,
        PAID,
        CLOSED,
        /** The gateway does not know the trade (it was never opened there). */
        NOT_FOUND
    }

    /** What the gateway says of a trade; the ids and amount are set when paid. */
    record TradeStatus(
            TradeState state,
            String merchantId,
            String appId,
            String orderNumber,
            String transactionId,
            Money amount,
            Instant paidAt) {

        static TradeStatus of(TradeState state, String orderNumber) {
            return new TradeStatus(state, null, null, orderNumber, null, null, null);
        }
    }

    /**
     * A verified notification, read.
     *
     * @param replayKey what makes this message unique (WeChat's and 电e宝's nonce, a digest of Alipay's or UnionPay's
     *     signature): seen twice, the second is a replay
     * @param paid whether it says the money was taken (other notifications are acknowledged and otherwise ignored)
     */
    record Notified(
            String replayKey,
            boolean paid,
            String merchantId,
            String appId,
            String orderNumber,
            String transactionId,
            Money amount,
            Instant paidAt) {}
}
