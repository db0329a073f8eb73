package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.identity.Role;
import io.gridhall.payment.Balance;
import io.gridhall.payment.Ledger;
import io.gridhall.shared.Money;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Issue #10 in a real browser: a counter clerk takes cash for a demo account, gets a receipt, sees the statement. */
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
}
