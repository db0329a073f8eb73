package io.gridhall.payment;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Recharge vouchers (充值券): codes shown once and stored hashed, redeemed once even when raced. */
@PaymentTest
class VoucherTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    Accounts.Household h;
    Actor clerk;
    Actor manager;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void accounts() {
        h = Accounts.household(customers, 2);
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        manager = Actors.staff(h.branch(), Role.BRANCH_MANAGER);
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    List<String> batch(String value, LocalDate expires, int count) throws Exception {
        String answer = mvc.perform(post("/api/v1/payment/vouchers/batches")
                        .with(csrf())
                        .with(as(manager))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "冬季促销", "value": "%s", "expiresOn": "%s", "count": %d}""".formatted(value, expires, count)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        List<String> codes = new ArrayList<>();
        for (JsonNode c : json.readTree(answer).get("codes")) codes.add(c.asString());
        return codes;
    }

    ResultActions redeem(String code, long account) throws Exception {
        return mvc.perform(post("/api/v1/payment/vouchers/redemptions")
                .with(csrf())
                .with(as(clerk))
                .header(IdempotentRequests.HEADER, UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"code": "%s", "accountId": %d}""".formatted(code, account)));
    }

    @Test
    void codesAreRandomShownOnceStoredHashedAndRedeemedOnce() throws Exception {
        LocalDate today = LocalDate.now(clock);
        List<String> codes = batch("50.00", today.plusDays(30), 20);
        assertThat(codes).hasSize(20).allMatch(c -> c.matches("[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}"));
        assertThat(new HashSet<>(codes)).hasSize(20);
        // no code is stored in the clear, nor in the audit log
        String stored = jdbc.sql("select string_agg(encode(code_hash, 'escape'), ' ') from payment.voucher")
                .query(String.class)
                .single();
        String audit = jdbc.sql(
                        "select string_agg(details, ' ') from identity.audit_log where action like 'payment.voucher%'")
                .query(String.class)
                .single();
        for (String c : codes) {
            assertThat(stored).doesNotContain(c);
            assertThat(audit).doesNotContain(c);
        }
        // typed in lower case with spaces: the same code
        redeem(codes.getFirst().toLowerCase().replace("-", " "), h.first())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.value").value(50.0));
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("50.00"));
        redeem(codes.getFirst(), h.accounts()[1])
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("voucher-used"));
        redeem("AAAA-BBBB-CCCC-DDDD", h.first())
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.object").value("voucher"));
        redeem("not a code", h.first()).andExpect(status().isNotFound());
        // another branch's clerk may not credit this account
        Actor stranger =
                Actors.staff(new io.gridhall.identity.BranchId(h.branch().value() + 1), Role.COUNTER_CLERK);
        mvc.perform(post("/api/v1/payment/vouchers/redemptions")
                        .with(csrf())
                        .with(as(stranger))
                        .header(IdempotentRequests.HEADER, UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\": \"%s\", \"accountId\": %d}".formatted(codes.get(1), h.first())))
                .andExpect(status().isNotFound());
        // a clerk may not make batches
        mvc.perform(post("/api/v1/payment/vouchers/batches")
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"x\", \"value\": \"1.00\", \"expiresOn\": \"%s\", \"count\": 1}"
                                .formatted(today)))
                .andExpect(status().isForbidden());
    }

    @Test
    void anExpiredCodeIsRefusedAndTheDayOfExpiryStillCounts() throws Exception {
        LocalDate today = LocalDate.now(clock);
        String code = batch("10.00", today, 1).getFirst();
        redeem(code, h.first()).andExpect(status().isCreated()); // valid through its last day
        String late = batch("10.00", today, 1).getFirst();
        jdbc.sql(
                        "update payment.voucher_batch set expires_on = :d where batch_id = (select max(batch_id) from payment.voucher_batch)")
                .param("d", today.minusDays(1))
                .update();
        redeem(late, h.first())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("voucher-expired"));
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("10.00"));
    }

    ResultActions guess(Actor who, String ip, String code, String language) throws Exception {
        return mvc.perform(post("/api/v1/payment/vouchers/redemptions")
                .with(csrf())
                .with(as(who))
                .with(r -> {
                    r.setRemoteAddr(ip);
                    return r;
                })
                .header(IdempotentRequests.HEADER, UUID.randomUUID().toString())
                .header("Accept-Language", language)
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"code": "%s", "accountId": %d}""".formatted(code, h.first())));
    }

    static String anAddress() {
        var r = java.util.concurrent.ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    @Test
    void aCustomerGuessingCodesIsStoppedAfterTenFailuresAndTheFailuresAreCountedThoughRefused() throws Exception {
        String good = batch("10.00", LocalDate.now(clock).plusDays(30), 1).getFirst();
        String used = batch("10.00", LocalDate.now(clock).plusDays(30), 1).getFirst();
        redeem(used, h.accounts()[1]).andExpect(status().isCreated());
        Actor guesser = Actors.customer();
        customers.bind(guesser.userId(), h.first());
        String ip = anAddress();
        for (int i = 0; i < 9; i++)
            guess(guesser, ip, "AAAA-BBBB-CCCC-%04d".formatted(i), "zh-CN").andExpect(status().isNotFound());
        // a used code counts as a failure too: it is the tenth
        guess(guesser, ip, used, "zh-CN").andExpect(status().isConflict());
        assertThat(jdbc.sql(
                                "select count(*) from platform.throttled_attempt where purpose = 'payment.voucher' and subject = :u")
                        .param("u", "user:" + guesser.userId().value())
                        .query(Long.class)
                        .single())
                .isEqualTo(10);
        // now even the right code is not looked at, from any address, in the caller's language
        guess(guesser, anAddress(), good, "en")
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.code").value("voucher-too-many-attempts"))
                .andExpect(jsonPath("$.retryAfterSeconds").value(org.hamcrest.Matchers.greaterThan(3000)))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Too many voucher codes")));
        guess(guesser, ip, good, "zh-CN")
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.title").value("尝试次数过多"));
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.ZERO);
        // refusals for other reasons (an account not theirs) count for nothing
        Actor careful = Actors.customer();
        customers.bind(careful.userId(), h.first());
        mvc.perform(post("/api/v1/payment/vouchers/redemptions")
                        .with(csrf())
                        .with(as(careful))
                        .header(IdempotentRequests.HEADER, UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\": \"%s\", \"accountId\": %d}".formatted(good, h.accounts()[1])))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.object").value("supply-account"));
        assertThat(jdbc.sql(
                                "select count(*) from platform.throttled_attempt where purpose = 'payment.voucher' and subject = :u")
                        .param("u", "user:" + careful.userId().value())
                        .query(Long.class)
                        .single())
                .isZero();
        // another customer on another address still redeems
        guess(careful, anAddress(), good, "zh-CN").andExpect(status().isCreated());
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("10.00"));
    }

    @Test
    void oneAddressGuessingForManyUsersIsStoppedAfterThirtyFailures() throws Exception {
        String ip = anAddress();
        for (int user = 0; user < 5; user++) {
            Actor guesser = Actors.customer();
            customers.bind(guesser.userId(), h.first());
            for (int i = 0; i < 6; i++)
                guess(guesser, ip, "ZZZZ-YYYY-XXXX-%04d".formatted(i), "zh-CN").andExpect(status().isNotFound());
        }
        Actor fresh = Actors.customer();
        customers.bind(fresh.userId(), h.first());
        guess(fresh, ip, "ZZZZ-YYYY-XXXX-9999", "zh-CN")
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.code").value("voucher-too-many-attempts"));
        // the same user elsewhere is not held back by that address
        guess(fresh, anAddress(), "ZZZZ-YYYY-XXXX-9999", "zh-CN").andExpect(status().isNotFound());
    }

    @Test
    void aCodeRedeemedFromEightThreadsAtOnceCreditsOneAccountOnce() throws Exception {
        String code = batch("25.00", LocalDate.now(clock).plusDays(1), 1).getFirst();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long account = h.accounts()[i % 2];
            tries.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return redeem(code, account).andReturn().getResponse().getStatus();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var t : tries) statuses.add(t.get());
        assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        Money total = ledger.balance(h.first())
                .prepaid()
                .plus(ledger.balance(h.accounts()[1]).prepaid());
        assertThat(total).isEqualTo(Money.yuan("25.00"));
    }
}
