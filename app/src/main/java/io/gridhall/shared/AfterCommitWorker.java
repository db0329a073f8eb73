package io.gridhall.shared;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one way to do work after a transaction commits (ADR 0023): one named thread with a bounded queue. What the work
 * is about is always durable before it is handed over (a row due, a row pending), and a poller takes it up when a
 * hand-off is lost; so a task that does not fit, or comes while the application stops, is dropped with a debug line,
 * and a rollback hands over nothing.
 *
 * <p>A task is named by what it does ({@code what}: a pass, a refund number, a campaign id; never personal data). A
 * task whose name is already waiting is not queued again: the waiting one does that work too. Once it starts, the
 * name is free, so work committed during a run gets a run of its own.
 *
 * <p>The owner closes its worker when it is destroyed ({@code @PreDestroy}): after the web server stopped, while the
 * database pool and whatever the tasks use are still open. Closing lets what is queued finish within a bounded wait,
 * then interrupts the rest.
 */
public final class AfterCommitWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AfterCommitWorker.class);

    private final String name;
    private final Duration stopWait;
    private final BlockingQueue<Runnable> queue;
    private final ThreadPoolExecutor thread;
    private final Set<String> waitingNames = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final Runnable onDrop;

    /**
     * @param name the thread's name, also the worker's in logs and metrics
     * @param capacity how many tasks may wait; more are dropped
     * @param stopWait how long {@link #close()} lets queued and running tasks finish
     */
    public AfterCommitWorker(String name, int capacity, Duration stopWait) {
        this(name, capacity, stopWait, () -> {});
    }

    AfterCommitWorker(String name, int capacity, Duration stopWait, Runnable onDrop) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a worker has a name");
        if (capacity < 1) throw new IllegalArgumentException("a worker's queue holds at least one task");
        if (stopWait.isNegative()) throw new IllegalArgumentException("a worker's stop wait is not negative");
        this.name = name;
        this.stopWait = stopWait;
        this.onDrop = onDrop;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                queue,
                Thread.ofPlatform().name(name).daemon().factory());
    }

    public String name() {
        return name;
    }

    /**
     * Runs the task on this worker once the current transaction commits; nothing on a rollback. Without a transaction
     * (no synchronisation active) it is handed over at once.
     */
    public void afterCommit(String what, Runnable task) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            run(what, task);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                run(what, task);
            }
        });
    }

    /**
     * Hands the task over now and returns at once.
     *
     * @return false when it was dropped: the queue is full or the worker is stopping
     */
    public boolean run(String what, Runnable task) {
        if (!waitingNames.add(what)) return true; // the waiting one does this work too
        unfinished.incrementAndGet();
        try {
            thread.execute(new Task(what, task));
            return true;
        } catch (RejectedExecutionException e) {
            waitingNames.remove(what);
            unfinished.decrementAndGet();
            log.debug(
                    "Worker {} {}: {} dropped; its poller takes it up",
                    name,
                    thread.isShutdown() ? "is stopping" : "is full",
                    what);
            onDrop.run();
            return false;
        }
    }

    /** A task with its name: a failure is logged and the thread goes on with the next. */
    private final class Task implements Runnable {
        final String what;
        final Runnable work;

        Task(String what, Runnable work) {
            this.what = what;
            this.work = work;
        }

        @Override
        public void run() {
            waitingNames.remove(what); // from here on, work committed meanwhile queues another run
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("Worker {}: {} failed; it is left to its poller", name, what, e);
            } finally {
                unfinished.decrementAndGet();
            }
        }
    }

    /** How many tasks wait in the queue (not counting a running one). */
    public int waiting() {
        return queue.size();
    }

    /** Whether nothing waits and nothing runs. */
    public boolean idle() {
        return unfinished.get() == 0;
    }

    BlockingQueue<Runnable> queue() {
        return queue;
    }

    /**
     * Takes no more tasks, lets the queued and running ones finish for up to the stop wait, then interrupts what still
     * runs and drops what still waits (their pollers take them up after the restart).
     */
    @Override
    public void close() {
        thread.shutdown();
        boolean finished;
        try {
            finished = thread.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            List<Runnable> left = thread.shutdownNow();
            for (Runnable r : left) {
                if (r instanceof Task t) waitingNames.remove(t.what);
                unfinished.decrementAndGet();
            }
            log.info("Worker {} stopped with {} task(s) left to their pollers", name, left.size());
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean closed() {
        return thread.isShutdown();
    }
}
