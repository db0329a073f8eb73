package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.gridhall.payment.Gateway;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

    /** Two paid trades of the day; the first paid back in part, the second in two parts to the last fen. */
    List<GatewaySimulator.SimTrade> payTwoAndRefundThree(Gateway gateway) {
        GatewayAdapter adapter = pairs.adapter(gateway);
        GatewaySimulator simulator = pairs.simulator(gateway);
        List<GatewaySimulator.SimTrade> paid = new java.util.ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            String number = "GH2026120500000002" + i + gateway.ordinal();
            adapter.open(new GatewayAdapter.Trade(
                    number, Money.yuan(i + "0.00"), "电费缴费", clock.instant().plusSeconds(900)));
            assertThat(simulator.pay(number)).isTrue();
            paid.add(simulator.trade(number).orElseThrow());
            clock.advance(Duration.ofMinutes(1));
        }
        refund(adapter, paid.get(0), "RF202612050000000" + gateway.ordinal() + "1N1", "3.00");
        refund(adapter, paid.get(1), "RF202612050000000" + gateway.ordinal() + "2N1", "5.50");
        refund(adapter, paid.get(1), "RF202612050000000" + gateway.ordinal() + "2N2", "14.50");
        clock.advance(Duration.ofDays(1));
        return paid;
    }

    void refund(GatewayAdapter adapter, GatewaySimulator.SimTrade t, String number, String yuan) {
        GatewayAdapter.RefundStatus s =
                adapter.refund(t.orderNumber, t.transactionId, number, Money.yuan(yuan), Money.fen(t.amount));
        assertThat(s.state()).isIn(GatewayAdapter.RefundState.SUCCEEDED, GatewayAdapter.RefundState.PENDING);
        clock.advance(Duration.ofMinutes(1));
    }

    @ParameterizedTest
    @EnumSource(Gateway.class)
    void eachGatewaysBillListsItsRefundsUnderThePaymentWithOurRefundNumber(Gateway gateway) {
        List<GatewaySimulator.SimTrade> paid = payTwoAndRefundThree(gateway);
        GatewayBills bills = pairs.bills(gateway);
        List<GatewayBills.BillLine> lines = bills.read(bills.download(DAY));
        assertThat(lines.stream().filter(l -> !l.isRefund()))
                .extracting(GatewayBills.BillLine::transactionId, GatewayBills.BillLine::amount)
                .containsExactly(
                        tuple(paid.get(0).transactionId, Money.yuan("10.00")),
                        tuple(paid.get(1).transactionId, Money.yuan("20.00")));
        assertThat(lines.stream().filter(GatewayBills.BillLine::isRefund))
                .extracting(
                        GatewayBills.BillLine::refundNumber,
                        GatewayBills.BillLine::transactionId,
                        GatewayBills.BillLine::amount)
                .containsExactly(
                        tuple(
                                "RF202612050000000" + gateway.ordinal() + "1N1",
                                paid.get(0).transactionId,
                                Money.yuan("-3.00")),
                        tuple(
                                "RF202612050000000" + gateway.ordinal() + "2N1",
                                paid.get(1).transactionId,
                                Money.yuan("-5.50")),
                        tuple(
                                "RF202612050000000" + gateway.ordinal() + "2N2",
                                paid.get(1).transactionId,
                                Money.yuan("-14.50")));
        assertThat(lines.stream().map(GatewayBills.BillLine::amount).reduce(Money.ZERO, Money::plus))
                .as("the day net of its refunds")
                .isEqualTo(Money.yuan("7.00"));
        // a refund is billed on the day it was made, not the payment's
        assertThat(bills.read(bills.download(DAY.plusDays(1)))).isEmpty();
    }

    @Test
    void refundLinesThatDoNotAddUpOrNameNoRefundAreRefused() {
        payTwoAndRefundThree(Gateway.WECHAT);
        String wechat = new String(pairs.wechatSimulator.billFile(DAY), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WeChatPayBill.read(
                        wechat.replace(",`23.00,`0.00,", ",`23.01,`0.00,").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("refunded total");
        assertThatThrownBy(() -> WeChatPayBill.read(wechat.replace("`ORIGINAL,`SUCCESS", "`ORIGINAL,`PROCESSING")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("did not succeed");
        payTwoAndRefundThree(Gateway.ALIPAY);
        String alipay = new String(pairs.alipaySimulator.billFile(DAY.plusDays(1)), AlipayBill.GBK);
        assertThat(alipay).contains("退款合计：3笔");
        assertThatThrownBy(() -> AlipayBill.readDetail(
                        alipay.replace("退款合计：3笔", "退款合计：2笔").getBytes(AlipayBill.GBK)))
                .hasMessageContaining("2 refunds but lists 2 and 3");
        assertThatThrownBy(() -> AlipayBill.readDetail(
                        alipay.replaceAll("RF20261205000000012N1\t", "").getBytes(AlipayBill.GBK)))
                .hasMessageContaining("an id that is not one");
        payTwoAndRefundThree(Gateway.EPAY);
        String epay = new String(pairs.epaySimulator.billFile(DAY.plusDays(2)), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> pairs.epay.read(
                        epay.replace(",RF20261205000000032N1", ",").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("without its refund number");
        payTwoAndRefundThree(Gateway.UNIONPAY);
        String zm = new String(pairs.unionPaySimulator.billFile(DAY.plusDays(3)), StandardCharsets.US_ASCII);
        String refundLine =
                zm.lines().filter(l -> l.startsWith("S30")).findFirst().orElseThrow();
        assertThatThrownBy(() -> pairs.unionPay.read(zm.replace(
                                refundLine, refundLine.substring(0, refundLine.length() - 21) + " ".repeat(21))
                        .getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("original trade");
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

    /** A refund of the first trade of the day, made that day: the readers' fuzzing sees refund lines too. */
    static void refundOnTheDay(GatewaySimulator simulator, String refundNumber) {
        GatewaySimulator.SimTrade t = simulator.paidOn(DAY).getFirst();
        assertThat(simulator.refundTrade(t.orderNumber, refundNumber, 1_001).refund())
                .isNotNull();
        assertThat(simulator.refundedAt(
                        refundNumber,
                        DAY.atTime(20, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant()))
                .isTrue();
    }

    @Test
    void weChatPaysReaderOnlyRefusesMutationsAndNeverReadsAChangedAmountThatDoesNotAddUp() {
        payThree(pairs.wechat, pairs.wechatSimulator);
        refundOnTheDay(pairs.wechatSimulator, "RF20261205000000001N1");
        byte[] bill = pairs.wechatSimulator.billFile(DAY);
        List<GatewayBills.BillLine> genuine = WeChatPayBill.read(bill);
        assertThat(genuine).filteredOn(GatewayBills.BillLine::isRefund).hasSize(1);
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
        refundOnTheDay(pairs.alipaySimulator, "RF20261205000000001N1");
        byte[] csv = pairs.alipaySimulator.billFile(DAY);
        byte[] zip = AlipayBill.zip("2088000000000001_20261205", csv, new byte[0]);
        int trades = AlipayBill.read(zip).size();
        assertThat(trades).isEqualTo(4);
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
