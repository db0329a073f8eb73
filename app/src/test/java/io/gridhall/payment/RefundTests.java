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
}
