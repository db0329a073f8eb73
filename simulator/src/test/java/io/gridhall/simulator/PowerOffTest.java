package io.gridhall.simulator;

import static io.gridhall.simulator.Meters.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
import io.gridhall.dlt645.Frame;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scripted supply losses (停电) of a meter or a whole transformer area (its concentrator), and their end. */
class PowerOffTest {

    private static final LocalDateTime OFF = LocalDateTime.of(2026, 11, 20, 10, 30);
    private static final LocalDateTime BACK = LocalDateTime.of(2026, 11, 20, 12, 15, 20);

    @Test
    void parsesMeterAndConcentratorPowerOffsAndWritesThemBack() {
        Scenario s = Scenario.parse("""
                meter 000000000001 power-off from 2026-11-20T10:30 to 2026-11-20T12:15:20
                concentrator C00000000002 power-off from 2026-11-20T10:30
                """);

        assertThat(s.rules()).extracting(Scenario.Rule::kind).containsOnly(Scenario.Kind.POWER_OFF);
        assertThat(s.rules().get(1).concentrator()).isEqualTo("C00000000002");
        assertThat(s.rules().get(1).meter()).isNull();
        assertThat(Scenario.parse(s.toText())).isEqualTo(s);
        assertThatThrownBy(() -> Scenario.parse("concentrator C00000000002 offline"))
                .hasMessageContaining("power-off");
        assertThatThrownBy(() -> Scenario.parse("concentrator c2 power-off from 2026-11-20"))
                .hasMessageContaining("concentrator id");
        assertThatThrownBy(() -> Scenario.parse("meter 1 power-off")).hasMessageContaining("from");
    }

    @Test
    void aConcentratorDirectiveReachesOnlyItsOwnMeters() {
        Scenario.Rule rule = Scenario.parse("concentrator C00000000002 power-off from 2026-11-20T10:30")
                .rules()
                .get(0);

        assertThat(rule.appliesTo(
                        new MeterSpec("C00000000002", MeterAddress.of(7), CustomerClass.RESIDENTIAL, FeeControl.NONE)))
                .isTrue();
        assertThat(rule.appliesTo(
                        new MeterSpec("C00000000001", MeterAddress.of(7), CustomerClass.RESIDENTIAL, FeeControl.NONE)))
                .isFalse();
        assertThat(rule.appliesTo(MeterAddress.of(7))).isFalse();
    }

    @Test
    void aMeterWithoutSupplyMeasuresNothingAndKeepsAPowerOffRecordWithStartAndEnd() {
        MutableClock clock = new MutableClock(START);
        VirtualMeter meter = Meters.offline(
                Meters.aMeter(1, CustomerClass.COMMERCIAL, FeeControl.NONE),
                "meter 000000000001 power-off from 2026-11-20T10:30 to 2026-11-20T12:15:20",
                clock);
        assertThat(values(meter, DataItems.powerOffRecord(1), clock))
                .containsExactly(new DataValue.Absent(), new DataValue.Absent());
        assertThat(values(meter, DataItems.POWER_OFF_COUNT, clock)).containsExactly(DataValue.Decimal.of("0"));

        clock.set(OFF.atZone(SimulatorConfig.CHINA).toInstant());
        BigDecimal atLoss = meter.registersAt(clock.instant()).forwardActive().get(0);
        clock.advance(Duration.ofMinutes(30));
        assertThat(meter.answersAt(clock.instant())).isFalse();
        assertThat(meter.suppliedAt(clock.instant())).isFalse();

        clock.set(BACK.atZone(SimulatorConfig.CHINA).toInstant());
        assertThat(meter.answersAt(clock.instant())).isTrue();
        assertThat(meter.registersAt(clock.instant()).forwardActive().get(0)).isEqualTo(atLoss);
        assertThat(values(meter, DataItems.POWER_OFF_COUNT, clock)).containsExactly(DataValue.Decimal.of("1"));
        assertThat(values(meter, DataItems.powerOffRecord(1), clock))
                .containsExactly(new DataValue.Timestamp(OFF), new DataValue.Timestamp(BACK));
        assertThat(values(meter, DataItems.powerOffRecord(2), clock))
                .containsExactly(new DataValue.Absent(), new DataValue.Absent());
        clock.advance(Duration.ofHours(1));
        assertThat(meter.registersAt(clock.instant()).forwardActive().get(0)).isGreaterThan(atLoss);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aConcentratorWithoutSupplyDropsItsLinkAndItsMetersReportTheLossWhenItIsBack() throws Exception {
        MutableClock clock = new MutableClock(START);
        List<MeterSpec> meters = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            meters.add(new MeterSpec(
                    i <= 3 ? "C00000000001" : "C00000000002",
                    MeterAddress.of(i),
                    CustomerClass.RESIDENTIAL,
                    FeeControl.NONE));
        }
        try (TestHeadEnd headEnd = new TestHeadEnd();
                Simulator simulator = Simulator.start(SimulatorConfig.builder(headEnd.address())
                        .meters(meters)
                        .clock(clock)
                        .heartbeatInterval(Duration.ofMillis(100))
                        .reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(100))
                        .scenario(Scenario.parse(
                                "concentrator C00000000002 power-off from 2026-11-20T10:30 to 2026-11-20T12:15:20"))
                        .build())) {
            TestHeadEnd.Link before = headEnd.awaitLink("C00000000002", Duration.ofSeconds(5));
            headEnd.awaitLink("C00000000001", Duration.ofSeconds(5));

            VirtualConcentrator second = simulator.concentrators().get(1);
            clock.set(OFF.atZone(SimulatorConfig.CHINA).toInstant());
            awaitDisconnected(second);
            Thread.sleep(500);
            // no supply, no dialling: one registration only, and the other area carries on
            assertThat(headEnd.registrations).containsOnlyOnce("C00000000002");
            assertThat(second.isConnected()).isFalse();
            assertThat(simulator.concentrators().get(0).isConnected()).isTrue();

            clock.set(BACK.atZone(SimulatorConfig.CHINA).toInstant());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (headEnd.links.get("C00000000002") == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            TestHeadEnd.Link after = headEnd.links.get("C00000000002");
            assertThat(after).isNotSameAs(before);
            after.send(new Request.Read(MeterAddress.of(5), DataItems.powerOffRecord(1))
                    .toFrame()
                    .encode(4));
            Frame frame = after.next(Duration.ofSeconds(5));
            assertThat(frame).isNotNull();
            assertThat(((Reply.ReadData) Reply.parse(frame)).values())
                    .containsExactly(new DataValue.Timestamp(OFF), new DataValue.Timestamp(BACK));
            assertThat(second.unpoweredAt(clock.instant())).isFalse();
        }
    }

    @Test
    void aSupplyLossScriptedWhileTheSimulationRunsActsLikeOneScriptedAtTheStart() {
        MutableClock clock = new MutableClock(START);
        Simulator simulator = Simulator.offline(SimulatorConfig.builder(Meters.NOWHERE)
                .meters(List.of(
                        new MeterSpec("C00000000001", MeterAddress.of(1), CustomerClass.RESIDENTIAL, FeeControl.NONE),
                        new MeterSpec("C00000000002", MeterAddress.of(2), CustomerClass.RESIDENTIAL, FeeControl.NONE)))
                .clock(clock)
                .build());
        simulator.script(Scenario.parse("concentrator C00000000002 power-off from " + OFF + " to " + BACK));
        clock.set(OFF.atZone(SimulatorConfig.CHINA).toInstant().plusSeconds(1));

        assertThat(simulator.meter(MeterAddress.of(2)).orElseThrow().answersAt(clock.instant()))
                .isFalse();
        assertThat(simulator.meter(MeterAddress.of(1)).orElseThrow().answersAt(clock.instant()))
                .isTrue();
        assertThat(simulator.concentrators().get(1).unpoweredAt(clock.instant()))
                .isTrue();
        assertThat(simulator.concentrators().get(0).unpoweredAt(clock.instant()))
                .isFalse();
        clock.set(BACK.atZone(SimulatorConfig.CHINA).toInstant());
        assertThat(values(simulator.meter(MeterAddress.of(2)).orElseThrow(), DataItems.powerOffRecord(1), clock))
                .containsExactly(new DataValue.Timestamp(OFF), new DataValue.Timestamp(BACK));
    }

    private static void awaitDisconnected(VirtualConcentrator c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (c.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(c.isConnected()).as("still connected").isFalse();
    }

    private static List<DataValue> values(
            VirtualMeter meter, io.gridhall.dlt645.DataIdentifier id, MutableClock clock) {
        Reply reply = meter.handle(new Request.Read(meter.address(), id), clock.instant())
                .orElseThrow();
        try {
            return ((Reply.ReadData) reply).values();
        } catch (io.gridhall.dlt645.DecodeException e) {
            throw new AssertionError(e);
        }
    }
}
