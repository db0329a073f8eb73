package io.gridhall.billing.web;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.billing.internal.rating.TouSchedule;
import io.gridhall.billing.internal.rating.TouSchedule.DayType;
import java.time.LocalDate;
import java.util.Locale;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/**
 * The holiday calendar's API (issue 9): a year entered by one member of staff and approved by another with the
 * catalogue's maker-checker, validated with every problem listed, billed days never changed; the approved year then
 * classifies days for rating. Same context as {@link TariffApiTests}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class HolidayCalendarApiTests extends MakerCheckerApiFixture {

    static final String PATH = "/api/v1/billing/holiday-calendars";

    HolidayCalendarApiTests() {
        super(424_243);
    }

    /** The calendar the catalogue's residential TOU tariff rates with. */
    TouSchedule.HolidayCalendar ratingCalendar(LocalDate day) {
        return tariffs.schedule("RESIDENTIAL_TOU", day, day)
                .orElseThrow()
                .versions()
                .getLast()
                .energy()
                .schedule()
                .calendar();
    }

    @Test
    void aYearEnteredByOneAndApprovedByAnotherRatesItsDays() throws Exception {
        int year = LocalDate.now(clock).getYear() + 5;
        String body = """
                {"source": "国务院办公厅关于%1$d年部分节假日安排的通知", "published": "%2$d-11-04",
                 "off": ["%1$d-10-01..%1$d-10-07"], "work": []}""".formatted(year, year - 1);
        String created = postJson(PATH + "/" + year + "/versions", maker, body, Locale.SIMPLIFIED_CHINESE)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("DRAFT"))
                // who signed it stands beside the year's own fields, as the console reads it
                .andExpect(jsonPath("$.draftedBy").value(maker.displayName()))
                .andExpect(jsonPath("$.draftedByYou").value(true))
                .andExpect(jsonPath("$.signOff").doesNotExist())
                .andExpect(jsonPath("$.off.length()").value(7))
                .andExpect(jsonPath("$.effectiveFrom").value(year + "-01-01"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        int version = JsonPath.read(created, "$.version");
        assertThat(version).isEqualTo(1);
        postJson(PATH + "/" + year + "/versions", checker, body, Locale.SIMPLIFIED_CHINESE)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("calendar-draft-open"));
        LocalDate nationalDay = LocalDate.of(year, 10, 1);
        assertThat(ratingCalendar(nationalDay).knows(year))
                .as("a draft rates nothing")
                .isFalse();

        String approval = PATH + "/" + year + "/versions/" + version + "/approval";
        postJson(approval, maker, "{\"decision\": \"APPROVE\"}", Locale.ENGLISH)
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("calendar-maker-checker"))
                .andExpect(jsonPath("$.title").value("You cannot approve your own draft"));
        postJson(approval, checker, "{\"decision\": \"APPROVE\"}", Locale.SIMPLIFIED_CHINESE)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPROVED"))
                .andExpect(jsonPath("$.approvedBy").value(checker.displayName()))
                .andExpect(jsonPath("$.approvedAt").isNotEmpty());
        postJson(approval, checker, "{\"decision\": \"APPROVE\"}", Locale.SIMPLIFIED_CHINESE)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("calendar-version-decided"));
        assertThat(ratingCalendar(nationalDay).dayType(nationalDay)).isEqualTo(DayType.HOLIDAY);

        mvc.perform(get(PATH).with(as(maker)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.year == 2026)].inForce").value(0))
                .andExpect(jsonPath("$[?(@.year == 2026)].versions[0].status").value("PACK"))
                .andExpect(jsonPath("$[?(@.year == " + year + ")].inForce").value(1))
                .andExpect(jsonPath("$[?(@.year == " + year + ")].versions[0].approvedBy")
                        .value(checker.displayName()))
                .andExpect(jsonPath("$[?(@.year == " + year + ")].versions[0].draftedByYou")
                        .value(true))
                .andExpect(jsonPath("$[?(@.year == " + year + ")].versions[0].published")
                        .value((year - 1) + "-11-04"));
        mvc.perform(get(PATH).with(as(counter))).andExpect(status().isForbidden());

        // the database refuses any change of an approved year
        assertThatThrownBy(() -> jdbc.sql("update billing.holiday_calendar set definition = '{}'::jsonb"
                                + " where calendar_id = :id and version = :v")
                        .param("id", "CN-ZJ/" + year)
                        .param("v", version)
                        .update())
                .hasMessageContaining("cannot change");
        await().untilAsserted(() -> assertThat(jdbc.sql("select action from identity.audit_log where object_id = :o")
                        .param("o", "CN-ZJ/" + year + "/" + version)
                        .query(String.class)
                        .list())
                .contains("billing.calendar.draft", "billing.calendar.approve"));
    }

    @Test
    void listsEveryProblemOfAYearAndNeverChangesADayAlreadyBilled() throws Exception {
        int year = LocalDate.now(clock).getYear() + 6;
        LocalDate monday = LocalDate.of(year, 10, 1)
                .with(java.time.temporal.TemporalAdjusters.firstInMonth(java.time.DayOfWeek.MONDAY));
        postJson(
                        PATH + "/" + year + "/versions",
                        maker,
                        """
                        {"source": "x", "off": ["%1$d-02-30", "%2$d-01-01"], "work": ["%3$s"], "colour": 1}""".formatted(year, year + 1, monday),
                        Locale.SIMPLIFIED_CHINESE)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("calendar-invalid"))
                .andExpect(jsonPath("$.title").value("节假日安排无效"))
                .andExpect(jsonPath(
                        "$.errors[*].field",
                        Matchers.containsInAnyOrder(
                                "calendar.colour", "calendar.off[0]", "calendar.off[1]", "calendar.work")))
                .andExpect(jsonPath("$.errors[?(@.field == 'calendar.off[1]')].message")
                        .value("不在 " + year + " 年内"))
                .andExpect(jsonPath("$.errors[?(@.field == 'calendar.work')].message")
                        .value(monday + " 是星期一，本来就是工作日，无需列为调休上班"));
        postJson(PATH + "/" + year + "/versions", maker, """
                        {"source": "x", "off": ["%1$d-02-30", "%2$d-01-01"], "work": ["%3$s"], "colour": 1}""".formatted(year, year + 1, monday), Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'calendar.off[1]')].message")
                        .value("lies outside " + year))
                .andExpect(jsonPath("$.errors[?(@.field == 'calendar.work')].message")
                        .value(monday + " is a Monday, a workday anyway"));
        postJson(PATH + "/1999/versions", maker, "{\"source\": \"x\", \"off\": []}", Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("year"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a year from 2000 to 2099"));
        postJson(PATH + "/" + year + "/versions", maker, "[]", Locale.SIMPLIFIED_CHINESE)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("calendar-invalid"))
                .andExpect(jsonPath("$.errors[0].field").value("calendar"))
                .andExpect(jsonPath("$.errors[0].code").value("NOT_A_MAPPING"))
                .andExpect(jsonPath("$.errors[0].message").value("应为键值映射（JSON 对象或 YAML 映射）"));
        postJson(PATH + "/" + year + "/versions", counter, "{}", Locale.ENGLISH).andExpect(status().isForbidden());

        // last year is past (billed or not, its days are gone): a weekday made a day off is refused, with the day
        int last = LocalDate.now(clock).getYear() - 1;
        LocalDate weekday = LocalDate.of(last, 3, 3);
        while (weekday.getDayOfWeek().getValue() > 5) weekday = weekday.plusDays(1);
        postJson(
                        PATH + "/" + last + "/versions",
                        maker,
                        "{\"source\": \"x\", \"off\": [\"" + weekday + "\"]}",
                        Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("calendar-days-billed"))
                .andExpect(jsonPath("$.title").value("Billed days cannot change"))
                .andExpect(jsonPath("$.days[0]").value(weekday + " WORKDAY → HOLIDAY"));

        // a rejection needs a reason and drops the draft
        String created = postJson(
                        PATH + "/" + year + "/versions", maker, "{\"source\": \"x\", \"off\": []}", Locale.ENGLISH)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        int version = JsonPath.read(created, "$.version");
        String approval = PATH + "/" + year + "/versions/" + version + "/approval";
        postJson(approval, checker, "{\"decision\": \"REJECT\", \"reason\": \"x\"}", Locale.ENGLISH)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("calendar-reject-reason"));
        postJson(approval, maker, "{\"decision\": \"REJECT\", \"reason\": \"日期录错了\"}", Locale.ENGLISH)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REJECTED"));
        postJson(approval, checker, "{\"decision\": \"APPROVE\"}", Locale.ENGLISH)
                .andExpect(status().isNotFound());
        mvc.perform(get(PATH).with(as(maker)))
                .andExpect(jsonPath("$[?(@.year == " + year + ")]").isEmpty());
    }
}
