package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Role;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PostingKind;
import io.gridhall.payment.internal.IssuingInvoices;
import io.gridhall.shared.Money;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #10 in a real browser, electronic invoices (电子发票, PAY-11): a customer on a phone opens a paid bill, asks for
 * an invoice made out to a company (a mistyped 统一社会信用代码 is refused on the spot), sees it issued by the simulated
 * tax platform and downloads the PDF; a billing clerk of the branch finds it on the console's invoice page.
 */
class WebInvoiceTests extends DemoWebTest {

    private static final String PASSWORD = "Invoices-2026!";
    /** A 统一社会信用代码 with a correct check character (GB 32100-2015), and the same with its last one wrong. */
    private static final String TAX_ID = "91350100M000100Y43";

    private static final String WRONG_TAX_ID = "91350100M000100Y44";

    private static final String COMPANY = "杭州示例科技有限公司";

    @Test
    void aCustomerAsksForACompanyInvoiceOnAPaidBillAndTheClerkSeesIt() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(
                context,
                "payment: electronic invoices",
                "/api/v1/payment/accounts/{accountId}/bills/{billId}/invoice",
                "/api/v1/payment/invoices");
        IssuingInvoices invoices = context.getBean(IssuingInvoices.class);
        require(invoices.offered(), "Missing: no tax platform is configured (the simulator is needed)");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // a household with issued bills and nothing corrected, in the middle of the demo's (other journeys take the
        // first and the last accounts)
        Long found = jdbc.sql("""
                        select a.id from customer.supply_account a join billing.bill b on b.supply_account_id = a.id
                         where a.status = 'ACTIVE'
                         group by a.id
                        having count(*) filter (where b.status = 'ISSUED' and b.type = 'REGULAR' and b.total_fen > 0) >= 1
                           and count(*) filter (where b.type <> 'REGULAR' or b.status not in ('ISSUED')) = 0
                         order by a.id offset 80 limit 1""").query(Long.class).optional().orElse(null);
        require(found != null, "Missing: no demo household with issued bills (the demo bills its last three months)");
        long accountId = found;
        List<BillView> bills = context.getBean(Billing.class).issuedBills(accountId, 50);
        BillView bill = bills.getFirst();
        // the account paid up as a wallet payment would pay it, so the bill is settled
        Ledger ledger = context.getBean(Ledger.class);
        Money owing = ledger.balance(accountId).receivable();
        if (owing.fen() > 0) {
            String txn = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            ledger.pay(new Pay(
                    "gateway:WECHAT:" + txn,
                    PostingKind.PAYMENT,
                    PaymentChannel.GATEWAY,
                    List.of(new Pay.Share(
                            accountId, owing, bills.stream().map(BillView::id).toList())),
                    txn,
                    null));
        }
        var branch = context.getBean(Customers.class)
                .account(accountId)
                .orElseThrow()
                .branchId();
        Staff clerk = newStaff("invoiceclerk", "抄核收员", PASSWORD, branch.value(), Role.BILLING_CLERK);
        String phone = "137" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        context.getBean(Customers.class).prebind(phone, accountId);
        try (Browser b = Browser.start(390, 844)) {
            b.run("invoice-portal", () -> {
                signInCustomer(b, phone, () -> {});
                b.visible("[data-test=home-latest-bill]");
                b.open(base() + "/#/bills/" + bill.id().value());
                b.visible("[data-test=invoice-panel]");
                b.click("[data-test=invoice-open]");
                b.click("[data-test=invoice-company]");
                b.type(Browser.field("invoice-name"), COMPANY);
                // a mistyped check character is refused before anything is sent
                b.type(Browser.field("invoice-tax-id"), WRONG_TAX_ID);
                b.waitForText("[data-test=invoice-tax-id]", "校验码");
                assertThat(b.visible("[data-test=invoice-submit]").isEnabled()).isFalse();
                b.screenshot("invoice-01-tax-id-wrong");
                b.type(Browser.field("invoice-tax-id"), TAX_ID);
                b.click("[data-test=invoice-submit]");
                b.waitForText("[data-test=invoice-state]", "开具中");
                b.screenshot("invoice-02-requested");

                // the worker submits it, and the simulated platform issues it
                for (int i = 0; i < 10 && invoices.sweep() > 0; i++) {}
                b.click("[data-test=invoice-refresh]");
                b.waitForText("[data-test=invoice-state]", "已开具");
                b.visible("[data-test=invoice-number]");
                b.screenshot("invoice-03-issued");
                String href = b.visible("[data-test=invoice-pdf]").getAttribute("href");
                String cookie = b.driver.manage().getCookies().stream()
                        .map(c -> c.getName() + "=" + c.getValue())
                        .reduce((x, y) -> x + "; " + y)
                        .orElse("");
                HttpResponse<byte[]> pdf = http.send(
                        HttpRequest.newBuilder(URI.create(href))
                                .header("Cookie", cookie)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(pdf.statusCode()).isEqualTo(200);
                assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII))
                        .isEqualTo("%PDF-");
                java.nio.file.Files.write(Browser.SCREENSHOTS.resolve("invoice-03-issued.pdf"), pdf.body());
                assertThat(b.consoleMessages()).noneMatch(m -> m.startsWith("SEVERE") && !m.contains(" 401 "));
            });
        }
        String number = invoices.ofAccounts(List.of(accountId), 10).stream()
                .filter(i -> i.billId() == bill.id().value())
                .findFirst()
                .orElseThrow()
                .invoiceNumber();
        assertThat(number).isNotBlank();
        try (Browser b = Browser.start(1440, 900)) {
            b.run("invoice-console", () -> {
                signInStaff(b, clerk);
                b.click("[data-test=nav-payment-invoices]");
                b.waitForUrl("#/payment/invoices");
                b.waitForText("[data-test=invoice-list]", number);
                b.waitForText("[data-test=invoice-list]", COMPANY);
                b.screenshot("invoice-04-console");
            });
        }
    }
}
