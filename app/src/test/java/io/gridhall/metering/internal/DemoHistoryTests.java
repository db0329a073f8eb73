package io.gridhall.metering.internal;

import static io.gridhall.metering.MeteringFixtures.aBranch;
import static io.gridhall.metering.MeteringFixtures.aMeter;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.dlt645.MeterAddress;
import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.MeterEnrolment;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.MeteringTest;
import io.gridhall.metering.Quality;
import io.gridhall.metering.RegisterRead;
import io.gridhall.simulator.CustomerClass;
import io.gridhall.simulator.FeeControl;
import io.gridhall.simulator.MeterSpec;
import io.gridhall.simulator.Simulator;
import io.gridhall.simulator.SimulatorConfig;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@MeteringTest
class DemoHistoryTests {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final LocalDate LAST = LocalDate.of(2026, 10, 31);

    @Autowired
    Readings stored;

    @Autowired
    Meters meters;

    @Autowired
    MeterReadings readings;

    @Autowired
    ValidatingReadings validating;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void writesNinetyDaysThatMatchTheSimulatorsRegistersAndAddUpPerDay() {
        long branch = aBranch();
        List<MeterEnrolment> enrolments = List.of(aMeter(branch, 3), aMeter(branch, 3), aMeter(branch, 3));
        List<MeterSpec> specs = List.of(
                new MeterSpec(
                        "C00000000001",
                        MeterAddress.of(enrolments.get(0).address()),
                        CustomerClass.RESIDENTIAL,
                        FeeControl.REMOTE),
                new MeterSpec(
                        "C00000000001",
                        MeterAddress.of(enrolments.get(1).address()),
                        CustomerClass.COMMERCIAL,
                        FeeControl.NONE),
                new MeterSpec(
                        "C00000000001",
                        MeterAddress.of(enrolments.get(2).address()),
                        CustomerClass.RESIDENTIAL,
                        FeeControl.LOCAL));
        Clock clock = Clock.fixed(LAST.plusDays(1).atTime(8, 0).atZone(CHINA).toInstant(), CHINA);
        DemoHistory history = new DemoHistory(
                stored,
                meters,
                readings,
                clock,
                "unused.csv",
                42,
                92,
                null,
                false,
                20000,
                null,
                null,
                "unused-scenario.txt",
                java.time.Duration.ZERO);
        readings.enrol(enrolments);
        Map<String, Long> ids =
                enrolments.stream().collect(Collectors.toMap(MeterEnrolment::address, MeterEnrolment::meterId));

        DemoHistory.Summary summary = history.generate(specs, ids, LAST, 92);

        assertThat(summary.intervalRows()).isEqualTo(3 * 92);
        assertThat(summary.registerRows()).isEqualTo(3 * 93);
        Simulator simulator = Simulator.offline(SimulatorConfig.builder(new InetSocketAddress(0))
                .meters(specs)
                .seed(42)
                .clock(clock)
                .build());
        for (int i = 0; i < 3; i++) {
            long id = enrolments.get(i).meterId();
            List<RegisterRead> regs = readings.registers(id, LAST.minusDays(92), LAST);
            assertThat(regs).hasSize(93);
            var expected = simulator
                    .meter(specs.get(i).address())
                    .orElseThrow()
                    .registersAt(LAST.plusDays(1).atStartOfDay(CHINA).toInstant());
            assertThat(regs.getLast().total()).isEqualTo(DemoHistory.hundredths(expected.forwardTotal()));
            for (int d = 1; d < regs.size(); d++) {
                IntervalDay day = readings.intervals(
                                id, Channel.FORWARD_ACTIVE, regs.get(d).day())
                        .orElseThrow();
                assertThat(day.count(Quality.ACTUAL)).isEqualTo(96);
                assertThat(day.sum())
                        .isEqualTo((regs.get(d).total() - regs.get(d - 1).total()) * 100);
            }
        }
        assertThat(stored.noRegisters()).isFalse();
        assertThat(history.generate(specs, ids, LAST, 92).intervalRows())
                .as("deterministic and idempotent")
                .isZero();
    }

    /** Issue 8: the demo's history holds what the live simulator's scenario makes, and VEE has judged it. */
    @Test
    void theScenarioLeavesGapsAndStandingRegistersThatVeeFinds() {
        long branch = aBranch();
        List<MeterEnrolment> enrolments = List.of(aMeter(branch, 3), aMeter(branch, 3), aMeter(branch, 3));
        List<MeterSpec> specs = enrolments.stream()
                .map(e -> new MeterSpec(
                        "C00000000002", MeterAddress.of(e.address()), CustomerClass.RESIDENTIAL, FeeControl.REMOTE))
                .toList();
        String silent = enrolments.get(0).address();
        String bypassed = enrolments.get(1).address();
        io.gridhall.simulator.Scenario scenario = io.gridhall.simulator.Scenario.parse(
                """
                meter %s offline from %s
                meter %s bypass factor 0 from %s
                """.formatted(silent, LAST.minusDays(2), bypassed, LAST.minusDays(5)));
        Clock clock = Clock.fixed(LAST.plusDays(1).atTime(8, 0).atZone(CHINA).toInstant(), CHINA);
        DemoHistory history = new DemoHistory(
                stored,
                meters,
                readings,
                clock,
                "unused.csv",
                42,
                30,
                null,
                false,
                20000,
                null,
                validating,
                "unused.txt",
                java.time.Duration.ZERO);
        readings.enrol(enrolments);
        Map<String, Long> ids =
                enrolments.stream().collect(Collectors.toMap(MeterEnrolment::address, MeterEnrolment::meterId));

        DemoHistory.Summary summary = history.generate(specs, ids, LAST, 30, scenario);

        long silentId = ids.get(silent);
        // the freeze of the day before it fell silent was read at 00:10 of its first silent day: missed too
        assertThat(readings.registers(silentId, LAST.minusDays(30), LAST).stream()
                        .filter(r -> r.quality() == Quality.ACTUAL)
                        .map(RegisterRead::day)
                        .max(LocalDate::compareTo))
                .contains(LAST.minusDays(4));
        // its last quarter of the day before is read a minute after midnight: missed as well
        assertThat(readings.intervals(silentId, Channel.FORWARD_ACTIVE, LAST.minusDays(3))
                        .orElseThrow()
                        .count(Quality.ACTUAL))
                .isEqualTo(95);
        assertThat(readings.intervals(silentId, Channel.FORWARD_ACTIVE, LAST)
                        .orElseThrow()
                        .count(Quality.ACTUAL))
                .as("what VEE estimated stands in for the silent day")
                .isZero();
        long bypassedId = ids.get(bypassed);
        List<RegisterRead> regs = readings.registers(bypassedId, LAST.minusDays(5), LAST);
        assertThat(regs)
                .extracting(RegisterRead::total)
                .containsOnly(regs.getFirst().total());

        assertThat(summary.findings()).isPositive();
        Map<String, List<String>> found = jdbc
                .sql("""
                        select meter_id, type from metering.reading_exception where meter_id = any(:ms)""")
                .param("ms", new Long[] {
                    silentId, bypassedId, ids.get(enrolments.get(2).address())
                })
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        e -> e.getKey() == silentId ? "silent" : e.getKey() == bypassedId ? "bypassed" : "fine",
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        assertThat(found.get("silent")).contains("GAP", "MISSING_REGISTER");
        assertThat(found.get("bypassed")).containsOnly("ZERO_USE");
        assertThat(found).doesNotContainKey("fine");
    }
}
