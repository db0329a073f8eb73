package io.gridhall.payment;

/** An online payment gateway a portal customer pays through (PAY-3); each books to the ledger's GATEWAY book. */
public enum Gateway {
    /** WeChat Pay, APIv3 (Native: the cashier shows a QR code the customer scans). */
    WECHAT,
    /** Alipay, the open platform's RSA2 API (precreate: a QR code). */
    ALIPAY,
    /** UnionPay 全民付: China UnionPay's 全渠道 gateway, 5.1.0 (a QR code scanned with a bank app or QuickPass). */
    UNIONPAY,
    /** 电e宝, State Grid's own payment service (RSA2-signed JSON, a QR code; the wire shape is ours until specified). */
    EPAY
}
