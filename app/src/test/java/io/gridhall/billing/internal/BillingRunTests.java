package io.gridhall.billing.internal;

import static io.gridhall.billing.internal.BillingFixtures.normal;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.billing.internal.BillingFixtures.Branch;
import io.gridhall.billing.internal.BillingFixtures.Plan;
import io.gridhall.billing.internal.BillingFixtures.Shape;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.metering.MeterReadings;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@BillingTest
class BillingRunTests {

    @Autowired
    RunningBills runs;

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    MeterReadings readings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Billing billing;

    @Autowired
    Clock clock;

    @Autowired
    ReviewingBills review;

    @AfterEach
    void noMoreFaults() {
        runs.checkpoint = point -> {};
    }

    /** Works every due run to the end, as the poller would. */
    private void workAll() {
        while (runs.workDue("test")) {
            // next
        }
    }

    private Map<Long, List<Map<String, Object>>> billsByAccount(long runId) {
        Map<Long, List<Map<String, Object>>> byAccount = new HashMap<>();
        jdbc.sql("select * from billing.bill where run_id = ? and type = 'REGULAR' order by id")
                .param(runId)
                .query((rs, n) -> Map.<String, Object>of(
                        "account", rs.getLong("supply_account_id"),
                        "total", rs.getLong("total_fen"),
                        "status", rs.getString("status"),
                        "id", rs.getLong("id")))
                .list()
                .forEach(b -> byAccount
                        .computeIfAbsent((Long) b.get("account"), k -> new ArrayList<>())
                        .add(b));
        return byAccount;
    }

    @Test
    void billsEveryAccountOnceHoldsWhatTheAuditFindsAndSaysWhyTheOthersGotNone() {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < 12; i++) plans.add(normal(100 + 17L * i));
        plans.add(normal(0)); // 12: zero usage on an active account
        plans.add(new Plan("RESIDENTIAL_TIERED", CustomerClass.RESIDENTIAL, 12_345, Shape.END_READ_TWO_DAYS_EARLY));
        plans.add(new Plan("RESIDENTIAL_TIERED", CustomerClass.RESIDENTIAL, 10_000, Shape.NO_READS)); // 14
        plans.add(new Plan("RESIDENTIAL_TIERED", CustomerClass.RESIDENTIAL, 10_000, Shape.NO_METER)); // 15
        plans.add(new Plan("RESIDENTIAL_TIERED", CustomerClass.RESIDENTIAL, 30_001, Shape.REPLACED_MID_PERIOD));
        plans.add(new Plan("RESIDENTIAL_TIERED", CustomerClass.RESIDENTIAL, 20_000, Shape.ESTIMATED_END)); // 17
        plans.add(new Plan("RESIDENTIAL_TIERED", CustomerClass.COMMERCIAL, 20_000, Shape.NORMAL)); // 18: misfit
        plans.add(new Plan("RESIDENTIAL_UNPRICED", CustomerClass.RESIDENTIAL, 20_000, Shape.NORMAL)); // 19
        plans.add(normal(10_000)); // 20: 5,000 yuan for a household
        plans.add(new Plan("RESIDENTIAL_REFUSED", CustomerClass.RESIDENTIAL, 20_000, Shape.NORMAL)); // 21
        YearMonth period = YearMonth.of(2026, 9);
        Branch b = BillingFixtures.branch(grid, customers, readings, period, plans);
        Actor clerk = Actors.staff(b.id(), Role.BILLING_CLERK);

        BillingRunView queued = runs.start(clerk, b.id(), period);
        assertThat(queued.status()).isEqualTo("QUEUED");
        assertThat(runs.start(clerk, b.id(), period).id())
                .as("one run per branch and month")
                .isEqualTo(queued.id());
        workAll();

        BillingRunView done = runs.view(queued.id()).orElseThrow();
        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(done.accounts()).isEqualTo(22);
        assertThat(done.chunks()).isEqualTo(4);
        assertThat(done.chunksDone()).isEqualTo(4);
        assertThat(done.bills()).isEqualTo(18);
        assertThat(done.skipped()).isEqualTo(4);
        assertThat(done.secondsLeft()).isZero();
        Map<Long, String> skips = new HashMap<>();
        jdbc.sql("select supply_account_id, reason from billing.run_skip where run_id = ?")
                .param(queued.id())
                .query(rs -> {
                    skips.put(rs.getLong(1), rs.getString(2));
                });
        assertThat(skips)
                .containsOnly(
                        Map.entry(b.accounts()[14], "NO_READS"),
                        Map.entry(b.accounts()[15], "NO_METER"),
                        Map.entry(b.accounts()[19], "NO_TARIFF"),
                        Map.entry(b.accounts()[21], "NOT_RATABLE"));

        Map<Long, List<Map<String, Object>>> bills = billsByAccount(queued.id());
        for (int i = 0; i < 12; i++) {
            assertThat(bills.get(b.accounts()[i]))
                    .singleElement()
                    .satisfies(bill -> assertThat(bill.get("status")).isEqualTo("AUDIT_PASSED"));
        }
        assertThat(findings(bills, b.accounts()[12])).containsExactly("ZERO_USAGE");
        assertThat(findings(bills, b.accounts()[13])).containsExactly("READ_DAY_SHIFTED");
        assertThat(findings(bills, b.accounts()[18])).containsExactly("TARIFF_DOES_NOT_FIT");
        assertThat(findings(bills, b.accounts()[20])).containsExactly("LARGE_AMOUNT");
        // the replaced meter: the old meter's final read and the new one's start read both count
        BillView replaced = billing.bill(new io.gridhall.billing.BillId(
                        (Long) bills.get(b.accounts()[16]).getFirst().get("id")))
                .orElseThrow();
        assertThat(replaced.total()).isEqualTo(BillingFixtures.flatTotal(30_001));
        assertThat(replaced.lines().getFirst().explanation().sources()).hasSize(4);
        assertThat(replaced.lines().getFirst().explanation().sources().stream()
                        .map(s -> s.meterId())
                        .distinct())
                .hasSize(2);
        BillView estimated = billing.bill(new io.gridhall.billing.BillId(
                        (Long) bills.get(b.accounts()[17]).getFirst().get("id")))
                .orElseThrow();
        assertThat(estimated.estimated()).isTrue();
        assertThat(estimated.lines().getFirst().explanation().sources())
                .extracting(s -> s.quality())
                .contains("ESTIMATED");
        // nothing is issued before release: the customer sees none of them
        assertThat(billing.issuedBills(b.accounts()[0], 10)).isEmpty();
        assertThat(done.held()).isEqualTo(4);
        assertThat(done.auditPassed()).isEqualTo(14);
    }

    private List<String> findings(Map<Long, List<Map<String, Object>>> bills, long account) {
        Map<String, Object> bill = bills.get(account).getFirst();
        assertThat(bill.get("status")).isEqualTo(BillStatus.HELD.name());
        return jdbc.sql("select code from billing.audit_finding where bill_id = ? order by code")
                .param(bill.get("id"))
                .query(String.class)
                .list();
    }

    /** Thrown at a checkpoint: the worker stops there, as a process killed at that moment would. */
    static final class Killed extends Error {
        Killed(String point) {
            super("killed at " + point, null, false, false);
        }
    }

    @Test
    void aRunKilledAtRandomPointsAndStartedAgainMakesTheSameBillsNoneTwiceNoneMissing() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < 40; i++) plans.add(normal(50 + random.nextInt(400)));
        YearMonth period = YearMonth.of(2026, 8);
        Branch b = BillingFixtures.branch(grid, customers, readings, period, plans);
        Actor clerk = Actors.staff(b.id(), Role.BILLING_CLERK);
        long runId = runs.start(clerk, b.id(), period).id();

        // the next chunk is prepared on a second thread while the current one commits: both reach checkpoints
        List<String> killedAt = java.util.Collections.synchronizedList(new ArrayList<>());
        runs.checkpoint = point -> {
            if (random.nextInt(4) == 0) {
                killedAt.add(point);
                throw new Killed(point);
            }
        };
        // each restart comes after the dead worker's lease ran out, as a new process would find it
        Instant now = clock.instant();
        Duration pastLease = Duration.ofMinutes(3);
        int starts = 0;
        while (!"COMPLETED".equals(runs.view(runId).orElseThrow().status()) && starts < 500) {
            starts++;
            now = now.plus(pastLease);
            try {
                runs.workDue("worker-" + starts, now);
            } catch (Killed expected) {
                // the process is gone; its transaction rolled back with its connection
            }
        }
        runs.checkpoint = point -> {};
        assertThat(runs.view(runId).orElseThrow().status())
                .as("seed %d, killed at %s", seed, killedAt)
                .isEqualTo("COMPLETED");
        assertThat(killedAt).as("seed %d", seed).isNotEmpty();

        Map<Long, List<Map<String, Object>>> bills = billsByAccount(runId);
        assertThat(bills).as("seed %d", seed).hasSize(40);
        for (int i = 0; i < 40; i++) {
            long expected =
                    BillingFixtures.flatTotal(plans.get(i).usageHundredths()).fen();
            assertThat(bills.get(b.accounts()[i]))
                    .as("seed %d, account %d", seed, i)
                    .singleElement()
                    .satisfies(bill -> assertThat(bill.get("total")).isEqualTo(expected));
        }
        assertThat(jdbc.sql("select count(*) from billing.bill_line l join billing.bill b on b.id = l.bill_id"
                                + " where b.run_id = ?")
                        .param(runId)
                        .query(Long.class)
                        .single())
                .isEqualTo(40);
        BillingRunView run = runs.view(runId).orElseThrow();
        assertThat(run.chunksDone()).isEqualTo(6);
        assertThat(run.bills()).isEqualTo(40);
    }

    @Test
    void aWorkerWhoseLeaseWasTakenOverCommitsNothing() {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < 10; i++) plans.add(normal(100 + i));
        YearMonth period = YearMonth.of(2026, 7);
        Branch b = BillingFixtures.branch(grid, customers, readings, period, plans);
        long runId = runs.start(Actors.staff(b.id(), Role.BILLING_CLERK), b.id(), period)
                .id();
        Instant now = clock.instant();
        RunningBills.Claim first = claimOf(runId, "slow", now);
        RunningBills.Claim second = claimOf(runId, "fresh", now.plus(Duration.ofMinutes(30)));
        assertThat(second.fence()).isGreaterThan(first.fence());

        runs.work(first);
        assertThat(runs.view(runId).orElseThrow().bills()).as("fenced out").isZero();
        runs.work(second);
        BillingRunView done = runs.view(runId).orElseThrow();
        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(done.bills()).isEqualTo(10);
        Money total = billsByAccount(runId).values().stream()
                .map(l -> new Money((Long) l.getFirst().get("total")))
                .reduce(Money.ZERO, Money::plus);
        long expected = 0;
        for (Plan p : plans)
            expected += BillingFixtures.flatTotal(p.usageHundredths()).fen();
        assertThat(total.fen()).isEqualTo(expected);
    }

    /**
     * Issue #9: the demo's bills waited only while a run was due to its own thread, so a run the poller had claimed
     * (not due, still running) was left unreleased; now the demo waits for it to end, whoever works it, up to a bound.
     */
    @Test
    void theDemoWaitsForARunAnotherWorkerHoldsAndGivesUpOnlyAtItsBound() throws Exception {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < 9; i++) plans.add(normal(200 + i));
        YearMonth period = YearMonth.of(2026, 6);
        Branch b = BillingFixtures.branch(grid, customers, readings, period, plans);
        long runId = runs.start(Actors.staff(b.id(), Role.BILLING_CLERK), b.id(), period)
                .id();
        RunningBills.Claim poller = claimOf(runId, "poller", clock.instant());
        DemoBills demo = new DemoBills(runs, review, grid, jdbc, clock);

        assertThat(demo.finish(List.of(runId), Duration.ofMillis(300)))
                .as("the poller holds the run and has not worked it")
                .isFalse();
        assertThat(runs.view(runId).orElseThrow().status()).isEqualTo("RUNNING");

        CompletableFuture<Void> worked = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            runs.work(poller);
        });
        assertThat(demo.finish(List.of(runId), Duration.ofSeconds(60))).isTrue();
        worked.get(60, TimeUnit.SECONDS);
        BillingRunView done = runs.view(runId).orElseThrow();
        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(done.bills()).isEqualTo(9);
    }

    /** Claims the given run (other due runs are claimed first and worked off). */
    private RunningBills.Claim claimOf(long runId, String owner, Instant now) {
        for (int i = 0; i < 100; i++) {
            RunningBills.Claim claim = runs.claim(owner, now).orElseThrow();
            if (claim.runId() == runId) return claim;
            runs.work(claim);
        }
        throw new AssertionError("run " + runId + " was never claimed");
    }
}
