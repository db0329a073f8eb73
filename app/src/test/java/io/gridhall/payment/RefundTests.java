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
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Refunds with approval: a clerk asks, another person approves, the ledger posts, never below the floor. */
@PaymentTest
class RefundTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    Accounts.Household h;
    Actor clerk;
    Actor manager;

    @BeforeEach
    void creditAndABill() {
        h = Accounts.household(customers, 1);
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        manager = Actors.staff(h.branch(), Role.BRANCH_MANAGER);
        ledger.receive(new BillsIssued(List.of(bill(h, h.first(), LocalDate.of(2026, 10, 1), "100.00"))));
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    long pay(String yuan) {
        return ledger.pay(new Pay(
                        "test:" + UUID.randomUUID(),
                        PostingKind.PAYMENT,
                        PaymentChannel.CASH,
                        List.of(new Pay.Share(h.first(), Money.yuan(yuan))),
                        "R1",
                        clerk))
                .postingId();
    }

    ResultActions request(Actor who, String body) throws Exception {
        return mvc.perform(post("/api/v1/payment/refunds")
                .with(csrf())
                .with(as(who))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    ResultActions approve(Actor who, long id, String key) throws Exception {
        return mvc.perform(post("/api/v1/payment/refunds/{id}/approval", id)
                .with(csrf())
                .with(as(who))
                .header(IdempotentRequests.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"));
    }

    long idOf(ResultActions r) throws Exception {
        String json = r.andReturn().getResponse().getContentAsString();
        return Long.parseLong(json.replaceAll(".*\"refundId\":(\\d+).*", "$1"));
    }

    @Test
    void creditIsPaidBackOnlyAfterASecondPersonApprovesAndNeverBelowZero() throws Exception {
        pay("130.00"); // 100.00 settles the bill, 30.00 is credit
        String body = """
                {"accountId": %d, "amount": "%s", "channel": "CASH", "reason": "客户销户退还预存"}""";
        request(clerk, body.formatted(h.first(), "30.01"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("insufficient-credit"));
        request(clerk, """
                        {"accountId": %d, "amount": "10.00", "channel": "CASH", "reason": "x"}""".formatted(h.first())).andExpect(status().isBadRequest());
        long first = idOf(request(clerk, body.formatted(h.first(), "20.00")).andExpect(status().isCreated()));
        long second = idOf(request(clerk, body.formatted(h.first(), "20.00")).andExpect(status().isCreated()));
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("30.00")); // nothing posted yet

        approve(clerk, first, UUID.randomUUID().toString()).andExpect(status().isForbidden());
        Actor both = new Actor(
                clerk.userId(),
                Actor.Kind.STAFF,
                "两者",
                Set.of(Role.COUNTER_CLERK, Role.BRANCH_MANAGER),
                clerk.branches());
        approve(both, first, UUID.randomUUID().toString())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("waiver-own-request"));
        String key = UUID.randomUUID().toString();
        approve(manager, first, key)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPROVED"))
                .andExpect(jsonPath("$.postingId").isNumber());
        approve(manager, first, key)
                .andExpect(status().isOk())
                .andExpect(header().string(IdempotentRequests.REPLAYED, "true"));
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("10.00"));
        // the second would take the credit below zero: the ledger refuses, the request stays open
        approve(manager, second, UUID.randomUUID().toString())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("insufficient-credit"));
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("10.00"));
        assertThat(jdbc.sql("select status from payment.refund_request where refund_id = :id")
                        .param("id", second)
                        .query(String.class)
                        .single())
                .isEqualTo("REQUESTED");
        mvc.perform(post("/api/v1/payment/refunds/{id}/rejection", second)
                        .with(csrf())
                        .with(as(manager))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\": \"预存余额不足\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REJECTED"));
        assertThat(jdbc.sql("select string_agg(action, ',' order by id) from identity.audit_log"
                                + " where object_type = 'refund' and object_id = :id")
                        .param("id", String.valueOf(first))
                        .query(String.class)
                        .single())
                .isEqualTo("payment.refund.request,payment.refund.approve");
    }

    @Test
    void aPaymentIsRefundedWholeByItsReversalOnce() throws Exception {
        long payment = pay("60.00");
        String body = """
                {"paymentPostingId": %d, "reason": "重复缴费，原路退回"}""".formatted(payment);
        long id = idOf(request(clerk, body)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.amount").value(60.0))
                .andExpect(jsonPath("$.channel").value("CASH")));
        request(clerk, body)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("payment-refunded"));
        approve(manager, id, UUID.randomUUID().toString()).andExpect(status().isOk());
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.yuan("100.00"));
        // another branch's clerk does not see the payment
        Actor stranger =
                Actors.staff(new io.gridhall.identity.BranchId(h.branch().value() + 1), Role.COUNTER_CLERK);
        request(stranger, body).andExpect(status().isNotFound());
    }

    /** Issue #10: a payment refunded in parts, never beyond what was paid; each part undoes the bill it settled. */
    @Test
    void aPaymentIsRefundedInPartsUpToWhatWasPaid() throws Exception {
        long payment = pay("60.00"); // settles 60.00 of the 100.00 bill
        String part = """
                {"paymentPostingId": %d, "amount": "%s", "reason": "多缴部分原路退回"}""";
        long first = idOf(request(clerk, part.formatted(payment, "25.00"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.amount").value(25.0)));
        mvc.perform(get("/api/v1/payment/refunds/payments/{p}/remainder", payment)
                        .with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.remainder").value(35.0));
        mvc.perform(post("/api/v1/payment/refunds")
                        .with(csrf())
                        .with(as(clerk))
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(part.formatted(payment, "35.01")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("refund-more-than-remainder"))
                .andExpect(jsonPath("$.title").value("Refund exceeds what is left"));
        request(clerk, part.formatted(payment, "35.01"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("退款超过可退金额"));
        request(clerk, part.formatted(payment, "-1.00"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("amount-not-positive"));
        request(clerk, part.formatted(payment, "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("amount-not-positive"));
        request(clerk, part.formatted(payment, "1.234")).andExpect(status().isBadRequest());

        approve(manager, first, UUID.randomUUID().toString()).andExpect(status().isOk());
        long posting = jdbc.sql("select posting_id from payment.refund_request where refund_id = :id")
                .param("id", first)
                .query(Long.class)
                .single();
        assertThat(ledger.posting(posting).orElseThrow().kind()).isEqualTo(PostingKind.REFUND);
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.yuan("65.00"));
        // the rest, without an amount; then nothing is left
        long rest = idOf(request(clerk, """
                        {"paymentPostingId": %d, "reason": "余额原路退回"}""".formatted(payment))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.amount").value(35.0)));
        approve(manager, rest, UUID.randomUUID().toString()).andExpect(status().isOk());
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.yuan("100.00"));
        request(clerk, part.formatted(payment, "0.01"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("payment-refunded"));
        Actor stranger =
                Actors.staff(new io.gridhall.identity.BranchId(h.branch().value() + 1), Role.COUNTER_CLERK);
        mvc.perform(get("/api/v1/payment/refunds/payments/{p}/remainder", payment)
                        .with(as(stranger)))
                .andExpect(status().isNotFound());
    }

    ResultActions approve(Actor who, long id, String key, String body, String language) throws Exception {
        return mvc.perform(post("/api/v1/payment/refunds/{id}/approval", id)
                .with(csrf())
                .with(as(who))
                .header(IdempotentRequests.HEADER, key)
                .header("Accept-Language", language)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    /**
     * Issue #10: the approver lowers a partial refund, never raises it, with a note; the request keeps both amounts,
     * the audit both, the ledger posts the approved one, and the requester sees it. Four eyes still hold.
     */
    @Test
    void theApproverMayLowerAPartialRefundWithANoteButNeverRaiseIt() throws Exception {
        long payment = pay("60.00"); // settles 60.00 of the 100.00 bill
        long id = idOf(request(clerk, """
                        {"paymentPostingId": %d, "amount": "25.00", "reason": "多缴部分原路退回"}""".formatted(payment)).andExpect(status().isCreated()));
        String lowered = """
                {"amount": "%s", "note": "客户同意先退二十元"}""";
        approve(manager, id, UUID.randomUUID().toString(), lowered.formatted("25.01"), "en")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("refund-approved-above-asked"))
                .andExpect(jsonPath("$.title").value("Approved amount exceeds the request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("25.01")));
        approve(manager, id, UUID.randomUUID().toString(), lowered.formatted("25.01"), "zh-CN")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("批准金额超过申请金额"));
        for (String bad : List.of("0", "0.00", "-5.00"))
            approve(manager, id, UUID.randomUUID().toString(), lowered.formatted(bad), "zh-CN")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("amount-not-positive"));
        for (String malformed : List.of("1.234", "abc", "1e3"))
            approve(manager, id, UUID.randomUUID().toString(), lowered.formatted(malformed), "zh-CN")
                    .andExpect(status().isBadRequest());
        approve(manager, id, UUID.randomUUID().toString(), "{\"amount\": \"20.00\"}", "en")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("refund-lowered-note-required"))
                .andExpect(jsonPath("$.title").value("Say why the amount is lowered"));
        // four eyes: the one who asked may not approve, lowered or not
        Actor both = new Actor(
                clerk.userId(),
                Actor.Kind.STAFF,
                "两者",
                Set.of(Role.COUNTER_CLERK, Role.BRANCH_MANAGER),
                clerk.branches());
        approve(both, id, UUID.randomUUID().toString(), lowered.formatted("20.00"), "zh-CN")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("waiver-own-request"));
        approve(clerk, id, UUID.randomUUID().toString(), lowered.formatted("20.00"), "zh-CN")
                .andExpect(status().isForbidden());
        // nothing of the refused approvals was written
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.yuan("40.00"));
        assertThat(jdbc.sql("select status || '/' || coalesce(approved_amount, -1) from payment.refund_request"
                                + " where refund_id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("REQUESTED/-1");

        String key = UUID.randomUUID().toString();
        approve(manager, id, key, lowered.formatted("20.00"), "zh-CN")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPROVED"))
                .andExpect(jsonPath("$.amount").value(25.0))
                .andExpect(jsonPath("$.approvedAmount").value(20.0))
                .andExpect(jsonPath("$.decisionNote").value("客户同意先退二十元"));
        approve(manager, id, key, lowered.formatted("20.00"), "zh-CN")
                .andExpect(status().isOk())
                .andExpect(header().string(IdempotentRequests.REPLAYED, "true"));
        approve(manager, id, key, lowered.formatted("19.00"), "zh-CN")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("idempotency-key-reused"));
        // the ledger paid back what was approved; the payment has the rest left to refund
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.yuan("60.00"));
        mvc.perform(get("/api/v1/payment/refunds/payments/{p}/remainder", payment)
                        .with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.remainder").value(40.0));
        // the requester sees the approved amount
        mvc.perform(get("/api/v1/payment/refunds").param("status", "APPROVED").with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.refundId == %d)].approvedAmount".formatted(id))
                        .value(org.hamcrest.Matchers.contains(20.0)));
        String details = jdbc.sql("select details from identity.audit_log where object_type = 'refund'"
                        + " and object_id = :id and action = 'payment.refund.approve'")
                .param("id", String.valueOf(id))
                .query(String.class)
                .single();
        assertThat(details).contains("approvedAmount").contains("25.00").contains("20.00");
        // an approval without an amount approves what was asked, as before
        long rest = idOf(request(clerk, """
                        {"paymentPostingId": %d, "amount": "15.00", "reason": "余额原路退回"}""".formatted(payment)).andExpect(status().isCreated()));
        approve(manager, rest, UUID.randomUUID().toString())
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.approvedAmount").value(15.0));
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.yuan("75.00"));
    }

    /** Issue #10: credit is approved lowered too, never beyond what the account holds. */
    @Test
    void aLoweredRefundOfCreditIsPaidBackAsApproved() throws Exception {
        pay("130.00"); // 30.00 credit
        long id = idOf(request(clerk, """
                        {"accountId": %d, "amount": "30.00", "channel": "CASH", "reason": "客户销户退还预存"}""".formatted(h.first())).andExpect(status().isCreated()));
        approve(manager, id, UUID.randomUUID().toString(), """
                        {"amount": "12.50", "note": "另有一笔电费待扣"}""", "zh-CN")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.approvedAmount").value(12.5));
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("17.50"));
    }
}
