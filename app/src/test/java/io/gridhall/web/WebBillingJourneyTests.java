package io.gridhall.web;

import static io.gridhall.billing.internal.BillingFixtures.normal;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.internal.BillingFixtures;
import io.gridhall.billing.internal.BillingFixtures.Branch;
import io.gridhall.billing.internal.BillingFixtures.Plan;
import io.gridhall.billing.internal.BillingFixtures.Shape;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Role;
import io.gridhall.metering.MeterReadings;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The billing clerk's month in the console (issue 9), on the demo's tariffs: a run started and watched to the end, the
 * review queue worked (a held bill approved, a passed one held with a reason), the run released, a bill's trace opened
 * and the bill reversed and rebilled; and the tariff catalogue's maker-checker, one clerk drafting a version and another
 * approving it.
 */
class WebBillingJourneyTests extends DemoWebTest {

    static final String PASSWORD = "Billing-Journey-2026!";

    @Test
    void aClerkRunsReviewsReleasesAndCorrectsAMonthsBills() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // a branch of its own, so that the month is not billed yet: six ordinary households, one that used nothing
        // (held: zero usage) and one whose last read is two days early (held: read day shifted)
        YearMonth period = YearMonth.now().minusMonths(1);
        Branch branch = BillingFixtures.branch(
                context.getBean(Grid.class),
                context.getBean(Customers.class),
                context.getBean(MeterReadings.class),
                period,
                List.of(
                        normal(180),
                        normal(210),
                        normal(95),
                        normal(260),
                        normal(140),
                        normal(320),
                        normal(0),
                        new Plan(
                                "RESIDENTIAL_TIERED",
                                CustomerClass.RESIDENTIAL,
                                15_000,
                                Shape.END_READ_TWO_DAYS_EARLY)));
        long[] accounts = branch.accounts();
        Staff clerk = newStaff("billclerk", "抄核收员", PASSWORD, branch.id().value(), Role.BILLING_CLERK);

        try (Browser b = Browser.start(1440, 900)) {
            b.run("billing-journey", () -> {
                signInStaff(b, clerk);

                // start the month's run for the only branch the clerk sees and watch it to the end
                b.open(base() + "/console/#/billing/runs");
                b.visible("[data-test=run-branch]");
                b.waitForText("[data-test=run-branch]", "计费测试所");
                b.click("[data-test=run-start]");
                long runId = waitFor(
                        () -> jdbc.sql("select id from billing.billing_run where branch_id = ?")
                                .param(branch.id().value())
                                .query(Long.class)
                                .optional()
                                .orElse(null),
                        "the run the clerk started");
                b.visible("[data-test=run-progress-" + runId + "]");
                // the page polls while the run works; done, it offers the release
                b.visible("[data-test=run-release-" + runId + "]");
                b.waitForText("[data-test=run-counts-" + runId + "]", "已出 8 / 8 户");
                b.waitForText("[data-test=run-counts-" + runId + "]", "待审 2");
                assertThat(b.visible("[data-test=run-progress-" + runId + "] .el-progress-bar__inner")
                                .getAttribute("style"))
                        .contains("width: 100%");
                b.screenshot("70-console-billing-run");

                Map<Long, Long> billOf = billsOfRun(jdbc, runId);
                assertThat(billOf).hasSize(8);
                long zero = billOf.get(accounts[6]);
                long shifted = billOf.get(accounts[7]);
                assertThat(statusOf(jdbc, zero)).isEqualTo("HELD");
                assertThat(statusOf(jdbc, shifted)).isEqualTo("HELD");

                // the review queue: the zero-usage bill approved with a reason
                b.open(base() + "/console/#/billing/review?branch="
                        + branch.id().value());
                b.visible("[data-test=decide-APPROVE-" + zero + "]");
                b.visible("[data-test=decide-APPROVE-" + shifted + "]");
                b.screenshot("71-console-review-queue");
                b.click("[data-test=decide-APPROVE-" + zero + "]");
                b.type(Browser.field("decision-reason"), "用户外出务工，房屋空置，零电量属实");
                b.click("[data-test=decision-confirm]");
                b.gone("[data-test=decide-APPROVE-" + zero + "]");
                assertThat(statusOf(jdbc, zero)).isEqualTo("AUDIT_PASSED");

                // a passed bill held from its trace with a reason: it joins the queue
                long doubtful = billOf.get(accounts[5]);
                b.open(base() + "/console/#/billing/bills/" + doubtful);
                b.visible("[data-test=trace-lines]");
                b.click("[data-test=trace-HOLD]");
                b.type(Browser.field("trace-reason"), "用户来电称表计走字异常，待现场核查后再出账");
                b.click("[data-test=trace-confirm]");
                b.waitForText("[data-test=trace-decisions]", "待现场核查");
                assertThat(statusOf(jdbc, doubtful)).isEqualTo("HELD");
                b.open(base() + "/console/#/billing/review?branch="
                        + branch.id().value());
                b.visible("[data-test=decide-APPROVE-" + doubtful + "]");

                // release: the passed and approved bills are issued, the held ones wait
                b.open(base() + "/console/#/billing/runs");
                b.click("[data-test=run-release-" + runId + "]");
                b.waitForText("[data-test=run-counts-" + runId + "]", "已发行 6");
                b.screenshot("72-console-billing-released");
                assertThat(statusOf(jdbc, zero)).isEqualTo("ISSUED");
                assertThat(statusOf(jdbc, doubtful)).isEqualTo("HELD");
                assertThat(statusOf(jdbc, shifted)).isEqualTo("HELD");

                // a bill's trace: its lines and reads, then reversed and rebilled with the reason
                long issued = billOf.get(accounts[1]);
                b.open(base() + "/console/#/billing/bills/" + issued);
                b.waitForText("[data-test=trace-bill]", "CN-ZJ-RES-TIERED");
                b.waitForText("[data-test=trace-lines]", "ENERGY_TIER1");
                // a line opens to its formula and the reads it used
                b.click("[data-test=trace-lines] .el-table__expand-icon");
                assertThat(b.visible("[data-test=trace-lines] .el-table__expanded-cell code")
                                .getText())
                        .contains("210");
                b.visible("[data-test=trace-lines] .el-table__expanded-cell .el-table");
                b.screenshot("73-console-bill-trace");
                b.click("[data-test=trace-reverse]");
                b.type(Browser.field("trace-reason"), "抄表员误抄示数，按复抄示数重新出账");
                b.click("[data-test=trace-confirm]");
                b.waitForUrl("/billing/bills/");
                b.visible("[data-test=trace-related-rebills]");
                b.screenshot("74-console-rebill");
                List<Map<String, Object>> corrections =
                        jdbc.sql("""
                                select type, status, correction_reason from billing.bill
                                 where supply_account_id = ? and type <> 'REGULAR' order by id""").param(accounts[1]).query().listOfRows();
                assertThat(corrections)
                        .extracting(r -> r.get("type") + ":" + r.get("status"))
                        .containsExactly("REVERSAL:ISSUED", "REBILL:ISSUED");
                assertThat(corrections)
                        .allSatisfy(r -> assertThat(r.get("correction_reason")).isEqualTo("抄表员误抄示数，按复抄示数重新出账"));
                assertThat(statusOf(jdbc, issued)).isEqualTo("REVERSED");
            });
        }
    }

    @Test
    void oneClerkDraftsATariffVersionAndAnotherApprovesIt() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long branch =
                jdbc.sql("select min(id) from grid.branch").query(Long.class).single();
        Staff maker = newStaff("tariffmk", "电价专责", PASSWORD, branch, Role.BILLING_CLERK);
        Staff checker = newStaff("tariffck", "电价审核", PASSWORD, branch, Role.BILLING_CLERK);
        String tariff = "CN-ZJ-COMMERCIAL";
        String source = "浙发改价格〔2026〕旅程测试号 一般工商业 0.6644 元/千瓦时";

        try (Browser b = Browser.start(1440, 900)) {
            b.run("tariff-maker", () -> {
                signInStaff(b, maker);
                b.open(base() + "/console/#/billing/tariffs");
                b.waitForText("[data-test=tariffs]", tariff);
                row(b, tariff)
                        .findElement(By.cssSelector("[data-test=tariff-draft]"))
                        .click();
                String template = b.visible(Browser.field("tariff-draft-text")).getAttribute("value");
                assertThat(template).contains("\"source\": \"\"");
                b.type(
                        Browser.field("tariff-draft-text"),
                        template.replace("\"source\": \"\"", "\"source\": \"" + source + "\""));
                b.click("[data-test=tariff-draft-submit]");
                b.gone("[data-test=tariff-draft-text]");
                b.screenshot("75-console-tariff-drafted");
            });
        }
        Map<String, Object> draft = jdbc.sql("""
                        select version, status, drafted_by_name from billing.tariff_version
                         where tariff_id = ? and definition ->> 'source' = ?""").params(tariff, source).query().singleRow();
        assertThat(draft.get("status")).isEqualTo("DRAFT");
        assertThat(draft.get("drafted_by_name")).isEqualTo(maker.displayName());

        try (Browser b = Browser.start(1440, 900)) {
            b.run("tariff-checker", () -> {
                signInStaff(b, checker);
                b.open(base() + "/console/#/billing/tariffs");
                b.waitForText("[data-test=tariffs]", tariff);
                row(b, tariff)
                        .findElement(By.cssSelector(".el-table__expand-icon"))
                        .click();
                b.waitForText("[data-test=tariff-versions]", source.substring(0, 10));
                b.click("[data-test=tariff-approve]");
                b.click(".el-message-box__btns .el-button--primary");
                b.gone("[data-test=tariff-approve]");
                b.screenshot("76-console-tariff-approved");
            });
        }
        Map<String, Object> approved =
                jdbc.sql("""
                        select status, drafted_by_name, approved_by_name, effective_from from billing.tariff_version
                         where tariff_id = ? and version = ?""").params(tariff, draft.get("version")).query().singleRow();
        assertThat(approved.get("status")).isEqualTo("APPROVED");
        assertThat(approved.get("approved_by_name")).isEqualTo(checker.displayName());
        assertThat(((java.sql.Date) approved.get("effective_from")).toLocalDate())
                .as("an approved version applies from a later day only")
                .isAfter(LocalDate.now().minusDays(1));
    }

    /** The catalogue's row of a tariff (the main table's, not an expanded version's). */
    private static WebElement row(Browser b, String tariffId) {
        return b.driver.findElement(
                By.xpath("//*[@data-test='tariffs']//tr[contains(@class, 'el-table__row')][.//td[normalize-space(.)='"
                        + tariffId + "']]"));
    }

    private static Map<Long, Long> billsOfRun(JdbcClient jdbc, long runId) {
        Map<Long, Long> bills = new java.util.HashMap<>();
        jdbc.sql("select supply_account_id, id from billing.bill where run_id = ? and type = 'REGULAR'")
                .param(runId)
                .query(rs -> {
                    bills.put(rs.getLong(1), rs.getLong(2));
                });
        return bills;
    }

    private static String statusOf(JdbcClient jdbc, long billId) {
        return jdbc.sql("select status from billing.bill where id = ?")
                .param(billId)
                .query(String.class)
                .single();
    }

    private static <T> T waitFor(java.util.function.Supplier<T> value, String what) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            T v = value.get();
            if (v != null) return v;
            Thread.sleep(100);
        }
        throw new AssertionError("never came: " + what);
    }
}
