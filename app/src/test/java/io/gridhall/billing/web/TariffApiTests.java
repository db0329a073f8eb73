package io.gridhall.billing.web;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.billing.internal.rating.TariffSchedule;
import io.gridhall.identity.Actor;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.ResultActions;

/** The tariff catalogue's API: listing, maker-checker drafts, quotes; problems in Chinese and English. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class TariffApiTests extends MakerCheckerApiFixture {

    TariffApiTests() {
        super(424_242);
    }

    ResultActions postJson(String path, Actor actor, String body) throws Exception {
        return postJson(path, actor, body, Locale.SIMPLIFIED_CHINESE);
    }

    /** The first day a new version of {@code tariff} may start: after today and after its latest version. */
    LocalDate nextStart(String tariff) {
        LocalDate last =
                tariffs.tariff(tariff).orElseThrow().versions().getLast().effectiveFrom();
        LocalDate today = LocalDate.now(clock);
        return (last.isAfter(today) ? last : today).plusDays(1);
    }

    @Test
    void findsTheRegionsTariffForEachDemoCategory() {
        for (String category : List.of("RESIDENTIAL_TIERED", "COMMERCIAL", "AGRICULTURAL", "LARGE_INDUSTRIAL_TWO_PART"))
            assertThat(tariffs.schedule(category, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)))
                    .as(category)
                    .get()
                    .extracting(TariffSchedule::tariffId)
                    .asString()
                    .startsWith("CN-ZJ-");
        assertThat(tariffs.schedule("STREET_LIGHTING", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)))
                .isEmpty();
        assertThat(tariffs.schedule("RESIDENTIAL_TIERED", LocalDate.of(2001, 1, 1), LocalDate.of(2001, 1, 31)))
                .isEmpty();
    }

    @Test
    void listsTheRegionsTariffsWithTheirVersionsForBillingStaffOnly() throws Exception {
        mvc.perform(get("/api/v1/billing/tariffs").with(as(maker)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].region", Matchers.everyItem(Matchers.is("CN-ZJ"))))
                .andExpect(jsonPath("$[?(@.id == 'CN-ZJ-RES-TIERED')].versions[0].status")
                        .value("PACK"))
                .andExpect(jsonPath("$[?(@.id == 'CN-ZJ-RES-TIERED')].versions[0].definition.energy.price")
                        .value("0.538"));
        mvc.perform(get("/api/v1/billing/tariffs/CN-ZJ-LI-10KV").with(as(maker)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.category").value("LARGE_INDUSTRIAL_TWO_PART"))
                .andExpect(jsonPath("$.versions[0].definition.basic.basis").value("DEMAND"));
        mvc.perform(get("/api/v1/billing/tariffs").with(as(counter))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/billing/tariffs/CN-BJ-RES-TIERED").with(as(maker)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("电价")));
    }

    @Test
    void givesTheWritesThatProgramAMeterWithTheTimeOfUseCalendar() throws Exception {
        String url = "/api/v1/billing/tariffs/{id}/versions/1/meter-program";
        mvc.perform(get(url, "CN-ZJ-RES-TOU")
                        .param("year", "2026")
                        .param("activeFrom", "2026-01-01T00:00")
                        .with(as(maker)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.schedule").value("CN-ZJ-RES-TOU"))
                .andExpect(jsonPath("$.registers.T2").value("PEAK"))
                .andExpect(jsonPath("$.registers.T4").value("VALLEY"))
                .andExpect(jsonPath("$.writes.length()").value(50))
                .andExpect(jsonPath("$.writes[0].dataIdentifier").value("04000201"))
                .andExpect(jsonPath("$.writes[0].value").value("01"))
                .andExpect(jsonPath("$.writes[6].dataIdentifier").value("04020001"))
                .andExpect(jsonPath("$.writes[6].value").value("04 00 00 02 00 08 04 00 22"))
                .andExpect(jsonPath("$.writes[49].dataIdentifier").value("04000107"));
        // no calendar for 2027 yet; a tariff without a schedule; a year a meter cannot hold; staff without BILLING
        mvc.perform(get(url, "CN-ZJ-RES-TOU")
                        .param("year", "2027")
                        .param("activeFrom", "2027-01-01T00:00")
                        .with(as(maker)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("the holiday calendar has no 2027 (add the year to the pack)"));
        mvc.perform(get(url, "CN-ZJ-RES-TIERED")
                        .param("year", "2026")
                        .param("activeFrom", "2026-01-01T00:00")
                        .with(as(maker)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("CN-ZJ-RES-TIERED")));
        mvc.perform(get(url, "CN-ZJ-RES-TOU")
                        .param("year", "1999")
                        .param("activeFrom", "2026-01-01T00:00")
                        .with(as(maker)))
                .andExpect(status().isBadRequest());
        mvc.perform(get(url, "CN-ZJ-RES-TOU")
                        .param("year", "2026")
                        .param("activeFrom", "2026-01-01T00:00")
                        .with(as(counter)))
                .andExpect(status().isForbidden());
    }

    @Test
    void aDraftNeedsAnotherPersonsApprovalAndThenBillsFromItsDay() throws Exception {
        String tariff = "CN-ZJ-AGRICULTURAL";
        LocalDate from = nextStart(tariff);
        String body = """
                {"effectiveFrom": "%s", "source": "test 2026", "energy": {"price": "0.4600"}, "vatPercent": 9}""".formatted(from);
        String created = postJson("/api/v1/billing/tariffs/" + tariff + "/versions", maker, body)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("DRAFT"))
                // who signed it stands beside the version's own fields, as the console reads it
                .andExpect(jsonPath("$.draftedBy").value(maker.displayName()))
                .andExpect(jsonPath("$.draftedAt").isNotEmpty())
                .andExpect(jsonPath("$.draftedByYou").value(true))
                .andExpect(jsonPath("$.draftedById").doesNotExist())
                .andExpect(jsonPath("$.signOff").doesNotExist())
                .andExpect(jsonPath("$.definition.energy.price").value("0.4600"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        int version = JsonPath.read(created, "$.version");
        // a second draft while one is open
        postJson("/api/v1/billing/tariffs/" + tariff + "/versions", checker, body)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("tariff-draft-open"));
        // not billed on before approval
        assertThat(tariffs.schedule("AGRICULTURAL", from, from)
                        .orElseThrow()
                        .versions()
                        .getLast()
                        .version())
                .isLessThan(version);
        // the console knows whose draft it is for the caller (#10: the maker's approve button is disabled), without ids
        String listed = "$.versions[?(@.version == " + "%d)]";
        mvc.perform(get("/api/v1/billing/tariffs/" + tariff).with(as(maker)))
                .andExpect(jsonPath(listed.formatted(version) + ".draftedByYou").value(true))
                .andExpect(jsonPath("$.versions[0].status").value("PACK"))
                .andExpect(jsonPath("$.versions[0].draftedByYou").value(false));
        mvc.perform(get("/api/v1/billing/tariffs").with(as(checker)))
                .andExpect(jsonPath(
                                "$[?(@.id == '" + tariff + "')].versions[?(@.version == " + version + ")].draftedByYou")
                        .value(false));
        // the maker cannot approve: the server still refuses
        String approval = "/api/v1/billing/tariffs/" + tariff + "/versions/" + version + "/approval";
        postJson(approval, maker, "{\"decision\": \"APPROVE\"}", Locale.ENGLISH)
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("tariff-maker-checker"))
                .andExpect(jsonPath("$.title").value("You cannot approve your own draft"));
        postJson(approval, checker, "{\"decision\": \"APPROVE\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPROVED"))
                .andExpect(jsonPath("$.draftedBy").value(maker.displayName()))
                .andExpect(jsonPath("$.approvedBy").value(checker.displayName()))
                .andExpect(jsonPath("$.approvedAt").isNotEmpty())
                .andExpect(jsonPath("$.draftedByYou").value(false));
        postJson(approval, checker, "{\"decision\": \"APPROVE\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("tariff-version-decided"));
        TariffSchedule schedule =
                tariffs.schedule("AGRICULTURAL", from.minusDays(1), from).orElseThrow();
        assertThat(schedule.versions()).extracting(v -> v.version()).endsWith(version - 1, version);
        assertThat(schedule.versions().get(schedule.versions().size() - 2).effectiveTo())
                .isEqualTo(from.minusDays(1));
        // the database refuses any change of an approved version
        assertThatThrownBy(() -> jdbc.sql("update billing.tariff_version set definition = '{}'::jsonb"
                                + " where tariff_id = :id and version = :v")
                        .param("id", tariff)
                        .param("v", version)
                        .update())
                .hasMessageContaining("cannot change");
        await().untilAsserted(() -> assertThat(jdbc.sql("select action from identity.audit_log where object_id = :o")
                        .param("o", tariff + "/" + version)
                        .query(String.class)
                        .list())
                .contains("billing.tariff.draft", "billing.tariff.approve"));
    }

    @Test
    void rejectsADraftWithAReasonAndRefusesOnesThatStartTooEarlyOrDoNotValidate() throws Exception {
        String tariff = "CN-ZJ-COMMERCIAL";
        String path = "/api/v1/billing/tariffs/" + tariff + "/versions";
        postJson(path, maker, """
                        {"effectiveFrom": "%s", "source": "x", "energy": {"price": "0.6"}}""".formatted(LocalDate.now(clock)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("tariff-effective-from"));
        postJson(path, maker, """
                        {"effectiveFrom": "%s", "energy": {"price": "0.1234567"}, "colour": 1}""".formatted(nextStart(tariff)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("tariff-invalid"))
                .andExpect(jsonPath("$.title").value("电价版本无效"))
                .andExpect(jsonPath("$.errors[0].field").value("version.colour"))
                // each entry has a stable code for a program to act on (#10), beside the words for a person
                .andExpect(jsonPath("$.errors[0].code").value("UNKNOWN_KEY"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.startsWith("未知的键（允许的键：basic, ")))
                .andExpect(jsonPath("$.errors[1].field").value("version.source"))
                .andExpect(jsonPath("$.errors[1].code").value("MISSING"))
                .andExpect(jsonPath("$.errors[1].message").value("缺少此项"))
                .andExpect(jsonPath("$.errors[2].field").value("version.energy.price"))
                .andExpect(jsonPath("$.errors[2].code").value("TOO_MANY_DECIMALS"))
                .andExpect(jsonPath("$.errors[2].message").value("小数不能超过 6 位"))
                .andExpect(jsonPath("$.errors.length()").value(3));
        // the same draft in English (Accept-Language: en), the fields unchanged
        postJson(path, maker, """
                        {"effectiveFrom": "%s", "energy": {"price": "0.1234567"}, "colour": 1}""".formatted(nextStart(tariff)), Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Invalid tariff version"))
                .andExpect(jsonPath("$.errors[0].field").value("version.colour"))
                .andExpect(jsonPath("$.errors[0].code").value("UNKNOWN_KEY"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.startsWith("unknown key (allowed: basic, ")))
                .andExpect(jsonPath("$.errors[1].message").value("missing"))
                .andExpect(jsonPath("$.errors[2].message").value("has more than six decimals"));
        // a version that is not an object at all: the same shape, in the caller's language
        postJson(path, maker, "[1]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("version"))
                .andExpect(jsonPath("$.errors[0].code").value("NOT_A_MAPPING"))
                .andExpect(jsonPath("$.errors[0].message").value("应为键值映射（JSON 对象或 YAML 映射）"));
        // periods, ranges and counts are named in words with their values
        postJson(path, maker, """
                        {"effectiveFrom": "%s", "source": "x", "energy": {"periods": {"PEAK": "0.6", "NOON": "0.5"}},
                         "vatPercent": 100}""".formatted(nextStart(tariff)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'version.energy.periods.NOON')].message")
                        .value("应为分时时段 SHARP（尖峰）、PEAK（高峰）、FLAT（平段）、VALLEY（低谷）或 DEEP_VALLEY（深谷）"))
                .andExpect(jsonPath("$.errors[?(@.field == 'version.energy.remainder')].message")
                        .value("其余电量计入的时段平段（FLAT）没有电价"))
                .andExpect(jsonPath("$.errors[?(@.field == 'version.vatPercent')].message")
                        .value("增值税税率（%）应不小于 0 且小于 100"));
        postJson(path, counter, "{}").andExpect(status().isForbidden());
        postJson("/api/v1/billing/tariffs/NO-SUCH/versions", maker, "{}").andExpect(status().isNotFound());
        String created = postJson(path, maker, """
                        {"effectiveFrom": "%s", "source": "x", "energy": {"price": "0.6"}}""".formatted(nextStart(tariff)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        int version = JsonPath.read(created, "$.version");
        String approval = path + "/" + version + "/approval";
        postJson(approval, checker, "{\"decision\": \"REJECT\", \"reason\": \"x\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("tariff-reject-reason"));
        postJson(approval, maker, "{\"decision\": \"REJECT\", \"reason\": \"价格录错了\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REJECTED"));
        postJson(approval, checker, "{\"decision\": \"APPROVE\"}").andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/billing/tariffs/" + tariff).with(as(maker)))
                .andExpect(jsonPath("$.versions[*].status", Matchers.not(Matchers.hasItem("DRAFT"))));
    }

    @Test
    void aDraftThatIsNotJsonIsRefusedInTheCallersLanguageWithWhereReadingStopped() throws Exception {
        // #10: once the parser's English text; now the line and column in words of the caller's language
        String path = "/api/v1/billing/tariffs/CN-ZJ-COMMERCIAL/versions";
        String broken = "{\"source\": \"x\",\n \"energy\": {\"price\": 0.6,}}";
        postJson(path, maker, broken)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unreadable-body"))
                .andExpect(jsonPath("$.title").value("请求内容无法读取"))
                .andExpect(jsonPath("$.detail").value("第 2 行第 26 列处不是有效的 JSON。"))
                .andExpect(jsonPath("$.line").value(2))
                .andExpect(jsonPath("$.column").value(26));
        postJson(path, maker, broken, Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unreadable-body"))
                .andExpect(jsonPath("$.detail").value("Not valid JSON at line 2, column 26."))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Unexpected"))));
        // no body at all: Spring's problem, its words from the bundle
        mvc.perform(post(path).with(as(maker)).with(csrf()).contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("请求内容无法读取"))
                .andExpect(jsonPath("$.detail").value("缺少请求内容，或无法读取。"));
        // the catalogue's own reader says where it stopped too, never in the parser's words
        assertThatThrownBy(() -> tariffs.read("CN-ZJ-COMMERCIAL", 9, "{\"source\": \"x\",\n \"energy\": ]"))
                .isInstanceOfSatisfying(
                        io.gridhall.billing.internal.rating.TariffPackException.class,
                        e -> assertThat(e.problems()).singleElement().hasToString("version: UNREADABLE [2, 12]"));
    }

    @Test
    void quotesACatalogueTariffFromQuantitiesWithExplainedLines() throws Exception {
        postJson("/api/v1/billing/quotes", maker, """
                        {"tariffId": "CN-ZJ-RES-TOU", "from": "2026-11-01", "to": "2026-11-30",
                         "quantities": {"periods": {"PEAK": 200, "VALLEY": 100}},
                         "account": {"tierUsedBefore": 2700, "tierYearStart": "2026-01-01"}}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(154.40))
                .andExpect(jsonPath("$.energy").value(300))
                .andExpect(jsonPath("$.tierUsedAfter").value(3000))
                .andExpect(jsonPath("$.lines[*].code")
                        .value(Matchers.contains("TOU_PEAK", "TOU_VALLEY", "TIER_INCREMENT_2")))
                .andExpect(jsonPath("$.lines[1].explanation.formula")
                        .value(Matchers.endsWith("100 kWh × 0.288000 = 28.80")))
                .andExpect(jsonPath("$.lines[1].explanation.tariffId").value("CN-ZJ-RES-TOU"));
    }

    @Test
    void quotesAnInlineTariffFromRegisterReadsOfAReplacedMeter() throws Exception {
        postJson("/api/v1/billing/quotes", maker, """
                        {"tariffId": "MY-TEST", "from": "2026-07-01", "to": "2026-07-31",
                         "tariff": {"effectiveFrom": "2026-01-01", "source": "what-if",
                                    "energy": {"price": "0.5"},
                                    "tiers": {"cycle": "MONTHLY", "thresholds": [200], "increments": ["0.1"]}},
                         "meters": [
                           {"meterId": 1, "multiplier": 1, "start": {"day": "2026-06-30", "total": 1000},
                            "end": {"day": "2026-07-10", "total": 1100, "quality": "ESTIMATED"}},
                           {"meterId": 2, "multiplier": 2, "start": {"day": "2026-07-10", "total": 0},
                            "end": {"day": "2026-07-31", "total": 100}}]}""")
                .andExpect(status().isOk())
                // 100 kWh + 100 × 2 = 300 kWh: 200 at 0.5, 100 at 0.6
                .andExpect(jsonPath("$.total").value(160.00))
                .andExpect(jsonPath("$.estimated").value(true))
                .andExpect(jsonPath("$.lines[0].explanation.sources.length()").value(4))
                .andExpect(jsonPath("$.lines[0].explanation.sources[1].quality").value("ESTIMATED"));
    }

    @Test
    void refusesUsageItCannotRate() throws Exception {
        postJson("/api/v1/billing/quotes", maker, """
                        {"tariffId": "CN-ZJ-RES-TIERED", "from": "2026-07-01", "to": "2026-07-31",
                         "quantities": {"total": 1}, "meters": [
                           {"meterId": 1, "multiplier": 1, "start": {"day": "2026-06-30", "total": 1},
                            "end": {"day": "2026-07-31", "total": 2}}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("quote-usage"));
        postJson("/api/v1/billing/quotes", maker, """
                        {"tariffId": "CN-ZJ-RES-TIERED", "from": "2026-07-01", "to": "2026-07-31",
                         "meters": [{"meterId": 1, "multiplier": 1, "start": {"day": "2026-06-30", "total": 10},
                                     "end": {"day": "2026-07-31", "total": 2}}]}""", Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("quote-unratable"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("went backwards")));
        postJson("/api/v1/billing/quotes", maker, """
                        {"tariffId": "CN-ZJ-LI-10KV", "from": "2026-07-01", "to": "2026-07-31",
                         "quantities": {"total": 1000.001}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("quote-usage"));
        // an inline tariff that does not validate: its problems in the caller's language
        postJson("/api/v1/billing/quotes", maker, """
                        {"tariff": {"effectiveFrom": "2026-01-01", "source": "x", "energy": {"price": "-0.5"}},
                         "from": "2026-07-01", "to": "2026-07-31", "quantities": {"total": 1}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("tariff-invalid"))
                .andExpect(jsonPath("$.errors[0].field").value("version.energy.price"))
                .andExpect(jsonPath("$.errors[0].message").value("不能为负数"));
        postJson("/api/v1/billing/quotes", maker, """
                        {"tariff": {"effectiveFrom": "2026-01-01", "source": "x", "energy": {"price": "-0.5"}},
                         "from": "2026-07-01", "to": "2026-07-31", "quantities": {"total": 1}}""", Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("cannot be negative"));
        postJson("/api/v1/billing/quotes", maker, """
                        {"tariff": "0.5", "from": "2026-07-01", "to": "2026-07-31", "quantities": {"total": 1}}""", Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tariff"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a mapping of keys to values"));
        postJson("/api/v1/billing/quotes", maker, """
                        {"tariffId": "CN-ZJ-RES-TIERED", "version": 99, "from": "2026-07-01", "to": "2026-07-31",
                         "quantities": {"total": 1}}""").andExpect(status().isNotFound());
        postJson("/api/v1/billing/quotes", counter, """
                        {"tariffId": "CN-ZJ-RES-TIERED", "from": "2026-07-01", "to": "2026-07-31",
                         "quantities": {"total": 1}}""").andExpect(status().isForbidden());
    }
}
