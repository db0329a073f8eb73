package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Adapters wired to their simulators without Spring, for the unit tests of the wire shapes. */
final class SimulatedPairs {

    static final KeyPair MERCHANT = Signatures.newRsaKeys();
    static final KeyPair PLATFORM = Signatures.newRsaKeys();
    static final KeyPair APP = Signatures.newRsaKeys();
    static final KeyPair ALIPAY = Signatures.newRsaKeys();
    static final KeyPair UNIONPAY = Signatures.newRsaKeys();
    static final KeyPair EPAY = Signatures.newRsaKeys();
    /** Somebody else's key: what a forger signs with. */
    static final KeyPair FORGER = Signatures.newRsaKeys();

    static final byte[] API_V3_KEY = "0123456789ABCDEFGHIJKLMNOPQRSTUV".getBytes(StandardCharsets.US_ASCII);
    static final GatewaySettings.Simulator SETTINGS = new GatewaySettings.Simulator(1, 0, 0, false, 1L);

    /** What the simulators delivered (when asked to send notifications). */
    final List<Map<String, String>> delivered = new ArrayList<>();

    final WeChatPay.Keys wechatKeys = new WeChatPay.Keys(
            "1900000109",
            "wxd678efh567hg6787",
            MERCHANT.getPrivate(),
            "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
            PLATFORM.getPublic(),
            "PUB_KEY_ID_TEST",
            API_V3_KEY);
    final Alipay.Keys alipayKeys =
            new Alipay.Keys("2021000000000001", "2088000000000001", APP.getPrivate(), ALIPAY.getPublic());

    final UnionPay.Keys unionPayKeys =
            new UnionPay.Keys("898110248160001", "69629715588", MERCHANT.getPrivate(), UNIONPAY.getPublic());
    final Epay.Keys epayKeys = new Epay.Keys("SG1100000000001", "EPAY2026000001", APP.getPrivate(), EPAY.getPublic());

    final WeChatPaySimulator wechatSimulator;
    final WeChatPay wechat;
    final AlipaySimulator alipaySimulator;
    final Alipay alipay;
    final UnionPaySimulator unionPaySimulator;
    final UnionPay unionPay;
    final EpaySimulator epaySimulator;
    final Epay epay;

    SimulatedPairs(Clock clock) {
        GatewaySimulator.Receiver receiver = (Gateway g, Map<String, String> h, byte[] b) -> {
            delivered.add(h);
            return new PaymentOrders.Answer(200, null, null);
        };
        wechatSimulator = new WeChatPaySimulator(wechatKeys, MERCHANT.getPublic(), PLATFORM, clock, SETTINGS, receiver);
        wechat = new WeChatPay(
                wechatKeys, wechatSimulator, clock, Duration.ofMinutes(5), "https://example.org/n/wechat");
        alipaySimulator = new AlipaySimulator(alipayKeys, APP.getPublic(), ALIPAY, clock, SETTINGS, receiver);
        alipay = new Alipay(alipayKeys, alipaySimulator, clock, Duration.ofMinutes(5), "https://example.org/n/alipay");
        unionPaySimulator =
                new UnionPaySimulator(unionPayKeys, MERCHANT.getPublic(), UNIONPAY, clock, SETTINGS, receiver);
        unionPay = new UnionPay(
                unionPayKeys,
                unionPaySimulator,
                unionPaySimulator,
                clock,
                Duration.ofMinutes(5),
                "https://example.org/n/unionpay");
        epaySimulator = new EpaySimulator(epayKeys, APP.getPublic(), EPAY, clock, SETTINGS, receiver);
        epay = new Epay(epayKeys, epaySimulator, clock, Duration.ofMinutes(5), "https://example.org/n/epay");
    }

    /** The adapter of a gateway (each also reads its bills). */
    GatewayAdapter adapter(Gateway gateway) {
        return switch (gateway) {
            case WECHAT -> wechat;
            case ALIPAY -> alipay;
            case UNIONPAY -> unionPay;
            case EPAY -> epay;
        };
    }

    GatewayBills bills(Gateway gateway) {
        return (GatewayBills) adapter(gateway);
    }

    GatewaySimulator simulator(Gateway gateway) {
        return switch (gateway) {
            case WECHAT -> wechatSimulator;
            case ALIPAY -> alipaySimulator;
            case UNIONPAY -> unionPaySimulator;
            case EPAY -> epaySimulator;
        };
    }

    /** The adapter of a gateway talking to a simulator that signs its answers with the forger's key. */
    GatewayAdapter fooled(Gateway gateway, Clock clock) {
        Duration window = Duration.ofMinutes(5);
        return switch (gateway) {
            case WECHAT -> new WeChatPay(wechatKeys, forgedWeChat(clock), clock, window, "https://example.org/n");
            case ALIPAY -> new Alipay(alipayKeys, forgedAlipay(clock), clock, window, "https://example.org/n");
            case UNIONPAY ->
                new UnionPay(
                        unionPayKeys,
                        forger(unionPaySimulator, clock),
                        unionPaySimulator,
                        clock,
                        window,
                        "https://example.org/n");
            case EPAY -> new Epay(epayKeys, forger(epaySimulator, clock), clock, window, "https://example.org/n");
        };
    }

    /** A simulator that signs with the forger's key under the genuine serial and ids. */
    WeChatPaySimulator forgedWeChat(Clock clock) {
        return new WeChatPaySimulator(wechatKeys, MERCHANT.getPublic(), FORGER, clock, SETTINGS, (g, h, b) -> null);
    }

    AlipaySimulator forgedAlipay(Clock clock) {
        return new AlipaySimulator(alipayKeys, APP.getPublic(), FORGER, clock, SETTINGS, (g, h, b) -> null);
    }

    /** A simulator with the genuine one's ids and serial that signs with the forger's key. */
    static WeChatPaySimulator forger(WeChatPaySimulator genuine, Clock clock) {
        return new WeChatPaySimulator(
                genuine.merchantKeys(), FORGER.getPublic(), FORGER, clock, SETTINGS, (g, h, b) -> null);
    }

    static AlipaySimulator forger(AlipaySimulator genuine, Clock clock) {
        return new AlipaySimulator(
                genuine.merchantKeys(), FORGER.getPublic(), FORGER, clock, SETTINGS, (g, h, b) -> null);
    }

    static UnionPaySimulator forger(UnionPaySimulator genuine, Clock clock) {
        return new UnionPaySimulator(
                genuine.merchantKeys(), FORGER.getPublic(), FORGER, clock, SETTINGS, (g, h, b) -> null);
    }

    static EpaySimulator forger(EpaySimulator genuine, Clock clock) {
        return new EpaySimulator(
                genuine.merchantKeys(), FORGER.getPublic(), FORGER, clock, SETTINGS, (g, h, b) -> null);
    }
}
