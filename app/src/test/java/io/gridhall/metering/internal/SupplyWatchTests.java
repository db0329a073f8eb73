package io.gridhall.metering.internal;

import static io.gridhall.metering.MeteringFixtures.aBranch;
import static io.gridhall.metering.MeteringFixtures.aMeter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridhall.dlt645.MeterAddress;
import io.gridhall.metering.MeterEnrolment;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.MeterSupply;
import io.gridhall.metering.MeteringTest;
import io.gridhall.metering.SupplySignalSource;
import io.gridhall.simulator.CustomerClass;
import io.gridhall.simulator.FeeControl;
import io.gridhall.simulator.MeterSpec;
import io.gridhall.simulator.Scenario;
import io.gridhall.simulator.Simulator;
import io.gridhall.simulator.SimulatorConfig;
import io.gridhall.testing.MovingClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The supply watch against the simulator (issue 11): a transformer area loses supply, its concentrator goes silent,
 * its meters become power-off signals; supply comes back, the meters' own power-off records date the loss.
 */
@MeteringTest
@Timeout(60)
class SupplyWatchTests {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final LocalDateTime OFF = LocalDateTime.of(2026, 8, 20, 9, 30);
    static final LocalDateTime BACK = LocalDateTime.of(2026, 8, 20, 11, 5, 30);

    @Autowired
    HeadEnd headEnd;

    @Autowired
    Concentrators concentrators;

    @Autowired
    MeterReadings readings;

    @Autowired
    WatchingSupply watch;

    @Autowired
    MeterSupply supply;

    @Autowired
    JdbcClient jdbc;

    final MovingClock meterTime =
            new MovingClock(OFF.minusHours(1).atZone(CHINA).toInstant(), CHINA);
    long branch;
    String dtu;
    List<MeterEnrolment> enrolled;
    Simulator simulator;

    @BeforeEach
    void start() {
        branch = aBranch();
        long area = ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L);
        dtu = String.format("T%011d", ThreadLocalRandom.current().nextLong(1, 99_999_999_999L));
        enrolled = List.of(aMeter(branch, area), aMeter(branch, area), aMeter(branch, area));
        readings.enrol(enrolled);
        concentrators.setSecrets(java.util.Collections.singletonMap(dtu, null));
        readings.route(enrolled.stream().collect(Collectors.toMap(MeterEnrolment::address, m -> dtu)));
        List<MeterSpec> specs = enrolled.stream()
                .map(m -> new MeterSpec(dtu, MeterAddress.of(m.address()), CustomerClass.RESIDENTIAL, FeeControl.NONE))
                .toList();
        simulator = Simulator.start(
                SimulatorConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), headEnd.port()))
                        .meters(specs)
                        .seed(7)
                        .clock(meterTime)
                        .scenario(Scenario.parse("concentrator " + dtu + " power-off from " + OFF + " to " + BACK))
                        .heartbeatInterval(Duration.ofSeconds(1))
                        .reconnectDelays(Duration.ofMillis(100), Duration.ofMillis(300))
                        .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> headEnd.links().contains(dtu));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private Instant at(LocalDateTime t) {
        return t.atZone(CHINA).toInstant();
    }

    private long signals(String kind) {
        return jdbc.sql("select count(*) from metering.supply_signal where kind = :k and meter_id = any(:ids)")
                .param("k", kind)
                .param("ids", enrolled.stream().map(MeterEnrolment::meterId).toArray(Long[]::new))
                .query(Long.class)
                .single();
    }

    @Test
    void anAreaWithoutSupplyIsSignalledWhenItsConcentratorFallsSilentAndDatedByTheMetersWhenItIsBack() {
        // seen up: the area is watched from now on
        watch.check();
        assertThat(supply.watchedMetersOfAreas(List.of(enrolled.getFirst().areaId())))
                .isEqualTo(Map.of(enrolled.getFirst().areaId(), 3L));
        Instant seen = jdbc.sql("select last_up_at from metering.concentrator where concentrator_id = ?")
                .param(dtu)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();

        meterTime.set(at(OFF).plusSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> !headEnd.links().contains(dtu));
        // within the grace period a dropped link is not yet a loss of supply
        // (other tests' concentrators share the database: count this area's signals, not the calls' totals)
        watch.concentratorsSilent(seen.plusSeconds(30), headEnd.links());
        assertThat(signals("LOST")).isZero();
        watch.concentratorsSilent(seen.plus(Duration.ofMinutes(2)), headEnd.links());
        assertThat(signals("LOST")).isEqualTo(3);
        watch.concentratorsSilent(seen.plus(Duration.ofMinutes(3)), headEnd.links());
        assertThat(signals("LOST")).as("no signal twice").isEqualTo(3);
        MeterSupply.State lost = supply.state(enrolled.getFirst().meterId()).orElseThrow();
        assertThat(lost.supplied()).isFalse();
        assertThat(lost.source()).isEqualTo(SupplySignalSource.CONCENTRATOR_SILENT);
        // nobody to ask while the link is down
        watch.restored(at(OFF).plus(Duration.ofMinutes(5)));
        assertThat(signals("RESTORED")).isZero();

        meterTime.set(at(BACK).plusSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> headEnd.links().contains(dtu));
        watch.restored(at(BACK).plus(Duration.ofMinutes(1)));

        MeterSupply.State back = supply.state(enrolled.getFirst().meterId()).orElseThrow();
        assertThat(back.supplied()).isTrue();
        assertThat(back.source()).isEqualTo(SupplySignalSource.EVENT_RECORD);
        assertThat(back.lostAt()).isEqualTo(at(OFF));
        assertThat(back.restoredAt()).isEqualTo(at(BACK));
        assertThat(signals("RESTORED")).isEqualTo(3);
        watch.restored(at(BACK).plus(Duration.ofMinutes(10)));
        assertThat(signals("RESTORED")).isEqualTo(3);
    }

    @Test
    void aMeterSilentInAScheduledReadIsSignalledOnceAndAnswersBringItBack() {
        long meter = enrolled.get(1).meterId();
        Instant now = meterTime.instant();

        assertThat(watch.silent(List.of(meter), now)).isEqualTo(1);
        assertThat(watch.silent(List.of(meter), now.plusSeconds(900)))
                .as("no signal twice")
                .isZero();
        assertThat(supply.state(meter).orElseThrow().source()).isEqualTo(SupplySignalSource.SILENT);

        // it answers (it never lost supply by its own record): back at the moment it answered
        watch.restored(now.plus(Duration.ofMinutes(5)));
        MeterSupply.State back = supply.state(meter).orElseThrow();
        assertThat(back.supplied()).isTrue();
        assertThat(back.restoredAt()).isEqualTo(now.plus(Duration.ofMinutes(5)));
        assertThat(back.source()).isEqualTo(SupplySignalSource.SILENT);
    }
}
