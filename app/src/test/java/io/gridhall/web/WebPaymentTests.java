package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.identity.Role;
import io.gridhall.payment.Balance;
import io.gridhall.payment.Ledger;
import io.gridhall.shared.Money;
import java.util.List;
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

    @Test
    void aCustomerPaysHomesInTwoBranchesInOneOrderAndSeesWhatEachLineSettled() throws Exception {
        // PAY-8 on a phone: every account the customer may pay with what it owes, those owing ticked, one order
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(
                context,
                "payment: one order over several accounts",
                "/api/v1/payment/balances",
                "/api/v1/payment/orders",
                "/api/v1/dev/payment-cashier/{gateway}/{orderNumber}/pay");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        record Owing(long id, String number, long branch, long receivable) {}
        // accounts other journeys leave alone (they take the first and the last account), in two branches
        List<Owing> owing = jdbc.sql("""
                        select distinct on (l.branch_id) a.id, a.account_number as number, l.branch_id as branch,
                               l.receivable
                        from payment.ledger_account l join customer.supply_account a on a.id = l.supply_account_id
                        where l.receivable > 0 and l.prepaid = 0
                          and a.id > (select min(id) from customer.supply_account)
                          and a.id < (select max(id) from customer.supply_account)
                        order by l.branch_id, a.id""").query(Owing.class).list();
        require(owing.size() >= 2, "Missing: demo accounts owing money in two branches (the demo's billing is needed)");
        Owing first = owing.get(0);
        Owing second = owing.get(1);
        String phone = "135" + java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        io.gridhall.customer.Customers customers = context.getBean(io.gridhall.customer.Customers.class);
        customers.prebind(phone, first.id());
        customers.prebind(phone, second.id());
        Ledger ledger = context.getBean(Ledger.class);
        String total =
                Money.fen(first.receivable() + second.receivable()).toYuan().toPlainString();

        try (Browser b = Browser.start(375, 812)) {
            b.run("portal-pay-all", () -> {
                signInCustomer(b, phone, () -> {});
                b.visible("[data-test=account-card]");
                // below the accounts, above the tab bar once scrolled to
                b.driver.executeScript(
                        "arguments[0].scrollIntoView({block: 'center'})", b.visible("[data-test=to-pay-all]"));
                b.click("[data-test=to-pay-all]");
                b.waitForUrl("#/pay");
                b.visible("[data-test=pay-all-account-" + first.number() + "]");
                b.visible("[data-test=pay-all-account-" + second.number() + "]");
                // both owe, so both are ticked and the total is what they owe together
                b.waitForText("[data-test=pay-all-total]", total);
                assertThat(b.all("[data-test=pay-all-amount-" + first.number() + "] input"))
                        .hasSize(1);
                b.screenshot("payment-20-portal-pay-all");
                // unticked, the second leaves the order; ticked again, it is back
                b.click("[data-test=pay-all-tick-" + second.number() + "]");
                b.waitForText(
                        "[data-test=pay-all-total]",
                        Money.fen(first.receivable()).toYuan().toPlainString());
                b.click("[data-test=pay-all-tick-" + second.number() + "]");
                b.waitForText("[data-test=pay-all-total]", total);
                b.click("[data-test=pay-channel-WECHAT]");
                b.click("[data-test=pay-all-submit]");
                b.waitForUrl("/orders/GH");
                b.visible("[data-test=order-cashier] img");
                b.screenshot("payment-21-portal-pay-all-cashier");
                b.click("[data-test=cashier-pay]");
                b.visible("[data-test=order-paid]");
                var lines = b.all("[data-test=order-allocation]");
                assertThat(lines).hasSize(2);
                String allocation = lines.stream().map(e -> e.getText()).reduce("", String::concat);
                assertThat(allocation)
                        .contains(first.number())
                        .contains(second.number())
                        .contains("已缴账单");
                b.screenshot("payment-22-portal-pay-all-paid");
            });
        }
        assertThat(ledger.balance(first.id()).receivable()).isEqualTo(Money.ZERO);
        assertThat(ledger.balance(second.id()).receivable()).isEqualTo(Money.ZERO);
    }
}
