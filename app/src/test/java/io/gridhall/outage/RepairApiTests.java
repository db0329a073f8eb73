package io.gridhall.outage;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.ServiceArea;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.notification.Notifications;
import io.gridhall.shared.Problem;
import io.gridhall.testing.Actors;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Repair (issue 11, OUT-3..OUT-6): reports, merging, known outages, dispatch, crew steps, ratings, teams. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RepairApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    Notifications notifications;

    @Autowired
    Repairs repairs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    Neighbourhoods.Neighbourhood n;
    Actor dispatcher;

    @BeforeEach
    void neighbourhood() {
        n = Neighbourhoods.neighbourhood(grid, customers, notifications);
        dispatcher = Actors.staff(n.grid().branch(), Role.REPAIR_DISPATCHER);
    }

    Actor customer(int i) {
        return new Actor(new UserId(n.users()[i]), Actor.Kind.CUSTOMER, "客户", Set.of(), Set.of());
    }

    static OffsetDateTime minutesAgo(int m) {
        return OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(m).truncatedTo(ChronoUnit.SECONDS);
    }

    /** When the portal's reports say the fault began: one time for the whole test, so a replay sends the same body. */
    final OffsetDateTime occurred = minutesAgo(10);

    String reportJson(long account) {
        return """
                {"supplyAccountId": %d, "occurredAt": "%s", "description": "全屋无电，邻居家也没电"}""".formatted(account, occurred);
    }

    /** A JPEG with a JFIF segment, an Exif segment holding a GPS position, and a tiny scan. */
    static byte[] jpegWithGps() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd8});
        byte[] jfif = "JFIF\0\1\1\0\0\1\0\1\0\0".getBytes(StandardCharsets.ISO_8859_1);
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xe0, 0, (byte) (jfif.length + 2)});
        b.writeBytes(jfif);
        byte[] exif = "Exif\0\0GPSLatitude=30.2100N;GPSLongitude=120.1100E".getBytes(StandardCharsets.ISO_8859_1);
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xe1, 0, (byte) (exif.length + 2)});
        b.writeBytes(exif);
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xda, 0, 4, 1, 2, 3, 4, 5, (byte) 0xff, (byte) 0xd9});
        return b.toByteArray();
    }

    MvcResult portalReport(Actor who, long account, String key, MockMultipartFile... photos) throws Exception {
        var request = multipart("/api/v1/portal/repairs")
                .file(new MockMultipartFile(
                        "report",
                        "",
                        MediaType.APPLICATION_JSON_VALUE,
                        reportJson(account).getBytes()));
        for (MockMultipartFile p : photos) request.file(p);
        return mvc.perform(request.header("Idempotency-Key", key).with(as(who)).with(csrf()))
                .andReturn();
    }

    long crew(String name, String lat, String lon, Actor... members) {
        LocalTime now = LocalTime.ofInstant(clock.instant(), clock.getZone());
        Repairs.CrewView crew = repairs.createCrew(
                dispatcher,
                new Repairs.NewCrew(
                        n.grid().branch(),
                        name,
                        Set.of(CrewSkill.LOW_VOLTAGE, CrewSkill.METER),
                        now.minusHours(2),
                        now.plusHours(2),
                        java.util.Arrays.stream(members)
                                .map(a -> a.userId().value())
                                .toList(),
                        null,
                        null,
                        null));
        jdbc.sql("update outage.crew set lat = ?, lon = ?, position_at = now() where id = ?")
                .params(new BigDecimal(lat), new BigDecimal(lon), crew.id())
                .update();
        return crew.id();
    }

    @Test
    void aCrewsBaseIsItsPositionUntilAPhoneReportsOne() {
        Repairs.CrewView crew = repairs.createCrew(
                dispatcher,
                new Repairs.NewCrew(
                        n.grid().branch(),
                        "驻点班" + UUID.randomUUID().toString().substring(0, 4),
                        Set.of(CrewSkill.LOW_VOLTAGE),
                        LocalTime.of(8, 0),
                        LocalTime.of(8, 0),
                        List.of(),
                        new BigDecimal("30.2150"),
                        new BigDecimal("120.1100"),
                        null));
        assertThat(crew.lat()).isEqualByComparingTo("30.215");
        assertThat(crew.onShift()).isTrue();
        long job = repairs.report(
                        customer(0),
                        new Repairs.Report(n.accounts()[0], null, null, minutesAgo(5), "全屋无电", null, List.of()))
                .job()
                .id();
        assertThat(repairs.suggestCrews(dispatcher, job, 5))
                .extracting(s -> s.crew().id())
                .containsExactly(crew.id());
    }

    @Test
    void aCrewIsEditedWithItsWorkPhoneSealedAndMaskedTheEditAuditedAndRefusedOutsideTheBranch() throws Exception {
        String name = "编辑班" + UUID.randomUUID().toString().substring(0, 4);
        Repairs.CrewView crew = repairs.createCrew(
                dispatcher,
                new Repairs.NewCrew(
                        n.grid().branch(),
                        name,
                        Set.of(CrewSkill.LOW_VOLTAGE),
                        LocalTime.of(8, 0),
                        LocalTime.of(17, 0),
                        List.of(),
                        null,
                        null,
                        "13905710009"));
        assertThat(crew.phoneMasked()).isEqualTo("139****0009");
        assertThat(jdbc.sql("select phone_enc from outage.crew where id = ?")
                        .param(crew.id())
                        .query(byte[].class)
                        .single())
                .asString(java.nio.charset.StandardCharsets.ISO_8859_1)
                .doesNotContain("13905710009");

        String body = """
                {"branchId": %d, "name": "%s夜班", "skills": ["LOW_VOLTAGE", "CABLE"], "shiftStart": "20:00",
                 "shiftEnd": "08:00", "baseLat": 30.2100, "baseLon": 120.1050, "phone": "13905710010"}""".formatted(n.grid().branch().value(), name);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                "/api/v1/repairs/crews/" + crew.id())
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content(body)
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value(name + "夜班"))
                .andExpect(jsonPath("$.skills.length()").value(2))
                .andExpect(jsonPath("$.shiftStart").value("20:00:00"))
                .andExpect(jsonPath("$.lat").value(30.21))
                .andExpect(jsonPath("$.phoneMasked").value("139****0010"));
        assertThat(jdbc.sql("select count(*) from identity.audit_log where action = 'repair.crew-updated'"
                                + " and object_id = ?")
                        .param(String.valueOf(crew.id()))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        // another crew's name, a bad phone, half a position: refused in the caller's language, nothing changed
        String other = "别的班" + UUID.randomUUID().toString().substring(0, 4);
        crew(other, "30.2", "120.1");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                "/api/v1/repairs/crews/" + crew.id())
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content(body.replace(name + "夜班", other))
                        .header("Accept-Language", "en")
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("crew-name-taken"))
                .andExpect(jsonPath("$.title").value("Crew name taken"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                "/api/v1/repairs/crews/" + crew.id())
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content(body.replace("13905710010", "12345"))
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("crew-phone"))
                .andExpect(jsonPath("$.title").value("电话号码有误"));
        assertThatThrownBy(() -> repairs.updateCrew(
                        dispatcher,
                        crew.id(),
                        new Repairs.NewCrew(
                                n.grid().branch(),
                                name,
                                Set.of(CrewSkill.LOW_VOLTAGE),
                                LocalTime.of(8, 0),
                                LocalTime.of(8, 0),
                                List.of(),
                                new BigDecimal("30.2"),
                                null,
                                null)))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("crew-position"));
        assertThatThrownBy(() -> repairs.updateCrew(
                        Actors.staff(
                                new io.gridhall.identity.BranchId(
                                        n.grid().branch().value() + 1_000_000),
                                Role.REPAIR_DISPATCHER),
                        crew.id(),
                        new Repairs.NewCrew(
                                n.grid().branch(),
                                name,
                                Set.of(CrewSkill.LOW_VOLTAGE),
                                LocalTime.of(8, 0),
                                LocalTime.of(8, 0),
                                List.of(),
                                null,
                                null,
                                null)))
                .isInstanceOfSatisfying(
                        Problem.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(404));
        Repairs.CrewView after = repairs.crews(dispatcher, n.grid().branch()).stream()
                .filter(c -> c.id() == crew.id())
                .findFirst()
                .orElseThrow();
        assertThat(after.name()).isEqualTo(name + "夜班");
        assertThat(after.skills()).containsExactlyInAnyOrder(CrewSkill.LOW_VOLTAGE, CrewSkill.CABLE);
        assertThat(after.phoneMasked()).isEqualTo("139****0010");
    }

    long messages(String template, long userId) {
        return jdbc.sql("select count(*) from notification.message where template = ? and user_id = ?")
                .params(template, userId)
                .query(Long.class)
                .single();
    }

    @Test
    void reportsOfOneAreaAreMergedIntoOneJobWhoseReportersAreAllToldAndReplaysAnswerTheFirstReceipt() throws Exception {
        grid.classifyBranch(n.grid().branch(), ServiceArea.COUNTRYSIDE);
        String key = "r-" + UUID.randomUUID();
        MvcResult first = portalReport(
                customer(0),
                n.accounts()[0],
                key,
                new MockMultipartFile("photos", "switch.jpg", "image/jpeg", jpegWithGps()));
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        String body = first.getResponse().getContentAsString();
        assertThat((String) JsonPath.read(body, "$.outcome")).isEqualTo("NEW_JOB");
        assertThat((String) JsonPath.read(body, "$.job.serviceArea")).isEqualTo("COUNTRYSIDE");
        long job = ((Number) JsonPath.read(body, "$.job.id")).longValue();
        OffsetDateTime reported = OffsetDateTime.parse(JsonPath.read(body, "$.job.firstReportedAt"));
        OffsetDateTime arriveBy = OffsetDateTime.parse(JsonPath.read(body, "$.job.arriveBy"));
        assertThat(java.time.Duration.between(reported, arriveBy)).hasMinutes(90);

        // the same key and content: the first answer again, nothing new
        MvcResult replay = portalReport(
                customer(0),
                n.accounts()[0],
                key,
                new MockMultipartFile("photos", "switch.jpg", "image/jpeg", jpegWithGps()));
        assertThat(replay.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.getResponse().getContentAsString()).contains("\"id\":" + job);
        // the same key without the photo is other content
        assertThat(portalReport(customer(0), n.accounts()[0], key).getResponse().getStatus())
                .isEqualTo(409);

        // a neighbour in the same transformer area: merged, not a second job
        MvcResult second = portalReport(customer(1), n.accounts()[1], "r-" + UUID.randomUUID());
        assertThat((String) JsonPath.read(second.getResponse().getContentAsString(), "$.outcome"))
                .isEqualTo("MERGED");
        assertThat(((Number) JsonPath.read(second.getResponse().getContentAsString(), "$.job.id")).longValue())
                .isEqualTo(job);
        assertThat(messages("repair.received", n.users()[0])).isEqualTo(1);
        assertThat(messages("repair.merged", n.users()[1])).isEqualTo(1);

        // the photo: Exif gone, the rest kept; its reporter may see it, nobody else
        mvc.perform(get("/api/v1/portal/repairs").with(as(customer(0))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].report.photoIds.length()").value(1))
                .andExpect(jsonPath("$[0].job.reports").value(2));
        long photo = jdbc.sql("""
                        select p.id from outage.repair_photo p join outage.repair_report r on r.id = p.report_id
                        where r.job_id = ?""").param(job).query(Long.class).single();
        byte[] stored = mvc.perform(
                        get("/api/v1/portal/repairs/photos/" + photo).with(as(customer(0))))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/jpeg"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .contains("JFIF")
                .doesNotContain("GPS")
                .doesNotContain("Exif");
        mvc.perform(get("/api/v1/portal/repairs/photos/" + photo).with(as(customer(1))))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/portal/repairs/photos/" + photo).with(as(Actors.customer())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/repairs/photos/" + photo).with(as(dispatcher))).andExpect(status().isOk());
        // another customer cannot follow the job
        mvc.perform(get("/api/v1/portal/repairs/jobs/" + job).with(as(customer(3))))
                .andExpect(status().isNotFound());
    }

    @Test
    void aReportInsideAKnownOutageSendsNoCrewAndSaysWhenPowerReturns() throws Exception {
        OffsetDateTime start = minutesAgo(30);
        outages.openFault(
                dispatcher,
                new Outages.Details(
                        List.of(io.gridhall.grid.NodeRef.area(n.grid().area1())),
                        "台区低压线路故障",
                        start,
                        start.plusHours(3)));
        MvcResult r = portalReport(customer(1), n.accounts()[1], "r-" + UUID.randomUUID());
        String body = r.getResponse().getContentAsString();
        assertThat((String) JsonPath.read(body, "$.outcome")).isEqualTo("KNOWN_OUTAGE");
        assertThat(body).doesNotContain("\"job\"");
        assertThat((String) JsonPath.read(body, "$.outage.cause")).isEqualTo("台区低压线路故障");
        assertThat(messages("repair.known-outage", n.users()[1])).isEqualTo(1);
        long jobs = jdbc.sql("select count(*) from outage.repair_job where branch_id = ?")
                .param(n.grid().branch().value())
                .query(Long.class)
                .single();
        assertThat(jobs).isZero();
        // the self-check says so, and cannot tell about arrears (no fee control yet)
        mvc.perform(get("/api/v1/portal/repairs/self-check")
                        .param("account", "" + n.accounts()[1])
                        .with(as(customer(1))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outages.length()").value(1))
                .andExpect(jsonPath("$.arrears").value("UNKNOWN"))
                .andExpect(jsonPath("$.premisesGuide").value(false));
        mvc.perform(get("/api/v1/portal/repairs/self-check")
                        .param("account", "" + n.accounts()[3])
                        .with(as(customer(3))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outages.length()").value(0))
                .andExpect(jsonPath("$.premisesGuide").value(true));
        mvc.perform(get("/api/v1/portal/repairs/self-check")
                        .param("account", "" + n.accounts()[3])
                        .with(as(customer(1))))
                .andExpect(status().isNotFound());
    }

    @Autowired
    Outages outages;

    @Test
    void theNearestFreeCrewIsSuggestedFirstAndItsStepsAreTimedTowardsARating() throws Exception {
        Actor member = Actors.staff(n.grid().branch(), Role.REPAIR_CREW);
        // area 1 is at 30.21, 120.11: the near crew is ~1 km away, the far one ~20 km
        long near = crew("城东抢修一班" + UUID.randomUUID().toString().substring(0, 4), "30.2190", "120.1100", member);
        long far = crew("城东抢修二班" + UUID.randomUUID().toString().substring(0, 4), "30.3900", "120.1100");
        MvcResult r = portalReport(customer(0), n.accounts()[0], "r-" + UUID.randomUUID());
        long job = ((Number) JsonPath.read(r.getResponse().getContentAsString(), "$.job.id")).longValue();

        mvc.perform(get("/api/v1/repairs/jobs/" + job + "/suggestions").with(as(dispatcher)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].crew.id").value(near))
                .andExpect(jsonPath("$[0].distanceMetres")
                        .value(org.hamcrest.Matchers.allOf(
                                org.hamcrest.Matchers.greaterThan(950), org.hamcrest.Matchers.lessThan(1050))))
                .andExpect(jsonPath("$[1].crew.id").value(far));
        mvc.perform(post("/api/v1/repairs/jobs/" + job + "/dispatch")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"crewId\": " + near + "}")
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("DISPATCHED"));
        // the busy crew is no longer suggested
        assertThat(repairs.suggestCrews(dispatcher, job, 5))
                .extracting(s -> s.crew().id())
                .doesNotContain(near);

        // steps only in order, only by the crew's own members
        String arrived = "{\"status\": \"ARRIVED\"}";
        mvc.perform(post("/api/v1/crew/jobs/" + job + "/steps")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(arrived)
                        .with(as(member))
                        .with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.status").value("DISPATCHED"));
        Actor stranger = Actors.staff(n.grid().branch(), Role.REPAIR_CREW);
        mvc.perform(post("/api/v1/crew/jobs/" + job + "/steps")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"ACCEPTED\"}")
                        .with(as(stranger))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        for (String step : List.of("ACCEPTED", "DEPARTED", "ARRIVED", "REPAIRED")) {
            mvc.perform(post("/api/v1/crew/jobs/" + job + "/steps")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"status\": \"" + step + "\", \"lat\": 30.2101, \"lon\": 120.1101}")
                            .with(as(member))
                            .with(csrf()))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value(step));
        }
        mvc.perform(get("/api/v1/portal/repairs/jobs/" + job).with(as(customer(0))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.steps[*].status")
                        .value(org.hamcrest.Matchers.contains(
                                "OPEN", "DISPATCHED", "ACCEPTED", "DEPARTED", "ARRIVED", "REPAIRED")))
                .andExpect(jsonPath("$.breached").value(false));
        assertThat(messages("repair.dispatched", n.users()[0])).isEqualTo(1);
        assertThat(messages("repair.repaired", n.users()[0])).isEqualTo(1);
        // the crew's position is the last one reported
        assertThat(repairs.crews(dispatcher, n.grid().branch()).stream()
                        .filter(c -> c.id() == near)
                        .findFirst()
                        .orElseThrow()
                        .lat())
                .isEqualByComparingTo("30.2101");

        // one rating per job, by a reporter only
        String rating = "{\"stars\": 5, \"comment\": \"来得很快\"}";
        mvc.perform(post("/api/v1/portal/repairs/jobs/" + job + "/rating")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(rating)
                        .with(as(customer(3)))
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/portal/repairs/jobs/" + job + "/rating")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(rating)
                        .with(as(customer(0)))
                        .with(csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(post("/api/v1/portal/repairs/jobs/" + job + "/rating")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(rating)
                        .with(as(customer(0)))
                        .with(csrf()))
                .andExpect(status().isConflict());
        assertThat(repairs.crews(dispatcher, n.grid().branch()).stream()
                        .filter(c -> c.id() == near)
                        .findFirst()
                        .orElseThrow()
                        .averageStars())
                .isEqualByComparingTo("5.0");
    }

    @Test
    void twoDispatchersCannotSendTheSameCrewToTwoJobsAtOnce() throws Exception {
        long crew = crew("并发班" + UUID.randomUUID().toString().substring(0, 4), "30.2200", "120.1200");
        long job1 = ((Number) JsonPath.read(
                        portalReport(customer(0), n.accounts()[0], "r-" + UUID.randomUUID())
                                .getResponse()
                                .getContentAsString(),
                        "$.job.id"))
                .longValue();
        long job2 = ((Number) JsonPath.read(
                        portalReport(customer(3), n.accounts()[3], "r-" + UUID.randomUUID())
                                .getResponse()
                                .getContentAsString(),
                        "$.job.id"))
                .longValue();
        assertThat(job1).isNotEqualTo(job2);
        Actor other = Actors.staff(n.grid().branch(), Role.REPAIR_DISPATCHER);
        for (int round = 0; round < 5; round++) {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Integer>> calls = new ArrayList<>();
            for (var pair : List.of(new Object[] {dispatcher, job1}, new Object[] {other, job2})) {
                calls.add(() -> {
                    start.await();
                    return mvc.perform(post("/api/v1/repairs/jobs/" + pair[1] + "/dispatch")
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content("{\"crewId\": " + crew + "}")
                                    .with(as((Actor) pair[0]))
                                    .with(csrf()))
                            .andReturn()
                            .getResponse()
                            .getStatus();
                });
            }
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<Integer>> results = new ArrayList<>();
                for (Callable<Integer> c : calls) results.add(pool.submit(c));
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : results) statuses.add(f.get());
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            }
            long active = jdbc.sql("""
                            select count(*) from outage.repair_job
                            where crew_id = ? and status in ('DISPATCHED', 'ACCEPTED', 'DEPARTED', 'ARRIVED')""").param(crew).query(Long.class).single();
            assertThat(active).isEqualTo(1);
            // put both back on the board for the next round (a recall, as the database allows)
            jdbc.sql("update outage.repair_job set status = 'OPEN', crew_id = null, dispatched_at = null"
                            + " where id in (?, ?) and status = 'DISPATCHED'")
                    .params(job1, job2)
                    .update();
        }
    }

    @Test
    void theDatabaseRefusesMovesOutsideTheTransitionTableAndItMatchesTheJavaOne() {
        List<String> table = jdbc.sql("select from_status || '>' || to_status from outage.repair_status_transition")
                .query(String.class)
                .list();
        List<String> java = new ArrayList<>();
        RepairStatus.moves().forEach((from, tos) -> tos.forEach(to -> java.add(from + ">" + to)));
        assertThat(table).containsExactlyInAnyOrderElementsOf(java);
        long job = repairs.report(
                        customer(0),
                        new Repairs.Report(n.accounts()[0], null, null, minutesAgo(5), "表箱冒烟", null, List.of()))
                .job()
                .id();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> jdbc.sql("update outage.repair_job set status = 'REPAIRED' where id = ?")
                                .param(job)
                                .update())
                .hasMessageContaining("cannot move from OPEN to REPAIRED");
    }

    MvcResult staffReport(Actor who, String report, String language, MockMultipartFile... photos) throws Exception {
        var request = multipart("/api/v1/repairs/reports")
                .file(new MockMultipartFile("report", "", MediaType.APPLICATION_JSON_VALUE, report.getBytes()));
        for (MockMultipartFile p : photos) request.file(p);
        return mvc.perform(request.header("Idempotency-Key", "s-" + UUID.randomUUID())
                        .header("Accept-Language", language)
                        .with(as(who))
                        .with(csrf()))
                .andReturn();
    }

    @Test
    void theDispatcherChoosesTheSkillAJobNeedsAndOnlyFreeCrewsWithItAreSuggestedNearestFirst() throws Exception {
        long lowVoltage = crew("低压班" + UUID.randomUUID().toString().substring(0, 4), "30.2190", "120.1100");
        LocalTime now = LocalTime.ofInstant(clock.instant(), clock.getZone());
        long[] mediumVoltage = new long[2];
        String[][] places = {{"30.3000", "120.1100"}, {"30.2300", "120.1100"}};
        for (int i = 0; i < 2; i++) {
            mediumVoltage[i] = repairs.createCrew(
                            dispatcher,
                            new Repairs.NewCrew(
                                    n.grid().branch(),
                                    "配网班" + i + UUID.randomUUID().toString().substring(0, 4),
                                    Set.of(CrewSkill.MEDIUM_VOLTAGE),
                                    now.minusHours(2),
                                    now.plusHours(2),
                                    List.of(),
                                    new BigDecimal(places[i][0]),
                                    new BigDecimal(places[i][1]),
                                    null))
                    .id();
        }
        // a call about a 10 kV fault, with the caller's photo: the job needs MEDIUM_VOLTAGE
        String call = """
                {"supplyAccountId": %d, "occurredAt": "%s", "description": "来电：杆上有放电声",
                 "callerPhone": "13912340001", "skill": "MEDIUM_VOLTAGE"}""".formatted(n.accounts()[4], minutesAgo(5));
        MvcResult r = staffReport(
                dispatcher, call, "zh-CN", new MockMultipartFile("photos", "pole.jpg", "image/jpeg", jpegWithGps()));
        // by the caller's account: every test's transformer area stands on the same point, in branches of their own
        String body = r.getResponse().getContentAsString();
        assertThat(r.getResponse().getStatus()).as(body).isEqualTo(201);
        assertThat((String) JsonPath.read(body, "$.job.skill")).isEqualTo("MEDIUM_VOLTAGE");
        long job = ((Number) JsonPath.read(body, "$.job.id")).longValue();
        long photo = jdbc.sql("""
                        select p.id from outage.repair_photo p join outage.repair_report r on r.id = p.report_id
                        where r.job_id = ?""").param(job).query(Long.class).single();
        byte[] stored = mvc.perform(get("/api/v1/repairs/photos/" + photo).with(as(dispatcher)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("GPS");

        // only the crews with the skill, nearest first
        mvc.perform(get("/api/v1/repairs/jobs/" + job + "/suggestions").with(as(dispatcher)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].crew.id").value(mediumVoltage[1]))
                .andExpect(jsonPath("$[1].crew.id").value(mediumVoltage[0]));

        // changed on the job card before dispatch: audited with the former skill
        var change = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                        "/api/v1/repairs/jobs/" + job + "/skill")
                .contentType(MediaType.APPLICATION_JSON);
        mvc.perform(change.content("{\"skill\": \"LOW_VOLTAGE\"}")
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.skill").value("LOW_VOLTAGE"));
        assertThat(jdbc.sql("select details::text from identity.audit_log where action = 'repair.skill-changed'"
                                + " and object_id = ?")
                        .param(String.valueOf(job))
                        .query(String.class)
                        .single())
                .contains("MEDIUM_VOLTAGE")
                .contains("LOW_VOLTAGE");
        assertThat(repairs.suggestCrews(dispatcher, job, 5))
                .extracting(s -> s.crew().id())
                .containsExactly(lowVoltage);

        // an unknown skill: a problem in the caller's language, nothing changed or opened
        for (String[] lang : new String[][] {{"en", "Unknown skill"}, {"zh-CN", "未知的技能"}}) {
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                    "/api/v1/repairs/jobs/" + job + "/skill")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"skill\": \"HIGH_VOLTAGE\"}")
                            .header("Accept-Language", lang[0])
                            .with(as(dispatcher))
                            .with(csrf()))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.title").value(lang[1]));
            MvcResult bad = staffReport(dispatcher, call.replace("MEDIUM_VOLTAGE", "high"), lang[0]);
            assertThat(bad.getResponse().getStatus()).isEqualTo(400);
            assertThat((String) JsonPath.read(bad.getResponse().getContentAsString(), "$.title"))
                    .isEqualTo(lang[1]);
        }
        assertThat(repairs.job(dispatcher, job).orElseThrow().skill()).isEqualTo(CrewSkill.LOW_VOLTAGE);
        assertThat(jdbc.sql("select count(*) from outage.repair_report where job_id = ?")
                        .param(job)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        // another branch's dispatcher does not find the job
        Actor elsewhere = Actors.staff(
                new io.gridhall.identity.BranchId(n.grid().branch().value() + 100_000), Role.REPAIR_DISPATCHER);
        assertThatThrownBy(() -> repairs.changeSkill(elsewhere, job, CrewSkill.CABLE))
                .isInstanceOfSatisfying(
                        Problem.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(404));
        // a customer cannot choose it
        assertThatThrownBy(() -> repairs.report(
                        customer(0),
                        new Repairs.Report(
                                n.accounts()[0], null, null, minutesAgo(3), "无电", null, List.of(), CrewSkill.CABLE)))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("repair-skill-staff-only"));

        // once dispatched, the skill stays
        repairs.dispatch(dispatcher, job, lowVoltage);
        assertThatThrownBy(() -> repairs.changeSkill(dispatcher, job, CrewSkill.MEDIUM_VOLTAGE))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("repair-skill-fixed"));
    }

    @Test
    void repairProgressIsToldInTheLanguageTheCustomerChose() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                "/api/v1/portal/notification-preferences/language")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"language\": \"en\"}")
                        .with(as(customer(1)))
                        .with(csrf()))
                .andExpect(status().isOk());
        MvcResult first = portalReport(customer(0), n.accounts()[0], "r-" + UUID.randomUUID());
        long job = ((Number) JsonPath.read(first.getResponse().getContentAsString(), "$.job.id")).longValue();
        // a neighbour who reads English joins the job
        portalReport(customer(1), n.accounts()[1], "r-" + UUID.randomUUID());
        long crew = crew("语言班" + UUID.randomUUID().toString().substring(0, 4), "30.2190", "120.1100");
        repairs.dispatch(dispatcher, job, crew);
        assertThat(locale("repair.merged", n.users()[1])).isEqualTo("en");
        assertThat(locale("repair.dispatched", n.users()[1])).isEqualTo("en");
        assertThat(locale("repair.received", n.users()[0])).isEqualTo("zh-CN");
        assertThat(locale("repair.dispatched", n.users()[0])).isEqualTo("zh-CN");
        assertThat(jdbc.sql("""
                        select d.body from notification.delivery d join notification.message m on m.id = d.message_id
                        where m.template = 'repair.dispatched' and m.user_id = ?""").param(n.users()[1]).query(String.class).list())
                .isNotEmpty()
                .allSatisfy(text -> assertThat(text).startsWith("[GridHall] Repair job " + job));
    }

    String locale(String template, long userId) {
        return jdbc.sql("select locale from notification.message where template = ? and user_id = ?")
                .params(template, userId)
                .query(String.class)
                .single();
    }

    @Test
    void badReportsAreProblemsInTheCallersLanguage() throws Exception {
        mvc.perform(multipart("/api/v1/portal/repairs")
                        .file(new MockMultipartFile(
                                "report",
                                "",
                                MediaType.APPLICATION_JSON_VALUE,
                                reportJson(n.accounts()[0]).getBytes()))
                        .file(new MockMultipartFile("photos", "a.gif", "image/jpeg", "GIF89a....".getBytes()))
                        .header("Idempotency-Key", "r-" + UUID.randomUUID())
                        .header("Accept-Language", "en")
                        .with(as(customer(0)))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Photo type not supported"));
        // someone else's account is not found; a missing key is refused
        mvc.perform(multipart("/api/v1/portal/repairs")
                        .file(new MockMultipartFile(
                                "report",
                                "",
                                MediaType.APPLICATION_JSON_VALUE,
                                reportJson(n.accounts()[4]).getBytes()))
                        .header("Idempotency-Key", "r-" + UUID.randomUUID())
                        .with(as(customer(0)))
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(multipart("/api/v1/portal/repairs")
                        .file(new MockMultipartFile(
                                "report",
                                "",
                                MediaType.APPLICATION_JSON_VALUE,
                                reportJson(n.accounts()[0]).getBytes()))
                        .with(as(customer(0)))
                        .with(csrf()))
                .andExpect(status().isBadRequest());
        // staff take a call: the caller's phone is kept sealed and shown masked
        MvcResult staff = mvc.perform(post("/api/v1/repairs/reports")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"supplyAccountId": %d, "occurredAt": "%s", "description": "来电：楼道无电",
                                 "callerPhone": "13912345678"}""".formatted(n.accounts()[3], minutesAgo(3)))
                        .header("Idempotency-Key", "s-" + UUID.randomUUID())
                        .with(as(Actors.staff(n.grid().branch(), Role.SERVICE_AGENT)))
                        .with(csrf()))
                .andExpect(status().isCreated())
                .andReturn();
        long job = ((Number) JsonPath.read(staff.getResponse().getContentAsString(), "$.job.id")).longValue();
        String view = mvc.perform(get("/api/v1/repairs/jobs/" + job).with(as(dispatcher)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reporters[0].callerPhoneMasked").value("139****5678"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(view).doesNotContain("13912345678");
        byte[] sealed = jdbc.sql("select caller_phone from outage.repair_report where job_id = ?")
                .param(job)
                .query(byte[].class)
                .single();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("13912345678");
    }

    @Test
    void thirdPartyTeamsAreFoundByAreaWithContactsMaskedAndRatedAfterAReferral() throws Exception {
        String name = "富春电气安装队" + UUID.randomUUID().toString().substring(0, 4);
        MvcResult created = mvc.perform(post("/api/v1/repairs/teams")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"branchId": %d, "name": "%s", "qualifications": ["承装（修、试）电力设施许可证 四级"],
                                 "areas": ["城东街道", "富春街道"], "contactName": "王建国", "contactPhone": "13700001111"}""".formatted(n.grid().branch().value(), name))
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.contactPhone").value("137****1111"))
                .andReturn();
        long team = ((Number) JsonPath.read(created.getResponse().getContentAsString(), "$.id")).longValue();
        mvc.perform(get("/api/v1/repairs/teams")
                        .param("branch", "" + n.grid().branch().value())
                        .param("area", "城东")
                        .with(as(dispatcher)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].contactName").value(org.hamcrest.Matchers.not("王建国")));
        mvc.perform(get("/api/v1/repairs/teams")
                        .param("branch", "" + n.grid().branch().value())
                        .param("area", "新登")
                        .with(as(dispatcher)))
                .andExpect(jsonPath("$.length()").value(0));
        // a dispatcher may not unmask; a manager may, with a reason
        mvc.perform(post("/api/v1/repairs/teams/" + team + "/unmask")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"联系队伍上门抢修\"}")
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/repairs/teams/" + team + "/unmask")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"联系队伍上门抢修\"}")
                        .with(as(Actors.staff(n.grid().branch(), Role.BRANCH_MANAGER)))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.contactPhone").value("13700001111"));
        // the customer's own equipment: the job goes to the team, and the customer rates it
        MvcResult r = portalReport(customer(3), n.accounts()[3], "r-" + UUID.randomUUID());
        long job = ((Number) JsonPath.read(r.getResponse().getContentAsString(), "$.job.id")).longValue();
        mvc.perform(post("/api/v1/repairs/jobs/" + job + "/refer")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"teamId\": " + team + ", \"note\": \"户内线路故障\"}")
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REFERRED"))
                .andExpect(jsonPath("$.breached").value(false));
        mvc.perform(get("/api/v1/portal/repairs/teams").with(as(customer(3))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == " + team + ")].contactPhone").value("137****1111"));
        mvc.perform(post("/api/v1/portal/repairs/teams/" + team + "/contact")
                        .with(as(customer(3)))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.contactPhone").value("13700001111"));
        mvc.perform(post("/api/v1/portal/repairs/jobs/" + job + "/rating")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"stars\": 3}")
                        .with(as(customer(3)))
                        .with(csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/repairs/teams")
                        .param("branch", "" + n.grid().branch().value())
                        .with(as(dispatcher)))
                .andExpect(jsonPath("$[0].averageStars").value(3.0))
                .andExpect(jsonPath("$[0].ratings").value(1));
    }

    @Test
    void finishedJobsThatArrivedAfterTheCommitmentAreListedAsBreaches() throws Exception {
        grid.classifyBranch(n.grid().branch(), ServiceArea.CITY);
        long crew = crew("历史班" + UUID.randomUUID().toString().substring(0, 4), "30.2200", "120.1200");
        OffsetDateTime yesterday = minutesAgo(24 * 60);
        long late = repairs.importPastJob(new Repairs.PastJob(
                n.accounts()[0],
                "全屋无电",
                crew,
                yesterday,
                5,
                52,
                110,
                dispatcher.userId().value()));
        long onTime = repairs.importPastJob(new Repairs.PastJob(
                n.accounts()[3],
                "楼道无电",
                crew,
                yesterday,
                5,
                45,
                80,
                dispatcher.userId().value()));
        mvc.perform(get("/api/v1/repairs/breaches")
                        .param("branch", "" + n.grid().branch().value())
                        .with(as(dispatcher)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(org.hamcrest.Matchers.contains((int) late)));
        mvc.perform(get("/api/v1/repairs/jobs/" + onTime).with(as(dispatcher)))
                .andExpect(jsonPath("$.breached").value(false))
                .andExpect(jsonPath("$.steps.length()").value(6));
        // a job not yet reached past its deadline is a breach too, and leaves the list once cancelled
        jdbc.sql("update outage.repair_job set first_reported_at = first_reported_at - interval '2 hours',"
                        + " arrive_by = arrive_by - interval '2 hours' where id = ?")
                .param(((Number) JsonPath.read(
                                portalReport(customer(1), n.accounts()[1], "r-" + UUID.randomUUID())
                                        .getResponse()
                                        .getContentAsString(),
                                "$.job.id"))
                        .longValue())
                .update();
        mvc.perform(get("/api/v1/repairs/breaches")
                        .param("branch", "" + n.grid().branch().value())
                        .with(as(dispatcher)))
                .andExpect(jsonPath("$.length()").value(2));
        // another branch's dispatcher sees none of it
        mvc.perform(get("/api/v1/repairs/breaches")
                        .param("branch", "" + n.grid().branch().value())
                        .with(as(Actors.staff(
                                new io.gridhall.identity.BranchId(
                                        n.grid().branch().value() + 1_000_000),
                                Role.REPAIR_DISPATCHER))))
                .andExpect(status().isNotFound());
    }
}
