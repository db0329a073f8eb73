package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.shared.Money;
import io.gridhall.testing.MovingClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * UnionPay 全民付 and 电e宝 against their simulators: signatures both ways, the trade's life, refusals at the wire
 * (issue #10, §2, §8; binding to our order is tested with the database in {@link GatewayPaymentTests}).
 */
class NewGatewayAdapterTests {

    static final Instant START = Instant.parse("2026-12-06T02:00:00Z");
    final MovingClock clock = new MovingClock(START, ZoneId.of("Asia/Shanghai"));
    final SimulatedPairs pairs = new SimulatedPairs(clock);

    GatewayAdapter.Trade trade(String number, String yuan) {
        return new GatewayAdapter.Trade(number, Money.yuan(yuan), "电费缴费", START.plus(Duration.ofMinutes(15)));
    }

    // ---- UnionPay ----

    @Test
    void unionPayOpensQueriesAndNotifiesSignedAndACodeExpiresInsteadOfClosing() {
        String code = pairs.unionPay.open(trade("GH202612060000000201", "123.45"));
        assertThat(code).startsWith("https://qr.95516.com/");
        assertThat(pairs.unionPay.query("GH202612060000000201").state()).isEqualTo(GatewayAdapter.TradeState.NOT_PAID);
        assertThat(pairs.unionPay.query("GH202612060000000299").state()).isEqualTo(GatewayAdapter.TradeState.NOT_FOUND);
        assertThatThrownBy(() -> pairs.unionPay.close("GH202612060000000201"))
                .as("a code that has not expired cannot be closed: asked again later")
                .isInstanceOf(GatewayTimeout.class);

        assertThat(pairs.unionPaySimulator.pay("GH202612060000000201")).isTrue();
        GatewayAdapter.TradeStatus paid = pairs.unionPay.query("GH202612060000000201");
        assertThat(paid.state()).isEqualTo(GatewayAdapter.TradeState.PAID);
        assertThat(paid.amount()).isEqualTo(Money.yuan("123.45"));
        assertThat(paid.merchantId()).isEqualTo("898110248160001");
        assertThat(paid.transactionId()).hasSize(21);
        assertThat(paid.paidAt()).isEqualTo(START);
        assertThat(pairs.unionPay.close("GH202612060000000201")).isFalse();

        GatewaySimulator.Delivery d = pairs.unionPaySimulator.notification(
                pairs.unionPaySimulator.trade("GH202612060000000201").orElseThrow());
        assertThat(new String(d.body(), StandardCharsets.UTF_8))
                .contains("respCode=00")
                .contains("txnAmt=12345")
                .contains("signPubKeyCert=");
        GatewayAdapter.Notified n = pairs.unionPay.read(Map.of(), d.body(), clock.instant());
        assertThat(n.paid()).isTrue();
        assertThat(n.orderNumber()).isEqualTo("GH202612060000000201");
        assertThat(n.transactionId()).isEqualTo(paid.transactionId());
        assertThat(n.amount()).isEqualTo(Money.yuan("123.45"));
        assertThat(n.paidAt()).isEqualTo(START);
        assertThat(n.replayKey()).startsWith("sign:");
        assertThat(pairs.unionPay.accepted().status()).isEqualTo(200);
        assertThat(pairs.unionPay.accepted().body()).isEqualTo("ok");

        pairs.unionPay.open(trade("GH202612060000000202", "1.00"));
        clock.advance(Duration.ofMinutes(16));
        assertThat(pairs.unionPay.close("GH202612060000000202")).isTrue();
        assertThat(pairs.unionPay.query("GH202612060000000202").state()).isEqualTo(GatewayAdapter.TradeState.CLOSED);
        assertThat(pairs.unionPaySimulator.pay("GH202612060000000202"))
                .as("an expired code cannot be paid")
                .isFalse();
    }

    @Test
    void unionPaySignsTheSha256HexOfTheSortedFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("txnAmt", "1");
        f.put("merId", "898110248160001");
        f.put("empty", "");
        f.put("signature", "left out");
        assertThat(UnionPay.sortedText(f)).isEqualTo("merId=898110248160001&txnAmt=1");
        assertThat(UnionPay.signedText(f))
                .isEqualTo(java.util.HexFormat.of().formatHex(UnionPay.sha256("merId=898110248160001&txnAmt=1")))
                .matches("[0-9a-f]{64}");
        // an answer is k=v&... unencoded, a value in braces may hold & and =
        assertThat(UnionPay.answer("a=1&reserved={x=1&y=2}&signature=ab=="))
                .containsEntry("reserved", "{x=1&y=2}")
                .containsEntry("signature", "ab==");
        assertThatThrownBy(() -> UnionPay.answer("a=1&a=2")).isInstanceOf(IllegalArgumentException.class);
        assertThat(UnionPay.txnTime("GH202612060000000201")).isEqualTo("20261206000000");
    }

    GatewaySimulator.Delivery paidUnionPay(String number) {
        pairs.unionPay.open(trade(number, "88.00"));
        pairs.unionPaySimulator.pay(number);
        return pairs.unionPaySimulator.notification(
                pairs.unionPaySimulator.trade(number).orElseThrow());
    }

    void refusedUnionPay(byte[] body, String reason) {
        assertThatThrownBy(() -> pairs.unionPay.read(Map.of(), body, clock.instant()))
                .isInstanceOf(NotificationRefused.class)
                .hasMessageContaining(reason);
    }

    @Test
    void unionPayNotificationsAreRefusedWhenTamperedStaleForgedOrTruncated() {
        GatewaySimulator.Delivery d = paidUnionPay("GH202612060000000210");
        Map<String, String> form = Alipay.form(d.body());
        Map<String, String> amount = new LinkedHashMap<>(form);
        amount.put("txnAmt", "880");
        refusedUnionPay(Alipay.encode(amount).getBytes(StandardCharsets.UTF_8), "signature");
        Map<String, String> merchant = new LinkedHashMap<>(form);
        merchant.put("merId", "898110248169999");
        refusedUnionPay(Alipay.encode(merchant).getBytes(StandardCharsets.UTF_8), "signature");
        refusedUnionPay(Arrays.copyOf(d.body(), d.body().length - 3), "");
        refusedUnionPay(new byte[0], "empty");
        Map<String, String> method = new LinkedHashMap<>(form);
        method.put("signMethod", "11");
        refusedUnionPay(Alipay.encode(method).getBytes(StandardCharsets.UTF_8), "signMethod");
        // signed by another key (its certificate field says whatever it likes)
        GatewaySimulator.Delivery forged = SimulatedPairs.forger(pairs.unionPaySimulator, clock)
                .notification(pairs.unionPaySimulator.fieldsOf("GH202612060000000210"));
        refusedUnionPay(forged.body(), "signature");
        // stale: UnionPay signs no sending time; a trade sent beyond the horizon, or in the future, is not notified
        Map<String, String> old = new LinkedHashMap<>(pairs.unionPaySimulator.fieldsOf("GH202612060000000210"));
        old.put("txnTime", "20261203000000");
        refusedUnionPay(pairs.unionPaySimulator.notification(old).body(), "window");
        clock.set(START.plus(Duration.ofDays(3)));
        refusedUnionPay(d.body(), "window");
        clock.set(START);
        Map<String, String> future = new LinkedHashMap<>(pairs.unionPaySimulator.fieldsOf("GH202612060000000210"));
        future.put("txnTime", "20261207000000");
        refusedUnionPay(pairs.unionPaySimulator.notification(future).body(), "window");
        refusedUnionPay(
                (new String(d.body(), StandardCharsets.UTF_8) + "&respCode=00").getBytes(StandardCharsets.UTF_8),
                "twice");
        assertThat(pairs.unionPay.read(Map.of(), d.body(), clock.instant()).paid())
                .isTrue();
    }

    // ---- 电e宝 ----

    @Test
    void epayOpensQueriesClosesAndNotifiesSigned() {
        String code = pairs.epay.open(trade("GH202612060000000301", "0.01"));
        assertThat(code).startsWith("https://qr.epay.example/");
        assertThat(pairs.epay.query("GH202612060000000301").state()).isEqualTo(GatewayAdapter.TradeState.NOT_PAID);
        assertThat(pairs.epay.query("GH202612060000000399").state()).isEqualTo(GatewayAdapter.TradeState.NOT_FOUND);
        assertThat(pairs.epaySimulator.pay("GH202612060000000301")).isTrue();
        GatewayAdapter.TradeStatus paid = pairs.epay.query("GH202612060000000301");
        assertThat(paid.state()).isEqualTo(GatewayAdapter.TradeState.PAID);
        assertThat(paid.amount()).isEqualTo(Money.fen(1));
        assertThat(paid.merchantId()).isEqualTo("SG1100000000001");
        assertThat(paid.appId()).isEqualTo("EPAY2026000001");
        assertThat(pairs.epay.close("GH202612060000000301")).isFalse();

        GatewaySimulator.Delivery d = pairs.epaySimulator.notification(
                pairs.epaySimulator.trade("GH202612060000000301").orElseThrow());
        GatewayAdapter.Notified n = pairs.epay.read(GatewaySimulator.lowerCase(d.headers()), d.body(), clock.instant());
        assertThat(n.paid()).isTrue();
        assertThat(n.amount()).isEqualTo(Money.fen(1));
        assertThat(n.transactionId()).isEqualTo(paid.transactionId());
        assertThat(n.replayKey()).startsWith("nonce:");
        assertThat(pairs.epay.accepted().body()).contains("SUCCESS");

        pairs.epay.open(trade("GH202612060000000302", "2.00"));
        assertThat(pairs.epay.close("GH202612060000000302")).isTrue();
        assertThat(pairs.epay.query("GH202612060000000302").state()).isEqualTo(GatewayAdapter.TradeState.CLOSED);
        assertThat(pairs.epaySimulator.pay("GH202612060000000302")).isFalse();
    }

    void refusedEpay(Map<String, String> headers, byte[] body, String reason) {
        assertThatThrownBy(() -> pairs.epay.read(GatewaySimulator.lowerCase(headers), body, clock.instant()))
                .isInstanceOf(NotificationRefused.class)
                .hasMessageContaining(reason);
    }

    @Test
    void epayNotificationsAreRefusedWhenTamperedStaleForgedOrTruncated() {
        pairs.epay.open(trade("GH202612060000000310", "88.00"));
        pairs.epaySimulator.pay("GH202612060000000310");
        ObjectNode genuine = pairs.epaySimulator.contentOf("GH202612060000000310");
        GatewaySimulator.Delivery d = pairs.epaySimulator.notification(genuine, clock.instant());
        // the amount and the merchant changed after signing
        String text = new String(d.body(), StandardCharsets.UTF_8);
        refusedEpay(
                d.headers(),
                text.replace("\"total_fee\":8800", "\"total_fee\":880").getBytes(StandardCharsets.UTF_8),
                "signature");
        refusedEpay(
                d.headers(),
                text.replace("SG1100000000001", "SG1100000000999").getBytes(StandardCharsets.UTF_8),
                "signature");
        refusedEpay(d.headers(), Arrays.copyOf(d.body(), d.body().length - 1), "signature");
        refusedEpay(d.headers(), new byte[0], "signature");
        // another key
        refusedEpay(
                SimulatedPairs.forger(pairs.epaySimulator, clock)
                        .notification(genuine, clock.instant())
                        .headers(),
                d.body(),
                "signature");
        // headers missing, another app, another sign type
        Map<String, String> missing = new HashMap<>(d.headers());
        missing.remove("Epay-Nonce");
        refusedEpay(missing, d.body(), "missing");
        Map<String, String> app = new HashMap<>(d.headers());
        app.put("Epay-App-Id", "EPAY2026999999");
        refusedEpay(app, d.body(), "another app");
        Map<String, String> type = new HashMap<>(d.headers());
        type.put("Epay-Sign-Type", "RSA");
        refusedEpay(type, d.body(), "RSA2");
        // stale or ahead
        clock.advance(Duration.ofMinutes(6));
        refusedEpay(d.headers(), d.body(), "window");
        clock.set(START.minus(Duration.ofMinutes(6)));
        refusedEpay(d.headers(), d.body(), "window");
        clock.set(START);
        // a field twice, signed genuinely
        byte[] twice = text.replace("{", "{\"total_fee\":1,").getBytes(StandardCharsets.UTF_8);
        GatewaySimulator.Delivery signedTwice = pairs.epaySimulator.signed(twice, clock.instant());
        refusedEpay(signedTwice.headers(), twice, "JSON");
        assertThat(pairs.epay
                        .read(GatewaySimulator.lowerCase(d.headers()), d.body(), clock.instant())
                        .paid())
                .isTrue();
    }

    // ---- the daily files, through each gateway's own download ----

    @Test
    void theDailyBillsAreDownloadedAndReadInEachGatewaysShape() {
        paidUnionPay("GH202612060000000220");
        pairs.epay.open(trade("GH202612060000000320", "12.34"));
        pairs.epaySimulator.pay("GH202612060000000320");
        LocalDate day = LocalDate.ofInstant(START, ZoneId.of("Asia/Shanghai"));

        byte[] zm = pairs.unionPay.download(day);
        assertThat(new String(zm, StandardCharsets.US_ASCII)).startsWith("S22 ").endsWith("\r\n");
        var unionLines = pairs.unionPay.read(zm);
        assertThat(unionLines).hasSize(1);
        assertThat(unionLines.getFirst().orderNumber()).isEqualTo("GH202612060000000220");
        assertThat(unionLines.getFirst().amount()).isEqualTo(Money.yuan("88.00"));
        assertThat(unionLines.getFirst().completedAt()).isEqualTo(START);
        assertThat(unionLines.getFirst().transactionId())
                .isEqualTo(pairs.unionPaySimulator.trade("GH202612060000000220").orElseThrow().transactionId);
        assertThat(pairs.unionPay.download(day.plusDays(1)))
                .as("no file: nothing settled")
                .isEmpty();
        assertThat(pairs.unionPay.read(new byte[0])).isEmpty();

        byte[] bill = pairs.epay.download(day);
        assertThat(new String(bill, StandardCharsets.UTF_8))
                .startsWith("电e宝交易明细,商户号：SG1100000000001,")
                .endsWith("总笔数,1,总金额（分）,1234\r\n");
        var epayLines = pairs.epay.read(bill);
        assertThat(epayLines).hasSize(1);
        assertThat(epayLines.getFirst().amount()).isEqualTo(Money.yuan("12.34"));
        assertThat(epayLines.getFirst().completedAt()).isEqualTo(START);
        assertThat(pairs.epay.read(pairs.epay.download(day.plusDays(1)))).isEmpty();
    }

    @Test
    void malformedBillFilesAreRefused() {
        paidUnionPay("GH202612060000000221");
        LocalDate day = LocalDate.ofInstant(START, ZoneId.of("Asia/Shanghai"));
        String zm = new String(pairs.unionPay.download(day), StandardCharsets.US_ASCII);
        for (String bad : new String[] {
            zm.substring(0, zm.length() - 2), // no line end: truncated
            zm.substring(0, 40) + "\r\n",
            zm.replace("S22", "X99"),
            zm.replace("898110248160001", "898110248169999"),
            zm.replaceFirst(" 0000000088", " 00000000-8"),
        })
            assertThatThrownBy(() -> pairs.unionPay.read(bad.getBytes(StandardCharsets.US_ASCII)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);

        pairs.epay.open(trade("GH202612060000000321", "12.34"));
        pairs.epaySimulator.pay("GH202612060000000321");
        String bill = new String(pairs.epay.download(day), StandardCharsets.UTF_8);
        for (String bad : new String[] {
            bill.substring(0, bill.length() - 2),
            bill.replace("总金额（分）,1234", "总金额（分）,1235"),
            bill.replace("总笔数,1", "总笔数,2"),
            bill.replace(",PAY,", ",GIFT,"),
            bill.replace("SG1100000000001", "SG1100000000999"),
            bill.replace("商品名称", "商品"),
            bill.replace(",1234,", ",12.34,"),
        })
            assertThatThrownBy(() -> pairs.epay.read(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the simulators' own notifications: on the gateway's schedule until acknowledged as it expects ----

    @Test
    void theSimulatorsNotifyAgainUntilAnsweredAsTheirGatewayExpects() {
        GatewaySettings.Simulator fast = new GatewaySettings.Simulator(10_000_000, 0, 0, true, 1L);
        java.util.concurrent.atomic.AtomicInteger unionCalls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger epayCalls = new java.util.concurrent.atomic.AtomicInteger();
        // the first two copies are refused, the third taken: the fourth never comes
        try (UnionPaySimulator u = new UnionPaySimulator(
                        pairs.unionPayKeys,
                        SimulatedPairs.MERCHANT.getPublic(),
                        SimulatedPairs.UNIONPAY,
                        clock,
                        fast,
                        (g, h, b) -> {
                            pairs.unionPay.read(h, b, clock.instant());
                            return unionCalls.incrementAndGet() < 3
                                    ? pairs.unionPay.refused("busy")
                                    : pairs.unionPay.accepted();
                        });
                EpaySimulator e = new EpaySimulator(
                        pairs.epayKeys, SimulatedPairs.APP.getPublic(), SimulatedPairs.EPAY, clock, fast, (g, h, b) -> {
                            pairs.epay.read(h, b, clock.instant());
                            return epayCalls.incrementAndGet() < 3 ? pairs.epay.refused("busy") : pairs.epay.accepted();
                        })) {
            UnionPay up = new UnionPay(pairs.unionPayKeys, u, u, clock, Duration.ofMinutes(5), "https://example.org/n");
            Epay ep = new Epay(pairs.epayKeys, e, clock, Duration.ofMinutes(5), "https://example.org/n");
            up.open(trade("GH202612060000000230", "5.00"));
            ep.open(trade("GH202612060000000330", "5.00"));
            assertThat(u.pay("GH202612060000000230")).isTrue();
            assertThat(e.pay("GH202612060000000330")).isTrue();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> unionCalls.get() >= 3 && epayCalls.get() >= 3);
            org.awaitility.Awaitility.await()
                    .during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> unionCalls.get() == 3 && epayCalls.get() == 3);
        }
    }
}
