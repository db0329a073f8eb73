package io.gridhall.billing.internal;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.LineExplanation;
import io.gridhall.billing.LineSource;
import io.gridhall.billing.internal.rating.RatedBill;
import io.gridhall.billing.internal.rating.Usage;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.Customers;
import io.gridhall.customer.IdNumbers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.Grid.AreaRow;
import io.gridhall.grid.Grid.BoxRow;
import io.gridhall.grid.Grid.BranchRow;
import io.gridhall.grid.Grid.LineRow;
import io.gridhall.grid.Grid.MeterRow;
import io.gridhall.grid.Grid.MeteringPointRow;
import io.gridhall.grid.Grid.SubstationRow;
import io.gridhall.grid.MeterView;
import io.gridhall.grid.NodeType;
import io.gridhall.identity.BranchId;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.Quality;
import io.gridhall.metering.ReadingDelivery;
import io.gridhall.metering.ReadingSource;
import io.gridhall.metering.RegisterRead;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A branch of accounts with meters and a month of register reads, unique per test; a flat test tariff. Public for the
 * console's billing journey, which bills such a branch on the demo's tariffs.
 */
public final class BillingFixtures {

    static final BigDecimal PRICE = new BigDecimal("0.500000");

    private BillingFixtures() {}

    @TestConfiguration
    static class Config {
        /** 0.50 yuan per kWh, one line: enough to test runs, audit and corrections apart from the tariffs. */
        @Bean
        @Primary
        Pricing flatTestTariff() {
            return BillingFixtures::rate;
        }
    }

    static Optional<RatedBill> rate(Usage usage) {
        if (usage.account().tariffCategory().endsWith("_UNPRICED")) return Optional.empty();
        if (usage.account().tariffCategory().endsWith("_REFUSED")) {
            throw new io.gridhall.billing.internal.rating.RatingException("the test tariff refuses this account");
        }
        BigDecimal energy = BigDecimal.ZERO;
        boolean estimated = false;
        List<LineSource> sources = new ArrayList<>();
        for (Usage.MeterSegment s : usage.meters()) {
            energy = energy.add(BigDecimal.valueOf(s.end().total() - s.start().total())
                    .multiply(BigDecimal.valueOf(s.multiplier()))
                    .movePointLeft(2));
            for (Usage.RegisterSnapshot r : List.of(s.start(), s.end())) {
                estimated |= "ESTIMATED".equals(r.quality());
                sources.add(new LineSource(
                        "REGISTER",
                        s.meterId(),
                        s.assetNumber(),
                        r.day(),
                        "TOTAL",
                        BigDecimal.valueOf(r.total()).movePointLeft(2),
                        r.quality(),
                        s.multiplier()));
            }
        }
        Money amount = new Money(energy.multiply(PRICE)
                .movePointRight(2)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact());
        Kwh kwh = new Kwh(energy);
        BillLineView line = new BillLineView(
                1,
                "ENERGY_TIER1",
                energy,
                "KWH",
                PRICE,
                amount,
                new LineExplanation("TEST_FLAT", 1, energy.toPlainString() + " kWh × 0.500000", sources));
        return Optional.of(new RatedBill(
                "TEST_FLAT",
                1,
                List.of(line),
                amount,
                kwh,
                usage.account().tierUsedBefore().plus(kwh),
                estimated));
    }

    /** What one account of a branch uses in the period, and how it is metered and read. */
    public record Plan(String category, CustomerClass cls, long usageHundredths, Shape shape) {}

    public enum Shape {
        /** reads on the day before the period and on its last day */
        NORMAL,
        /** the last day's read missing: the one two days before is used */
        END_READ_TWO_DAYS_EARLY,
        /** no reads at all */
        NO_READS,
        /** the meter replaced on the 16th: the old meter's final read and the new one's start read both count */
        REPLACED_MID_PERIOD,
        /** the last day's read estimated */
        ESTIMATED_END,
        /** no metering point */
        NO_METER
    }

    public record Branch(BranchId id, YearMonth period, long[] accounts, List<Plan> plans) {}

    public static Plan normal(long kwh) {
        return new Plan("RESIDENTIAL_TIERED", CustomerClass.RESIDENTIAL, kwh * 100, Shape.NORMAL);
    }

    public static Branch branch(
            Grid grid, Customers customers, MeterReadings readings, YearMonth period, List<Plan> plans) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        BranchId branch = new BranchId(grid.allocateIds(NodeType.BRANCH, 1)[0]);
        long substation = grid.allocateIds(NodeType.SUBSTATION, 1)[0];
        long line = grid.allocateIds(NodeType.LINE, 1)[0];
        long area = grid.allocateIds(NodeType.AREA, 1)[0];
        long box = grid.allocateIds(NodeType.BOX, 1)[0];
        int n = plans.size();
        long[] meters = grid.allocateIds(NodeType.METER, n * 2);
        long[] customerIds = customers.allocateCustomerIds(n);
        long[] accounts = customers.allocateAccountIds(n);
        BigDecimal lat = new BigDecimal("30.200000");
        BigDecimal lon = new BigDecimal("120.100000");
        LocalDate from = period.atDay(1);
        LocalDate to = period.atEndOfMonth();
        LocalDate replacedOn = period.atDay(16);
        List<MeterRow> meterRows = new ArrayList<>();
        List<MeteringPointRow> points = new ArrayList<>();
        List<Customers.CustomerRow> customerRows = new ArrayList<>();
        List<Customers.AccountRow> accountRows = new ArrayList<>();
        List<RegisterRead> reads = new ArrayList<>();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            Plan p = plans.get(i);
            for (int k = 0; k < 2; k++) {
                meterRows.add(new MeterRow(
                        meters[2 * i + k],
                        branch,
                        substation,
                        line,
                        area,
                        box,
                        "B" + tag + "-" + i + "-" + k,
                        String.format("%012d", ThreadLocalRandom.current().nextLong(0, 1_000_000_000_000L)),
                        MeterView.FeeControl.NONE,
                        1,
                        1,
                        MeterView.Phase.SINGLE,
                        "正泰",
                        "DDZY666",
                        LocalDate.of(2020, 1, 1)));
            }
            String first17 = "330106" + (1950 + i % 50) + "0615" + String.format("%03d", i % 1000);
            customerRows.add(new Customers.CustomerRow(
                    customerIds[i],
                    branch,
                    p.cls(),
                    CustomerKind.PERSON,
                    "测试户" + i,
                    first17 + IdNumbers.checkCharacter(first17),
                    p.cls() == CustomerClass.LARGE_INDUSTRIAL ? 400 : null));
            accountRows.add(new Customers.AccountRow(
                    accounts[i],
                    String.format("8%09d", accounts[i] % 1_000_000_000L),
                    customerIds[i],
                    "测试户" + i,
                    "测试路" + i + "号",
                    branch,
                    p.category(),
                    LocalDate.of(2020, 1, 1)));
            long old = meters[2 * i];
            long fresh = meters[2 * i + 1];
            long base = 100_000L * (i + 1);
            switch (p.shape()) {
                case NO_METER -> {}
                case REPLACED_MID_PERIOD -> {
                    points.add(new MeteringPointRow(old, accounts[i], null, replacedOn.minusDays(1)));
                    points.add(new MeteringPointRow(fresh, accounts[i], replacedOn, null));
                    long half = p.usageHundredths() / 2;
                    reads.add(read(old, from.minusDays(1), base, Quality.ACTUAL, at));
                    reads.add(read(old, replacedOn.minusDays(1), base + half, Quality.ACTUAL, at));
                    reads.add(read(fresh, replacedOn.minusDays(1), 0, Quality.ACTUAL, at));
                    reads.add(read(fresh, to, p.usageHundredths() - half, Quality.ACTUAL, at));
                }
                default -> {
                    points.add(new MeteringPointRow(old, accounts[i]));
                    if (p.shape() == Shape.NO_READS) break;
                    reads.add(read(old, from.minusDays(1), base, Quality.ACTUAL, at));
                    LocalDate end = p.shape() == Shape.END_READ_TWO_DAYS_EARLY ? to.minusDays(2) : to;
                    Quality q = p.shape() == Shape.ESTIMATED_END ? Quality.ESTIMATED : Quality.ACTUAL;
                    reads.add(read(old, end, base + p.usageHundredths(), q, at));
                }
            }
        }
        grid.importRows(new Grid.ImportBatch(
                List.of(new BranchRow(branch, "BB" + tag, "计费测试所" + tag, "测试县", lat, lon)),
                List.of(new SubstationRow(substation, branch, "BS" + tag, "计费变", 110, lat, lon)),
                List.of(new LineRow(line, branch, substation, "BL" + tag, "10kV计费线")),
                List.of(new AreaRow(area, branch, substation, line, "BA" + tag, "计费台区", 400, false, lat, lon)),
                List.of(new BoxRow(box, branch, substation, line, area, "BX" + tag, lat, lon)),
                meterRows,
                points));
        customers.importRows(new Customers.ImportBatch(customerRows, accountRows, List.of(), List.of()));
        if (!reads.isEmpty()) {
            readings.store(new ReadingDelivery("billing-test-" + tag, ReadingSource.API, List.of(), reads));
        }
        return new Branch(branch, period, accounts, plans);
    }

    static RegisterRead read(long meter, LocalDate day, long total, Quality quality, Instant at) {
        return new RegisterRead(meter, day, total, null, null, null, null, null, null, null, quality, null, at);
    }

    /** The total the flat test tariff charges for a usage in 0.01 kWh. */
    static Money flatTotal(long hundredths) {
        return new Money(BigDecimal.valueOf(hundredths)
                .movePointLeft(2)
                .multiply(PRICE)
                .movePointRight(2)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact());
    }
}
