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
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.payment.internal.AccruingPenalties;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Late-payment penalties (PAY-10): the daily accrual on the ledger, and waivers with a second person's approval. */
@PaymentTest
class PenaltyTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Ledger ledger;

    @Autowired
    AccruingPenalties accruals;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    java.time.Clock clock;

    Accounts.Household h;
    Actor clerk;
    Actor manager;
    /** 100.00 yuan for October, due 2026-11-20; residential (1‰ a day: 10 fen a day on the whole bill). */
    BillsIssued.IssuedBill october;

    @BeforeEach
    void anOverdueBill() {
        h = Accounts.household(customers, 1);
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        manager = Actors.staff(h.branch(), Role.BRANCH_MANAGER);
        october = bill(h, h.first(), LocalDate.of(2026, 10, 1), "100.00");
        assertThat(october.dueOn()).isEqualTo(LocalDate.of(2026, 11, 20));
        ledger.receive(new BillsIssued(List.of(october)));
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    AccruingPenalties.Accrued accrue(LocalDate day) {
        return accruals.accrue(day, List.of(h.first()));
    }

    Money penaltiesOpen() {
        return ledger.statement(h.first(), 500).openItems().stream()
                .filter(i -> i.kind().equals("PENALTY"))
                .map(OpenItem::open)
                .reduce(Money.ZERO, Money::plus);
    }

    void payToday(String yuan) {
        ledger.pay(new Pay(
                "test:" + UUID.randomUUID(),
                PostingKind.PAYMENT,
                PaymentChannel.CASH,
                List.of(new Pay.Share(h.first(), Money.yuan(yuan))),
                null,
                null));
    }

    @Test
    void accruesFromTheDayAfterTheDueDateOnceADayAndShowsOnTheStatement() {
        assertThat(accrue(LocalDate.of(2026, 11, 20)).total()).isEqualTo(Money.ZERO); // the due date itself: nothing
        AccruingPenalties.Accrued first = accrue(LocalDate.of(2026, 11, 25)); // days 21..25
        assertThat(first.total()).isEqualTo(Money.yuan("0.50"));
        assertThat(first.accounts()).isEqualTo(1);
        // running a day again, or an earlier day, posts nothing
        assertThat(accrue(LocalDate.of(2026, 11, 25)).total()).isEqualTo(Money.ZERO);
        assertThat(accrue(LocalDate.of(2026, 11, 23)).total()).isEqualTo(Money.ZERO);
        // a missed day is caught up exactly: 26 and 27
        assertThat(accrue(LocalDate.of(2026, 11, 27)).total()).isEqualTo(Money.yuan("0.20"));

        Statement s = ledger.statement(h.first(), 50);
        assertThat(s.lines())
                .filteredOn(l -> l.kind() == PostingKind.PENALTY && l.book() == Book.RECEIVABLE)
                .extracting(Statement.Line::reference, Statement.Line::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-11-27", Money.yuan("0.20")),
                        org.assertj.core.groups.Tuple.tuple("2026-11-25", Money.yuan("0.50")));
        assertThat(s.balance().receivable()).isEqualTo(Money.yuan("100.70"));
        assertThat(penaltiesOpen()).isEqualTo(Money.yuan("0.70"));
    }

    @Test
    void aPartPaymentStopsAccrualOnThePartItSettledFromTheNextDay() {
        LocalDate today = LocalDate.now(clock);
        LocalDate yesterday = today.minusDays(1);
        long lateDays = yesterday.toEpochDay() - october.dueOn().toEpochDay();
        assertThat(accrue(yesterday).total()).isEqualTo(Money.fen(10 * lateDays));
        payToday("60.00"); // settles 60.00 of the bill (due before any penalty), business day today
        // today still counts on the whole 100.00 (the day of payment); then 40.00 is open: 4 fen a day
        assertThat(accrue(today.plusDays(2)).total()).isEqualTo(Money.fen(10 + 4 + 4));
        assertThat(jdbc.sql("select posted from payment.penalty_accrual where supply_account_id = :a")
                        .param("a", h.first())
                        .query(Long.class)
                        .single())
                .isEqualTo(10 * lateDays + 10 + 4 + 4);
    }

    @Test
    void twoNodesAccruingTheSameDayAtOnceChargeOnce() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 30);
        CountDownLatch start = new CountDownLatch(1);
        var a = CompletableFuture.supplyAsync(() -> {
            await(start);
            return accrue(day);
        });
        var b = CompletableFuture.supplyAsync(() -> {
            await(start);
            return accrue(day);
        });
        start.countDown();
        Money total = a.get().total().plus(b.get().total());
        assertThat(total).isEqualTo(Money.yuan("1.00"));
        assertThat(penaltiesOpen()).isEqualTo(Money.yuan("1.00"));
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRatesAreTheSeededRulesOfTheSupplyRegulations() {
        LocalDate day = LocalDate.of(2026, 12, 6);
        var rates = jdbc.sql("select customer_class || '/' || arrears || '=' || per_day from payment.penalty_rate"
                        + " order by 1")
                .query(String.class)
                .list();
        assertThat(rates)
                .contains(
                        "RESIDENTIAL/CURRENT_YEAR=0.001000",
                        "COMMERCIAL/CURRENT_YEAR=0.002000",
                        "COMMERCIAL/PRIOR_YEARS=0.003000",
                        "LARGE_INDUSTRIAL/PRIOR_YEARS=0.003000");
        assertThat(customers.classesOfAccounts(Set.of(h.first()))).containsEntry(h.first(), CustomerClass.RESIDENTIAL);
        assertThat(day).isAfter(october.dueOn());
    }

    // ---- waivers ----

    String request(String body, Actor actor, int expect) throws Exception {
        return mvc.perform(post("/api/v1/payment/penalty-waivers")
                        .with(csrf())
                        .with(as(actor))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().is(expect))
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    long waiverOf(String json) {
        return Long.parseLong(json.replaceAll(".*\"waiverId\":(\\d+).*", "$1"));
    }

    org.springframework.test.web.servlet.ResultActions approve(long id, Actor actor, String key) throws Exception {
        return mvc.perform(post("/api/v1/payment/penalty-waivers/{id}/approval", id)
                .with(csrf())
                .with(as(actor))
                .header(IdempotentRequests.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"));
    }

    @Test
    void aWaiverNeedsAReasonAndASecondPersonAndReversesThePenaltiesWhenApproved() throws Exception {
        accrue(LocalDate.of(2026, 11, 25));
        accrue(LocalDate.of(2026, 11, 27));
        mvc.perform(get("/api/v1/payment/accounts/{id}/penalties", h.first()).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].day").value("2026-11-25"))
                .andExpect(jsonPath("$[0].amount").value(0.5));

        String noReason = request("{\"accountId\": %d, \"reason\": \"x  \"}".formatted(h.first()), clerk, 400);
        assertThat(noReason).contains("reason");
        // a manager cannot ask (no PAYMENT_COLLECT), a clerk cannot approve (no PAYMENT_APPROVE)
        request("{\"accountId\": %d, \"reason\": \"营业厅系统故障未能缴费\"}".formatted(h.first()), manager, 403);
        long id =
                waiverOf(request("{\"accountId\": %d, \"reason\": \"营业厅系统故障未能缴费\"}".formatted(h.first()), clerk, 201));
        // the penalties are taken: a second request finds nothing
        request("{\"accountId\": %d, \"reason\": \"营业厅系统故障未能缴费\"}".formatted(h.first()), clerk, 409);
        assertThat(penaltiesOpen()).isEqualTo(Money.yuan("0.70")); // nothing posted yet

        approve(id, clerk, UUID.randomUUID().toString()).andExpect(status().isForbidden());
        // one person with both roles may not approve their own request
        Actor both = new Actor(
                clerk.userId(),
                Actor.Kind.STAFF,
                "两者",
                Set.of(Role.COUNTER_CLERK, Role.BRANCH_MANAGER),
                clerk.branches());
        approve(id, both, UUID.randomUUID().toString())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("waiver-own-request"));
        // staff of another branch do not see it
        Actor stranger =
                Actors.staff(new io.gridhall.identity.BranchId(h.branch().value() + 1), Role.BRANCH_MANAGER);
        approve(id, stranger, UUID.randomUUID().toString()).andExpect(status().isNotFound());

        String key = UUID.randomUUID().toString();
        String approved = approve(id, manager, key)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPROVED"))
                .andExpect(jsonPath("$.amount").value(0.7))
                .andReturn()
                .getResponse()
                .getContentAsString();
        approve(id, manager, key)
                .andExpect(status().isOk())
                .andExpect(header().string(IdempotentRequests.REPLAYED, "true"))
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).isEqualTo(approved));
        approve(id, manager, UUID.randomUUID().toString())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("waiver-decided"));

        assertThat(penaltiesOpen()).isEqualTo(Money.ZERO);
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.yuan("100.00"));
        assertThat(ledger.statement(h.first(), 50).lines())
                .filteredOn(l -> l.kind() == PostingKind.REVERSAL)
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.reason()).contains("营业厅系统故障未能缴费"));
        // the accrual goes on from where it was; the waived days are not charged again
        assertThat(accrue(LocalDate.of(2026, 11, 28)).total()).isEqualTo(Money.yuan("0.10"));
        assertThat(jdbc.sql("""
                        select string_agg(action, ',' order by id) from identity.audit_log
                        where object_type = 'penalty-waiver' and object_id = :id""")
                        .param("id", String.valueOf(id))
                        .query(String.class)
                        .single())
                .isEqualTo("payment.penalty-waiver.request,payment.penalty-waiver.approve");
    }

    @Test
    void aRejectionNeedsAReasonAndPostsNothing() throws Exception {
        accrue(LocalDate.of(2026, 11, 25));
        long id = waiverOf(request("{\"accountId\": %d, \"reason\": \"客户称未收到催费通知\"}".formatted(h.first()), clerk, 201));
        mvc.perform(post("/api/v1/payment/penalty-waivers/{id}/rejection", id)
                        .with(csrf())
                        .with(as(manager))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\": \"..\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/payment/penalty-waivers/{id}/rejection", id)
                        .with(csrf())
                        .with(as(manager))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\": \"短信记录显示已送达\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REJECTED"))
                .andExpect(jsonPath("$.decisionNote").value("短信记录显示已送达"));
        assertThat(penaltiesOpen()).isEqualTo(Money.yuan("0.50"));
        // rejected penalties may be asked for again
        request("{\"accountId\": %d, \"reason\": \"客户提供了新的证明材料\"}".formatted(h.first()), clerk, 201);
    }

    @Test
    void aPenaltyPaidAfterTheRequestIsNotWaivedAndNothingIsHalfDone() throws Exception {
        accrue(LocalDate.of(2026, 11, 25));
        accrue(LocalDate.of(2026, 11, 27));
        long id =
                waiverOf(request("{\"accountId\": %d, \"reason\": \"营业厅系统故障未能缴费\"}".formatted(h.first()), clerk, 201));
        payToday("100.60"); // the bill and the first penalty (0.50) and 0.10 of the second
        approve(id, manager, UUID.randomUUID().toString())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("penalty-paid-since"));
        assertThat(penaltiesOpen()).isEqualTo(Money.yuan("0.10"));
        mvc.perform(get("/api/v1/payment/penalty-waivers")
                        .param("status", "REQUESTED")
                        .with(as(manager)))
                .andExpect(status().isOk())
                .andExpect(
                        jsonPath("$[?(@.waiverId == %d)].status".formatted(id)).value("REQUESTED"));
        assertThat(jdbc.sql("select count(*) from payment.posting where idempotency_key like :k")
                        .param("k", "waiver:" + id + ":%")
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
