package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.UserId;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.LedgerChecks;
import io.gridhall.payment.OrderState;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentOrder;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.payment.PaymentTest;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #10, §8, replay: 1,000 paid orders × 10 notifications each, shuffled, from 16 threads, some after the janitor
 * already settled the order and others while it runs: exactly 1,000 credits, and the credited sum equals the paid sum
 * to the fen.
 */
@PaymentTest
class NotificationReplayProofTests {

    static final int ORDERS = 1_000;
    static final int COPIES = 10;
    static final int THREADS = 16;

    @Autowired
    TakingGatewayPayments orders;

    @Autowired
    GatewayJanitor janitor;

    @Autowired
    WeChatPaySimulator wechat;

    @Autowired
    AlipaySimulator alipay;

    @Autowired
    Customers customers;

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    GatewaySimulator simulator(Gateway g) {
        return g == Gateway.WECHAT ? wechat : alipay;
    }

    @Test
    void aThousandOrdersNotifiedTenTimesEachAreCreditedExactlyOnceToTheFen() throws Exception {
        Random random = new Random(10);
        // 8 customers, each with 5 families of 2 homes (40 homes in 4 branches... one branch per family); open bills
        List<UserId> users = new ArrayList<>();
        List<long[]> accountsOf = new ArrayList<>();
        List<Long> allAccounts = new ArrayList<>();
        List<BillsIssued.IssuedBill> bills = new ArrayList<>();
        for (int u = 0; u < 8; u++) {
            UserId user = new UserId(random.nextLong(1, Long.MAX_VALUE));
            List<Long> mine = new ArrayList<>();
            for (int f = 0; f < 5; f++) {
                Accounts.Household h = Accounts.household(customers, 2);
                for (long a : h.accounts()) {
                    customers.bind(user, a);
                    mine.add(a);
                    bills.add(Accounts.bill(h, a, LocalDate.of(2026, 9, 1), "123.45"));
                    bills.add(Accounts.bill(h, a, LocalDate.of(2026, 10, 1), "67.89"));
                }
            }
            users.add(user);
            accountsOf.add(mine.stream().mapToLong(Long::longValue).toArray());
            allAccounts.addAll(mine);
        }
        ledger.receive(new BillsIssued(bills));
        var balancesBefore = ledger.balances(allAccounts);

        // 1,000 orders of one or two accounts, half through each gateway, opened from 8 threads
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<PaymentOrder>> opened = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            int u = i % users.size();
            long[] mine = accountsOf.get(u);
            int first = random.nextInt(mine.length);
            List<Pay.Share> lines = new ArrayList<>();
            lines.add(new Pay.Share(mine[first], Money.fen(1 + random.nextInt(30_000))));
            if (random.nextBoolean())
                lines.add(new Pay.Share(mine[(first + 1) % mine.length], Money.fen(1 + random.nextInt(30_000))));
            Gateway g = i % 2 == 0 ? Gateway.WECHAT : Gateway.ALIPAY;
            PostingKind kind = i % 5 == 0 ? PostingKind.TOP_UP : PostingKind.PAYMENT;
            UserId user = users.get(u);
            opened.add(pool.submit(() -> orders.create(user.value(), new PaymentOrders.NewOrder(g, kind, lines))));
        }
        List<PaymentOrder> paid = new ArrayList<>();
        for (Future<PaymentOrder> f : opened) paid.add(f.get(5, TimeUnit.MINUTES));
        long paidSum = 0;
        for (PaymentOrder o : paid) {
            assertThat(o.state()).isEqualTo(OrderState.CREATED);
            assertThat(simulator(o.gateway()).pay(o.orderNumber())).isTrue();
            paidSum += o.amount().fen();
        }
        List<String> numbers = paid.stream().map(PaymentOrder::orderNumber).toList();

        // the janitor settles the first hundred before any notification arrives
        setDue(numbers.subList(0, 100));
        while (janitor.sweep() > 0) {}
        assertThat(count(
                        "select count(*) from payment.payment_order where order_number = any(:n) and state = 'PAID'",
                        numbers))
                .isEqualTo(100);

        // then 10,000 notifications, each signed afresh when it is sent, shuffled, from 16 threads, while the
        // janitor sweeps the rest
        setDue(numbers);
        List<PaymentOrder> deliveries = new ArrayList<>();
        for (PaymentOrder o : paid) for (int c = 0; c < COPIES; c++) deliveries.add(o);
        Collections.shuffle(deliveries, random);
        ConcurrentLinkedQueue<PaymentOrder> queue = new ConcurrentLinkedQueue<>(deliveries);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean sending = new AtomicBoolean(true);
        Future<?> sweeping = Executors.newSingleThreadExecutor().submit(() -> {
            while (sending.get()) janitor.sweep();
            return null;
        });
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++)
            senders.add(pool.submit(() -> {
                PaymentOrder o;
                while ((o = queue.poll()) != null) {
                    GatewaySimulator s = simulator(o.gateway());
                    GatewaySimulator.Delivery d =
                            s.notification(s.trade(o.orderNumber()).orElseThrow());
                    PaymentOrders.Answer a =
                            orders.notified(o.gateway(), GatewaySimulator.lowerCase(d.headers()), d.body());
                    if (s.acknowledged(a)) accepted.incrementAndGet();
                    else refused.incrementAndGet();
                }
                return null;
            }));
        for (Future<?> f : senders) f.get(10, TimeUnit.MINUTES);
        sending.set(false);
        sweeping.get(1, TimeUnit.MINUTES);
        pool.shutdown();

        assertThat(refused.get()).as("genuine notifications refused").isZero();
        assertThat(accepted.get()).isEqualTo(ORDERS * COPIES);
        assertThat(count(
                        "select count(*) from payment.payment_order where order_number = any(:n) and state = 'PAID'",
                        numbers))
                .isEqualTo(ORDERS);
        assertThat(count("""
                        select count(*) from payment.gateway_payment p join payment.payment_order o using (order_id)
                        where o.order_number = any(:n)""", numbers)).as("credits").isEqualTo(ORDERS);
        assertThat(count("""
                        select count(*) from payment.gateway_payment p join payment.payment_order o using (order_id)
                        where o.order_number = any(:n) and p.source = 'QUERY'""", numbers)).isGreaterThanOrEqualTo(100);
        // the ledger's side: one posting per transaction, and the GATEWAY book holds exactly what was paid
        assertThat(count("""
                        select count(*) from payment.posting where idempotency_key in (
                            select 'gateway:' || p.gateway || ':' || p.transaction_id from payment.gateway_payment p
                            join payment.payment_order o using (order_id) where o.order_number = any(:n))""", numbers)).isEqualTo(ORDERS);
        assertThat(count("""
                        select coalesce(sum(e.amount), 0) from payment.entry e
                        join payment.gateway_payment p on p.posting_id = e.posting_id
                        join payment.payment_order o using (order_id)
                        where o.order_number = any(:n) and e.book = 'GATEWAY'""", numbers)).as("credited sum in fen").isEqualTo(paidSum);
        // and the accounts' side: what they hold net grew by what was paid, to the fen
        var after = ledger.balances(allAccounts);
        long grew = 0;
        for (Long a : allAccounts)
            grew += after.get(a).net().fen() - balancesBefore.get(a).net().fen();
        assertThat(grew).isEqualTo(paidSum);
    }

    void setDue(List<String> numbers) {
        jdbc.sql("update payment.payment_order set next_query_at = now() - interval '1 second'"
                        + " where order_number = any(:n) and state in ('CREATED', 'UNKNOWN')")
                .param("n", numbers.toArray(String[]::new))
                .update();
    }

    long count(String sql, List<String> numbers) {
        return jdbc.sql(sql)
                .param("n", numbers.toArray(String[]::new))
                .query(Long.class)
                .single();
    }
}
