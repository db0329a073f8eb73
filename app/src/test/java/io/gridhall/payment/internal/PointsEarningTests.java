package io.gridhall.payment.internal;

import static io.gridhall.payment.Accounts.bill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PaymentTest;
import io.gridhall.payment.PaymentsPosted;
import io.gridhall.payment.Posted;
import io.gridhall.payment.PostingKind;
import io.gridhall.payment.RewardPoints;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #10 section 9: the set-based earning on the database, in the posting's transaction: a payment and its points
 * commit together or not at all, an event delivered twice, or by many at once, earns once, a reversal takes back
 * once, and on payments through the ledger every entry is what the per-account rules give for it.
 */
@PaymentTest
class PointsEarningTests {

    @Autowired
    RewardPoints points;

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    /** Posting ids of made-up payments, far above the ledger's own. */
    static final AtomicLong postings =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 51, 1L << 52));

    long balance(long account) {
        return points.balance(account, LocalDate.now(clock)).points();
    }

    List<Long> entries(long account, String kind) {
        return jdbc.sql("""
                        select points from payment.points_entry where supply_account_id = :a and kind = :k
                        order by entry_id""")
                .param("a", account)
                .param("k", kind)
                .query(Long.class)
                .list();
    }

    /** Runs every task at once on its own thread; gives what failed. */
    static List<Throwable> atOnce(List<Runnable> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        List<Future<?>> done = new ArrayList<>();
        try {
            for (Runnable t : tasks)
                done.add(pool.submit(() -> {
                    start.await();
                    t.run();
                    return null;
                }));
            start.countDown();
            List<Throwable> failed = new ArrayList<>();
            for (Future<?> f : done)
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed.add(e.getCause());
                }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A crash between the posting and its points: the earning fails after the ledger has written the posting, its
     * entries and the balance, in the same transaction. Nothing of the payment stays; the gateway's retry under the
     * same key posts it and earns its points once, and a later retry replays without earning again. No event of the
     * payment waits in the publication registry for an earning after the commit.
     */
    @Test
    void aPaymentAndItsPointsCommitTogetherOrNotAtAll() {
        Accounts.Household h = Accounts.household(customers, 1);
        long account = h.first();
        String key = "earning-crash:" + UUID.randomUUID();
        Pay pay = new Pay(
                key,
                PostingKind.PAYMENT,
                PaymentChannel.GATEWAY,
                List.of(new Pay.Share(account, Money.yuan("88.80"))),
                null,
                null);
        // the database refuses this account's points, as a crash at that moment would end the transaction
        String trigger = "earning_crash_" + account;
        jdbc.sql("""
                        create function payment.%s() returns trigger language plpgsql as $$
                        begin
                            if new.supply_account_id = %d then raise exception 'crash while earning'; end if;
                            return new;
                        end $$""".formatted(trigger, account)).update();
        jdbc.sql(
                        "create trigger %1$s before insert on payment.points_entry for each row execute function payment.%1$s()"
                                .formatted(trigger))
                .update();
        try {
            assertThatThrownBy(() -> ledger.pay(pay)).hasMessageContaining("crash while earning");
        } finally {
            jdbc.sql("drop trigger %1$s on payment.points_entry".formatted(trigger))
                    .update();
            jdbc.sql("drop function payment.%s()".formatted(trigger)).update();
        }
        assertThat(jdbc.sql("select count(*) from payment.posting where idempotency_key = :k")
                        .param("k", key)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.ZERO);
        assertThat(balance(account)).isZero();

        Posted posted = ledger.pay(pay); // the gateway notifies again
        assertThat(posted.replayed()).isFalse();
        assertThat(entries(account, "EARN")).containsExactly(176L); // 88 whole yuan x 2
        assertThat(ledger.pay(pay).replayed()).isTrue();
        assertThat(entries(account, "EARN")).containsExactly(176L);
        assertThat(balance(account)).isEqualTo(176);
        assertThat(jdbc.sql("select count(*) from platform.event_publication where serialized_event like :id")
                        .param("id", "%" + posted.postingId() + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theSameEventsDeliveredTwiceAndByManyAtOnceEarnOnce() throws Exception {
        Accounts.Household h = Accounts.household(customers, 10);
        LocalDate today = LocalDate.now(clock);
        List<PaymentsPosted.Share> gateway = new ArrayList<>();
        List<PaymentsPosted.Share> bank = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            gateway.add(new PaymentsPosted.Share(h.accounts()[i], Money.yuan("123.45")));
            if (i % 2 == 0) bank.add(new PaymentsPosted.Share(h.accounts()[i], Money.yuan("50.00")));
        }
        // a batch's event (two payments, ten accounts) and a single payment's, to the same accounts
        PaymentsPosted batch = new PaymentsPosted(
                List.of(
                        new PaymentsPosted.Received(
                                postings.incrementAndGet(),
                                PostingKind.PAYMENT,
                                PaymentChannel.GATEWAY,
                                today,
                                gateway),
                        new PaymentsPosted.Received(
                                postings.incrementAndGet(), PostingKind.TOP_UP, PaymentChannel.BANK, today, bank)),
                List.of());
        PaymentsPosted single = new PaymentsPosted(
                List.of(new PaymentsPosted.Received(
                        postings.incrementAndGet(),
                        PostingKind.PAYMENT,
                        PaymentChannel.CARD,
                        today,
                        List.of(new PaymentsPosted.Share(h.first(), Money.yuan("10.00"))))),
                List.of());
        List<Runnable> deliveries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            deliveries.add(() -> points.earn(batch));
            deliveries.add(() -> points.earn(single));
        }
        assertThat(atOnce(deliveries)).isEmpty();
        points.earn(batch); // and once more, after all of them
        points.earn(single);

        for (int i = 0; i < 10; i++) {
            long a = h.accounts()[i];
            List<Long> expected = new ArrayList<>(List.of(246L)); // 123 whole yuan x 2
            if (i % 2 == 0) expected.add(150L); // 50 x 3
            if (i == 0) expected.add(10L); // 10 x 1
            assertThat(entries(a, "EARN")).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(balance(a))
                    .isEqualTo(expected.stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void aReversalDeliveredAgainAndByManyAtOnceTakesBackOnce() throws Exception {
        Accounts.Household h = Accounts.household(customers, 2);
        Posted paid = ledger.pay(new Pay(
                "earning-reversal:" + UUID.randomUUID(),
                PostingKind.PAYMENT,
                PaymentChannel.GATEWAY,
                List.of(
                        new Pay.Share(h.first(), Money.yuan("100.00")),
                        new Pay.Share(h.accounts()[1], Money.yuan("30.00"))),
                null,
                null));
        assertThat(balance(h.first())).isEqualTo(200); // earned in the posting's transaction
        Actor staff = Actors.staff(h.branch(), Role.COUNTER_CLERK, Role.BRANCH_MANAGER);
        Posted reversal =
                ledger.reverse("earning-reversal-back:" + paid.postingId(), paid.postingId(), "付款撤销测试", staff);
        // taken back in the reversal's transaction
        assertThat(balance(h.first())).isZero();
        assertThat(balance(h.accounts()[1])).isZero();
        // and the reversal's event delivered again, by many at once, takes back nothing more
        PaymentsPosted reversed = new PaymentsPosted(
                List.of(), List.of(new PaymentsPosted.Reversed(reversal.postingId(), paid.postingId())));
        List<Runnable> deliveries = new ArrayList<>();
        for (int i = 0; i < 7; i++) deliveries.add(() -> points.earn(reversed));
        assertThat(atOnce(deliveries)).isEmpty();
        assertThat(entries(h.first(), "TAKE_BACK")).containsExactly(-200L);
        assertThat(entries(h.accounts()[1], "TAKE_BACK")).containsExactly(-60L);
        assertThat(balance(h.first())).isZero();
        assertThat(balance(h.accounts()[1])).isZero();
    }

    /**
     * Payments through the ledger by every channel, some settling bills before their due date and some after,
     * some reversed: each account's entries, read in the order they were written, are what
     * the per-account rules give on the ledger's facts read one share at a time (the statements earning used before).
     */
    @Test
    void onPaymentsThroughTheLedgerEveryEntryIsWhatThePerAccountRulesGive() throws Exception {
        EarningRules.Version rule = EarningRulesTests.shipped().inForce(LocalDate.now(clock));
        org.quicktheories.QuickTheory.qt()
                .withExamples(6)
                .withShrinkCycles(0)
                .forAll(org.quicktheories.generators.SourceDSL.lists()
                        .of(org.quicktheories.generators.SourceDSL.integers().between(0, Integer.MAX_VALUE))
                        .ofSizeBetween(2, 8))
                .checkAssert(ops -> {
                    Accounts.Household h = Accounts.household(customers, 2);
                    Actor staff = Actors.staff(h.branch(), Role.COUNTER_CLERK, Role.BRANCH_MANAGER);
                    LocalDate today = LocalDate.now(clock);
                    Map<Long, Pay> paid = new HashMap<>();
                    for (int op : ops) {
                        long account = h.accounts()[op % 2];
                        int x = op / 2;
                        if (x % 5 == 4 && !paid.isEmpty()) { // reverse an earlier payment
                            long of = new ArrayList<>(paid.keySet()).get(x % paid.size());
                            if (jdbc.sql("select count(*) from payment.posting where reverses = :p")
                                            .param("p", of)
                                            .query(Long.class)
                                            .single()
                                    == 0)
                                try {
                                    ledger.reverse("earning-prop-r:" + of, of, "付款撤销测试", staff);
                                } catch (Problem p) { // a top-up whose credit settled a bill since
                                    assertThat(p.code()).isEqualTo("insufficient-credit");
                                }
                            continue;
                        }
                        if (x % 3 == 0) // a bill not yet due, or one already overdue
                        ledger.receive(new BillsIssued(List.of(bill(
                                h,
                                account,
                                x % 2 == 0
                                        ? today.withDayOfMonth(1)
                                        : today.withDayOfMonth(1).minusMonths(3),
                                (50 + x % 900) + ".00"))));
                        PaymentChannel channel = PaymentChannel.values()[x % PaymentChannel.values().length];
                        // up to 4,000 yuan: the cap per payment is reached, the yearly one sometimes
                        Pay pay = new Pay(
                                "earning-prop:" + UUID.randomUUID(),
                                x % 7 == 0 ? PostingKind.TOP_UP : PostingKind.PAYMENT,
                                channel,
                                List.of(new Pay.Share(account, Money.fen(1 + (long) op % 400_000))),
                                null,
                                channel == PaymentChannel.CASH || channel == PaymentChannel.CARD ? staff : null);
                        paid.put(ledger.pay(pay).postingId(), pay);
                    }
                    for (long account : h.accounts()) replayAgrees(account, rule, paid);
                });
    }

    /** Replays the account's entries in the order written against the per-account rules. */
    void replayAgrees(long account, EarningRules.Version rule, Map<Long, Pay> paid) {
        record Row(String kind, long points, Long posting, int year) {}
        List<Row> rows = jdbc.sql("""
                        select kind, points, posting_id, coalesce(earned_year, 0) from payment.points_entry
                        where supply_account_id = :a order by entry_id""")
                .param("a", account)
                .query((rs, n) -> new Row(rs.getString(1), rs.getLong(2), (Long) rs.getObject(3), rs.getInt(4)))
                .list();
        long balance = 0;
        Map<Integer, Long> inYear = new HashMap<>();
        Map<Long, Long> earnedBy = new HashMap<>();
        for (Row r : rows) {
            switch (r.kind()) {
                case "EARN" -> {
                    Pay pay = paid.get(r.posting());
                    long fen = pay.shares().getFirst().amount().fen();
                    long onTime = jdbc.sql("""
                                    select coalesce(-sum(e.amount), 0) from payment.entry e
                                    join payment.receivable_item i on i.item_id = e.item_id
                                    join payment.posting p on p.posting_id = e.posting_id
                                    where e.posting_id = :posting and e.supply_account_id = :account
                                      and e.book = 'RECEIVABLE' and e.amount < 0 and p.business_date < i.due_on""")
                            .param("posting", r.posting())
                            .param("account", account)
                            .query(Long.class)
                            .single();
                    long expected = rule.points(pay.channel(), fen, onTime, inYear.getOrDefault(r.year(), 0L));
                    assertThat(r.points())
                            .as("points of posting %d", r.posting())
                            .isEqualTo(expected);
                    earnedBy.put(r.posting(), r.points());
                }
                case "TAKE_BACK" ->
                    assertThat(-r.points())
                            .as("taken back of posting %d", r.posting())
                            .isEqualTo(Math.min(earnedBy.get(r.posting()), balance));
                default -> {}
            }
            balance += r.points();
            if (r.kind().equals("EARN") || r.kind().equals("TAKE_BACK")) inYear.merge(r.year(), r.points(), Long::sum);
        }
        // every payment that earns by the rules and was not reversed before its earning has its entry
        for (Map.Entry<Long, Pay> p : paid.entrySet()) {
            boolean earned = earnedBy.containsKey(p.getKey());
            boolean reversed = jdbc.sql("select count(*) from payment.posting where reverses = :p")
                            .param("p", p.getKey())
                            .query(Long.class)
                            .single()
                    > 0;
            long fen = p.getValue().shares().getFirst().amount().fen();
            if (p.getValue().shares().getFirst().supplyAccountId() == account
                    && !reversed
                    && rule.points(p.getValue().channel(), fen, 0, 0) > 0
                    && earnedBy.values().stream().mapToLong(Long::longValue).sum()
                            < rule.maxPerYear() - rule.maxPerPosting()) // the yearly cap never in reach
            assertThat(earned).as("posting %d earned", p.getKey()).isTrue();
        }
        assertThat(balance).isEqualTo(balance(account)).isNotNegative();
    }
}
