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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Issue 7: a readings body with multi-megabyte digit strings kept a core busy for minutes. Every number and string is
 * bounded before it is parsed, bodies are capped, row errors echo at most a few dozen characters, and days are
 * bounded to a sane window.
 */
@MeteringTest
class ReadingInputLimitsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterReadings readings;

    @Autowired
    java.time.Clock clock;

    MeterEnrolment meter;
    Actor clerk;

    @BeforeEach
    void enrol() {
        long branch = aBranch();
        meter = aMeter(branch, 1);
        readings.enrol(List.of(meter));
        clerk = staff(branch, Role.BILLING_CLERK);
    }

    RequestPostProcessor signedIn() {
        return authentication(new UsernamePasswordAuthenticationToken(clerk, null, List.of()));
    }

    ResultActions postJson(String body) throws Exception {
        return mvc.perform(post("/api/v1/metering/readings")
                .with(signedIn())
                .with(csrf())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Accept-Language", "en")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    ResultActions importCsv(String kind, String csv) throws Exception {
        return mvc.perform(multipart("/api/v1/metering/imports")
                .file(new MockMultipartFile("file", "r.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                .param("kind", kind)
                .header("Accept-Language", "en")
                .with(signedIn())
                .with(csrf()));
    }

    static String digits(int n) {
        return "9".repeat(n);
    }

    @Test
    void aMultiMegabyteDigitStringInJsonIsRefusedByTheParserLimitsAtOnce() throws Exception {
        Instant start = Instant.now();
        postJson("""
                        {"registers": [{"address": "%s", "day": "2026-04-01", "total": "%s"}]}""".formatted(meter.address(), digits(5_000_000)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("value-too-long"));
        postJson("""
                        {"intervals": [{"address": "%s", "day": "2026-04-01", "kwh": ["%s"]}]}""".formatted(meter.address(), digits(5_000_000)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("value-too-long"));
        // loosely: parsing one such string took minutes before the bounds
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aLongNumberWithinTheParserLimitsIsAFieldErrorBeforeItIsParsed() throws Exception {
        postJson("""
                        {"registers": [{"address": "%s", "day": "2026-04-01", "total": "%s"}]}""".formatted(meter.address(), digits(90_000)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-input"))
                .andExpect(jsonPath("$.errors[0].field").value("registers[0].total"));
    }

    @Test
    void aJsonNumberLongerThanTheParserAllowsIsRefused() throws Exception {
        // 100 digits: within Jackson's default of 1000, beyond the configured 64
        postJson("""
                        {"intervals": [{"address": "%s", "day": "2026-04-01", "firstSlot": %s, "kwh": ["1"]}]}""".formatted(meter.address(), digits(100)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("value-too-long"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413BeforeItIsRead() throws Exception {
        byte[] body = new byte[21 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        mvc.perform(post("/api/v1/metering/readings")
                        .with(signedIn())
                        .with(csrf())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.code").value("body-too-large"))
                .andExpect(jsonPath("$.detail").value("A request body may not exceed 20 MB."));
    }

    @Test
    void aCsvNumberOfMegabytesIsARowErrorThatEchoesItsBeginningOnly() throws Exception {
        Instant start = Instant.now();
        String huge = digits(3_000_000);
        importCsv("registers", "address,day,total\n%s,2026-04-01,%s\n".formatted(meter.address(), huge))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("readings-rejected"))
                .andExpect(jsonPath("$.errors[0].row").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("total"))
                .andExpect(jsonPath("$.errors[0].code").value("too-long"))
                .andExpect(jsonPath("$.errors[0].message").value("Longer than 32 characters: " + digits(40) + "…"));
        importCsv("intervals", "address,day,slot,kwh\n%s,2026-04-01,1,%s\n".formatted(meter.address(), huge))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("kwh"))
                .andExpect(jsonPath("$.errors[0].code").value("too-long"));
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void everyEchoedValueIsCutShort() throws Exception {
        String address = "x".repeat(500);
        importCsv(
                        "registers",
                        "address,day,total\n%s,%s,1\n%s,2026-04-01,%s\n"
                                .formatted(address, "y".repeat(60), meter.address(), "1e" + digits(20)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("Longer than 64 characters: " + "x".repeat(40) + "…"))
                .andExpect(
                        jsonPath("$.errors[1].message").value("A day is written yyyy-MM-dd: " + "y".repeat(40) + "…"))
                .andExpect(jsonPath("$.errors[2].code").value("bad-number"));
    }

    @Test
    void registerDaysBeforeTheYear2000AreRefusedWithAClearMessage() throws Exception {
        postJson("""
                        {"registers": [{"address": "%s", "day": "0001-01-01", "total": "1"},
                                       {"address": "%s", "day": "1999-12-31", "total": "1"},
                                       {"address": "%s", "day": "2000-01-01", "total": "1"}]}""".formatted(meter.address(), meter.address(), meter.address()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].code").value("early-day"))
                .andExpect(jsonPath("$.errors[0].message").value("The day is before 2000-01-01: 0001-01-01"))
                .andExpect(jsonPath("$.errors[1].row").value(2));
        assertThat(readings.registers(meter.meterId(), LocalDate.of(1, 1, 1), LocalDate.of(2000, 1, 1)))
                .isEmpty();
    }

    @Test
    void anExponentIsNotANumberHere() throws Exception {
        Instant start = Instant.now();
        postJson("""
                        {"registers": [{"address": "%s", "day": "2026-04-01", "total": "1e999999999"}],
                         "intervals": [{"address": "%s", "day": "2026-04-01", "kwh": ["1E+99999999"]}]}""".formatted(meter.address(), meter.address()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].code").value("bad-number"))
                .andExpect(jsonPath("$.errors[1].code").value("bad-number"));
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void editsAndValidationRunsAreForDaysInTheWindowOnly() throws Exception {
        mvc.perform(post("/api/v1/metering/meters/{id}/intervals/{day}/edits", meter.meterId(), "0001-01-01")
                        .with(signedIn())
                        .with(csrf())
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slot\": 1, \"kwh\": 0.5, \"reason\": \"typo\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bad-reading-day"))
                .andExpect(jsonPath("$.detail")
                        .value("The day 0001-01-01 is not between 2000-01-01 and "
                                + LocalDate.now(clock).plusDays(1) + "."));
        Actor everywhere = new Actor(
                clerk.userId(),
                Actor.Kind.STAFF,
                "Staff",
                java.util.Set.of(Role.BILLING_CLERK, Role.ADMINISTRATOR),
                clerk.branches());
        mvc.perform(post("/api/v1/metering/vee-runs")
                        .param("day", "0001-01-01")
                        .with(authentication(new UsernamePasswordAuthenticationToken(everywhere, null, List.of())))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bad-reading-day"));
    }

    @Test
    void aNulCharacterInAReadingsFieldIsABadRequestNamingTheField() throws Exception {
        postJson("""
                        {"registers": [{"address": "%s", "day": "2026-04-01", "total": "1", "meterTime": "a\\u0000b"}]}""".formatted(meter.address()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-input"))
                .andExpect(jsonPath("$.errors[0].field").value("registers[0].meterTime"))
                .andExpect(jsonPath("$.errors[0].message").value("May not contain the NUL character (U+0000)"));
    }

    @Test
    void aNulCharacterInTheAddressOrAFileNameIsABadRequest() throws Exception {
        mvc.perform(post(java.net.URI.create("/api/v1/metering/readings?mode=a%00b"))
                        .with(signedIn())
                        .with(csrf())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("nul-character"));
        mvc.perform(multipart("/api/v1/metering/imports")
                        .file(new MockMultipartFile(
                                "file", "r\0.csv", "text/csv", "address,day,total\n".getBytes(StandardCharsets.UTF_8)))
                        .with(signedIn())
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("nul-character"));
    }
}
