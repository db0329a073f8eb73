package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.shared.HtmlPdf;
import io.gridhall.shared.Money;
import io.gridhall.testing.MovingClock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tax platform adapter against its simulator, both ways signed (ADR 0021, PAY-11, #10): issuing late, requests
 * taken once per serial number, answers lost after the platform acted, tampered, replayed, stale and forged messages,
 * the platform's refusals with its reason, and red invoices.
 */
class TaxPlatformAdapterTests {

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final BigDecimal VAT = new BigDecimal("0.13");

    MovingClock clock;
    TaxPlatformSimulator platform;
    SignedTaxPlatform adapter;
    int serial;

    @BeforeEach
    void platform() {
        clock = new MovingClock(Instant.parse("2026-12-06T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
        SignedTaxPlatform.Keys keys = TaxPlatformSimulator.newKeys();
        platform = new TaxPlatformSimulator(
                keys,
                clock,
                WINDOW,
                new HtmlPdf(
                        "payment/",
                        Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
                        "WenQuanYiZenHei",
                        "gridhall.document.font"),
                "GridHall 供电服务",
                new TaxPlatformSimulator.Behaviour(Duration.ofSeconds(30), Duration.ofMinutes(2), 0),
                7L);
        adapter = new SignedTaxPlatform(keys, platform, clock, WINDOW);
    }

    TaxPlatform.Request blue(TaxPlatform.Buyer buyer, String yuan) {
        InvoiceAmounts a = InvoiceAmounts.split(Money.yuan(yuan), VAT);
        return new TaxPlatform.Request(
                "GHI20261206" + String.format("%08d", ++serial),
                IssuingInvoices.Kind.BLUE,
                buyer,
                List.of(new TaxPlatform.Line("*供电*电费", "1100101000000000000", VAT, a.total(), a.net(), a.tax())),
                a.total(),
                a.net(),
                a.tax(),
                null,
                null);
    }

    TaxPlatform.Request red(TaxPlatform.Request blue, String originalNumber, String reason) {
        InvoiceAmounts a = new InvoiceAmounts(blue.total(), blue.net(), blue.tax()).negate();
        TaxPlatform.Line l = blue.lines().getFirst();
        return new TaxPlatform.Request(
                "GHI20261206" + String.format("%08d", ++serial),
                IssuingInvoices.Kind.RED,
                blue.buyer(),
                List.of(new TaxPlatform.Line(l.name(), l.taxCode(), l.taxRate(), a.total(), a.net(), a.tax())),
                a.total(),
                a.net(),
                a.tax(),
                originalNumber,
                reason);
    }

    static TaxPlatform.Buyer person() {
        return new TaxPlatform.Buyer(IssuingInvoices.BuyerType.PERSON, "张三", null);
    }

    static TaxPlatform.Buyer company() {
        return new TaxPlatform.Buyer(IssuingInvoices.BuyerType.COMPANY, "杭州示例科技有限公司", "91350100M000100Y43");
    }

    TaxPlatform.Status issue(TaxPlatform.Request r) {
        assertThat(adapter.submit(r).state()).isEqualTo(TaxPlatform.State.ACCEPTED);
        clock.advance(Duration.ofMinutes(3));
        TaxPlatform.Status s = adapter.query(r.requestNumber());
        assertThat(s.state()).isEqualTo(TaxPlatform.State.ISSUED);
        return s;
    }

    @Test
    void issuesAfterItsDelayWithATwentyDigitNumberAndItsFiles() {
        TaxPlatform.Request r = blue(person(), "100.00");
        assertThat(adapter.submit(r).state()).isEqualTo(TaxPlatform.State.ACCEPTED);
        assertThat(adapter.query(r.requestNumber()).state()).isEqualTo(TaxPlatform.State.PENDING);
        clock.advance(Duration.ofSeconds(30));
        TaxPlatform.Status s = adapter.query(r.requestNumber());
        assertThat(s.state()).isEqualTo(TaxPlatform.State.ISSUED);
        assertThat(s.invoiceNumber()).matches("26[0-9]{18}");
        assertThat(s.issuedAt()).isEqualTo(Instant.parse("2026-12-06T02:00:30Z"));
        assertThat(new String(s.pdf(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(s.xml()).contains("<InvoiceNumber>" + s.invoiceNumber() + "</InvoiceNumber>", "<Tax>11.50</Tax>");
        assertThat(adapter.query("GHI2026120699999999").state()).isEqualTo(TaxPlatform.State.NOT_FOUND);
    }

    @Test
    void theSameSerialNumberIsTheSameRequestAndOtherContentUnderItIsRefused() {
        TaxPlatform.Request r = blue(person(), "80.00");
        adapter.submit(r);
        adapter.submit(r);
        adapter.submit(r);
        assertThat(platform.requests()).hasSize(1);
        TaxPlatform.Request other = new TaxPlatform.Request(
                r.requestNumber(), r.kind(), company(), r.lines(), r.total(), r.net(), r.tax(), null, null);
        TaxPlatform.Status s = adapter.submit(other);
        assertThat(s.state()).isEqualTo(TaxPlatform.State.REFUSED);
        assertThat(s.reason()).contains("流水号重复");
        clock.advance(Duration.ofMinutes(1));
        assertThat(adapter.query(r.requestNumber()).state()).isEqualTo(TaxPlatform.State.ISSUED);
    }

    @Test
    void anAnswerLostAfterThePlatformActedIsATimeoutAndTheQuerySettlesIt() {
        TaxPlatform.Request r = blue(company(), "250.37");
        platform.dropNext(1, true);
        assertThatThrownBy(() -> adapter.submit(r)).isInstanceOf(GatewayTimeout.class);
        clock.advance(Duration.ofMinutes(1));
        TaxPlatform.Status s = adapter.query(r.requestNumber());
        assertThat(s.state()).isEqualTo(TaxPlatform.State.ISSUED);
        // a request lost before it arrived: the query says NOT_FOUND, so it may be sent again under its number
        TaxPlatform.Request lost = blue(company(), "10.00");
        platform.dropNext(1, false);
        assertThatThrownBy(() -> adapter.submit(lost)).isInstanceOf(GatewayTimeout.class);
        assertThat(adapter.query(lost.requestNumber()).state()).isEqualTo(TaxPlatform.State.NOT_FOUND);
        assertThat(adapter.submit(lost).state()).isEqualTo(TaxPlatform.State.ACCEPTED);
    }

    @Test
    void refusesWhatThePlatformRefusesWithItsReason() {
        TaxPlatform.Status badId = adapter.submit(
                blue(new TaxPlatform.Buyer(IssuingInvoices.BuyerType.COMPANY, "某公司", "91350100M000100Y44"), "10.00"));
        assertThat(badId.state()).isEqualTo(TaxPlatform.State.REFUSED);
        assertThat(badId.reason()).isEqualTo("购买方纳税人识别号校验不通过");

        platform.irregular("91350100M000100Y43");
        TaxPlatform.Status irregular = adapter.submit(blue(company(), "10.00"));
        assertThat(irregular.reason()).contains("非正常户");

        // a line whose tax is off by two fen
        TaxPlatform.Request r = blue(person(), "113.00");
        TaxPlatform.Line bad = new TaxPlatform.Line(
                "*供电*电费", "1100101000000000000", VAT, Money.yuan("113.00"), Money.yuan("99.98"), Money.yuan("13.02"));
        TaxPlatform.Status off = adapter.submit(new TaxPlatform.Request(
                r.requestNumber(), r.kind(), r.buyer(), List.of(bad), bad.total(), bad.net(), bad.tax(), null, null));
        assertThat(off.reason()).isEqualTo("明细税额误差超出0.01元");
    }

    @Test
    void aRedInvoiceCancelsItsBlueOneExactlyAndOnlyOnce() {
        TaxPlatform.Request b = blue(person(), "100.00");
        TaxPlatform.Status issued = issue(b);

        // amounts that do not cancel the blue one are refused
        TaxPlatform.Request wrong = red(blue(person(), "99.00"), issued.invoiceNumber(), "抬头有误");
        assertThat(adapter.submit(wrong).reason()).isEqualTo("红字发票信息与蓝字发票不符");
        // a red invoice for a number the platform never issued
        assertThat(adapter.submit(red(b, "26330000000000000001", "抬头有误")).reason())
                .isEqualTo("对应蓝字发票不存在");

        TaxPlatform.Request r = red(b, issued.invoiceNumber(), "抬头有误");
        TaxPlatform.Status redIssued = issue(r);
        assertThat(redIssued.invoiceNumber()).isNotEqualTo(issued.invoiceNumber());
        assertThat(redIssued.xml()).contains("<Kind>RED</Kind>", "<Total>-100.00</Total>");
        assertThat(adapter.submit(red(b, issued.invoiceNumber(), "再次红冲")).reason())
                .isEqualTo("蓝字发票已全额红冲");
    }

    @Test
    void aCompanysRedInvoiceWaitsForTheBuyersConfirmation() {
        TaxPlatform.Request b = blue(company(), "500.00");
        TaxPlatform.Status issued = issue(b);
        TaxPlatform.Request r = red(b, issued.invoiceNumber(), "抬头有误");
        adapter.submit(r);
        clock.advance(Duration.ofSeconds(31));
        assertThat(adapter.query(r.requestNumber()).state()).isEqualTo(TaxPlatform.State.PENDING);
        clock.advance(Duration.ofMinutes(2));
        assertThat(adapter.query(r.requestNumber()).state()).isEqualTo(TaxPlatform.State.ISSUED);
    }

    @Test
    void theSimulatorRefusesTamperedReplayedStaleAndForeignRequestsAndChangesNothing() {
        TaxPlatform.Request r = blue(person(), "42.00");
        AtomicReference<GatewayTransport.Request> seen = new AtomicReference<>();
        SignedTaxPlatform recording = new SignedTaxPlatform(
                platform.keys(),
                req -> {
                    seen.set(req);
                    return platform.exchange(req);
                },
                clock,
                WINDOW);
        recording.submit(r);
        GatewayTransport.Request sent = seen.get();
        assertThat(platform.requests()).hasSize(1);

        // the same message again: its nonce was seen
        assertThat(platform.exchange(sent).status()).isEqualTo(401);
        // another amount under the same signature
        String body = sent.body().replace("\"42.00\"", "\"4.20\"");
        Map<String, String> fresh = new LinkedHashMap<>(sent.headers());
        fresh.put("X-Nonce", "aaaaaaaaaaaaaaaa");
        assertThat(platform.exchange(new GatewayTransport.Request("POST", sent.path(), fresh, body))
                        .status())
                .isEqualTo(401);
        // signed with another secret
        Map<String, String> forged = SignedTaxPlatform.sign(
                platform.keys().appId(),
                "another secret of thirty-two by".getBytes(StandardCharsets.UTF_8),
                "POST",
                sent.path(),
                clock.instant(),
                "bbbbbbbbbbbbbbbb",
                sent.body());
        assertThat(platform.exchange(new GatewayTransport.Request("POST", sent.path(), forged, sent.body()))
                        .status())
                .isEqualTo(401);
        // signed rightly, six minutes ago
        Map<String, String> stale = SignedTaxPlatform.sign(
                platform.keys().appId(),
                platform.keys().secret(),
                "POST",
                sent.path(),
                clock.instant().minus(Duration.ofMinutes(6)),
                "cccccccccccccccc",
                sent.body());
        assertThat(platform.exchange(new GatewayTransport.Request("POST", sent.path(), stale, sent.body()))
                        .status())
                .isEqualTo(401);
        assertThat(platform.requests()).hasSize(1);
        assertThat(platform.requests()
                        .values()
                        .iterator()
                        .next()
                        .body
                        .path("total")
                        .asString())
                .isEqualTo("42.00");
    }

    @Test
    void theAdapterBelievesNoAnswerThatIsForgedAlteredOrForAnotherRequest() {
        TaxPlatform.Request r = blue(person(), "42.00");
        // an answer altered on the way
        SignedTaxPlatform altered = new SignedTaxPlatform(
                platform.keys(),
                req -> {
                    GatewayTransport.Response a = platform.exchange(req);
                    return new GatewayTransport.Response(
                            a.status(), a.headers(), a.body().replace("ACCEPTED", "REFUSED"));
                },
                clock,
                WINDOW);
        assertThatThrownBy(() -> altered.submit(r)).isInstanceOf(GatewayTimeout.class);
        // a genuine answer, but to another request (a replayed answer)
        TaxPlatform.Request other = blue(person(), "1.00");
        adapter.submit(other);
        SignedTaxPlatform replayed = new SignedTaxPlatform(
                platform.keys(),
                req -> platform.exchange(new GatewayTransport.Request(
                        req.method(),
                        req.path(),
                        SignedTaxPlatform.sign(
                                platform.keys().appId(),
                                platform.keys().secret(),
                                req.method(),
                                req.path(),
                                clock.instant(),
                                Long.toHexString(System.nanoTime()),
                                req.body().replace(r.requestNumber(), other.requestNumber())),
                        req.body().replace(r.requestNumber(), other.requestNumber()))),
                clock,
                WINDOW);
        assertThatThrownBy(() -> replayed.query(r.requestNumber())).isInstanceOf(GatewayTimeout.class);
        // an answer signed by someone without the secret
        SignedTaxPlatform.Keys mine = new SignedTaxPlatform.Keys(
                platform.keys().appId(),
                "not the platform's secret".getBytes(StandardCharsets.UTF_8),
                platform.keys().sellerTaxId());
        assertThatThrownBy(() -> new SignedTaxPlatform(mine, platform, clock, WINDOW).submit(r))
                .isInstanceOf(GatewayTimeout.class); // the platform refuses our request: 401
    }
}
