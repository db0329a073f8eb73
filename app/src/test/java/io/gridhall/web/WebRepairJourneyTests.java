package io.gridhall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.customer.Customers;
import io.gridhall.identity.Role;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Repair in the demo (issue 11, OUT-3..OUT-6): a customer checks and reports a fault on the phone, a dispatcher sends
 * the nearest crew, the crew records its steps on its phone page, and the customer follows the timeline and rates.
 */
class WebRepairJourneyTests extends DemoWebTest {

    static final String PASSWORD = "Repair-Journey-2026!";

    @Test
    void theDemoHasCrewsTeamsAJobInProgressAndAHistoryWithBreaches() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(jdbc.sql("select name from outage.crew order by name")
                        .query(String.class)
                        .list())
                .contains("城关抢修一班", "城关抢修二班", "城关配电运维班");
        assertThat(jdbc.sql("select count(*) from outage.third_party_team")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        // the demo's jobs were all taken by phone (the journey below adds a portal one, and a call joins it)
        List<String> jobs = jdbc.sql("""
                        select status from outage.repair_job j where exists (select 1 from outage.repair_report r
                            where r.job_id = j.id and r.channel = 'STAFF') and not exists (select 1
                            from outage.repair_report r where r.job_id = j.id and r.channel = 'PORTAL')
                        order by id""").query(String.class).list();
        assertThat(jobs).filteredOn("REPAIRED"::equals).hasSize(8);
        assertThat(jobs).contains("DEPARTED");
        // the job in progress is the first report of the fault the demo's outage names: a report there now is known
        assertThat(jdbc.sql("""
                        select count(*) from outage.repair_job j join outage.affected_place p on p.node_id = j.area_id
                        join outage.outage o on o.id = p.outage_id
                        where j.status = 'DEPARTED' and o.kind = 'FAULT' and o.status = 'PUBLISHED'""").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select count(*) from outage.repair_job j where arrived_at > arrive_by and exists (
                            select 1 from outage.repair_report r where r.job_id = j.id and r.channel = 'STAFF')
                          and not exists (select 1 from outage.repair_report r where r.job_id = j.id
                            and r.channel = 'PORTAL')""").query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select array_agg(distinct service_area order by service_area) from grid.branch")
                        .query(String.class)
                        .single())
                .isEqualTo("{CITY,COUNTRYSIDE,REMOTE}");
    }

    @Test
    void aReportedFaultIsDispatchedToTheNearestCrewWorkedOnItsPhoneAndRatedByTheCustomer() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // an account outside the fault in progress and any area with an open job, and its branch's nearest free crew
        long account = jdbc.sql("""
                        select mp.supply_account_id from grid.metering_point mp join grid.meter m on m.id = mp.meter_id
                        where mp.valid_to is null
                          and m.branch_id in (select branch_id from outage.crew)
                          and m.area_id not in (select area_id from outage.repair_job
                                                where status not in ('REPAIRED', 'REFERRED', 'CANCELLED'))
                          and mp.supply_account_id not in (
                              select a.supply_account_id from outage.affected_account a
                              join outage.outage o on o.id = a.outage_id where o.status = 'PUBLISHED'
                                and o.starts_at <= now())
                        order by mp.supply_account_id limit 1""").query(Long.class).single();
        record Nearest(long branch, String name) {}
        Nearest nearest = jdbc.sql("""
                        select c.branch_id as branch, c.name from outage.crew c, grid.meter m
                        join grid.metering_point mp on mp.meter_id = m.id
                        join grid.transformer_area t on t.id = m.area_id
                        where mp.supply_account_id = ? and mp.valid_to is null and c.branch_id = m.branch_id
                          and 'LOW_VOLTAGE' = any (c.skills) and c.lat is not null
                          and not exists (select 1 from outage.repair_job j where j.crew_id = c.id
                                          and j.status in ('DISPATCHED', 'ACCEPTED', 'DEPARTED', 'ARRIVED'))
                        order by public.earth_distance(public.ll_to_earth(c.lat::float8, c.lon::float8),
                                                       public.ll_to_earth(t.lat::float8, t.lon::float8))
                        limit 1""").param(account).query(Nearest.class).single();
        long branch = nearest.branch();
        String crewName = nearest.name();
        String phone = "136" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        context.getBean(Customers.class).prebind(phone, account);
        Staff dispatcher = newStaff("dispatch", "调度员", PASSWORD, branch, Role.REPAIR_DISPATCHER);
        Staff member = newStaff("crew", "抢修员", PASSWORD, branch, Role.REPAIR_CREW);
        jdbc.sql("""
                        insert into outage.crew_member (crew_id, user_id)
                        select c.id, u.id from outage.crew c, identity.staff u
                        where c.name = ? and c.branch_id = ? and u.username = ?""").params(crewName, branch, member.username()).update();

        try (Browser phoneView = Browser.start(390, 844)) {
            phoneView.run("customer reports", () -> {
                signInCustomer(phoneView, phone, () -> {});
                phoneView.click("[data-test=to-repairs]");
                phoneView.click("[data-test=to-self-check]");
                phoneView.visible("[data-test=self-check-result]");
                phoneView.visible("[data-test=premises-guide]");
                phoneView.waitForText("[data-test=check-arrears]", "费控系统未接入");
                phoneView.screenshot("50-portal-self-check");
                phoneView.click("[data-test=check-report]");
                phoneView.type("[data-test=report-description] textarea", "全屋无电，总开关合不上");
                phoneView.screenshot("51-portal-report-fault");
                phoneView.click("[data-test=report-submit]");
                phoneView.waitForText("[data-test=report-outcome]", "抢修单号");
                phoneView.screenshot("52-portal-report-received");
            });
            long job = jdbc.sql("select job_id from outage.repair_report where supply_account_id = ? order by id desc"
                            + " limit 1")
                    .param(account)
                    .query(Long.class)
                    .single();

            String newCrewName = "新建班组" + ThreadLocalRandom.current().nextInt(1000, 9999);
            record Point(java.math.BigDecimal lat, java.math.BigDecimal lon) {}
            // the call is about the customer's transformer area: it joins their job, which keeps its skill
            Point callPlace = jdbc.sql("""
                            select t.lat, t.lon from grid.transformer_area t join grid.meter m on m.area_id = t.id
                            join grid.metering_point mp on mp.meter_id = m.id
                            where mp.supply_account_id = ? and mp.valid_to is null""").param(account).query(Point.class).single();
            String callText = "来电：杆上有放电声" + ThreadLocalRandom.current().nextInt(1000, 9999);
            java.nio.file.Path photo = java.nio.file.Files.createTempFile("pole", ".png");
            java.nio.file.Files.write(
                    photo,
                    java.util.Base64.getDecoder()
                            .decode(
                                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));
            try (Browser desk = Browser.start(1440, 900)) {
                desk.run("dispatcher dispatches", () -> {
                    signInStaff(desk, dispatcher);
                    desk.open(base() + "/console/#/repairs");
                    desk.visible("[data-test=repair-jobs] .el-table__row");
                    desk.waitForText("[data-test=repair-jobs]", String.valueOf(job));
                    desk.all("[data-test=repair-jobs] .el-table__row").stream()
                            .filter(r -> r.getText().startsWith(String.valueOf(job)))
                            .findFirst()
                            .orElseThrow()
                            .click();
                    desk.waitForText("[data-test=crew-suggestion]", "城关抢修一班");
                    assertThat(desk.all("[data-test=crew-suggestion]")
                                    .getFirst()
                                    .getText())
                            .contains("城关抢修一班");
                    desk.screenshot("53-console-repair-board");
                    // issue 11: the board's last column was clipped at 1440 px beside the job's card
                    assertEveryJobColumnShows(desk);
                    desk.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1920, 1080));
                    assertEveryJobColumnShows(desk);
                    desk.screenshot("53-console-repair-board-1920");
                    desk.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 900));
                    desk.click("[data-test=crew-suggestion] [data-test=dispatch]");
                    desk.waitForText("[data-test=job-detail]", "已派单");
                });
                desk.run("dispatcher forms a crew with its base on the map", () -> {
                    desk.click("#tab-crews");
                    desk.click("[data-test=new-crew]");
                    desk.type("input[data-test=crew-name]", newCrewName);
                    desk.click("[data-test=crew-skills] .el-checkbox");
                    desk.type("input[data-test=crew-phone]", "13905710077");
                    desk.click("[data-test=crew-map]");
                    assertThat(desk.visible("input[data-test=crew-lat]").getDomProperty("value"))
                            .matches("\\d+\\.\\d{6}");
                    desk.screenshot("53b-console-crew-form");
                    desk.click("[data-test=crew-save]");
                    desk.waitForText("[data-test=repair-crews]", newCrewName);
                    desk.waitForText("[data-test=repair-crews]", "139****0077");
                });
                desk.run("dispatcher takes a call on the map with a photo and the skill it needs", () -> {
                    desk.click("#tab-jobs");
                    desk.click("[data-test=take-call]");
                    desk.visible("[data-test=call-form]");
                    desk.click("[data-test=call-by-map]");
                    desk.click("[data-test=call-map]");
                    assertThat(desk.visible("input[data-test=call-lat]").getDomProperty("value"))
                            .matches("\\d+\\.\\d{6}");
                    // then typed
                    desk.type("input[data-test=call-lat]", callPlace.lat().toPlainString());
                    desk.type("input[data-test=call-lon]", callPlace.lon().toPlainString());
                    desk.type("input[data-test=call-phone]", "13905710088");
                    desk.click("[data-test=call-skill]");
                    // the branch selector's options are in the page too, hidden: wait for this select's
                    new org.openqa.selenium.support.ui.WebDriverWait(desk.driver, java.time.Duration.ofSeconds(20))
                            .until(d -> desk.all(".el-select-dropdown__item").stream()
                                    .filter(e -> e.isDisplayed() && e.getText().contains("10千伏"))
                                    .findFirst()
                                    .orElse(null))
                            .click();
                    desk.type(Browser.field("call-description"), callText);
                    desk.driver
                            .findElement(org.openqa.selenium.By.cssSelector("[data-test=call-photos] input[type=file]"))
                            .sendKeys(photo.toAbsolutePath().toString());
                    desk.visible("[data-test=call-photos] .el-upload-list__item");
                    desk.screenshot("53c-console-take-call");
                    desk.click("[data-test=call-submit]");
                    desk.gone("[data-test=call-form]");
                });
                record Taken(long job, String skill, long photos) {}
                Taken taken = jdbc.sql("""
                                select r.job_id as job, j.skill, (select count(*) from outage.repair_photo p
                                    where p.report_id = r.id) as photos
                                from outage.repair_report r join outage.repair_job j on j.id = r.job_id
                                where r.channel = 'STAFF' and r.description = ? and r.caller_phone is not null
                                  and r.lat is not null""").param(callText).query(Taken.class).single();
                assertThat(taken.job()).isEqualTo(job);
                assertThat(taken.skill()).isEqualTo("LOW_VOLTAGE");
                assertThat(taken.photos()).isEqualTo(1);
            }
            assertThat(jdbc.sql("select count(*) from outage.crew where name = ? and lat is not null"
                                    + " and phone_enc is not null")
                            .param(newCrewName)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("select c.name from outage.repair_job j join outage.crew c on c.id = j.crew_id"
                                    + " where j.id = ?")
                            .param(job)
                            .query(String.class)
                            .single())
                    .isEqualTo(crewName);

            try (Browser crew = Browser.start(390, 844)) {
                crew.run("crew records steps", () -> {
                    signInStaff(crew, member);
                    crew.open(base() + "/console/#/crew");
                    crew.visible("[data-test=crew-job]");
                    crew.screenshot("54-crew-phone-job");
                    for (String step : List.of("ACCEPTED", "DEPARTED", "ARRIVED", "REPAIRED")) {
                        crew.click("[data-test=crew-step-" + step + "]");
                        if (!step.equals("REPAIRED")) crew.gone("[data-test=crew-step-" + step + "]");
                    }
                    crew.gone("[data-test=crew-job]");
                    crew.screenshot("55-crew-phone-done");
                });
            }

            phoneView.run("customer follows and rates", () -> {
                phoneView.open(base() + "/#/repairs/jobs/" + job);
                phoneView.visible("[data-test=repair-timeline]");
                assertThat(phoneView.all("[data-test=repair-step]")).hasSize(6);
                phoneView.waitForText("[data-test=repair-timeline]", "已修复");
                phoneView.screenshot("56-portal-repair-timeline");
                phoneView.type("[data-test=rating-comment] textarea", "半小时就到了，谢谢师傅");
                phoneView.click("[data-test=rating-send]");
                phoneView.waitForText("[data-test=rated]", "5");
                phoneView.screenshot("57-portal-repair-rated");
            });
        }
        assertThat(jdbc.sql("select stars from outage.job_rating where job_id = (select job_id from"
                                + " outage.repair_report where supply_account_id = ? order by id desc limit 1)")
                        .param(account)
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);
    }

    /** Every column of the job table lies inside the table and the window: nothing to scroll to, nothing cut off. */
    static void assertEveryJobColumnShows(Browser b) {
        Object overflow = b.driver.executeScript("""
                const table = document.querySelector('[data-test=repair-jobs]');
                const last = table.querySelector('thead th:last-child');
                const body = table.querySelector('.el-scrollbar__wrap') || table.querySelector('.el-table__body-wrapper');
                return [last.getBoundingClientRect().right - table.getBoundingClientRect().right,
                        last.getBoundingClientRect().right - document.documentElement.clientWidth,
                        body.scrollWidth - body.clientWidth];""");
        assertThat((List<?>) overflow)
                .as("last column past the table, past the window, hidden width")
                .allSatisfy(v -> assertThat(((Number) v).doubleValue()).isLessThanOrEqualTo(1.0));
    }
}
