package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.customer.Customers;
import io.gridhall.identity.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Smart metering in a real browser (issue 3, INFO-3 and MR-1): a branch manager opens the collection
 * dashboard and a meter's data viewer, and a customer opens the usage page of a pre-bound account.
 * Both need the demo's metering history (profile demo: DemoHistory writes it when the demo's meters
 * are enrolled at start); without it they skip and say so. Same configuration as WebJourneyTests, so
 * the application context is shared.
 */
class WebMeteringTests extends DemoWebTest {

    private static final String PASSWORD = "Metering-Desk-2026!";

    record MeteredAccount(long meterId, long branchId, long accountId, String accountNumber, String phone) {}

    private static List<String> groupNames(Browser b) {
        return b.all("[data-test=collection-group-name]").stream()
                .map(e -> e.getText().strip())
                .toList();
    }

    /** Demo areas are called like 王家1号公变; the branch rows before the switch never are. */
    private static void awaitAreaNames(Browser b) throws InterruptedException {
        java.util.regex.Pattern area = java.util.regex.Pattern.compile(".*\\d+号[公专]变");
        for (int i = 0; i < 100; i++) {
            if (groupNames(b).stream().anyMatch(n -> area.matcher(n).matches())) return;
            Thread.sleep(100);
        }
        throw new AssertionError("no area names in " + groupNames(b));
    }

    /** Requests the page made whose URL contains the text (resource timing of the single-page app). */
    private static long requestsTo(Browser b, String url) {
        Object n = b.driver.executeScript(
                "return performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0])).length",
                url);
        return ((Number) n).longValue();
    }

    @Test
    void branchManagerSeesTheCollectionDashboardAndAMetersDataWithQualityFlags() throws Exception {
        requireReady();
        MeteredAccount m = meteredAccounts().stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("assumeReady found history"));
        Staff manager = newStaff("meterman", "所长", PASSWORD, m.branchId(), Role.BRANCH_MANAGER);

        try (Browser b = Browser.start(1440, 900)) {
            b.run("metering-staff", () -> {
                signInStaff(b, manager);
                // issue 8: a branch manager lands on a dashboard of their branch, not on customer search
                b.waitForUrl("#/dashboard");
                b.waitForText("[data-test=tile-collection]", "%");
                assertThat(b.visible("[data-test=tile-accounts]").getText()).containsPattern("\\d");
                b.visible("[data-test=tile-exceptions]");
                b.waitForText("[data-test=tile-concentrators]", "/");
                b.screenshot("19-console-dashboard");
                b.visible("[data-test=nav-metering-collection]");
                b.visible("[data-test=nav-metering-exceptions]");
                b.driver.executeScript(
                        "performance.clearResourceTimings(); performance.setResourceTimingBufferSize(5000)");
                b.click("[data-test=nav-metering-collection]");
                b.visible("[data-test=collection-trend] canvas");
                b.waitForText("[data-test=collection-total]", "日冻结成功率");
                b.visible("[data-test=collection-table] .el-table__row");
                assertThat(groupNames(b)).isNotEmpty().noneMatch(n -> n.startsWith("#"));
                b.screenshot("20-console-collection");

                b.click("[data-test=collection-group-by] label:nth-child(2)");
                b.visible("[data-test=collection-table] .el-table__row");
                // areas named by the report itself: no request per area, and the trend was one request
                awaitAreaNames(b);
                assertThat(groupNames(b)).noneMatch(n -> n.startsWith("#"));
                assertThat(requestsTo(b, "/api/v1/grid/nodes/area/")).isZero();
                assertThat(requestsTo(b, "/api/v1/metering/collection-rate/daily"))
                        .isEqualTo(1);
                assertThat(requestsTo(b, "/api/v1/metering/collection-rate?")).isEqualTo(2);
                b.screenshot("21-console-collection-areas");

                b.click("[data-test=nav-metering-exceptions]");
                b.visible("[data-test=exceptions]");
                b.screenshot("22-console-exceptions");

                b.open(base() + "/console/#/meters/" + m.meterId());
                b.visible("[data-test=meter-basics]");
                b.visible("[data-test=registers] .el-table__row");
                assertThat(b.all("[data-test=registers] [data-test^=quality-]")).isNotEmpty();
                b.waitForText("[data-test=registers]", "实抄");
                // issue 8: the range picker is labelled as a range, its ends as start and end
                b.waitForText("#pane-registers .el-form-item__label", "日期范围");
                b.visible("[data-test=command-open]");
                b.screenshot("23-console-meter-registers");

                b.click("#tab-curve");
                b.visible("[data-test=curve-chart] canvas");
                b.visible("[data-test=curve-summary]");
                // issue 8: the console's curve is in kW like the portal's, and says so
                b.waitForText("[data-test=curve-unit]", "kW");
                assertThat(b.all("[data-test=slots] [data-test^=quality-]")).isNotEmpty();
                assertThat(b.all("[data-test^=edit-slot-]")).isNotEmpty();
                b.screenshot("24-console-meter-curve");

                b.click("[data-test=edit-slot-1]");
                b.visible(Browser.field("edit-reason"));
                b.click("[data-test=edit-save]");
                // no reason: the dialog refuses before asking the server
                b.visible(".el-dialog .el-form-item__error");
                b.screenshot("25-console-meter-edit");
                b.click(".el-dialog__headerbtn");

                b.click("#tab-commands");
                b.visible("[data-test=commands]");
                b.click("#tab-frames");
                b.visible("[data-test=frames]");
                b.screenshot("26-console-meter-frames");
            });
        }
    }

    @Test
    void billingClerkImportsACsvSeesTheBadRowThenStoresTheValidOnesAndFindsTheImportInTheHistory() throws Exception {
        requireReady();
        Browser.requireMapped(
                context,
                "metering: reading import and history",
                "/api/v1/metering/imports",
                "/api/v1/metering/batches");
        MeteredAccount m = meteredAccounts().getFirst();
        String address = JdbcClient.create(dataSource)
                .sql("select address from metering.meter where meter_id = ?")
                .param(m.meterId())
                .query(String.class)
                .single();
        int n = ThreadLocalRandom.current().nextInt(100_000, 999_999);
        Staff clerk = newStaff("importer", "核算员", PASSWORD, m.branchId(), Role.BILLING_CLERK);
        String clerkName = clerk.displayName();
        // days long before the demo's history, so the rows store without conflicts; line 3 is bad
        Path csv = Files.createTempDirectory("gridhall-import").resolve("抄表机-" + n + ".csv");
        Files.writeString(
                csv,
                "address,day,total\n%s,2025-01-10,%d.25\n%s,2025-01-11,12.3.4\n"
                        .formatted(address, n % 10_000, address),
                StandardCharsets.UTF_8);

        try (Browser b = Browser.start(1440, 900)) {
            b.run("metering-import", () -> {
                signInStaff(b, clerk);
                b.click("[data-test=nav-metering-imports]");
                b.visible("[data-test=import-form]");
                b.click("[data-test=import-kind] label:nth-child(2)");
                b.waitForText("[data-test=import-columns]", "total");
                b.visible("[data-test=import-example]");
                b.driver
                        .findElement(org.openqa.selenium.By.cssSelector("[data-test=import-file] input[type=file]"))
                        .sendKeys(csv.toAbsolutePath().toString());
                b.click("[data-test=import-upload]");

                // all or nothing (the default): the bad row is listed and nothing is stored
                b.visible("[data-test=import-errors] .el-table__row");
                b.waitForText("[data-test=import-rejected]", "未保存任何数据");
                b.waitForText("[data-test=import-errors]", "12.3.4");
                assertThat(b.visible("[data-test=import-errors] .el-table__row td")
                                .getText())
                        .isEqualTo("3");
                scrollTo(b, "[data-test=import-outcome]");
                b.screenshot("30-console-import-rejected");

                b.click("[data-test=mode-valid-rows]");
                b.click("[data-test=import-upload]");
                b.visible("[data-test=import-stored]");
                b.waitForText("[data-test=import-counts]", "日冻结示数 1 条");
                b.waitForText("[data-test=import-left-out]", "12.3.4");
                b.waitForText("[data-test=history]", csv.getFileName().toString());
                b.waitForText("[data-test=history]", clerkName);
                scrollTo(b, "[data-test=import-outcome]");
                b.screenshot("31-console-import-stored");

                // the same file again is recognised and stored once
                b.click("[data-test=import-upload]");
                b.visible("[data-test=import-replayed]");
                b.waitForText("[data-test=import-replayed]", "已导入过");
                scrollTo(b, "[data-test=import-outcome]");
                b.screenshot("32-console-import-replayed");
            });
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(csv.getParent());
        }
        assertThat(JdbcClient.create(dataSource)
                        .sql("select count(*) from metering.reading_batch where imported_by_name = ?")
                        .param(clerkName)
                        .query(Long.class)
                        .single())
                .as("one history row for the import and its replay")
                .isEqualTo(1);
    }

    @Test
    void branchManagerLoadsATwoRowConcentratorArchiveAndSeesItsConcentratorOnline() throws Exception {
        requireReady();
        Browser.requireMapped(
                context,
                "metering: concentrator archive",
                "/api/v1/metering/concentrator-archive",
                "/api/v1/metering/concentrators");
        MeteredAccount m = meteredAccounts().getFirst();
        var meter = JdbcClient.create(dataSource)
                .sql("select address, concentrator_id from metering.meter where meter_id = ?")
                .param(m.meterId())
                .query((rs, i) -> List.of(rs.getString(1), rs.getString(2)))
                .single();
        String address = meter.get(0);
        String concentrator = meter.get(1);
        assertThat(concentrator).as("the demo routes its meters").isNotNull();
        // the meter where the demo placed it (unchanged) and an address no meter has (unknown): the demo stays intact
        String nobody = "9999" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        int n = ThreadLocalRandom.current().nextInt(100_000, 999_999);
        Staff manager = newStaff("archivist", "所长", PASSWORD, m.branchId(), Role.BRANCH_MANAGER);
        Path csv = Files.createTempDirectory("gridhall-archive").resolve("集中器档案-" + n + ".csv");
        Files.writeString(
                csv,
                "concentrator_id,meter_address\n%s,%s\n%s,%s\n".formatted(concentrator, address, concentrator, nobody),
                StandardCharsets.UTF_8);

        try (Browser b = Browser.start(1440, 900)) {
            b.run("metering-archive", () -> {
                signInStaff(b, manager);
                b.click("[data-test=nav-metering-concentrators]");
                b.visible("[data-test=archive-form]");
                b.waitForText("[data-test=archive-columns]", "meter_address");
                b.visible("[data-test=archive-example]");
                b.waitForText("[data-test=concentrator-list]", concentrator);
                b.driver
                        .findElement(org.openqa.selenium.By.cssSelector("[data-test=archive-file] input[type=file]"))
                        .sendKeys(csv.toAbsolutePath().toString());
                b.click("[data-test=archive-upload]");

                b.visible("[data-test=archive-result]");
                b.waitForText("[data-test=archive-unchanged]", "1");
                b.waitForText("[data-test=archive-unknown]", "1");
                b.waitForText("[data-test=archive-unknown-list]", nobody);
                b.waitForText("[data-test=concentrator-status-" + concentrator + "]", "在线");
                // issue 7: the demo's DTUs register with secrets; the list says so, never showing one
                b.waitForText("[data-test=concentrator-secret-" + concentrator + "]", "已设置");
                scrollTo(b, "[data-test=archive-outcome]");
                b.screenshot("33-console-concentrator-archive");

                // issue 8: a concentrator's row opens to its meters, each leading to the meter's data
                b.driver
                        .findElement(org.openqa.selenium.By.xpath("//*[@data-test='concentrator-" + concentrator
                                + "']/ancestor::tr//*[contains(@class,'el-table__expand-icon')]"))
                        .click();
                b.waitForText("[data-test=concentrator-meters-" + concentrator + "]", address);
                scrollTo(b, "[data-test=concentrator-meters-" + concentrator + "]");
                b.screenshot("34-console-concentrator-meters");
                b.click("[data-test=behind-" + address + "]");
                b.waitForUrl("#/meters/" + m.meterId());
            });
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(csv.getParent());
        }
    }

    @Test
    void customerSeesTheUsageOfAPreBoundAccountWithCharts() throws Exception {
        requireReady();
        Browser.requireMapped(
                context, "identity: customer sign-in", "/api/v1/auth/customer/otp", "/api/v1/auth/customer/sign-in");
        Browser.requireMapped(context, "notification: demo inbox", "/api/v1/dev/inbox");
        List<MeteredAccount> accounts = meteredAccounts();
        // a demo customer's pre-binding if one is still unclaimed; otherwise pre-bind a new phone the same way
        MeteredAccount m = accounts.stream()
                .filter(a -> a.phone() != null)
                .findFirst()
                .orElseGet(() -> {
                    MeteredAccount any = accounts.getFirst();
                    String phone = "137" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
                    context.getBean(Customers.class).prebind(phone, any.accountId());
                    return new MeteredAccount(
                            any.meterId(), any.branchId(), any.accountId(), any.accountNumber(), phone);
                });
        String phone = m.phone().length() > 11 ? m.phone().substring(m.phone().length() - 11) : m.phone();

        try (Browser b = Browser.start(390, 844)) {
            b.run("metering-customer", () -> {
                signInCustomer(b, phone, () -> {});

                // the card of the account with history (a demo customer may have several)
                b.visible("[data-test=account-card]");
                b.all("[data-test=account-card]").stream()
                        .filter(card -> card.getText().contains(m.accountNumber()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no card for account " + m.accountNumber()))
                        .findElement(org.openqa.selenium.By.cssSelector("[data-test=to-usage]"))
                        .click();
                b.waitForUrl("/usage");
                b.visible("[data-test=usage-daily] canvas");
                b.visible("[data-test=usage-curve] canvas");
                b.visible("[data-test=usage-monthly] canvas");
                b.visible("[data-test=usage-tou]");
                b.visible("[data-test=usage-comparison]");
                b.waitForText(".van-nav-bar__title", "用电分析");
                b.waitForText("[data-test=usage-account]", m.accountNumber());
                b.screenshot("27-portal-usage");

                // issue 8: the comparison is one sentence ("高于 83.8% 的同类用户高于大多数同类用户" ran two together)
                if (!b.all("[data-test=usage-percentile]").isEmpty()) {
                    String sentence = b.visible("[data-test=usage-percentile]").getText();
                    assertThat(sentence.chars()
                                    .filter(c -> c == '。' || c == '！')
                                    .count())
                            .as(sentence)
                            .isEqualTo(1);
                    assertThat(sentence).doesNotContain("用户高于");
                }

                b.click("[data-test=curve-prev]");
                b.visible("[data-test=usage-curve] canvas");
                ((org.openqa.selenium.JavascriptExecutor) b.driver)
                        .executeScript("document.querySelector('[data-test=usage-monthly]').scrollIntoView()");
                b.screenshot("28-portal-usage-lower");

                // issue 8: another account in the URL shows that account, not the previous one's data
                b.open(base() + "/#/accounts/" + (m.accountId() + 987_654_321L) + "/usage");
                b.visible("[data-test=usage-no-meter]");
                b.gone("[data-test=usage-account]");
                b.gone("[data-test=usage-daily]");
            });
        }
    }

    private void requireReady() {
        require(
                getClass().getResource("/static/index.html") != null
                        && getClass().getResource("/static/console/index.html") != null,
                "Missing: the web front end is not built (build without -Dskip.frontend=true)");
        Browser.requireInstalled();
        Browser.requireMapped(
                context, "identity: staff sign-in", "/api/v1/auth/staff/sign-in", "/api/v1/auth/staff/totp");
        Browser.requireMapped(
                context,
                "metering: collection rate, meter data and portal usage API",
                "/api/v1/metering/collection-rate",
                "/api/v1/metering/meters/{id}/registers",
                "/api/v1/metering/meters/{id}/intervals",
                "/api/v1/portal/accounts/{id}/usage");
        require(
                !meteredAccounts().isEmpty(),
                "Missing: no demo metering history. DemoHistory (profile demo) writes the last 92 days only when"
                        + " no meter is enrolled yet at start and the demo generator's roster exists; in this"
                        + " database there is no active supply account whose meter has daily registers of the"
                        + " last week (metering.daily_register joined to grid.metering_point)");
    }

    /** Supply accounts whose meter has registers of the last week, with a waiting demo pre-binding first. */
    private List<MeteredAccount> meteredAccounts() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        boolean tables = jdbc.sql("select to_regclass('metering.daily_register') is not null"
                        + " and to_regclass('grid.metering_point') is not null"
                        + " and to_regclass('customer.portal_prebinding') is not null")
                .query(Boolean.class)
                .single();
        if (!tables) return List.of();
        return jdbc.sql("""
                        select m.meter_id, m.branch_id, mp.supply_account_id, a.account_number,
                               -- pre-bound phones are sealed: the journey pre-binds a phone of its own
                               null::text as phone
                        from metering.meter m
                        join grid.metering_point mp on mp.meter_id = m.meter_id
                        join customer.supply_account a on a.id = mp.supply_account_id and a.status = 'ACTIVE'
                        where m.active and m.branch_id is not null
                          and exists (select 1 from metering.daily_register r
                                      where r.meter_id = m.meter_id and r.day >= current_date - 7)
                          and exists (select 1 from metering.interval_day i
                                      where i.meter_id = m.meter_id and i.day >= current_date - 7)
                        order by (select count(*) from customer.portal_prebinding p
                                  where p.supply_account_id = mp.supply_account_id) desc, m.meter_id
                        limit 20""")
                .query((rs, n) -> new MeteredAccount(
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    private static void scrollTo(Browser b, String css) {
        ((org.openqa.selenium.JavascriptExecutor) b.driver)
                .executeScript("document.querySelector(arguments[0]).scrollIntoView()", css);
    }
}
