package io.gridhall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.when;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.billing.Bills;
import io.gridhall.billing.TierProgress;
import io.gridhall.billing.TouComparison;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The customer's bill pages in a phone-sized browser (PAY-4): the latest bill on the home page, the bills page with
 * tier progress and the time-of-use check, a bill's lines with their explanations, a reversal and rebill with the
 * reason, the PDF. The bills come from a mocked billing facade holding a reversed November bill, its reversal and
 * its rebill; the accounts, bindings, sign-in and pages are real.
 */
// The mocked facade makes a context of its own on the demo's database: its simulator would register the same
// concentrators with fresh secrets and take them from the other demo context's head-end. It runs after the other
// classes, because one context more evicts the shared demo context from the test context cache (32 contexts).
@TestPropertySource(properties = "gridhall.demo.simulator=false")
@Order(Integer.MAX_VALUE - 1)
class WebBillPagesTests extends DemoWebTest {

    @MockitoBean
    Billing billing;

    final Map<Long, BillView> bills = new ConcurrentHashMap<>();

    @Test
    void aCustomerFollowsTheLatestBillToItsExplainedLinesAndItsPdf() throws Exception {
        Browser.requireInstalled();
        Browser.requireFrontEndBuilt();
        long accountId =
                new JdbcTemplate(dataSource).queryForObject("select min(id) from customer.supply_account", Long.class);
        SupplyAccountView account =
                context.getBean(Customers.class).account(accountId).orElseThrow();
        String phone = "136" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        context.getBean(Customers.class).prebind(phone, accountId);

        long id = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
        BillView original = Bills.withStatus(
                Bills.aResidentialTouBill(id, accountId, account.accountNumber(), account.branchId()),
                BillStatus.REVERSED);
        BillView reversal = Bills.reversalOf(original, id + 1, "估算示数偏高，按实抄示数重算", "李会计");
        BillView rebill = Bills.rebillOf(original, id + 2, "估算示数偏高，按实抄示数重算", "李会计");
        for (BillView b : List.of(original, reversal, rebill)) bills.put(b.id().value(), b);
        when(billing.bill(any()))
                .thenAnswer(inv -> Optional.ofNullable(bills.get(((BillId) inv.getArgument(0)).value())));
        when(billing.issuedBills(anyLong(), anyInt()))
                .thenAnswer(inv ->
                        (long) inv.getArgument(0) == accountId ? List.of(rebill, reversal, original) : List.of());
        when(billing.tierProgress(anyLong(), any())).thenReturn(Optional.of(tierProgress(accountId)));
        when(billing.touComparison(anyLong(), any())).thenReturn(Optional.of(touComparison(accountId)));

        try (Browser b = Browser.start(390, 844)) {
            b.run("bill-pages", () -> {
                signInCustomer(b, phone, () -> {});
                // the home page shows the latest bill to pay: the rebill, not the reversal
                b.waitForText("[data-test=home-latest-bill]", "¥138.80");
                b.screenshot("40-portal-home-latest-bill");

                b.click("[data-test=to-bills]");
                b.waitForUrl("/bills");
                b.waitForText("[data-test=latest-total]", "¥138.80");
                b.waitForText("[data-test=tier-next]", "1780");
                b.visible("[data-test=tier-progress] canvas");
                b.waitForText("[data-test=tou-saving]", "¥86.40");
                assertThat(b.all("[data-test=bill-row]")).hasSize(3);
                b.screenshot("41-portal-bills");

                b.click("[data-test=latest-bill]");
                b.waitForUrl("/bills/" + rebill.id());
                b.waitForText("[data-test=bill-total]", "¥138.80");
                b.waitForText("[data-test=bill-correction]", "估算示数偏高");
                b.waitForText("[data-test=bill-correction]", "李会计");
                b.waitForText("[data-test=bill-correction]", original.billNumber());
                b.visible("[data-test=bill-tou] canvas");
                b.visible("[data-test=bill-estimated]");
                assertThat(b.all("[data-test=bill-line]")).hasSize(3);
                b.screenshot("42-portal-bill");

                // a line opens to its explanation: the formula and the reads with their quality
                b.click("[data-test=bill-line] .van-collapse-item__title");
                b.waitForText("[data-test=line-explanation]", "180 kWh × 0.568000 = 102.24");
                b.waitForText("[data-test=line-explanation]", "8180.12");
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
                b.waitForText("[data-test=bill-total]", "-¥138.80");
                b.waitForText("[data-test=bill-correction]", original.billNumber());
                b.screenshot("44-portal-reversal");
            });
        }
    }

    private static TierProgress tierProgress(long accountId) {
        List<TierProgress.MonthUse> months = new ArrayList<>();
        int[] kwh = {310, 280, 250, 220, 230, 300, 420, 450, 260, 200, 100};
        for (int m = 0; m < kwh.length; m++)
            months.add(new TierProgress.MonthUse(YearMonth.of(2026, m + 1), Kwh.of(String.valueOf(kwh[m]))));
        return new TierProgress(
                accountId,
                Bills.TARIFF,
                2,
                "ANNUAL",
                LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 12, 31),
                Kwh.of("3020"),
                List.of(
                        new TierProgress.Tier(1, Kwh.of("2760"), new BigDecimal("0.538000")),
                        new TierProgress.Tier(2, Kwh.of("4800"), new BigDecimal("0.588000")),
                        new TierProgress.Tier(3, null, new BigDecimal("0.838000"))),
                2,
                Kwh.of("1780"),
                months);
    }

    private static TouComparison touComparison(long accountId) {
        List<TouComparison.Month> months = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            months.add(new TouComparison.Month(
                    YearMonth.of(2025, 12).plusMonths(m),
                    Kwh.of("250"),
                    new BigDecimal("0.42"),
                    Money.yuan("134.50"),
                    Money.yuan("127.30")));
        }
        return new TouComparison(
                accountId,
                Bills.TARIFF,
                2,
                "ZJ-RES-TOU",
                1,
                months,
                Money.yuan("1614.00"),
                Money.yuan("1527.60"),
                Money.yuan("86.40"));
    }
}
