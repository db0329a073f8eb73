package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridhall.billing.BillsIssued;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.payment.InvoiceState;
import io.gridhall.payment.PaidBillsReopened;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PaymentTest;
import io.gridhall.payment.Posted;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Money that paid an invoiced bill taken back (#10, ADR 0021): a payment reversed, or refunded so far that the bill is
 * open again, has the bill's blue invoice red-lettered by the system, once however often the ledger's event arrives;
 * a partial refund that leaves the bill paid in full keeps it; the bill paid again is invoiced again.
 */
@PaymentTest
class InvoicesOfReversedPaymentsTests extends PaidBillFixture {

    @AfterEach
    void thePlatformBehavesAgain() {
        platform.behave(new TaxPlatformSimulator.Behaviour(Duration.ZERO, Duration.ZERO, 0));
    }

    Actor clerk() {
        return Actors.staff(h.branch(), Role.BRANCH_MANAGER);
    }

    /** A WeChat Pay payment of November's bill (60.00) and what is more as credit; answers the posting. */
    Posted payNovember(String yuan) {
        String txn = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        return ledger.pay(new Pay(
                "gateway:WECHAT:" + txn,
                PostingKind.PAYMENT,
                PaymentChannel.GATEWAY,
                List.of(new Pay.Share(h.first(), Money.yuan(yuan), List.of(november.id()))),
                txn,
                null));
    }

    long askNovember() {
        long id = invoices.request(
                        h.first(),
                        november.id().value(),
                        new IssuingInvoices.BuyerIn(
                                IssuingInvoices.BuyerType.PERSON, "张三", null, "zhang.san@example.com"),
                        "portal")
                .invoice()
                .id();
        return id;
    }

    IssuingInvoices.InvoiceView invoice(long id) {
        return invoices.find(id).orElseThrow();
    }

    List<IssuingInvoices.InvoiceView> redsOf(long blue) {
        return invoices.ofAccounts(List.of(h.first()), 50).stream()
                .filter(v -> v.kind() == IssuingInvoices.Kind.RED && v.originalId() == blue)
                .toList();
    }

    long recorded(BillsIssued.IssuedBill bill) {
        return jdbc.sql("select count(*) from payment.invoice_payment_reversal where bill_id = :b")
                .param("b", bill.id().value())
                .query(Long.class)
                .single();
    }

    long audited(long blueId) {
        return jdbc.sql("""
                        select count(*) from identity.audit_log
                         where action = 'payment.invoice.payment-reversed' and object_id = :id
                           and actor_kind = 'SYSTEM'""")
                .param("id", Long.toString(blueId))
                .query(Long.class)
                .single();
    }

    @Test
    void aReversedPaymentHasTheSystemRedLetterItsBillsInvoiceOnceAndTheBillPaidAgainIsInvoicedAgain() throws Exception {
        Posted paid = payNovember("60.00");
        long blue = askNovember();
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        Posted reversal = ledger.reverse("rev:" + UUID.randomUUID(), paid.postingId(), "银行卡交易撤销", clerk());
        // the ledger's event, after its commit, through the listener
        await().atMost(Duration.ofSeconds(10)).until(() -> redsOf(blue).size() == 1);
        IssuingInvoices.InvoiceView red = redsOf(blue).getFirst();
        assertThat(red.reason()).isEqualTo("缴费冲正：记账流水 " + reversal.postingId());
        assertThat(red.requestedBy()).isEqualTo("系统");
        assertThat(red.total()).isEqualTo(Money.yuan("-60.00"));
        // delivered again, and by many at once (a restart, the registry resubmitting): nothing more
        PaidBillsReopened again = new PaidBillsReopened(
                List.of(new PaidBillsReopened.Reopened(
                        reversal.postingId(),
                        PostingKind.REVERSAL,
                        paid.postingId(),
                        null,
                        h.first(),
                        november.id().value())),
                Instant.now());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> deliveries = new ArrayList<>();
            for (int i = 0; i < 8; i++)
                deliveries.add(() -> {
                    invoices.receive(again);
                    return null;
                });
            for (Future<Void> f : pool.invokeAll(deliveries)) f.get();
        } finally {
            pool.shutdownNow();
        }
        settle();
        invoices.receive(again);
        settle();
        assertThat(redsOf(blue))
                .singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(InvoiceState.ISSUED));
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(audited(blue)).isEqualTo(1);
        assertThat(platform.requests()
                        .get(red.requestNumber())
                        .body
                        .path("red_reason")
                        .asString())
                .contains("缴费冲正");
        // the bill is open again: no invoice for it until it is paid
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                                io.gridhall.shared.Problem.class, this::askNovember)
                        .code())
                .isEqualTo("invoice-bill-not-settled");
        // paid again: invoiced again, as any paid bill
        payNovember("60.00");
        long second = askNovember();
        assertThat(second).isNotEqualTo(blue);
        settle();
        assertThat(invoice(second).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(second).total()).isEqualTo(Money.yuan("60.00"));
        // October's invoice, paid by another payment, is untouched
        assertThat(recorded(october)).isZero();
    }

    @Test
    void aPartialRefundThatLeavesTheBillPaidInFullKeepsItsInvoiceAndOneThatOpensItRedLettersIt() {
        Posted paid = payNovember("100.00"); // 60.00 settles November, 40.00 is credit
        long blue = askNovember();
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        // 30.00 back: the credit first, the bill stays paid in full
        ledger.reversePart(
                "refund:" + UUID.randomUUID(), paid.postingId(), Money.yuan("30.00"), "RF0001", "多缴退回", clerk());
        settle();
        assertThat(recorded(november)).isZero();
        assertThat(redsOf(blue)).isEmpty();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        // 20.00 more: 10.00 of credit, 10.00 of the bill, which is open again
        ledger.reversePart(
                "refund:" + UUID.randomUUID(), paid.postingId(), Money.yuan("20.00"), "RF0002", "再退一部分", clerk());
        await().atMost(Duration.ofSeconds(10)).until(() -> redsOf(blue).size() == 1);
        assertThat(redsOf(blue).getFirst().reason()).isEqualTo("缴费退款：RF0002");
        assertThat(redsOf(blue).getFirst().total()).isEqualTo(Money.yuan("-60.00")); // the whole invoice
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(recorded(november)).isEqualTo(1);
        assertThat(audited(blue)).isEqualTo(1);
    }

    @Test
    void anInvoiceThePlatformIsStillIssuingIsRedLetteredOnceIssuedAndOneNeverSentIsWithdrawn() {
        platform.behave(new TaxPlatformSimulator.Behaviour(Duration.ofMillis(1500), Duration.ZERO, 0));
        Posted paid = payNovember("60.00");
        long blue = askNovember();
        invoices.sweep();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.SUBMITTED);
        ledger.reverse("rev:" + UUID.randomUUID(), paid.postingId(), "银行卡交易撤销", clerk());
        await().atMost(Duration.ofSeconds(10)).until(() -> recorded(november) == 1);
        assertThat(redsOf(blue)).isEmpty(); // it may not exist yet
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    settle();
                    return invoice(blue).state() == InvoiceState.REVERSED;
                });
        assertThat(redsOf(blue)).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(InvoiceState.ISSUED);
            assertThat(r.reason()).startsWith("缴费冲正");
        });
        assertThat(audited(blue)).isEqualTo(1);

        // October's invoice asked for and never sent when its payment is reversed: withdrawn, never sent
        long octoberInvoice = invoices.request(
                        h.first(),
                        october.id().value(),
                        new IssuingInvoices.BuyerIn(IssuingInvoices.BuyerType.PERSON, "张三", null, null),
                        "portal")
                .invoice()
                .id();
        long octoberPayment =
                jdbc.sql("""
                        select e.posting_id from payment.entry e join payment.receivable_item i using (item_id)
                          join payment.posting p on p.posting_id = e.posting_id
                         where i.bill_id = :b and p.kind = 'PAYMENT'""").param("b", october.id().value()).query(Long.class).single();
        ledger.reverse("rev:" + UUID.randomUUID(), octoberPayment, "银行退票", clerk());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> invoice(octoberInvoice).state() == InvoiceState.REFUSED);
        assertThat(invoice(octoberInvoice).refusal()).startsWith("缴费冲正：记账流水 ");
        settle();
        assertThat(platform.requests())
                .doesNotContainKey(invoice(octoberInvoice).requestNumber());
        assertThat(redsOf(octoberInvoice)).isEmpty();
    }

    @Test
    void aStaffCorrectionUnderWayWhenThePaymentIsReversedCancelsTheInvoiceAndSendsNoReplacement() {
        Posted paid = payNovember("60.00");
        long blue = askNovember();
        settle();
        long replacement = invoices.reissue(
                        blue,
                        new IssuingInvoices.BuyerIn(
                                IssuingInvoices.BuyerType.COMPANY, "杭州示例科技有限公司", InvoiceTests.COMPANY_ID, null),
                        "抬头应为单位",
                        Actors.staff(h.branch(), Role.BILLING_CLERK))
                .id();
        Posted reversal = ledger.reverse("rev:" + UUID.randomUUID(), paid.postingId(), "银行卡交易撤销", clerk());
        await().atMost(Duration.ofSeconds(10)).until(() -> recorded(november) == 1);
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(redsOf(blue)).singleElement().satisfies(red -> {
            assertThat(red.state()).isEqualTo(InvoiceState.ISSUED);
            assertThat(red.reason()).isEqualTo("抬头应为单位"); // the correction's: one red invoice
        });
        assertThat(invoice(replacement).state()).isEqualTo(InvoiceState.REFUSED);
        assertThat(invoice(replacement).refusal()).isEqualTo("缴费冲正：记账流水 " + reversal.postingId());
        assertThat(platform.requests()).doesNotContainKey(invoice(replacement).requestNumber());
    }

    @Test
    void aPaymentReversedBeforeItsBillWasInvoicedAsksForNothing() {
        Posted paid = payNovember("60.00");
        ledger.reverse("rev:" + UUID.randomUUID(), paid.postingId(), "银行卡交易撤销", clerk());
        await().atMost(Duration.ofSeconds(10)).until(() -> recorded(november) == 1);
        settle();
        assertThat(invoices.ofAccounts(List.of(h.first()), 20)).isEmpty();
    }

    @Test
    void aReversedCreditAdjustmentRedLettersTheInvoiceAsAnAdjustmentReversedNotAPayment() {
        // #10: every reversal but a refund was called 缴费冲正 (a payment reversed), an adjustment's too
        Posted credited = ledger.adjust("adj:" + UUID.randomUUID(), h.first(), Money.yuan("-60.00"), "电费减免", clerk());
        long blue = askNovember();
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        Posted reversal = ledger.reverse("rev:" + UUID.randomUUID(), credited.postingId(), "减免录错", clerk());
        await().atMost(Duration.ofSeconds(10)).until(() -> redsOf(blue).size() == 1);
        IssuingInvoices.InvoiceView red = redsOf(blue).getFirst();
        assertThat(red.reason()).isEqualTo("调整冲正：记账流水 " + reversal.postingId());
        settle();
        assertThat(invoice(red.id()).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(platform.requests()
                        .get(red.requestNumber())
                        .body
                        .path("red_reason")
                        .asString())
                .isEqualTo("调整冲正：记账流水 " + reversal.postingId());
        assertThat(jdbc.sql("""
                        select details from identity.audit_log
                         where action = 'payment.invoice.payment-reversed' and object_id = :id""")
                        .param("id", Long.toString(blue))
                        .query(String.class)
                        .single())
                .contains("调整冲正", "ADJUSTMENT")
                .doesNotContain("缴费冲正");
    }

    @Test
    void aReversedTransferRedLettersTheInvoiceAsATransferReversedNotAPayment() {
        // credit moved in from another account of another branch settles November; the move reversed reopens it
        io.gridhall.payment.Accounts.Household other = io.gridhall.payment.Accounts.household(customers, 1);
        String txn = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        ledger.pay(new Pay(
                "gateway:WECHAT:" + txn,
                PostingKind.PAYMENT,
                PaymentChannel.GATEWAY,
                List.of(new Pay.Share(other.first(), Money.yuan("60.00"), List.of())),
                txn,
                null));
        Actor both = new Actor(
                new io.gridhall.identity.UserId(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE),
                Actor.Kind.STAFF,
                "测试员",
                java.util.Set.of(Role.BRANCH_MANAGER),
                java.util.Set.of(h.branch(), other.branch()));
        Posted moved = ledger.transfer(
                "transfer:" + UUID.randomUUID(), other.first(), h.first(), Money.yuan("60.00"), "余额转移", both);
        long blue = askNovember();
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        Posted reversal = ledger.reverse("rev:" + UUID.randomUUID(), moved.postingId(), "转错户号", both);
        await().atMost(Duration.ofSeconds(10)).until(() -> redsOf(blue).size() == 1);
        assertThat(redsOf(blue).getFirst().reason()).isEqualTo("余额转移冲正：记账流水 " + reversal.postingId());
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
    }

    @Test
    void eachReversalIsNamedForWhatItReversed() {
        assertThat(IssuingInvoices.reason(reopened(PostingKind.REVERSAL, null), PostingKind.PAYMENT))
                .isEqualTo("缴费冲正：记账流水 7");
        assertThat(IssuingInvoices.reason(reopened(PostingKind.REVERSAL, null), PostingKind.TOP_UP))
                .isEqualTo("缴费冲正：记账流水 7");
        assertThat(IssuingInvoices.reason(reopened(PostingKind.REVERSAL, null), PostingKind.ADJUSTMENT))
                .isEqualTo("调整冲正：记账流水 7");
        assertThat(IssuingInvoices.reason(reopened(PostingKind.REVERSAL, "A1"), PostingKind.TRANSFER))
                .isEqualTo("余额转移冲正：A1");
        assertThat(IssuingInvoices.reason(reopened(PostingKind.REFUND, "RF9"), null))
                .isEqualTo("缴费退款：RF9");
    }

    static PaidBillsReopened.Reopened reopened(PostingKind kind, String reference) {
        return new PaidBillsReopened.Reopened(7, kind, kind == PostingKind.REVERSAL ? 5L : null, reference, 1, 2);
    }
}
