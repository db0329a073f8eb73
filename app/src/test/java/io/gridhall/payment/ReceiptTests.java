package io.gridhall.payment;

import static io.gridhall.payment.Accounts.bill;
import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** PAY-11: a payment's receipt as PDF, its QR code, and what the code answers to anyone who scans it (#10). */
@PaymentTest
class ReceiptTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    Accounts.Household h;
    Accounts.Household elsewhere;
    Actor clerk;
    BillsIssued.IssuedBill september;
    BillsIssued.IssuedBill october;

    @BeforeEach
    void accounts() {
        h = Accounts.household(customers, 2);
        elsewhere = Accounts.household(customers, 1);
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        october = bill(h, h.first(), LocalDate.of(2026, 10, 1), "100.00");
        september = bill(h, h.first(), LocalDate.of(2026, 9, 1), "60.00");
        ledger.receive(new BillsIssued(List.of(october, september)));
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    /** A counter payment through the API, as the counter page takes it: its posting id. */
    long payAtTheCounter(String body) throws Exception {
        String receipt = mvc.perform(post("/api/v1/payment/counter-payments")
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .header(IdempotentRequests.HEADER, UUID.randomUUID().toString())
                        .content(body))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return ((Number) JsonPath.read(receipt, "$.postingId")).longValue();
    }

    byte[] receipt(Actor actor, long account, long posting) throws Exception {
        return mvc.perform(get("/api/v1/payment/accounts/{a}/postings/{p}/receipt.pdf", account, posting)
                        .with(as(actor)))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .contentType(MediaType.APPLICATION_PDF))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
    }

    /** Kept under target/receipt-documents for a look at the layout. */
    static void keep(String name, byte[] pdf) throws Exception {
        Path dir = Path.of("target", "receipt-documents");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), pdf);
    }

    static String text(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(doc);
        }
    }

    /** The QR code printed on the first page, read back from the PDF's image. */
    static String qr(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDResources resources = doc.getPage(0).getResources();
            for (COSName name : resources.getXObjectNames()) {
                if (resources.getXObject(name) instanceof PDImageXObject image) {
                    return io.gridhall.shared.QrImages.read(image.getImage());
                }
            }
        }
        throw new AssertionError("no image on the receipt");
    }

    static String token(String verifyUrl) {
        return verifyUrl.substring(verifyUrl.lastIndexOf('/') + 1);
    }

    @Test
    void aCounterPaymentsReceiptShowsTheClerkTheBillsItSettledTheCreditAndVerifies() throws Exception {
        long posting = payAtTheCounter("""
                {"channel": "CASH", "shares": [{"accountId": %d, "amount": "170.00"},
                                               {"accountId": %d, "amount": "5.50"}]}""".formatted(h.first(), h.accounts()[1]));
        String number = ledger.posting(posting).orElseThrow().reference();
        String account = customers.account(h.first()).orElseThrow().accountNumber();

        byte[] pdf = receipt(clerk, h.first(), posting);
        keep("counter.pdf", pdf);
        String text = text(pdf);
        assertThat(text)
                .contains("电费缴费凭证", number, account, "柜台现金", "收款员", "测试员")
                .contains("¥170.00", "人民币壹佰柒拾元整")
                .contains(september.billNumber(), "2026-09-01 至 2026-09-30", "¥60.00")
                .contains(october.billNumber(), "2026-10-01 至 2026-10-31", "¥100.00")
                .contains("转入预存", "¥10.00")
                // the other account's part is its own receipt's
                .doesNotContain("¥5.50", "¥175.50", "冲正");

        String url = qr(pdf);
        assertThat(url)
                .startsWith("http://localhost/api/v1/public/payment/receipts/")
                .endsWith(token(url));
        assertThat(text.replaceAll("\\s", "")).contains(url);
        mvc.perform(get("/api/v1/public/payment/receipts/{t}", token(url)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.genuine").value(true))
                .andExpect(jsonPath("$.receiptNumber").value(number))
                .andExpect(jsonPath("$.status").value("PAID"))
                .andExpect(jsonPath("$.channel").value("CASH"))
                .andExpect(jsonPath("$.accountNumber").value(account.substring(0, 4) + "****" + account.substring(8)))
                .andExpect(jsonPath("$.amount").value(170.0))
                .andExpect(jsonPath("$.reversedAt").doesNotExist());

        // the second account's receipt: 5.50 held as credit, nothing settled
        String second = text(receipt(clerk, h.accounts()[1], posting));
        assertThat(second).contains(number, "¥5.50", "人民币伍元伍角整", "全额转入预存").doesNotContain("¥170.00");
    }

    @Test
    void aGatewayPaymentsReceiptNamesTheTransactionAndItsCustomerGetsIt() throws Exception {
        String txn = "WX" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        long posting = ledger.pay(new Pay(
                        "gateway:WECHAT:" + txn,
                        PostingKind.PAYMENT,
                        PaymentChannel.GATEWAY,
                        List.of(new Pay.Share(h.first(), Money.yuan("60.00"))),
                        txn,
                        null))
                .postingId();
        Actor customer = Actors.customer();
        customers.bind(customer.userId(), h.first());

        byte[] pdf = receipt(customer, h.first(), posting);
        keep("gateway.pdf", pdf);
        String text = text(pdf);
        assertThat(text)
                .contains("网上缴费（第三方支付）", "支付交易号", txn, "¥60.00", "人民币陆拾元整", september.billNumber())
                .contains("E"
                        + ledger.posting(posting)
                                .orElseThrow()
                                .businessDate()
                                .toString()
                                .replace("-", ""))
                .doesNotContain("收款员", "转入预存");
        mvc.perform(get("/api/v1/public/payment/receipts/{t}", token(qr(pdf))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.channel").value("GATEWAY"))
                .andExpect(jsonPath("$.amount").value(60.0));
    }

    @Test
    void aReversedPaymentsReceiptAndItsVerificationSayItWasReversed() throws Exception {
        long posting = payAtTheCounter("""
                {"channel": "CARD", "shares": [{"accountId": %d, "amount": "60.00"}]}""".formatted(h.first()));
        String token = token(qr(receipt(clerk, h.first(), posting)));
        ledger.reverse(UUID.randomUUID().toString(), posting, "收款金额录入错误", clerk);

        mvc.perform(get("/api/v1/public/payment/receipts/{t}", token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REVERSED"))
                .andExpect(jsonPath("$.reversedAt").exists());
        byte[] reversed = receipt(clerk, h.first(), posting);
        keep("reversed.pdf", reversed);
        assertThat(text(reversed)).contains("柜台刷卡", "冲正", "收款金额录入错误", "本凭证作废");
    }

    @Test
    void aForgedOrAlteredTokenIsNotGenuine() throws Exception {
        long posting = payAtTheCounter("""
                {"channel": "CASH", "shares": [{"accountId": %d, "amount": "60.00"},
                                               {"accountId": %d, "amount": "1.00"}]}""".formatted(h.first(), h.accounts()[1]));
        String token = token(qr(receipt(clerk, h.first(), posting)));
        String mac = token.substring(token.indexOf('.') + 1);
        String flipped = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        List<String> forged = List.of(
                flipped,
                // the same mac on the posting's other account, and on another posting
                posting + "-" + h.accounts()[1] + "." + mac,
                (posting + 1) + "-" + h.first() + "." + mac,
                posting + "." + mac,
                "0-1." + mac,
                "99999999999999999999-1." + mac,
                "garbage");
        for (String t : forged)
            mvc.perform(get("/api/v1/public/payment/receipts/{t}", t).header("Accept-Language", "en"))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("receipt-not-genuine"))
                    .andExpect(jsonPath("$.title").value("Receipt cannot be verified"));
        mvc.perform(get("/api/v1/public/payment/receipts/{t}", token)).andExpect(status().isOk());
    }

    @Test
    void anotherBranchsStaffAnotherCustomerAndAnotherAccountGetNothing() throws Exception {
        long posting = payAtTheCounter("""
                {"channel": "CASH", "shares": [{"accountId": %d, "amount": "60.00"}]}""".formatted(h.first()));
        String url = "/api/v1/payment/accounts/{a}/postings/{p}/receipt.pdf";
        mvc.perform(get(url, h.first(), posting).with(as(Actors.staff(elsewhere.branch(), Role.COUNTER_CLERK))))
                .andExpect(status().isNotFound());
        Actor stranger = Actors.customer();
        customers.bind(stranger.userId(), elsewhere.first());
        mvc.perform(get(url, h.first(), posting).with(as(stranger))).andExpect(status().isNotFound());
        // the posting paid the second account nothing; a bill's receivable posting is no receipt
        Actor owner = Actors.customer();
        customers.bind(owner.userId(), h.first());
        customers.bind(owner.userId(), h.accounts()[1]);
        mvc.perform(get(url, h.accounts()[1], posting).with(as(owner))).andExpect(status().isNotFound());
        mvc.perform(get(url, h.first(), posting).with(as(owner))).andExpect(status().isOk());
        long receivable = jdbc.sql("""
                        select min(p.posting_id) from payment.posting p join payment.entry e on e.posting_id = p.posting_id
                        where e.supply_account_id = :a and p.kind <> 'PAYMENT'""").param("a", h.first()).query(Long.class).single();
        mvc.perform(get(url, h.first(), receivable).with(as(owner))).andExpect(status().isNotFound());
        mvc.perform(get(url, h.first(), posting)).andExpect(status().isUnauthorized());
    }
}
