package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.billing.TierProgress;
import io.gridhall.billing.TouComparison;
import io.gridhall.billing.internal.CorrectingBills;
import io.gridhall.customer.Customers;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The customer's bill pages in a phone-sized browser (PAY-4), on the demo's own bills: the latest bill on the home page,
 * the bills page with tier progress and the time-of-use check, a bill's lines with their explanations, a reversal and
 * rebill with the reason (made as a clerk makes it), the PDF. What the pages must show is what the billing facade
 * answers for the account.
 */
class WebBillPagesTests extends DemoWebTest {

    static final String REASON = "估算示数偏高，按实抄示数重算";

    @Test
    void aCustomerFollowsTheLatestBillToItsExplainedLinesAndItsPdf() throws Exception {
        Browser.requireInstalled();
        Browser.requireFrontEndBuilt();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // a household on the demo's annual tiers with more than one issued bill and nothing corrected yet; the highest
        // id, so as not to meet the counter payment journey (which pays the lowest)
        Long found = jdbc.sql("""
                        select a.id from customer.supply_account a join billing.bill b on b.supply_account_id = a.id
                         where a.tariff_category = 'RESIDENTIAL_TIERED' and a.status = 'ACTIVE'
                         group by a.id
                        having count(*) filter (where b.status = 'ISSUED' and b.type = 'REGULAR' and b.energy > 0) >= 2
                           and count(*) filter (where b.type <> 'REGULAR' or b.status not in ('ISSUED')) = 0
                         order by a.id desc limit 1""").query(Long.class).optional().orElse(null);
        require(found != null, "Missing: no demo household with issued bills (the demo bills its last three months)");
        long accountId = found;
        Billing billing = context.getBean(Billing.class);
        BillView original = billing.issuedBills(accountId, 1).getFirst();
        BranchId branch = context.getBean(Customers.class)
                .account(accountId)
                .orElseThrow()
                .branchId();
        // the latest bill corrected as a clerk corrects it: reversed and rebilled, with the reason and who asked
        CorrectingBills.Corrected corrected = context.getBean(CorrectingBills.class)
                .reverse(Actors.staff(branch, Role.BILLING_CLERK), original.id().value(), REASON, true);
        BillView reversal = corrected.reversal();
        BillView rebill = corrected.rebill();
        List<BillView> issued = billing.issuedBills(accountId, 50);
        TierProgress tiers = billing.tierProgress(accountId, LocalDate.now())
                .orElseThrow(() -> new AssertionError("no tier progress"));
        TouComparison tou = billing.touComparison(accountId, YearMonth.now().minusMonths(1))
                .orElseThrow(() -> new AssertionError("no time-of-use comparison"));
        BillLineView firstLine = rebill.lines().getFirst();

        String phone = "136" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        context.getBean(Customers.class).prebind(phone, accountId);
        try (Browser b = Browser.start(390, 844)) {
            b.run("bill-pages", () -> {
                signInCustomer(b, phone, () -> {});
                // the home page shows the latest bill to pay: the rebill, not the reversal
                b.waitForText("[data-test=home-latest-bill]", yuan(rebill.total()));
                b.screenshot("40-portal-home-latest-bill");

                b.click("[data-test=to-bills]");
                b.waitForUrl("/bills");
                b.waitForText("[data-test=latest-total]", yuan(rebill.total()));
                if (tiers.toNextTier() != null) {
                    b.waitForText(
                            "[data-test=tier-next]", kwh(tiers.toNextTier().value()));
                }
                b.visible("[data-test=tier-progress] canvas");
                b.waitForText(
                        "[data-test=tou-saving]",
                        yuan(tou.saving().isNegative() ? tou.saving().negate() : tou.saving()));
                assertThat(b.all("[data-test=bill-row]")).hasSize(issued.size());
                b.screenshot("41-portal-bills");

                b.click("[data-test=latest-bill]");
                b.waitForUrl("/bills/" + rebill.id());
                b.waitForText("[data-test=bill-total]", yuan(rebill.total()));
                b.waitForText("[data-test=bill-correction]", REASON);
                b.waitForText("[data-test=bill-correction]", "测试员");
                b.waitForText("[data-test=bill-correction]", original.billNumber());
                assertThat(b.all("[data-test=bill-line]"))
                        .hasSize(rebill.lines().size());
                b.screenshot("42-portal-bill");

                // a line opens to its explanation: the formula and the reads with their quality
                b.click("[data-test=bill-line] .van-collapse-item__title");
                b.waitForText(
                        "[data-test=line-explanation]", firstLine.explanation().formula());
                b.waitForText(
                        "[data-test=line-explanation]",
                        kwh(firstLine.explanation().sources().getFirst().value()));
                b.screenshot("43-portal-bill-line-explained");

                // the PDF link answers a PDF for the signed-in customer
                String href = b.visible("[data-test=bill-pdf]").getAttribute("href");
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
                assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                        .isEqualTo("%PDF-");
                java.nio.file.Files.write(Browser.SCREENSHOTS.resolve("42-portal-bill.pdf"), pdf.body());

                // the reversal shows as a credit with its reason, and no due date
                b.open(base() + "/#/bills/" + reversal.id());
                b.waitForText("[data-test=bill-total]", yuan(reversal.total()));
                assertThat(yuan(reversal.total())).startsWith("-¥");
                b.waitForText("[data-test=bill-correction]", original.billNumber());
                b.screenshot("44-portal-reversal");
            });
        }
    }

    /** As the pages show money: ¥1,234.50 and -¥138.80. */
    static String yuan(Money m) {
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
        BigDecimal v = m.toYuan();
        return (v.signum() < 0 ? "-" : "") + "¥" + f.format(v.abs());
    }

    /** As the pages show kWh: up to four decimals, no trailing zeros. */
    static String kwh(BigDecimal v) {
        return v.setScale(4, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }
}
