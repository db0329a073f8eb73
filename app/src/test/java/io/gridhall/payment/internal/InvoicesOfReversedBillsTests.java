package io.gridhall.payment.internal;

import static io.gridhall.payment.Accounts.bill;
import static io.gridhall.payment.Accounts.reversal;
import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillsIssued;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.identity.Role;
import io.gridhall.notification.Notifications;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.InvoiceState;
import io.gridhall.payment.PaymentTest;
import io.gridhall.shared.DocumentSettings;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A bill reversed after it was invoiced (ADR 0021, #10): its blue invoice is cancelled by a red one the system asks
 * for, through the same worker and platform, once, whenever the reversal arrives and however often; a blue invoice the
 * platform may still issue is red-lettered only once it is issued; the rebill is invoiced on its own.
 */
@PaymentTest
class InvoicesOfReversedBillsTests extends PaidBillFixture {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    InvoiceRows rows;

    @Autowired
    TaxPlatform taxPlatform;

    @Autowired
    ObjectProvider<TaxPlatform> taxPlatforms;

    @Autowired
    PersonalDataVault vault;

    @Autowired
    Notifications notifications;

    @Autowired
    Audit audit;

    @Autowired
    InvoiceSettings settings;

    @Autowired
    DocumentSettings documents;

    @AfterEach
    void thePlatformBehavesAgain() {
        platform.behave(new TaxPlatformSimulator.Behaviour(Duration.ZERO, Duration.ZERO, 0));
    }

    long ask(BillsIssued.IssuedBill bill) {
        return invoices.request(
                        h.first(),
                        bill.id().value(),
                        new IssuingInvoices.BuyerIn(
                                IssuingInvoices.BuyerType.PERSON, "张三", null, "zhang.san@example.com"),
                        "portal")
                .invoice()
                .id();
    }

    /**
     * Posts the reversal to the ledger and tells invoices, as the two listeners of the event do (here on the test's
     * thread: the listeners themselves run asynchronously after the commit).
     */
    BillsIssued.IssuedBill reverse(BillsIssued.IssuedBill bill) {
        BillsIssued.IssuedBill r = reversal(h, bill);
        BillsIssued event = new BillsIssued(List.of(r));
        ledger.receive(event);
        invoices.receive(event);
        return r;
    }

    static BillsIssued.IssuedBill rebill(BillsIssued.IssuedBill of, String yuan) {
        BillId id = Accounts.newBillId();
        return new BillsIssued.IssuedBill(
                id,
                of.supplyAccountId(),
                of.branchId(),
                BillType.REBILL,
                "B" + id.value(),
                of.periodFrom(),
                of.periodTo(),
                of.issuedOn().plusDays(5),
                of.dueOn().plusDays(5),
                Money.yuan(yuan),
                of.id());
    }

    IssuingInvoices.InvoiceView invoice(long id) {
        return invoices.find(id).orElseThrow();
    }

    List<IssuingInvoices.InvoiceView> reds() {
        return invoices.ofAccounts(List.of(h.first()), 20).stream()
                .filter(v -> v.kind() == IssuingInvoices.Kind.RED)
                .toList();
    }

    /** The red invoices the platform was asked for that name this blue invoice number. */
    long redsAtThePlatform(String blueNumber) {
        return platform.requests().values().stream()
                .filter(r -> r.body.path("kind").asString("").equals("RED"))
                .filter(r -> r.body.path("original_number").asString("").equals(blueNumber))
                .count();
    }

    long audited(long blueId) {
        return jdbc.sql("""
                        select count(*) from identity.audit_log
                         where action = 'payment.invoice.bill-reversed' and object_id = :id""")
                .param("id", Long.toString(blueId))
                .query(Long.class)
                .single();
    }

    @Test
    void anIssuedInvoiceOfAReversedBillIsRedLetteredByTheSystemAndTheRebillIsInvoicedOnItsOwn() throws Exception {
        long blue = ask(october);
        settle();
        String blueNumber = invoice(blue).invoiceNumber();
        BillsIssued.IssuedBill reversal = reversal(h, october);
        BillsIssued.IssuedBill rebill = rebill(october, "90.00");
        // as billing releases them: one event, after its transaction commits, to both listeners
        new TransactionTemplate(transactions)
                .executeWithoutResult(s -> events.publishEvent(new BillsIssued(List.of(reversal, rebill))));
        await().atMost(Duration.ofSeconds(10)).until(() -> reds().size() == 1);
        IssuingInvoices.InvoiceView red = reds().getFirst();
        assertThat(red.state()).isEqualTo(InvoiceState.REQUESTED);
        assertThat(red.originalId()).isEqualTo(blue);
        assertThat(red.reason()).isEqualTo("账单冲正：" + reversal.billNumber());
        assertThat(red.requestedBy()).isEqualTo("系统");
        assertThat(red.total()).isEqualTo(Money.yuan("-100.00"));
        assertThat(red.net()).isEqualTo(Money.yuan("-88.50"));
        assertThat(red.tax()).isEqualTo(Money.yuan("-11.50"));
        // staff cannot correct the buyer of an invoice whose bill is gone
        mvc.perform(post("/api/v1/payment/invoices/{id}/reissue", blue)
                        .with(csrf())
                        .with(as(Actors.staff(h.branch(), Role.BILLING_CLERK)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"buyerType": "PERSON", "buyerName": "李四", "reason": "抬头写错了"}"""))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invoice-bill-reversed"));
        settle();
        assertThat(invoice(red.id()).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(redsAtThePlatform(blueNumber)).isEqualTo(1);
        TaxPlatformSimulator.SimInvoice sent = platform.requests().get(red.requestNumber());
        assertThat(sent.body.path("red_reason").asString()).contains(reversal.billNumber());
        // audited as the system's, not a person's
        assertThat(jdbc.sql("""
                        select actor_kind || '|' || coalesce(actor_name, '') || '|' || details from identity.audit_log
                         where action = 'payment.invoice.bill-reversed' and object_id = :id""")
                        .param("id", Long.toString(blue))
                        .query(String.class)
                        .single())
                .startsWith("SYSTEM||")
                .contains(reversal.billNumber(), blueNumber, "账单冲正");
        // the buyer who had the blue invoice by e-mail gets the red one the same way
        assertThat(jdbc.sql("""
                        select count(*) from notification.message m
                         where m.template = 'payment.invoice-red' and m.idempotency_key like :k""")
                        .param("k", "payment.invoice:" + red.id() + ":%")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        // the customer sees the red invoice and why; the reversed bill cannot be invoiced again
        mvc.perform(get("/api/v1/payment/invoices").with(as(owner)))
                .andExpect(jsonPath("$[?(@.id == %d)].kind".formatted(red.id())).value("RED"))
                .andExpect(jsonPath("$[?(@.id == %d)].originalId".formatted(red.id()))
                        .value((int) blue))
                .andExpect(
                        jsonPath("$[?(@.id == %d)].reason".formatted(red.id())).value(red.reason()))
                .andExpect(jsonPath("$[?(@.id == %d)].state".formatted(blue)).value("REVERSED"));
        mvc.perform(get("/api/v1/payment/invoices/{id}/invoice.pdf", red.id()).with(as(owner)))
                .andExpect(status().isOk());
        mvc.perform(post(
                                "/api/v1/payment/accounts/{a}/bills/{b}/invoice",
                                h.first(),
                                october.id().value())
                        .with(csrf())
                        .with(as(owner))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"buyerType\": \"PERSON\", \"buyerName\": \"张三\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invoice-bill-reversed"));
        // the console lists it for the branch with its reason
        mvc.perform(get("/api/v1/payment/invoices")
                        .param("state", "ISSUED")
                        .with(as(Actors.staff(h.branch(), Role.BILLING_CLERK))))
                .andExpect(
                        jsonPath("$[?(@.id == %d)].reason".formatted(red.id())).value(red.reason()));
        // the rebill, settled from what was paid for the reversed bill, gets its own blue invoice the usual way
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select open_amount from payment.receivable_item where bill_id = :b")
                                .param("b", rebill.id().value())
                                .query(Long.class)
                                .optional()
                                .orElse(-1L)
                        == 0L);
        long second = ask(rebill);
        settle();
        assertThat(invoice(second).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(second).total()).isEqualTo(Money.yuan("90.00"));
        assertThat(invoice(second).billId()).isEqualTo(rebill.id().value());
        assertThat(reds()).hasSize(1);
    }

    @Test
    void theSameReversalDeliveredAgainAndAtOnceAsksForOneRedInvoice() throws Exception {
        long blue = ask(october);
        settle();
        BillsIssued event = new BillsIssued(List.of(reversal(h, october)));
        ledger.receive(event);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> deliveries = new ArrayList<>();
            for (int i = 0; i < 8; i++)
                deliveries.add(() -> {
                    invoices.receive(event);
                    return null;
                });
            for (Future<Void> f : pool.invokeAll(deliveries)) f.get();
        } finally {
            pool.shutdownNow();
        }
        invoices.receive(event); // and once more, after a restart, say
        settle();
        invoices.receive(event);
        settle();
        assertThat(reds()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(InvoiceState.ISSUED));
        assertThat(redsAtThePlatform(invoice(blue).invoiceNumber())).isEqualTo(1);
        assertThat(audited(blue)).isEqualTo(1);
    }

    @Test
    void anInvoiceWhoseAnswerWasLostIsRedLetteredOnlyOnceThePlatformSaysItIssuedIt() {
        long blue = ask(october);
        platform.dropNext(1, true); // the platform takes it, we never hear
        invoices.sweep();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.UNKNOWN);
        reverse(october);
        assertThat(reds()).isEmpty(); // it may not exist: no red invoice for it yet
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.UNKNOWN);
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(reds()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(InvoiceState.ISSUED));
        assertThat(redsAtThePlatform(invoice(blue).invoiceNumber())).isEqualTo(1);
        assertThat(audited(blue)).isEqualTo(1);
    }

    @Test
    void anInvoiceThePlatformIsStillIssuingIsRedLetteredWhenItIsIssued() {
        platform.behave(new TaxPlatformSimulator.Behaviour(Duration.ofMillis(1500), Duration.ZERO, 0));
        long blue = ask(october);
        invoices.sweep();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.SUBMITTED);
        reverse(october);
        invoices.sweep(); // PENDING at the platform: still nothing to red
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.SUBMITTED);
        assertThat(reds()).isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    settle();
                    return invoice(blue).state() == InvoiceState.REVERSED;
                });
        assertThat(reds()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(InvoiceState.ISSUED);
            assertThat(r.originalId()).isEqualTo(blue);
        });
    }

    @Test
    void anInvoiceThePlatformRefusedAfterTheReversalLeavesNothingToRed() throws Exception {
        pay("60.00", november);
        String irregular = TaxIds.withCheck("91330106MA2C" + String.format("%05d", (int) (h.first() % 100_000)));
        platform.irregular(irregular);
        long blue = novemberAskedBy(irregular);
        platform.dropNext(1, true); // refused there, we never hear
        invoices.sweep();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.UNKNOWN);
        reverse(november);
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REFUSED);
        assertThat(invoice(blue).refusal()).contains("非正常户");
        assertThat(reds()).isEmpty();
        assertThat(audited(blue)).isZero();
    }

    @Test
    void anInvoiceNoWorkerSentYetIsWithdrawnAndNeverReachesThePlatform() {
        long blue = ask(october);
        BillsIssued.IssuedBill r = reverse(october);
        settle();
        IssuingInvoices.InvoiceView withdrawn = invoice(blue);
        assertThat(withdrawn.state()).isEqualTo(InvoiceState.REFUSED);
        assertThat(withdrawn.refusal()).isEqualTo("账单冲正：" + r.billNumber());
        assertThat(platform.requests()).doesNotContainKey(withdrawn.requestNumber());
        assertThat(reds()).isEmpty();
        assertThat(audited(blue)).isEqualTo(1);
    }

    @Test
    void aBillWithoutAnInvoiceOrPartlyPaidGetsNoneAndCannotBeInvoicedOnceReversed() {
        pay("30.00", november);
        reverse(october); // paid in full, never invoiced
        reverse(november); // paid in part
        settle();
        assertThat(invoices.ofAccounts(List.of(h.first()), 20)).isEmpty();
        assertThat(jdbc.sql("select count(*) from payment.invoice_bill_reversal where bill_id in (:a, :b)")
                        .param("a", october.id().value())
                        .param("b", november.id().value())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        // a bill reversed after it was paid in full was invoiceable before this (no entry of the reversal on it)
        for (BillsIssued.IssuedBill b : List.of(october, november))
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                                    io.gridhall.shared.Problem.class, () -> ask(b))
                            .code())
                    .isEqualTo("invoice-bill-reversed");
        // what was paid of both is credit now
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("130.00"));
    }

    @Test
    void aRedInvoiceWhoseAnswerIsLostIsAskedAboutAndSentOnceAndARefusedOneKeepsThePlatformsReason() {
        long blue = ask(october);
        settle();
        reverse(october);
        platform.dropNext(1, true); // the red one taken, the answer lost
        invoices.sweep();
        IssuingInvoices.InvoiceView red = reds().getFirst();
        assertThat(red.state()).isEqualTo(InvoiceState.UNKNOWN);
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        platform.dropNext(1, false); // the query lost too
        invoices.sweep();
        settle();
        assertThat(invoice(red.id()).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(redsAtThePlatform(invoice(blue).invoiceNumber())).isEqualTo(1);

        // the platform refuses the red invoice of another bill (cancelled there already): it keeps the reason, the
        // blue invoice stays issued for staff to see, and the worker sends it again only after a back-off
        pay("60.00", november);
        long other = ask(november);
        settle();
        IssuingInvoices.InvoiceView issued = invoice(other);
        // someone cancelled it at the platform by other means (another system of the seller's, say)
        List<TaxPlatform.Line> lines = rows.lines(other).stream()
                .map(l -> new TaxPlatform.Line(
                        l.name(),
                        l.taxCode(),
                        l.taxRate(),
                        l.total().negate(),
                        l.net().negate(),
                        l.tax().negate()))
                .toList();
        assertThat(taxPlatform
                        .submit(new TaxPlatform.Request(
                                rows.nextRequestNumber(LocalDate.of(2026, 12, 6)),
                                IssuingInvoices.Kind.RED,
                                new TaxPlatform.Buyer(IssuingInvoices.BuyerType.PERSON, "张三", null),
                                lines,
                                issued.total().negate(),
                                issued.net().negate(),
                                issued.tax().negate(),
                                issued.invoiceNumber(),
                                "外部红冲"))
                        .state())
                .isIn(TaxPlatform.State.ACCEPTED, TaxPlatform.State.ISSUED);
        reverse(november);
        settle();
        IssuingInvoices.InvoiceView refused = reds().stream()
                .filter(r -> r.originalId() == other && r.retryOf() == null)
                .findFirst()
                .orElseThrow();
        assertThat(refused.state()).isEqualTo(InvoiceState.REFUSED);
        assertThat(refused.refusal()).contains("已全额红冲");
        assertThat(invoice(other).state()).isEqualTo(InvoiceState.ISSUED);
        settle();
        assertThat(reds().stream().filter(r -> r.originalId() == other))
                .hasSize(2)
                .anySatisfy(r -> {
                    assertThat(r.retryOf()).isEqualTo(refused.id());
                    assertThat(r.state()).isEqualTo(InvoiceState.REQUESTED);
                });
    }

    /** A company buyer the tax authority lists as irregular (非正常户): the platform refuses every invoice to it. */
    String irregularCompany() {
        String taxId = TaxIds.withCheck("91330106MA2D" + String.format("%05d", (int) (h.first() % 100_000)));
        return taxId;
    }

    /** November's invoice asked for by a company with the tax id, from the portal; answers its id. */
    long novemberAskedBy(String taxId) {
        return invoices.request(
                        h.first(),
                        november.id().value(),
                        new IssuingInvoices.BuyerIn(IssuingInvoices.BuyerType.COMPANY, "杭州示例有限公司", taxId, null),
                        "portal")
                .invoice()
                .id();
    }

    /** November's bill paid and invoiced to a company, issued; answers the blue invoice's id. */
    long novemberInvoicedTo(String taxId) {
        platform.behave(new TaxPlatformSimulator.Behaviour(Duration.ZERO, Duration.ZERO, 0));
        pay("60.00", november);
        long blue = novemberAskedBy(taxId);
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        return blue;
    }

    /** The worker as it runs later (a new instance whose clock is ahead), until it has nothing more to do. */
    void sweepLater(Duration ahead) {
        IssuingInvoices later = new IssuingInvoices(
                rows,
                taxPlatforms,
                vault,
                notifications,
                audit,
                settings,
                documents,
                Clock.offset(Clock.systemUTC(), ahead),
                transactions);
        for (int i = 0; i < 10 && later.sweep() > 0; i++) {}
    }

    List<IssuingInvoices.InvoiceView> redsOf(long blue) {
        return reds().stream().filter(r -> r.originalId() == blue).toList();
    }

    @Test
    void aRedInvoiceThePlatformRefusesIsSentAgainByTheWorkerAfterABackOffAndEndsIssued() {
        // #10: a refused red invoice was final, leaving the invoice of a reversed bill issued for good
        String taxId = irregularCompany();
        long blue = novemberInvoicedTo(taxId);
        platform.irregular(taxId); // listed after the blue invoice was issued: the red one is refused
        reverse(november);
        settle();
        IssuingInvoices.InvoiceView first = redsOf(blue).stream()
                .filter(r -> r.retryOf() == null)
                .findFirst()
                .orElseThrow();
        assertThat(first.state()).isEqualTo(InvoiceState.REFUSED);
        assertThat(first.refusal()).contains("非正常户");
        IssuingInvoices.InvoiceView again = redsOf(blue).stream()
                .filter(r -> r.retryOf() != null)
                .findFirst()
                .orElseThrow();
        // not at once: after the worker's back-off, under a serial number of its own, as the system's
        assertThat(again.state()).isEqualTo(InvoiceState.REQUESTED);
        assertThat(again.retryOf()).isEqualTo(first.id());
        assertThat(again.retry()).isEqualTo(1);
        assertThat(again.requestNumber()).isNotEqualTo(first.requestNumber());
        assertThat(again.reason()).isEqualTo(first.reason()).startsWith("账单冲正");
        assertThat(again.requestedBy()).isEqualTo("系统");
        assertThat(again.total()).isEqualTo(Money.yuan("-60.00"));
        assertThat(platform.requests()).doesNotContainKey(again.requestNumber());
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        // the buyer is in good standing again; once the back-off has passed the red invoice is issued
        platform.regular(taxId);
        sweepLater(Duration.ofMinutes(2));
        assertThat(invoice(again.id()).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(redsOf(blue)).hasSize(2);
        assertThat(redsAtThePlatform(invoice(blue).invoiceNumber())).isEqualTo(2);
    }

    @Test
    void aRedInvoiceTheWorkerGaveUpOnIsSentAgainByStaffOnceFromTheConsole() throws Exception {
        String taxId = irregularCompany();
        long blue = novemberInvoicedTo(taxId);
        platform.irregular(taxId);
        reverse(november);
        settle();
        for (int i = 1; i <= settings.worker().redRetries() + 2; i++) sweepLater(Duration.ofHours(2L * i));
        List<IssuingInvoices.InvoiceView> refused = redsOf(blue);
        // the first request and the worker's retries, each refused, each once; then it waits for staff
        assertThat(refused).hasSize(settings.worker().redRetries() + 1);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(InvoiceState.REFUSED);
            assertThat(r.refusal()).contains("非正常户");
        });
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        IssuingInvoices.InvoiceView last = refused.getFirst(); // newest first
        assertThat(last.retry()).isEqualTo(settings.worker().redRetries());
        Actor clerk = Actors.staff(h.branch(), Role.BILLING_CLERK);
        // staff see the red invoice's state and the platform's reason where they look
        mvc.perform(get("/api/v1/payment/invoices").param("state", "REFUSED").with(as(clerk)))
                .andExpect(
                        jsonPath("$[?(@.id == %d)].kind".formatted(last.id())).value("RED"))
                .andExpect(jsonPath("$[?(@.id == %d)].originalId".formatted(last.id()))
                        .value((int) blue))
                .andExpect(jsonPath("$[?(@.id == %d)].refusal".formatted(last.id()))
                        .value(last.refusal()));
        // who may: billing rights, in the invoice's branch
        mvc.perform(post("/api/v1/payment/invoices/{id}/resend", last.id())
                        .with(csrf())
                        .with(as(Actors.staff(h.branch(), Role.COUNTER_CLERK))))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/payment/invoices/{id}/resend", last.id())
                        .with(csrf())
                        .with(as(Actors.staff(
                                new io.gridhall.identity.BranchId(h.branch().value() + 1_000_000),
                                Role.BILLING_CLERK))))
                .andExpect(status().isNotFound());
        // what: the last refused red invoice only (not an older one sent again already, not a blue one)
        mvc.perform(post(
                                "/api/v1/payment/invoices/{id}/resend",
                                refused.getLast().id())
                        .with(csrf())
                        .with(as(clerk))
                        .header("Accept-Language", "en"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invoice-not-resendable"))
                .andExpect(jsonPath("$.title").value("Cannot be sent again"));
        mvc.perform(post("/api/v1/payment/invoices/{id}/resend", blue)
                        .with(csrf())
                        .with(as(clerk))
                        .locale(java.util.Locale.CHINA))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("不能重新红冲"));
        platform.regular(taxId);
        long sent = InvoiceTests.id(mvc.perform(post("/api/v1/payment/invoices/{id}/resend", last.id())
                        .with(csrf())
                        .with(as(clerk)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("RED"))
                .andExpect(jsonPath("$.state").value("REQUESTED"))
                .andExpect(jsonPath("$.retryOf").value((int) last.id()))
                .andExpect(jsonPath("$.retry").value(0))
                .andExpect(jsonPath("$.requestedBy").value(clerk.displayName())));
        // asked again (a double click, a retried request): the same red invoice, nothing new
        mvc.perform(post("/api/v1/payment/invoices/{id}/resend", last.id())
                        .with(csrf())
                        .with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value((int) sent));
        settle();
        assertThat(invoice(sent).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(jdbc.sql("""
                        select actor_id || '|' || details from identity.audit_log
                         where action = 'payment.invoice.red-resend' and object_id = :id""")
                        .param("id", Long.toString(blue))
                        .query(String.class)
                        .list())
                .singleElement()
                .satisfies(a ->
                        assertThat(a).startsWith(clerk.userId().value() + "|").contains(last.requestNumber(), "非正常户"));
    }

    @Test
    void aRedInvoiceAWorkerDiedWithIsPickedUpByTheNextWorkerOnceItsLeaseRanOut() {
        long blue = ask(october);
        settle();
        reverse(october);
        long red = reds().getFirst().id();
        // a node claims the red invoice and dies before it sends it
        java.time.Instant now = Clock.systemUTC().instant();
        List<InvoiceRows.Claimed> dying = new TransactionTemplate(transactions)
                .execute(s -> rows.claimDue(now, now.plus(Duration.ofMinutes(2)), 10));
        assertThat(dying).extracting(InvoiceRows.Claimed::id).contains(red);
        assertThat(invoices.sweep()).isZero(); // its lease holds
        assertThat(invoice(red).state()).isEqualTo(InvoiceState.REQUESTED);
        // after a restart, once the lease ran out: a new worker (a new instance, its clock past the lease) sends it
        IssuingInvoices restarted = new IssuingInvoices(
                rows,
                taxPlatforms,
                vault,
                notifications,
                audit,
                settings,
                documents,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3)),
                transactions);
        for (int i = 0; i < 5 && restarted.sweep() > 0; i++) {}
        assertThat(invoice(red).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        // the dead node's claim is fenced: it moves nothing
        InvoiceRows.Claimed stale =
                dying.stream().filter(c -> c.id() == red).findFirst().orElseThrow();
        Boolean moved =
                new TransactionTemplate(transactions).execute(s -> rows.move(stale, InvoiceState.REFUSED, now, "late"));
        assertThat(moved).isFalse();
        assertThat(invoice(red).state()).isEqualTo(InvoiceState.ISSUED);
    }

    @Test
    void aStaffCorrectionUnderWayWhenTheBillIsReversedCancelsTheInvoiceAndSendsNoReplacement() {
        long blue = ask(october);
        settle();
        Actor clerk = Actors.staff(h.branch(), Role.BILLING_CLERK);
        IssuingInvoices.BuyerIn company = new IssuingInvoices.BuyerIn(
                IssuingInvoices.BuyerType.COMPANY, "杭州示例科技有限公司", InvoiceTests.COMPANY_ID, null);
        long replacement = invoices.reissue(blue, company, "抬头应为单位", clerk).id();
        BillsIssued.IssuedBill r = reverse(october);
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(reds()).singleElement().satisfies(red -> {
            assertThat(red.state()).isEqualTo(InvoiceState.ISSUED);
            assertThat(red.reason()).isEqualTo("抬头应为单位");
        });
        assertThat(invoice(replacement).state()).isEqualTo(InvoiceState.REFUSED);
        assertThat(invoice(replacement).refusal()).isEqualTo("账单冲正：" + r.billNumber());
        assertThat(platform.requests()).doesNotContainKey(invoice(replacement).requestNumber());
    }
}
