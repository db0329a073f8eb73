package io.gridhall.payment.internal;

import static io.gridhall.payment.Accounts.bill;
import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.LedgerChecks;
import io.gridhall.payment.PaymentTest;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The collection agents' interface end to end on the database (ADR 0020): requests verified before they are read
 * (tampering, a wrong key, a stale time, a replayed nonce), answers signed; a payment credited once per serial however
 * often and however concurrently it comes; reversals the same accounting day only, once, and a reversal before its
 * payment blocking it; the daily file matched three ways and resolved by a person; the books agree after every test.
 */
@PaymentTest
class CollectionAgentTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CollectingThroughAgents agents;

    Accounts.Household h;
    Actor manager;
    String code;
    byte[] key;
    String[] numbers;

    @BeforeEach
    void anAgentAndThreeAccountsWithBills() {
        h = Accounts.household(customers, 3);
        manager = Actors.staff(h.branch(), Role.BRANCH_MANAGER);
        LocalDate october = LocalDate.of(2026, 10, 1);
        ledger.receive(new BillsIssued(List.of(
                bill(h, h.accounts()[0], october, "100.00"),
                bill(h, h.accounts()[0], october.plusMonths(1), "80.00"),
                bill(h, h.accounts()[1], october, "55.50"))));
        numbers = new String[3];
        for (int i = 0; i < 3; i++)
            numbers[i] = customers.account(h.accounts()[i]).orElseThrow().accountNumber();
        code = "T" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
        CollectingThroughAgents.NewAgent made = agents.create(manager, code, "测试银行电话银行");
        key = Base64.getDecoder().decode(made.key());
        assertThat(made.agent().keyFingerprint()).isEqualTo(AgentSignatures.fingerprint(key));
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    // ---- a signing agent ----

    record Reply(int status, JsonNode body, MockHttpServletResponse response) {
        String code() {
            return body.get("code").asString();
        }
    }

    static String nonce() {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    MockHttpServletRequestBuilder signed(String op, byte[] body, String timestamp, String nonce, byte[] withKey) {
        return post("/api/v1/public/payment/agents/{op}", op)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .header("Agent-Code", code)
                .header("Agent-Timestamp", timestamp)
                .header("Agent-Nonce", nonce)
                .header("Agent-Signature", AgentSignatures.sign(withKey, code, timestamp, nonce, body));
    }

    Reply send(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse r = mvc.perform(request).andReturn().getResponse();
        byte[] body = r.getContentAsByteArray();
        JsonNode json = CollectingThroughAgents.JSON.readTree(body);
        if (r.getStatus() == 200) {
            // every answer after the check is signed with the agent's key
            assertThat(AgentSignatures.verify(
                            key,
                            code,
                            r.getHeader("Agent-Timestamp"),
                            r.getHeader("Agent-Nonce"),
                            body,
                            r.getHeader("Agent-Signature")))
                    .as("the answer's signature")
                    .isTrue();
        }
        return new Reply(r.getStatus(), json, r);
    }

    Reply call(String op, String json) throws Exception {
        return send(signed(
                op,
                json.getBytes(StandardCharsets.UTF_8),
                String.valueOf(Instant.now().getEpochSecond()),
                nonce(),
                key));
    }

    Reply pay(String number, String serial, long fen) throws Exception {
        return call(
                "pay",
                "{\"accountNumber\":\"%s\",\"serial\":\"%s\",\"amount\":%d,\"agentDate\":\"%s\"}"
                        .formatted(number, serial, fen, today()));
    }

    Reply reverse(String serial, String reversal) throws Exception {
        return call("reverse", "{\"serial\":\"%s\",\"reversalSerial\":\"%s\"}".formatted(serial, reversal));
    }

    String today() {
        return agents.accountingDay().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    }

    long credits(String serial) {
        return jdbc.sql("select count(*) from payment.posting where idempotency_key = :k")
                .param("k", CollectingThroughAgents.key(code, serial))
                .query(Long.class)
                .single();
    }

    // ---- the tests ----

    @Test
    void queryAnswersTheMaskedNameArrearsAndTheOldestDueDate() throws Exception {
        Reply r = call("query", "{\"accountNumber\":\"%s\"}".formatted(numbers[0]));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.code()).isEqualTo("0000");
        assertThat(r.body().get("name").asString()).isEqualTo("缴***");
        assertThat(r.body().get("arrears").asLong()).isEqualTo(18_000);
        assertThat(r.body().get("penalty").asLong()).isZero();
        assertThat(r.body().get("dueDate").asString()).isEqualTo("20261120");
        assertThat(call("query", "{\"accountNumber\":\"9999999999\"}").code()).isEqualTo("2001");
        assertThat(call("query", "{\"accountNumber\":12}").code()).isEqualTo("1005");
        assertThat(call("query", "not json").code()).isEqualTo("1005");
    }

    @Test
    void refusesTamperedForeignStaleAndReplayedRequestsBeforeReadingThem() throws Exception {
        byte[] body = "{\"accountNumber\":\"%s\",\"serial\":\"TAMPER1\",\"amount\":10000,\"agentDate\":\"%s\"}"
                .formatted(numbers[0], today())
                .getBytes(StandardCharsets.UTF_8);
        String now = String.valueOf(Instant.now().getEpochSecond());
        // the amount changed after signing
        String n1 = nonce();
        MockHttpServletRequestBuilder tampered = signed("pay", body, now, n1, key)
                .content(new String(body, StandardCharsets.UTF_8).replace("10000", "10"));
        Reply r = send(tampered);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("1001");
        assertThat(r.response().getHeader("Agent-Signature")).isNull();
        // another key
        byte[] other = key.clone();
        other[0] ^= 1;
        assertThat(send(signed("pay", body, now, nonce(), other)).code()).isEqualTo("1001");
        // truncated body
        assertThat(send(signed("pay", body, now, nonce(), key).content(java.util.Arrays.copyOf(body, body.length - 1)))
                        .code())
                .isEqualTo("1001");
        // a time ten minutes ago
        String stale = String.valueOf(Instant.now().getEpochSecond() - 600);
        Reply s = send(signed("pay", body, stale, nonce(), key));
        assertThat(s.status()).isEqualTo(401);
        assertThat(s.code()).isEqualTo("1002");
        // an unknown agent, a malformed nonce
        String n3 = nonce();
        Reply unknown = send(post("/api/v1/public/payment/agents/pay")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .header("Agent-Code", "NOSUCHAGENT")
                .header("Agent-Timestamp", now)
                .header("Agent-Nonce", n3)
                .header("Agent-Signature", AgentSignatures.sign(key, "NOSUCHAGENT", now, n3, body)));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.code()).isEqualTo("1004");
        assertThat(send(signed("pay", body, now, "short", key)).code()).isEqualTo("1005");
        assertThat(credits("TAMPER1")).isZero();
        // the genuine request once, then the same bytes again (a replay)
        String n2 = nonce();
        Reply first = send(signed("pay", body, now, n2, key));
        assertThat(first.code()).isEqualTo("0000");
        Reply replay = send(signed("pay", body, now, n2, key));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.code()).isEqualTo("1003");
        assertThat(credits("TAMPER1")).isEqualTo(1);
        // a disabled agent is refused
        agents.enable(manager, code, false);
        assertThat(call("query", "{\"accountNumber\":\"%s\"}".formatted(numbers[0]))
                        .code())
                .isEqualTo("1004");
    }

    @Test
    void aPaymentSettlesTheOldestBillFirstOnTheAgentBookAndARepeatAnswersTheFirstResult() throws Exception {
        Reply r = pay(numbers[0], "IVR1", 12_000);
        assertThat(r.code()).isEqualTo("0000");
        assertThat(r.body().get("arrears").asLong()).isEqualTo(6_000); // 100.00 settled, 20.00 of 80.00
        assertThat(r.body().get("accountingDate").asString()).isEqualTo(today());
        Reply again = pay(numbers[0], "IVR1", 12_000);
        assertThat(again.code()).isEqualTo("0000");
        assertThat(again.body().get("receiptNumber")).isEqualTo(r.body().get("receiptNumber"));
        // the same serial with another amount or account is refused, and posts nothing
        assertThat(pay(numbers[0], "IVR1", 12_001).code()).isEqualTo("3001");
        assertThat(pay(numbers[1], "IVR1", 12_000).code()).isEqualTo("3001");
        assertThat(credits("IVR1")).isEqualTo(1);
        assertThat(ledger.balance(h.accounts()[0]).receivable()).isEqualTo(Money.yuan("60.00"));
        long agentBook = jdbc.sql("""
                        select sum(e.amount) from payment.entry e join payment.posting p using (posting_id)
                        where p.idempotency_key = :k and e.book = 'AGENT' and p.channel = 'AGENT'""")
                .param("k", CollectingThroughAgents.key(code, "IVR1"))
                .query(Long.class)
                .single();
        assertThat(agentBook).isEqualTo(12_000);
        // the timed-out agent asks after its serial
        Reply q = call("payment", "{\"serial\":\"IVR1\"}");
        assertThat(q.body().get("state").asString()).isEqualTo("PAID");
        assertThat(q.body().get("amount").asLong()).isEqualTo(12_000);
        assertThat(call("payment", "{\"serial\":\"NEVER\"}").code()).isEqualTo("3002");
        assertThat(pay("9999999999", "IVR2", 100).code()).isEqualTo("2001");
        assertThat(credits("IVR2")).isZero();
    }

    @Test
    void sixteenConcurrentDuplicatesOfAPaymentCreditExactlyOnce() throws Exception {
        int n = 16;
        CyclicBarrier start = new CyclicBarrier(n);
        List<CompletableFuture<String>> all = new ArrayList<>();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(n);
        for (int i = 0; i < n; i++)
            all.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await(10, TimeUnit.SECONDS);
                            return pay(numbers[1], "DUP1", 5_550).code();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    threads));
        for (CompletableFuture<String> f : all)
            assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo("0000");
        threads.shutdown();
        assertThat(credits("DUP1")).isEqualTo(1);
        assertThat(ledger.balance(h.accounts()[1]).receivable()).isEqualTo(Money.ZERO);
    }

    @Test
    void aReversalTheSameDayReopensTheBillsOnceAndAnotherReversalIsRefused() throws Exception {
        assertThat(pay(numbers[0], "IVR3", 10_000).code()).isEqualTo("0000");
        Reply r = reverse("IVR3", "REV3");
        assertThat(r.code()).isEqualTo("0000");
        assertThat(ledger.balance(h.accounts()[0]).receivable()).isEqualTo(Money.yuan("180.00"));
        // the same reversal again answers the same; another reversal serial is refused
        assertThat(reverse("IVR3", "REV3").code()).isEqualTo("0000");
        assertThat(reverse("IVR3", "REV3B").code()).isEqualTo("3003");
        assertThat(call("payment", "{\"serial\":\"IVR3\"}").body().get("state").asString())
                .isEqualTo("REVERSED");
        // the payment again (a late retry) answers the first result and credits nothing more
        pay(numbers[0], "IVR3", 10_000);
        assertThat(ledger.balance(h.accounts()[0]).receivable()).isEqualTo(Money.yuan("180.00"));
        assertThat(jdbc.sql("select count(*) from payment.posting where idempotency_key like :k")
                        .param("k", CollectingThroughAgents.key(code, "IVR3") + "%")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void aPaymentOfAnEarlierAccountingDayCannotBeReversed() throws Exception {
        assertThat(pay(numbers[0], "IVR4", 10_000).code()).isEqualTo("0000");
        jdbc.sql("update payment.agent_payment set accounting_date = accounting_date - 1 where agent_code = :a")
                .param("a", code)
                .update();
        assertThat(reverse("IVR4", "REV4").code()).isEqualTo("3004");
        assertThat(ledger.balance(h.accounts()[0]).receivable()).isEqualTo(Money.yuan("80.00"));
    }

    @Test
    void aReversalOfAnUnknownSerialIsRefusedAndBlocksThePaymentArrivingAfterIt() throws Exception {
        Reply r = reverse("IVR5", "REV5");
        assertThat(r.code()).isEqualTo("3002");
        assertThat(reverse("IVR5", "REV5").code()).isEqualTo("3002");
        Reply late = pay(numbers[0], "IVR5", 10_000);
        assertThat(late.code()).isEqualTo("3005");
        assertThat(credits("IVR5")).isZero();
        assertThat(call("payment", "{\"serial\":\"IVR5\"}").code()).isEqualTo("3002");
        assertThat(ledger.balance(h.accounts()[0]).receivable()).isEqualTo(Money.yuan("180.00"));
    }

    @Test
    void theDailyFileIsMatchedThreeWaysAndEachDiscrepancyResolvedByAPerson() throws Exception {
        pay(numbers[0], "R1", 10_000); // matched
        pay(numbers[1], "R2", 5_550); // the agent reversed it, we did not hear: missing at the agent
        pay(numbers[0], "R3", 2_000); // the agent has another amount
        pay(numbers[2], "R4", 300); // the agent does not list it at all
        jdbc.sql("update payment.agent_payment set accounting_date = accounting_date - 1 where agent_code = :a")
                .param("a", code)
                .update();
        LocalDate day = agents.accountingDay().minusDays(1);
        LocalDateTime at = day.atTime(10, 0);
        byte[] file = AgentReconciliationFile.write(
                new AgentReconciliationFile.Header(code, day),
                List.of(
                        new AgentReconciliationFile.Detail(
                                1,
                                "R1",
                                numbers[0],
                                Money.fen(10_000),
                                at,
                                AgentReconciliationFile.Status.PAID,
                                "电话银行"),
                        new AgentReconciliationFile.Detail(
                                2,
                                "R2",
                                numbers[1],
                                Money.fen(5_550),
                                at,
                                AgentReconciliationFile.Status.REVERSED,
                                "电话银行"),
                        new AgentReconciliationFile.Detail(
                                3, "R3", numbers[0], Money.fen(2_001), at, AgentReconciliationFile.Status.PAID, "电话银行"),
                        new AgentReconciliationFile.Detail(
                                4, "R5", numbers[1], Money.fen(700), at, AgentReconciliationFile.Status.PAID, "网上银行")));
        Reply r =
                send(signed("reconciliation", file, String.valueOf(Instant.now().getEpochSecond()), nonce(), key));
        assertThat(r.code()).as(r.body().toString()).isEqualTo("0000");
        assertThat(r.body().get("matched").asInt()).isEqualTo(1);
        Map<String, BillMatching.Kind> found = new java.util.TreeMap<>();
        List<CollectingThroughAgents.DiscrepancyView> ds =
                agents.discrepancies(manager, code, day).items();
        ds.forEach(d -> found.put(d.serial(), d.kind()));
        assertThat(found)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "R2", BillMatching.Kind.MISSING_AT_GATEWAY,
                        "R3", BillMatching.Kind.AMOUNT_MISMATCH,
                        "R4", BillMatching.Kind.MISSING_AT_GATEWAY,
                        "R5", BillMatching.Kind.MISSING_AT_US));
        CollectingThroughAgents.ReconciliationView.Figures run = agents.reconciliation(
                        Actors.staff(h.branch(), Role.FINANCE), code, day)
                .orElseThrow()
                .figures();
        assertThat(run.agentSum()).isEqualTo(Money.fen(10_000 + 2_001 + 700));
        assertThat(run.ourSum()).isEqualTo(Money.fen(10_000 + 5_550 + 2_000 + 300));
        assertThat(run.ledgerSum()).isEqualTo(run.ourSum());
        // the same file again lists nothing twice
        send(signed("reconciliation", file, String.valueOf(Instant.now().getEpochSecond()), nonce(), key));
        assertThat(agents.discrepancies(manager, code, day).items()).hasSize(4);
        // a file for a day not closed yet, or of another agent, is refused
        byte[] open = AgentReconciliationFile.write(
                new AgentReconciliationFile.Header(code, agents.accountingDay()), List.of());
        assertThat(send(signed(
                                "reconciliation",
                                open,
                                String.valueOf(Instant.now().getEpochSecond()),
                                nonce(),
                                key))
                        .code())
                .isEqualTo("4002");
        byte[] foreign = AgentReconciliationFile.write(new AgentReconciliationFile.Header("OTHER1", day), List.of());
        assertThat(send(signed(
                                "reconciliation",
                                foreign,
                                String.valueOf(Instant.now().getEpochSecond()),
                                nonce(),
                                key))
                        .code())
                .isEqualTo("4001");

        long r5 = id(ds, "R5"), r2 = id(ds, "R2"), r3 = id(ds, "R3");
        // a person credits the agent's collection we missed: once, under the serial's key
        mvc.perform(resolve(r2, "CREDITED", "代收机构已冲正")).andExpect(status().isBadRequest());
        mvc.perform(resolve(r5, "CREDITED", "代收机构流水核实无误"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resolution").value("CREDITED"));
        mvc.perform(resolve(r5, "ACCEPTED", "再次处理")).andExpect(status().isConflict());
        assertThat(credits("R5")).isEqualTo(1);
        assertThat(pay(numbers[1], "R5", 700).code())
                .as("the agent's own late request")
                .isIn("0000", "3001");
        assertThat(credits("R5")).isEqualTo(1);
        // our credit the agent reversed is reversed on the ledger
        mvc.perform(resolve(r2, "REVERSED", "代收机构当日已冲正，我方未收到冲正请求")).andExpect(status().isOk());
        // the bill is open again; the 7.00 credited from the file stays as credit
        assertThat(ledger.balance(h.accounts()[1]).net()).isEqualTo(Money.fen(700 - 5_550));
        mvc.perform(resolve(r3, "ACCEPTED", "差额由代收机构补缴")).andExpect(status().isOk());
        mvc.perform(resolve(r3, "ACCEPTED", "  ")).andExpect(status().isBadRequest());
        assertThat(jdbc.sql("""
                        select count(*) from identity.audit_log where action = 'payment.agent.reconciliation.resolve'
                        and object_id in (:ids)""")
                        .param("ids", List.of(String.valueOf(r5), String.valueOf(r2), String.valueOf(r3)))
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
        // the console's view of the day: the file's figures (of every branch) for finance, not for a branch manager
        mvc.perform(get("/api/v1/payment/agents/{c}/days", code).with(as(Actors.staff(h.branch(), Role.FINANCE))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].day").value(day.toString()))
                .andExpect(jsonPath("$[0].reconciliation.matched").value(1));
        mvc.perform(get("/api/v1/payment/agents/{c}/days", code).with(as(manager)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].day").value(day.toString()))
                .andExpect(jsonPath("$[0].reconciliation.receivedAt").isString())
                .andExpect(jsonPath("$[0].reconciliation.matched").doesNotExist());
        mvc.perform(get("/api/v1/payment/agents/{c}/days", code).with(as(Actors.staff(h.branch(), Role.COUNTER_CLERK))))
                .andExpect(status().isForbidden());
    }

    @Test
    void theStaffApiMakesAnAgentWhoseKeyIsShownOnceAndRefusesBadCodesInTheUsersLanguage() throws Exception {
        String other = code + "B";
        String json = mvc.perform(post("/api/v1/payment/agents")
                        .with(csrf())
                        .with(as(manager))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"agentCode\":\"%s\",\"name\":\"邮储银行网上银行\"}".formatted(other)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.agent.enabled").value(true))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(json).contains("\"key\":\"");
        mvc.perform(get("/api/v1/payment/agents").with(as(manager)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.agentCode == '%s')].keyFingerprint".formatted(other))
                        .isNotEmpty())
                .andExpect(jsonPath("$[?(@.agentCode == '%s')].key".formatted(other))
                        .isEmpty());
        mvc.perform(post("/api/v1/payment/agents")
                        .with(csrf())
                        .with(as(manager))
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"agentCode\":\"%s\",\"name\":\"again\"}".formatted(other)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Agent exists"));
        mvc.perform(post("/api/v1/payment/agents")
                        .with(csrf())
                        .with(as(manager))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"agentCode\":\"bad code\",\"name\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("代收机构代码无效"));
    }

    static long id(List<CollectingThroughAgents.DiscrepancyView> ds, String serial) {
        return ds.stream()
                .filter(d -> d.serial().equals(serial))
                .findFirst()
                .orElseThrow()
                .discrepancyId();
    }

    MockHttpServletRequestBuilder resolve(long id, String action, String note) {
        return post("/api/v1/payment/agents/discrepancies/{id}/resolution", id)
                .with(csrf())
                .with(as(manager))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"action\":\"%s\",\"note\":\"%s\"}".formatted(action, note));
    }
}
