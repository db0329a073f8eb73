package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.gridhall.payment.Gateway;
import io.gridhall.testing.MovingClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/**
 * Each notification parser, fed what a gateway never sends (issue #10, §8): mutated genuine messages, random bytes,
 * and random content signed with the genuine key (so the parsing after the signature check is reached). It never
 * throws anything but our refusal, and never reads a payment out of what it was not given.
 */
class NotificationParserFuzzTests {

    static final Instant START = Instant.parse("2026-12-06T02:00:00Z");
    final MovingClock clock = new MovingClock(START, ZoneId.of("Asia/Shanghai"));
    final SimulatedPairs pairs = new SimulatedPairs(clock);

    /** Byte positions to flip (with the xor value) and how many bytes to cut off the end. */
    static Gen<List<Integer>> mutations() {
        return lists().of(integers().between(0, 1 << 20)).ofSizeBetween(1, 6);
    }

    static byte[] mutate(byte[] original, List<Integer> m) {
        byte[] b = original.clone();
        for (int i = 1; i < m.size(); i++) {
            int v = m.get(i);
            b[v % b.length] ^= (byte) (1 + (v >>> 12) % 255);
        }
        int cut = m.getFirst() % 4 == 0 ? m.getFirst() % b.length : 0;
        return cut > 0 ? Arrays.copyOf(b, b.length - cut) : b;
    }

    /** Runs the parser; answers the payment it read, or null when it refused. Any other exception fails the test. */
    static GatewayAdapter.Notified readOrRefuse(
            Runnable before, java.util.function.Supplier<GatewayAdapter.Notified> read) {
        before.run();
        try {
            return read.get();
        } catch (NotificationRefused e) {
            return null;
        }
    }

    /** The order number each gateway's mutation case has always used. */
    static String mutated(Gateway gateway) {
        return switch (gateway) {
            case WECHAT -> "GH202612060000000100";
            case ALIPAY -> "GH202612060000000101";
            case UNIONPAY -> "GH202612060000000102";
            case EPAY -> "GH202612060000000103";
        };
    }

    /** Alipay and UnionPay notify a form (read without headers), WeChat Pay and 电e宝 a body signed in headers. */
    static boolean form(Gateway gateway) {
        return gateway == Gateway.ALIPAY || gateway == Gateway.UNIONPAY;
    }

    @ParameterizedTest
    @EnumSource(Gateway.class)
    void everyMutationOfAGenuineNotificationIsRefused(Gateway gateway) {
        GatewayAdapter adapter = pairs.adapter(gateway);
        GatewaySimulator simulator = pairs.simulator(gateway);
        String number = mutated(gateway);
        adapter.open(new GatewayAdapter.Trade(
                number, io.gridhall.shared.Money.yuan("10.00"), "电费缴费", START.plusSeconds(900)));
        simulator.pay(number);
        GatewaySimulator.Delivery d =
                simulator.notification(simulator.trade(number).orElseThrow());
        Map<String, String> headers = form(gateway) ? Map.of() : GatewaySimulator.lowerCase(d.headers());
        qt().forAll(mutations()).checkAssert(m -> {
            byte[] body = mutate(d.body(), m);
            GatewayAdapter.Notified n = readOrRefuse(() -> {}, () -> adapter.read(headers, body, clock.instant()));
            if (form(gateway)) {
                // a mutation that still verifies can only be one that decodes to the same fields (%41 for A)
                if (n != null) assertThat(Alipay.form(body)).isEqualTo(Alipay.form(d.body()));
            } else if (!Arrays.equals(body, d.body()))
                assertThat(n).as("a mutated body is refused").isNull();
        });
    }

    /** The gateways that sign in headers, each with its headers made of a timestamp, a nonce and a signature. */
    static Stream<Arguments> headerSigned() {
        return Stream.of(
                Arguments.of(Gateway.WECHAT, (HeaderMaker) (timestamp, nonce, signature) -> {
                    Map<String, String> h = new LinkedHashMap<>();
                    h.put("wechatpay-timestamp", timestamp);
                    h.put("wechatpay-nonce", nonce);
                    h.put("wechatpay-signature", signature);
                    h.put("wechatpay-serial", "PUB_KEY_ID_TEST");
                    return h;
                }),
                Arguments.of(Gateway.EPAY, (HeaderMaker) (timestamp, nonce, signature) -> {
                    Map<String, String> h = new LinkedHashMap<>();
                    h.put("epay-app-id", "EPAY2026000001");
                    h.put("epay-sign-type", "RSA2");
                    h.put("epay-timestamp", timestamp);
                    h.put("epay-nonce", nonce);
                    h.put("epay-signature", signature);
                    return h;
                }));
    }

    interface HeaderMaker {
        Map<String, String> headers(String timestamp, String nonce, String signature);
    }

    @ParameterizedTest
    @MethodSource("headerSigned")
    void randomHeadersAreRefused(Gateway gateway, HeaderMaker maker) {
        GatewayAdapter adapter = pairs.adapter(gateway);
        qt().forAll(
                        strings().allPossible().ofLengthBetween(0, 20),
                        strings().allPossible().ofLengthBetween(0, 70),
                        strings().allPossible().ofLengthBetween(0, 400))
                .checkAssert((timestamp, nonce, signature) -> assertThat(readOrRefuse(
                                () -> {},
                                () -> adapter.read(
                                        maker.headers(timestamp, nonce, signature),
                                        "{}".getBytes(StandardCharsets.UTF_8),
                                        clock.instant())))
                        .isNull());
    }

    @Test
    void weChatPayParsesRandomSignedContentWithoutThrowing() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 300)).checkAssert(text -> {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            GatewaySimulator.Delivery signed = pairs.wechatSimulator.signed(body, clock.instant());
            GatewayAdapter.Notified n = readOrRefuse(
                    () -> {},
                    () -> pairs.wechat.read(GatewaySimulator.lowerCase(signed.headers()), body, clock.instant()));
            // without our APIv3 key nobody makes a resource that decrypts: nothing random reads as paid
            assertThat(n == null || !n.paid()).isTrue();
        });
        // random JSON shapes around a resource
        qt().forAll(
                        strings().basicLatinAlphabet().ofLengthBetween(0, 40),
                        strings().basicLatinAlphabet().ofLengthBetween(0, 40))
                .checkAssert((event, cipher) -> {
                    String json = "{\"event_type\":\"" + event.replace("\"", "") + "\",\"resource\":{\"algorithm\":"
                            + "\"AEAD_AES_256_GCM\",\"ciphertext\":\"" + cipher.replace("\"", "")
                            + "\",\"nonce\":\"0123456789ab\",\"associated_data\":\"transaction\"}}";
                    byte[] body = json.getBytes(StandardCharsets.UTF_8);
                    GatewaySimulator.Delivery signed = pairs.wechatSimulator.signed(body, clock.instant());
                    assertThat(readOrRefuse(
                                    () -> {},
                                    () -> pairs.wechat.read(
                                            GatewaySimulator.lowerCase(signed.headers()), body, clock.instant())))
                            .isNull();
                });
    }

    @Test
    void alipayParsesRandomSignedFormsWithoutThrowing() {
        qt().forAll(
                        strings().allPossible().ofLengthBetween(0, 16),
                        strings().allPossible().ofLengthBetween(0, 24),
                        strings().allPossible().ofLengthBetween(0, 24),
                        strings().allPossible().ofLengthBetween(0, 24))
                .checkAssert((status, amount, time, order) -> {
                    Map<String, String> f = new LinkedHashMap<>();
                    f.put("trade_status", status.length() % 2 == 0 ? "TRADE_SUCCESS" : status);
                    f.put("total_amount", amount);
                    f.put("gmt_payment", time);
                    f.put("out_trade_no", order);
                    f.put("app_id", "2021000000000001");
                    GatewaySimulator.Delivery signed = pairs.alipaySimulator.notification(f, clock.instant());
                    readOrRefuse(() -> {}, () -> pairs.alipay.read(Map.of(), signed.body(), clock.instant()));
                });
        qt().forAll(strings().allPossible().ofLengthBetween(0, 300))
                .checkAssert(text -> readOrRefuse(
                        () -> {},
                        () -> pairs.alipay.read(Map.of(), text.getBytes(StandardCharsets.UTF_8), clock.instant())));
    }

    // ---- UnionPay and 电e宝 ----

    @Test
    void unionPayParsesRandomSignedFormsWithoutThrowing() {
        qt().forAll(
                        strings().allPossible().ofLengthBetween(0, 16),
                        strings().allPossible().ofLengthBetween(0, 24),
                        strings().allPossible().ofLengthBetween(0, 24),
                        strings().allPossible().ofLengthBetween(0, 24))
                .checkAssert((amount, txnTime, traceTime, order) -> {
                    Map<String, String> f = new LinkedHashMap<>();
                    f.put("respCode", amount.length() % 2 == 0 ? "00" : amount);
                    f.put("txnType", "01");
                    f.put("signMethod", "01");
                    f.put("txnAmt", amount);
                    f.put("txnTime", txnTime.length() % 3 == 0 ? "20261206000000" : txnTime);
                    f.put("traceTime", traceTime);
                    f.put("orderId", order);
                    f.put("merId", "898110248160001");
                    GatewaySimulator.Delivery signed = pairs.unionPaySimulator.notification(f);
                    readOrRefuse(() -> {}, () -> pairs.unionPay.read(Map.of(), signed.body(), clock.instant()));
                });
        qt().forAll(strings().allPossible().ofLengthBetween(0, 300))
                .checkAssert(text -> readOrRefuse(
                        () -> {},
                        () -> pairs.unionPay.read(Map.of(), text.getBytes(StandardCharsets.UTF_8), clock.instant())));
    }

    @Test
    void epayParsesRandomSignedContentWithoutThrowing() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 300)).checkAssert(text -> {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            GatewaySimulator.Delivery signed = pairs.epaySimulator.signed(body, clock.instant());
            readOrRefuse(
                    () -> {},
                    () -> pairs.epay.read(GatewaySimulator.lowerCase(signed.headers()), body, clock.instant()));
        });
        // random values in the right shape, signed: whatever is read as paid carries a positive amount
        qt().forAll(
                        strings().basicLatinAlphabet().ofLengthBetween(0, 20),
                        strings().basicLatinAlphabet().ofLengthBetween(0, 20),
                        strings().basicLatinAlphabet().ofLengthBetween(0, 20))
                .checkAssert((fee, time, status) -> {
                    String json = "{\"notify_type\":\"trade.success\",\"trade_status\":\""
                            + (status.length() % 2 == 0 ? "SUCCESS" : status.replace("\"", ""))
                            + "\",\"total_fee\":" + (fee.isEmpty() ? "1" : "\"" + fee.replace("\"", "") + "\"")
                            + ",\"fee_type\":\"CNY\",\"pay_time\":\"" + time.replace("\"", "") + "\"}";
                    byte[] body = json.getBytes(StandardCharsets.UTF_8);
                    GatewaySimulator.Delivery signed = pairs.epaySimulator.signed(body, clock.instant());
                    GatewayAdapter.Notified n = readOrRefuse(
                            () -> {},
                            () -> pairs.epay.read(GatewaySimulator.lowerCase(signed.headers()), body, clock.instant()));
                    assertThat(n == null || !n.paid() || n.amount().fen() > 0).isTrue();
                });
    }

    // ---- the bill parsers: malformed files are refused, never misread ----

    static java.util.List<GatewayBills.BillLine> readOrReject(
            java.util.function.Supplier<java.util.List<GatewayBills.BillLine>> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void billParsersRefuseMutationsAndRandomBytesOrReadTheSameSum() {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 12, 6);
        for (int i = 0; i < 3; i++) {
            String u = "GH20261206000000011" + i;
            pairs.unionPay.open(new GatewayAdapter.Trade(
                    u, io.gridhall.shared.Money.yuan("1" + i + ".05"), "电费缴费", START.plusSeconds(900)));
            pairs.unionPaySimulator.pay(u);
            String e = "GH20261206000000012" + i;
            pairs.epay.open(new GatewayAdapter.Trade(
                    e, io.gridhall.shared.Money.yuan("2" + i + ".50"), "电费缴费", START.plusSeconds(900)));
            pairs.epaySimulator.pay(e);
        }
        // and a refund of each first trade: refund lines are fuzzed too
        java.time.Instant evening = day.atTime(20, 0).atZone(UnionPay.BEIJING).toInstant();
        for (GatewaySimulator s : java.util.List.of(pairs.unionPaySimulator, pairs.epaySimulator)) {
            String refundNumber = "RF20261206000000001N1";
            assertThat(s.refundTrade(s.paidOn(day).getFirst().orderNumber, refundNumber, 505)
                            .refund())
                    .isNotNull();
            assertThat(s.refundedAt(refundNumber, evening)).isTrue();
        }
        byte[] zm = pairs.unionPay.download(day);
        byte[] bill = pairs.epay.download(day);
        assertThat(pairs.unionPay.read(zm))
                .hasSize(4)
                .filteredOn(GatewayBills.BillLine::isRefund)
                .hasSize(1);
        assertThat(pairs.epay.read(bill))
                .hasSize(4)
                .filteredOn(GatewayBills.BillLine::isRefund)
                .hasSize(1);
        qt().forAll(mutations()).checkAssert(m -> {
            byte[] z = mutate(zm, m);
            var lines = readOrReject(() -> pairs.unionPay.read(z));
            // a fixed-width file has no totals: a surviving mutation keeps every line's shape and our merchant
            if (lines != null)
                assertThat(lines)
                        .allMatch(l -> l.amount().fen() != 0 && !l.orderNumber().isBlank());
            byte[] b = mutate(bill, m);
            var read = readOrReject(() -> pairs.epay.read(b));
            if (read != null)
                assertThat(read.stream().mapToLong(l -> l.amount().fen()).sum())
                        .as("the totals line holds the sum")
                        .isEqualTo(pairs.epay.read(bill).stream()
                                .mapToLong(l -> l.amount().fen())
                                .sum());
        });
        qt().forAll(strings().allPossible().ofLengthBetween(0, 400)).checkAssert(text -> {
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            readOrReject(() -> pairs.unionPay.read(raw));
            readOrReject(() -> pairs.epay.read(raw));
        });
    }
}
