package io.gridhall.payment;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import io.gridhall.testing.Actors;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The ledger under concurrent writers and readers (issue #10, section 8). */
@PaymentTest
class LedgerConcurrencyTests {

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    static Pay topUp(long account, Money amount) {
        return new Pay(
                UUID.randomUUID().toString(),
                PostingKind.TOP_UP,
                PaymentChannel.GATEWAY,
                List.of(new Pay.Share(account, amount)),
                null,
                null);
    }

    /**
     * Jepsen's bank test: writers move credit between random accounts while readers read every balance in one
     * snapshot. Every snapshot sums to the same total, no account's credit is ever below zero, and transfers that
     * would pass the floor are refused, never half done.
     */
    @Test
    void transfersKeepTheTotalInEverySnapshotAndNoBalancePassesItsFloor() throws Exception {
        Accounts.Household h = Accounts.household(customers, 8);
        List<Long> ids = Arrays.stream(h.accounts()).boxed().toList();
        for (long id : h.accounts()) ledger.pay(topUp(id, Money.yuan("100.00")));
        long total = ids.size() * 10_000L;
        Actor clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger transfers = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger snapshots = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<String> badSnapshots = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch writersDone = new CountDownLatch(6);
        for (int w = 0; w < 6; w++)
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    var random = ThreadLocalRandom.current();
                    for (int i = 0; i < 150; i++) {
                        long from = ids.get(random.nextInt(ids.size()));
                        long to = ids.get(random.nextInt(ids.size()));
                        if (from == to) continue;
                        try {
                            ledger.transfer(
                                    UUID.randomUUID().toString(),
                                    from,
                                    to,
                                    Money.fen(random.nextLong(1, 6_000)),
                                    "银行测试转账",
                                    clerk);
                            transfers.incrementAndGet();
                        } catch (Problem p) {
                            assertThat(p.code()).isEqualTo("insufficient-credit");
                            refused.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    writersDone.countDown();
                }
            }));
        for (int r = 0; r < 2; r++)
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    while (running.get()) {
                        Map<Long, Balance> snapshot = ledger.balances(ids);
                        long sum = snapshot.values().stream()
                                .mapToLong(b -> b.net().fen())
                                .sum();
                        if (sum != total) badSnapshots.add("sum " + sum + " in " + snapshot);
                        snapshot.values().stream()
                                .filter(b -> b.prepaid().isNegative()
                                        || b.receivable().isNegative())
                                .forEach(b -> badSnapshots.add("below the floor: " + b));
                        snapshots.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        writersDone.await();
        running.set(false);
        for (Thread t : threads) t.join();

        assertThat(failures).isEmpty();
        assertThat(badSnapshots).isEmpty();
        assertThat(transfers.get()).isGreaterThan(100);
        assertThat(snapshots.get()).isGreaterThan(10);
        assertThat(ledger.balances(ids).values().stream()
                        .mapToLong(b -> b.net().fen())
                        .sum())
                .isEqualTo(total);
        // every transfer moved two entries, every refused one none
        long entries = ledger.balances(ids).values().stream()
                .mapToLong(Balance::version)
                .sum();
        assertThat(entries).isEqualTo(ids.size() + 2L * transfers.get());
    }

    /**
     * Payments for several accounts at once, listed in random order, bills and reads running beside them: no
     * deadlock (accounts are locked in id order), and every fen is where the postings say.
     */
    @Test
    void concurrentPaymentsAndBillsOverSharedAccountsLoseNothing() throws Exception {
        Accounts.Household h = Accounts.household(customers, 6);
        List<Long> ids = Arrays.stream(h.accounts()).boxed().toList();
        AtomicLong paid = new AtomicLong();
        AtomicLong billed = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            boolean biller = w < 2;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    var random = ThreadLocalRandom.current();
                    for (int i = 0; i < 60; i++) {
                        if (biller) {
                            long account = ids.get(random.nextInt(ids.size()));
                            var bill =
                                    Accounts.bill(h, account, LocalDate.of(2026, 1 + random.nextInt(12), 1), "12.34");
                            ledger.receive(new BillsIssued(List.of(bill)));
                            billed.addAndGet(bill.total().fen());
                            continue;
                        }
                        List<Long> some = new ArrayList<>(ids);
                        Collections.shuffle(some);
                        List<Pay.Share> shares = new ArrayList<>();
                        long sum = 0;
                        for (Long id : some.subList(0, 1 + random.nextInt(3))) {
                            long fen = random.nextLong(1, 3_000);
                            shares.add(new Pay.Share(id, Money.fen(fen)));
                            sum += fen;
                        }
                        ledger.pay(new Pay(
                                UUID.randomUUID().toString(),
                                PostingKind.PAYMENT,
                                PaymentChannel.CASH,
                                shares,
                                null,
                                null));
                        paid.addAndGet(sum);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(failures).isEmpty();
        long net = ledger.balances(ids).values().stream()
                .mapToLong(b -> b.net().fen())
                .sum();
        assertThat(net).isEqualTo(paid.get() - billed.get());
    }

    /** The same posting key many times from many threads: exactly one posting, every caller answered with it. */
    @Test
    void oneKeyFromSixteenThreadsPostsExactlyOnce() throws Exception {
        Accounts.Household h = Accounts.household(customers, 1);
        Pay payment = topUp(h.first(), Money.yuan("12.34"));
        Set<Long> answers = ConcurrentHashMap.newKeySet();
        AtomicInteger firsts = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++)
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        Posted p = ledger.pay(payment);
                        answers.add(p.postingId());
                        if (!p.replayed()) firsts.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        start.countDown();
        for (Thread t : threads) t.join();
        assertThat(failures).isEmpty();
        assertThat(answers).hasSize(1);
        assertThat(firsts.get()).isEqualTo(1);
        assertThat(ledger.balance(h.first())).isEqualTo(new Balance(h.first(), Money.ZERO, Money.yuan("12.34"), 1));
        assertThat(jdbc.sql("select count(*) from payment.posting where idempotency_key = :k")
                        .param("k", payment.idempotencyKey())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    /**
     * The same Idempotency-Key from sixteen threads over HTTP: each answer is the receipt (first or replayed) or 409
     * in progress, and one payment is posted.
     */
    @Test
    void oneIdempotencyKeyFromSixteenThreadsPaysOnce() throws Exception {
        Accounts.Household h = Accounts.household(customers, 1);
        Actor clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        String key = UUID.randomUUID().toString();
        String body = """
                {"channel": "CASH", "shares": [{"accountId": %d, "amount": "8.88"}]}""".formatted(h.first());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Set<String> receipts = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++)
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 5; i++) {
                        var response = mvc.perform(post("/api/v1/payment/counter-payments")
                                        .with(csrf())
                                        .with(as(clerk))
                                        .header(IdempotentRequests.HEADER, key)
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content(body))
                                .andReturn()
                                .getResponse();
                        statuses.computeIfAbsent(response.getStatus(), s -> new AtomicInteger())
                                .incrementAndGet();
                        if (response.getStatus() == 201) receipts.add(response.getContentAsString());
                        else assertThat(response.getContentAsString()).contains("idempotency-key-in-progress");
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        start.countDown();
        for (Thread t : threads) t.join();
        assertThat(failures).isEmpty();
        assertThat(statuses.keySet()).isSubsetOf(201, 409);
        assertThat(receipts).hasSize(1);
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("8.88"));
        assertThat(ledger.balance(h.first()).version()).isEqualTo(1);
    }
}
