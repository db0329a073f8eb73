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

    /**
     * Adds directives to the running scenario, e.g. a transformer area's supply loss scripted while the simulation
     * runs ({@code concentrator <id> power-off from <now> to <later>}). They act on the meters and concentrators they
     * name from their {@code from} on, like the directives the simulator started with.
     */
    public void script(Scenario more) {
        for (Scenario.Rule rule : more.rules()) {
            for (VirtualMeter m : meters.values()) {
                if (rule.appliesTo(m.spec())) m.add(rule);
            }
            for (VirtualConcentrator c : concentrators) {
                if (rule.concentrator() != null && rule.concerns(c.id())) c.add(rule);
            }
        }
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
