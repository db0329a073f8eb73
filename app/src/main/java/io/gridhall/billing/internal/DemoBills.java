package io.gridhall.billing.internal;

import io.gridhall.grid.BranchView;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo utility's bills (profile {@code demo}): on a fresh demo, once the metering history is written, every branch
 * is billed for the last three complete months, oldest first, and each month is released before the next is billed
 * (so the audit compares with the account's history). What the automatic audit held stays in the review queue: the
 * demo's imperfect meters (stopped, bypassed, estimated) give it its realistic cases.
 */
@Component
@Profile("demo")
class DemoBills {

    private static final Logger log = LoggerFactory.getLogger(DemoBills.class);

    /** Who the audit log names for the demo's runs and releases. */
    static final Actor DEMO_BILLING = new Actor(
            new UserId(0), Actor.Kind.STAFF, "演示抄核收", Set.of(Role.BILLING_CLERK, Role.ADMINISTRATOR), Set.of());

    /**
     * How long the demo waits for a month's runs: the poller may work them (#9), and a worker that stopped leaves
     * them to its lease, after which this thread takes them over.
     */
    static final Duration FINISH_WITHIN = Duration.ofMinutes(10);

    private final RunningBills runs;
    private final ReviewingBills review;
    private final Grid grid;
    private final JdbcClient jdbc;
    private final Clock clock;

    DemoBills(RunningBills runs, ReviewingBills review, Grid grid, JdbcClient jdbc, Clock clock) {
        this.runs = runs;
        this.review = review;
        this.grid = grid;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** After the metering history (the highest precedence), before the ready banner. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    void onReady() {
        if (jdbc.sql("select exists (select 1 from billing.billing_run)")
                .query(Boolean.class)
                .single()) {
            log.info("Demo bills: billing runs already made; not billing");
            return;
        }
        try {
            bill();
        } catch (RuntimeException e) {
            // the demo starts without bills rather than not at all
            log.warn("Demo bills: billing the demo failed", e);
        }
    }

    /**
     * Works due runs in this thread and waits for the rest, whoever holds them (the run schedule's poller claims runs
     * too, and a run it holds is not due here), until every run of {@code ids} completed or failed, or the bound
     * passed; true when all ended (#9).
     */
    boolean finish(List<Long> ids, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            while (runs.workDue("demo")) {
                // bill the due runs in this thread
            }
            boolean ended = ids.stream()
                    .map(id -> runs.view(id).orElseThrow().status())
                    .allMatch(s -> "COMPLETED".equals(s) || "FAILED".equals(s));
            if (ended) return true;
            if (System.nanoTime() - deadline >= 0) return false;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void bill() {
        long started = System.nanoTime();
        YearMonth current = YearMonth.from(LocalDate.now(clock));
        List<BranchView> branches = grid.branches();
        int issued = 0;
        for (int back = 3; back >= 1; back--) {
            YearMonth period = current.minusMonths(back);
            List<Long> ids = branches.stream()
                    .map(b -> runs.start(DEMO_BILLING, b.id(), period).id())
                    .toList();
            if (!finish(ids, FINISH_WITHIN)) {
                log.warn("Demo bills: runs of {} still unfinished after {}", period, FINISH_WITHIN);
            }
            for (long id : ids) {
                if ("COMPLETED".equals(runs.view(id).orElseThrow().status())) {
                    issued += review.release(DEMO_BILLING, id).issued();
                } else {
                    log.warn("Demo bills: run {} did not complete; not released", id);
                }
            }
        }
        int held = review.queue(DEMO_BILLING, null, 500).size();
        log.info(
                "Demo bills: {} months of {} branches, {} bills issued, {} held for review, in {} s",
                3,
                branches.size(),
                issued,
                held,
                (System.nanoTime() - started) / 1_000_000_000L);
    }
}
