package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.metering.internal.ValidatingReadings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@MeteringTest
class ValidationAndReviewTests {

    @Autowired
    MeterReadings readings;

    @Autowired
    ValidatingReadings vee;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeteringFixtures.RecordingAudit audit;

    long branch;
    MeterEnrolment meter;
    final LocalDate day = LocalDate.of(2026, 6, 10);

    @BeforeEach
    void enrol() {
        branch = aBranch();
        meter = aMeter(branch, 11);
        readings.enrol(List.of(meter));
    }

    static RequestPostProcessor as(Actor actor) {
        return authentication(new UsernamePasswordAuthenticationToken(actor, null, List.of()));
    }

    void store(List<IntervalDay> intervals, List<RegisterRead> registers) {
        readings.store(new ReadingDelivery(UUID.randomUUID().toString(), ReadingSource.API, intervals, registers));
    }

    @Test
    void findsGapsAndEstimatesThemSoTheDayMatchesItsRegisters() {
        long m = meter.meterId();
        // four weeks of history at 0.1 kWh per slot build the profile; the day itself misses 20 slots
        List<IntervalDay> history = new ArrayList<>();
        for (int w = 1; w <= 4; w++) history.add(fullDay(m, day.minusDays(7L * w), 1_000));
        store(history, List.of());
        store(
                List.of(withSlots(fullDay(m, day, 1_000), 40, 60, 'M', 0)),
                List.of(
                        RegisterRead.total(m, day.minusDays(1), 50_000, null),
                        RegisterRead.total(m, day, 51_000, null)));

        ValidatingReadings.Summary summary = vee.run(day, List.of(m));

        assertThat(summary.estimatedDays()).isEqualTo(1);
        IntervalDay after = readings.intervals(m, Channel.FORWARD_ACTIVE, day).orElseThrow();
        assertThat(after.count(Quality.MISSING)).isZero();
        assertThat(after.count(Quality.ESTIMATED)).isEqualTo(20);
        assertThat(after.sum()).as("10 kWh delta in 0.0001 kWh").isEqualTo(100_000);
        assertThat(after.value(0)).as("actual untouched").isEqualTo(1_000);
        assertThat(jdbc.sql("select type from metering.reading_exception where meter_id = :m and day = :d")
                        .param("m", m)
                        .param("d", day)
                        .query(String.class)
                        .list())
                .containsExactly("GAP");

        assertThat(vee.run(day, List.of(m)).findings())
                .as("rerunning adds nothing")
                .isZero();
    }

    @Test
    void listsExceptionsOfTheCallersBranchOnlyAndResolvesThemWithAnAuditEntry() throws Exception {
        long m = meter.meterId();
        store(
                List.of(fullDay(m, day, 100)),
                List.of(RegisterRead.total(m, day.minusDays(1), 2_000, null), RegisterRead.total(m, day, 1_500, null)));
        vee.run(day, List.of(m));

        Actor reader = staff(branch, Role.SERVICE_AGENT);
        String body = mvc.perform(get("/api/v1/metering/exceptions")
                        .param("branch", String.valueOf(branch))
                        .param("type", "DECREASING_REGISTER")
                        .with(as(reader)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].address").value(meter.address()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        long id = Long.parseLong(body.replaceAll("(?s).*?\"id\":(\\d+).*", "$1"));

        mvc.perform(get("/api/v1/metering/exceptions")
                        .param("branch", String.valueOf(branch))
                        .with(as(staff(aBranch(), Role.SERVICE_AGENT))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
        mvc.perform(post("/api/v1/metering/exceptions/{id}/resolve", id)
                        .with(as(staff(aBranch(), Role.BILLING_CLERK)))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"resolution\": \"x\"}"))
                .andExpect(status().isNotFound());

        Actor clerk = staff(branch, Role.BILLING_CLERK);
        mvc.perform(post("/api/v1/metering/exceptions/{id}/resolve", id)
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"resolution\": \"meter replaced\"}"))
                .andExpect(status().isNoContent());
        mvc.perform(post("/api/v1/metering/exceptions/{id}/resolve", id)
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"resolution\": \"again\"}"))
                .andExpect(status().isConflict());
        assertThat(audit.about(String.valueOf(id)))
                .singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("metering.exception.resolve"));
    }

    @Test
    void staffEditASlotWithAReasonAndTheOldValueIsKept() throws Exception {
        long m = meter.meterId();
        store(List.of(fullDay(m, day, 100)), List.of());
        Actor clerk = staff(branch, Role.BILLING_CLERK);

        mvc.perform(post("/api/v1/metering/meters/{id}/intervals/{day}/edits", m, day)
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slot\": 5, \"kwh\": \"0.25\", \"reason\": \"customer photo of the display\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.slots[4].kwh").value(0.25))
                .andExpect(jsonPath("$.slots[4].quality").value("EDITED"))
                .andExpect(jsonPath("$.edited").value(1));
        assertThat(jdbc.sql("select old_value from metering.reading_edit where meter_id = :m")
                        .param("m", m)
                        .query(Integer.class)
                        .single())
                .isEqualTo(100);
        assertThat(audit.about(String.valueOf(m)))
                .singleElement()
                .satisfies(e -> assertThat(e.details().get("reason")).isEqualTo("customer photo of the display"));

        // a later delivery of an actual value leaves the edit alone
        store(List.of(fullDay(m, day, 777)), List.of());
        assertThat(readings.intervals(m, Channel.FORWARD_ACTIVE, day)
                        .orElseThrow()
                        .value(4))
                .isEqualTo(2_500);
    }

    @Test
    void editingNeedsAReasonAndThePermission() throws Exception {
        long m = meter.meterId();
        mvc.perform(post("/api/v1/metering/meters/{id}/intervals/{day}/edits", m, day)
                        .with(as(staff(branch, Role.BILLING_CLERK)))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slot\": 97, \"kwh\": \"-1\", \"reason\": \"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(3));
        mvc.perform(post("/api/v1/metering/meters/{id}/intervals/{day}/edits", m, day)
                        .with(as(staff(branch, Role.SERVICE_AGENT)))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slot\": 1, \"kwh\": \"1\", \"reason\": \"r\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void theDataViewerShowsQualityPerSlotAndHidesForeignMeters() throws Exception {
        long m = meter.meterId();
        store(List.of(withSlots(fullDay(m, day, 100), 0, 2, 'M', 0)), List.of());
        mvc.perform(get("/api/v1/metering/meters/{id}/intervals", m)
                        .param("day", day.toString())
                        .with(as(staff(branch, Role.SERVICE_AGENT))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.slots.length()").value(96))
                .andExpect(jsonPath("$.slots[0].quality").value("MISSING"))
                .andExpect(jsonPath("$.slots[2].start").value("00:30:00"))
                .andExpect(jsonPath("$.missing").value(2));
        mvc.perform(get("/api/v1/metering/meters/{id}/intervals", m)
                        .param("day", day.toString())
                        .with(as(staff(aBranch(), Role.SERVICE_AGENT))))
                .andExpect(status().isNotFound());
    }
}
