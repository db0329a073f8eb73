package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way to work after a commit (ADR 0023), without Spring's context: a transaction manager that keeps no
 * resource drives the real synchronisation (after commit, not on a rollback, not when the commit fails).
 */
class AfterCommitWorkerTests {

    /** Transactions with nothing in them, whose commit fails while {@link #failCommit} is set. */
    static final class NoResources extends AbstractPlatformTransactionManager {
        volatile boolean failCommit;

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {}

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            if (failCommit) throw new TransactionSystemException("the database went away");
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {}
    }

    final NoResources transactions = new NoResources();
    final TransactionTemplate tx = new TransactionTemplate(transactions);
    final List<AfterCommitWorker> started = new CopyOnWriteArrayList<>();

    AfterCommitWorker worker(int capacity, Duration stopWait) {
        AfterCommitWorker w = new AfterCommitWorker("test-worker", capacity, stopWait);
        started.add(w);
        return w;
    }

    @AfterEach
    void stop() {
        started.forEach(AfterCommitWorker::close);
    }

    /** Holds the worker's thread until released; tells when it holds. */
    record Gate(CountDownLatch holding, CountDownLatch release) implements Runnable {
        Gate() {
            this(new CountDownLatch(1), new CountDownLatch(1));
        }

        @Override
        public void run() {
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitHolding() throws InterruptedException {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Waits until every task handed over before it ran (one thread, in order). */
    static void drained(AfterCommitWorker w) throws InterruptedException {
        CountDownLatch marker = new CountDownLatch(1);
        assertThat(w.run("marker", marker::countDown)).isTrue();
        assertThat(marker.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(w::idle);
    }

    @Test
    void runsTheTaskOnItsNamedThreadOnlyOnceTheTransactionCommitted() throws InterruptedException {
        AfterCommitWorker w = worker(10, Duration.ofSeconds(5));
        CountDownLatch ran = new CountDownLatch(1);
        StringBuilder thread = new StringBuilder();
        tx.executeWithoutResult(status -> {
            w.afterCommit("a job", () -> {
                thread.append(Thread.currentThread().getName());
                ran.countDown();
            });
            assertThat(w.idle()).as("nothing handed over before the commit").isTrue();
            try {
                assertThat(ran.await(200, TimeUnit.MILLISECONDS)).isFalse();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.toString()).as("off the committing thread").isEqualTo("test-worker");
    }

    @Test
    void aRollbackOrAFailedCommitHandsNothingOver() throws InterruptedException {
        AfterCommitWorker w = worker(10, Duration.ofSeconds(5));
        AtomicInteger ran = new AtomicInteger();
        tx.executeWithoutResult(status -> {
            w.afterCommit("rolled back", ran::incrementAndGet);
            status.setRollbackOnly();
        });
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    w.afterCommit("thrown", ran::incrementAndGet);
                    throw new IllegalStateException("refused");
                }))
                .isInstanceOf(IllegalStateException.class);
        transactions.failCommit = true;
        assertThatThrownBy(
                        () -> tx.executeWithoutResult(status -> w.afterCommit("commit failed", ran::incrementAndGet)))
                .isInstanceOf(TransactionSystemException.class);
        drained(w);
        assertThat(ran.get()).isZero();
    }

    @Test
    void withoutATransactionTheTaskIsHandedOverAtOnce() throws InterruptedException {
        AfterCommitWorker w = worker(10, Duration.ofSeconds(5));
        CountDownLatch ran = new CountDownLatch(1);
        w.afterCommit("no transaction", ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void whatDoesNotFitTheQueueIsDroppedAndCounted() throws InterruptedException {
        AtomicInteger drops = new AtomicInteger();
        AfterCommitWorker w = new AfterCommitWorker("bounded", 2, Duration.ofSeconds(5), drops::incrementAndGet);
        started.add(w);
        Gate gate = new Gate();
        assertThat(w.run("gate", gate)).isTrue();
        gate.awaitHolding();
        AtomicInteger ran = new AtomicInteger();
        assertThat(w.run("first", ran::incrementAndGet)).isTrue();
        assertThat(w.run("second", ran::incrementAndGet)).isTrue();
        assertThat(w.waiting()).isEqualTo(2);
        assertThat(w.run("third", ran::incrementAndGet)).as("the queue is full").isFalse();
        assertThat(drops.get()).isEqualTo(1);

        // after commit, a full queue drops just the same, and the committing thread goes on
        tx.executeWithoutResult(status -> w.afterCommit("fourth", ran::incrementAndGet));
        assertThat(drops.get()).isEqualTo(2);

        gate.release().countDown();
        await().atMost(Duration.ofSeconds(10)).until(w::idle);
        assertThat(ran.get()).isEqualTo(2);
        assertThat(w.run("again", ran::incrementAndGet)).as("room again").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 3);
    }

    @Test
    void aTaskAlreadyWaitingIsNotQueuedTwiceButOneAskedForWhileItRunsIs() throws InterruptedException {
        AfterCommitWorker w = worker(10, Duration.ofSeconds(5));
        Gate gate = new Gate();
        w.run("gate", gate);
        gate.awaitHolding();
        AtomicInteger passes = new AtomicInteger();
        Gate inPass = new Gate();
        Runnable pass = () -> {
            if (passes.incrementAndGet() == 1) inPass.run();
        };
        for (int i = 0; i < 5; i++) assertThat(w.run("pass", pass)).isTrue();
        assertThat(w.waiting()).isEqualTo(1);
        gate.release().countDown();
        inPass.awaitHolding();
        // the pass runs: what committed meanwhile needs a run of its own
        assertThat(w.run("pass", pass)).isTrue();
        assertThat(w.waiting()).isEqualTo(1);
        inPass.release().countDown();
        drained(w);
        assertThat(passes.get()).isEqualTo(2);
    }

    @Test
    void aFailingTaskDoesNotStopTheWorker() throws InterruptedException {
        AfterCommitWorker w = worker(10, Duration.ofSeconds(5));
        CountDownLatch after = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        w.run("fails", () -> {
            threads.add(Thread.currentThread().getName());
            throw new IllegalStateException("a gateway said no");
        });
        w.run("next", () -> {
            threads.add(Thread.currentThread().getName());
            after.countDown();
        });
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).containsExactly("test-worker", "test-worker");
        await().atMost(Duration.ofSeconds(10)).until(w::idle);
    }

    @Test
    void closingLetsQueuedTasksFinishThenTakesNoMore() throws InterruptedException {
        AfterCommitWorker w = worker(10, Duration.ofSeconds(10));
        Gate gate = new Gate();
        w.run("gate", gate);
        gate.awaitHolding();
        AtomicInteger ran = new AtomicInteger();
        w.run("queued", ran::incrementAndGet);
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.release().countDown();
        });
        w.close();
        assertThat(ran.get()).as("what was queued ran before close returned").isEqualTo(1);
        assertThat(w.closed()).isTrue();
        assertThat(w.idle()).isTrue();
        assertThat(w.run("late", ran::incrementAndGet)).as("stopping: dropped").isFalse();
        tx.executeWithoutResult(status -> w.afterCommit("late commit", ran::incrementAndGet));
        assertThat(ran.get()).isEqualTo(1);
    }

    @Test
    void closingWaitsABoundedTimeThenInterruptsTheRunningTaskAndDropsTheWaiting() throws InterruptedException {
        AfterCommitWorker w = worker(10, Duration.ofMillis(300));
        CountDownLatch holding = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        w.run("stuck", () -> {
            holding.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        w.run("waiting", ran::incrementAndGet);

        long started = System.nanoTime();
        w.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
        await().atMost(Duration.ofSeconds(5)).until(w::idle);
        assertThat(ran.get()).isZero();
        assertThat(w.waiting()).isZero();
    }

    @Test
    void theMetricsShowEachWorkersQueueAndDrops() throws InterruptedException {
        MeterRegistry registry = new SimpleMeterRegistry();
        AfterCommitWorkers workers = new AfterCommitWorkers(
                new StaticListableBeanFactory(Map.of("registry", registry)).getBeanProvider(MeterRegistry.class));
        AfterCommitWorker w = workers.start("metered", 1, Duration.ofSeconds(5));
        started.add(w);
        Gate gate = new Gate();
        w.run("gate", gate);
        gate.awaitHolding();
        w.run("waits", () -> {});
        w.run("dropped", () -> {});

        assertThat(registry.get("gridhall.worker.waiting")
                        .tag("worker", "metered")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(registry.get("gridhall.worker.dropped")
                        .tag("worker", "metered")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThatThrownBy(() -> workers.start("metered", 1, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class);
        gate.release().countDown();
        await().atMost(Duration.ofSeconds(10)).until(w::idle);
        assertThat(registry.get("gridhall.worker.waiting")
                        .tag("worker", "metered")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void workersStartWithoutAMetricsRegistryAndStopWhatTheirOwnersLeftRunning() throws InterruptedException {
        AfterCommitWorkers workers =
                new AfterCommitWorkers(new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));
        AfterCommitWorker w = workers.start("unmetered", 1, Duration.ofSeconds(5));
        started.add(w);
        CountDownLatch ran = new CountDownLatch(1);
        w.run("a job", ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        workers.stop();
        assertThat(w.closed()).isTrue();
    }

    @Test
    void aWorkerNeedsANameRoomAndAWait() {
        assertThatThrownBy(() -> new AfterCommitWorker(" ", 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AfterCommitWorker("w", 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AfterCommitWorker("w", 1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
