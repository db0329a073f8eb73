package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.gridhall.shared.Money;
import io.gridhall.testing.MovingClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateways' trade bills (issue #10, §5): fetched through each gateway's download API from its simulator (signed
 * answers verified, WeChat's digest checked), read back to exactly the paid trades; malformed files refused with a
 * clear reason; each reader fed mutations and random content only refuses (never throws anything else, never reads
 * lines out of what does not add up).
 */
class GatewayBillTests {

    static final Instant START = Instant.parse("2026-12-05T02:00:00Z");
    static final LocalDate DAY = LocalDate.of(2026, 12, 5);
    final MovingClock clock = new MovingClock(START, ZoneId.of("Asia/Shanghai"));
    final SimulatedPairs pairs = new SimulatedPairs(clock);

    void payThree(GatewayAdapter adapter, GatewaySimulator simulator) {
        for (int i = 1; i <= 3; i++) {
            String number = "GH2026120500000001" + i + adapter.gateway().ordinal();
            adapter.open(new GatewayAdapter.Trade(
                    number, Money.yuan(i + "0.05"), "电费缴费", START.plus(Duration.ofMinutes(15))));
            assertThat(simulator.pay(number)).isTrue();
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofDays(1));
    }

    @Test
    void weChatPaysTradeBillIsFetchedVerifiedAndReadToThePaidTrades() {
        payThree(pairs.wechat, pairs.wechatSimulator);
        byte[] file = pairs.wechat.download(DAY);
        List<GatewayBills.BillLine> lines = pairs.wechat.read(file);
        assertThat(lines).hasSize(3);
        assertThat(lines)
                .extracting(GatewayBills.BillLine::amount)
                .containsExactly(Money.yuan("10.05"), Money.yuan("20.05"), Money.yuan("30.05"));
        GatewaySimulator.SimTrade first =
                pairs.wechatSimulator.trade(lines.getFirst().orderNumber()).orElseThrow();
        assertThat(lines.getFirst().transactionId()).isEqualTo(first.transactionId);
        assertThat(lines.getFirst().completedAt())
                .isEqualTo(first.paidAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        // a day without trades: WeChat Pay has no file, the bill is empty
        assertThat(pairs.wechat.read(pairs.wechat.download(DAY.minusDays(1)))).isEmpty();
    }

    @Test
    void alipaysZippedGbkBillIsFetchedAndReadToThePaidTrades() {
        payThree(pairs.alipay, pairs.alipaySimulator);
        byte[] zip = pairs.alipay.download(DAY);
        assertThat(zip[0]).isEqualTo((byte) 'P');
        List<GatewayBills.BillLine> lines = pairs.alipay.read(zip);
        assertThat(lines)
                .extracting(GatewayBills.BillLine::amount)
                .containsExactly(Money.yuan("10.05"), Money.yuan("20.05"), Money.yuan("30.05"));
        assertThat(lines.getFirst().transactionId()).doesNotContain("\t");
        assertThat(pairs.alipay.read(pairs.alipay.download(DAY.minusDays(1)))).isEmpty();
    }

    @Test
    void aGatewayThatDoesNotAnswerIsATimeoutAndATomorrowBillIsNotThereYet() {
        pairs.wechatSimulator.timeoutPercent(100);
        pairs.alipaySimulator.timeoutPercent(100);
        assertThatThrownBy(() -> pairs.wechat.download(DAY)).isInstanceOf(GatewayTimeout.class);
        assertThatThrownBy(() -> pairs.alipay.download(DAY)).isInstanceOf(GatewayTimeout.class);
        pairs.wechatSimulator.timeoutPercent(0);
        assertThatThrownBy(() -> pairs.wechat.download(DAY.plusDays(10))).isInstanceOf(GatewayTimeout.class);
    }

    @Test
    void aForgedTradeBillAnswerIsNotBelieved() {
        WeChatPay fooled = new WeChatPay(
                pairs.wechatKeys,
                SimulatedPairs.forger(pairs.wechatSimulator, clock),
                clock,
                Duration.ofMinutes(5),
                "https://example.org/n");
        assertThatThrownBy(() -> fooled.download(DAY)).isInstanceOf(GatewayTimeout.class);
    }

    @Test
    void weChatPayBillsThatDoNotAddUpAreRefusedWithTheReason() {
        payThree(pairs.wechat, pairs.wechatSimulator);
        String bill = new String(pairs.wechatSimulator.billFile(DAY), StandardCharsets.UTF_8);
        assertThatThrownBy(() ->
                        WeChatPayBill.read(bill.replace("`60.15,", "`60.16,").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("settled total");
        assertThatThrownBy(() ->
                        WeChatPayBill.read(bill.replace("\r\n`3,", "\r\n`4,").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("counts 4 trades but lists 3");
        assertThatThrownBy(() -> WeChatPayBill.read(bill.replace("交易时间", "时间").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("header");
        String cut = bill.substring(0, bill.indexOf(WeChatPayBill.TOTALS));
        assertThatThrownBy(() -> WeChatPayBill.read(cut.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no totals");
    }

    @Test
    void alipayBillsThatDoNotAddUpAreRefusedWithTheReason() {
        payThree(pairs.alipay, pairs.alipaySimulator);
        String csv = new String(pairs.alipaySimulator.billFile(DAY), AlipayBill.GBK);
        assertThatThrownBy(() ->
                        AlipayBill.readDetail(csv.replace("交易合计：3笔", "交易合计：2笔").getBytes(AlipayBill.GBK)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counts 2 trades");
        assertThatThrownBy(() ->
                        AlipayBill.readDetail(csv.replace("商户订单号,", "订单号,").getBytes(AlipayBill.GBK)))
                .hasMessageContaining("25 columns");
        assertThatThrownBy(() -> AlipayBill.read(csv.getBytes(AlipayBill.GBK))).hasMessageContaining("not a zip");
        assertThatThrownBy(() -> AlipayBill.read(AlipayBill.zip("x", new byte[0], new byte[0])))
                .hasMessageContaining("not an Alipay");
    }

    @Test
    void theHttpTransportCarriesABinaryAnswerByteForByteAndTextInItsCharset() {
        assertThat(HttpGatewayTransport.charset("application/octet-stream")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(HttpGatewayTransport.charset("application/zip")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(HttpGatewayTransport.charset("text/csv; charset=GBK")).isEqualTo(AlipayBill.GBK);
        assertThat(HttpGatewayTransport.charset("application/json")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(HttpGatewayTransport.charset("text/plain;charset=\"nonsense\""))
                .isEqualTo(StandardCharsets.UTF_8);
        assertThat(HttpGatewayTransport.charset(null)).isEqualTo(StandardCharsets.UTF_8);
        byte[] zip = AlipayBill.zip("x", "#".getBytes(AlipayBill.GBK), new byte[0]);
        assertThat(new String(zip, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo(zip);
    }

    /** Reads or refuses; anything but a refusal fails the test. */
    static List<GatewayBills.BillLine> readOrRefuse(java.util.function.Supplier<List<GatewayBills.BillLine>> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }

    @Test
    void weChatPaysReaderOnlyRefusesMutationsAndNeverReadsAChangedAmountThatDoesNotAddUp() {
        payThree(pairs.wechat, pairs.wechatSimulator);
        byte[] bill = pairs.wechatSimulator.billFile(DAY);
        List<GatewayBills.BillLine> genuine = WeChatPayBill.read(bill);
        long sum = genuine.stream().mapToLong(l -> l.amount().fen()).sum();
        qt().forAll(NotificationParserFuzzTests.mutations()).checkAssert(m -> {
            byte[] b = NotificationParserFuzzTests.mutate(bill, m);
            List<GatewayBills.BillLine> lines = readOrRefuse(() -> WeChatPayBill.read(b));
            if (lines != null && lines.size() == genuine.size())
                assertThat(lines.stream().mapToLong(l -> l.amount().fen()).sum())
                        .as("what is read adds up to the totals")
                        .isEqualTo(sum);
        });
        qt().forAll(strings().allPossible().ofLengthBetween(0, 400)).checkAssert(text -> {
            readOrRefuse(() -> WeChatPayBill.read(text.getBytes(StandardCharsets.UTF_8)));
            readOrRefuse(
                    () -> WeChatPayBill.read((WeChatPayBill.HEADER + "\r\n" + text).getBytes(StandardCharsets.UTF_8)));
        });
    }

    @Test
    void alipaysReaderOnlyRefusesMutationsOfTheZipAndOfTheCsv() {
        payThree(pairs.alipay, pairs.alipaySimulator);
        byte[] csv = pairs.alipaySimulator.billFile(DAY);
        byte[] zip = AlipayBill.zip("2088000000000001_20261205", csv, new byte[0]);
        int trades = AlipayBill.read(zip).size();
        qt().forAll(NotificationParserFuzzTests.mutations()).checkAssert(m -> {
            readOrRefuse(() -> AlipayBill.read(NotificationParserFuzzTests.mutate(zip, m)));
            byte[] b = NotificationParserFuzzTests.mutate(csv, m);
            List<GatewayBills.BillLine> lines = readOrRefuse(() -> AlipayBill.readDetail(b));
            if (lines != null && !Arrays.equals(b, csv)) assertThat(lines).hasSizeLessThanOrEqualTo(trades);
        });
        qt().forAll(strings().allPossible().ofLengthBetween(0, 400)).checkAssert(text -> {
            readOrRefuse(() -> AlipayBill.readDetail(text.getBytes(AlipayBill.GBK)));
            readOrRefuse(() -> AlipayBill.readDetail(
                    (AlipayBill.TITLE + "\r\n" + AlipayBill.HEADER + "\r\n" + text).getBytes(AlipayBill.GBK)));
        });
    }
}
