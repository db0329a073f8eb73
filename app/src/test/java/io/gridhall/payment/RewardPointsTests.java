package io.gridhall.payment;

import static io.gridhall.payment.Accounts.bill;
import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@PaymentTest
class RewardPointsTests {

    @Autowired
    MockMvc mvc;

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

    Accounts.Household h;
    Actor clerk;

    /** Posting ids of made-up payments, far above the ledger's own, for events the tests build themselves. */
    static final AtomicLong postings =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 45, 1L << 50));

    @BeforeEach
    void household() {
        h = Accounts.household(customers, 2);
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK, Role.BRANCH_MANAGER);
    }

    long balance(long account) {
        return points.balance(account, LocalDate.now(clock)).points();
    }

    /** The balance equals the sum of the entries, per kind, and is never negative. */
    void booksAgree(long account) {
        var sums = jdbc.sql("""
                        select coalesce(sum(points) filter (where kind = 'EARN'), 0),
                               coalesce(-sum(points) filter (where kind = 'TAKE_BACK'), 0),
                               coalesce(-sum(points) filter (where kind = 'REDEEM'), 0),
                               coalesce(-sum(points) filter (where kind = 'EXPIRE'), 0)
                        from payment.points_entry where supply_account_id = :a""")
                .param("a", account)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                .single();
        long balance = balance(account);
        assertThat(balance).isEqualTo(sums[0] - sums[1] - sums[2] - sums[3]);
        assertThat(balance).isNotNegative();
    }

    PaymentsPosted received(long account, PaymentChannel channel, String yuan, LocalDate day) {
        return new PaymentsPosted(
                List.of(new PaymentsPosted.Received(
                        postings.incrementAndGet(),
                        PostingKind.PAYMENT,
                        channel,
                        day,
                        List.of(new PaymentsPosted.Share(account, Money.yuan(yuan))))),
                List.of());
    }

    RewardPoints.MallItem item(long price, int stock) {
        return points.addItem(new RewardPoints.MallItem.Details("节能灯泡", "LED bulb", "", "", price, stock, true), clerk);
    }

    @Test
    void aPaymentThroughAGatewayEarnsOnceInTheLedgersTransactionAndItsReversalTakesThePointsBack() {
        // a bill due in the future, settled now: a bonus on that part
        BillsIssued.IssuedBill due = bill(h, h.first(), LocalDate.now(clock).withDayOfMonth(1), "60.00");
        ledger.receive(new BillsIssued(List.of(due)));
        Posted paid = ledger.pay(new Pay(
                "points-test:" + UUID.randomUUID(),
                PostingKind.PAYMENT,
                PaymentChannel.GATEWAY,
                List.of(new Pay.Share(h.first(), Money.yuan("100.00"))),
                "WX" + UUID.randomUUID(),
                null));
        // 100 yuan x 2, plus 60 yuan settled before the due date x 2 x 50%
        assertThat(balance(h.first())).isEqualTo(260);
        assertThat(points.history(h.first(), 10).getFirst().postingId()).isEqualTo(paid.postingId());

        // the same payment again (a replayed key) publishes nothing and earns nothing
        assertThat(ledger.pay(new Pay(
                                "points-again:" + paid.postingId(),
                                PostingKind.PAYMENT,
                                PaymentChannel.GATEWAY,
                                List.of(new Pay.Share(h.first(), Money.yuan("1.00"))),
                                null,
                                null))
                        .replayed())
                .isFalse();
        assertThat(balance(h.first())).isEqualTo(262);

        ledger.reverse("points-reverse:" + paid.postingId(), paid.postingId(), "付款撤销测试", clerk);
        assertThat(balance(h.first())).isEqualTo(2);
        assertThat(points.history(h.first(), 10).getFirst().kind()).isEqualTo(RewardPoints.EntryKind.TAKE_BACK);
        booksAgree(h.first());
    }

    @Test
    void theStatementShowsThePointsEachPaymentEarnedAndNoneOnceItIsReversed() throws Exception {
        // PAY-1: payment records with the points earned
        Posted online = ledger.pay(new Pay(
                "points-record:" + UUID.randomUUID(),
                PostingKind.PAYMENT,
                PaymentChannel.GATEWAY,
                List.of(new Pay.Share(h.first(), Money.yuan("100.00"))),
                "WX" + UUID.randomUUID(),
                null));
        Posted cash = ledger.pay(new Pay(
                "points-record-cash:" + UUID.randomUUID(),
                PostingKind.PAYMENT,
                PaymentChannel.CASH,
                List.of(new Pay.Share(h.first(), Money.yuan("80.00"))),
                "R1",
                clerk));
        assertThat(balance(h.first())).isEqualTo(200);
        assertThat(points.earnedByPosting(h.first(), List.of(online.postingId(), cash.postingId())))
                .containsExactly(java.util.Map.entry(online.postingId(), 200L));
        assertThat(points.earnedByPosting(h.accounts()[1], List.of(online.postingId())))
                .isEmpty();
        Actor customer = Actors.customer();
        customers.bind(customer.userId(), h.first());
        mvc.perform(get("/api/v1/payment/accounts/{id}/statement", h.first()).with(as(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lines[?(@.postingId == %d)].points", online.postingId())
                        .value(org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.is(200))))
                .andExpect(jsonPath("$.lines[?(@.postingId == %d)].points", cash.postingId())
                        .value(org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue())));

        ledger.reverse("points-record-reverse:" + online.postingId(), online.postingId(), "付款撤销测试", clerk);
        assertThat(balance(h.first())).isZero();
        assertThat(points.earnedByPosting(h.first(), List.of(online.postingId())))
                .isEmpty();
        booksAgree(h.first());
    }

    @Test
    void anEventDeliveredAgainEarnsNothingTwice() {
        PaymentsPosted event = received(h.first(), PaymentChannel.BANK, "50.00", LocalDate.now(clock));
        points.earn(event);
        points.earn(event);
        assertThat(balance(h.first())).isEqualTo(150);
        // cash at a counter earns nothing, and writes no entry
        points.earn(received(h.first(), PaymentChannel.CASH, "500.00", LocalDate.now(clock)));
        assertThat(points.history(h.first(), 10)).hasSize(1);
        booksAgree(h.first());
    }

    @Test
    void aReversalOfSpentPointsTakesBackOnlyWhatIsLeft() {
        Posted paid = ledger.pay(new Pay(
                "points-spent:" + UUID.randomUUID(),
                PostingKind.PAYMENT,
                PaymentChannel.GATEWAY,
                List.of(new Pay.Share(h.first(), Money.yuan("100.00"))),
                null,
                null));
        assertThat(balance(h.first())).isEqualTo(200);
        RewardPoints.MallItem bulb = item(150, 5);
        points.redeem("spend:" + UUID.randomUUID(), h.first(), bulb.id(), 1, Actors.customer());
        ledger.reverse("points-spent-reverse:" + paid.postingId(), paid.postingId(), "付款撤销测试", clerk);
        assertThat(points.history(h.first(), 1).getFirst().kind()).isEqualTo(RewardPoints.EntryKind.TAKE_BACK);
        assertThat(points.history(h.first(), 1).getFirst().points()).isEqualTo(-50);
        assertThat(balance(h.first())).isZero();
        booksAgree(h.first());
    }

    /** PAY-5: whatever happens in whatever order, balance = earned - taken back - redeemed - expired, never below 0. */
    @Test
    void theBalanceIsAlwaysWhatWasEarnedLessWhatWasSpentOrExpiredAndNeverNegative() {
        RewardPoints.MallItem cheap = item(40, 1_000_000);
        RewardPoints.MallItem dear = item(170, 1_000_000);
        org.quicktheories.QuickTheory.qt()
                .withExamples(25)
                .withShrinkCycles(0)
                .forAll(org.quicktheories.generators.SourceDSL.lists()
                        .of(org.quicktheories.generators.SourceDSL.integers().between(0, 99))
                        .ofSizeBetween(1, 12))
                .checkAssert(ops -> {
                    long a = Accounts.household(customers, 1).first();
                    LocalDate day = LocalDate.of(2024, 1, 1);
                    for (int op : ops) {
                        day = day.plusDays(op * 7L);
                        switch (op % 4) {
                            case 0, 1 -> points.earn(received(a, PaymentChannel.values()[op % 4 + 1], op + ".00", day));
                            case 2 -> {
                                try {
                                    points.redeem(
                                            "p:" + UUID.randomUUID(),
                                            a,
                                            (op % 3 == 0 ? dear : cheap).id(),
                                            1,
                                            Actors.customer());
                                } catch (Problem p) {
                                    assertThat(p.code()).isEqualTo("points-insufficient");
                                }
                            }
                            default -> points.expire(day);
                        }
                        booksAgree(a);
                    }
                });
    }

    @Test
    void pointsExpireAtTheEndOfTheYearAfterTheyWereEarnedOldestFirstOnce() {
        long a = h.first();
        points.earn(received(a, PaymentChannel.BANK, "100.00", LocalDate.of(2024, 3, 1))); // 300, gone 2026-01-01
        points.earn(received(a, PaymentChannel.BANK, "50.00", LocalDate.of(2025, 6, 1))); // 150, gone 2027-01-01
        RewardPoints.MallItem bulb = item(100, 5);
        points.redeem("old-first:" + UUID.randomUUID(), a, bulb.id(), 1, Actors.customer()); // spends 2024's first
        assertThat(balance(a)).isEqualTo(350);
        assertThat(points.balance(a, LocalDate.of(2025, 12, 1)).expiring()).isEqualTo(200);

        points.expire(LocalDate.of(2025, 12, 31));
        assertThat(balance(a)).as("not yet").isEqualTo(350);
        points.expire(LocalDate.of(2026, 1, 1));
        assertThat(balance(a)).isEqualTo(150);
        points.expire(LocalDate.of(2026, 1, 2));
        points.expire(LocalDate.of(2026, 1, 1));
        assertThat(balance(a)).as("a second run expires nothing").isEqualTo(150);
        assertThat(points.balance(a, LocalDate.of(2026, 6, 1)).expiring()).isEqualTo(150);
        points.expire(LocalDate.of(2027, 1, 1));
        assertThat(balance(a)).isZero();
        booksAgree(a);
    }

    @Test
    void redeemingNeedsEnoughPointsAndStockAndAnswersInTheCustomersLanguage() throws Exception {
        Actor customer = Actors.customer();
        customers.bind(customer.userId(), h.first());
        points.earn(received(h.first(), PaymentChannel.BANK, "100.00", LocalDate.now(clock))); // 300
        RewardPoints.MallItem kettle = item(200, 1);
        String key = UUID.randomUUID().toString();
        String body = """
                {"itemId": %d, "quantity": 1}""".formatted(kettle.id());
        String first = mvc.perform(redeem(h.first(), key, body).with(as(customer)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.points").value(200))
                .andExpect(jsonPath("$.balanceAfter").value(100))
                .andReturn()
                .getResponse()
                .getContentAsString();
        // the same key and body: the same answer, nothing spent twice
        String again = mvc.perform(redeem(h.first(), key, body).with(as(customer)))
                .andExpect(status().isCreated())
                .andExpect(header().string(IdempotentRequests.REPLAYED, "true"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(again).isEqualTo(first);
        assertThat(balance(h.first())).isEqualTo(100);
        // sold out
        points.earn(received(h.first(), PaymentChannel.BANK, "100.00", LocalDate.now(clock)));
        mvc.perform(redeem(h.first(), UUID.randomUUID().toString(), body)
                        .header("Accept-Language", "en")
                        .with(as(customer)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("sold-out"))
                .andExpect(jsonPath("$.detail")
                        .value("\"LED bulb\" is sold out; choose another item or come back later."));
        // not enough points
        RewardPoints.MallItem tv = item(10_000, 3);
        mvc.perform(redeem(h.first(), UUID.randomUUID().toString(), """
                                {"itemId": %d, "quantity": 1}""".formatted(tv.id()))
                        .header("Accept-Language", "zh-CN")
                        .with(as(customer)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("points-insufficient"))
                .andExpect(jsonPath("$.detail").value("兑换需要 10,000 积分，您当前有 400 积分。"));
        // somebody else's account is unknown
        Accounts.Household other = Accounts.household(customers, 1);
        mvc.perform(redeem(other.first(), UUID.randomUUID().toString(), body).with(as(customer)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/payment/points/rules").with(as(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pointsPerYuan.BANK").value(3))
                .andExpect(jsonPath("$.pointsPerYuan.GATEWAY").value(2))
                .andExpect(jsonPath("$.onTimeBonusPercent").value(50));
        mvc.perform(get("/api/v1/payment/accounts/" + h.first() + "/points").with(as(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.balance.points").value(400))
                .andExpect(jsonPath("$.history[0].kind").value("EARN"))
                .andExpect(jsonPath("$.history[1].kind").value("REDEEM"))
                .andExpect(jsonPath("$.history[1].itemName").value("节能灯泡"));
        assertThat(jdbc.sql(
                                "select count(*) from identity.audit_log where action = 'payment.points-redeem' and actor_id = :id")
                        .param("id", customer.userId().value())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        booksAgree(h.first());
    }

    @Test
    void aClerkRedeemsACustomersPointsAtTheCounterOfTheirBranchOnlyOnceAndAudited() throws Exception {
        points.earn(received(h.first(), PaymentChannel.BANK, "100.00", LocalDate.now(clock))); // 300
        RewardPoints.MallItem bulb = item(120, 5);
        Actor counter = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        String key = UUID.randomUUID().toString();
        String body = """
                {"itemId": %d, "quantity": 2}""".formatted(bulb.id());
        mvc.perform(redeem(h.first(), key, body).with(as(counter)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.points").value(240))
                .andExpect(jsonPath("$.balanceAfter").value(60));
        // pressed twice: the first answer again, nothing handed over twice
        mvc.perform(redeem(h.first(), key, body).with(as(counter)))
                .andExpect(status().isCreated())
                .andExpect(header().string(IdempotentRequests.REPLAYED, "true"));
        assertThat(balance(h.first())).isEqualTo(60);
        assertThat(points.item(bulb.id()).orElseThrow().stock()).isEqualTo(3);
        // the counter sees the balance it shows the customer; a clerk of another branch sees neither
        mvc.perform(get("/api/v1/payment/accounts/" + h.first() + "/points").with(as(counter)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.balance.points").value(60));
        Actor elsewhere = Actors.staff(Accounts.household(customers, 1).branch(), Role.COUNTER_CLERK);
        mvc.perform(redeem(h.first(), UUID.randomUUID().toString(), body).with(as(elsewhere)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/payment/accounts/" + h.first() + "/points").with(as(elsewhere)))
                .andExpect(status().isNotFound());
        assertThat(balance(h.first())).isEqualTo(60);
        assertThat(jdbc.sql("select count(*) from identity.audit_log where action = 'payment.points-redeem'"
                                + " and actor_id = :id")
                        .param("id", counter.userId().value())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        booksAgree(h.first());
    }

    org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder redeem(
            long account, String key, String body) {
        return post("/api/v1/payment/accounts/" + account + "/redemptions")
                .with(csrf())
                .header(IdempotentRequests.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    @Test
    void manyCustomersRedeemingTheLastItemsAtOnceNeverTakeTheStockBelowZero() throws Exception {
        int threads = 16;
        int stock = 5;
        RewardPoints.MallItem item = item(10, stock);
        List<Long> accounts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            long account = Accounts.household(customers, 1).first();
            points.earn(received(account, PaymentChannel.BANK, "10.00", LocalDate.now(clock))); // 30 points
            accounts.add(account);
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (long account : accounts)
                for (int twice = 0; twice < 2; twice++)
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try {
                            points.redeem("race:" + UUID.randomUUID(), account, item.id(), 1, Actors.customer());
                            return "ok";
                        } catch (Problem p) {
                            return p.code();
                        }
                    }));
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) results.add(f.get());
            assertThat(results.stream().filter("ok"::equals).count()).isEqualTo(stock);
            assertThat(results.stream().filter(r -> !r.equals("ok"))).containsOnly("sold-out");
        } finally {
            pool.shutdownNow();
        }
        assertThat(points.item(item.id()).orElseThrow().stock()).isZero();
        assertThat(jdbc.sql("select count(*) from payment.redemption where item_id = :id")
                        .param("id", item.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(stock);
        accounts.forEach(this::booksAgree);
    }
}
