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
import io.gridhall.testing.Actors;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Till close (日终轧账): a clerk's counter money of the day against the ledger, and no payment after it. */
@PaymentTest
class TillCloseTests {

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

    @BeforeEach
    void aBill() {
        h = Accounts.household(customers, 1);
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        ledger.receive(new BillsIssued(List.of(bill(h, h.first(), LocalDate.of(2026, 10, 1), "100.00"))));
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    ResultActions pay(Actor who, String key, String channel, String yuan) throws Exception {
        return mvc.perform(post("/api/v1/payment/counter-payments")
                .with(csrf())
                .with(as(who))
                .header(IdempotentRequests.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"channel": "%s", "shares": [{"accountId": %d, "amount": "%s"}]}""".formatted(channel, h.first(), yuan)));
    }

    ResultActions close(Actor who, String body) throws Exception {
        return mvc.perform(post("/api/v1/payment/till/close")
                .with(csrf())
                .with(as(who))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    @Test
    void sumsTheClerksDayByChannelRecordsTheDifferenceWithItsReasonAndThenTakesNoMorePayments() throws Exception {
        String firstKey = UUID.randomUUID().toString();
        pay(clerk, firstKey, "CASH", "100.00").andExpect(status().isCreated());
        pay(clerk, UUID.randomUUID().toString(), "CASH", "5.50").andExpect(status().isCreated());
        pay(clerk, UUID.randomUUID().toString(), "CARD", "20.00").andExpect(status().isCreated());
        // another clerk's money is in another till
        Actor colleague = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        pay(colleague, UUID.randomUUID().toString(), "CASH", "7.00").andExpect(status().isCreated());

        mvc.perform(get("/api/v1/payment/till").with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.channels[0].channel").value("CASH"))
                .andExpect(jsonPath("$.channels[0].payments").value(2))
                .andExpect(jsonPath("$.channels[0].expected").value(105.5))
                .andExpect(jsonPath("$.channels[1].channel").value("CARD"))
                .andExpect(jsonPath("$.channels[1].expected").value(20.0))
                .andExpect(jsonPath("$.receipts.length()").value(3))
                .andExpect(jsonPath("$.closed").doesNotExist());

        // counted 0.50 short: not without a reason
        close(clerk, """
                        {"cashCounted": "105.00", "cardCounted": "20.00"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("till-difference-reason"));
        close(clerk, """
                        {"cashCounted": "105.00", "cardCounted": "20.00", "reason": "找零时多找了五角"}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.cashExpected").value(105.5))
                .andExpect(jsonPath("$.cashDifference").value(-0.5))
                .andExpect(jsonPath("$.cardDifference").value(0.0))
                .andExpect(jsonPath("$.payments").value(3))
                .andExpect(jsonPath("$.reason").value("找零时多找了五角"));
        close(clerk, """
                        {"cashCounted": "105.50", "cardCounted": "20.00"}""")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("till-closed"));

        // the closed till takes nothing more today; a retry of an earlier payment still answers its receipt
        pay(clerk, UUID.randomUUID().toString(), "CASH", "1.00")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("till-closed"));
        pay(clerk, firstKey, "CASH", "100.00")
                .andExpect(status().isCreated())
                .andExpect(header().string(IdempotentRequests.REPLAYED, "true"));
        pay(colleague, UUID.randomUUID().toString(), "CASH", "1.00").andExpect(status().isCreated());
        assertThat(ledger.balance(h.first()).prepaid().toString()).isEqualTo("33.50");

        assertThat(jdbc.sql("select details from identity.audit_log where action = 'payment.till-close'"
                                + " and actor_id = :id")
                        .param("id", clerk.userId().value())
                        .query(String.class)
                        .single())
                .contains("105.50", "105.00", "找零时多找了五角");
    }

    @Test
    void aBalancedTillClosesWithoutReasonAndADayToComeIsRefused() throws Exception {
        close(clerk, """
                        {"cashCounted": "0", "cardCounted": "0"}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.payments").value(0));
        close(Actors.staff(h.branch(), Role.COUNTER_CLERK), """
                        {"day": "2999-01-01", "cashCounted": "0", "cardCounted": "0"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("till-day-in-future"));
        close(Actors.staff(h.branch(), Role.BILLING_CLERK), """
                        {"cashCounted": "0", "cardCounted": "0"}""").andExpect(status().isForbidden());
    }
}
