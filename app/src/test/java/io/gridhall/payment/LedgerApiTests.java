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
import io.gridhall.testing.Actors;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

@PaymentTest
class LedgerApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    Accounts.Household h;
    Accounts.Household elsewhere;
    Actor clerk;
    BillsIssued.IssuedBill september;
    BillsIssued.IssuedBill october;

    @BeforeEach
    void accounts() {
        h = Accounts.household(customers, 2);
        elsewhere = Accounts.household(customers, 1);
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        october = bill(h, h.first(), LocalDate.of(2026, 10, 1), "100.00");
        september = bill(h, h.first(), LocalDate.of(2026, 9, 1), "60.00");
        ledger.receive(new BillsIssued(List.of(october, september)));
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    MockHttpServletRequestBuilder pay(String key, String body) {
        var r = post("/api/v1/payment/counter-payments")
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
        return key == null ? r : r.header(IdempotentRequests.HEADER, key);
    }

    String cash(long account, String yuan) {
        return """
                {"channel": "CASH", "shares": [{"accountId": %d, "amount": "%s"}]}""".formatted(account, yuan);
    }

    @Test
    void aCounterPaymentSettlesTheOldestBillsAndPrintsAReceipt() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = """
                {"channel": "CASH", "shares": [{"accountId": %d, "amount": "170.00"},
                                               {"accountId": %d, "amount": "5.50"}]}""".formatted(h.first(), h.accounts()[1]);
        String first = mvc.perform(pay(key, body).with(as(clerk)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.receiptNumber").value(org.hamcrest.Matchers.matchesPattern("\\d{16}")))
                .andExpect(jsonPath("$.total").value(175.5))
                .andExpect(jsonPath("$.clerk").value("测试员"))
                .andExpect(jsonPath("$.accounts[0].settled[0].billNumber").value(september.billNumber()))
                .andExpect(jsonPath("$.accounts[0].settled[0].amount").value(60.0))
                .andExpect(jsonPath("$.accounts[0].settled[1].billNumber").value(october.billNumber()))
                .andExpect(jsonPath("$.accounts[0].credit").value(10.0))
                .andExpect(jsonPath("$.accounts[1].credit").value(5.5))
                .andExpect(jsonPath("$.accounts[1].prepaidAfter").value(5.5))
                .andReturn()
                .getResponse()
                .getContentAsString();

        // the same key and body: the first receipt again, nothing posted twice
        String again = mvc.perform(pay(key, body).with(as(clerk)))
                .andExpect(status().isCreated())
                .andExpect(header().string(IdempotentRequests.REPLAYED, "true"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(again).isEqualTo(first);
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("10.00"));

        // the same key with another body
        mvc.perform(pay(key, cash(h.first(), "1.00")).with(as(clerk)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("idempotency-key-reused"));
        // another branch's use of the same key is its own
        Actor other = Actors.staff(elsewhere.branch(), Role.COUNTER_CLERK);
        mvc.perform(pay(key, cash(elsewhere.first(), "1.00")).with(as(other))).andExpect(status().isCreated());
        assertThat(jdbc.sql("""
                        select count(*) from identity.audit_log where action = 'payment.payment' and actor_id = :id""")
                        .param("id", clerk.userId().value())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aMoneyMovingRequestWithoutAKeyIsRefused() throws Exception {
        mvc.perform(pay(null, cash(h.first(), "1.00")).with(as(clerk)).header("Accept-Language", "en"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("idempotency-key-required"))
                .andExpect(jsonPath("$.title").value("Idempotency key required"));
        mvc.perform(pay("with space", cash(h.first(), "1.00")).with(as(clerk)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("缺少幂等键"));
        mvc.perform(pay("k".repeat(201), cash(h.first(), "1.00")).with(as(clerk)))
                .andExpect(status().isBadRequest());
        assertThat(ledger.balance(h.first()).version()).isEqualTo(2);
    }

    @Test
    void aRepeatWhileTheFirstIsRunningIsInProgress() throws Exception {
        String key = UUID.randomUUID().toString();
        String scope = IdempotentRequests.staffScope(clerk.branchScope());
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual()
                .start(() -> tx.executeWithoutResult(s -> {
                    // what the first request holds while it runs
                    jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:s || ' ' || :k, 12))")
                            .param("s", scope)
                            .param("k", key)
                            .query()
                            .singleRow();
                    held.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        mvc.perform(pay(key, cash(h.first(), "1.00")).with(as(clerk)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("idempotency-key-in-progress"));
        release.countDown();
        first.join();
        mvc.perform(pay(key, cash(h.first(), "1.00")).with(as(clerk))).andExpect(status().isCreated());
    }

    @Test
    void aFailedRequestStoresNothingAndMayBeRetriedWithItsKey() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = """
                {"channel": "CARD", "shares": [{"accountId": %d, "amount": "1.00", "bills": [%d]}]}""".formatted(h.first(), Accounts.newBillId().value());
        mvc.perform(pay(key, body).with(as(clerk))).andExpect(status().isNotFound());
        String good = """
                {"channel": "CARD", "shares": [{"accountId": %d, "amount": "100.00", "bills": [%d]}]}""".formatted(h.first(), october.id().value());
        mvc.perform(pay(key, good).with(as(clerk)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.accounts[0].settled[0].billNumber").value(october.billNumber()));
    }

    @Test
    void anAccountOfAnotherBranchIsAnsweredLikeAnUnknownOne() throws Exception {
        String foreign = mvc.perform(pay(UUID.randomUUID().toString(), cash(elsewhere.first(), "1.00"))
                        .with(as(clerk)))
                .andExpect(status().isNotFound())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String unknown = mvc.perform(pay(UUID.randomUUID().toString(), cash(Long.MAX_VALUE - 3, "1.00"))
                        .with(as(clerk)))
                .andExpect(status().isNotFound())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(foreign.replace(String.valueOf(elsewhere.first()), "ID"))
                .isEqualTo(unknown.replace(String.valueOf(Long.MAX_VALUE - 3), "ID"));
        mvc.perform(get("/api/v1/payment/accounts/{id}/statement", elsewhere.first())
                        .with(as(clerk)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not-found"));
        assertThat(ledger.balance(elsewhere.first()).version()).isZero();
    }

    @Test
    void onlyCollectorsTakeMoneyAndOnlyCashOrCardAtACounter() throws Exception {
        Actor agent = Actors.staff(h.branch(), Role.SERVICE_AGENT);
        mvc.perform(pay(UUID.randomUUID().toString(), cash(h.first(), "1.00")).with(as(agent)))
                .andExpect(status().isForbidden());
        mvc.perform(pay(UUID.randomUUID().toString(), """
                        {"channel": "GATEWAY", "shares": [{"accountId": %d, "amount": "1.00"}]}""".formatted(h.first())).with(as(clerk)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("counter-channel"));
        for (String amount : List.of("0", "-1.00", "1.001", "1e3", "12345678901"))
            mvc.perform(pay(UUID.randomUUID().toString(), cash(h.first(), amount))
                            .with(as(clerk)))
                    .andExpect(status().isBadRequest());
        assertThat(ledger.balance(h.first()).version()).isEqualTo(2);
    }

    @Test
    void aManualAdjustmentNeedsAReasonAndIsAudited() throws Exception {
        Actor billing = Actors.staff(h.branch(), Role.BILLING_CLERK);
        String path = "/api/v1/payment/accounts/" + h.first() + "/adjustments";
        mvc.perform(post(path)
                        .with(csrf())
                        .with(as(billing))
                        .header(IdempotentRequests.HEADER, UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\": \"-10.00\", \"reason\": \" x \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(post(path)
                        .with(csrf())
                        .with(as(billing))
                        .header(IdempotentRequests.HEADER, UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\": \"-70.00\", \"reason\": \"抄表错误退还多收电费\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("ADJUSTMENT"))
                .andExpect(jsonPath("$.reason").value("抄表错误退还多收电费"));
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.yuan("90.00"));
        assertThat(jdbc.sql("""
                        select details from identity.audit_log where action = 'payment.adjustment' and actor_id = :id""")
                        .param("id", billing.userId().value())
                        .query(String.class)
                        .single())
                .contains("抄表错误退还多收电费")
                .contains("70.00");
        Actor agent = Actors.staff(h.branch(), Role.SERVICE_AGENT);
        mvc.perform(post(path)
                        .with(csrf())
                        .with(as(agent))
                        .header(IdempotentRequests.HEADER, UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\": \"-70.00\", \"reason\": \"抄表错误退还多收电费\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void theStatementShowsBalancesOpenBillsAndEntries() throws Exception {
        ledger.pay(new Pay(
                UUID.randomUUID().toString(),
                PostingKind.PAYMENT,
                PaymentChannel.CASH,
                List.of(new Pay.Share(h.first(), Money.yuan("70.00"))),
                "R",
                clerk));
        mvc.perform(get("/api/v1/payment/accounts/{id}/statement", h.first()).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.balance.receivable").value(90.0))
                .andExpect(jsonPath("$.balance.net").value(-90.0))
                .andExpect(jsonPath("$.balance.version").value(4))
                .andExpect(jsonPath("$.openItems.length()").value(1))
                .andExpect(jsonPath("$.openItems[0].billNumber").value(october.billNumber()))
                .andExpect(jsonPath("$.openItems[0].open").value(90.0))
                .andExpect(jsonPath("$.lines[0].version").value(4))
                .andExpect(jsonPath("$.lines[0].balanceAfter").value(-90.0))
                .andExpect(jsonPath("$.lines[0].postedBy").value(clerk.displayName()));
        // a portal customer sees the accounts they bound, and no other; the staff who posted are not named to them
        Actor customer = Actors.customer();
        customers.bind(customer.userId(), h.first());
        mvc.perform(get("/api/v1/payment/accounts/{id}/statement", h.first()).with(as(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lines[0].version").value(4))
                .andExpect(jsonPath("$.lines[0].postedBy").doesNotExist());
        mvc.perform(get("/api/v1/payment/accounts/{id}/statement", h.accounts()[1])
                        .with(as(customer)))
                .andExpect(status().isNotFound());
    }

    @Test
    void aCustomerSeesWhatEachAccountTheyMayPayOwesAcrossBranchesAndNoOthers() throws Exception {
        // PAY-8: homes in two branches, one owing 160.00, one with 30.00 of credit; a third account is another's
        ledger.pay(new Pay(
                UUID.randomUUID().toString(),
                PostingKind.TOP_UP,
                PaymentChannel.CASH,
                List.of(new Pay.Share(elsewhere.first(), Money.yuan("30.00"))),
                "R",
                Actors.staff(elsewhere.branch(), Role.COUNTER_CLERK)));
        Actor customer = Actors.customer();
        customers.bind(customer.userId(), h.first());
        customers.bind(customer.userId(), elsewhere.first());
        mvc.perform(get("/api/v1/payment/balances").with(as(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[?(@.accountId == %d)].balance.receivable", h.first())
                        .value(160.0))
                .andExpect(jsonPath("$[?(@.accountId == %d)].branchId", h.first())
                        .value(h.branch().value()))
                .andExpect(jsonPath("$[?(@.accountId == %d)].balance.prepaid", elsewhere.first())
                        .value(30.0))
                .andExpect(jsonPath("$[?(@.accountId == %d)].accountNumber", elsewhere.first())
                        .value(customers
                                .account(elsewhere.first())
                                .orElseThrow()
                                .accountNumber()))
                .andExpect(jsonPath("$[?(@.accountId == %d)]", h.accounts()[1]).isEmpty())
                .andExpect(jsonPath("$[0].accountName").value(org.hamcrest.Matchers.containsString("*")));
        // staff have the counter's statements, not a customer's list
        mvc.perform(get("/api/v1/payment/balances").with(as(clerk))).andExpect(status().isForbidden());
    }

    @Test
    void theCounterFindsAStatementByAccountNumberInItsBranchesOnly() throws Exception {
        String number = customers.account(h.first()).orElseThrow().accountNumber();
        mvc.perform(get("/api/v1/payment/statements")
                        .param("accountNumber", number)
                        .with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accountId").value(h.first()))
                .andExpect(jsonPath("$.openItems.length()").value(2));
        String foreign = customers.account(elsewhere.first()).orElseThrow().accountNumber();
        mvc.perform(get("/api/v1/payment/statements")
                        .param("accountNumber", foreign)
                        .with(as(clerk)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/payment/statements")
                        .param("accountNumber", "12ab")
                        .with(as(clerk)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/payment/statements")
                        .param("accountNumber", number)
                        .with(as(Actors.customer())))
                .andExpect(status().isNotFound());
    }

    @Test
    void theLongestKeyOfStaffWithManyBranchesPostsOnce() throws Exception {
        java.util.Set<io.gridhall.identity.BranchId> branches = new java.util.HashSet<>();
        branches.add(h.branch());
        for (long i = 0; i < 40; i++) branches.add(new io.gridhall.identity.BranchId(4_000_000_000_000_000L + i));
        Actor wide = new Actor(
                new io.gridhall.identity.UserId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
                Actor.Kind.STAFF,
                "测试员",
                java.util.Set.of(Role.COUNTER_CLERK),
                branches);
        String key = "k".repeat(IdempotentRequests.MAX_KEY_LENGTH);
        mvc.perform(pay(key, cash(h.first(), "3.00")).with(as(wide))).andExpect(status().isCreated());
        mvc.perform(pay(key, cash(h.first(), "3.00")).with(as(wide)))
                .andExpect(status().isCreated())
                .andExpect(header().string(IdempotentRequests.REPLAYED, "true"));
        assertThat(ledger.balance(h.first()).version()).isEqualTo(3);
    }
}
