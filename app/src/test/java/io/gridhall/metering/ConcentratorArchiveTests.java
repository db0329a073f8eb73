package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.dlt645.MeterAddress;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.metering.internal.Concentrators;
import io.gridhall.metering.internal.HeadEnd;
import io.gridhall.metering.internal.Meters;
import io.gridhall.metering.internal.ReadingMeters;
import io.gridhall.simulator.CustomerClass;
import io.gridhall.simulator.FeeControl;
import io.gridhall.simulator.MeterSpec;
import io.gridhall.simulator.Simulator;
import io.gridhall.simulator.SimulatorConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Loading the concentrator archive (集中器档案) from a CSV file, against a simulated DTU on loopback. */
@MeteringTest
@Timeout(60)
class ConcentratorArchiveTests {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final Instant NOW =
            LocalDate.of(2026, 8, 20).atTime(0, 12).atZone(CHINA).toInstant();

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterReadings readings;

    @Autowired
    HeadEnd headEnd;

    @Autowired
    Concentrators concentrators;

    @Autowired
    ReadingMeters reading;

    @Autowired
    Meters meters;

    @Autowired
    MeteringFixtures.RecordingAudit audit;

    long branch;
    String dtu;
    List<MeterEnrolment> enrolled;
    MeterEnrolment elsewhere;
    Simulator simulator;

    @BeforeEach
    void start() {
        branch = aBranch();
        dtu = String.format("A%011d", ThreadLocalRandom.current().nextLong(1, 99_999_999_999L));
        enrolled = List.of(aMeter(branch, 5), aMeter(branch, 5));
        elsewhere = aMeter(aBranch(), 6);
        readings.enrol(List.of(enrolled.get(0), enrolled.get(1), elsewhere));
        // the head-end accepts only concentrators of the archive (issue 7)
        concentrators.setSecrets(java.util.Collections.singletonMap(dtu, null));
        List<MeterSpec> specs = enrolled.stream()
                .map(m ->
                        new MeterSpec(dtu, MeterAddress.of(m.address()), CustomerClass.RESIDENTIAL, FeeControl.REMOTE))
                .toList();
        simulator = Simulator.start(
                SimulatorConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), headEnd.port()))
                        .meters(specs)
                        .seed(11)
                        .clock(Clock.fixed(NOW, CHINA))
                        .heartbeatInterval(Duration.ofSeconds(1))
                        .reconnectDelays(Duration.ofMillis(100), Duration.ofMillis(500))
                        .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> headEnd.links().contains(dtu));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    Actor manager() {
        return staff(branch, Role.BRANCH_MANAGER);
    }

    String csv(String... rows) {
        return "concentrator_id,meter_address\n" + String.join("\n", rows) + "\n";
    }

    String ours() {
        return csv(
                dtu + "," + enrolled.get(0).address(),
                dtu + "," + enrolled.get(1).address());
    }

    ResultActions upload(Actor actor, String csv, String... language) throws Exception {
        var request = multipart("/api/v1/metering/concentrator-archive")
                .file(new MockMultipartFile("file", "archive.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                .with(authentication(new UsernamePasswordAuthenticationToken(actor, null, List.of())))
                .with(csrf());
        if (language.length > 0) request.header("Accept-Language", language[0]);
        return mvc.perform(request);
    }

    List<Meters.Meter> ourMeters() {
        return enrolled.stream()
                .map(m -> meters.byId(m.meterId()).orElseThrow())
                .toList();
    }

    static String sha256(String text) throws Exception {
        return "sha256:"
                + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMeterTheSchedulesSkippedIsPolledOnceTheArchivePlacesIt() throws Exception {
        assertThat(reading.pollDaily(ourMeters()))
                .as("enrolled by the grid, behind no known concentrator")
                .isZero();

        upload(manager(), ours())
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.routed").value(2))
                .andExpect(jsonPath("$.unchanged").value(0))
                .andExpect(jsonPath("$.unknown").value(0))
                .andExpect(jsonPath("$.unknownAddresses").isEmpty());

        assertThat(ourMeters()).allSatisfy(m -> assertThat(m.concentratorId()).isEqualTo(dtu));
        assertThat(reading.pollDaily(ourMeters())).isEqualTo(2);
    }

    @Test
    void theSameFileAgainChangesNothingAndIsAuditedEachTime() throws Exception {
        String file = ours();
        upload(manager(), file).andExpect(jsonPath("$.routed").value(2));
        upload(manager(), file)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.routed").value(0))
                .andExpect(jsonPath("$.unchanged").value(2));

        var entries = audit.about(sha256(file));
        assertThat(entries).hasSize(2);
        assertThat(entries.getLast().action()).isEqualTo("metering.archive.import");
        assertThat(entries.getLast().objectType()).isEqualTo("concentrator-archive");
        assertThat((java.util.Map<String, Object>) entries.getLast().details())
                .containsEntry("routed", 0)
                .containsEntry("unchanged", 2)
                .containsEntry("unknown", 0)
                .containsEntry("fileName", "archive.csv");
    }

    @Test
    void metersOfOtherBranchesAreUnknownLikeMetersNeverEnrolled() throws Exception {
        String never = String.format("%012d", aMeterId());
        upload(
                        manager(),
                        csv(dtu + "," + enrolled.get(0).address(), dtu + "," + elsewhere.address(), dtu + "," + never))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.routed").value(1))
                .andExpect(jsonPath("$.unknown").value(2))
                .andExpect(jsonPath("$.unknownAddresses", Matchers.containsInAnyOrder(elsewhere.address(), never)));

        assertThat(meters.byId(elsewhere.meterId()).orElseThrow().concentratorId())
                .as("another branch's meter is left alone")
                .isNull();
        assertThat(headEnd.mayReach(elsewhere.address())).isTrue();
    }

    @Test
    void anAdministratorPlacesMetersOfEveryBranch() throws Exception {
        upload(staff(branch, Role.ADMINISTRATOR), csv(dtu + "," + elsewhere.address()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.routed").value(1));
        assertThat(meters.byId(elsewhere.meterId()).orElseThrow().concentratorId())
                .isEqualTo(dtu);
    }

    @Test
    void oneBadRowRejectsTheWholeFileWithAnErrorPerBadField() throws Exception {
        String other = String.format("B%011d", ThreadLocalRandom.current().nextLong(1, 99_999_999_999L));
        String file = csv(
                dtu + "," + enrolled.get(0).address(),
                "c8348800001," + enrolled.get(1).address(),
                dtu + ",12345",
                "",
                other + "," + enrolled.get(0).address(),
                dtu + "," + enrolled.get(0).address());
        upload(manager(), file, "en")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("archive-rejected"))
                .andExpect(jsonPath("$.detail").value("3 of 5 rows are wrong; the archive was not changed."))
                .andExpect(jsonPath("$.errors.length()").value(3))
                .andExpect(jsonPath("$.errors[0].row").value(3))
                .andExpect(jsonPath("$.errors[0].field").value("concentrator_id"))
                .andExpect(jsonPath("$.errors[0].code").value("bad-concentrator"))
                .andExpect(jsonPath("$.errors[1].row").value(4))
                .andExpect(jsonPath("$.errors[1].field").value("meter_address"))
                .andExpect(jsonPath("$.errors[1].message").value("A communication address has 12 digits: 12345"))
                .andExpect(jsonPath("$.errors[2].row").value(6))
                .andExpect(jsonPath("$.errors[2].code").value("conflicting-concentrator"));

        upload(manager(), file)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[2].message")
                        .value("通信地址 %s 在第 2 行已归属集中器 %s，同一电能表不能属于两个集中器"
                                .formatted(enrolled.get(0).address(), dtu)));

        assertThat(ourMeters())
                .as("nothing placed")
                .allSatisfy(m -> assertThat(m.concentratorId()).isNull());
        assertThat(audit.about(sha256(file))).isEmpty();
    }

    @Test
    void aFileWithoutTheColumnsIsRejected() throws Exception {
        upload(manager(), "meter,concentrator\n" + enrolled.get(0).address() + "," + dtu + "\n")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].row").value(1))
                .andExpect(jsonPath("$.errors[0].code").value("missing-column"))
                // issue 8: the fault itself, not "1 of 0 rows"
                .andExpect(jsonPath("$.code").value("file-rejected"))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.containsString("缺少列 concentrator_id,meter_address")));
        upload(manager(), "concentrator_id,meter_address\n")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("file-rejected"))
                .andExpect(jsonPath("$.errors[0].code").value("empty-file"));
    }

    @Test
    void loadingTheArchiveNeedsTopologyWrite() throws Exception {
        upload(staff(branch, Role.BILLING_CLERK), ours()).andExpect(status().isForbidden());
        assertThat(ourMeters()).allSatisfy(m -> assertThat(m.concentratorId()).isNull());
    }

    @Test
    void listsTheConcentratorsOfTheCallersBranchesWithTheirLinkState() throws Exception {
        upload(manager(), ours()).andExpect(status().isOk());
        assertThat(reading.readNow(ourMeters().getFirst())).isPresent();

        mvc.perform(get("/api/v1/metering/concentrators")
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(branch, Role.BILLING_CLERK), null, List.of()))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].concentratorId").value(dtu))
                .andExpect(jsonPath("$[0].archivedMeters").value(2))
                .andExpect(jsonPath("$[0].connected").value(true))
                .andExpect(jsonPath("$[0].answeredMeters").value(1));

        mvc.perform(get("/api/v1/metering/concentrators")
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(aBranch(), Role.BILLING_CLERK), null, List.of()))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.concentratorId == '%s')]".formatted(dtu))
                        .isEmpty());

        mvc.perform(get("/api/v1/metering/concentrators")
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(branch, Role.REPAIR_CREW), null, List.of()))))
                .andExpect(status().isForbidden());
    }

    /** Issue 8: a concentrator's row could not be opened to see its meters. */
    @Test
    void listsTheMetersBehindAConcentratorSayingWhichAnsweredOnIt() throws Exception {
        upload(manager(), ours()).andExpect(status().isOk());
        Meters.Meter first = ourMeters().getFirst();
        assertThat(reading.readNow(first)).isPresent();

        mvc.perform(get("/api/v1/metering/concentrators/{id}/meters", dtu)
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(branch, Role.BILLING_CLERK), null, List.of()))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[?(@.address == '%s')].answered".formatted(first.address()))
                        .value(true))
                .andExpect(jsonPath("$[*].archived")
                        .value(org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.is(true))));

        mvc.perform(get("/api/v1/metering/concentrators/{id}/meters", dtu)
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(aBranch(), Role.BILLING_CLERK), null, List.of()))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
    }

    /** Issue 7: registration secrets come with the archive or one by one, are never echoed, and are audited. */
    @Test
    void registrationSecretsAreSetFromTheFileOrOneByOneAndNeverEchoed() throws Exception {
        String file = "concentrator_id,meter_address,registration_secret\n" + dtu + ","
                + enrolled.get(0).address() + ",file-secret-1\n" + dtu + ","
                + enrolled.get(1).address() + ",\n";
        upload(manager(), file)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.routed").value(2));
        assertThat(concentrators.check(dtu, "file-secret-1")).isEqualTo(Concentrators.Verdict.ACCEPTED);
        assertThat(concentrators.check(dtu, "something-else")).isEqualTo(Concentrators.Verdict.WRONG_SECRET);
        var entry = audit.about(sha256(file)).getLast();
        assertThat((java.util.Map<String, Object>) entry.details()).containsEntry("registrationSecretsSet", 1);
        assertThat(entry.details().toString()).doesNotContain("file-secret-1");
        var boss = authentication(new UsernamePasswordAuthenticationToken(manager(), null, List.of()));
        mvc.perform(get("/api/v1/metering/concentrators").with(boss))
                .andExpect(jsonPath("$[0].registrationSecret").value(true))
                .andExpect(content()
                        .string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("file-secret-1"))));

        mvc.perform(put("/api/v1/metering/concentrators/{id}/registration-secret", dtu)
                        .with(boss)
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"secret\": \"has blank\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("registration-secret-invalid"));
        mvc.perform(put("/api/v1/metering/concentrators/{id}/registration-secret", "Z99999999999")
                        .with(boss)
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"secret\": \"api-secret-22\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/metering/concentrators/{id}/registration-secret", dtu)
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(aBranch(), Role.BRANCH_MANAGER), null, List.of())))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"secret\": \"api-secret-22\"}"))
                .andExpect(status().isNotFound()); // no meter of theirs behind it
        mvc.perform(put("/api/v1/metering/concentrators/{id}/registration-secret", dtu)
                        .with(boss)
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"secret\": \"api-secret-22\"}"))
                .andExpect(status().isNoContent());
        assertThat(concentrators.check(dtu, "api-secret-22")).isEqualTo(Concentrators.Verdict.ACCEPTED);
        assertThat(audit.about(dtu)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("metering.concentrator.secret-set");
            assertThat(e.details().toString()).doesNotContain("api-secret-22");
        });

        mvc.perform(delete("/api/v1/metering/concentrators/{id}/registration-secret", dtu)
                        .with(boss)
                        .with(csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/metering/concentrators").with(boss))
                .andExpect(jsonPath("$[0].registrationSecret").value(false));
    }

    @Test
    void aLargeArchiveGoesThroughInChunksAndListsTheFirstHundredUnknown() throws Exception {
        StringBuilder file = new StringBuilder("meter_address,concentrator_id\n");
        long first = aMeterId() + 5_000_000_000L;
        for (int i = 0; i < 12_000; i++)
            file.append(String.format("%012d", first + i))
                    .append(',')
                    .append(dtu)
                    .append('\n');
        file.append(enrolled.get(1).address()).append(',').append(dtu).append('\n');
        upload(manager(), file.toString())
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.routed").value(1))
                .andExpect(jsonPath("$.unknown").value(12_000))
                .andExpect(jsonPath("$.unknownAddresses.length()").value(100));
        assertThat(meters.byId(enrolled.get(1).meterId()).orElseThrow().concentratorId())
                .isEqualTo(dtu);
    }
}
