package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.dlt645.MeterAddress;
import io.gridhall.identity.Role;
import io.gridhall.metering.internal.Concentrators;
import io.gridhall.metering.internal.HeadEnd;
import io.gridhall.metering.internal.Meters;
import io.gridhall.metering.internal.ReadingMeters;
import io.gridhall.simulator.CustomerClass;
import io.gridhall.simulator.FeeControl;
import io.gridhall.simulator.MeterSpec;
import io.gridhall.simulator.Registers;
import io.gridhall.simulator.Simulator;
import io.gridhall.simulator.SimulatorConfig;
import io.gridhall.testing.MovingClock;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;

/** The head-end against the simulator in-process on loopback. */
@MeteringTest
@Timeout(60)
class HeadEndTests {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final Instant NOW =
            LocalDate.of(2026, 8, 20).atTime(0, 12).atZone(CHINA).toInstant();

    @Autowired
    HeadEnd headEnd;

    @Autowired
    Concentrators concentrators;

    @Autowired
    ReadingMeters reading;

    @Autowired
    MeterReadings readings;

    @Autowired
    Meters meters;

    @Autowired
    MockMvc mvc;

    long branch;
    String dtu;
    List<MeterEnrolment> enrolled;
    Simulator simulator;

    @BeforeEach
    void start() {
        branch = aBranch();
        dtu = String.format("T%011d", ThreadLocalRandom.current().nextLong(1, 99_999_999_999L));
        enrolled = List.of(aMeter(branch, 5), aMeter(branch, 5));
        readings.enrol(enrolled);
        // the head-end accepts only concentrators of the archive (issue 7)
        concentrators.setSecrets(java.util.Collections.singletonMap(dtu, null));
        simulator = startSimulator();
        await().atMost(Duration.ofSeconds(10)).until(() -> headEnd.links().contains(dtu));
    }

    /** Places the simulated meters behind their DTU, as the concentrator archive does. */
    void archive() {
        readings.route(enrolled.stream().collect(java.util.stream.Collectors.toMap(MeterEnrolment::address, m -> dtu)));
    }

    Simulator startSimulator() {
        List<MeterSpec> specs = enrolled.stream()
                .map(m ->
                        new MeterSpec(dtu, MeterAddress.of(m.address()), CustomerClass.RESIDENTIAL, FeeControl.REMOTE))
                .toList();
        return Simulator.start(
                SimulatorConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), headEnd.port()))
                        .meters(specs)
                        .seed(7)
                        .clock(Clock.fixed(NOW, CHINA))
                        .heartbeatInterval(Duration.ofSeconds(1))
                        .reconnectDelays(Duration.ofMillis(100), Duration.ofMillis(500))
                        .build());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    Registers expected(MeterEnrolment m, Instant at) {
        return simulator.meter(MeterAddress.of(m.address())).orElseThrow().registersAt(at);
    }

    @Test
    void readsAMeterOnDemandThroughTheConsole() throws Exception {
        MeterEnrolment m = enrolled.getFirst();
        BigDecimal total = expected(m, NOW).forwardTotal();
        mvc.perform(post("/api/v1/metering/meters/{id}/read", m.meterId())
                        .with(csrf())
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(branch, Role.SERVICE_AGENT), null, List.of()))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.forwardActive[0]").value(total.doubleValue()))
                .andExpect(jsonPath("$.relayClosed").value(true))
                .andExpect(jsonPath("$.link").value(dtu));

        mvc.perform(get("/api/v1/metering/meters/{id}/frames", m.meterId())
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(branch, Role.SERVICE_AGENT), null, List.of()))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].direction").exists())
                .andExpect(jsonPath("$[?(@.direction == 'OUT')]").isNotEmpty())
                .andExpect(jsonPath("$[?(@.direction == 'IN')]").isNotEmpty());
    }

    @Test
    void readsTheDailyFreezeAfterMidnightAndStoresItAsYesterdaysRegister() {
        archive();
        int answered = reading.pollDaily(enrolled.stream()
                .map(e -> meters.byId(e.meterId()).orElseThrow())
                .toList());

        assertThat(answered).isEqualTo(2);
        LocalDate yesterday = LocalDate.of(2026, 8, 19);
        for (MeterEnrolment m : enrolled) {
            Registers atMidnight =
                    expected(m, LocalDate.of(2026, 8, 20).atStartOfDay(CHINA).toInstant());
            RegisterRead stored =
                    readings.registers(m.meterId(), yesterday, yesterday).getFirst();
            assertThat(stored.total())
                    .isEqualTo(atMidnight.forwardTotal().movePointRight(2).longValueExact());
            assertThat(stored.t1())
                    .isEqualTo(
                            atMidnight.forwardActive().get(1).movePointRight(2).longValueExact());
            assertThat(stored.reactive1())
                    .isEqualTo(
                            atMidnight.reactive1().getFirst().movePointRight(2).longValueExact());
            assertThat(stored.reactive2())
                    .isEqualTo(
                            atMidnight.reactive2().getFirst().movePointRight(2).longValueExact());
            assertThat(stored.meterTime()).isNotNull();
        }
    }

    @Test
    void catchesUpTheFreezesAMeterMissedFromItsOwnMemory() {
        archive();
        LocalDate today = LocalDate.of(2026, 8, 20); // the simulated meters' day
        MeterEnrolment first = enrolled.get(0);
        MeterEnrolment second = enrolled.get(1);
        long readBefore = expected(first, today.minusDays(1).atStartOfDay(CHINA).toInstant())
                .forwardTotal()
                .movePointRight(2)
                .longValueExact();
        readings.store(new ReadingDelivery(
                "test:" + UUID.randomUUID(),
                ReadingSource.HEAD_END,
                List.of(),
                List.of(RegisterRead.total(first.meterId(), today.minusDays(2), readBefore, NOW))));
        readings.store(new ReadingDelivery(
                "test:" + UUID.randomUUID(),
                ReadingSource.ESTIMATOR,
                List.of(),
                List.of(new RegisterRead(
                        second.meterId(),
                        today.minusDays(1),
                        1L,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        Quality.ESTIMATED,
                        null,
                        NOW))));

        int read = reading.catchUp(today, 3, List.of(first.meterId(), second.meterId()));

        assertThat(read)
                .as("3 days of the second meter, 2 of the first (one was read)")
                .isEqualTo(5);
        for (MeterEnrolment m : enrolled) {
            List<RegisterRead> stored = readings.registers(m.meterId(), today.minusDays(3), today.minusDays(1));
            assertThat(stored).hasSize(3).allSatisfy(r -> {
                assertThat(r.quality()).isEqualTo(Quality.ACTUAL);
                long atMidnight = expected(
                                m, r.day().plusDays(1).atStartOfDay(CHINA).toInstant())
                        .forwardTotal()
                        .movePointRight(2)
                        .longValueExact();
                assertThat(r.total()).as("the freeze closing %s", r.day()).isEqualTo(atMidnight);
            });
        }
        assertThat(reading.catchUp(today, 3, List.of(first.meterId(), second.meterId())))
                .as("nothing missing any more")
                .isZero();
    }

    @Test
    void derivesAQuarterHourValueFromTwoConsecutiveRegisterReads() {
        simulator.close();
        Instant first = LocalDate.of(2026, 8, 20).atTime(10, 15).atZone(CHINA).toInstant();
        MovingClock clock = new MovingClock(first.plusSeconds(20), CHINA);
        List<MeterSpec> specs = enrolled.stream()
                .map(m -> new MeterSpec(dtu, MeterAddress.of(m.address()), CustomerClass.COMMERCIAL, FeeControl.NONE))
                .toList();
        simulator = Simulator.start(
                SimulatorConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), headEnd.port()))
                        .meters(specs)
                        .seed(7)
                        .clock(clock)
                        .heartbeatInterval(Duration.ofSeconds(1))
                        .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> headEnd.links().contains(dtu));
        archive();
        List<Meters.Meter> list = enrolled.stream()
                .map(e -> meters.byId(e.meterId()).orElseThrow())
                .toList();

        assertThat(reading.pollQuarter(list, first))
                .as("no previous quarter yet")
                .isZero();
        clock.set(first.plusSeconds(900 + 20));
        assertThat(reading.pollQuarter(list, first.plusSeconds(900))).isEqualTo(2);

        for (MeterEnrolment m : enrolled) {
            var meter = simulator.meter(MeterAddress.of(m.address())).orElseThrow();
            long before = meter.registersAt(first.plusSeconds(20))
                    .forwardTotal()
                    .movePointRight(2)
                    .longValueExact();
            long after = meter.registersAt(first.plusSeconds(920))
                    .forwardTotal()
                    .movePointRight(2)
                    .longValueExact();
            IntervalDay day = readings.intervals(m.meterId(), Channel.FORWARD_ACTIVE, LocalDate.of(2026, 8, 20))
                    .orElseThrow();
            int slot = (10 * 60 + 15) / 15; // 10:15-10:30
            assertThat(day.quality(slot)).isEqualTo(Quality.ACTUAL);
            assertThat(day.value(slot))
                    .isEqualTo(Math.toIntExact((after - before) * 100))
                    .isPositive();
            assertThat(day.count(Quality.MISSING)).isEqualTo(95);
        }
    }

    @Test
    void asksTheConcentratorTheArchiveNamesBeforeAnyReply() {
        MeterEnrolment m = aMeter(branch, 5);
        assertThat(headEnd.linkOf(m.address())).isEmpty();
        readings.enrol(List.of(
                new MeterEnrolment(m.meterId(), m.address(), m.branchId(), m.areaId(), "RESIDENTIAL", "REMOTE", dtu)));
        assertThat(headEnd.linkOf(m.address())).contains(dtu);
        readings.enrol(List.of(new MeterEnrolment(
                m.meterId(), m.address(), m.branchId(), m.areaId(), "RESIDENTIAL", "REMOTE", "X00000000000")));
        assertThat(headEnd.linkOf(m.address()))
                .as("a link that is not connected is not used")
                .isEmpty();
    }

    @Test
    void looksForAMeterOnlyBehindTheConcentratorTheArchiveNames() {
        MeterEnrolment m = enrolled.getFirst();
        Meters.Meter meter = meters.byId(m.meterId()).orElseThrow();
        readings.route(Map.of(m.address(), "X00000000000", "999999999999", dtu));
        assertThat(headEnd.mayReach("999999999999"))
                .as("a meter not enrolled is not routed")
                .isTrue();
        assertThat(headEnd.mayReach(m.address())).isFalse();

        long started = System.nanoTime();
        assertThat(reading.readNow(meter))
                .as("its own concentrator is offline, so the connected one is not asked")
                .isEmpty();
        assertThat(reading.pollDaily(List.of(meter))).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("no reply timeout (5 s) waited")
                .isLessThan(Duration.ofSeconds(4));

        readings.route(Map.of(m.address(), dtu));
        assertThat(meters.byId(m.meterId()).orElseThrow().concentratorId()).isEqualTo(dtu);
        assertThat(reading.readNow(meter)).isPresent();
    }

    @Test
    void schedulesReadAMeterNoArchivePlacesOnlyOnceItHasAnsweredOnDemand() {
        Meters.Meter meter = meters.byId(enrolled.getFirst().meterId()).orElseThrow();
        assertThat(reading.pollDaily(List.of(meter)))
                .as("not searched on every link by the schedule")
                .isZero();

        assertThat(reading.readNow(meter)).as("the console's read searches").isPresent();

        assertThat(headEnd.linkOf(meter.address())).contains(dtu);
        assertThat(reading.pollDaily(List.of(meter))).isEqualTo(1);
    }

    @Test
    void aMeterBehindNoLinkTimesOutAfterBoundedRetries() throws Exception {
        MeterEnrolment lost = aMeter(branch, 5);
        readings.enrol(List.of(lost));
        long started = System.nanoTime();
        mvc.perform(post("/api/v1/metering/meters/{id}/read", lost.meterId())
                        .with(csrf())
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(branch, Role.SERVICE_AGENT), null, List.of()))))
                .andExpect(status().isGatewayTimeout())
                .andExpect(jsonPath("$.code").value("meter-unreachable"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void keepsReadingAfterTheConcentratorReconnects() {
        MeterEnrolment m = enrolled.get(1);
        Meters.Meter meter = meters.byId(m.meterId()).orElseThrow();
        assertThat(reading.readNow(meter)).isPresent();

        simulator.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !headEnd.links().contains(dtu));
        simulator = startSimulator();
        await().atMost(Duration.ofSeconds(10)).until(() -> headEnd.links().contains(dtu));

        assertThat(reading.readNow(meter))
                .hasValueSatisfying(s -> assertThat(s.forwardActive()).hasSize(5));
    }
}
