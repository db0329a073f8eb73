package io.gridhall.simulator;

import io.gridhall.dlt645.MeterAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/** Fixtures. */
final class Meters {

    static final Instant START =
            LocalDateTime.of(2026, 11, 20, 10, 0).atZone(SimulatorConfig.CHINA).toInstant();
    static final InetSocketAddress NOWHERE = new InetSocketAddress("127.0.0.1", 9);

    private Meters() {}

    static MeterSpec aMeter(long address, CustomerClass c, FeeControl fee) {
        return new MeterSpec("C00000000001", MeterAddress.of(address), c, fee);
    }

    static VirtualMeter offline(MeterSpec spec, String script, MutableClock clock) {
        SimulatorConfig config = SimulatorConfig.builder(NOWHERE)
                .meters(List.of(spec))
                .seed(42)
                .clock(clock)
                .scenario(Scenario.parse(script))
                .build();
        return Simulator.offline(config).meter(spec.address()).orElseThrow();
    }
}
