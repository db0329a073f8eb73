package io.gridhall.payment;

/** How money reached us or left us; each is a book of the utility's in the ledger. */
public enum PaymentChannel {
    /** Cash at a counter (坐收). */
    CASH,
    /** A bank card at a counter's terminal. */
    CARD,
    /** An online payment gateway (WeChat Pay, Alipay, UnionPay, 电e宝), until the gateway settles with us. */
    GATEWAY,
    /** Bank withholding (代扣). */
    BANK,
    /** A recharge voucher (充值券) redeemed. */
    VOUCHER,
    /**
     * A collection agent (代收: a bank's phone or online banking, a post office) through the real-time collection
     * interface (ADR 0020), until the agent settles with us.
     */
    AGENT
}
