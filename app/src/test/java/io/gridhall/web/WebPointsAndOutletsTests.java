package io.gridhall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.customer.Customers;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PaymentsPosted;
import io.gridhall.payment.PostingKind;
import io.gridhall.payment.RewardPoints;
import io.gridhall.shared.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Issue #10, section 6, on a phone: the nearest outlet from the account's area, the guide, and redeeming points. */
class WebPointsAndOutletsTests extends DemoWebTest {

    @Test
    void aCustomerFindsTheNearestOutletReadsTheGuideAndRedeemsAnItem() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(
                context, "payment: outlets and points", "/api/v1/payment/outlets", "/api/v1/payment/mall/items");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        java.time.Clock clock = context.getBean(java.time.Clock.class);
        assertThat(jdbc.sql("select count(*) from payment.outlet")
                        .query(Long.class)
                        .single())
                .as("the demo's outlets")
                .isGreaterThanOrEqualTo(12);
        long account = jdbc.sql("select id from customer.supply_account where status = 'ACTIVE' order by id limit 1")
                .query(Long.class)
                .single();
        String nearest = jdbc.sql("""
                        select o.name from payment.outlet o,
                             (select avg(lat) lat, avg(lon) lon from payment.outlet
                              where branch_id = (select branch_id from customer.supply_account where id = :a)) c
                        where o.active
                        order by public.earth_distance(public.ll_to_earth(c.lat::float8, c.lon::float8),
                                                       public.ll_to_earth(o.lat::float8, o.lon::float8)), o.outlet_id
                        limit 1""").param("a", account).query(String.class).single();
        // points to spend: a withholding payment of 200 yuan earns 600
        RewardPoints points = context.getBean(RewardPoints.class);
        points.earn(new PaymentsPosted(
                List.of(new PaymentsPosted.Received(
                        ThreadLocalRandom.current().nextLong(1L << 45, 1L << 50),
                        PostingKind.PAYMENT,
                        PaymentChannel.BANK,
                        LocalDate.now(clock),
                        List.of(new PaymentsPosted.Share(account, Money.yuan("200.00"))))),
                List.of()));
        long before = points.balance(account, LocalDate.now(clock)).points();
        RewardPoints.MallItem bulb = points.mall(false).stream()
                .filter(i -> i.nameZh().contains("灯泡"))
                .findFirst()
                .orElseThrow();
        String phone = "136" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        context.getBean(Customers.class).prebind(phone, account);

        try (Browser b = Browser.start(390, 844)) {
            b.run("outlets", () -> {
                signInCustomer(b, phone, () -> {});
                b.click("[data-test=to-outlets]");
                b.visible("[data-test=outlet-item]");
                // no position in a headless browser: the account's area, nearest first
                b.waitForText("[data-test=outlets-basis]", "户号所在区域");
                assertThat(b.visible("[data-test=outlet-name]").getText()).isEqualTo(nearest);
                assertThat(b.visible("[data-test=outlet-navigate]").getAttribute("href"))
                        .startsWith("geo:");
                b.visible("[data-test=outlets-map] .leaflet-interactive");
                b.screenshot("60-portal-outlets");
            });
            b.run("guide", () -> {
                b.open(base() + "/#/guide");
                b.visible("[data-test=guide-channel]");
                assertThat(b.all("[data-test=guide-channel]")).hasSize(7);
                b.screenshot("61-portal-payment-guide");
            });
            b.run("points", () -> {
                b.open(base() + "/#/points");
                b.waitForText("[data-test=points-value]", String.valueOf(before));
                b.screenshot("62-portal-points");
                int index = 0;
                var names = b.all("[data-test=mall-item-name]");
                for (int i = 0; i < names.size(); i++)
                    if (names.get(i).getText().equals(bulb.nameZh())) index = i;
                b.all("[data-test=mall-redeem]").get(index).click();
                b.click(".van-dialog__confirm");
                b.waitForText("[data-test=points-value]", String.valueOf(before - bulb.pricePoints()));
                b.waitForText("[data-test=points-history]", "兑换");
                b.screenshot("63-portal-points-redeemed");
            });
        }
        assertThat(points.balance(account, LocalDate.now(clock)).points()).isEqualTo(before - bulb.pricePoints());
        assertThat(points.item(bulb.id()).orElseThrow().stock()).isEqualTo(bulb.stock() - 1);
    }

    @Test
    void aClerkHandsOverAMallItemAtTheCounterForTheCustomersPoints() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(
                context, "payment: points at the counter", "/api/v1/payment/accounts/{accountId}/redemptions");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        java.time.Clock clock = context.getBean(java.time.Clock.class);
        record Account(long id, String number, long branch) {}
        Account account = jdbc.sql("""
                        select id, account_number as number, branch_id as branch from customer.supply_account
                        where status = 'ACTIVE' order by id offset 1 limit 1""").query(Account.class).single();
        RewardPoints points = context.getBean(RewardPoints.class);
        points.earn(new PaymentsPosted(
                List.of(new PaymentsPosted.Received(
                        ThreadLocalRandom.current().nextLong(1L << 45, 1L << 50),
                        PostingKind.PAYMENT,
                        PaymentChannel.BANK,
                        LocalDate.now(clock),
                        List.of(new PaymentsPosted.Share(account.id(), Money.yuan("200.00"))))),
                List.of()));
        long before = points.balance(account.id(), LocalDate.now(clock)).points();
        RewardPoints.MallItem bulb = points.mall(false).stream()
                .filter(i -> i.nameZh().contains("灯泡"))
                .findFirst()
                .orElseThrow();
        Staff clerk = newStaff(
                "pointsclerk",
                "收费员",
                "Points-Counter-2026!",
                account.branch(),
                io.gridhall.identity.Role.COUNTER_CLERK);
        try (Browser b = Browser.start(1440, 900)) {
            b.run("points-counter", () -> {
                signInStaff(b, clerk);
                b.click("[data-test=nav-payment-points]");
                b.waitForUrl("#/payment/points");
                b.type(Browser.field("points-number"), account.number());
                b.click("[data-test=points-find]");
                b.waitForText("[data-test=points-balance-value]", String.valueOf(before));
                b.click("[data-test=points-redeem-" + bulb.id() + "]");
                b.click(".el-message-box__btns .el-button--primary");
                b.visible("[data-test=points-handed-over]");
                b.waitForText("[data-test=points-balance-value]", String.valueOf(before - bulb.pricePoints()));
                b.waitForText("[data-test=points-history]", bulb.nameZh());
                b.screenshot("64-console-points-counter");
            });
        }
        assertThat(points.balance(account.id(), LocalDate.now(clock)).points()).isEqualTo(before - bulb.pricePoints());
    }
}
