package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.shared.Problem;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Issue 7: every write, like every read, is limited to the caller's branches, and an object of another branch is
 * refused exactly like one that does not exist (same status, same problem, same row error), so an answer never tells
 * which meters exist elsewhere.
 */
@MeteringTest
class BranchIsolationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterReadings readings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    long mine;
    long theirs;
    MeterEnrolment own;
    MeterEnrolment foreign;
    /** A well-formed address no meter has. */
    String never;

    final LocalDate day = LocalDate.of(2026, 5, 4);

    @BeforeEach
    void enrol() {
        mine = aBranch();
        theirs = aBranch();
        own = aMeter(mine, 1);
        foreign = aMeter(theirs, 2);
        readings.enrol(List.of(own, foreign));
        never = String.format("%012d", aMeterId());
    }

    static RequestPostProcessor as(Actor actor) {
        return authentication(new UsernamePasswordAuthenticationToken(actor, null, List.of()));
    }

    Actor clerk() {
        return staff(mine, Role.BILLING_CLERK);
    }

    Actor manager() {
        return staff(mine, Role.BRANCH_MANAGER);
    }

    long unknownMeterId() {
        return aMeterId();
    }

    /** Both answers the same but for the request's own path: status, type, title, detail, every property. */
    void refusedAlike(MockHttpServletRequestBuilder foreignRequest, MockHttpServletRequestBuilder unknownRequest)
            throws Exception {
        MockHttpServletResponse a = mvc.perform(foreignRequest).andReturn().getResponse();
        MockHttpServletResponse b = mvc.perform(unknownRequest).andReturn().getResponse();
        assertThat(a.getStatus()).isEqualTo(404).isEqualTo(b.getStatus());
        assertThat(withoutInstance(a)).isEqualTo(withoutInstance(b));
    }

    static Map<String, Object> withoutInstance(MockHttpServletResponse response) throws Exception {
        Map<String, Object> body =
                new LinkedHashMap<>(JsonPath.read(response.getContentAsString(StandardCharsets.UTF_8), "$"));
        body.remove("instance");
        return body;
    }

    String readingsBody(String address) {
        return """
                {"intervals": [{"address": "%s", "day": "%s", "firstSlot": 1, "kwh": ["0.5"]}],
                 "registers": [{"address": "%s", "day": "%s", "total": "12.34"}]}""".formatted(address, day, address, day);
    }

    MockHttpServletResponse postReadings(String body, String mode) throws Exception {
        return mvc.perform(post("/api/v1/metering/readings")
                        .param("mode", mode)
                        .with(as(clerk()))
                        .with(csrf())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andReturn()
                .getResponse();
    }

    /** The row errors (listed as rejected rows when valid rows were stored) with the address as {@code <address>}. */
    static String rowErrors(MockHttpServletResponse response, String address) throws Exception {
        String errors = JsonPath.parse(response.getContentAsString(StandardCharsets.UTF_8))
                .read(response.getStatus() == 200 ? "$.rejected" : "$.errors")
                .toString();
        return errors.replace(address, "<address>");
    }

    @Test
    void aJsonBatchForAMeterOfAnotherBranchIsRefusedLikeOneForAMeterNeverEnrolled() throws Exception {
        MockHttpServletResponse toForeign = postReadings(readingsBody(foreign.address()), "all-or-nothing");
        MockHttpServletResponse toNever = postReadings(readingsBody(never), "all-or-nothing");

        assertThat(toForeign.getStatus()).isEqualTo(400).isEqualTo(toNever.getStatus());
        assertThat(rowErrors(toForeign, foreign.address()))
                .isEqualTo(rowErrors(toNever, never))
                .contains("unknown-meter")
                .contains("No meter is enrolled with address <address>");
        assertThat(readings.intervals(foreign.meterId(), Channel.FORWARD_ACTIVE, day))
                .isEmpty();
        assertThat(readings.registers(foreign.meterId(), day, day)).isEmpty();
    }

    @Test
    void validRowsModeStoresTheOwnMeterAndListsTheForeignOneAsUnknown() throws Exception {
        String body = """
                {"intervals": [{"address": "%s", "day": "%s", "kwh": ["0.5"]},
                               {"address": "%s", "day": "%s", "kwh": ["0.5"]}]}""".formatted(own.address(), day, foreign.address(), day);

        MockHttpServletResponse response = postReadings(body, "valid-rows");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(rowErrors(response, foreign.address())).contains("unknown-meter");
        assertThat(readings.intervals(own.meterId(), Channel.FORWARD_ACTIVE, day))
                .isPresent();
        assertThat(readings.intervals(foreign.meterId(), Channel.FORWARD_ACTIVE, day))
                .isEmpty();
    }

    MockHttpServletResponse importCsv(Actor actor, String csv, String mode) throws Exception {
        return mvc.perform(multipart("/api/v1/metering/imports")
                        .file(new MockMultipartFile("file", "r.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                        .param("kind", "registers")
                        .param("mode", mode)
                        .header("Accept-Language", "en")
                        .with(as(actor))
                        .with(csrf()))
                .andReturn()
                .getResponse();
    }

    @Test
    void aCsvImportForAMeterOfAnotherBranchIsRefusedLikeOneForAMeterNeverEnrolled() throws Exception {
        MockHttpServletResponse toForeign = importCsv(
                clerk(), "address,day,total\n%s,%s,1.00\n".formatted(foreign.address(), day), "all-or-nothing");
        MockHttpServletResponse toNever =
                importCsv(clerk(), "address,day,total\n%s,%s,1.00\n".formatted(never, day), "all-or-nothing");

        assertThat(toForeign.getStatus()).isEqualTo(400).isEqualTo(toNever.getStatus());
        assertThat(rowErrors(toForeign, foreign.address()))
                .isEqualTo(rowErrors(toNever, never))
                .contains("unknown-meter");
        assertThat(readings.registers(foreign.meterId(), day, day)).isEmpty();
    }

    @Test
    void aFileWithMetersOfTwoBranchesIsADeliveryOfItsOwnForEachBranch() throws Exception {
        String csv =
                "address,day,total\n%s,%s,1.00\n%s,%s,2.00\n".formatted(own.address(), day, foreign.address(), day);

        MockHttpServletResponse first = importCsv(clerk(), csv, "valid-rows");
        MockHttpServletResponse second = importCsv(staff(theirs, Role.BILLING_CLERK), csv, "valid-rows");
        MockHttpServletResponse again = importCsv(clerk(), csv, "valid-rows");

        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(second.getStatus())
                .as("not a reuse of the first branch's key")
                .isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(second.getContentAsString(), "$.replayed"))
                .isFalse();
        assertThat(JsonPath.<Boolean>read(again.getContentAsString(), "$.replayed"))
                .as("the same file in the same branch is stored once")
                .isTrue();
        assertThat(readings.registers(own.meterId(), day, day).getFirst().total())
                .isEqualTo(100);
        assertThat(readings.registers(foreign.meterId(), day, day).getFirst().total())
                .isEqualTo(200);
    }

    MockHttpServletResponse postReadings(Actor actor, String key, String body) throws Exception {
        return mvc.perform(post("/api/v1/metering/readings")
                        .with(as(actor))
                        .with(csrf())
                        .header("Idempotency-Key", key)
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andReturn()
                .getResponse();
    }

    @Test
    void anIdempotencyKeyUsedInAnotherBranchIsNeverSeen() throws Exception {
        String key = "k-" + UUID.randomUUID();
        assertThat(postReadings(staff(theirs, Role.BILLING_CLERK), key, readingsBody(foreign.address()))
                        .getStatus())
                .isEqualTo(200);

        MockHttpServletResponse mineWithTheSameKey = postReadings(clerk(), key, readingsBody(own.address()));
        assertThat(mineWithTheSameKey.getStatus())
                .as("another branch's key is unknown here, not reused")
                .isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(mineWithTheSameKey.getContentAsString(), "$.replayed"))
                .isFalse();

        String otherContent = readingsBody(own.address()).replace("12.34", "99.99");
        MockHttpServletResponse reused = postReadings(clerk(), key, otherContent);
        assertThat(reused.getStatus()).as("reused within the branch").isEqualTo(409);
        assertThat(reused.getContentAsString(StandardCharsets.UTF_8)).contains(key);
    }

    @Test
    void theFacadeRefusesADeliveryByStaffForAMeterOfAnotherBranch() {
        ReadingDelivery delivery = new ReadingDelivery(
                UUID.randomUUID().toString(),
                ReadingSource.API,
                List.of(fullDay(own.meterId(), day, 10), fullDay(foreign.meterId(), day, 10)),
                List.of());

        assertThatThrownBy(() -> readings.store(delivery, clerk(), null, 0))
                .isInstanceOfSatisfying(Problem.class, p -> {
                    assertThat(p.getStatusCode().value()).isEqualTo(404);
                    assertThat(p.code()).isEqualTo("not-found");
                });
        assertThat(readings.intervals(own.meterId(), Channel.FORWARD_ACTIVE, day))
                .as("nothing half-stored")
                .isEmpty();
    }

    MockHttpServletRequestBuilder edit(long meterId) {
        return post("/api/v1/metering/meters/{id}/intervals/{day}/edits", meterId, day)
                .with(as(clerk()))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"slot\": 3, \"kwh\": 0.25, \"reason\": \"meter swapped\"}");
    }

    @Test
    void anEditOfAForeignMetersValueIsRefusedLikeOneOfAMeterThatDoesNotExist() throws Exception {
        refusedAlike(edit(foreign.meterId()), edit(unknownMeterId()));
        assertThat(readings.intervals(foreign.meterId(), Channel.FORWARD_ACTIVE, day))
                .isEmpty();
    }

    MockHttpServletRequestBuilder resolve(long exceptionId) {
        return post("/api/v1/metering/exceptions/{id}/resolve", exceptionId)
                .with(as(clerk()))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"resolution\": \"checked on site\"}");
    }

    @Test
    void resolvingAnExceptionOfAnotherBranchIsRefusedLikeResolvingOneThatDoesNotExist() throws Exception {
        long id = jdbc.sql("""
                insert into metering.reading_exception (meter_id, day, type, found_at)
                values (:m, :d, 'GAP', :at) returning id""")
                .param("m", foreign.meterId())
                .param("d", day)
                .param("at", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        long unknown = id + 1_000_000;

        refusedAlike(resolve(id), resolve(unknown));
        assertThat(jdbc.sql("select status from metering.reading_exception where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("OPEN");
    }

    MockHttpServletRequestBuilder command(long meterId) {
        return post("/api/v1/metering/meters/{id}/commands", meterId)
                .with(as(manager()))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                        "{\"intentId\": \"i-%s\", \"action\": \"TRIP\", \"validUntil\": \"%s\", \"reason\": \"arrears\"}"
                                .formatted(UUID.randomUUID(), clock.instant().plusSeconds(600)));
    }

    @Test
    void aCommandToAMeterOfAnotherBranchIsRefusedLikeOneToAMeterThatDoesNotExist() throws Exception {
        refusedAlike(command(foreign.meterId()), command(unknownMeterId()));
        assertThat(jdbc.sql("select count(*) from metering.meter_command where meter_id = :m")
                        .param("m", foreign.meterId())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    MockHttpServletResponse command(Actor actor, long meterId, String intent, String action) throws Exception {
        return mvc.perform(post("/api/v1/metering/meters/{id}/commands", meterId)
                        .with(as(actor))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"intentId\": \"%s\", \"action\": \"%s\", \"validUntil\": \"%s\", \"reason\": \"arrears\"}"
                                        .formatted(
                                                intent, action, clock.instant().plusSeconds(600))))
                .andReturn()
                .getResponse();
    }

    /** Issue 7: intent ids were global, so another branch's 409 intent-reused told that an id existed. */
    @Test
    void anIntentIdUsedInAnotherBranchIsNeverSeen() throws Exception {
        String intent = "i-" + UUID.randomUUID();
        MockHttpServletResponse theirFirst =
                command(staff(theirs, Role.BRANCH_MANAGER), foreign.meterId(), intent, "TRIP");
        assertThat(theirFirst.getStatus()).isEqualTo(202);
        String theirCommand = JsonPath.read(theirFirst.getContentAsString(), "$.commandId");

        MockHttpServletResponse myFirst = command(manager(), own.meterId(), intent, "ALARM_ON");
        assertThat(myFirst.getStatus())
                .as("another branch's intent id is unknown here, not reused")
                .isEqualTo(202);
        String myCommand = JsonPath.read(myFirst.getContentAsString(), "$.commandId");
        assertThat(myCommand).isNotEqualTo(theirCommand);

        MockHttpServletResponse again = command(manager(), own.meterId(), intent, "ALARM_ON");
        assertThat(again.getStatus())
                .as("the same intent in the same scope is the same command")
                .isEqualTo(202);
        assertThat(JsonPath.<String>read(again.getContentAsString(), "$.commandId"))
                .isEqualTo(myCommand);

        MockHttpServletResponse reused = command(manager(), own.meterId(), intent, "TRIP");
        assertThat(reused.getStatus()).as("reused within the branch scope").isEqualTo(409);

        assertThat(command(staff(theirs, Role.BRANCH_MANAGER), foreign.meterId(), intent, "TRIP")
                        .getContentAsString())
                .as("their repeat still finds their own command")
                .contains(theirCommand);
        assertThat(jdbc.sql("select count(*) from metering.meter_command where intent_id = :i")
                        .param("i", intent)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void readingAForeignMeterNowIsRefusedLikeReadingOneThatDoesNotExist() throws Exception {
        refusedAlike(
                post("/api/v1/metering/meters/{id}/read", foreign.meterId())
                        .with(as(manager()))
                        .with(csrf()),
                post("/api/v1/metering/meters/{id}/read", unknownMeterId())
                        .with(as(manager()))
                        .with(csrf()));
    }

    @Test
    void everyReadOfAForeignMeterIsRefusedLikeAReadOfOneThatDoesNotExist() throws Exception {
        long unknown = unknownMeterId();
        for (String path : List.of(
                "/api/v1/metering/meters/{id}/intervals?day=" + day,
                "/api/v1/metering/meters/{id}/registers?from=" + day + "&to=" + day,
                "/api/v1/metering/meters/{id}/frames",
                "/api/v1/metering/meters/{id}/commands")) {
            refusedAlike(
                    get(path, foreign.meterId()).with(as(clerk())),
                    get(path, unknown).with(as(clerk())));
        }
    }
}
