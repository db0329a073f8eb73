package io.gridhall.shared;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Starts the application's {@link AfterCommitWorker}s (ADR 0023) and shows each one's queue in the metrics:
 * {@code gridhall.worker.waiting} (tasks waiting) and {@code gridhall.worker.dropped} (tasks left to a poller), tagged
 * with the worker's name.
 */
@Component
public class AfterCommitWorkers {

    private final MeterRegistry registry;
    private final Map<String, AfterCommitWorker> started = new ConcurrentHashMap<>();

    AfterCommitWorkers(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry.getIfAvailable();
    }

    /**
     * A new worker; its owner closes it in its {@code @PreDestroy}.
     *
     * @param name the thread's name, unique in the application
     * @param capacity how many tasks may wait; more are dropped
     * @param stopWait how long closing lets queued and running tasks finish
     */
    public AfterCommitWorker start(String name, int capacity, Duration stopWait) {
        AfterCommitWorker worker;
        if (registry == null) {
            worker = new AfterCommitWorker(name, capacity, stopWait);
        } else {
            Counter dropped = Counter.builder("gridhall.worker.dropped")
                    .description("Tasks a worker could not take (full or stopping), left to their poller")
                    .tag("worker", name)
                    .register(registry);
            worker = new AfterCommitWorker(name, capacity, stopWait, dropped::increment);
        }
        if (started.putIfAbsent(name, worker) != null) {
            worker.close();
            throw new IllegalStateException("a worker named " + name + " is running already");
        }
        if (registry != null)
            registry.gaugeCollectionSize("gridhall.worker.waiting", Tags.of("worker", name), worker.queue());
        return worker;
    }

    /** Stops what an owner left running (each owner closes its own first, while what its tasks use is still open). */
    @PreDestroy
    void stop() {
        started.values().forEach(AfterCommitWorker::close);
    }
}
