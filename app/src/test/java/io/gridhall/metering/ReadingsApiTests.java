package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@MeteringTest
@RecordApplicationEvents
class ReadingsApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterReadings readings;

    @Autowired
    ApplicationEvents events;

    MeterEnrolment meter;
    long branch;

    @BeforeEach
    void enrol() {
        branch = aBranch();
        meter = aMeter(branch, 1);
        readings.enrol(List.of(meter));
    }

    static RequestPostProcessor as(Actor actor) {
        return authentication(new UsernamePasswordAuthenticationToken(actor, null, List.of()));
    }

    Actor clerk() {
        return staff(branch, Role.BILLING_CLERK);
    }

    @Test
    void storesAJsonBatchAndPublishesOneEvent() throws Exception {
        String body = """
                {"intervals": [{"address": "%s", "day": "2026-04-01", "firstSlot": 1, "kwh": ["0.1234", "0.2", "0"]},
                               {"address": "%s", "day": "2026-04-02", "firstSlot": 96, "kwh": ["1.5"]}],
                 "registers": [{"address": "%s", "day": "2026-04-01", "total": "1234.56", "t1": "100.00",
                                "meterTime": "2026-04-02T00:05:00+08:00"}]}""".formatted(meter.address(), meter.address(), meter.address());
        mvc.perform(post("/api/v1/metering/readings")
                        .with(as(clerk()))
                        .with(csrf())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.intervalRows").value(2))
                .andExpect(jsonPath("$.registerRows").value(1));

        IntervalDay day = readings.intervals(meter.meterId(), Channel.FORWARD_ACTIVE, LocalDate.of(2026, 4, 1))
                .orElseThrow();
        assertThat(day.value(0)).isEqualTo(1234);
        assertThat(day.value(1)).isEqualTo(2000);
        assertThat(day.quality(3)).isEqualTo(Quality.MISSING);
        assertThat(readings.registers(meter.meterId(), LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 1))
                        .getFirst()
                        .total())
                .isEqualTo(123456);
        assertThat(events.stream(ReadingBatchStored.class)).hasSize(1);
    }

    @Test
    void rejectsTheWholeBatchWithAnErrorPerBadField() throws Exception {
        String body = """
                {"intervals": [{"address": "%s", "day": "2026-04-03", "firstSlot": 1, "kwh": ["0.1"]},
                               {"address": "12345", "day": "2026-13-01", "firstSlot": 95, "kwh": ["1", "2", "3"]},
                               {"address": "%s", "day": "2026-04-03", "firstSlot": 2, "kwh": ["-1", "0.00001"]}],
                 "registers": [{"address": "%s", "day": "2026-04-03"}]}""".formatted(meter.address(), meter.address(), meter.address());
        mvc.perform(post("/api/v1/metering/readings")
                        .with(as(clerk()))
                        .with(csrf())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("readings-rejected"))
                .andExpect(jsonPath("$.errors.length()").value(6))
                .andExpect(jsonPath("$.errors[0].row").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("address"))
                .andExpect(jsonPath("$.errors[2].code").value("bad-slot-count"))
                .andExpect(jsonPath("$.errors[3].field").value("kwh[0]"))
                .andExpect(jsonPath("$.errors[3].message").value("Energy cannot be negative: -1"))
                .andExpect(jsonPath("$.errors[5].row").value(4))
                .andExpect(jsonPath("$.errors[5].field").value("total"));
        assertThat(readings.intervals(meter.meterId(), Channel.FORWARD_ACTIVE, LocalDate.of(2026, 4, 3)))
                .as("nothing half-stored")
                .isEmpty();
        assertThat(events.stream(ReadingBatchStored.class)).isEmpty();
    }

    @Test
    void rowErrorsAreInChineseByDefault() throws Exception {
        String body = """
                {"intervals": [{"address": "999999999999", "day": "2026-04-03", "kwh": ["0.1"]}]}""";
        mvc.perform(post("/api/v1/metering/readings")
                        .with(as(clerk()))
                        .with(csrf())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("未登记的电能表通信地址：999999999999"));
    }

    @Test
    void storesValidRowsOnlyWhenAskedAndListsTheRest() throws Exception {
        String csv = """
                address,day,slot,kwh
                %s,2026-04-04,1,0.5
                %s,2026-04-04,2,abc
                %s,2026-04-04,3,0.25
                """.formatted(meter.address(), meter.address(), meter.address());
        mvc.perform(multipart("/api/v1/metering/imports")
                        .file(new MockMultipartFile("file", "r.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                        .param("mode", "valid-rows")
                        .with(as(clerk()))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.intervalRows").value(1))
                .andExpect(jsonPath("$.rejected[0].row").value(3))
                .andExpect(jsonPath("$.rejected[0].field").value("kwh"));
        IntervalDay day = readings.intervals(meter.meterId(), Channel.FORWARD_ACTIVE, LocalDate.of(2026, 4, 4))
                .orElseThrow();
        assertThat(day.value(0)).isEqualTo(5000);
        assertThat(day.quality(1)).isEqualTo(Quality.MISSING);
        assertThat(day.value(2)).isEqualTo(2500);
    }

    @Test
    void importingTheSameFileTwiceStoresItOnce() throws Exception {
        String csv = "address,day,total\n%s,2026-04-05,100.25\n".formatted(meter.address());
        var file = new MockMultipartFile("file", "r.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        mvc.perform(multipart("/api/v1/metering/imports")
                        .file(file)
                        .param("kind", "registers")
                        .with(as(clerk()))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.replayed").value(false))
                .andExpect(jsonPath("$.registerRows").value(1));
        mvc.perform(multipart("/api/v1/metering/imports")
                        .file(file)
                        .param("kind", "registers")
                        .with(as(clerk()))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.replayed").value(true));
        assertThat(events.stream(ReadingBatchStored.class)).hasSize(1);
    }

    @Test
    void aFileWithoutTheRequiredColumnsIsRejected() throws Exception {
        var file = new MockMultipartFile("file", "r.csv", "text/csv", "address,day\n".getBytes(StandardCharsets.UTF_8));
        mvc.perform(multipart("/api/v1/metering/imports")
                        .file(file)
                        .with(as(clerk()))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].code").value("missing-column"));
    }

    @Test
    void needsTheBillingPermission() throws Exception {
        mvc.perform(post("/api/v1/metering/readings")
                        .with(as(staff(branch, Role.SERVICE_AGENT)))
                        .with(csrf())
                        .header("Idempotency-Key", "x")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isForbidden());
    }
}
