package io.gridhall.simulator;

import io.gridhall.dlt645.MeterAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet of virtual meters behind virtual concentrators, all dialling one head-end.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimulatorConfig.builder(headEnd)
 *     .meters(Fleet.generate(1000, 42)).seed(42).clock(clock).build())) {
 *   ...
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {

    private final Map<MeterAddress, VirtualMeter> meters = new LinkedHashMap<>();
    private final List<VirtualConcentrator> concentrators = new ArrayList<>();

    private Simulator(SimulatorConfig config) {
        Instant start = config.clock().instant();
        LoadShape shape = new LoadShape(config.tou());
        Map<String, List<VirtualMeter>> byConcentrator = new LinkedHashMap<>();
        for (MeterSpec spec : config.meters()) {
            VirtualMeter meter = new VirtualMeter(spec, config, shape, start);
            if (meters.put(spec.address(), meter) != null) {
                throw new IllegalArgumentException("meter " + spec.address() + " appears twice");
            }
            byConcentrator
                    .computeIfAbsent(spec.concentratorId(), k -> new ArrayList<>())
                    .add(meter);
        }
        byConcentrator.forEach((id, list) -> concentrators.add(new VirtualConcentrator(id, list, config)));
    }

    /** Builds the meters and lets every concentrator dial the head-end (with back-off until it answers). */
    public static Simulator start(SimulatorConfig config) {
        Simulator simulator = new Simulator(config);
        simulator.concentrators.forEach(VirtualConcentrator::start);
        return simulator;
    }

    /** Builds the meters without any network, e.g. to compute expected readings. */
    public static Simulator offline(SimulatorConfig config) {
        return new Simulator(config);
    }

    public List<VirtualConcentrator> concentrators() {
        return List.copyOf(concentrators);
    }

    public Collection<VirtualMeter> meters() {
        return List.copyOf(meters.values());
    }

    public Optional<VirtualMeter> meter(MeterAddress address) {
        return Optional.ofNullable(meters.get(address));
    }

    @Override
    public void close() {
        concentrators.forEach(VirtualConcentrator::close);
    }
}
