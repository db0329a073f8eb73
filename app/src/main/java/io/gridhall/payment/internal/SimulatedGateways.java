package io.gridhall.payment.internal;

import io.gridhall.payment.PaymentOrders;
import io.gridhall.shared.Simulated;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * WeChat Pay, Alipay, UnionPay and 电e宝 simulated (demo and tests only, {@link Simulated}), each where the gateway is not configured:
 * the real adapter, with keys generated at start, talks to a simulator instead of the network. Start-up says that it
 * generated keys, never the keys.
 */
@Configuration(proxyBeanMethods = false)
@Simulated
class SimulatedGateways {

    private static final Logger log = LoggerFactory.getLogger(SimulatedGateways.class);
    static final String NOTIFY = "/api/v1/public/payment/notifications/";

    @Bean(destroyMethod = "close")
    @Conditional(GatewayConfiguration.WeChatAbsent.class)
    WeChatPaySimulator weChatPaySimulator(GatewaySettings settings, Clock clock, ObjectProvider<PaymentOrders> orders) {
        return simulator(
                "WeChat Pay",
                "a merchant and a platform RSA key pair and an APIv3 key",
                (merchant, platform) -> new WeChatPay.Keys(
                        "1900000109",
                        "wxd678efh567hg6787",
                        merchant.getPrivate(),
                        "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
                        platform.getPublic(),
                        "PUB_KEY_ID_0119000001092025SIMULATED",
                        simulatedApiV3Key()),
                WeChatPaySimulator::new,
                settings,
                clock,
                orders);
    }

    @Bean
    @Conditional(GatewayConfiguration.WeChatAbsent.class)
    WeChatPay simulatedWeChatPay(WeChatPaySimulator simulator, GatewaySettings settings, Clock clock) {
        return new WeChatPay(
                simulator.merchantKeys(), simulator, clock, settings.notificationWindow(), NOTIFY + "wechat");
    }

    @Bean(destroyMethod = "close")
    @Conditional(GatewayConfiguration.AlipayAbsent.class)
    AlipaySimulator alipaySimulator(GatewaySettings settings, Clock clock, ObjectProvider<PaymentOrders> orders) {
        return simulator(
                "Alipay",
                "an application and an Alipay RSA key pair",
                (app, alipay) ->
                        new Alipay.Keys("2021000000000001", "2088000000000001", app.getPrivate(), alipay.getPublic()),
                AlipaySimulator::new,
                settings,
                clock,
                orders);
    }

    @Bean
    @Conditional(GatewayConfiguration.AlipayAbsent.class)
    Alipay simulatedAlipay(AlipaySimulator simulator, GatewaySettings settings, Clock clock) {
        return new Alipay(simulator.merchantKeys(), simulator, clock, settings.notificationWindow(), NOTIFY + "alipay");
    }

    @Bean(destroyMethod = "close")
    @Conditional(GatewayConfiguration.UnionPayAbsent.class)
    UnionPaySimulator unionPaySimulator(GatewaySettings settings, Clock clock, ObjectProvider<PaymentOrders> orders) {
        return simulator(
                "UnionPay",
                "a merchant and a UnionPay RSA key pair",
                (merchant, unionPay) -> new UnionPay.Keys(
                        "898110248160001", "69629715588", merchant.getPrivate(), unionPay.getPublic()),
                UnionPaySimulator::new,
                settings,
                clock,
                orders);
    }

    @Bean
    @Conditional(GatewayConfiguration.UnionPayAbsent.class)
    UnionPay simulatedUnionPay(UnionPaySimulator simulator, GatewaySettings settings, Clock clock) {
        return new UnionPay(
                simulator.merchantKeys(),
                simulator,
                simulator,
                clock,
                settings.notificationWindow(),
                NOTIFY + "unionpay");
    }

    @Bean(destroyMethod = "close")
    @Conditional(GatewayConfiguration.EpayAbsent.class)
    EpaySimulator epaySimulator(GatewaySettings settings, Clock clock, ObjectProvider<PaymentOrders> orders) {
        return simulator(
                "电e宝",
                "an application and a 电e宝 RSA key pair",
                (app, epay) -> new Epay.Keys("SG1100000000001", "EPAY2026000001", app.getPrivate(), epay.getPublic()),
                EpaySimulator::new,
                settings,
                clock,
                orders);
    }

    @Bean
    @Conditional(GatewayConfiguration.EpayAbsent.class)
    Epay simulatedEpay(EpaySimulator simulator, GatewaySettings settings, Clock clock) {
        return new Epay(simulator.merchantKeys(), simulator, clock, settings.notificationWindow(), NOTIFY + "epay");
    }

    /**
     * One simulated gateway: a merchant (or application) and a gateway RSA key pair generated at start, the merchant's
     * keys made of them, and the simulator, which sends its notifications to our endpoint's handling.
     */
    private static <K, S extends SignedGatewaySimulator<K>> S simulator(
            String gateway,
            String generated,
            BiFunction<KeyPair, KeyPair, K> keys,
            SignedGatewaySimulator.Factory<K, S> factory,
            GatewaySettings settings,
            Clock clock,
            ObjectProvider<PaymentOrders> orders) {
        KeyPair merchant = Signatures.newRsaKeys();
        KeyPair gatewayKeys = Signatures.newRsaKeys();
        K merchantKeys = keys.apply(merchant, gatewayKeys);
        log.warn("Simulated {} (demo/tests only): generated {} at start", gateway, generated);
        return factory.create(
                merchantKeys,
                merchant.getPublic(),
                gatewayKeys,
                clock,
                settings.simulator(),
                (g, headers, body) -> orders.getObject().notified(g, headers, body));
    }

    private static byte[] simulatedApiV3Key() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        // an APIv3 key is 32 printable characters
        for (int i = 0; i < b.length; i++) b[i] = (byte) ('A' + (b[i] & 0xff) % 26);
        return new String(b, StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII);
    }
}
