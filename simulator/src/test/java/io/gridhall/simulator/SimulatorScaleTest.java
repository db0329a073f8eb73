package io.gridhall.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.Frame;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two thousand meters behind ten concentrators answer one read each, on loopback. */
class SimulatorScaleTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoThousandMetersAnswerAReadRound() throws Exception {
        List<MeterSpec> fleet = Fleet.generate(2000, 7);
        Map<String, List<MeterSpec>> byConcentrator =
                fleet.stream().collect(Collectors.groupingBy(MeterSpec::concentratorId));
        Map<String, Integer> answered = new ConcurrentHashMap<>();
        try (TestHeadEnd headEnd = new TestHeadEnd();
                Simulator simulator = Simulator.start(SimulatorConfig.builder(headEnd.address())
                        .meters(fleet)
                        .seed(7)
                        .clock(new MutableClock(Meters.START))
                        .build())) {
            List<Thread> readers = new ArrayList<>();
            for (var entry : byConcentrator.entrySet()) {
                readers.add(Thread.ofVirtual().start(() -> {
                    try {
                        TestHeadEnd.Link link = headEnd.awaitLink(entry.getKey(), Duration.ofSeconds(10));
                        int ok = 0;
                        for (MeterSpec meter : entry.getValue()) {
                            link.send(new Request.Read(meter.address(), DataItems.FORWARD_ACTIVE_BLOCK)
                                    .toFrame()
                                    .encode(4));
                            Frame frame = link.next(Duration.ofSeconds(5));
                            if (frame != null
                                    && Reply.parse(frame) instanceof Reply.ReadData data
                                    && data.address().equals(meter.address())
                                    && data.values().size() == 5) {
                                ok++;
                            }
                        }
                        answered.put(entry.getKey(), ok);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : readers) {
                t.join();
            }
            assertThat(simulator.concentrators()).hasSize(10);
        }
        assertThat(answered.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2000);
    }
}
