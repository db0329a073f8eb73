package io.gridhall.payment;

import static io.gridhall.payment.Accounts.bill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.shared.Money;
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
 * Issue #10 sections 6 and 9: the ledger earns a payment's points in the statement that writes its entries, and that
 * statement applies the cap per year in SQL (ADR 0015, "The ledger's write earns"). These tests hold it to the
 * published rules applied one payment after the other, worked here from the rules' figures alone: on generated
 * payments by every channel, one at a time or many in one transaction, with bills paid before their due date, to
 * accounts that already earned up to (and past) the year's cap; and under concurrent payments to one account at the
 * cap.
 */
@PaymentTest
class PointsInPostingTests {

    @Autowired
    Ledger ledger;

    @Autowired
    RewardPoints points;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    /** Posting ids of made-up payments, far above the ledger's own, for the earnings that fill a year beforehand. */
    static final AtomicLong postings =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 50, 1L << 55));

    static final PaymentChannel[] CHANNELS = {
        PaymentChannel.GATEWAY, PaymentChannel.BANK, PaymentChannel.CARD, PaymentChannel.CASH
    };

    @Test
    void theLedgersWriteEarnsWhatTheRulesGiveOnePaymentAfterTheOtherUpToTheYearsCap() {
        LocalDate today = LocalDate.now(clock);
        RewardPoints.Rules rules = points.rules(today).orElseThrow();
        qt().withExamples(20)
                .withShrinkCycles(0)
                .forAll(
                        integers().between(0, (int) rules.maxPerYear() + 3_000), // earned in the year before
                        integers().between(0, 800), // yuan of a bill due after today, on the first account
                        lists().of(integers().between(0, 2 * 4 * 3_000 - 1)).ofSizeBetween(1, 8),
                        booleans().all())
                .checkAssert((earnedBefore, billYuan, codes, oneTransaction) -> {
                    Accounts.Household h = Accounts.household(customers, 2);
                    long[] accounts = {h.first(), h.accounts()[1]};
                    earnBeforehand(accounts[0], earnedBefore, today);
                    long[] open = {0, 0};
                    if (billYuan > 0) {
                        ledger.receive(new BillsIssued(
                                List.of(bill(h, accounts[0], today.withDayOfMonth(1), billYuan + ".00"))));
                        open[0] = billYuan * 100L;
                    }
                    long[] inYear = {earnedInYear(accounts[0], today.getYear()), 0};

                    // the rules, one payment after the other
                    List<Pay> pays = new ArrayList<>();
                    List<Long> expected = new ArrayList<>();
                    for (int code : codes) {
                        int a = code % 2;
                        PaymentChannel channel = CHANNELS[(code / 2) % 4];
                        long fen = (code / 8) * 100L + 37;
                        pays.add(pay(accounts[a], channel, fen));
                        long onTime = Math.min(fen, open[a]);
                        open[a] -= onTime;
                        long rate = rules.pointsPerYuan().getOrDefault(channel, 0L);
                        long base = fen / 100 * rate;
                        long bonus = onTime / 100 * rate * rules.onTimeBonusPercent() / 100;
                        long earned = Math.max(
                                0,
                                Math.min(
                                        Math.min(base + bonus, rules.maxPerPosting()), rules.maxPerYear() - inYear[a]));
                        inYear[a] += earned;
                        expected.add(earned);
                    }

                    List<Posted> posted = oneTransaction
                            ? ledger.payAll(pays)
                            : pays.stream().map(ledger::pay).toList();

                    Map<Long, Long> earned = earnedBy(posted);
                    for (int i = 0; i < posted.size(); i++)
                        assertThat(earned.getOrDefault(posted.get(i).postingId(), 0L))
                                .as("payment %d of %s, %s", i, codes, oneTransaction ? "one transaction" : "one by one")
                                .isEqualTo(expected.get(i));
                    for (int a = 0; a < 2; a++) {
                        assertThat(earnedInYear(accounts[a], today.getYear())).isEqualTo(inYear[a]);
                        pointsBooksAgree(accounts[a]);
                    }
                });
        LedgerChecks.assertBooksAgree(jdbc);
    }

    /** The cap is read under the account's lock: payments racing at it earn the year's room once, not each. */
    @Test
    void concurrentPaymentsToAnAccountAtTheCapEarnTheRoomLeftOnce() throws Exception {
        LocalDate today = LocalDate.now(clock);
        RewardPoints.Rules rules = points.rules(today).orElseThrow();
        long account = Accounts.household(customers, 1).first();
        earnBeforehand(account, (int) rules.maxPerYear() - 999, today);
        long room = rules.maxPerYear() - earnedInYear(account, today.getYear());
        assertThat(room).isBetween(999L, 1_001L);

        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Posted>> paid = new ArrayList<>();
            for (int i = 0; i < threads; i++)
                paid.add(pool.submit(() -> {
                    start.await();
                    return ledger.pay(pay(account, PaymentChannel.GATEWAY, 1_000_00)); // 2,000 points alone
                }));
            start.countDown();
            List<Posted> posted = new ArrayList<>();
            for (Future<Posted> f : paid) posted.add(f.get());
            assertThat(earnedBy(posted).values())
                    .as("one payment takes the room")
                    .containsExactly(room);
        } finally {
            pool.shutdownNow();
        }
        assertThat(earnedInYear(account, today.getYear())).isEqualTo(rules.maxPerYear());
        pointsBooksAgree(account);
    }

    static Pay pay(long account, PaymentChannel channel, long fen) {
        return new Pay(
                "pip:" + UUID.randomUUID(),
                PostingKind.PAYMENT,
                channel,
                List.of(new Pay.Share(account, Money.fen(fen))),
                null,
                null);
    }

    /** Earnings of bank withholding (3 points a yuan) through the points' own way, up to {@code target} points. */
    void earnBeforehand(long account, int target, LocalDate day) {
        long left = target;
        long perPosting = points.rules(day).orElseThrow().maxPerPosting();
        while (left >= 3) {
            long yuan = Math.min(left, perPosting) / 3;
            points.earn(new PaymentsPosted(
                    List.of(new PaymentsPosted.Received(
                            postings.incrementAndGet(),
                            PostingKind.PAYMENT,
                            PaymentChannel.BANK,
                            day,
                            List.of(new PaymentsPosted.Share(account, Money.fen(yuan * 100))))),
                    List.of()));
            left -= yuan * 3;
        }
    }

    long earnedInYear(long account, int year) {
        return jdbc.sql("""
                        select coalesce(sum(points), 0) from payment.points_entry
                        where supply_account_id = :a and kind in ('EARN', 'TAKE_BACK') and earned_year = :y""")
                .param("a", account)
                .param("y", year)
                .query(Long.class)
                .single();
    }

    Map<Long, Long> earnedBy(List<Posted> posted) {
        Map<Long, Long> out = new HashMap<>();
        jdbc.sql("select posting_id, points from payment.points_entry where kind = 'EARN' and posting_id = any(:p)")
                .param("p", posted.stream().map(Posted::postingId).toArray(Long[]::new))
                .query(rs -> {
                    out.merge(rs.getLong(1), rs.getLong(2), Long::sum);
                });
        return out;
    }

    /** The cached points balance is the sum of the account's entries. */
    void pointsBooksAgree(long account) {
        long entries = jdbc.sql(
                        "select coalesce(sum(points), 0) from payment.points_entry where supply_account_id = :a")
                .param("a", account)
                .query(Long.class)
                .single();
        long cached = jdbc.sql(
                        "select coalesce(max(balance), 0) from payment.points_account where supply_account_id = :a")
                .param("a", account)
                .query(Long.class)
                .single();
        assertThat(cached).isEqualTo(entries);
    }
}
