package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    @Autowired
    MeteringFixtures.RecordingAudit audit;

    @Autowired
    JdbcClient jdbc;

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

    /** Issue 8: a file without a header said "0 行中有 1 行有误"; it names the fault instead. */
    @Test
    void aFileWithoutAHeaderIsRejectedSayingTheFirstLineMustNameTheColumns() throws Exception {
        String csv = "%s,2026-04-05,1,0.5\n".formatted(meter.address());
        mvc.perform(multipart("/api/v1/metering/imports")
                        .file(new MockMultipartFile("file", "r.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                        .with(as(clerk()))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("file-rejected"))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("0 行"))))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.containsString(
                                "第一行应为列名表头（address,day,slot,kwh），缺少列 address,day,slot,kwh")))
                .andExpect(jsonPath("$.errors[0].field").value("header"));
    }

    /** Issue 8: a bad slot in a file was reported in the JSON field firstSlot, not the file's column slot. */
    @Test
    void aBadSlotInAFileIsReportedInTheFilesSlotColumn() throws Exception {
        String csv = """
                address,day,slot,kwh
                %s,2026-04-06,97,0.5
                """.formatted(meter.address());
        mvc.perform(multipart("/api/v1/metering/imports")
                        .file(new MockMultipartFile("file", "r.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                        .with(as(clerk()))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("readings-rejected"))
                .andExpect(jsonPath("$.errors[0].row").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("slot"));
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

    // ---- import history and audit

    /** A clerk with a name of their own, so the history row and the audit entry can be told apart. */
    Actor namedClerk() {
        long id = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000_000L);
        return new Actor(
                new UserId(id), Actor.Kind.STAFF, "抄表员" + id, Set.of(Role.BILLING_CLERK), Set.of(new BranchId(branch)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> details(MeteringFixtures.RecordingAudit.Entry e) {
        return (Map<String, Object>) e.details();
    }

    String importRegisters(Actor who, String fileName, String csv, String mode) throws Exception {
        var file = new MockMultipartFile("file", fileName, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        String body = mvc.perform(multipart("/api/v1/metering/imports")
                        .file(file)
                        .param("kind", "registers")
                        .param("mode", mode)
                        .with(as(who))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return JsonPath.read(body, "$.batchId");
    }

    Map<String, Object> historyRow(String batchId) throws Exception {
        String body = mvc.perform(get("/api/v1/metering/batches")
                        .param("source", "FILE_IMPORT")
                        .param("size", "100")
                        .with(as(staff(branch, Role.SERVICE_AGENT))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        List<Map<String, Object>> rows = JsonPath.read(body, "$.items[?(@.batchId == '" + batchId + "')]");
        assertThat(rows)
                .as("batch %s in the first page of the history", batchId)
                .hasSize(1);
        return rows.getFirst();
    }

    @Test
    void theImportHistoryListsAFileImportWithItsImporterAndTheImportIsAudited() throws Exception {
        Actor clerk = namedClerk();
        String csv = "address,day,total\n%s,2026-04-06,10.00\n%s,2026-04-07,12.50\n"
                .formatted(meter.address(), meter.address());
        String batchId = importRegisters(clerk, "昨日抄表.csv", csv, "all-or-nothing");

        Map<String, Object> row = historyRow(batchId);
        assertThat(row)
                .containsEntry("source", "FILE_IMPORT")
                .containsEntry("fileName", "昨日抄表.csv")
                .containsEntry("registerRows", 2)
                .containsEntry("intervalRows", 0)
                .containsEntry("meters", 1)
                .containsEntry("firstDay", "2026-04-06")
                .containsEntry("lastDay", "2026-04-07")
                .containsEntry("conflicts", 0)
                .containsEntry("rejectedRows", 0)
                .containsEntry("importedByName", clerk.displayName());
        assertThat(((Number) row.get("importedBy")).longValue())
                .isEqualTo(clerk.userId().value());

        assertThat(audit.about(batchId)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(clerk);
            assertThat(e.action()).isEqualTo("metering.readings.import");
            assertThat(e.objectType()).isEqualTo("reading_batch");
            assertThat(details(e))
                    .containsEntry("source", "FILE_IMPORT")
                    .containsEntry("fileName", "昨日抄表.csv")
                    .containsEntry("registerRows", 2)
                    .containsEntry("firstDay", "2026-04-06");
        });
    }

    @Test
    void theHistoryShowsOnlyDeliveriesOfTheCallersBranches() throws Exception {
        String csv = "address,day,total\n%s,2026-04-09,30.00\n".formatted(meter.address());
        String batchId = importRegisters(namedClerk(), "本所.csv", csv, "all-or-nothing");
        assertThat(historyRow(batchId)).containsEntry("fileName", "本所.csv");

        String body = mvc.perform(get("/api/v1/metering/batches")
                        .param("source", "FILE_IMPORT")
                        .param("size", "100")
                        .with(as(staff(aBranch(), Role.BRANCH_MANAGER))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        List<Object> foreign = JsonPath.read(body, "$.items[?(@.batchId == '" + batchId + "')]");
        assertThat(foreign).as("another branch's import").isEmpty();

        String all = mvc.perform(get("/api/v1/metering/batches")
                        .param("source", "FILE_IMPORT")
                        .param("size", "100")
                        .with(as(staff(aBranch(), Role.BILLING_CLERK, Role.ADMINISTRATOR))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        List<Object> seen = JsonPath.read(all, "$.items[?(@.batchId == '" + batchId + "')]");
        assertThat(seen).as("staff who see every branch").hasSize(1);
    }

    @Test
    void aReplayedImportAddsNoSecondHistoryRowNorAuditEntry() throws Exception {
        Actor clerk = namedClerk();
        String csv = "address,day,total\n%s,2026-04-08,20.00\n".formatted(meter.address());
        String first = importRegisters(clerk, "a.csv", csv, "all-or-nothing");
        // the same file again, even by someone else under another name, is the same delivery
        String again = importRegisters(namedClerk(), "a-copy.csv", csv, "all-or-nothing");

        assertThat(again).isEqualTo(first);
        assertThat(jdbc.sql("select count(*) from metering.reading_batch where batch_id = :id or imported_by = :by")
                        .param("id", UUID.fromString(first))
                        .param("by", clerk.userId().value())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(audit.about(first)).hasSize(1);
        assertThat(historyRow(first)).containsEntry("fileName", "a.csv");
    }

    @Test
    void aRejectedFileLeavesNoHistoryRowAndNoAuditEntry() throws Exception {
        Actor clerk = namedClerk();
        String csv =
                "address,day,total\n%s,2026-04-09,20.00\n%s,2026-04-10,x\n".formatted(meter.address(), meter.address());
        mvc.perform(multipart("/api/v1/metering/imports")
                        .file(new MockMultipartFile(
                                "file", "bad.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                        .param("kind", "registers")
                        .with(as(clerk))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("readings-rejected"))
                .andExpect(jsonPath("$.errors[0].row").value(3));
        assertThat(jdbc.sql("select count(*) from metering.reading_batch where imported_by = :by")
                        .param("by", clerk.userId().value())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(audit.entries).noneMatch(e -> e.actor().equals(clerk));
    }

    @Test
    void theHistoryCountsTheRowsLeftOutInValidRowsMode() throws Exception {
        Actor clerk = namedClerk();
        String csv = "address,day,total\n%s,2026-04-11,30.00\n%s,2026-04-12,x\n999999999999,2026-04-12,1\n"
                .formatted(meter.address(), meter.address());
        String batchId = importRegisters(clerk, "partial.csv", csv, "valid-rows");
        assertThat(historyRow(batchId)).containsEntry("registerRows", 1).containsEntry("rejectedRows", 2);
        assertThat(audit.about(batchId))
                .singleElement()
                .satisfies(e -> assertThat(details(e)).containsEntry("rejectedRows", 2));
    }

    @Test
    void aJsonDeliveryRecordsWhoSentIt() throws Exception {
        Actor clerk = namedClerk();
        String body = """
                {"registers": [{"address": "%s", "day": "2026-04-13", "total": "40.00"}]}""".formatted(meter.address());
        String response = mvc.perform(post("/api/v1/metering/readings")
                        .with(as(clerk))
                        .with(csrf())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String batchId = JsonPath.read(response, "$.batchId");
        mvc.perform(get("/api/v1/metering/batches").param("source", "API").with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.batchId == '%s')].importedByName".formatted(batchId))
                        .value(clerk.displayName()));
        assertThat(audit.about(batchId))
                .singleElement()
                .satisfies(e -> assertThat(details(e)).containsEntry("source", "API"));
    }

    @Test
    void theHistoryIsForStaffWhoReadMetersOrBill() throws Exception {
        mvc.perform(get("/api/v1/metering/batches").with(as(staff(branch, Role.SERVICE_AGENT))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(20));
        mvc.perform(get("/api/v1/metering/batches").with(as(staff(branch, Role.REPAIR_CREW))))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("permission-required"));
        Actor customer = new Actor(new UserId(7), Actor.Kind.CUSTOMER, "Customer", Set.of(), Set.of());
        mvc.perform(get("/api/v1/metering/batches").with(as(customer))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/metering/batches")).andExpect(status().isUnauthorized());
    }

    @Test
    void theHistoryRefusesAnUnknownSourceAndBadPaging() throws Exception {
        mvc.perform(get("/api/v1/metering/batches").param("source", "FAX").with(as(clerk())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bad-batch-source"));
        mvc.perform(get("/api/v1/metering/batches").param("size", "1000").with(as(clerk())))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/metering/batches").param("page", "-1").with(as(clerk())))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theHistoryIsNewestFirstAndPaged() throws Exception {
        Actor clerk = namedClerk();
        String older = importRegisters(
                clerk, "1.csv", "address,day,total\n%s,2026-04-14,1.00\n".formatted(meter.address()), "valid-rows");
        String newer = importRegisters(
                clerk, "2.csv", "address,day,total\n%s,2026-04-15,2.00\n".formatted(meter.address()), "valid-rows");
        String body = mvc.perform(get("/api/v1/metering/batches")
                        .param("source", "FILE_IMPORT")
                        .param("size", "100")
                        .with(as(clerk)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        List<String> ids = JsonPath.read(body, "$.items[*].batchId");
        assertThat(ids).contains(newer, older);
        assertThat(ids.indexOf(newer)).isLessThan(ids.indexOf(older));
        List<String> times = JsonPath.read(body, "$.items[*].receivedAt");
        assertThat(times)
                .isSortedAccordingTo(java.util.Comparator.<String>naturalOrder().reversed());
        int total = JsonPath.read(body, "$.total");
        assertThat(total).isGreaterThanOrEqualTo(2);
        mvc.perform(get("/api/v1/metering/batches")
                        .param("source", "FILE_IMPORT")
                        .param("size", "1")
                        .param("page", "1")
                        .with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.page").value(1));
    }
}
