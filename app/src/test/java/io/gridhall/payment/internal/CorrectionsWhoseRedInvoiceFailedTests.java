package io.gridhall.payment.internal;

import static io.gridhall.payment.Accounts.reversal;
import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.billing.BillsIssued;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.identity.Role;
import io.gridhall.notification.Notifications;
import io.gridhall.payment.InvoiceState;
import io.gridhall.payment.PaymentTest;
import io.gridhall.shared.DocumentSettings;
import io.gridhall.testing.Actors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A staff correction (red invoice + new blue one) whose red invoice the platform kept refusing until the worker gave
 * up (#10, ADR 0021): the new blue one waits, is never sent while the red one is refused, and is issued once, exactly
 * as if the red one had been issued the first time, when staff send the red one again and the platform issues it;
 * however often and at once staff send it again, and however the workers race them.
 */
@PaymentTest
class CorrectionsWhoseRedInvoiceFailedTests extends PaidBillFixture {

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InvoiceRows rows;

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

    String taxId;
    Actor clerk;
    long blue;

    /** November paid and invoiced to a company, issued; then the company is listed irregular (非正常户). */
    @BeforeEach
    void novemberInvoicedToACompanyListedIrregularSince() {
        platform.behave(new TaxPlatformSimulator.Behaviour(Duration.ZERO, Duration.ZERO, 0));
        taxId = TaxIds.withCheck("91330106MA3E" + String.format("%05d", (int) (h.first() % 100_000)));
        clerk = Actors.staff(h.branch(), Role.BILLING_CLERK);
        pay("60.00", november);
        blue = invoices.request(
                        h.first(),
                        november.id().value(),
                        new IssuingInvoices.BuyerIn(IssuingInvoices.BuyerType.COMPANY, "杭州示例有限公司", taxId, null),
                        "portal")
                .invoice()
                .id();
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        platform.irregular(taxId);
    }

    @AfterEach
    void thePlatformBehavesAgain() {
        platform.regular(taxId);
        platform.behave(new TaxPlatformSimulator.Behaviour(Duration.ZERO, Duration.ZERO, 0));
    }

    IssuingInvoices.InvoiceView invoice(long id) {
        return invoices.find(id).orElseThrow();
    }

    /** Staff correct the buyer to a person: answers the replacement (the new blue invoice). */
    long correctToAPerson() {
        return invoices.reissue(
                        blue,
                        new IssuingInvoices.BuyerIn(IssuingInvoices.BuyerType.PERSON, "李四", null, null),
                        "抬头应为个人",
                        clerk)
                .id();
    }

    List<IssuingInvoices.InvoiceView> redsOf(long blueId) {
        return invoices.ofAccounts(List.of(h.first()), 100).stream()
                .filter(v -> v.kind() == IssuingInvoices.Kind.RED && v.originalId() == blueId)
                .toList();
    }

    /** The blue invoices of November other than the first one: the corrections' replacements. */
    List<IssuingInvoices.InvoiceView> replacements() {
        return invoices.ofAccounts(List.of(h.first()), 100).stream()
                .filter(v -> v.kind() == IssuingInvoices.Kind.BLUE
                        && v.billId() == november.id().value())
                .filter(v -> v.id() != blue)
                .toList();
    }

    /** The worker as it runs later (a new instance whose clock is ahead), until it has nothing more to do. */
    IssuingInvoices later(Duration ahead) {
        return new IssuingInvoices(
                rows,
                taxPlatforms,
                vault,
                notifications,
                audit,
                settings,
                documents,
                Clock.offset(Clock.systemUTC(), ahead),
                transactions);
    }

    void sweepLater(Duration ahead) {
        IssuingInvoices later = later(ahead);
        for (int i = 0; i < 10 && later.sweep() > 0; i++) {}
    }

    /**
     * The worker's retries spent (from {@code base} on), each refused: answers the newest refused red invoice, the one
     * staff send again.
     */
    IssuingInvoices.InvoiceView theWorkerGivesUp(Duration base) {
        settle();
        for (int i = 1; i <= settings.worker().redRetries() + 2; i++) sweepLater(base.plusHours(2L * i));
        List<IssuingInvoices.InvoiceView> reds = redsOf(blue);
        assertThat(reds).allSatisfy(r -> assertThat(r.state()).isEqualTo(InvoiceState.REFUSED));
        IssuingInvoices.InvoiceView newest = reds.getFirst(); // newest first
        assertThat(newest.retry()).isEqualTo(settings.worker().redRetries());
        return newest;
    }

    IssuingInvoices.InvoiceView theWorkerGivesUp() {
        IssuingInvoices.InvoiceView newest = theWorkerGivesUp(Duration.ZERO);
        assertThat(redsOf(blue)).hasSize(settings.worker().redRetries() + 1);
        return newest;
    }

    long resend(long redId) throws Exception {
        return InvoiceTests.id(mvc.perform(post("/api/v1/payment/invoices/{id}/resend", redId)
                        .with(csrf())
                        .with(as(clerk)))
                .andExpect(status().isCreated()));
    }

    /** How often the platform was asked for an invoice with this serial number (each is one request there). */
    boolean atThePlatform(IssuingInvoices.InvoiceView v) {
        return platform.requests().containsKey(invoice(v.id()).requestNumber());
    }

    long blueInvoicesAtThePlatformFor(String billNumber) {
        return invoices.ofAccounts(List.of(h.first()), 100).stream()
                .filter(v -> v.kind() == IssuingInvoices.Kind.BLUE && billNumber.equals(v.billNumber()))
                .filter(this::atThePlatform)
                .count();
    }

    @Test
    void theReplacementWaitsWhileTheRedInvoiceIsRefusedAndIsIssuedOnceStaffSendTheRedOneAgain() throws Exception {
        // #10: the replacement was refused when the worker gave up, and stayed refused after staff sent the red again
        long replacement = correctToAPerson();
        IssuingInvoices.InvoiceView last = theWorkerGivesUp();
        assertThat(invoice(replacement).state()).isEqualTo(InvoiceState.WAITING);
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(platform.requests()).doesNotContainKey(invoice(replacement).requestNumber());

        // sent again by staff while the buyer is still irregular: refused again, and again by the worker's retries;
        // the replacement is not sent meanwhile
        long stillRefused = resend(last.id());
        settle();
        assertThat(invoice(stillRefused).state()).isEqualTo(InvoiceState.REFUSED);
        IssuingInvoices.InvoiceView newest = theWorkerGivesUp(Duration.ofHours(100));
        assertThat(redsOf(blue)).hasSize(2 * (settings.worker().redRetries() + 1));
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(replacement).state()).isEqualTo(InvoiceState.WAITING);
        assertThat(platform.requests()).doesNotContainKey(invoice(replacement).requestNumber());
        // meanwhile the bill's invoice is still the old blue one
        assertThat(invoices.request(
                                h.first(),
                                november.id().value(),
                                new IssuingInvoices.BuyerIn(IssuingInvoices.BuyerType.COMPANY, "杭州示例有限公司", taxId, null),
                                "portal")
                        .invoice()
                        .id())
                .isEqualTo(blue);

        // the buyer in good standing; staff send the newest refused red invoice again (its worker retries spent too)
        platform.regular(taxId);
        long sent = resend(newest.id());
        settle();
        assertThat(invoice(sent).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        // the replacement goes ahead as if the red one had been issued the first time
        IssuingInvoices.InvoiceView issued = invoice(replacement);
        assertThat(issued.state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(issued.refusal()).isNull();
        assertThat(issued.buyerType()).isEqualTo(IssuingInvoices.BuyerType.PERSON);
        assertThat(issued.replacesId()).isEqualTo(blue);
        assertThat(issued.total()).isEqualTo(invoice(blue).total());
        assertThat(platform.requests()
                        .get(issued.requestNumber())
                        .body
                        .path("kind")
                        .asString())
                .isEqualTo("BLUE");
        // asked again afterwards: the issued red invoice answers, nothing more is sent
        mvc.perform(post("/api/v1/payment/invoices/{id}/resend", newest.id())
                        .with(csrf())
                        .with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value((int) sent));
        settle();
        sweepLater(Duration.ofHours(60));
        assertThat(replacements()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(replacement);
            assertThat(r.state()).isEqualTo(InvoiceState.ISSUED);
        });
        assertThat(blueInvoicesAtThePlatformFor(november.billNumber())).isEqualTo(2); // the first and the replacement
        assertThat(redsOf(blue).stream().filter(r -> r.state() != InvoiceState.REFUSED))
                .singleElement()
                .satisfies(r -> assertThat(r.id()).isEqualTo(sent));
        // the customer's request for the bill now answers the replacement
        assertThat(invoices.request(
                                h.first(),
                                november.id().value(),
                                new IssuingInvoices.BuyerIn(IssuingInvoices.BuyerType.PERSON, "李四", null, null),
                                "portal")
                        .invoice()
                        .id())
                .isEqualTo(replacement);
    }

    /** payment V26 as Flyway runs it, in the payment schema, on what is in the database now. */
    int replacementsWaitAgain() throws Exception {
        String sql = new String(
                new ClassPathResource("db/payment/V26__replacements_wait_again.sql").getContentAsByteArray(),
                StandardCharsets.UTF_8);
        return new TransactionTemplate(transactions).execute(s -> {
            jdbc.sql("set local search_path to payment").update();
            return jdbc.sql(sql).update();
        });
    }

    @Test
    void aReplacementTheEarlierRuleRefusedWaitsAgainAfterTheUpgradeAndIsIssuedWithTheRedOneSentAgain()
            throws Exception {
        long replacement = correctToAPerson();
        IssuingInvoices.InvoiceView last = theWorkerGivesUp();
        // refused for the platform's own reason: not what the upgrade moves
        String refuse = "update payment.invoice set state = 'REFUSED', refusal = ? where invoice_id = ?";
        jdbc.sql(refuse).params("纳税人状态异常", replacement).update();
        assertThat(replacementsWaitAgain()).isZero();
        // what stop 18's worker left when it gave up: the replacement refused with the red invoice's reason
        jdbc.sql(refuse).params("红冲未成功：纳税人状态异常", replacement).update();

        assertThat(replacementsWaitAgain()).isEqualTo(1);
        assertThat(replacementsWaitAgain()).as("once").isZero();
        assertThat(invoice(replacement).state()).isEqualTo(InvoiceState.WAITING);
        assertThat(invoice(replacement).refusal()).isNull();

        platform.regular(taxId);
        long sent = resend(last.id());
        settle();
        assertThat(invoice(sent).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(replacement).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(blueInvoicesAtThePlatformFor(november.billNumber())).isEqualTo(2);
    }

    @Test
    void sendingTheRedOneAgainManyTimesAtOnceWhileWorkersRunIssuesOneRedAndOneReplacement() throws Exception {
        long replacement = correctToAPerson();
        IssuingInvoices.InvoiceView last = theWorkerGivesUp();
        platform.regular(taxId);
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Long> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                calls.add(() -> {
                    start.await();
                    if (n % 2 == 0)
                        answered.add(invoices.resend(last.id(), clerk).invoice().id());
                    // the workers of other nodes, some with clocks ahead, racing the staff
                    IssuingInvoices worker = n % 4 == 1 ? invoices : later(Duration.ofSeconds(n));
                    for (int k = 0; k < 5; k++) worker.sweep();
                    return null;
                });
            }
            List<Future<Void>> done = new ArrayList<>();
            for (Callable<Void> c : calls) done.add(pool.submit(c));
            start.countDown();
            for (Future<Void> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        // some workers' clocks ran seconds ahead: what they moved is due, and leased, by theirs
        sweepLater(Duration.ofHours(1));
        // every request answered the one red invoice sent again
        assertThat(answered).hasSize(threads / 2).containsOnly(answered.getFirst());
        long sent = answered.getFirst();
        assertThat(invoice(sent).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(sent).retryOf()).isEqualTo(last.id());
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(redsOf(blue).stream().filter(r -> r.state() != InvoiceState.REFUSED))
                .singleElement()
                .satisfies(r -> assertThat(r.id()).isEqualTo(sent));
        assertThat(replacements()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(replacement);
            assertThat(r.state()).isEqualTo(InvoiceState.ISSUED);
        });
        assertThat(blueInvoicesAtThePlatformFor(november.billNumber())).isEqualTo(2);
        assertThat(jdbc.sql("""
                        select count(*) from identity.audit_log
                         where action = 'payment.invoice.red-resend' and object_id = :id""")
                        .param("id", Long.toString(blue))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        // the worker's own path, once more, changes nothing (the red one's move is fenced, the release finds none)
        sweepLater(Duration.ofHours(80));
        assertThat(replacements()).hasSize(1);
        assertThat(blueInvoicesAtThePlatformFor(november.billNumber())).isEqualTo(2);
    }

    @Test
    void aNewCorrectionAfterTheRedInvoiceFailedReplacesTheWaitingOneWhichIsNeverSent() {
        long first = correctToAPerson();
        theWorkerGivesUp();
        // staff correct it again, to another buyer: a red invoice of its own, the earlier replacement superseded
        long second = invoices.reissue(
                        blue,
                        new IssuingInvoices.BuyerIn(IssuingInvoices.BuyerType.PERSON, "王五", null, null),
                        "抬头应为王五",
                        clerk)
                .id();
        assertThat(invoice(first).state()).isEqualTo(InvoiceState.REFUSED);
        assertThat(invoice(first).refusal()).isEqualTo("已由新的更正取代");
        assertThat(invoice(second).state()).isEqualTo(InvoiceState.WAITING);
        platform.regular(taxId);
        settle();
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(invoice(second).state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(invoice(first).state()).isEqualTo(InvoiceState.REFUSED);
        assertThat(platform.requests()).doesNotContainKey(invoice(first).requestNumber());
    }

    @Test
    void aBillReversedWhileTheReplacementWaitsRefusesItAndTheRedInvoiceIssuedLaterDoesNotBringItBack() {
        long replacement = correctToAPerson();
        theWorkerGivesUp();
        BillsIssued.IssuedBill r = reversal(h, november);
        BillsIssued event = new BillsIssued(List.of(r));
        ledger.receive(event);
        invoices.receive(event);
        assertThat(invoice(replacement).state()).isEqualTo(InvoiceState.REFUSED);
        assertThat(invoice(replacement).refusal()).isEqualTo("账单冲正：" + r.billNumber());
        // the reversal's own red invoice, issued once the buyer is in good standing
        settle(); // refused: the buyer is still irregular
        platform.regular(taxId);
        sweepLater(Duration.ofHours(1)); // after the worker's back-off
        assertThat(invoice(blue).state()).isEqualTo(InvoiceState.REVERSED);
        assertThat(redsOf(blue).stream().filter(x -> x.state() == InvoiceState.ISSUED))
                .singleElement()
                .satisfies(x -> assertThat(x.reason()).isEqualTo("账单冲正：" + r.billNumber()));
        assertThat(invoice(replacement).state()).isEqualTo(InvoiceState.REFUSED);
        assertThat(platform.requests()).doesNotContainKey(invoice(replacement).requestNumber());
        // and staff sending the old red invoice again are answered the issued one: nothing is sent
        IssuingInvoices.Requested again = invoices.resend(redsOf(blue).getLast().id(), clerk);
        assertThat(again.created()).isFalse();
        assertThat(again.invoice().state()).isEqualTo(InvoiceState.ISSUED);
        assertThat(again.invoice().reason()).isEqualTo("账单冲正：" + r.billNumber());
    }
}
