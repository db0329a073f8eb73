package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.Book;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.LedgerChecks;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentOrder;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.payment.PaymentTest;
import io.gridhall.payment.PostingKind;
import io.gridhall.payment.PostingView;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import io.gridhall.testing.Actors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Refunds of gateway payments go back through the gateway they came from, posted once (issue #10, ADR 0016). */
@PaymentTest
class GatewayRefundTests {

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TakingGatewayPayments orders;

    @Autowired
    GatewayJanitor janitor;

    @Autowired
    RefundingWithApproval refunds;

    @Autowired
    RefundingThroughGateways gatewayRefunds;

    @Autowired
    PrintingReceipts receipts;

    @Autowired
    WeChatPaySimulator wechat;

    @Autowired
    AlipaySimulator alipay;

    @Autowired
    UnionPaySimulator unionPay;

    @Autowired
    EpaySimulator epay;

    Accounts.Household h;
    Actor customer;
    Actor clerk;
    Actor manager;

    @BeforeEach
    void anAccount() {
        h = Accounts.household(customers, 1);
        customer = Actors.customer();
        customers.bind(customer.userId(), h.first());
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        manager = Actors.staff(h.branch(), Role.BRANCH_MANAGER);
    }

    @AfterEach
    void booksAgree() {
        for (GatewaySimulator g : List.of(wechat, alipay, unionPay, epay)) {
            g.timeoutPercent(0);
            g.beforeRefund(null);
        }
        sent();
        LedgerChecks.assertBooksAgree(jdbc);
    }

    GatewaySimulator simulator(Gateway g) {
        return switch (g) {
            case WECHAT -> wechat;
            case ALIPAY -> alipay;
            case UNIONPAY -> unionPay;
            case EPAY -> epay;
        };
    }

    /** A top-up paid through the gateway and credited (by the janitor's query); answers the order. */
    PaymentOrder paid(Gateway g, String yuan) {
        PaymentOrder o = orders.create(
                customer.userId().value(),
                new PaymentOrders.NewOrder(g, PostingKind.TOP_UP, List.of(new Pay.Share(h.first(), Money.yuan(yuan)))));
        assertThat(simulator(g).pay(o.orderNumber())).isTrue();
        jdbc.sql("update payment.payment_order set next_query_at = now() - interval '1 second' where order_number = :n")
                .param("n", o.orderNumber())
                .update();
        sweep();
        return orders.order(customer.userId().value(), o.orderNumber()).orElseThrow();
    }

    void sweep() {
        while (janitor.sweep() > 0) {}
    }

    void refundsDue() {
        jdbc.sql("""
                        update payment.gateway_refund set next_query_at = now() - interval '1 second'
                        where state in ('PENDING', 'UNKNOWN')""").update();
    }

    /** Approves as the manager and waits until this node's sending thread has sent what the approval handed it. */
    RefundingWithApproval.Refund approved(long refundId) {
        RefundingWithApproval.Refund r = refunds.approve(manager, refundId, null);
        sent();
        return r;
    }

    void sent() {
        await().atMost(Duration.ofSeconds(30)).until(() -> !gatewayRefunds.sending());
    }

    long reversals(long refundId) {
        return jdbc.sql("select count(*) from payment.posting where idempotency_key = :k")
                .param("k", "refund:" + refundId)
                .query(Long.class)
                .single();
    }

    Money gatewayBook(long postingId) {
        return ledger.posting(postingId).orElseThrow().entries().stream()
                .filter(e -> e.book() == Book.GATEWAY)
                .map(PostingView.EntryView::amount)
                .reduce(Money.ZERO, Money::plus);
    }

    @ParameterizedTest
    @EnumSource(
            value = Gateway.class,
            names = {"WECHAT", "ALIPAY", "UNIONPAY", "EPAY"})
    void anApprovedRefundOfAGatewayPaymentGoesBackThroughItsGatewayAndIsPostedOnce(Gateway g) {
        PaymentOrder o = paid(g, "88.80");
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("88.80"));
        var asked = refunds.requestPayment(clerk, o.postingId(), null, "客户重复缴费原路退回");
        var approved = approved(asked.refundId());

        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        RefundingThroughGateways.Row row =
                gatewayRefunds.ofRequest(asked.refundId()).getFirst();
        assertThat(row.state()).isEqualTo("SUCCEEDED");
        GatewaySimulator.SimRefund atGateway =
                simulator(g).refund(row.refundNumber()).orElseThrow();
        assertThat(atGateway.amount()).isEqualTo(8880);
        assertThat(atGateway.orderNumber()).isEqualTo(o.orderNumber());
        long posting = jdbc.sql("select posting_id from payment.refund_request where refund_id = :id")
                .param("id", asked.refundId())
                .query(Long.class)
                .single();
        assertThat(ledger.posting(posting).orElseThrow().kind()).isEqualTo(PostingKind.REVERSAL);
        assertThat(gatewayBook(posting)).isEqualTo(Money.yuan("-88.80"));
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.ZERO);
        // posted when the gateway confirmed it, on the approver's word: the approver is who posted it (#10), as a
        // refund the ledger posts at approval records, and the statement shows them
        assertThat(ledger.posting(posting).orElseThrow().postedByName()).isEqualTo(manager.displayName());
        assertThat(jdbc.sql("select posted_by from payment.posting where posting_id = :p")
                        .param("p", posting)
                        .query(Long.class)
                        .single())
                .isEqualTo(manager.userId().value());
        assertThat(ledger.statement(h.first(), 10).lines())
                .filteredOn(l -> l.postingId() == posting)
                .extracting(io.gridhall.payment.Statement.Line::postedBy)
                .containsOnly(manager.displayName());
        assertThat(jdbc.sql("""
                        select actor_id from identity.audit_log where object_type = 'posting' and object_id = :p""")
                        .param("p", Long.toString(posting))
                        .query(Long.class)
                        .list())
                .containsExactly(manager.userId().value());

        // confirmed again (a later query, a replay of the answer): nothing more is posted
        var success = new GatewayAdapter.RefundStatus(
                GatewayAdapter.RefundState.SUCCEEDED, row.refundNumber(), atGateway.refundId(), Money.fen(8880), null);
        assertThat(gatewayRefunds.settle(row, success, null)).isFalse();
        refundsDue();
        sweep();
        assertThat(reversals(asked.refundId())).isEqualTo(1);
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.ZERO);
    }

    @ParameterizedTest
    @EnumSource(Gateway.class)
    void aGatewayPaymentAndItsRefundNameTheirGatewayOnTheStatementTheReceiptAndItsVerification(Gateway g)
            throws Exception {
        PaymentOrder o = paid(g, "45.60");
        PostingView payment = ledger.posting(o.postingId()).orElseThrow();
        assertThat(payment.gateway()).isEqualTo(g);
        String label = ReceiptSheet.gatewayLabel(g);
        var account = customers.account(h.first()).orElseThrow();
        byte[] pdf = receipts.pdf(payment, account, "https://example.org");
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc))
                    .contains("网上缴费（" + label + "）");
        }
        String token = receipts.token(payment.postingId(), h.first(), Money.yuan("45.60"));
        assertThat(receipts.verify(token).orElseThrow().gateway()).isEqualTo(g);

        var asked = refunds.requestPayment(clerk, o.postingId(), null, "客户重复缴费原路退回");
        approved(asked.refundId());
        List<io.gridhall.payment.Statement.Line> lines =
                ledger.statement(h.first(), 50).lines();
        assertThat(lines)
                .filteredOn(l -> l.kind() == PostingKind.TOP_UP || l.kind() == PostingKind.REVERSAL)
                .extracting(io.gridhall.payment.Statement.Line::gateway)
                .containsOnly(g)
                .hasSize(2);
        // a bank's payment names no gateway
        long cash = ledger.pay(new Pay(
                        "withholding:test:" + java.util.UUID.randomUUID(),
                        PostingKind.TOP_UP,
                        io.gridhall.payment.PaymentChannel.BANK,
                        List.of(new Pay.Share(h.first(), Money.yuan("1.00"))),
                        null,
                        null))
                .postingId();
        assertThat(ledger.posting(cash).orElseThrow().gateway()).isNull();
    }

    @Test
    void aRefundNoGatewayAnswersIsUnknownAndTheJanitorSettlesItOnce() {
        List<PaymentOrder> paid = new ArrayList<>();
        List<Long> asked = new ArrayList<>();
        List<Gateway> through = List.of(Gateway.WECHAT, Gateway.ALIPAY, Gateway.UNIONPAY, Gateway.EPAY);
        for (int i = 0; i < 8; i++) {
            PaymentOrder o = paid(through.get(i % 4), "10.0" + i);
            paid.add(o);
            asked.add(refunds.requestPayment(clerk, o.postingId(), null, "客户多缴电费退回")
                    .refundId());
        }
        // lost before the gateway acted, or after: only asking tells
        for (Gateway g : through) simulator(g).timeoutPercent(100);
        for (long id : asked) {
            var approved = approved(id);
            assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
            assertThat(approved.postingId()).isNull(); // never failed: unknown, to be asked about
            assertThat(gatewayRefunds.ofRequest(id).getFirst().state()).isEqualTo("UNKNOWN");
            assertThat(reversals(id)).isZero();
        }
        // still no answer: still pending
        refundsDue();
        sweep();
        for (long id : asked) assertThat(reversals(id)).isZero();

        for (Gateway g : through) simulator(g).timeoutPercent(0);
        sweep(); // not due yet: the back-off holds
        for (long id : asked) assertThat(reversals(id)).isZero();
        refundsDue();
        sweep();
        for (int i = 0; i < asked.size(); i++) {
            long id = asked.get(i);
            RefundingThroughGateways.Row row = gatewayRefunds.ofRequest(id).getFirst();
            assertThat(row.state()).isEqualTo("SUCCEEDED");
            assertThat(reversals(id)).isEqualTo(1);
            // refunded once at the gateway, whether the first sending arrived or not
            assertThat(simulator(paid.get(i).gateway())
                            .trade(paid.get(i).orderNumber())
                            .orElseThrow()
                            .refunded)
                    .isEqualTo(paid.get(i).amount().fen());
        }
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.ZERO);
    }

    @Test
    void aRefundOfMoreThanWasPaidInAllIsRefusedPostsNothingAndReopensTheRequest() {
        PaymentOrder o = paid(Gateway.WECHAT, "50.00");
        // a refund made at the merchant platform meanwhile: what is left is less than the request
        assertThat(wechat.refundTrade(o.orderNumber(), "ELSEWHERE" + o.orderNumber(), 1)
                        .refusal())
                .isNull();
        var asked = refunds.requestPayment(clerk, o.postingId(), null, "客户重复缴费原路退回");
        var approved = approved(asked.refundId());
        assertThat(approved.postingId()).isNull();

        var now = refunds.list(manager, null, 500).stream()
                .filter(r -> r.refundId() == asked.refundId())
                .findFirst()
                .orElseThrow();
        assertThat(now.status()).isEqualTo(RequestStatus.REQUESTED);
        assertThat(now.decisionNote()).startsWith("网关拒绝退款").contains("INVALID_REQUEST");
        assertThat(gatewayRefunds.ofRequest(asked.refundId()).getFirst().state())
                .isEqualTo("REFUSED");
        assertThat(reversals(asked.refundId())).isZero();
        assertThat(wechat.trade(o.orderNumber()).orElseThrow().refunded).isEqualTo(1);
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("50.00"));
        // the janitor does not send a refused refund again; a person rejects the request
        refundsDue();
        sweep();
        assertThat(reversals(asked.refundId())).isZero();
        assertThat(refunds.reject(manager, asked.refundId(), "网关已部分退款，改为柜台处理").status())
                .isEqualTo(RequestStatus.REJECTED);
    }

    @Test
    void replayedConfirmationsFromManyThreadsPostTheRefundOnce() throws Exception {
        PaymentOrder o = paid(Gateway.ALIPAY, "66.60");
        var asked = refunds.requestPayment(clerk, o.postingId(), null, "客户重复缴费原路退回");
        alipay.timeoutPercent(100);
        approved(asked.refundId());
        alipay.timeoutPercent(0);
        RefundingThroughGateways.Row row =
                gatewayRefunds.ofRequest(asked.refundId()).getFirst();
        assertThat(row.state()).isEqualTo("UNKNOWN");
        var success = new GatewayAdapter.RefundStatus(
                GatewayAdapter.RefundState.SUCCEEDED, row.refundNumber(), "2026R", Money.fen(6660), null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> confirm = new ArrayList<>();
            for (int i = 0; i < 16; i++) confirm.add(() -> gatewayRefunds.settle(row, success, null));
            long posted = 0;
            for (Future<Boolean> f : pool.invokeAll(confirm)) if (f.get()) posted++;
            assertThat(posted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        refundsDue();
        sweep();
        assertThat(reversals(asked.refundId())).isEqualTo(1);
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.ZERO);
    }

    @Test
    void aConfirmationOfAnotherAmountPostsNothing() {
        PaymentOrder o = paid(Gateway.WECHAT, "20.00");
        var asked = refunds.requestPayment(clerk, o.postingId(), null, "客户重复缴费原路退回");
        wechat.timeoutPercent(100);
        approved(asked.refundId());
        wechat.timeoutPercent(0);
        RefundingThroughGateways.Row row =
                gatewayRefunds.ofRequest(asked.refundId()).getFirst();
        var other = new GatewayAdapter.RefundStatus(
                GatewayAdapter.RefundState.SUCCEEDED, row.refundNumber(), "X", Money.fen(1999), null);
        assertThat(gatewayRefunds.settle(row, other, null)).isFalse();
        assertThat(reversals(asked.refundId())).isZero();
        assertThat(gatewayRefunds.ofRequest(asked.refundId()).getFirst().state())
                .isEqualTo("UNKNOWN");
    }

    Problem refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return (Problem) org.assertj.core.api.Assertions.catchThrowableOfType(Problem.class, call);
    }

    /** Issue #10: several partial refunds of one gateway payment, each its own refund number and REFUND posting. */
    @ParameterizedTest
    @EnumSource(Gateway.class)
    void aGatewayPaymentIsRefundedInPartsUpToWhatWasPaid(Gateway g) {
        PaymentOrder o = paid(g, "100.00");
        var first = refunds.requestPayment(clerk, o.postingId(), Money.yuan("30.00"), "客户多缴电费部分退回");
        var second = refunds.requestPayment(clerk, o.postingId(), Money.yuan("50.00"), "客户多缴电费部分退回");
        assertThat(refunds.remainder(clerk, o.postingId())).isEqualTo(Money.yuan("20.00"));
        Problem more = refused(() -> refunds.requestPayment(clerk, o.postingId(), Money.yuan("20.01"), "客户多缴电费部分退回"));
        assertThat(more.code()).isEqualTo("refund-more-than-remainder");
        assertThat(refused(() -> refunds.requestPayment(clerk, o.postingId(), Money.ZERO, "客户多缴电费部分退回"))
                        .code())
                .isEqualTo("amount-not-positive");

        approved(first.refundId());
        approved(second.refundId());
        var rowFirst = gatewayRefunds.ofRequest(first.refundId()).getFirst();
        var rowSecond = gatewayRefunds.ofRequest(second.refundId()).getFirst();
        assertThat(rowFirst.refundNumber()).isNotEqualTo(rowSecond.refundNumber());
        assertThat(List.of(rowFirst.state(), rowSecond.state())).containsOnly("SUCCEEDED");
        assertThat(simulator(g).refund(rowFirst.refundNumber()).orElseThrow().amount())
                .isEqualTo(3000);
        assertThat(simulator(g).refund(rowSecond.refundNumber()).orElseThrow().amount())
                .isEqualTo(5000);
        for (var row : List.of(rowFirst, rowSecond)) {
            long posting = posting(row.refundId());
            PostingView v = ledger.posting(posting).orElseThrow();
            assertThat(v.kind()).isEqualTo(PostingKind.REFUND);
            assertThat(v.reference()).isEqualTo(row.refundNumber());
            assertThat(gatewayBook(posting)).isEqualTo(Money.fen(-row.amount()));
        }
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("20.00"));
        // a payment partly refunded is never reversed whole
        assertThat(refused(() -> ledger.reverse("test:whole:" + g, o.postingId(), "整笔冲正测试", manager))
                        .code())
                .isEqualTo("posting-partly-reversed");

        // without an amount: what is left
        var rest = refunds.requestPayment(clerk, o.postingId(), null, "余额退回");
        assertThat(rest.amount()).isEqualTo(Money.yuan("20.00"));
        approved(rest.refundId());
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.ZERO);
        assertThat(simulator(g).trade(o.orderNumber()).orElseThrow().refunded).isEqualTo(10000);
        assertThat(refused(() -> refunds.requestPayment(clerk, o.postingId(), Money.yuan("0.01"), "再退一分"))
                        .code())
                .isEqualTo("payment-refunded");
        // the gateway itself refuses more than is left, under a new number
        assertThat(simulator(g)
                        .refundTrade(o.orderNumber(), "RFMORE" + o.orderNumber(), 1)
                        .refusal())
                .isEqualTo(GatewaySimulator.RefundRefusal.MORE_THAN_PAID);
        // confirmed again: posted once each
        refundsDue();
        sweep();
        for (long id : List.of(first.refundId(), second.refundId(), rest.refundId()))
            assertThat(reversals(id)).isEqualTo(1);
    }

    long posting(long refundId) {
        return jdbc.sql("select posting_id from payment.refund_request where refund_id = :id")
                .param("id", refundId)
                .query(Long.class)
                .single();
    }

    /** Issue #10: concurrent partial requests never ask back more than was paid. */
    @Test
    void concurrentPartialRequestsNeverExceedWhatWasPaid() throws Exception {
        PaymentOrder o = paid(Gateway.WECHAT, "100.00");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Long> taken = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> codes = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            List<Callable<Void>> ask = new ArrayList<>();
            for (int i = 0; i < 12; i++)
                ask.add(() -> {
                    try {
                        taken.add(refunds.requestPayment(clerk, o.postingId(), Money.yuan("15.00"), "并发部分退款")
                                .refundId());
                    } catch (Problem p) {
                        codes.add(p.code());
                    }
                    return null;
                });
            for (Future<Void> f : pool.invokeAll(ask)) f.get();
            assertThat(taken).hasSize(6); // 6 x 15.00 = 90.00 <= 100.00 < 7 x 15.00
            assertThat(codes).hasSize(6).containsOnly("refund-more-than-remainder");
        } finally {
            pool.shutdownNow();
        }
        for (long id : taken) approved(id);
        assertThat(wechat.trade(o.orderNumber()).orElseThrow().refunded).isEqualTo(9000);
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("10.00"));
        assertThat(refunds.remainder(clerk, o.postingId())).isEqualTo(Money.yuan("10.00"));
    }

    /** Issue #10: past the gateway's refund window, neither we nor the gateway take a refund. */
    @ParameterizedTest
    @EnumSource(Gateway.class)
    void aPaymentOlderThanTheRefundWindowIsNotRefundedThroughItsGateway(Gateway g) {
        PaymentOrder o = paid(g, "12.00");
        jdbc.sql("update payment.gateway_payment set paid_at = paid_at - interval '366 days' where posting_id = :p")
                .param("p", o.postingId())
                .update();
        assertThat(refused(() -> refunds.requestPayment(clerk, o.postingId(), null, "超期退款测试"))
                        .code())
                .isEqualTo("refund-window-passed");
        var t = simulator(g).trade(o.orderNumber()).orElseThrow();
        t.paidAt = t.paidAt.minus(java.time.Duration.ofDays(366));
        assertThat(simulator(g)
                        .refundTrade(o.orderNumber(), "RFOLD" + o.orderNumber(), 100)
                        .refusal())
                .isEqualTo(GatewaySimulator.RefundRefusal.TOO_OLD);
    }

    /** Issue #10: the approval hands the refund to the sending thread and returns; the gateway is asked later. */
    @Test
    void theApprovalReturnsBeforeTheGatewayIsAnsweredAndTheSenderHoldsNoConnection() throws Exception {
        PaymentOrder o = paid(Gateway.WECHAT, "31.40");
        var asked = refunds.requestPayment(clerk, o.postingId(), null, "客户重复缴费原路退回");
        CountDownLatch atGateway = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicBoolean bound = new AtomicBoolean(true);
        wechat.beforeRefund(() -> {
            thread.set(Thread.currentThread().getName());
            // a connection or a transaction of the asking thread would show here (the approval's, before this fix)
            bound.set(!TransactionSynchronizationManager.getResourceMap().isEmpty()
                    || TransactionSynchronizationManager.isActualTransactionActive());
            atGateway.countDown();
            return awaited(answer);
        });
        String caller = Thread.currentThread().getName();
        long started = System.nanoTime();
        var approved = refunds.approve(manager, asked.refundId(), null);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(approved.postingId()).isNull();
        assertThat(atGateway.await(30, TimeUnit.SECONDS)).isTrue();
        // the gateway has not answered, and the approval is done
        assertThat(gatewayRefunds.sending()).isTrue();
        assertThat(thread.get()).isEqualTo("gateway-refund-sender").isNotEqualTo(caller);
        assertThat(bound.get()).isFalse();
        RefundingThroughGateways.Row row =
                gatewayRefunds.ofRequest(asked.refundId()).getFirst();
        assertThat(row.state()).isEqualTo("PENDING");
        assertThat(row.sentAt()).isNotNull();
        answer.countDown();
        sent();
        assertThat(gatewayRefunds.ofRequest(asked.refundId()).getFirst().state())
                .isEqualTo("SUCCEEDED");
        assertThat(reversals(asked.refundId())).isEqualTo(1);
        assertThat(wechat.refundsAsked(row.refundNumber())).isEqualTo(1);
    }

    /**
     * Issue #10: the node that was to send an approved refund dies with the request on its way; after the restart the
     * refund, still due in the database once the lease ran out, is sent once by the janitor and posted once.
     */
    @Test
    void aRefundWhoseSenderDiedAfterTheApprovalIsSentOnceAfterTheRestart() {
        PaymentOrder o = paid(Gateway.ALIPAY, "27.30");
        var asked = refunds.requestPayment(clerk, o.postingId(), null, "客户重复缴费原路退回");
        CountDownLatch dead = new CountDownLatch(1);
        CountDownLatch onTheWay = new CountDownLatch(1);
        alipay.beforeRefund(() -> {
            onTheWay.countDown();
            awaited(dead);
            return false; // never arrives
        });
        refunds.approve(manager, asked.refundId(), null);
        assertThat(awaited(onTheWay)).isTrue();
        RefundingThroughGateways.Row row =
                gatewayRefunds.ofRequest(asked.refundId()).getFirst();
        assertThat(row.state()).isEqualTo("PENDING");
        // while the lease holds, nobody else takes it
        sweep();
        assertThat(alipay.refundsAsked(row.refundNumber())).isZero();

        // restarted: the lease ran out; the janitor asks, hears the gateway never got it, and sends it
        alipay.beforeRefund(null);
        refundsDue();
        sweep();
        assertThat(gatewayRefunds.ofRequest(asked.refundId()).getFirst().state())
                .isEqualTo("SUCCEEDED");
        assertThat(alipay.refundsAsked(row.refundNumber())).isEqualTo(1);
        assertThat(alipay.trade(o.orderNumber()).orElseThrow().refunded).isEqualTo(2730);
        assertThat(reversals(asked.refundId())).isEqualTo(1);

        dead.countDown(); // the dead node's thread ends: what it did not send changes nothing
        sent();
        refundsDue();
        sweep();
        assertThat(gatewayRefunds.ofRequest(asked.refundId()).getFirst().state())
                .isEqualTo("SUCCEEDED");
        assertThat(alipay.refundsAsked(row.refundNumber())).isEqualTo(1);
        assertThat(reversals(asked.refundId())).isEqualTo(1);
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.ZERO);
    }

    /** Issue #10: the sending thread, janitors on several nodes and repeated hand-offs race; each refund is sent once. */
    @Test
    void concurrentPickersSendEachRefundOnce() throws Exception {
        List<Gateway> through = List.of(Gateway.WECHAT, Gateway.ALIPAY, Gateway.UNIONPAY, Gateway.EPAY);
        List<Long> asked = new ArrayList<>();
        for (int i = 0; i < 8; i++)
            asked.add(refunds.requestPayment(
                            clerk, paid(through.get(i % 4), "5.0" + i).postingId(), null, "客户多缴电费退回")
                    .refundId());
        CountDownLatch go = new CountDownLatch(1);
        for (Gateway g : through) simulator(g).beforeRefund(() -> awaited(go));
        for (long id : asked) refunds.approve(manager, id, null); // the first holds the sending thread, the rest wait
        List<String> numbers = asked.stream()
                .map(id -> gatewayRefunds.ofRequest(id).getFirst().refundNumber())
                .toList();
        jdbc.sql("update payment.gateway_refund set next_query_at = now() - interval '1 second'"
                        + " where refund_number = any(:n) and sent_at is null")
                .param("n", numbers.toArray(String[]::new))
                .update();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> pick = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int t = i;
                pick.add(() -> {
                    if (t % 2 == 0) gatewayRefunds.sweep();
                    else for (String n : numbers) gatewayRefunds.send(n);
                    return null;
                });
            }
            List<Future<Void>> done = new ArrayList<>();
            for (Callable<Void> c : pick) done.add(pool.submit(c));
            for (String n : numbers) gatewayRefunds.handOff(n);
            go.countDown();
            for (Future<Void> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        sent();
        for (Gateway g : through) simulator(g).beforeRefund(null);
        refundsDue();
        sweep();
        for (int i = 0; i < asked.size(); i++) {
            assertThat(simulator(through.get(i % 4)).refundsAsked(numbers.get(i)))
                    .as(numbers.get(i))
                    .isEqualTo(1);
            assertThat(gatewayRefunds.ofRequest(asked.get(i)).getFirst().state())
                    .isEqualTo("SUCCEEDED");
            assertThat(reversals(asked.get(i))).isEqualTo(1);
        }
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.ZERO);
    }

    /**
     * Issue #10: an approval that lowers a refund of a gateway payment races another partial request of the same
     * payment; whichever comes first, what is approved and asked never exceeds what was paid, and the gateway pays back
     * exactly what was approved.
     */
    @Test
    void aLoweredApprovalRacingAnotherPartialRequestNeverRefundsMoreThanWasPaid() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                PaymentOrder o = paid(Gateway.WECHAT, "60.00");
                var whole = refunds.requestPayment(clerk, o.postingId(), null, "客户多缴电费退回");
                CountDownLatch go = new CountDownLatch(1);
                Future<RefundingWithApproval.Refund> approval = pool.submit(() -> {
                    go.await();
                    return refunds.approve(manager, whole.refundId(), Money.yuan("40.00"), "客户同意先退四十元");
                });
                Future<Object> other = pool.submit(() -> {
                    go.await();
                    try {
                        return refunds.requestPayment(clerk, o.postingId(), Money.yuan("20.00"), "余款另行退回");
                    } catch (Problem p) {
                        return p.code();
                    }
                });
                go.countDown();
                assertThat(approval.get(60, TimeUnit.SECONDS).approvedAmount()).isEqualTo(Money.yuan("40.00"));
                Object asked = other.get(60, TimeUnit.SECONDS);
                sent();
                long refunded = 4000;
                if (asked instanceof RefundingWithApproval.Refund r) {
                    approved(r.refundId());
                    refunded += 2000;
                } else assertThat(asked).isIn("payment-refunded", "refund-more-than-remainder");
                assertThat(wechat.trade(o.orderNumber()).orElseThrow().refunded).isEqualTo(refunded);
                assertThat(refunds.remainder(clerk, o.postingId())).isEqualTo(Money.fen(6000 - refunded));
                assertThat(gatewayRefunds.ofRequest(whole.refundId()).getFirst().amount())
                        .isEqualTo(4000);
                assertThat(gatewayBook(posting(whole.refundId()))).isEqualTo(Money.yuan("-40.00"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Issue #10: a gateway's refusal reopens a lowered approval whole: the next approval decides the amount again. */
    @Test
    void aRefusedLoweredRefundIsOpenAgainAtTheAmountAsked() {
        PaymentOrder o = paid(Gateway.WECHAT, "50.00");
        assertThat(wechat.refundTrade(o.orderNumber(), "ELSEWHERE" + o.orderNumber(), 4_500)
                        .refusal())
                .isNull();
        var asked = refunds.requestPayment(clerk, o.postingId(), null, "客户重复缴费原路退回");
        refunds.approve(manager, asked.refundId(), Money.yuan("10.00"), "客户同意先退十元");
        sent();
        var open = refunds.list(manager, null, 500).stream()
                .filter(r -> r.refundId() == asked.refundId())
                .findFirst()
                .orElseThrow();
        assertThat(open.status()).isEqualTo(RequestStatus.REQUESTED);
        assertThat(open.approvedAmount()).isNull();
        assertThat(open.amount()).isEqualTo(Money.yuan("50.00"));
        assertThat(refunds.approve(manager, asked.refundId(), Money.yuan("5.00"), "网关只余五元可退")
                        .approvedAmount())
                .isEqualTo(Money.yuan("5.00"));
        sent();
        assertThat(wechat.trade(o.orderNumber()).orElseThrow().refunded).isEqualTo(5_000);
        assertThat(reversals(asked.refundId())).isEqualTo(1);
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("45.00"));
    }

    static boolean awaited(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
