package io.gridhall.payment.internal;

import static io.gridhall.payment.Accounts.bill;
import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.LedgerChecks;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PaymentTest;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Bank withholding end to end on the database: agreements sealed, masked and branch-scoped; one file per bank and
 * month of what the ledger says is open; the return file credits each successful row exactly once, however often and
 * however concurrently it is processed; a bad file is refused whole with its line and field; the books agree after
 * every test.
 */
@PaymentTest
class WithholdingTests {

    static final YearMonth MONTH = YearMonth.of(2026, 11);

    @Autowired
    MockMvc mvc;

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WithholdingFromBanks withholding;

    @Autowired
    SimulatedBank bank;

    Accounts.Household h;
    Actor clerk;
    Actor manager;

    @BeforeEach
    void fourAccountsThreeWithBills() {
        h = Accounts.household(customers, 4);
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        manager = Actors.staff(h.branch(), Role.BRANCH_MANAGER);
        LocalDate october = LocalDate.of(2026, 10, 1);
        ledger.receive(new BillsIssued(List.of(
                bill(h, h.accounts()[0], october, "100.00"),
                bill(h, h.accounts()[1], october, "55.50"),
                bill(h, h.accounts()[2], october, "20.00"),
                bill(h, h.accounts()[2], october.plusMonths(1), "30.01"))));
        for (int i = 0; i < 4; i++)
            withholding.sign(
                    clerk,
                    h.accounts()[i],
                    "102",
                    "张三" + "丰",
                    "62220210010000000" + (10 + i),
                    LocalDate.of(2026, 1, 5));
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    ResultActions generate(Actor who, String bankCode, String month) throws Exception {
        return mvc.perform(post("/api/v1/payment/withholding/batches")
                .with(csrf())
                .with(as(who))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"bankCode\": \"%s\", \"month\": \"%s\"}".formatted(bankCode, month)));
    }

    long generated() throws Exception {
        String json = generate(manager, "102", MONTH.toString())
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Long.parseLong(json.replaceAll(".*\"batchId\":(\\d+).*", "$1"));
    }

    ResultActions upload(Actor who, long batchId, byte[] file, String key, Locale locale) throws Exception {
        return mvc.perform(multipart("/api/v1/payment/withholding/batches/{id}/return", batchId)
                .file(new MockMultipartFile("file", "return.txt", MediaType.APPLICATION_OCTET_STREAM_VALUE, file))
                .with(csrf())
                .with(as(who))
                .header(IdempotentRequests.HEADER, key)
                .header(HttpHeaders.ACCEPT_LANGUAGE, locale.toLanguageTag()));
    }

    /** The bank's answer: our file with these result codes, row by row. */
    byte[] answered(long batchId, String... codes) {
        WithholdingFile.Parsed sent = WithholdingFile.read(withholding.sentFile(batchId));
        List<WithholdingFile.Detail> rows = new ArrayList<>();
        for (int i = 0; i < sent.details().size(); i++)
            rows.add(sent.details().get(i).withResult(codes[i]));
        return WithholdingFile.write(sent.header(), rows);
    }

    long credits(long batchId) {
        String number = withholding.batch(manager, batchId).batchNumber();
        return jdbc.sql("select count(*) from payment.posting where starts_with(idempotency_key, :k)")
                .param("k", "withholding:" + number + ":")
                .query(Long.class)
                .single();
    }

    long bankBook() {
        return jdbc.sql("""
                select coalesce(sum(e.amount), 0) from payment.entry e
                where e.book = 'BANK' and e.posting_id in (select posting_id from payment.posting
                    where idempotency_key like 'withholding:%' and reference in (select batch_number
                        from payment.withholding_batch where branch_id = :b))""").param("b", h.branch().value()).query(Long.class).single();
    }

    @Test
    void agreementsAreSealedMaskedAndScopedToTheAccountsBranch() throws Exception {
        long account = h.accounts()[0];
        mvc.perform(get("/api/v1/payment/withholding/accounts/{id}/agreements", account)
                        .with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].holderName").value("张**"))
                .andExpect(jsonPath("$[0].bankAccount").value("6222***********0010"))
                .andExpect(jsonPath("$[0].state").value("ACTIVE"));
        byte[] sealed = jdbc.sql(
                        "select bank_account_enc from payment.withholding_agreement where supply_account_id = :a")
                .param("a", account)
                .query(byte[].class)
                .single();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("6222021001");

        String body = """
                {"bankCode": "102", "holderName": "李四", "bankAccount": "%s", "signedOn": "2026-02-01"}""";
        mvc.perform(post("/api/v1/payment/withholding/accounts/{id}/agreements", account)
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted("6222021001000000099")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("withholding-agreement-active"));
        for (String[] lang : new String[][] {{"zh-CN", "银行账号有误"}, {"en", "Bad bank account number"}})
            mvc.perform(post("/api/v1/payment/withholding/accounts/{id}/agreements", account)
                            .with(csrf())
                            .with(as(clerk))
                            .header(HttpHeaders.ACCEPT_LANGUAGE, lang[0])
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body.formatted("6222-0210")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("withholding-bank-account"))
                    .andExpect(jsonPath("$.field").value("bankAccount"))
                    .andExpect(jsonPath("$.title").value(lang[1]));

        Actor stranger = Actors.staff(Accounts.household(customers, 1).branch(), Role.COUNTER_CLERK);
        mvc.perform(get("/api/v1/payment/withholding/accounts/{id}/agreements", account)
                        .with(as(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/payment/withholding/accounts/{id}/agreements", account)
                        .with(csrf())
                        .with(as(stranger))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted("6222021001000000099")))
                .andExpect(status().isNotFound());
        long agreement = withholding.agreements(clerk, account).getFirst().agreementId();
        String cancel = "{\"reason\": \"客户改用线上缴费\"}";
        mvc.perform(post("/api/v1/payment/withholding/agreements/{id}/cancellation", agreement)
                        .with(csrf())
                        .with(as(stranger))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(cancel))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/payment/withholding/agreements/{id}/cancellation", agreement)
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(cancel))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CANCELLED"));
        mvc.perform(post("/api/v1/payment/withholding/agreements/{id}/cancellation", agreement)
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(cancel))
                .andExpect(status().isConflict());
        assertThat(jdbc.sql("select count(*) from identity.audit_log where object_type = 'withholding-agreement'"
                                + " and object_id = :id")
                        .param("id", String.valueOf(agreement))
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    /** Issue #10: customers see their own agreements on the portal and cancel one; the next file leaves it out. */
    @Test
    void aCustomerSeesAndCancelsOnlyTheirOwnAgreementsAndTheNextFileLeavesItOut() throws Exception {
        Actor customer = Actors.customer();
        customers.bind(customer.userId(), h.accounts()[0]);
        customers.bind(customer.userId(), h.accounts()[1]);
        Actor other = Actors.customer();
        customers.bind(other.userId(), h.accounts()[2]);
        mvc.perform(get("/api/v1/payment/withholding/mine").with(as(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[*].accountId")
                        .value(org.hamcrest.Matchers.containsInAnyOrder((int) h.accounts()[0], (int) h.accounts()[1])))
                .andExpect(jsonPath("$[0].bankAccount").value(org.hamcrest.Matchers.startsWith("6222***")))
                .andExpect(jsonPath("$[0].state").value("ACTIVE"));
        mvc.perform(get("/api/v1/payment/withholding/mine").with(as(clerk))).andExpect(status().isForbidden());
        long others = withholding.agreements(clerk, h.accounts()[2]).getFirst().agreementId();
        long mine = withholding.agreements(clerk, h.accounts()[0]).getFirst().agreementId();
        mvc.perform(post("/api/v1/payment/withholding/mine/{id}/cancellation", others)
                        .with(csrf())
                        .with(as(customer)))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/payment/withholding/mine/{id}/cancellation", mine)
                        .with(csrf())
                        .with(as(customer))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"改用线上缴费\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CANCELLED"))
                .andExpect(jsonPath("$.cancelReason").value(WithholdingFromBanks.CUSTOMER_CANCEL + ": 改用线上缴费"));
        mvc.perform(post("/api/v1/payment/withholding/mine/{id}/cancellation", mine)
                        .with(csrf())
                        .with(as(customer)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("withholding-agreement-cancelled"));
        // staff see it cancelled at the customer's request; the other customer's agreement is untouched
        var seen = withholding.agreements(clerk, h.accounts()[0]).getFirst();
        assertThat(seen.state()).isEqualTo(WithholdingFromBanks.AgreementState.CANCELLED);
        assertThat(seen.cancelledBy()).isEqualTo(WithholdingFromBanks.CUSTOMER_NAME);
        assertThat(withholding.agreements(clerk, h.accounts()[2]).getFirst().state())
                .isEqualTo(WithholdingFromBanks.AgreementState.ACTIVE);
        assertThat(jdbc.sql("select count(*) from identity.audit_log where object_type = 'withholding-agreement'"
                                + " and object_id = :id")
                        .param("id", String.valueOf(mine))
                        .query(Long.class)
                        .single())
                .isEqualTo(2); // signed, cancelled
        // the month's file: the cancelled account (100.00) is left out
        long id = generated();
        assertThat(withholding.rows(manager, id))
                .extracting(WithholdingFromBanks.Row::supplyAccountId)
                .doesNotContain(h.accounts()[0])
                .hasSize(2);
    }

    @Test
    void aMonthsFileHoldsWhatEachAgreedAccountOwesAndIsMadeOnce() throws Exception {
        generate(clerk, "102", MONTH.toString()).andExpect(status().isForbidden());
        long id = generated();
        assertThat(generated()).isEqualTo(id); // asked again: the same batch
        var batch = withholding.batch(manager, id);
        assertThat(batch.rows()).isEqualTo(3); // the fourth account owes nothing
        assertThat(batch.total()).isEqualTo(Money.yuan("205.51"));
        assertThat(batch.batchNumber()).matches("WH202611102\\d{9}");

        byte[] file = mvc.perform(
                        get("/api/v1/payment/withholding/batches/{id}/file", id).with(as(manager)))
                .andExpect(status().isOk())
                .andExpect(header().string(
                                HttpHeaders.CONTENT_DISPOSITION,
                                org.hamcrest.Matchers.containsString(batch.batchNumber())))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        WithholdingFile.Parsed parsed = WithholdingFile.read(file);
        assertThat(parsed.details())
                .extracting(WithholdingFile.Detail::holderName)
                .containsOnly("张三丰");
        assertThat(parsed.details()).extracting(WithholdingFile.Detail::fen).containsExactly(10000L, 5550L, 5001L);
        assertThat(parsed.trailer().total()).isEqualTo(20551);
        mvc.perform(get("/api/v1/payment/withholding/batches/{id}/file", id).with(as(clerk)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/payment/withholding/batches/{id}", id).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows.length()").value(3))
                .andExpect(jsonPath("$.rows[0].holderName").value("张**"))
                .andExpect(jsonPath("$.batch.state").value("SENT"));
        // while the file is out, the same bills go in no other file
        generate(manager, "102", MONTH.plusMonths(1).toString())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("withholding-nothing-to-collect"));
        Actor stranger = Actors.staff(Accounts.household(customers, 1).branch(), Role.BRANCH_MANAGER);
        mvc.perform(get("/api/v1/payment/withholding/batches/{id}", id).with(as(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/payment/withholding/batches/{id}/file", id).with(as(stranger)))
                .andExpect(status().isNotFound());
        upload(
                        stranger,
                        id,
                        answered(id, "0000", "0000", "0000"),
                        UUID.randomUUID().toString(),
                        Locale.CHINA)
                .andExpect(status().isNotFound());
    }

    @Test
    void aReturnFileProcessedTwiceCreditsOnceAndTellsTheCustomersOfFailedRows() throws Exception {
        Actor customer = Actors.customer();
        customers.bind(customer.userId(), h.accounts()[1]);
        long id = generated();
        byte[] file = answered(id, "0000", "1001", "0000");
        upload(manager, id, file, UUID.randomUUID().toString(), Locale.CHINA)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("RETURNED"))
                .andExpect(jsonPath("$.succeeded").value(2))
                .andExpect(jsonPath("$.succeededTotal").value(150.01))
                .andExpect(jsonPath("$.failed").value(1))
                .andExpect(jsonPath("$.failedTotal").value(55.5));
        upload(manager, id, file, UUID.randomUUID().toString(), Locale.CHINA).andExpect(status().isOk());
        assertThat(credits(id)).isEqualTo(2);
        assertThat(bankBook()).isEqualTo(15001);
        assertThat(ledger.balance(h.accounts()[0]).receivable()).isEqualTo(Money.ZERO);
        assertThat(ledger.balance(h.accounts()[1]).receivable()).isEqualTo(Money.yuan("55.50"));
        assertThat(ledger.balance(h.accounts()[2]).receivable()).isEqualTo(Money.ZERO);
        assertThat(withholding.rows(manager, id))
                .extracting(WithholdingFromBanks.Row::result)
                .containsExactly(
                        WithholdingFromBanks.Result.SUCCESS,
                        WithholdingFromBanks.Result.INSUFFICIENT_FUNDS,
                        WithholdingFromBanks.Result.SUCCESS);
        String number = withholding.batch(manager, id).batchNumber();
        assertThat(jdbc.sql("select user_id, template from notification.message where starts_with(idempotency_key, :k)")
                        .param("k", "withholding:" + number + ":")
                        .query((rs, n) -> rs.getLong(1) + " " + rs.getString(2))
                        .list())
                .containsExactly(customer.userId().value() + " payment.withholding-failed");
        // another answer for a returned batch is refused; the failed account goes in the next month's file
        upload(
                        manager,
                        id,
                        answered(id, "0000", "0000", "0000"),
                        UUID.randomUUID().toString(),
                        Locale.ENGLISH)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("withholding-returned-already"));
        assertThat(credits(id)).isEqualTo(2);
        var next = withholding.generate(manager, null, "102", MONTH.plusMonths(1));
        assertThat(next.rows()).isEqualTo(1);
        assertThat(next.total()).isEqualTo(Money.yuan("55.50"));
    }

    @Test
    void twoPeopleProcessingTheSameFileAtOnceCreditOnce() throws Exception {
        long id = generated();
        byte[] file = answered(id, "0000", "0000", "0000");
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<WithholdingFromBanks.Returned>> runs = new ArrayList<>();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        for (int i = 0; i < 2; i++)
            runs.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return withholding.processReturn(manager, id, file);
                    },
                    threads));
        List<WithholdingFromBanks.Returned> done = new ArrayList<>();
        for (var r : runs) done.add(r.get(60, TimeUnit.SECONDS));
        threads.shutdown();
        assertThat(done).extracting(WithholdingFromBanks.Returned::replayed).containsExactlyInAnyOrder(true, false);
        assertThat(credits(id)).isEqualTo(3);
        assertThat(bankBook()).isEqualTo(20551);
    }

    @Test
    void aCustomerWhoPaidAtTheCounterMeanwhileKeepsTheBanksMoneyAsCredit() throws Exception {
        long id = generated();
        ledger.pay(new Pay(
                "test:" + UUID.randomUUID(),
                PostingKind.PAYMENT,
                PaymentChannel.CASH,
                List.of(new Pay.Share(h.accounts()[0], Money.yuan("100.00"))),
                "R1",
                clerk));
        withholding.processReturn(manager, id, answered(id, "0000", "0000", "0000"));
        var balance = ledger.balance(h.accounts()[0]);
        assertThat(balance.receivable()).isEqualTo(Money.ZERO);
        assertThat(balance.prepaid()).isEqualTo(Money.yuan("100.00"));
        assertThat(bankBook()).isEqualTo(20551);
    }

    @Test
    void aFilePartlyCreditedBeforeACrashCreditsOnlyTheRest() throws Exception {
        long id = generated();
        String number = withholding.batch(manager, id).batchNumber();
        // an earlier run posted row 1 and died before it recorded the file: its key is in the ledger
        long first = ledger.pay(new Pay(
                        "withholding:" + number + ":1",
                        PostingKind.PAYMENT,
                        PaymentChannel.BANK,
                        List.of(new Pay.Share(h.accounts()[0], Money.yuan("100.00"))),
                        number,
                        null))
                .postingId();
        withholding.processReturn(manager, id, answered(id, "0000", "0000", "0000"));
        assertThat(credits(id)).isEqualTo(3);
        assertThat(withholding.rows(manager, id).getFirst().postingId()).isEqualTo(first);
        assertThat(ledger.balance(h.accounts()[0]).prepaid()).isEqualTo(Money.ZERO);
        assertThat(bankBook()).isEqualTo(20551);
    }

    @Test
    void aReturnFileThatDoesNotMatchTheBatchIsRefusedWholeNamingLineAndField() throws Exception {
        long id = generated();
        WithholdingFile.Parsed sent = WithholdingFile.read(withholding.sentFile(id));
        List<WithholdingFile.Detail> rows = new ArrayList<>();
        for (WithholdingFile.Detail d : sent.details()) rows.add(d.withResult("0000"));
        // a row's amount changed (and the trailer with it): the row is not what we sent
        List<WithholdingFile.Detail> changed = new ArrayList<>(rows);
        WithholdingFile.Detail second = changed.get(1);
        changed.set(
                1,
                new WithholdingFile.Detail(
                        2, second.accountNumber(), second.bankAccount(), second.holderName(), 5551, "0000"));
        for (String[] lang : new String[][] {{"zh-CN", "回盘文件格式有误"}, {"en", "Return file not readable"}})
            upload(
                            manager,
                            id,
                            WithholdingFile.write(sent.header(), changed),
                            UUID.randomUUID().toString(),
                            Locale.forLanguageTag(lang[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("withholding-file-malformed"))
                    .andExpect(jsonPath("$.line").value(3))
                    .andExpect(jsonPath("$.field").value("amount"))
                    .andExpect(jsonPath("$.title").value(lang[1]));
        // a row left out, the trailer consistent with the rest: the count differs from the batch's
        upload(
                        manager,
                        id,
                        WithholdingFile.write(sent.header(), rows.subList(0, 2)),
                        UUID.randomUUID().toString(),
                        Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("withholding-file-totals"))
                .andExpect(jsonPath("$.line").value(4))
                .andExpect(jsonPath("$.field").value("count"))
                .andExpect(jsonPath("$.title").value("Return file totals differ"));
        // the trailer's total disagrees with its own rows
        byte[] bad = WithholdingFile.write(sent.header(), rows);
        bad[4 * 122 + 44] = '9';
        upload(manager, id, bad, UUID.randomUUID().toString(), Locale.CHINA)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.line").value(5))
                .andExpect(jsonPath("$.field").value("total"));
        // our own file, unanswered
        upload(manager, id, withholding.sentFile(id), UUID.randomUUID().toString(), Locale.CHINA)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.line").value(2))
                .andExpect(jsonPath("$.field").value("resultCode"));
        // nothing of any of them was written
        assertThat(withholding.batch(manager, id).state()).isEqualTo(WithholdingFromBanks.BatchState.SENT);
        assertThat(credits(id)).isZero();
        assertThat(jdbc.sql(
                                "select count(*) from payment.withholding_row where batch_id = :id and result_code is not null")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theSimulatedBankAnswersDeterministicallyAndItsFileIsAccepted() throws Exception {
        long id = generated();
        byte[] first = mvc.perform(get("/api/v1/dev/withholding-bank/batches/{id}/return-file", id)
                        .with(as(manager))
                        .param("seed", "7"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(bank.answer(withholding.sentFile(id), 7)).isEqualTo(first);
        var returned = withholding.processReturn(manager, id, first);
        assertThat(returned.batch().rows()).isEqualTo(3);
        assertThat(credits(id)).isEqualTo((long) returned.batch().succeeded());
        // over many rows the outcomes are mostly success, with each failure kind present
        java.util.Map<WithholdingFromBanks.Result, Integer> seen =
                new java.util.EnumMap<>(WithholdingFromBanks.Result.class);
        for (int seq = 1; seq <= 2000; seq++)
            seen.merge(SimulatedBank.outcome(7, "WH202611102000000001", seq), 1, Integer::sum);
        assertThat(seen.get(WithholdingFromBanks.Result.SUCCESS)).isBetween(1600, 1800);
        assertThat(seen.keySet())
                .contains(
                        WithholdingFromBanks.Result.INSUFFICIENT_FUNDS,
                        WithholdingFromBanks.Result.ACCOUNT_CLOSED,
                        WithholdingFromBanks.Result.AGREEMENT_NOT_FOUND,
                        WithholdingFromBanks.Result.HOLDER_NAME_MISMATCH);
    }
}
