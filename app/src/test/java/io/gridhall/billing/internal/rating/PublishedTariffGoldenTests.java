package io.gridhall.billing.internal.rating;

import static io.gridhall.billing.internal.rating.Usages.household;
import static io.gridhall.billing.internal.rating.Usages.simple;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.internal.rating.Usage.AccountFacts;
import io.gridhall.shared.Money;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden bills on the shipped pack: worked examples of the published tariffs, each rendered line by line (code,
 * quantity, price, amount, formula) and compared with a file under {@code billing/golden/}. Each case says where its
 * figures come from. Run with {@code -Dgolden.write=true} to rewrite the files after a deliberate change, then review
 * the diff.
 */
class PublishedTariffGoldenTests {

    final RatingEngine engine = new RatingEngine();

    static String render(String title, RatedBill bill) {
        StringBuilder s = new StringBuilder("# ").append(title).append('\n');
        s.append("tariff ")
                .append(bill.tariffId())
                .append(" v")
                .append(bill.tariffVersion())
                .append('\n');
        for (BillLineView l : bill.lines())
            s.append(l.lineNo())
                    .append(' ')
                    .append(l.code())
                    .append(' ')
                    .append(l.quantity().stripTrailingZeros().toPlainString())
                    .append(' ')
                    .append(l.unit())
                    .append(" @ ")
                    .append(l.price() == null ? "-" : l.price().toPlainString())
                    .append(" = ")
                    .append(l.amount())
                    .append("\n    ")
                    .append(l.explanation().formula())
                    .append('\n');
        s.append("total ")
                .append(bill.total())
                .append(" (VAT included ")
                .append(bill.vatIncluded())
                .append(")\n");
        s.append("energy ")
                .append(bill.energy())
                .append(" kWh, tier counter after ")
                .append(bill.tierUsedAfter());
        return s.append("\n\n").toString();
    }

    static void golden(String file, String actual) throws IOException {
        if (Boolean.getBoolean("golden.write")) {
            Path p = Path.of("src/test/resources/billing/golden", file);
            Files.writeString(p, actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = PublishedTariffGoldenTests.class.getResourceAsStream("/billing/golden/" + file)) {
            assertThat(in).as("golden file %s", file).isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void beijingMonthlyTiers() throws IOException {
        // 京发改〔2012〕 worked example as the 2012 announcements published it: 500 kWh in a month =
        // 240 × 0.4883 + 160 × 0.5383 + 100 × 0.7883 = 282.15 yuan
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-BJ-RES-TIERED"), simple("2026-07-01", "2026-07-31", "500", household(null, "0")));
        assertThat(bill.total()).isEqualTo(Money.yuan("282.15"));
        golden("beijing-monthly.txt", render("Beijing, 500 kWh in July (published worked example: 282.15 yuan)", bill));
    }

    @Test
    void zhejiangAnnualTiersSettledMonthly() throws IOException {
        // 浙价资〔2012〕181号: 3000 kWh in a year = 2760 × 0.538 + 240 × 0.588 = 1484.88 + 141.12 = 1626.00 yuan
        // (the provincial utility's published example of the annual tiers, check); here settled month by month, the
        // counter carried from one bill to the next, 250 kWh a month
        StringBuilder all = new StringBuilder();
        Money year = Money.ZERO;
        String used = "0";
        for (int m = 1; m <= 12; m++) {
            LocalDate from = LocalDate.of(2026, m, 1);
            LocalDate to = from.withDayOfMonth(from.lengthOfMonth());
            RatedBill bill = engine.rate(
                    Tariffs.schedule("CN-ZJ-RES-TIERED"),
                    simple(from.toString(), to.toString(), "250", household("2026-01-01", used)));
            used = bill.tierUsedAfter().toString();
            year = year.plus(bill.total());
            all.append(render("Zhejiang, 250 kWh in " + from.getMonth(), bill));
        }
        assertThat(year).isEqualTo(Money.yuan("1626.00"));
        golden("zhejiang-annual.txt", all.toString());
    }

    @Test
    void guangdongSummerAndWinterThresholds() throws IOException {
        // 粤发改价格〔2012〕: summer (May-October) 260 / 600, otherwise 200 / 400; first-tier price 0.61 (check)
        RatedBill summer = engine.rate(
                Tariffs.schedule("CN-GD-RES-TIERED"), simple("2026-08-01", "2026-08-31", "700", household(null, "0")));
        RatedBill winter = engine.rate(
                Tariffs.schedule("CN-GD-RES-TIERED"), simple("2026-01-01", "2026-01-31", "700", household(null, "0")));
        // 260 × 0.61 + 340 × 0.66 + 100 × 0.91 = 158.60 + 224.40 + 91.00; 200 × 0.61 + 200 × 0.66 + 300 × 0.91
        assertThat(summer.total()).isEqualTo(Money.yuan("474.00"));
        assertThat(winter.total()).isEqualTo(Money.yuan("527.00"));
        golden(
                "guangdong-seasonal.txt",
                render("Guangdong, 700 kWh in August", summer) + render("Guangdong, 700 kWh in January", winter));
    }

    @Test
    void shanghaiTimeOfUseWithTiers() throws IOException {
        // 沪发改价管〔2012〕: the third-tier TOU prices 峰 0.977 谷 0.487 are the first-tier 0.617 / 0.307 plus 0.36 / 0.18:
        // a household past 4800 kWh using 300 kWh (200 peak, 100 valley) pays 200 × 0.977 + 100 × 0.487 = 244.10
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-SH-RES-TOU"),
                TimeOfUseAndTwoPartRatingTests.touMonth("300", "0", "0", "0", "100", household("2026-01-01", "5000")));
        assertThat(bill.total()).isEqualTo(Money.yuan("244.10"));
        golden("shanghai-tou.txt", render("Shanghai, TOU, third tier, 200 kWh peak and 100 valley", bill));
    }

    @Test
    void zhejiangLargeIndustryTwoPart() throws IOException {
        // the structure of a published two-part bill (basic charge by demand with the excess above 105% doubled,
        // TOU energy, power-factor adjustment on basic + energy, funds per kWh); energy prices marked (check)
        AccountFacts facts = Usages.factory(null, "1000", List.of());
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-ZJ-LI-10KV"),
                new Usage(
                        LocalDate.of(2026, 11, 1),
                        LocalDate.of(2026, 11, 30),
                        List.of(TimeOfUseAndTwoPartRatingTests.factoryMeter("30", "1100")),
                        facts));
        assertThat(bill.energy().value()).isEqualByComparingTo(new BigDecimal("100000"));
        golden("zhejiang-two-part.txt", render("Zhejiang large industry, 1-10 kV, demand 1100 kW of 1000", bill));
    }

    @Test
    void zhejiangLargeIndustryByTheHoursOfItsSchedule() throws IOException {
        // worked by hand (issue 9): January 2027 on version 2 (CN-ZJ-LI-TOU, January a 尖峰 month: 尖峰 4 h, 高峰 8 h,
        // 低谷 12 h a day, every day alike so 1 January counts like any day and no calendar is needed); a flat 400 kW,
        // each quarter hour 0.05 kWh as read × 2000 = 100 kWh, 31 days = 297,600 kWh:
        //   尖峰 16/96 = 49,600 kWh × 1.1844 = 58,746.24; 高峰 32/96 = 99,200 × 0.9874 = 97,950.08;
        //   低谷 48/96 = 148,800 × 0.3144 = 46,782.72; basic 400 kW (of 1000 contracted) × 40 = 16,000.00;
        //   funds 297,600 × 0.019 = 5,654.40, × 0.001969 = 585.97, × 0.0062 = 1,845.12;
        //   cos φ = 297,600 / √(297,600² + 144,000²) = 0.90 at the standard 0.90: no adjustment.
        //   total 227,564.53
        LocalDate from = LocalDate.of(2027, 1, 1);
        LocalDate to = LocalDate.of(2027, 1, 31);
        List<Usage.DayIntervals> days = new java.util.ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            int[] v = new int[96];
            java.util.Arrays.fill(v, 500);
            days.add(new Usage.DayIntervals(d, v, "ACTUAL"));
        }
        Usage.RegisterSnapshot start =
                new Usage.RegisterSnapshot(from.minusDays(1), 100_000, 0L, 0L, 0L, 0L, 0L, 0L, "ACTUAL");
        Usage.RegisterSnapshot end =
                new Usage.RegisterSnapshot(to, 114_880, 2_480L, 4_960L, 0L, 7_440L, 7_200L, 0L, "ACTUAL");
        Usage.MeterSegment meter =
                new Usage.MeterSegment(9, "LI0009", 2000, start, end, new BigDecimal("400"), "MAIN", days);
        RatedBill bill = engine.rate(
                Tariffs.schedule("CN-ZJ-LI-10KV"),
                new Usage(from, to, List.of(meter), Usages.factory(null, "1000", List.of())));
        assertThat(bill.tariffVersion()).isEqualTo(2);
        assertThat(bill.gaps()).as("the schedule prices every day alike").isEmpty();
        assertThat(bill.total()).isEqualTo(Money.yuan("227564.53"));
        golden(
                "zhejiang-two-part-tou.txt",
                render("Zhejiang large industry by its schedule, January 2027, a flat 400 kW (worked by hand)", bill));
    }
}
