package io.gridhall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.customer.Customers;
import io.gridhall.identity.Role;
import io.gridhall.metering.internal.DemoHistory;
import io.gridhall.simulator.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Outages in the demo (issue 11): the dispatcher's board and a customer below the fault in progress. */
class WebOutageJourneyTests extends DemoWebTest {

    static final String PASSWORD = "Outage-Journey-2026!";

    @Test
    void theDemoHasAPlannedOutageAFaultInProgressAndARestoredOneWithItsHistory() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // (outages confirmed from the meters' suggestions in other journeys are not the demo's own)
        List<String> outages = jdbc.sql("select kind || ':' || status from outage.outage where id not in"
                        + " (select outage_id from outage.outage_suggestion where outage_id is not null) order by id")
                .query(String.class)
                .list();
        assertThat(outages).containsExactly("PLANNED:PUBLISHED", "FAULT:RESTORED", "FAULT:PUBLISHED");
        assertThat(jdbc.sql("""
                        select string_agg(change, ',' order by version) from outage.outage_version
                        where outage_id = (select id from outage.outage where status = 'RESTORED' and id not in
                            (select outage_id from outage.outage_suggestion where outage_id is not null))""").query(String.class).single()).isEqualTo("OPENED,DELAYED,RESTORED");
        assertThat(jdbc.sql("select min(affected_accounts) from outage.outage where id not in"
                                + " (select outage_id from outage.outage_suggestion where outage_id is not null)")
                        .query(Long.class)
                        .single())
                .isPositive();
    }

    @Test
    void aDispatcherSeesTheBoardAndMapAndACustomerBelowTheFaultSeesItInThePortal() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long branch = jdbc.sql("select branch_id from outage.outage order by id limit 1")
                .query(Long.class)
                .single();
        long account = jdbc.sql("""
                        select a.supply_account_id from outage.affected_account a
                        join outage.outage o on o.id = a.outage_id
                        where o.kind = 'FAULT' and o.status = 'PUBLISHED' order by 1 limit 1""").query(Long.class).single();
        Staff dispatcher = newStaff("dispatch", "调度员", PASSWORD, branch, Role.REPAIR_DISPATCHER);
        String phone = "137" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        context.getBean(Customers.class).prebind(phone, account);

        try (Browser b = Browser.start(1440, 900)) {
            b.run("dispatcher", () -> {
                signInStaff(b, dispatcher);
                b.open(base() + "/console/#/outages");
                b.visible("[data-test=outage-table] .el-table__row");
                assertThat(b.all("[data-test=outage-table] .el-table__row")).hasSizeGreaterThanOrEqualTo(2);
                b.waitForText("[data-test=outage-table]", "故障停电");
                b.waitForText("[data-test=outage-table]", "计划检修");
                b.visible("[data-test=grid-map] .gh-overlay");
                b.screenshot("40-console-outage-board");
            });
        }
        try (Browser b = Browser.start(390, 844)) {
            b.run("customer", () -> {
                signInCustomer(b, phone, () -> {});
                b.click("[data-test=to-outages]");
                b.visible("[data-test=outage-item]");
                b.waitForText("[data-test=outage-account]", "台区低压出线故障");
                b.visible("[data-test=outage-map] .leaflet-interactive");
                b.screenshot("41-portal-outages");
            });
        }
    }

    @Test
    void anAreaLosingSupplyBecomesASuggestionTheDispatcherConfirmsTheCustomerSeesAndRestorationFollows()
            throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        DemoHistory demo = context.getBean(DemoHistory.class);
        List<String> simulated = demo.simulatedConcentrators();
        Browser.require(simulated.size() >= 2, "Missing: the demo simulator with two concentrators at least");
        // not the last one: the demo's own fault in progress takes that
        String concentrator = simulated.get(simulated.size() - 2);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql(
                                "select last_up_at is not null from metering.concentrator where concentrator_id = ?")
                        .param(concentrator)
                        .query(Boolean.class)
                        .single());
        record Place(long account, long area, long branch) {}
        Place place = jdbc.sql("""
                        select mp.supply_account_id, m.area_id, m.branch_id from metering.meter m
                        join grid.metering_point mp on mp.meter_id = m.meter_id
                        where m.concentrator_id = ? order by 1 limit 1""")
                .param(concentrator)
                .query((rs, n) -> new Place(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
        Staff dispatcher = newStaff("detect", "调度员", PASSWORD, place.branch(), Role.REPAIR_DISPATCHER);
        String phone = "137" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        context.getBean(Customers.class).prebind(phone, place.account());

        // the area loses supply now, for three minutes
        LocalDateTime now = LocalDateTime.now(context.getBean(Clock.class).withZone(ZoneId.of("Asia/Shanghai")))
                .withNano(0);
        demo.script(Scenario.parse(
                "concentrator " + concentrator + " power-off from " + now + " to " + now.plusMinutes(3)));
        long suggestion = Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .until(
                        () -> jdbc.sql("select id from outage.outage_suggestion where node_type = 'AREA'"
                                        + " and node_id = ? and status = 'SUGGESTED'")
                                .param(place.area())
                                .query(Long.class)
                                .optional()
                                .orElse(0L),
                        id -> id > 0);

        try (Browser b = Browser.start(1440, 900)) {
            b.run("dispatcher-confirms", () -> {
                signInStaff(b, dispatcher);
                b.open(base() + "/console/#/outages");
                b.visible("[data-test=suggestion-table]");
                b.waitForText("[data-test=suggestion-meters-" + suggestion + "]", "100%");
                b.screenshot("42-console-outage-suggestion");
                b.click("[data-test=suggestion-confirm-" + suggestion + "]");
                b.click(".el-message-box__btns .el-button--primary");
                b.waitForText("[data-test=suggestion-table]", "已确认");
            });
        }
        long outage = jdbc.sql("select outage_id from outage.outage_suggestion where id = ?")
                .param(suggestion)
                .query(Long.class)
                .single();
        assertThat(jdbc.sql("select kind || ':' || status from outage.outage where id = ?")
                        .param(outage)
                        .query(String.class)
                        .single())
                .isEqualTo("FAULT:PUBLISHED");
        try (Browser b = Browser.start(390, 844)) {
            b.run("customer-sees-the-fault", () -> {
                signInCustomer(b, phone, () -> {});
                b.click("[data-test=to-outages]");
                b.visible("[data-test=outage-item]");
                b.waitForText("[data-test=outage-account]", "电能表停电信号");
                b.screenshot("43-portal-outage-from-meters");
            });
        }

        // supply returns; the meters answer with their power-off records; the dispatcher confirms the restoration
        Awaitility.await()
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> jdbc.sql("select status from outage.outage_suggestion where id = ?")
                        .param(suggestion)
                        .query(String.class)
                        .single()
                        .equals("RESTORATION_SUGGESTED"));
        try (Browser b = Browser.start(1440, 900)) {
            b.run("dispatcher-restores", () -> {
                signInStaff(b, dispatcher);
                b.open(base() + "/console/#/outages");
                b.click("[data-test=suggestion-restore-" + suggestion + "]");
                b.click(".el-message-box__btns .el-button--primary");
                b.gone("[data-test=suggestion-restore-" + suggestion + "]");
            });
        }
        assertThat(jdbc.sql("select status from outage.outage where id = ?")
                        .param(outage)
                        .query(String.class)
                        .single())
                .isEqualTo("RESTORED");
        assertThat(jdbc.sql("select count(*) from metering.supply_signal s join metering.meter m using (meter_id)"
                                + " where m.concentrator_id = ? and s.kind = 'RESTORED' and s.source = 'EVENT_RECORD'")
                        .param(concentrator)
                        .query(Long.class)
                        .single())
                .isPositive();
    }
}
