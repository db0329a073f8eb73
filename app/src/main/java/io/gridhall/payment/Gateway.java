package io.gridhall.payment;

/** An online payment gateway a portal customer pays through (PAY-3); each books to the ledger's GATEWAY book. */
public enum Gateway {
    /** WeChat Pay, APIv3 (Native: the cashier shows a QR code the customer scans). */
    WECHAT,
    /** Alipay, the open platform's RSA2 API (precreate: a QR code). */
    ALIPAY
}
