package io.gridhall.payment.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.payment.*}: payment orders, the gateways' merchant settings and keys, the janitor, and (demo and
 * tests only) the simulators. A gateway is offered when all of its settings are present; without them the demo and
 * the tests simulate it, production does not offer it.
 *
 * @param orderTtl how long a customer has to pay an order before the janitor closes it
 * @param notificationWindow how far a notification's signed time may lie from ours (replays older than this are
 *     refused outright; younger ones by their nonce)
 * @param timeout how long to wait for a gateway's answer before the order is UNKNOWN
 */
@ConfigurationProperties("gridhall.payment")
record GatewaySettings(
        @DefaultValue("15m") Duration orderTtl,
        @DefaultValue("5m") Duration notificationWindow,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue WeChat wechat,
        @DefaultValue Alipay alipay,
        @DefaultValue UnionPay unionpay,
        @DefaultValue Epay epay,
        @DefaultValue Janitor janitor,
        @DefaultValue Simulator simulator) {

    /**
     * WeChat Pay APIv3 merchant settings.
     *
     * @param merchantPrivateKey the merchant API certificate's private key (PKCS#8 PEM)
     * @param platformPublicKey WeChat Pay's platform public key (X.509 PEM), which signs answers and notifications
     * @param apiV3Key the 32-character APIv3 key that encrypts notification resources
     */
    record WeChat(
            String mchId,
            String appId,
            String merchantSerial,
            String merchantPrivateKey,
            String platformSerial,
            String platformPublicKey,
            String apiV3Key,
            @DefaultValue("https://api.mch.weixin.qq.com") String baseUrl,
            String notifyUrl) {

        boolean configured() {
            return present(mchId)
                    && present(appId)
                    && present(merchantSerial)
                    && present(merchantPrivateKey)
                    && present(platformSerial)
                    && present(platformPublicKey)
                    && present(apiV3Key)
                    && present(notifyUrl);
        }
    }

    /**
     * Alipay open platform settings (RSA2).
     *
     * @param sellerId the merchant's partner id (2088...)
     * @param appPrivateKey the application's private key (PKCS#8 PEM)
     * @param alipayPublicKey Alipay's public key (X.509 PEM), which signs answers and notifications
     */
    record Alipay(
            String appId,
            String sellerId,
            String appPrivateKey,
            String alipayPublicKey,

            @DefaultValue("https://openapi.alipay.com/gateway.do")
            String gatewayUrl,

            String notifyUrl) {

        boolean configured() {
            return present(appId)
                    && present(sellerId)
                    && present(appPrivateKey)
                    && present(alipayPublicKey)
                    && present(notifyUrl);
        }
    }

    /**
     * UnionPay 全渠道 (5.1.0) merchant settings for 全民付 QR payments.
     *
     * @param merId the merchant number (商户代码)
     * @param certId the serial number of our signing certificate (as UnionPay knows it)
     * @param merchantPrivateKey our signing certificate's private key (PKCS#8 PEM)
     * @param unionpayPublicKey UnionPay's signing public key (X.509 PEM, taken from its verified signing
     *     certificate), which signs answers and notifications
     * @param backUrl our public notification address
     */
    record UnionPay(
            String merId,
            String certId,
            String merchantPrivateKey,
            String unionpayPublicKey,
            @DefaultValue("https://gateway.95516.com") String gatewayUrl,
            @DefaultValue("https://filedownload.95516.com") String fileUrl,
            String backUrl) {

        boolean configured() {
            return present(merId)
                    && present(certId)
                    && present(merchantPrivateKey)
                    && present(unionpayPublicKey)
                    && present(backUrl);
        }
    }

    /**
     * 电e宝 merchant settings (RSA2; the wire shape is our assumption until a utility has the interface specification,
     * ADR 0016), with no default address.
     *
     * @param merNo the merchant number
     * @param appPrivateKey our application's private key (PKCS#8 PEM)
     * @param epayPublicKey 电e宝's public key (X.509 PEM), which signs answers and notifications
     */
    record Epay(
            String merNo, String appId, String appPrivateKey, String epayPublicKey, String baseUrl, String notifyUrl) {

        boolean configured() {
            return present(merNo)
                    && present(appId)
                    && present(appPrivateKey)
                    && present(epayPublicKey)
                    && present(baseUrl)
                    && present(notifyUrl);
        }
    }

    /**
     * @param enabled whether this node runs the janitor (every node may: orders are claimed with SKIP LOCKED)
     * @param firstQuery when the janitor first asks about an order nobody heard of
     * @param maxQueryInterval the back-off doubles up to this
     * @param lease how long a claimed order is left to the node that claimed it
     */
    record Janitor(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10s") Duration pollInterval,
            @DefaultValue("100") int batchSize,
            @DefaultValue("30s") Duration firstQuery,
            @DefaultValue("1h") Duration maxQueryInterval,
            @DefaultValue("2m") Duration lease) {}

    /**
     * The simulated gateways (demo and tests only).
     *
     * @param speedUp how many times faster than the real gateways the simulators' clocks run for notification
     *     schedules (25 hours of retries take 90 s at 1000)
     * @param queryTimeoutPercent share of queries and closes the simulators leave unanswered
     * @param duplicatePercent share of notifications the simulators send twice more, at once and later
     * @param sendNotifications whether a paid trade is notified at all (the tests send their own)
     * @param seed repeatable dice
     */
    record Simulator(
            @DefaultValue("1") int speedUp,
            @DefaultValue("10") int queryTimeoutPercent,
            @DefaultValue("20") int duplicatePercent,
            @DefaultValue("true") boolean sendNotifications,
            Long seed) {}

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
