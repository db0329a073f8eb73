package io.gridhall.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.customer.Customers;
import io.gridhall.demo.DemoLoad;
import io.gridhall.grid.Grid;
import io.gridhall.metering.Channel;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.MeteringTest;
import io.gridhall.simulator.MeterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo generator's grid import enrols its meters (place from the grid, class from the customer), and the roster
 * routes them to concentrators and feeds the metering history.
 */
@MeteringTest
class DemoRosterTests {

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Meters meters;

    @Autowired
    MeterReadings readings;

    @Autowired
    Readings stored;

    @Test
    void writesHistoryForEveryMeterOfTheGeneratedRoster() throws Exception {
        Path roster = Files.createTempFile("meters", ".csv");
        Clock clock = Clock.fixed(
                LocalDate.of(2026, 11, 1)
                        .atTime(9, 0)
                        .atZone(ZoneId.of("Asia/Shanghai"))
                        .toInstant(),
                ZoneId.of("Asia/Shanghai"));
        new DemoLoad(grid, customers, transactions, clock).load(System.nanoTime() % 100_000, 40, roster);
        List<MeterSpec> specs = DemoHistory.readRoster(roster);
        assertThat(specs).isNotEmpty();

        for (MeterSpec spec : specs) {
            var gridMeter = grid.meterByCommAddress(spec.address().digits()).orElseThrow();
            Meters.Meter enrolled = meters.byAddress(spec.address().digits())
                    .orElseThrow(() -> new AssertionError("the grid import enrols " + spec.address()));
            assertThat(enrolled.meterId()).isEqualTo(gridMeter.id());
            assertThat(enrolled.branchId()).isEqualTo(gridMeter.branchId().value());
            assertThat(enrolled.areaId()).isEqualTo(gridMeter.areaId());
            assertThat(enrolled.feeControl()).isEqualTo(gridMeter.feeControl().name());
            assertThat(enrolled.customerClass())
                    .as("the customer's class, as the customer module names it")
                    .isEqualTo(customers
                            .account(gridMeter.supplyAccountId())
                            .orElseThrow()
                            .customerClass()
                            .name());
            assertThat(enrolled.concentratorId()).as("not yet routed").isNull();
        }

        DemoHistory history = new DemoHistory(
                stored,
                meters,
                readings,
                clock,
                roster.toString(),
                42,
                3,
                null,
                false,
                20000,
                null,
                null,
                "unused-scenario.txt",
                java.time.Duration.ZERO);
        DemoHistory.Summary summary = history.fromRoster(roster, LocalDate.of(2026, 10, 31));

        assertThat(summary.meters()).isEqualTo(specs.size());
        // three days asked, but the history reaches back to the first of the three months the demo bills
        int days = DemoHistory.coveringThreeMonths(LocalDate.of(2026, 10, 31), 3);
        assertThat(days).isEqualTo(93); // 2026-07-31 .. 2026-10-31
        assertThat(summary.days()).isEqualTo(days);
        assertThat(summary.intervalRows()).isEqualTo(specs.size() * days);
        Meters.Meter first =
                meters.byAddress(specs.getFirst().address().digits()).orElseThrow();
        assertThat(first.branchId()).isNotNull();
        assertThat(first.areaId()).isNotNull();
        assertThat(first.concentratorId()).isEqualTo(specs.getFirst().concentratorId());
        assertThat(readings.intervals(first.meterId(), Channel.FORWARD_ACTIVE, LocalDate.of(2026, 10, 31)))
                .isPresent();
    }
}
