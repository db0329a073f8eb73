package io.gridhall.simulator;

import static io.gridhall.simulator.Meters.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.dlt645.ControlErrorFlag;
import io.gridhall.dlt645.ControlType;
import io.gridhall.dlt645.DataIdentifier;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
import io.gridhall.dlt645.DecodeError;
import io.gridhall.dlt645.Frame;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import io.gridhall.dlt645.StatusWord3;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Two concentrators with 25 meters each dial a head-end on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SimulatorNetworkTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String FIRST = "C00000000001";
    private static final String SECOND = "C00000000002";
    private static final MeterAddress PROTECTED = MeterAddress.of(3);
    private static final MeterAddress CORRUPT = MeterAddress.of(4);
    private static final MeterAddress DUPLICATE = MeterAddress.of(5);

    private final MutableClock clock = new MutableClock(START);
    private TestHeadEnd headEnd;
    private Simulator simulator;

    @BeforeAll
    void start() throws Exception {
        headEnd = new TestHeadEnd();
        List<MeterSpec> meters = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            meters.add(new MeterSpec(
                    i <= 25 ? FIRST : SECOND,
                    MeterAddress.of(i),
                    CustomerClass.values()[i % 4],
                    i % 3 == 0 ? FeeControl.LOCAL : FeeControl.REMOTE));
        }
        simulator = Simulator.start(SimulatorConfig.builder(headEnd.address())
                .meters(meters)
                .seed(42)
                .clock(clock)
                .heartbeatInterval(Duration.ofMillis(100))
                .reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(200))
                .scenario(Scenario.parse("""
            meter 000000000003 protect
            meter 000000000004 corrupt
            meter 000000000005 duplicate
            meter 000000000006 money 2.00
            """))
                .build());
        headEnd.awaitLink(FIRST, WAIT);
        headEnd.awaitLink(SECOND, WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        simulator.close();
        headEnd.close();
    }

    @Test
    void bothConcentratorsRegisterAndSendHeartbeats() throws Exception {
        assertThat(headEnd.registrations).contains(FIRST, SECOND);
        TestHeadEnd.Link link = headEnd.awaitLink(SECOND, WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (link.skipped.get() < DtuProtocol.HEARTBEAT_BYTES.length && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(link.skipped.get()).isGreaterThanOrEqualTo(DtuProtocol.HEARTBEAT_BYTES.length);
    }

    @Test
    void readsRegistersOfEveryMeterAndTariffsAddUp() throws Exception {
        for (int i = 1; i <= 50; i++) {
            MeterAddress meter = MeterAddress.of(i);
            if (meter.equals(CORRUPT)) {
                continue;
            }
            Reply.ReadData reply = read(i <= 25 ? FIRST : SECOND, meter, DataItems.FORWARD_ACTIVE_BLOCK);
            List<DataValue> values = reply.values();
            BigDecimal total = ((DataValue.Decimal) values.get(0)).value();
            BigDecimal sum = values.subList(1, 5).stream()
                    .map(v -> ((DataValue.Decimal) v).value())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(total.subtract(sum).abs()).as(meter.toString()).isLessThanOrEqualTo(new BigDecimal("0.04"));
        }
    }

    @Test
    void registersNeverDecreaseAsTimePasses() throws Exception {
        MeterAddress meter = MeterAddress.of(30);
        BigDecimal previous = BigDecimal.ZERO;
        for (int step = 0; step < 6; step++) {
            clock.advance(Duration.ofMinutes(37));
            BigDecimal total = total(read(SECOND, meter, DataItems.FORWARD_ACTIVE_TOTAL));
            assertThat(total).isGreaterThanOrEqualTo(previous);
            previous = total;
        }
    }

    @Test
    void tripOverTheNetworkStopsConsumption() throws Exception {
        MeterAddress meter = MeterAddress.of(7);
        Reply ack = send(FIRST, control(meter, ControlType.TRIP, Duration.ofMinutes(5)));
        assertThat(ack).isInstanceOf(Reply.Acknowledged.class);

        BigDecimal before = total(read(FIRST, meter, DataItems.FORWARD_ACTIVE_TOTAL));
        clock.advance(Duration.ofHours(2));
        BigDecimal after = total(read(FIRST, meter, DataItems.FORWARD_ACTIVE_TOTAL));
        DataValue.StatusBits word = (DataValue.StatusBits)
                read(FIRST, meter, DataItems.STATUS_WORD_3).values().get(0);

        assertThat(after).isEqualTo(before);
        assertThat(StatusWord3.relayOpen(word)).isTrue();
    }

    @Test
    void localMeterTripsItselfAtZeroMoney() throws Exception {
        // Other tests move the clock too, so only the end state is certain: 2 yuan last minutes here.
        MeterAddress local = MeterAddress.of(6);
        clock.advance(Duration.ofDays(1));

        assertThat(total(read(FIRST, local, DataItems.REMAINING_MONEY))).isZero();
        assertThat(total(read(FIRST, local, DataItems.OVERDRAFT))).isLessThanOrEqualTo(new BigDecimal("0.01"));
        DataValue.StatusBits word = (DataValue.StatusBits)
                read(FIRST, local, DataItems.STATUS_WORD_3).values().get(0);
        assertThat(StatusWord3.relayOpen(word)).isTrue();
        BigDecimal stopped = total(read(FIRST, local, DataItems.FORWARD_ACTIVE_TOTAL));
        clock.advance(Duration.ofHours(1));
        assertThat(total(read(FIRST, local, DataItems.FORWARD_ACTIVE_TOTAL))).isEqualTo(stopped);
    }

    @Test
    void protectedMeterRefusesTripWithAnAbnormalReply() throws Exception {
        Reply reply = send(FIRST, control(PROTECTED, ControlType.TRIP, Duration.ofMinutes(5)));

        assertThat(reply)
                .isInstanceOfSatisfying(
                        Reply.Abnormal.class,
                        a -> assertThat(a.controlErrors()).containsExactly(ControlErrorFlag.PROTECTED));
        assertThat(reply.toFrame().control().toByte()).isEqualTo(0xDC);
    }

    @Test
    void expiredCommandIsRefused() throws Exception {
        Reply reply = send(FIRST, control(MeterAddress.of(8), ControlType.TRIP, Duration.ofMinutes(-1)));

        assertThat(reply)
                .isInstanceOfSatisfying(
                        Reply.Abnormal.class,
                        a -> assertThat(a.controlErrors()).containsExactly(ControlErrorFlag.COMMAND_EXPIRED));
    }

    @Test
    void corruptedFrameModeSendsFramesThatFailTheChecksum() throws Exception {
        TestHeadEnd.Link link = headEnd.awaitLink(FIRST, WAIT);
        int rejectedBefore = link.rejected.size();
        link.send(new Request.Read(CORRUPT, DataItems.FORWARD_ACTIVE_TOTAL)
                .toFrame()
                .encode(4));

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (link.rejected.size() == rejectedBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(link.rejected.subList(rejectedBefore, link.rejected.size()))
                .hasOnlyElementsOfType(DecodeError.BadChecksum.class)
                .isNotEmpty();
    }

    @Test
    void duplicateModeAnswersTwice() throws Exception {
        TestHeadEnd.Link link = headEnd.awaitLink(FIRST, WAIT);
        link.drain(Duration.ofMillis(50));
        link.send(new Request.Read(DUPLICATE, DataItems.FORWARD_ACTIVE_TOTAL)
                .toFrame()
                .encode());

        List<Frame> frames = link.drain(Duration.ofMillis(300));

        assertThat(frames).hasSize(2).allMatch(f -> f.address().equals(DUPLICATE));
    }

    @Test
    void broadcastTimeSyncSetsEveryMeterClockWithoutReplies() throws Exception {
        TestHeadEnd.Link link = headEnd.awaitLink(SECOND, WAIT);
        link.drain(Duration.ofMillis(50));
        LocalDateTime now =
                LocalDateTime.ofInstant(clock.instant(), SimulatorConfig.CHINA).withNano(0);
        link.send(new Request.TimeSync(now.plusHours(1)).toFrame().encode());

        assertThat(link.drain(Duration.ofMillis(200))).isEmpty();
        assertThat(simulator.meter(MeterAddress.of(40)).orElseThrow().meterTime(clock.instant()))
                .isEqualTo(now.plusHours(1));
        link.send(new Request.TimeSync(now).toFrame().encode());
        link.drain(Duration.ofMillis(100));
    }

    @Test
    void reconnectsAndRegistersAgainAfterTheHeadEndDropsTheLink() throws Exception {
        VirtualConcentrator dtu = simulator.concentrators().get(1);
        int before = dtu.connections();
        headEnd.awaitLink(SECOND, WAIT).socket.close();

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (dtu.connections() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(dtu.connections()).isEqualTo(before + 1);
        while (headEnd.links.get(SECOND).socket.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Reply.ReadData reply = read(SECOND, MeterAddress.of(26), DataItems.FORWARD_ACTIVE_TOTAL);
        assertThat(total(reply)).isPositive();
    }

    private Request.Control control(MeterAddress meter, ControlType type, Duration validFor) {
        return VirtualMeterTest.control(
                simulator.meter(meter).orElseThrow(), type, clock.instant().plus(validFor));
    }

    private Reply.ReadData read(String dtu, MeterAddress meter, DataIdentifier id) throws Exception {
        return (Reply.ReadData) send(dtu, new Request.Read(meter, id));
    }

    private Reply send(String dtu, Request request) throws Exception {
        TestHeadEnd.Link link = headEnd.awaitLink(dtu, WAIT);
        synchronized (link) {
            link.frames.clear();
            link.send(request.toFrame().encode(4));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                Frame frame = link.next(Duration.ofMillis(100));
                if (frame != null && frame.address().equals(request.address())) {
                    return Reply.parse(frame);
                }
            }
        }
        throw new AssertionError("no reply from " + request.address() + " to " + request);
    }

    private static BigDecimal total(Reply.ReadData reply) throws Exception {
        return ((DataValue.Decimal) reply.values().get(0)).value();
    }
}
