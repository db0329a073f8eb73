package io.gridhall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.customer.Customers;
import io.gridhall.identity.Role;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Outages in the demo (issue 11): the dispatcher's board and a customer below the fault in progress. */
class WebOutageJourneyTests extends DemoWebTest {

    static final String PASSWORD = "Outage-Journey-2026!";

    @Test
    void theDemoHasAPlannedOutageAFaultInProgressAndARestoredOneWithItsHistory() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        List<String> outages = jdbc.sql("select kind || ':' || status from outage.outage order by id")
                .query(String.class)
                .list();
        assertThat(outages).containsExactly("PLANNED:PUBLISHED", "FAULT:RESTORED", "FAULT:PUBLISHED");
        assertThat(jdbc.sql("""
                        select string_agg(change, ',' order by version) from outage.outage_version
                        where outage_id = (select id from outage.outage where status = 'RESTORED')""").query(String.class).single()).isEqualTo("OPENED,DELAYED,RESTORED");
        assertThat(jdbc.sql("select min(affected_accounts) from outage.outage")
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
                assertThat(b.all("[data-test=outage-table] .el-table__row")).hasSize(2);
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
}
