package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillsIssued;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.OpenItem;
import io.gridhall.payment.internal.AccruingPenalties;
import io.gridhall.shared.Money;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #10 in a real browser, the back office of the payment desk: a clerk asks to waive a late-payment penalty and
 * a branch manager approves it (four eyes); a clerk closes the till at the end of the day and can take no more money;
 * a branch manager reconciles yesterday's gateway bill and resolves a discrepancy with a note (§5, §7).
 */
class WebPaymentDeskTests extends DemoWebTest {

    private static final String PASSWORD = "Payment-Desk-2026!";

    record Account(long id, String number, long branch) {}

    Account anAccount(String order) {
        Account account = JdbcClient.create(dataSource)
                .sql("select id, account_number as number, branch_id as branch from customer.supply_account"
                        + " where status = 'ACTIVE' order by id " + order + " limit 1")
                .query(Account.class)
                .optional()
                .orElse(null);
        require(account != null, "Missing: no demo supply account (the demo generator is needed)");
        return account;
    }

    Money penaltiesOpen(Ledger ledger, long account) {
        return ledger.statement(account, 500).openItems().stream()
                .filter(i -> i.kind().equals("PENALTY"))
                .map(OpenItem::open)
                .reduce(Money.ZERO, Money::plus);
    }

    @Test
    void aClerkAsksToWaiveAPenaltyAndAManagerApprovesIt() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(context, "payment: penalty waivers", "/api/v1/payment/penalty-waivers");
        Account account = anAccount("desc");
        Ledger ledger = context.getBean(Ledger.class);
        LocalDate today = LocalDate.now(context.getBean(Clock.class));
        // a bill overdue by ten days, and the penalty accrued on it
        long bill = ThreadLocalRandom.current().nextLong(1L << 51, 1L << 52);
        ledger.receive(new BillsIssued(List.of(new BillsIssued.IssuedBill(
                new BillId(bill),
                account.id(),
                new BranchId(account.branch()),
                BillType.REGULAR,
                "W" + bill,
                today.minusDays(60),
                today.minusDays(31),
                today.minusDays(28),
                today.minusDays(10),
                Money.yuan("200.00"),
                null))));
        context.getBean(AccruingPenalties.class).accrue(today, List.of(account.id()));
        Money penalties = penaltiesOpen(ledger, account.id());
        assertThat(penalties.fen()).isPositive();

        Staff clerk = newStaff("waiverclerk", "收费员", PASSWORD, account.branch(), Role.COUNTER_CLERK);
        Staff manager = newStaff("waivermanager", "所长", PASSWORD, account.branch(), Role.BRANCH_MANAGER);
        try (Browser b = Browser.start(1440, 900)) {
            b.run("waiver-request", () -> {
                signInStaff(b, clerk);
                b.click("[data-test=nav-payment-waivers]");
                b.waitForUrl("#/payment/waivers");
                b.type(Browser.field("waiver-number"), account.number());
                b.click("[data-test=waiver-find]");
                b.waitForText("[data-test=waiver-penalties]", today.toString());
                b.type(Browser.field("waiver-reason"), "营业厅系统故障，客户无法按期缴费");
                b.click("[data-test=waiver-submit]");
                b.waitForText("[data-test=waiver-queue]", "营业厅系统故障，客户无法按期缴费");
                b.screenshot("waiver-01-requested");
            });
        }
        // asked, not yet waived
        assertThat(penaltiesOpen(ledger, account.id())).isEqualTo(penalties);
        long waiver = JdbcClient.create(dataSource)
                .sql("select max(waiver_id) from payment.penalty_waiver where supply_account_id = :a")
                .param("a", account.id())
                .query(Long.class)
                .single();
        try (Browser b = Browser.start(1440, 900)) {
            b.run("waiver-approve", () -> {
                signInStaff(b, manager);
                b.click("[data-test=nav-payment-waivers]");
                b.waitForUrl("#/payment/waivers");
                b.click("[data-test=waiver-approve-" + waiver + "]");
                b.click(".el-message-box__btns .el-button--primary");
                b.gone("[data-test=waiver-approve-" + waiver + "]");
                b.screenshot("waiver-02-approved");
            });
        }
        assertThat(penaltiesOpen(ledger, account.id())).isEqualTo(Money.ZERO);
        assertThat(JdbcClient.create(dataSource)
                        .sql("select status from payment.penalty_waiver where waiver_id = :w")
                        .param("w", waiver)
                        .query(String.class)
                        .single())
                .isEqualTo("APPROVED");
    }

    @Test
    void aClerkClosesTheTillWithADifferenceAndCanTakeNoMoreMoney() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(context, "payment: till close", "/api/v1/payment/till");
        Account account = anAccount("desc");
        Staff clerk = newStaff("tillclerk", "收费员", PASSWORD, account.branch(), Role.COUNTER_CLERK);
        try (Browser b = Browser.start(1440, 900)) {
            b.run("till-close", () -> {
                signInStaff(b, clerk);
                b.click("[data-test=nav-payment-counter]");
                b.waitForUrl("#/payment/counter");
                b.type(Browser.field("pay-number"), account.number());
                b.click("[data-test=pay-find]");
                b.visible("[data-test=pay-balance]");
                b.type(Browser.field("pay-amount"), "50.00");
                b.click("[data-test=pay-submit]");
                b.visible("[data-test=pay-receipt]");
                b.driver.executeScript("document.querySelector('.el-dialog__headerbtn').click()");
                b.gone("[data-test=pay-receipt]");

                b.click("[data-test=nav-payment-till]");
                b.waitForUrl("#/payment/till");
                b.waitForText("[data-test=till-expected-CASH]", "50.00");
                b.type(Browser.field("till-cash"), "49.50");
                b.waitForText("[data-test=till-cash-difference]", "-0.50");
                b.type(Browser.field("till-reason"), "找零时多找了五角");
                b.click("[data-test=till-close]");
                b.click(".el-message-box__btns .el-button--primary");
                b.waitForText("[data-test=till-closed-difference]", "-0.50");
                b.screenshot("till-01-closed");

                // the closed till takes no more money today
                b.click("[data-test=nav-payment-counter]");
                b.waitForUrl("#/payment/counter");
                b.type(Browser.field("pay-number"), account.number());
                b.click("[data-test=pay-find]");
                b.visible("[data-test=pay-balance]");
                b.type(Browser.field("pay-amount"), "1.00");
                b.click("[data-test=pay-submit]");
                b.waitForText("[data-test=pay-error]", "已轧账");
                b.screenshot("till-02-refused");
            });
        }
    }

    boolean done(LocalDate day) {
        return JdbcClient.create(dataSource)
                        .sql("select count(*) from payment.reconciliation_run where gateway = 'WECHAT' and day = :d"
                                + " and state = 'DONE'")
                        .param("d", day)
                        .query(Long.class)
                        .single()
                > 0;
    }

    @Test
    void aManagerReconcilesYesterdayAndResolvesADiscrepancyWithANote() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(context, "payment: reconciliation", "/api/v1/payment/reconciliation/runs");
        Account account = anAccount("desc");
        Staff manager = newStaff("reconmanager", "所长", PASSWORD, account.branch(), Role.BRANCH_MANAGER);
        LocalDate yesterday =
                LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1);
        try (Browser b = Browser.start(1440, 900)) {
            b.run("reconcile-run", () -> {
                signInStaff(b, manager);
                b.click("[data-test=nav-payment-reconciliation]");
                b.waitForUrl("#/payment/reconciliation");
                // the demo's simulated WeChat Pay leaves one call in ten unanswered: the run then stays OPEN
                for (int i = 0; i < 5 && !done(yesterday); i++) {
                    b.click("[data-test=reconcile-run]");
                    b.waitForText("[data-test=reconcile-runs]", yesterday.toString());
                    Thread.sleep(1000);
                }
                b.screenshot("reconcile-01-run");
            });
        }
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long run = jdbc.sql("select run_id from payment.reconciliation_run where gateway = 'WECHAT' and day = :d"
                        + " and state = 'DONE'")
                .param("d", yesterday)
                .query(Long.class)
                .single();
        // a credit of ours the gateway's bill does not have (as the reconciliation lists it: of no order we know, so
        // placed in no branch and every approver's)
        long discrepancy = jdbc.sql("""
                        insert into payment.reconciliation_discrepancy (run_id, kind, transaction_id, order_number,
                            our_order_number, our_amount, ledger_amount, found_at, state, branch_ids)
                        values (:r, 'MISSING_AT_GATEWAY', :t, 'GH000000000000000001', 'GH000000000000000001', 1234,
                            1234, now(), 'OPEN', '{}')
                        returning discrepancy_id""")
                .param("r", run)
                .param("t", "4200" + ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41))
                .query(Long.class)
                .single();
        try (Browser b = Browser.start(1440, 900)) {
            b.run("reconcile-resolve", () -> {
                signInStaff(b, manager);
                b.click("[data-test=nav-payment-reconciliation]");
                b.waitForUrl("#/payment/reconciliation");
                b.waitForText("[data-test=reconcile-runs]", yesterday.toString());
                // a branch manager is told the counts and discrepancies are those of their branches
                b.waitForText("[data-test=reconcile-scoped]", "所辖供电所");
                b.click("[data-test=reconcile-runs] .el-table__body tr:first-child td");
                b.click("[data-test=reconcile-resolve-" + discrepancy + "]");
                b.type(Browser.field("reconcile-note"), "渠道次日账单补记，已与微信支付核实");
                b.click("[data-test=reconcile-submit]");
                b.gone("[data-test=reconcile-resolve-" + discrepancy + "]");
                b.waitForText("[data-test=reconcile-discrepancies]", "渠道次日账单补记");
                b.screenshot("reconcile-02-resolved");
            });
        }
        assertThat(jdbc.sql("select resolution from payment.reconciliation_discrepancy where discrepancy_id = :d")
                        .param("d", discrepancy)
                        .query(String.class)
                        .single())
                .isEqualTo("ACCEPTED");
    }

    @Test
    void aClerkAsksToRefundCreditAndABranchManagerApprovesIt() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(context, "payment: refunds", "/api/v1/payment/refunds");
        Account account = anAccount("desc");
        Ledger ledger = context.getBean(Ledger.class);
        Staff clerk = newStaff("refundclerk", "收费员", PASSWORD, account.branch(), Role.COUNTER_CLERK);
        Staff manager = newStaff("refundmanager", "所长", PASSWORD, account.branch(), Role.BRANCH_MANAGER);
        // credit to refund: a top-up at the counter of what the account owes and 80 yuan more (it settles the debt
        // first)
        Money topUp = ledger.balance(account.id()).receivable().plus(Money.yuan("80.00"));
        ledger.pay(new io.gridhall.payment.Pay(
                "web-refund-credit:" + java.util.UUID.randomUUID(),
                io.gridhall.payment.PostingKind.TOP_UP,
                io.gridhall.payment.PaymentChannel.CASH,
                List.of(new io.gridhall.payment.Pay.Share(account.id(), topUp)),
                null,
                io.gridhall.testing.Actors.staff(new BranchId(account.branch()), Role.COUNTER_CLERK)));
        Money before = ledger.balance(account.id()).prepaid();
        require(before.compareTo(Money.yuan("30.00")) >= 0, "Missing: credit on the demo account after a top-up");
        String reason = "客户销户，退还预存电费余额";
        try (Browser b = Browser.start(1440, 900)) {
            b.run("refund-request", () -> {
                signInStaff(b, clerk);
                b.click("[data-test=nav-payment-refunds]");
                b.waitForUrl("#/payment/refunds");
                b.type(Browser.field("refund-number"), account.number());
                b.click("[data-test=refund-find]");
                b.type(Browser.field("refund-amount"), "30.00");
                b.type(Browser.field("refund-reason"), reason);
                b.click("[data-test=refund-submit]");
                b.waitForText("[data-test=refund-queue]", reason);
                // the clerk who asked cannot approve: no such button for them
                assertThat(b.all("[data-test^=refund-approve-]")).isEmpty();
                b.screenshot("refund-01-requested");
            });
        }
        // asked, not yet paid out
        assertThat(ledger.balance(account.id()).prepaid()).isEqualTo(before);
        long refund = JdbcClient.create(dataSource)
                .sql("select max(refund_id) from payment.refund_request where supply_account_id = :a")
                .param("a", account.id())
                .query(Long.class)
                .single();
        try (Browser b = Browser.start(1440, 900)) {
            b.run("refund-approve", () -> {
                signInStaff(b, manager);
                b.click("[data-test=nav-payment-refunds]");
                b.waitForUrl("#/payment/refunds");
                b.waitForText("[data-test=refund-queue]", reason);
                b.click("[data-test=refund-approve-" + refund + "]");
                // the approver lowers the amount (issue #10): more than was asked is refused in the page; less needs a
                // note
                b.type(Browser.field("refund-approval-amount"), "30.01");
                b.waitForText("[data-test=refund-approval] .el-form-item__error", "30.00");
                assertThat(b.all("[data-test=refund-approval-confirm]:disabled"))
                        .hasSize(1);
                b.type(Browser.field("refund-approval-amount"), "20.00");
                assertThat(b.all("[data-test=refund-approval-confirm]:disabled"))
                        .hasSize(1);
                b.type(Browser.field("refund-approval-note"), "客户同意先退二十元");
                b.screenshot("refund-02-approval");
                b.click("[data-test=refund-approval-confirm]");
                b.gone("[data-test=refund-approve-" + refund + "]");
                b.screenshot("refund-03-approved");
            });
        }
        assertThat(ledger.balance(account.id()).prepaid()).isEqualTo(before.minus(Money.yuan("20.00")));
        assertThat(JdbcClient.create(dataSource)
                        .sql("select approved_amount from payment.refund_request where refund_id = :r")
                        .param("r", refund)
                        .query(Long.class)
                        .single())
                .isEqualTo(2000L);
        assertThat(JdbcClient.create(dataSource)
                        .sql("select status from payment.refund_request where refund_id = :r")
                        .param("r", refund)
                        .query(String.class)
                        .single())
                .isEqualTo("APPROVED");
    }

    @Test
    void aManagerMakesVoucherCodesAndACustomerRedeemsOneOnThePortal() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(
                context,
                "payment: vouchers",
                "/api/v1/payment/vouchers/batches",
                "/api/v1/payment/vouchers/redemptions");
        Account account = anAccount("desc");
        Ledger ledger = context.getBean(Ledger.class);
        Staff manager = newStaff("vouchermanager", "所长", PASSWORD, account.branch(), Role.BRANCH_MANAGER);
        LocalDate expires = LocalDate.now(context.getBean(Clock.class)).plusDays(30);
        String batch = "元旦充值券" + ThreadLocalRandom.current().nextInt(1000, 9999);
        String[] code = new String[1];
        try (Browser b = Browser.start(1440, 900)) {
            b.run("voucher-batch", () -> {
                signInStaff(b, manager);
                b.click("[data-test=nav-payment-vouchers]");
                b.waitForUrl("#/payment/vouchers");
                b.type(Browser.field("voucher-name"), batch);
                b.type(Browser.field("voucher-value"), "20.00");
                // the date picker keeps its data-test to itself: its input is the editor's
                b.type(".el-date-editor input", expires.toString());
                b.visible(".el-date-editor input").sendKeys(org.openqa.selenium.Keys.ENTER);
                b.click("h2.page-title"); // closes the date picker's panel
                b.type(Browser.field("voucher-count"), "3");
                b.click("[data-test=voucher-make]");
                b.waitForText("[data-test=voucher-batches]", batch);
                b.visible("[data-test=voucher-codes] .mono");
                code[0] = b.all("[data-test=voucher-codes] td.mono")
                        .getFirst()
                        .getText()
                        .strip();
                assertThat(code[0]).matches("[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}");
                b.screenshot("voucher-01-batch");
            });
        }
        String phone = "134" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        context.getBean(io.gridhall.customer.Customers.class).prebind(phone, account.id());
        Money before = ledger.balance(account.id()).net();
        try (Browser b = Browser.start(375, 812)) {
            b.run("voucher-redeem", () -> {
                signInCustomer(b, phone, () -> {});
                b.visible("[data-test=account-card]");
                b.open(base() + "/#/accounts/" + account.id() + "/payments");
                b.type(Browser.field("voucher-code"), code[0].toLowerCase());
                b.click("[data-test=voucher-redeem]");
                b.waitForText(".van-toast", "20.00");
                b.waitForText("[data-test=payments-records]", "充值券");
                b.screenshot("voucher-02-portal-redeemed");
                // the same code again is refused in the customer's language
                b.type(Browser.field("voucher-code"), code[0]);
                b.click("[data-test=voucher-redeem]");
                b.waitForText(".van-toast", "不能再次使用");
            });
        }
        assertThat(ledger.balance(account.id()).net()).isEqualTo(before.plus(Money.yuan("20.00")));
    }
}
