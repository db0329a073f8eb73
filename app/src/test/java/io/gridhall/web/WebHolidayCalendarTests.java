package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.identity.Role;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #9 in a real browser, the holiday calendar (节假日安排, MR-3): a billing clerk enters next year's calendar as
 * the State Council's notice has it, and a second clerk approves it; the year is then in force with its days.
 */
class WebHolidayCalendarTests extends DemoWebTest {

    private static final String PASSWORD = "Calendars-2026!";

    @Test
    void aClerkEntersNextYearsCalendarAndASecondApprovesIt() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(
                context,
                "billing: holiday calendars",
                "/api/v1/billing/holiday-calendars",
                "/api/v1/billing/holiday-calendars/{year}/versions");
        long branch = JdbcClient.create(dataSource)
                .sql("select min(branch_id) from customer.supply_account")
                .query(Long.class)
                .optional()
                .orElse(null);
        require(branch > 0, "Missing: the demo has no accounts");
        Staff enters = newStaff("calendarclerk", "抄核收员", PASSWORD, branch, Role.BILLING_CLERK);
        Staff approves = newStaff("calendarcheck", "复核员", PASSWORD, branch, Role.BILLING_CLERK);

        try (Browser b = Browser.start(1440, 900)) {
            b.run("calendar", () -> {
                signInStaff(b, enters);
                b.click("[data-test=nav-billing-calendars]");
                b.waitForUrl("#/billing/calendars");
                b.visible("[data-test=calendars]");
                b.screenshot("calendar-01-years");
                b.click("[data-test=calendar-new]");
                int year = Integer.parseInt(
                        b.visible(Browser.field("calendar-year")).getDomProperty("value"));
                b.type(Browser.field("calendar-source"), "国务院办公厅关于" + year + "年部分节假日安排的通知");
                // the date picker keeps its attributes on the popper: its input is the dialog's date editor
                b.type(".el-dialog .el-date-editor input", (year - 1) + "-11-12");
                b.visible(".el-dialog .el-date-editor input").sendKeys(org.openqa.selenium.Keys.ENTER);
                // a day that is no date is refused with where it is, and nothing is drafted
                b.type(Browser.field("calendar-off"), year + "-01-01\n" + year + "-02-30");
                b.click("[data-test=calendar-submit]");
                // where it is as the form names it (the second day off) and what is wrong, in the page's language
                b.waitForText(".el-dialog [role=alert]", "放假日期 第 2 项: 应为日期（如 2026-10-01）或日期范围");
                b.screenshot("calendar-02-invalid");
                b.consoleMessages(); // the refused draft's 400 is expected
                b.type(
                        Browser.field("calendar-off"),
                        year + "-01-01\n" + year + "-02-06.." + year + "-02-12\n" + year + "-05-01.." + year
                                + "-05-05\n" + year + "-10-01.." + year + "-10-07");
                b.type(Browser.field("calendar-work"), year + "-02-14\n" + year + "-09-26");
                b.screenshot("calendar-03-entered");
                b.click("[data-test=calendar-submit]");
                b.waitForText("[data-test=calendars]", String.valueOf(year));
                b.waitForText("[data-test=calendars]", "有待审核草稿");
                // a year with only a draft has nothing in force yet
                b.waitForText("[data-test=calendars]", "无生效安排");
                b.screenshot("calendar-04-drafted");
                // #10: the maker's own draft cannot be approved here; the button says a second person approves it
                openYear(b, year);
                b.waitForText("[data-test=calendar-four-eyes]", "这是您起草的草稿，须由另一位员工审核通过。");
                assertThat(b.visible("[data-test=calendar-approve]").isEnabled())
                        .isFalse();
                new org.openqa.selenium.interactions.Actions(b.driver)
                        .moveToElement(b.visible("[data-test=calendar-approve-wrap]"))
                        .perform();
                org.awaitility.Awaitility.await()
                        .atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> b.all(".el-popper").stream()
                                .anyMatch(e -> e.isDisplayed() && e.getText().contains("须由另一位员工审核通过")));
                b.screenshot("calendar-04b-own-draft");
                b.click("[data-test=sign-out]");

                signInStaff(b, approves);
                b.click("[data-test=nav-billing-calendars]");
                b.waitForUrl("#/billing/calendars");
                b.waitForText("[data-test=calendars]", "有待审核草稿");
                // the year's row opens to its versions
                openYear(b, year);
                b.waitForText("[data-test=calendar-versions]", "调休上班 2 天");
                b.waitForText("[data-test=calendar-four-eyes]", "草稿须由起草人以外的另一位员工审核通过。");
                assertThat(b.visible("[data-test=calendar-approve]").isEnabled())
                        .isTrue();
                b.screenshot("calendar-05-to-approve");
                b.click("[data-test=calendar-approve]");
                b.click(".el-message-box__btns .el-button--primary");
                b.waitForText("[data-test=calendar-versions]", "审核");
                b.gone("[data-test=calendar-approve]");
                b.screenshot("calendar-06-approved");
                assertThat(b.visible("[data-test=calendars]").getText())
                        .contains("生效：第")
                        .doesNotContain("有待审核草稿");
                assertThat(b.consoleMessages()).noneMatch(m -> m.startsWith("SEVERE") && !m.contains(" 401 "));
            });
        }
    }

    /** Opens the year's row to its versions. */
    private static void openYear(Browser b, int year) {
        b.all("[data-test=calendars] .el-table__body > tbody > tr.el-table__row").stream()
                .filter(r -> r.getText().contains(String.valueOf(year)))
                .findFirst()
                .orElseThrow()
                .findElement(org.openqa.selenium.By.cssSelector(".el-table__expand-icon"))
                .click();
    }
}
