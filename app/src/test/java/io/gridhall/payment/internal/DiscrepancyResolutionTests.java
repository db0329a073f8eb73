package io.gridhall.payment.internal;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.LedgerChecks;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.payment.PaymentTest;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Resolving what a reconciliation found ({@link ResolvingDiscrepancies}), the same for both sources: the gateways'
 * bills and the collection agents' files. Branch scope (issue #10: resolving checked PAYMENT_APPROVE only, so a manager
 * of one branch could credit another branch's account): a discrepancy of another branch's accounts is neither listed
 * nor resolved, nothing is posted or audited; the owning branch resolves it once, audited; a discrepancy of no account
 * we know is every approver's. And the rules every resolution keeps: a note, an action that fits, once.
 */
@PaymentTest
class DiscrepancyResolutionTests {

    private static final AtomicInteger DAYS = new AtomicInteger();
    // far in the past, away from the days ReconciliationTests reconciles with the simulators
    private static final LocalDate BASE =
            LocalDate.of(2001, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3000));

    @Autowired
    MockMvc mvc;

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TakingGatewayPayments orders;

    @Autowired
    CollectingThroughAgents agents;

    @Autowired
    ReconcilingGateways reconciling;

    Accounts.Household h;
    Accounts.Household other;
    Actor manager;
    Actor stranger;

    @BeforeEach
    void twoBranches() {
        h = Accounts.household(customers, 1);
        other = Accounts.household(customers, 1);
        manager = Actors.staff(h.branch(), Role.BRANCH_MANAGER);
        stranger = Actors.staff(other.branch(), Role.BRANCH_MANAGER);
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    /** Where a discrepancy comes from, and how a test makes one of that source. */
    enum Source {
        GATEWAY("/api/v1/payment/reconciliation/discrepancies", "payment.reconciliation.resolve", "ACCEPTED"),
        AGENT("/api/v1/payment/agents/discrepancies", "payment.agent.reconciliation.resolve", "REVERSED");

        final String discrepancies;
        final String audited;
        /** An action that does not fit MISSING_AT_US. */
        final String unfit;

        Source(String discrepancies, String audited, String unfit) {
            this.discrepancies = discrepancies;
            this.audited = audited;
            this.unfit = unfit;
        }
    }

    /** A discrepancy made for a test, with the URL that lists its run's or day's discrepancies. */
    record Made(long id, String list) {}

    // ---- making discrepancies ----

    /** Money the source took for the accounts that we do not have: CREDITED pays it to them, in equal shares. */
    Made missingAtUs(Source source, long fen, long... accounts) {
        return switch (source) {
            case GATEWAY -> {
                String order = order(fen, accounts);
                yield gateway("MISSING_AT_US", order, null, fen);
            }
            case AGENT -> agent("MISSING_AT_US", "S" + serial(), number(accounts[0]), fen);
        };
    }

    /** A discrepancy that concerns both accounts (ours and the source's side), accepted with a note. */
    Made concerning(Source source, long ours, long theirs) {
        return switch (source) {
            case GATEWAY -> gateway("AMOUNT_MISMATCH", order(100, theirs), order(100, ours), 100);
            case AGENT -> {
                String serial = "S" + serial();
                paidByAgent(number(ours), serial, 100);
                yield agent("AMOUNT_MISMATCH", serial, number(theirs), 101);
            }
        };
    }

    /** A discrepancy of no order and no account we know. */
    Made ofNoAccount(Source source) {
        return switch (source) {
            case GATEWAY -> gateway("MISSING_AT_GATEWAY", null, "GH" + serial() + "00000", 100);
            case AGENT -> agent("MISSING_AT_GATEWAY", "S" + serial(), "9" + serial(), 100);
        };
    }

    static String serial() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    String number(long account) {
        return customers.account(account).orElseThrow().accountNumber();
    }

    /** An order of a portal customer for the accounts, in equal shares. */
    String order(long fen, long... accounts) {
        Actor customer = Actors.customer();
        for (long a : accounts) customers.bind(customer.userId(), a);
        List<Pay.Share> shares = java.util.Arrays.stream(accounts)
                .mapToObj(a -> new Pay.Share(a, Money.fen(fen / accounts.length)))
                .toList();
        return orders.create(
                        customer.userId().value(),
                        new PaymentOrders.NewOrder(Gateway.WECHAT, PostingKind.TOP_UP, shares))
                .orderNumber();
    }

    /** A done run of WeChat Pay for a day no other test uses. */
    long run() {
        LocalDate day = BASE.plusDays(DAYS.getAndIncrement());
        return jdbc.sql("""
                        insert into payment.reconciliation_run (gateway, day, state, created_at, completed_at, bill_file)
                        values ('WECHAT', :day, 'DONE', now(), now(), '\\x00'::bytea)
                        on conflict (gateway, day) do update set state = 'DONE'
                        returning run_id""").param("day", day).query(Long.class).single();
    }

    Made gateway(String kind, String order, String ours, long fen) {
        long run = run();
        return new Made(gateway(run, kind, order, ours, fen), runList(run));
    }

    static String runList(long run) {
        return "/api/v1/payment/reconciliation/runs/" + run + "/discrepancies";
    }

    /** A discrepancy of the run, placed in its branches as when the run found it. */
    long gateway(long run, String kind, String order, String ours, long fen) {
        boolean theirs = order != null;
        long id = jdbc.sql("""
                        insert into payment.reconciliation_discrepancy (run_id, kind, transaction_id, order_number,
                            our_order_number, gateway_amount, our_amount, ledger_amount, completed_at, found_at, state)
                        values (:run, :kind, :txn, :order, :ours, :theirs, :our, :our, now(), now(), 'OPEN')
                        returning discrepancy_id""")
                .param("run", run)
                .param("kind", kind)
                .param("txn", "4200" + serial())
                .param("order", theirs ? order : ours)
                .param("ours", ours)
                .param("theirs", theirs ? fen : null)
                .param("our", ours != null ? fen : null)
                .query(Long.class)
                .single();
        reconciling.placeDiscrepancies(); // as when a run finds it, or the application starts
        return id;
    }

    String agentCode;
    byte[] agentKey;

    String agentCode() {
        if (agentCode == null) {
            agentCode = "D" + serial();
            agentKey = Base64.getDecoder()
                    .decode(agents.create(manager, agentCode, "测试代收机构").key());
        }
        return agentCode;
    }

    /** The agent's own pay request, signed as it signs it. */
    void paidByAgent(String number, String serial, long fen) {
        String day = agents.accountingDay().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        byAgent(
                CollectingThroughAgents.Operation.PAY,
                "{\"accountNumber\":\"%s\",\"serial\":\"%s\",\"amount\":%d,\"agentDate\":\"%s\"}"
                        .formatted(number, serial, fen, day),
                "\"0000\"");
    }

    /** A request of the agent, signed as it signs it, answered with the code expected. */
    void byAgent(CollectingThroughAgents.Operation op, String json, String expected) {
        String code = agentCode();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String nonce = "n" + serial();
        Map<String, String> headers = new HashMap<>();
        headers.put("agent-code", code);
        headers.put("agent-timestamp", timestamp);
        headers.put("agent-nonce", nonce);
        headers.put("agent-signature", AgentSignatures.sign(agentKey, code, timestamp, nonce, body));
        CollectingThroughAgents.Answer a = agents.handle(op, headers, body);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).contains(expected);
    }

    Made agent(String kind, String serial, String number, long fen) {
        String code = agentCode();
        LocalDate day = BASE.plusDays(DAYS.getAndIncrement());
        jdbc.sql("""
                        insert into payment.agent_reconciliation (agent_code, day, received_at, file, file_sha256, lines,
                            agent_sum, our_count, our_sum, ledger_sum, matched)
                        values (:a, :day, now(), '\\x00'::bytea, 'x', 1, 0, 0, 0, 0, 0)""").param("a", code).param("day", day).update();
        long id = jdbc.sql("""
                        insert into payment.agent_discrepancy (agent_code, day, kind, serial, account_number,
                            agent_amount, found_at, state)
                        values (:a, :day, :kind, :serial, :number, :fen, now(), 'OPEN')
                        returning discrepancy_id""")
                .param("a", code)
                .param("day", day)
                .param("kind", kind)
                .param("serial", serial)
                .param("number", number)
                .param("fen", fen)
                .query(Long.class)
                .single();
        agents.placeDiscrepancies(); // as when a file brings it, or the application starts
        return new Made(id, "/api/v1/payment/agents/" + code + "/days/" + day + "/discrepancies");
    }

    // ---- asking ----

    ResultActions resolve(Source source, long id, String action, String note, Actor by) throws Exception {
        return mvc.perform(post(source.discrepancies + "/{id}/resolution", id)
                .with(csrf())
                .with(as(by))
                .header("Accept-Language", "zh-CN")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"action\":\"%s\",\"note\":\"%s\"}".formatted(action, note)));
    }

    ResultActions list(String url, Actor by) throws Exception {
        return mvc.perform(get(url).with(as(by)));
    }

    long audits(Source source, long id) {
        return jdbc.sql("select count(*) from identity.audit_log where action = :a and object_id = :id")
                .param("a", source.audited)
                .param("id", String.valueOf(id))
                .query(Long.class)
                .single();
    }

    boolean open(Source source, long id) {
        String table = source == Source.GATEWAY ? "reconciliation_discrepancy" : "agent_discrepancy";
        return jdbc.sql("select state = 'OPEN' from payment." + table + " where discrepancy_id = :id")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    static Actor of(Role role, BranchId... branches) {
        return new Actor(
                new UserId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
                Actor.Kind.STAFF,
                "测试员",
                Set.of(role),
                Set.of(branches));
    }

    // ---- the tests ----

    @ParameterizedTest
    @EnumSource(Source.class)
    void aManagerOfAnotherBranchNeitherListsNorResolvesItAndNothingIsPostedOrAudited(Source source) throws Exception {
        Made d = missingAtUs(source, 6_660, h.first());
        Money before = ledger.balance(h.first()).net();

        list(d.list(), stranger)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(0));
        list(source.discrepancies, stranger)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.discrepancyId == %d)]".formatted(d.id()))
                        .isEmpty());
        for (String action : List.of("CREDITED", "ACCEPTED", source.unfit))
            resolve(source, d.id(), action, "不是本单位的户号", stranger)
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.object").value("reconciliation-discrepancy"))
                    .andExpect(jsonPath("$.title").value("未找到"));
        assertThat(ledger.balance(h.first()).net()).isEqualTo(before);
        assertThat(open(source, d.id())).isTrue();
        assertThat(audits(source, d.id())).isZero();

        list(d.list(), manager)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].discrepancyId").value(d.id()));
        resolve(source, d.id(), "CREDITED", "渠道已扣款，补记入账", manager)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.open").value(false))
                .andExpect(jsonPath("$.resolution").value("CREDITED"))
                .andExpect(jsonPath("$.postingId").isNumber());
        assertThat(ledger.balance(h.first()).net()).isEqualTo(before.plus(Money.fen(6_660)));
        assertThat(audits(source, d.id())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void oneConcerningAccountsOfTwoBranchesTakesAManagerWhoSeesBoth(Source source) throws Exception {
        Made d = concerning(source, h.first(), other.first());
        resolve(source, d.id(), "ACCEPTED", "差额已与渠道核实", manager).andExpect(status().isNotFound());
        resolve(source, d.id(), "ACCEPTED", "差额已与渠道核实", stranger).andExpect(status().isNotFound());
        list(d.list(), manager).andExpect(jsonPath("$.items.length()").value(0));
        assertThat(audits(source, d.id())).isZero();

        Actor both = of(Role.BRANCH_MANAGER, h.branch(), other.branch());
        list(d.list(), both).andExpect(jsonPath("$.items.length()").value(1));
        resolve(source, d.id(), "ACCEPTED", "差额已与渠道核实", both)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resolution").value("ACCEPTED"));
        assertThat(audits(source, d.id())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void oneOfNoAccountWeKnowIsEveryApproversToAccept(Source source) throws Exception {
        Made d = ofNoAccount(source);
        list(d.list(), stranger).andExpect(jsonPath("$.items[0].discrepancyId").value(d.id()));
        resolve(source, d.id(), "ACCEPTED", "无此交易，已与渠道核实", stranger)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resolution").value("ACCEPTED"))
                .andExpect(jsonPath("$.postingId").doesNotExist());
        // but not for staff without PAYMENT_APPROVE, in any branch
        resolve(source, ofNoAccount(source).id(), "ACCEPTED", "无此交易", of(Role.COUNTER_CLERK, other.branch()))
                .andExpect(status().isForbidden());
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void aResolutionTakesANoteAndAnActionThatFitsAndIsMadeOnce(Source source) throws Exception {
        Made d = missingAtUs(source, 500, h.first());
        Money before = ledger.balance(h.first()).net();
        resolve(source, d.id(), "CREDITED", "  ", manager).andExpect(status().isBadRequest());
        resolve(source, d.id(), source.unfit, "动作与差异类型不符", manager)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code")
                        .value(source == Source.GATEWAY ? "reconciliation-action" : "agent-reconciliation-action"));
        assertThat(open(source, d.id())).isTrue();
        assertThat(audits(source, d.id())).isZero();

        resolve(source, d.id(), "CREDITED", "渠道已扣款，补记入账", manager).andExpect(status().isOk());
        resolve(source, d.id(), "CREDITED", "再次入账试试看", manager)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("差异已处理"));
        assertThat(ledger.balance(h.first()).net()).isEqualTo(before.plus(Money.fen(500)));
        assertThat(audits(source, d.id())).isEqualTo(1);
    }

    // ---- what staff of some branches see of a run, a list and an agent's day (issue #10) ----

    ResultActions listed(String url, Actor by, int items, boolean truncated) throws Exception {
        return list(url, by)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(items))
                .andExpect(jsonPath("$.truncated").value(truncated));
    }

    @Test
    void aRunsOpenAndResolvedCountsAreOfTheDiscrepanciesTheViewerSees() throws Exception {
        long run = run();
        long mine = gateway(run, "MISSING_AT_US", order(300, h.first()), null, 300);
        gateway(run, "MISSING_AT_US", order(400, other.first()), null, 400);
        gateway(run, "AMOUNT_MISMATCH", order(100, other.first()), order(100, h.first()), 100); // both branches
        gateway(run, "MISSING_AT_GATEWAY", null, "GH" + serial() + "00000", 100); // no account we know
        resolve(Source.GATEWAY, mine, "CREDITED", "渠道已扣款，补记入账", manager).andExpect(status().isOk());
        String day = jdbc.sql("select day::text from payment.reconciliation_run where run_id = :r")
                .param("r", run)
                .query(String.class)
                .single();

        // before, every viewer was told the run's counts of every branch: open 3, resolved 1
        Actor finance = of(Role.FINANCE);
        record Seen(Actor who, int open, int resolved) {}
        for (Seen seen : List.of(new Seen(manager, 1, 1), new Seen(stranger, 2, 0), new Seen(finance, 3, 1))) {
            mvc.perform(get("/api/v1/payment/reconciliation/runs/{r}", run).with(as(seen.who())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.open").value(seen.open()))
                    .andExpect(jsonPath("$.resolved").value(seen.resolved()));
            mvc.perform(get("/api/v1/payment/reconciliation/runs")
                            .param("from", day)
                            .param("to", day)
                            .with(as(seen.who())))
                    .andExpect(jsonPath("$.length()").value(1))
                    .andExpect(jsonPath("$[0].runId").value(run))
                    .andExpect(jsonPath("$[0].open").value(seen.open()))
                    .andExpect(jsonPath("$[0].resolved").value(seen.resolved()));
            // and the counts are those of the run's list
            listed(runList(run), seen.who(), seen.open() + seen.resolved(), false);
        }
    }

    /** {@code limit} discrepancies of the other branch that list before one of ours: the URL of their run or day. */
    Made cutList(Source source, int limit) {
        long mine;
        String url;
        if (source == Source.GATEWAY) {
            long run = run();
            String theirs = order(100, other.first());
            jdbc.sql("""
                            insert into payment.reconciliation_discrepancy (run_id, kind, transaction_id, order_number,
                                gateway_amount, our_amount, ledger_amount, completed_at, found_at, state)
                            select :run, 'AMOUNT_MISMATCH', '4200' || lpad(g::text, 8, '0'), :order, 101, 100, 100,
                                now(), now(), 'OPEN'
                            from generate_series(1, :n) g""")
                    .param("run", run)
                    .param("order", theirs)
                    .param("n", limit)
                    .update();
            // ORDER_MISMATCH lists after AMOUNT_MISMATCH
            mine = gateway(run, "ORDER_MISMATCH", order(100, h.first()), order(100, h.first()), 100);
            url = runList(run);
        } else {
            String code = agentCode();
            LocalDate day = BASE.plusDays(DAYS.getAndIncrement());
            jdbc.sql("""
                            insert into payment.agent_reconciliation (agent_code, day, received_at, file, file_sha256,
                                lines, agent_sum, our_count, our_sum, ledger_sum, matched)
                            values (:a, :day, now(), '\\x00'::bytea, 'x', 1, 0, 0, 0, 0, 0)""").param("a", code).param("day", day).update();
            jdbc.sql("""
                            insert into payment.agent_discrepancy (agent_code, day, kind, serial, account_number,
                                agent_amount, found_at, state)
                            select :a, :day, 'MISSING_AT_US', 'B' || g, :number, 100, now(), 'OPEN'
                            from generate_series(1, :n) g""")
                    .param("a", code)
                    .param("day", day)
                    .param("number", number(other.first()))
                    .param("n", limit)
                    .update();
            // listed by id: after the others
            mine = jdbc.sql("""
                            insert into payment.agent_discrepancy (agent_code, day, kind, serial, account_number,
                                agent_amount, found_at, state)
                            values (:a, :day, 'MISSING_AT_US', 'MINE', :number, 100, now(), 'OPEN')
                            returning discrepancy_id""")
                    .param("a", code)
                    .param("day", day)
                    .param("number", number(h.first()))
                    .query(Long.class)
                    .single();
            agents.placeDiscrepancies();
            url = "/api/v1/payment/agents/" + code + "/days/" + day + "/discrepancies";
        }
        return new Made(mine, url);
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void aListIsFilteredBeforeItIsCutAndSaysWhenItIsCut(Source source) throws Exception {
        int limit = source == Source.GATEWAY ? ReconcilingGateways.LIST_LIMIT : CollectingThroughAgents.LIST_LIMIT;
        Made mine = cutList(source, limit);
        String url = mine.list();
        // before, the list was cut first: the manager's one row was cut away and nothing said so
        listed(url, manager, 1, false)
                .andExpect(jsonPath("$.items[0].discrepancyId").value(mine.id()));
        listed(url, stranger, limit, false);
        listed(url, of(Role.FINANCE), limit, true);
        listed(url, of(Role.BRANCH_MANAGER, h.branch(), other.branch()), limit, true);
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void oneFoundBeforeBranchesWereKeptIsFinancesUntilTheStartPlacesIt(Source source) throws Exception {
        Made d = missingAtUs(source, 100, h.first());
        String table = source == Source.GATEWAY ? "reconciliation_discrepancy" : "agent_discrepancy";
        jdbc.sql("update payment." + table + " set branch_ids = null where discrepancy_id = :id")
                .param("id", d.id())
                .update();
        list(d.list(), manager).andExpect(jsonPath("$.items.length()").value(0));
        resolve(source, d.id(), "ACCEPTED", "尚未归属供电所", manager).andExpect(status().isNotFound());
        list(d.list(), of(Role.FINANCE)).andExpect(jsonPath("$.items.length()").value(1));

        if (source == Source.GATEWAY) reconciling.placeDiscrepancies();
        else agents.placeDiscrepancies();
        list(d.list(), manager).andExpect(jsonPath("$.items[0].discrepancyId").value(d.id()));
        list(d.list(), stranger).andExpect(jsonPath("$.items.length()").value(0));
    }

    @Test
    void anAgentsLatePaymentPlacesItsDiscrepancyInTheBranchOfTheAccountItPaid() throws Exception {
        String serial = "L" + serial();
        Made d = agent("MISSING_AT_US", serial, number(other.first()), 100);
        list(d.list(), stranger).andExpect(jsonPath("$.items.length()").value(1));
        // the agent's own request comes late, for an account of the manager's branch
        paidByAgent(number(h.first()), serial, 100);
        list(d.list(), stranger).andExpect(jsonPath("$.items.length()").value(0));
        list(d.list(), manager).andExpect(jsonPath("$.items.length()").value(0));
        list(d.list(), of(Role.BRANCH_MANAGER, h.branch(), other.branch()))
                .andExpect(jsonPath("$.items.length()").value(1));
    }

    @Test
    void anAgentsDayIsCountedSummedAndListedOfThePaymentsTheViewerSees() throws Exception {
        String code = agentCode();
        String day = agents.accountingDay().toString();
        paidByAgent(number(h.first()), "P" + serial(), 100);
        paidByAgent(number(other.first()), "P" + serial(), 250);
        paidByAgent(number(other.first()), "P" + serial(), 50);
        // a reversal before its payment: a blocked serial of no account, every approver's
        byAgent(
                CollectingThroughAgents.Operation.REVERSE,
                "{\"serial\":\"X%s\",\"reversalSerial\":\"R%s\"}".formatted(serial(), serial()),
                "\"3002\"");

        record Seen(Actor who, int paid, double sum) {}
        for (Seen seen :
                List.of(new Seen(manager, 1, 1.0), new Seen(stranger, 2, 3.0), new Seen(of(Role.FINANCE), 3, 4.0))) {
            // before, every viewer had the day of every branch: 3 payments, 4.00
            mvc.perform(get("/api/v1/payment/agents/{c}/days", code).with(as(seen.who())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].day").value(day))
                    .andExpect(jsonPath("$[0].paid").value(seen.paid()))
                    .andExpect(jsonPath("$[0].paidSum").value(seen.sum()));
            // the day's list adds up to its row
            String json = mvc.perform(get("/api/v1/payment/agents/{c}/days/{d}/payments", code, day)
                            .with(as(seen.who())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.length()").value(seen.paid() + 1))
                    .andExpect(jsonPath("$[?(@.state == 'BLOCKED')]").isNotEmpty())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            // summed exactly, as money is: each amount as the decimal the JSON wrote
            List<Number> amounts = com.jayway.jsonpath.JsonPath.read(json, "$[?(@.state == 'PAID')].amount");
            assertThat(amounts.stream()
                            .map(a -> new java.math.BigDecimal(a.toString()))
                            .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add))
                    .isEqualByComparingTo(java.math.BigDecimal.valueOf(seen.sum()));
        }
    }
}
