package io.gridhall.billing.web;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.billing.internal.BillingFixtures;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.metering.CommandAction;
import io.gridhall.metering.MeterCommands;
import io.gridhall.metering.MeterReadings;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * 下发时段/节假日到电表 (issue 9): a clerk sends the Zhejiang residential TOU calendar to the meters of a branch whose
 * accounts are on that tariff; one metering programming job per meter; branch-scoped, idempotent, audited. The jobs'
 * sending through the head-end and the simulator is {@code MeterProgramTests}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class MeterProgramsApiTests {

    static final String URL = "/api/v1/billing/tariffs/CN-ZJ-RES-TOU/versions/1/meter-programs";

    @Autowired
    MockMvc mvc;

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    MeterReadings readings;

    @Autowired
    MeterCommands commands;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    ResultActions start(Actor actor, long branch, LocalDateTime activeFrom, String key, Locale locale)
            throws Exception {
        var request = post(URL)
                .with(as(actor))
                .with(csrf())
                .locale(locale)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"branchId\":" + branch + ",\"year\":2026,\"activeFrom\":\"" + activeFrom + "\"}");
        if (key != null) request = request.header("Idempotency-Key", key);
        return mvc.perform(request);
    }

    BillingFixtures.Branch aBranch() {
        return BillingFixtures.branch(
                grid,
                customers,
                readings,
                YearMonth.of(2026, 10),
                List.of(
                        new BillingFixtures.Plan(
                                "RESIDENTIAL_TOU", CustomerClass.RESIDENTIAL, 10_000, BillingFixtures.Shape.NORMAL),
                        BillingFixtures.normal(100),
                        new BillingFixtures.Plan(
                                "RESIDENTIAL_TOU", CustomerClass.RESIDENTIAL, 20_000, BillingFixtures.Shape.NORMAL),
                        new BillingFixtures.Plan(
                                "RESIDENTIAL_TOU", CustomerClass.RESIDENTIAL, 0, BillingFixtures.Shape.NO_METER)));
    }

    /** The campaign's meters are handed to metering in chunks after it commits. */
    void enqueued(String campaign) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select state from billing.meter_program_campaign where id = ?")
                        .param(UUID.fromString(campaign))
                        .query(String.class)
                        .single()
                        .equals("ENQUEUED"));
    }

    @Test
    void startsOneProgrammingJobPerMeterOnTheTariffOnceAndShowsItsProgress() throws Exception {
        BillingFixtures.Branch b = aBranch();
        Actor clerk = Actors.staff(b.id(), Role.BILLING_CLERK);
        LocalDateTime switchAt = LocalDateTime.now(clock).plusDays(3).truncatedTo(ChronoUnit.DAYS);
        String key = UUID.randomUUID().toString();

        String body = start(clerk, b.id().value(), switchAt, key, Locale.CHINA)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.meters").value(2))
                .andExpect(jsonPath("$.state").value("ENQUEUEING"))
                .andExpect(jsonPath("$.writes").value(50))
                .andExpect(jsonPath("$.scheduleId").value("CN-ZJ-RES-TOU"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(body, "$.id");
        enqueued(id);
        // the same key again: the first answer, no second campaign
        start(clerk, b.id().value(), switchAt, key, Locale.CHINA)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.id").value(id));
        // another campaign with the same program: the meters keep their open jobs (not duplicated)
        String again = start(clerk, b.id().value(), switchAt, UUID.randomUUID().toString(), Locale.CHINA)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        enqueued(JsonPath.read(again, "$.id"));
        List<String> first = jdbc.sql(
                        "select cast(command_id as text) from billing.meter_program_job where campaign_id = ? order by meter_id")
                .param(UUID.fromString(id))
                .query(String.class)
                .list();
        List<String> second = jdbc.sql(
                        "select cast(command_id as text) from billing.meter_program_job where campaign_id = ? order by meter_id")
                .param(UUID.fromString(JsonPath.read(again, "$.id")))
                .query(String.class)
                .list();
        assertThat(first).hasSize(2).isEqualTo(second);
        assertThat(commands.statuses(first.stream().map(UUID::fromString).toList()))
                .allSatisfy(s -> {
                    assertThat(s.action()).isEqualTo(CommandAction.PROGRAM);
                    assertThat(s.writes()).isEqualTo(50);
                });

        mvc.perform(get("/api/v1/billing/meter-programs/{id}", id).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.meters").value(2))
                .andExpect(jsonPath("$.state").value("ENQUEUED"))
                .andExpect(jsonPath("$.pending").value(0))
                .andExpect(jsonPath("$.tariffId").value("CN-ZJ-RES-TOU"));
        mvc.perform(get("/api/v1/billing/meter-programs").with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '" + id + "')]").exists())
                // counts only: the meters are a page of their own (#10)
                .andExpect(jsonPath("$[0].failures").doesNotExist());
        mvc.perform(get("/api/v1/billing/meter-programs/{id}/meters", id)
                        .param("limit", "1")
                        .with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.offset").value(0))
                .andExpect(jsonPath("$.meters.length()").value(1))
                .andExpect(jsonPath("$.meters[0].asset").isNotEmpty());
        mvc.perform(get("/api/v1/billing/meter-programs/{id}/meters", id)
                        .param("offset", "1")
                        .with(as(clerk)))
                .andExpect(jsonPath("$.offset").value(1))
                .andExpect(jsonPath("$.meters.length()").value(1));
        assertThat(jdbc.sql("select count(*) from identity.audit_log where action = 'billing.meter-program.start'"
                                + " and object_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        // retrying when nothing failed sends nothing
        mvc.perform(post("/api/v1/billing/meter-programs/{id}/retries", id)
                        .with(as(clerk))
                        .with(csrf())
                        .header("Idempotency-Key", UUID.randomUUID().toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.meters").value(2));
    }

    @Test
    void isBranchScopedPrivilegedAndRefusesBadInputInTheUsersLanguage() throws Exception {
        BillingFixtures.Branch b = aBranch();
        BillingFixtures.Branch other = aBranch();
        Actor clerk = Actors.staff(b.id(), Role.BILLING_CLERK);
        Actor otherClerk = Actors.staff(other.id(), Role.BILLING_CLERK);
        LocalDateTime switchAt = LocalDateTime.now(clock).plusDays(3).truncatedTo(ChronoUnit.DAYS);
        String body = start(clerk, b.id().value(), switchAt, UUID.randomUUID().toString(), Locale.CHINA)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(body, "$.id");

        mvc.perform(get("/api/v1/billing/meter-programs/{id}", id).with(as(otherClerk)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/billing/meter-programs/{id}/meters", id).with(as(otherClerk)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/billing/meter-programs/{id}/meters", id)
                        .with(as(Actors.staff(b.id(), Role.COUNTER_CLERK))))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/billing/meter-programs/{id}/retries", id)
                        .with(as(otherClerk))
                        .with(csrf())
                        .header("Idempotency-Key", UUID.randomUUID().toString()))
                .andExpect(status().isNotFound());
        start(otherClerk, b.id().value(), switchAt, UUID.randomUUID().toString(), Locale.CHINA)
                .andExpect(status().isNotFound());
        start(
                        Actors.staff(b.id(), Role.COUNTER_CLERK),
                        b.id().value(),
                        switchAt,
                        UUID.randomUUID().toString(),
                        Locale.CHINA)
                .andExpect(status().isForbidden());
        start(clerk, b.id().value(), switchAt, null, Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("idempotency-key-required"));
        start(
                        clerk,
                        b.id().value(),
                        LocalDateTime.now(clock).minusHours(1),
                        UUID.randomUUID().toString(),
                        Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("meter-program-active-from"))
                .andExpect(jsonPath("$.title").value("The switch time must be in the future"));
        start(
                        clerk,
                        b.id().value(),
                        LocalDateTime.now(clock).minusHours(1),
                        UUID.randomUUID().toString(),
                        Locale.CHINA)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("切换时间须在将来"));
    }
}
