package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.identity.Role;
import java.time.Clock;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #9 in a real browser, sending a tariff's time-of-use calendar to the meters (下发时段到电表, MR-3): a billing
 * clerk starts it for the branch's meters and watches the campaign's progress. The test demo runs no meter simulator,
 * so its meters do not answer: the campaign shows them waiting or failed with the reason, never confirmed.
 */
class WebMeterProgramTests extends DemoWebTest {

    private static final String PASSWORD = "Programs-2026!";

    @Test
    void aClerkStartsSendingATariffsScheduleToTheBranchsMeters() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(context, "billing: meter programs", "/api/v1/billing/meter-programs");
        Long branch = JdbcClient.create(dataSource)
                .sql("select branch_id from customer.supply_account group by branch_id order by count(*) desc limit 1")
                .query(Long.class)
                .optional()
                .orElse(null);
        require(branch != null, "Missing: the demo has no accounts");
        Staff clerk = newStaff("programclerk", "抄核收员", PASSWORD, branch, Role.BILLING_CLERK);
        // tomorrow, not the first of next month: in December that is a year whose holiday calendar the pack does not
        // ship yet (2027), and the campaign is refused with meter-program-impossible (#9)
        LocalDate next = LocalDate.now(context.getBean(Clock.class)).plusDays(1);

        try (Browser b = Browser.start(1440, 900)) {
            b.run("meter-programs", () -> {
                signInStaff(b, clerk);
                b.click("[data-test=nav-billing-meter-programs]");
                b.waitForUrl("#/billing/meter-programs");
                b.visible("[data-test=meter-programs]");
                // nothing chosen: each missing field says so and nothing starts
                b.click("[data-test=program-start]");
                b.visible(".el-form-item__error");
                b.click("[data-test=program-tariff]");
                b.visible(".el-select-dropdown__item");
                b.all(".el-select-dropdown__item").stream()
                        .filter(e -> e.isDisplayed())
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no tariff with a time-of-use schedule to send"))
                        .click();
                if (b.visible("[data-test=program-branch]").getText().isBlank()) {
                    b.click("[data-test=program-branch]");
                    b.all(".el-select-dropdown__item").stream()
                            .filter(e -> e.isDisplayed())
                            .findFirst()
                            .orElseThrow()
                            .click();
                }
                var from = b.visible("[data-test=program-active-from] input, .el-date-editor input");
                from.click();
                from.sendKeys(next + " 00:00:00", Keys.ENTER);
                b.driver.findElement(By.cssSelector(".page-title")).click();
                b.screenshot("meter-programs-01-form");
                b.click("[data-test=program-start]");
                b.visible("[data-test^=program-counts-]");
                String counts = b.visible("[data-test^=program-counts-]").getText();
                assertThat(counts).startsWith("共 ").contains("已确认 0");
                if (counts.startsWith("共 0 块")) {
                    // no meter of the branch on the tariff: said so, not a full green bar
                    b.visible("[data-test^=program-no-meters-]");
                    assertThat(b.all("[data-test^=program-progress-]")).isEmpty();
                }
                b.screenshot("meter-programs-02-started");
                // #10: the page polls the counts; a campaign's meters load when it is opened, failed first
                b.click("[data-test=meter-programs] .el-table__expand-icon");
                b.visible("[data-test=meter-programs] .el-table__expanded-cell");
                b.screenshot("meter-programs-03-meters");
            });
        }
    }
}
