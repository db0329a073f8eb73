package io.gridhall.payment.internal;

import io.gridhall.payment.PaymentsPosted;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Earns reward points after the ledger commits a payment, and expires them every night (idempotent per account and
 * year, so a second run, or a run on every node, expires nothing twice).
 *
 * <p>Earning is a group commit (ADR 0015): each delivery of {@link PaymentsPosted} queues its event and waits; whoever
 * holds the earning lock takes every event queued by then (up to {@link #GROUP_SHARES} shares) and earns them in one
 * transaction, set-based, while the next events queue behind it. A listener returns only once its own event is
 * committed, so the event publication registry marks an event complete only when its points are written, and
 * redelivers it after a crash; a repeat writes nothing, every entry has its key. If a group fails, its events are
 * earned one by one, so one bad event fails alone. At shutdown the application waits (up to {@link #SHUTDOWN_WAIT})
 * for the deliveries under way before the pool closes; what is left is redelivered at the next start.
 */
@Component
class EarningPoints implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EarningPoints.class);

    /** A group takes queued events until it holds this many shares (a batch event alone may hold more). */
    static final int GROUP_SHARES = 1_000;

    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final KeepingPoints points;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock earning = new ReentrantLock();
    private final AtomicInteger underWay = new AtomicInteger();
    private volatile boolean running;

    private record Queued(PaymentsPosted event, CompletableFuture<Void> done) {}

    EarningPoints(KeepingPoints points, Clock clock) {
        this.points = points;
        this.clock = clock;
    }

    /** No transaction of its own: the group's transaction is the earning's, a waiting delivery holds no connection. */
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(PaymentsPosted posted) {
        underWay.incrementAndGet();
        try {
            Queued mine = new Queued(posted, new CompletableFuture<>());
            queue.add(mine);
            while (!mine.done().isDone()) {
                earning.lock();
                try {
                    // a group taken before this one held the lock may have earned this event already
                    if (!mine.done().isDone()) earnQueued();
                } finally {
                    earning.unlock();
                }
            }
            mine.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        } finally {
            synchronized (underWay) {
                if (underWay.decrementAndGet() == 0) underWay.notifyAll();
            }
        }
    }

    /** Takes the queued events, in their order, and earns them in one transaction (under the lock). */
    private void earnQueued() {
        List<Queued> group = new ArrayList<>();
        int shares = 0;
        while (shares < GROUP_SHARES) {
            Queued q = queue.poll();
            if (q == null) break;
            group.add(q);
            shares += q.event().received().stream()
                            .mapToInt(r -> r.shares().size())
                            .sum()
                    + q.event().reversed().size();
        }
        if (group.isEmpty()) return;
        try {
            points.earnAll(group.stream().map(Queued::event).toList());
            group.forEach(q -> q.done().complete(null));
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.getFirst().done().completeExceptionally(e);
                return;
            }
            log.warn("Reward points: a group of {} events failed, earning them one by one", group.size(), e);
            for (Queued q : group) {
                try {
                    points.earnAll(List.of(q.event()));
                    q.done().complete(null);
                } catch (RuntimeException one) {
                    q.done().completeExceptionally(one);
                }
            }
        }
    }

    @Scheduled(
            cron = "${gridhall.payment.points-expiry-cron:0 7 0 * * *}",
            zone = "${gridhall.time-zone:Asia/Shanghai}")
    void expire() {
        int n = points.expire(LocalDate.now(clock));
        if (n > 0) log.info("Reward points: expired the points of {} accounts", n);
    }

    // ---- shutdown: the deliveries under way end before the pool closes ----

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server has stopped taking requests (a lower phase stops later). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public void stop() {
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        synchronized (underWay) {
            try {
                while (underWay.get() > 0 && System.nanoTime() < deadline)
                    underWay.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int left = underWay.get();
        if (left > 0)
            log.info(
                    "Reward points: {} deliveries still earning after {}; the next start delivers them again",
                    left,
                    SHUTDOWN_WAIT);
        running = false;
    }
}
