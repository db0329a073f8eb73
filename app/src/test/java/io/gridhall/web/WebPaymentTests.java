package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.identity.Role;
import io.gridhall.payment.Balance;
import io.gridhall.payment.Ledger;
import io.gridhall.shared.Money;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #10 in a real browser: a counter clerk takes cash for a demo account, gets a receipt, sees the statement; a
 * customer pays a demo bill through the simulated WeChat Pay cashier and sees it settled.
 */
class WebPaymentTests extends DemoWebTest {

    private static final String PASSWORD = "Counter-Cash-2026!";

    @Test
    void counterClerkTakesCashPrintsAReceiptAndSeesTheCreditOnTheStatement() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(
                context, "payment: counter payments", "/api/v1/payment/counter-payments", "/api/v1/payment/statements");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        record Account(long id, String number, long branch) {}
        Account account = jdbc.sql(
                        "select id, account_number as number, branch_id as branch from customer.supply_account"
                                + " where status = 'ACTIVE' order by id limit 1")
                .query(Account.class)
                .optional()
                .orElse(null);
        require(account != null, "Missing: no demo supply account (the demo generator is needed)");
        Ledger ledger = context.getBean(Ledger.class);
        Balance before = ledger.balance(account.id());
        Staff clerk = newStaff("cashier", "收费员", PASSWORD, account.branch(), Role.COUNTER_CLERK);

        try (Browser b = Browser.start(1440, 900)) {
            b.run("cashier", () -> {
                signInStaff(b, clerk);
                b.click("[data-test=nav-payment-counter]");
                b.waitForUrl("#/payment/counter");
                b.type(Browser.field("pay-number"), account.number());
                b.click("[data-test=pay-find]");
                b.visible("[data-test=pay-balance]");
                b.type(Browser.field("pay-amount"), "88.80");
                b.click("[data-test=pay-submit]");
                b.visible("[data-test=pay-receipt]");
                assertThat(b.visible("[data-test=pay-receipt-number]").getText())
                        .matches("\\d{16}");
                assertThat(b.visible("[data-test=pay-receipt]").getText())
                        .contains(account.number())
                        .contains("88.80");
                b.screenshot("payment-01-receipt");
                b.driver.executeScript("document.querySelector('.el-dialog__headerbtn').click()");
                b.gone("[data-test=pay-receipt]");
                b.waitForText("[data-test=pay-lines]", "88.80");
                b.screenshot("payment-02-statement");
            });
        }
        // the demo's bills are open: the cash settles the oldest first, and only what is left over is credit
        Balance after = ledger.balance(account.id());
        assertThat(after.prepaid().minus(after.receivable()))
                .isEqualTo(before.prepaid().minus(before.receivable()).plus(Money.yuan("88.80")));
    }

    @Test
    void aCustomerPaysADemoBillThroughTheSimulatedWeChatCashierAndSeesItSettled() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(
                context,
                "payment: online payment orders and the simulated cashier",
                "/api/v1/payment/orders",
                "/api/v1/dev/payment-cashier/{gateway}/{orderNumber}/pay");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        record Open(long accountId, long billId, long open) {}
        Open bill = jdbc.sql("""
                        select supply_account_id as account_id, bill_id, open_amount as open from payment.receivable_item
                        where kind = 'BILL' and open_amount > 0 order by due_on desc, item_id desc limit 1""").query(Open.class).optional().orElse(null);
        require(bill != null, "Missing: no open demo bill in the ledger (the demo's billing is needed)");
        String phone = "137" + java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        context.getBean(io.gridhall.customer.Customers.class).prebind(phone, bill.accountId());
        Ledger ledger = context.getBean(Ledger.class);
        Balance before = ledger.balance(bill.accountId());

        try (Browser b = Browser.start(390, 844)) {
            b.run("portal-pay", () -> {
                signInCustomer(b, phone, () -> {});
                b.visible("[data-test=account-card]");
                b.open(base() + "/#/accounts/" + bill.accountId() + "/payments");
                b.click("[data-test=payments-pay]");
                b.waitForUrl("/pay");
                b.visible("[data-test=pay-bills]");
                b.click("[data-test=pay-channel-WECHAT]");
                b.screenshot("payment-10-portal-pay");
                b.click("[data-test=pay-submit]");
                b.waitForUrl("/orders/GH");
                b.visible("[data-test=order-cashier] img");
                b.screenshot("payment-11-portal-cashier");
                b.click("[data-test=cashier-pay]");
                // the simulated gateway's signed notification settles the order; the page polls until it does
                b.visible("[data-test=order-paid]");
                assertThat(b.visible("[data-test=order-allocation]").getText()).contains("¥");
                b.screenshot("payment-12-portal-paid");
            });
        }
        Balance after = ledger.balance(bill.accountId());
        assertThat(after.receivable()).isLessThan(before.receivable());
        assertThat(after.net()).isGreaterThan(before.net());
    }
}
