package io.gridhall.billing.internal;

import static io.gridhall.billing.internal.BillingFixtures.normal;
import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.billing.BillsIssued;
import io.gridhall.billing.internal.BillingFixtures.Branch;
import io.gridhall.billing.internal.BillingFixtures.Plan;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.metering.MeterReadings;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The staff API end to end: a run, its progress, the review queue, decisions, release, reversal and rebill. */
@BillingTest
@RecordApplicationEvents
class BillingApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    RunningBills runs;

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    MeterReadings readings;

    @Autowired
    Billing billing;

    @Autowired
    ApplicationEvents events;

    private MockHttpServletRequestBuilder postJson(String path, Actor actor, String body, Object... vars) {
        return post(path, vars)
                .with(as(actor))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    private JsonNode json(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return JSON.readTree(result.andReturn().getResponse().getContentAsString());
    }

    @Test
    void aClerkRunsABranchWorksThroughTheQueueReleasesAndCorrectsAnIssuedBill() throws Exception {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < 8; i++) plans.add(normal(120 + i));
        plans.add(normal(0)); // held: zero usage
        plans.add(normal(0)); // held too
        YearMonth period = YearMonth.of(2026, 6);
        Branch b = BillingFixtures.branch(grid, customers, readings, period, plans);
        Actor clerk = Actors.staff(b.id(), Role.BILLING_CLERK);
        Branch other = BillingFixtures.branch(grid, customers, readings, period, List.of(normal(1)));
        Actor stranger = Actors.staff(other.id(), Role.BILLING_CLERK);

        String body = "{\"branchId\": %d, \"period\": \"2026-06\"}".formatted(b.id().value());
        mvc.perform(postJson("/api/v1/billing/runs", stranger, body))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.object").value("branch"));
        mvc.perform(postJson("/api/v1/billing/runs", Actors.staff(b.id(), Role.SERVICE_AGENT), body))
                .andExpect(status().isForbidden());
        mvc.perform(postJson(
                                "/api/v1/billing/runs",
                                clerk,
                                "{\"branchId\": %d, \"period\": \"2026-13\"}".formatted(b.id().value()))
                        .header("Accept-Language", "en"))
                .andExpect(status().isBadRequest());
        long runId = json(mvc.perform(postJson("/api/v1/billing/runs", clerk, body))
                        .andExpect(status().isAccepted())
                        .andExpect(jsonPath("$.status").value("QUEUED")))
                .get("id")
                .asLong();
        mvc.perform(post("/api/v1/billing/runs/{id}/release", runId)
                        .with(as(clerk))
                        .with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("billing-run-not-complete"));
        while (runs.workDue("api-test")) {
            // the poller's work
        }
        mvc.perform(get("/api/v1/billing/runs/{id}", runId).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("COMPLETED"))
                .andExpect(jsonPath("$.bills").value(10))
                .andExpect(jsonPath("$.held").value(2))
                .andExpect(jsonPath("$.auditPassed").value(8))
                .andExpect(jsonPath("$.secondsLeft").value(0));
        mvc.perform(get("/api/v1/billing/runs/{id}", runId).with(as(stranger))).andExpect(status().isNotFound());
        assertThat(json(mvc.perform(get("/api/v1/billing/runs").with(as(stranger)))).findValues("id").stream()
                        .map(JsonNode::asLong))
                .doesNotContain(runId);

        JsonNode queue =
                json(mvc.perform(get("/api/v1/billing/review").with(as(clerk))).andExpect(status().isOk()));
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.get(0).get("auditFindings").get(0).asString()).isEqualTo("ZERO_USAGE");
        // money has one form in every answer: a number of yuan, never {fen} (two decimals: MoneyJsonTests)
        assertThat(queue.get(0).get("total").isNumber()).isTrue();
        for (JsonNode held : queue)
            for (JsonNode line : held.get("lines"))
                assertThat(line.get("amount").isNumber()).isTrue();
        assertThat(json(mvc.perform(get("/api/v1/billing/review").with(as(stranger))))
                        .size())
                .as("another branch's queue")
                .isZero();
        long held = queue.get(0).get("id").asLong();
        long held2 = queue.get(1).get("id").asLong();

        mvc.perform(postJson(
                                "/api/v1/billing/bills/{id}/decisions",
                                clerk,
                                "{\"action\": \"APPROVE\", \"reason\": \"x \"}",
                                held)
                        .header("Accept-Language", "en"))
                .andExpect(status().isBadRequest());
        mvc.perform(postJson(
                        "/api/v1/billing/bills/{id}/decisions",
                        stranger,
                        "{\"action\": \"APPROVE\", \"reason\": \"空置房屋，已核实\"}",
                        held))
                .andExpect(status().isNotFound());
        mvc.perform(postJson(
                        "/api/v1/billing/bills/{id}/decisions",
                        clerk,
                        "{\"action\": \"APPROVE\", \"reason\": \"空置房屋，已核实\"}",
                        held))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bill.status").value("AUDIT_PASSED"));
        mvc.perform(postJson(
                        "/api/v1/billing/bills/{id}/decisions",
                        clerk,
                        "{\"action\": \"APPROVE\", \"reason\": \"空置房屋，已核实\"}",
                        held))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("bill-state"));
        // recalculating rates afresh: the same reads, so the new bill is held again for the same reason
        JsonNode recalculated = json(mvc.perform(postJson(
                        "/api/v1/billing/bills/{id}/decisions",
                        clerk,
                        "{\"action\": \"RECALCULATE\", \"reason\": \"补录示数后重算\"}",
                        held2))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bill.status").value("SUPERSEDED"))
                .andExpect(jsonPath("$.replacement.status").value("HELD")));
        long replacement = recalculated.get("replacement").get("id").asLong();

        events.clear();
        JsonNode released = json(mvc.perform(post("/api/v1/billing/runs/{id}/release", runId)
                        .with(as(clerk))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.issued").value(9)));
        assertThat(released.get("issued").asInt()).isEqualTo(9);
        List<BillsIssued> published = events.stream(BillsIssued.class).toList();
        assertThat(published).singleElement().satisfies(e -> {
            assertThat(e.bills()).hasSize(9);
            assertThat(e.bills()).allSatisfy(bill -> {
                assertThat(bill.billNumber()).matches("[0-9]{16}");
                assertThat(bill.dueOn()).isEqualTo(bill.issuedOn().plusDays(15));
            });
        });
        assertThat(billing.bill(new BillId(replacement)).orElseThrow().status()).isEqualTo(BillStatus.HELD);
        // releasing again issues nothing new and publishes nothing
        events.clear();
        mvc.perform(post("/api/v1/billing/runs/{id}/release", runId)
                        .with(as(clerk))
                        .with(csrf()))
                .andExpect(jsonPath("$.issued").value(0));
        assertThat(events.stream(BillsIssued.class)).isEmpty();

        long account = b.accounts()[3];
        List<BillView> issued = billing.issuedBills(account, 10);
        assertThat(issued)
                .singleElement()
                .satisfies(bill -> assertThat(bill.status()).isEqualTo(BillStatus.ISSUED));
        long issuedId = issued.getFirst().id().value();
        Money original = issued.getFirst().total();

        events.clear();
        JsonNode corrected = json(mvc.perform(postJson(
                        "/api/v1/billing/bills/{id}/reversal",
                        clerk,
                        "{\"reason\": \"抄表数据有误，客户投诉后核实\", \"rebill\": true}",
                        issuedId))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reversal.type").value("REVERSAL"))
                .andExpect(jsonPath("$.rebill.type").value("REBILL")));
        assertThat(corrected.get("reversal").get("correctedBy").asString()).isEqualTo("测试员");
        assertThat(events.stream(BillsIssued.class))
                .singleElement()
                .satisfies(e -> assertThat(e.bills())
                        .extracting(BillsIssued.IssuedBill::type)
                        .containsExactly(BillType.REVERSAL, BillType.REBILL));
        List<BillView> after = billing.issuedBills(account, 10);
        assertThat(after).hasSize(3);
        assertThat(after.stream().map(BillView::total).reduce(Money.ZERO, Money::plus))
                .as("the reversal cancels the original; the rebill is what is owed")
                .isEqualTo(original);
        BillView reversal = after.stream()
                .filter(x -> x.type() == BillType.REVERSAL)
                .findFirst()
                .orElseThrow();
        assertThat(reversal.total()).isEqualTo(original.negate());
        assertThat(reversal.reverses()).isEqualTo(new BillId(issuedId));
        assertThat(reversal.correctionReason()).isEqualTo("抄表数据有误，客户投诉后核实");
        assertThat(billing.bill(new BillId(issuedId)).orElseThrow().status()).isEqualTo(BillStatus.REVERSED);
        mvc.perform(postJson(
                        "/api/v1/billing/bills/{id}/reversal",
                        clerk,
                        "{\"reason\": \"再次冲正试试\", \"rebill\": false}",
                        issuedId))
                .andExpect(status().isConflict());

        mvc.perform(get("/api/v1/billing/bills/{id}/trace", held2).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(
                        jsonPath("$.bill.lines[0].explanation.sources[0].kind").value("REGISTER"))
                .andExpect(jsonPath("$.findings[0].code").value("ZERO_USAGE"))
                .andExpect(jsonPath("$.decisions[0].action").value("RECALCULATE"))
                .andExpect(jsonPath("$.decisions[0].reason").value("补录示数后重算"))
                .andExpect(jsonPath("$.related.supersededBy[0]").value(replacement))
                .andExpect(jsonPath("$.run.id").value(runId));
        mvc.perform(get("/api/v1/billing/bills/{id}/trace", issuedId).with(as(clerk)))
                .andExpect(jsonPath("$.related.reversedBy").isArray())
                .andExpect(jsonPath("$.related.rebilledBy").isArray());
        mvc.perform(get("/api/v1/billing/bills/{id}/trace", issuedId).with(as(stranger)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.object").value("bill"));
    }
}
