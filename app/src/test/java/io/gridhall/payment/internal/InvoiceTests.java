package io.gridhall.payment.internal;

import static io.gridhall.payment.Accounts.bill;
import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.billing.BillsIssued;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.InvoiceState;
import io.gridhall.payment.PaymentTest;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Electronic invoices end to end on the simulated tax platform (PAY-11, ADR 0021, #10): a paid bill invoiced once
 * whoever asks how often, buyers checked, the worker settling lost answers, the PDF, the e-mail, and a wrong buyer
 * corrected by a red invoice and a new blue one.
 */
@PaymentTest
class InvoiceTests extends PaidBillFixture {

    static final String COMPANY_ID = "91350100M000100Y43";

    ResultActions ask(Actor actor, BillsIssued.IssuedBill bill, String body) throws Exception {
        return mvc.perform(post(
                        "/api/v1/payment/accounts/{a}/bills/{b}/invoice",
                        h.first(),
                        bill.id().value())
                .with(csrf())
                .with(as(actor))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    static String person(String name) {
        return """
                {"buyerType": "PERSON", "buyerName": "%s"}""".formatted(name);
    }

    static String company(String taxId) {
        return """
                {"buyerType": "COMPANY", "buyerName": "杭州示例科技有限公司", "buyerTaxId": "%s"}""".formatted(taxId);
    }

    static long id(ResultActions r) throws Exception {
        return ((Number) JsonPath.read(r.andReturn().getResponse().getContentAsString(), "$.id")).longValue();
    }

    InvoiceState state(long id) {
        return invoices.find(id).orElseThrow().state();
    }

    @Test
    void aPaidBillIsInvoicedOnceWithItsTaxSplitAndTheSameBuyerAskingAgainGetsTheSameInvoice() throws Exception {
        long id = id(ask(owner, october, person("张三"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("REQUESTED"))
                .andExpect(jsonPath("$.buyerName").value("张*"))
                .andExpect(jsonPath("$.total").value(100.00))
                .andExpect(jsonPath("$.net").value(88.50))
                .andExpect(jsonPath("$.tax").value(11.50)));
        ask(owner, october, person(" 张三 "))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id));
        ask(owner, october, company(COMPANY_ID))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invoice-exists"));
        settle();
        mvc.perform(get("/api/v1/payment/invoices/{id}", id).with(as(owner)))
                .andExpect(jsonPath("$.state").value("ISSUED"))
                .andExpect(jsonPath("$.invoiceNumber").value(org.hamcrest.Matchers.matchesPattern("[0-9]{20}")));
        byte[] pdf = mvc.perform(
                        get("/api/v1/payment/invoices/{id}/invoice.pdf", id).with(as(owner)))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_PDF))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("张三", "88.50", "11.50", "*供电*电费");
        }
        assertThat(jdbc.sql("select count(*) from payment.invoice where bill_id = :b")
                        .param("b", october.id().value())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anOpenOrUnknownBillIsNotInvoicedAndBadBuyersAreProblemsInTheCallersLanguage() throws Exception {
        ask(owner, november, person("张三"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invoice-bill-not-settled"));
        mvc.perform(post(
                                "/api/v1/payment/accounts/{a}/bills/{b}/invoice",
                                h.first(),
                                october.id().value())
                        .with(csrf())
                        .with(as(owner))
                        .locale(Locale.CHINA)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(company("91350100M000100Y44")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invoice-tax-id-invalid"))
                .andExpect(jsonPath("$.title").value("税号不正确"));
        mvc.perform(post(
                                "/api/v1/payment/accounts/{a}/bills/{b}/invoice",
                                h.first(),
                                october.id().value())
                        .with(csrf())
                        .with(as(owner))
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"buyerType": "PERSON", "buyerName": "张三", "buyerTaxId": "%s"}""".formatted(COMPANY_ID)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("No tax id for a person"));
        ask(owner, october, person("  "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invoice-buyer-name-invalid"));
        ask(owner, october, """
                        {"buyerType": "PERSON", "buyerName": "张三", "email": "not-an-address"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invoice-email-invalid"));
        // another customer's account, and a bill of none
        Actor stranger = Actors.customer();
        ask(stranger, october, person("李四")).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/payment/accounts/{a}/bills/{b}/invoice", h.first(), 987654321L)
                        .with(csrf())
                        .with(as(owner))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(person("张三")))
                .andExpect(status().isNotFound());
        assertThat(invoices.ofAccounts(List.of(h.first()), 10)).isEmpty();
    }

    @Test
    void manyAskingAtOnceMakeOneInvoice() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> asks = new ArrayList<>();
            for (int i = 0; i < 16; i++)
                asks.add(() -> invoices.request(
                                h.first(),
                                october.id().value(),
                                new IssuingInvoices.BuyerIn(IssuingInvoices.BuyerType.PERSON, "张三", null, null),
                                "portal")
                        .invoice()
                        .id());
            List<Long> ids = new ArrayList<>();
            for (Future<Long> f : pool.invokeAll(asks)) ids.add(f.get());
            assertThat(ids).containsOnly(ids.getFirst());
        } finally {
            pool.shutdownNow();
        }
        // the worker on several threads at once sends it once and issues it once
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> sweeps = new ArrayList<>();
            for (int i = 0; i < 8; i++) sweeps.add(invoices::sweep);
            for (Future<Integer> f : workers.invokeAll(sweeps)) f.get();
        } finally {
            workers.shutdownNow();
        }
        settle();
        List<IssuingInvoices.InvoiceView> all = invoices.ofAccounts(List.of(h.first()), 10);
        assertThat(all).hasSize(1);
        assertThat(all.getFirst().state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(platform.requests().keySet()).containsOnlyOnce(all.getFirst().requestNumber());
    }

    @Test
    void lostAnswersLeaveTheInvoiceUnknownUntilAQuerySettlesItAndARefusalCarriesThePlatformsReason() throws Exception {
        long id = id(ask(owner, october, person("王五")).andExpect(status().isCreated()));
        platform.dropNext(1, true); // the platform takes it, we never hear
        invoices.sweep();
        assertThat(state(id)).isEqualTo(InvoiceState.UNKNOWN);
        platform.dropNext(1, false); // the query is lost too
        invoices.sweep();
        assertThat(state(id)).isEqualTo(InvoiceState.UNKNOWN);
        settle();
        assertThat(state(id)).isEqualTo(InvoiceState.ISSUED);

        // a company the tax authority lists as irregular: refused with the platform's reason, may be asked again
        pay("60.00", november);
        String irregular = TaxIds.withCheck("91330106MA2B" + String.format("%05d", (int) (h.first() % 100_000)));
        platform.irregular(irregular);
        long refused = id(ask(owner, november, company(irregular)).andExpect(status().isCreated()));
        settle();
        mvc.perform(get("/api/v1/payment/invoices/{id}", refused).with(as(owner)))
                .andExpect(jsonPath("$.state").value("REFUSED"))
                .andExpect(jsonPath("$.refusal").value(org.hamcrest.Matchers.containsString("非正常户")));
        ask(owner, november, person("王五")).andExpect(status().isCreated());
    }

    @Test
    void aWrongBuyerIsCorrectedByARedInvoiceAndANewBlueOneWithAReasonInTheAuditLog() throws Exception {
        long blue = id(ask(owner, october, person("张三")));
        settle();
        String blueNumber = invoices.find(blue).orElseThrow().invoiceNumber();
        Actor clerk = Actors.staff(h.branch(), Role.BILLING_CLERK);
        String body = """
                {"buyerType": "COMPANY", "buyerName": "杭州示例科技有限公司", "buyerTaxId": "%s", "reason": "%s"}""";
        mvc.perform(post("/api/v1/payment/invoices/{id}/reissue", blue)
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted(COMPANY_ID, "x ")))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/payment/invoices/{id}/reissue", blue)
                        .with(csrf())
                        .with(as(Actors.staff(h.branch(), Role.COUNTER_CLERK)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted(COMPANY_ID, "抬头应为单位")))
                .andExpect(status().isForbidden());
        long replacement = id(mvc.perform(post("/api/v1/payment/invoices/{id}/reissue", blue)
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted(COMPANY_ID, "抬头应为单位")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("WAITING"))
                .andExpect(jsonPath("$.buyerTaxId").value("9***************43")));
        mvc.perform(post("/api/v1/payment/invoices/{id}/reissue", blue)
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted(COMPANY_ID, "抬头应为单位")))
                .andExpect(status().isConflict());
        settle();
        List<IssuingInvoices.InvoiceView> all = invoices.ofAccounts(List.of(h.first()), 10);
        assertThat(all).hasSize(3);
        IssuingInvoices.InvoiceView red = all.stream()
                .filter(v -> v.kind() == IssuingInvoices.Kind.RED)
                .findFirst()
                .orElseThrow();
        assertThat(red.state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(red.total()).isEqualTo(Money.yuan("-100.00"));
        assertThat(red.tax()).isEqualTo(Money.yuan("-11.50"));
        assertThat(platform.requests()
                        .get(red.requestNumber())
                        .body
                        .path("original_number")
                        .asString())
                .isEqualTo(blueNumber);
        assertThat(state(blue)).isEqualTo(InvoiceState.REVERSED);
        assertThat(state(replacement)).isEqualTo(InvoiceState.ISSUED);
        assertThat(jdbc.sql("""
                        select count(*) from identity.audit_log
                         where action = 'payment.invoice.reissue' and object_id = :id""")
                        .param("id", Long.toString(blue))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        // the console lists them for the branch; another branch's staff see none of them
        mvc.perform(get("/api/v1/payment/invoices").param("state", "REVERSED").with(as(clerk)))
                .andExpect(jsonPath("$[?(@.id == %d)]".formatted(blue)).exists());
        mvc.perform(get("/api/v1/payment/invoices/{id}", blue)
                        .with(as(Actors.staff(Accounts.household(customers, 1).branch(), Role.BILLING_CLERK))))
                .andExpect(status().isNotFound());
    }

    @Test
    void theBuyerIsSealedAtRestAndTheInvoiceIsEmailedWithALinkOnlyItsTokenOpens() throws Exception {
        long id = id(ask(owner, october, """
                        {"buyerType": "PERSON", "buyerName": "赵六", "email": "zhao.liu@example.com"}""").andExpect(jsonPath("$.buyerEmail").value("z***@example.com")));
        byte[] name = jdbc.sql("select buyer_name from payment.invoice where invoice_id = :id")
                .param("id", id)
                .query(byte[].class)
                .single();
        assertThat(new String(name, StandardCharsets.UTF_8)).doesNotContain("赵六");
        mvc.perform(post("/api/v1/payment/invoices/{id}/email", id)
                        .with(csrf())
                        .with(as(owner))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\": \"zhao.liu@example.com\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invoice-not-issued"));
        settle(); // issued: the address given with the request gets it
        String number = invoices.find(id).orElseThrow().invoiceNumber();
        String text =
                jdbc.sql("""
                        select d.body from notification.delivery d join notification.message m on m.id = d.message_id
                         where m.template = 'payment.invoice-issued' and d.body like :n""").param("n", "%" + number + "%").query(String.class).single();
        String link = text.substring(text.indexOf("/api/v1/public/payment/invoices/"));
        mvc.perform(get(link)).andExpect(status().isOk()).andExpect(content().contentType(MediaType.APPLICATION_PDF));
        // one character of the token changed, never to itself (a token ending in A stayed the same once in 64 runs)
        String token = link.substring(0, link.length() - ".pdf".length());
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A') + ".pdf";
        mvc.perform(get(altered)).andExpect(status().isNotFound());
        // sent to another address on request; the same address again sends nothing more
        for (int i = 0; i < 2; i++)
            mvc.perform(post("/api/v1/payment/invoices/{id}/email", id)
                            .with(csrf())
                            .with(as(owner))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"email\": \"finance@example.com\"}"))
                    .andExpect(status().isAccepted());
        assertThat(jdbc.sql("""
                        select count(*) from notification.delivery d join notification.message m on m.id = d.message_id
                         where m.template = 'payment.invoice-issued' and d.body like :n""")
                        .param("n", "%" + number + "%")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        mvc.perform(get("/api/v1/payment/invoices/{id}", id).with(as(Actors.customer())))
                .andExpect(status().isNotFound());
    }
}
