package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.payment.Gateway;
import io.gridhall.shared.Money;
import io.gridhall.testing.MovingClock;
import java.nio.charset.Charset;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

/** The gateways' wire shapes against their simulators: signatures both ways, encryption, refusals (issue #10, §2, §8). */
class GatewayAdapterTests {

    static final Instant START = Instant.parse("2026-12-06T02:00:00Z");
    final MovingClock clock = new MovingClock(START, ZoneId.of("Asia/Shanghai"));
    final SimulatedPairs pairs = new SimulatedPairs(clock);

    GatewayAdapter.Trade trade(String number, String yuan) {
        return new GatewayAdapter.Trade(number, Money.yuan(yuan), "电费缴费", START.plus(Duration.ofMinutes(15)));
    }

    @Test
    void weChatPayOpensQueriesClosesAndNotifiesSigned() {
        String code = pairs.wechat.open(trade("GH202612060000000001", "123.45"));
        assertThat(code).startsWith("weixin://wxpay/bizpayurl?pr=");
        assertThat(pairs.wechat.query("GH202612060000000001").state()).isEqualTo(GatewayAdapter.TradeState.NOT_PAID);
        assertThat(pairs.wechat.query("GH202612060000000099").state()).isEqualTo(GatewayAdapter.TradeState.NOT_FOUND);

        assertThat(pairs.wechatSimulator.pay("GH202612060000000001")).isTrue();
        assertThat(pairs.wechatSimulator.pay("GH202612060000000001"))
                .as("paid once")
                .isFalse();
        GatewayAdapter.TradeStatus paid = pairs.wechat.query("GH202612060000000001");
        assertThat(paid.state()).isEqualTo(GatewayAdapter.TradeState.PAID);
        assertThat(paid.amount()).isEqualTo(Money.yuan("123.45"));
        assertThat(paid.merchantId()).isEqualTo("1900000109");
        assertThat(paid.transactionId()).startsWith("4200");
        assertThat(pairs.wechat.close("GH202612060000000001"))
                .as("a paid trade is not closed")
                .isFalse();

        GatewaySimulator.Delivery d = pairs.wechatSimulator.notification(
                pairs.wechatSimulator.trade("GH202612060000000001").orElseThrow());
        assertThat(new String(d.body(), StandardCharsets.UTF_8))
                .contains("\"algorithm\":\"AEAD_AES_256_GCM\"")
                .doesNotContain("GH202612060000000001"); // the resource is encrypted
        GatewayAdapter.Notified n =
                pairs.wechat.read(GatewaySimulator.lowerCase(d.headers()), d.body(), clock.instant());
        assertThat(n.paid()).isTrue();
        assertThat(n.orderNumber()).isEqualTo("GH202612060000000001");
        assertThat(n.transactionId()).isEqualTo(paid.transactionId());
        assertThat(n.amount()).isEqualTo(Money.yuan("123.45"));
        assertThat(n.replayKey()).startsWith("nonce:");

        pairs.wechat.open(trade("GH202612060000000002", "1.00"));
        assertThat(pairs.wechat.close("GH202612060000000002")).isTrue();
        assertThat(pairs.wechat.query("GH202612060000000002").state()).isEqualTo(GatewayAdapter.TradeState.CLOSED);
        assertThat(pairs.wechatSimulator.pay("GH202612060000000002"))
                .as("a closed trade cannot be paid")
                .isFalse();
    }

    @Test
    void alipayOpensQueriesClosesAndNotifiesSigned() {
        String code = pairs.alipay.open(trade("GH202612060000000003", "0.01"));
        assertThat(code).startsWith("https://qr.alipay.com/");
        assertThat(pairs.alipay.query("GH202612060000000003").state()).isEqualTo(GatewayAdapter.TradeState.NOT_PAID);
        assertThat(pairs.alipay.query("GH202612060000000098").state()).isEqualTo(GatewayAdapter.TradeState.NOT_FOUND);
        assertThat(pairs.alipaySimulator.pay("GH202612060000000003")).isTrue();
        GatewayAdapter.TradeStatus paid = pairs.alipay.query("GH202612060000000003");
        assertThat(paid.state()).isEqualTo(GatewayAdapter.TradeState.PAID);
        assertThat(paid.amount()).isEqualTo(Money.fen(1));
        assertThat(pairs.alipay.close("GH202612060000000003")).isFalse();

        GatewaySimulator.Delivery d = pairs.alipaySimulator.notification(
                pairs.alipaySimulator.trade("GH202612060000000003").orElseThrow());
        GatewayAdapter.Notified n = pairs.alipay.read(Map.of(), d.body(), clock.instant());
        assertThat(n.paid()).isTrue();
        assertThat(n.merchantId()).isEqualTo("2088000000000001");
        assertThat(n.appId()).isEqualTo("2021000000000001");
        assertThat(n.amount()).isEqualTo(Money.fen(1));
        assertThat(pairs.alipay.accepted().body()).isEqualTo("success");

        pairs.alipay.open(trade("GH202612060000000004", "2.00"));
        assertThat(pairs.alipay.close("GH202612060000000004")).isTrue();
        assertThat(pairs.alipay.query("GH202612060000000004").state()).isEqualTo(GatewayAdapter.TradeState.CLOSED);
    }

    /** The order numbers each gateway's case has always used: a trade that times out, and one a forger answers. */
    static String timingOut(Gateway gateway) {
        return switch (gateway) {
            case WECHAT -> "GH202612060000000005";
            case ALIPAY -> "GH202612060000000006";
            case UNIONPAY -> "GH202612060000000203";
            case EPAY -> "GH202612060000000204";
        };
    }

    static String answeredByAForger(Gateway gateway) {
        return switch (gateway) {
            case WECHAT -> "GH202612060000000007";
            case ALIPAY -> "GH202612060000000008";
            case UNIONPAY -> "GH202612060000000205";
            case EPAY -> "GH202612060000000206";
        };
    }

    @ParameterizedTest
    @EnumSource(Gateway.class)
    void aSimulatorThatDoesNotAnswerIsATimeoutNeverAnAnswer(Gateway gateway) {
        GatewayAdapter adapter = pairs.adapter(gateway);
        String number = timingOut(gateway);
        adapter.open(trade(number, "3.00"));
        pairs.simulator(gateway).timeoutPercent(100);
        assertThatThrownBy(() -> adapter.query(number)).isInstanceOf(GatewayTimeout.class);
        assertThatThrownBy(() -> adapter.close(number)).isInstanceOf(GatewayTimeout.class);
    }

    @ParameterizedTest
    @EnumSource(Gateway.class)
    void anAnswerSignedByAnotherKeyIsNoAnswer(Gateway gateway) {
        GatewayAdapter fooled = pairs.fooled(gateway, clock);
        assertThatThrownBy(() -> fooled.open(trade(answeredByAForger(gateway), "1.00")))
                .isInstanceOf(GatewayTimeout.class);
    }

    // ---- tampering at the wire (issue #10, §8); binding to our order is tested with the database ----

    GatewaySimulator.Delivery paidWeChat(String number) {
        pairs.wechat.open(trade(number, "88.00"));
        pairs.wechatSimulator.pay(number);
        return pairs.wechatSimulator.notification(
                pairs.wechatSimulator.trade(number).orElseThrow());
    }

    GatewaySimulator.Delivery paidAlipay(String number) {
        pairs.alipay.open(trade(number, "88.00"));
        pairs.alipaySimulator.pay(number);
        return pairs.alipaySimulator.notification(
                pairs.alipaySimulator.trade(number).orElseThrow());
    }

    void refusedWeChat(Map<String, String> headers, byte[] body, String reason) {
        assertThatThrownBy(() -> pairs.wechat.read(GatewaySimulator.lowerCase(headers), body, clock.instant()))
                .isInstanceOf(NotificationRefused.class)
                .hasMessageContaining(reason);
    }

    @Test
    void weChatPayNotificationsAreRefusedWhenTamperedStaleForgedOrTruncated() {
        GatewaySimulator.Delivery d = paidWeChat("GH202612060000000010");
        // a flipped byte of the body (the amount is inside the encrypted resource: any byte will do)
        byte[] flipped = d.body().clone();
        flipped[flipped.length / 2] ^= 0x01;
        refusedWeChat(d.headers(), flipped, "signature");
        // truncated
        refusedWeChat(d.headers(), Arrays.copyOf(d.body(), d.body().length - 1), "signature");
        refusedWeChat(d.headers(), new byte[0], "signature");
        // another key under the genuine serial
        WeChatPaySimulator forger = pairs.forgedWeChat(clock);
        GatewaySimulator.Delivery forged = forger.signed(d.body(), clock.instant());
        refusedWeChat(forged.headers(), d.body(), "signature");
        // an unknown serial
        Map<String, String> serial = new HashMap<>(d.headers());
        serial.put("Wechatpay-Serial", "SOMEONE_ELSE");
        refusedWeChat(serial, d.body(), "serial");
        // headers missing
        Map<String, String> missing = new HashMap<>(d.headers());
        missing.remove("Wechatpay-Nonce");
        refusedWeChat(missing, d.body(), "missing");
        // stale: signed six minutes ago, or six minutes ahead
        clock.advance(Duration.ofMinutes(6));
        refusedWeChat(d.headers(), d.body(), "window");
        clock.set(START.minus(Duration.ofMinutes(6)));
        refusedWeChat(d.headers(), d.body(), "window");
        clock.set(START);
        // a resource encrypted under another APIv3 key, signed genuinely
        ObjectNode t = pairs.wechatSimulator.transactionOf("GH202612060000000010");
        GatewaySimulator.Delivery otherKey = pairs.wechatSimulator.notification(
                t, clock.instant(), "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ".getBytes(StandardCharsets.US_ASCII));
        refusedWeChat(otherKey.headers(), otherKey.body(), "decrypt");
        // and the genuine one passes
        assertThat(pairs.wechat
                        .read(GatewaySimulator.lowerCase(d.headers()), d.body(), clock.instant())
                        .paid())
                .isTrue();
    }

    void refusedAlipay(byte[] body, String reason) {
        assertThatThrownBy(() -> pairs.alipay.read(Map.of(), body, clock.instant()))
                .isInstanceOf(NotificationRefused.class)
                .hasMessageContaining(reason);
    }

    @Test
    void alipayNotificationsAreRefusedWhenTamperedStaleForgedOrTruncated() {
        GatewaySimulator.Delivery d = paidAlipay("GH202612060000000011");
        Map<String, String> form = Alipay.form(d.body());
        // the amount flipped after signing
        Map<String, String> flipped = new LinkedHashMap<>(form);
        flipped.put("total_amount", "8.80");
        refusedAlipay(Alipay.encode(flipped).getBytes(StandardCharsets.UTF_8), "signature");
        // another seller, after signing
        Map<String, String> seller = new LinkedHashMap<>(form);
        seller.put("seller_id", "2088999999999999");
        refusedAlipay(Alipay.encode(seller).getBytes(StandardCharsets.UTF_8), "signature");
        // truncated
        refusedAlipay(Arrays.copyOf(d.body(), d.body().length - 3), "");
        // sign_type other than RSA2
        Map<String, String> rsa = new LinkedHashMap<>(form);
        rsa.put("sign_type", "RSA");
        refusedAlipay(Alipay.encode(rsa).getBytes(StandardCharsets.UTF_8), "RSA2");
        // signed by another key
        GatewaySimulator.Delivery forged = pairs.forgedAlipay(clock)
                .notification(pairs.alipaySimulator.fieldsOf("GH202612060000000011"), clock.instant());
        refusedAlipay(forged.body(), "signature");
        // stale
        clock.advance(Duration.ofMinutes(6));
        refusedAlipay(d.body(), "window");
        clock.set(START);
        // a field twice, or not a form at all
        refusedAlipay(
                (new String(d.body(), StandardCharsets.UTF_8) + "&trade_status=TRADE_SUCCESS")
                        .getBytes(StandardCharsets.UTF_8),
                "twice");
        refusedAlipay(new byte[] {(byte) 0xff, (byte) 0xfe}, "UTF-8");
        assertThat(pairs.alipay.read(Map.of(), d.body(), clock.instant()).paid())
                .isTrue();
    }

    // ---- bill files ----

    @Test
    void theDailyBillFilesHaveTheGatewaysShape() {
        paidWeChat("GH202612060000000012");
        paidAlipay("GH202612060000000013");
        LocalDate day = LocalDate.ofInstant(START, ZoneId.of("Asia/Shanghai"));
        String wechat = new String(pairs.wechatSimulator.billFile(day), StandardCharsets.UTF_8);
        String[] lines = wechat.split("\r\n");
        assertThat(lines[0]).startsWith("交易时间,公众账号ID,商户号,");
        assertThat(lines[1])
                .startsWith("`2026-12-06 10:00:00,`wxd678efh567hg6787,`1900000109,")
                .contains("`GH202612060000000012,");
        assertThat(lines[1].split(",", -1)).hasSize(27).allMatch(f -> f.startsWith("`"));
        assertThat(lines[2]).startsWith("总交易单数,");
        assertThat(lines[3]).isEqualTo("`1,`88.00,`0.00,`0.00,`0.52800,`88.00,`0.00");

        String alipay = new String(pairs.alipaySimulator.billFile(day), Charset.forName("GBK"));
        assertThat(alipay).startsWith("#支付宝业务明细查询\r\n#账号：[2088000000000001");
        assertThat(alipay)
                .contains(",GH202612060000000013\t,交易,电费缴费,")
                .contains(",88.00,88.00,")
                .contains("#交易合计：1笔，退款合计：0笔");
        assertThat(pairs.wechatSimulator.billFile(day.plusDays(1)))
                .asString(StandardCharsets.UTF_8)
                .contains("`0,`0.00");
    }
}
