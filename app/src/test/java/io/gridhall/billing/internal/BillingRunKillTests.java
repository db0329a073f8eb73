package io.gridhall.billing.internal;

import static io.gridhall.billing.internal.BillingFixtures.normal;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.internal.BillingFixtures.Branch;
import io.gridhall.billing.internal.BillingFixtures.Plan;
import io.gridhall.billing.internal.GatheringUsage.Gathered;
import io.gridhall.billing.internal.rating.RatedBill;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Role;
import io.gridhall.metering.MeterReadings;
import io.gridhall.testing.Actors;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 9 §3: "a run killed with SIGKILL at any point and started again produces the same bills, no duplicate and
 * none missing". The run is worked by the application in a child JVM (the test classpath, the same embedded
 * PostgreSQL, the shipped tariffs), killed with SIGKILL ({@link Process#destroyForcibly}) at random moments after it
 * took the run, and started again until the run completes. Its bills must be exactly those a clean rating of the same
 * usage gives: one per account, the same lines and amounts.
 */
@BillingTest
class BillingRunKillTests {

    static final int ACCOUNTS = 400;
    static final int KILLS = 3;
    /** The workers' chunks of 5 accounts. */
    static final int CHUNKS = ACCOUNTS / 5;

    @Autowired
    RunningBills runs;

    @Autowired
    GatheringUsage gathering;

    @Autowired
    CatalogueRating rating;

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    MeterReadings readings;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRunKilledWithSigkillAtRandomPointsAndStartedAgainMakesTheBillsOfACleanRun() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) plans.add(normal(30 + random.nextInt(600)));
        YearMonth period = YearMonth.of(2026, 5);
        Branch b = BillingFixtures.branch(grid, customers, readings, period, plans);
        long runId = runs.start(Actors.staff(b.id(), Role.BILLING_CLERK), b.id(), period)
                .id();
        int port = jdbc.sql("select inet_server_port()").query(Integer.class).single();
        Path logs = Files.createDirectories(Path.of("target", "billing-kill"));

        // two workers alive at a time, as two nodes would be: the one that holds the run is killed at a random moment
        // after it took it (planning, rating, writing or committing a chunk), the other takes over once the lease ran
        // out, and a fresh one starts in the killed one's place while it works (so the starts overlap the work)
        long started = System.nanoTime();
        List<String> killedAt = new ArrayList<>();
        List<Process> workers = new ArrayList<>();
        int spawned = 0;
        try {
            for (; spawned < 2; spawned++) workers.add(worker(port, logs.resolve("worker-" + (spawned + 1) + ".log")));
            long fence = fence(runId);
            while (!"COMPLETED".equals(status(runId))
                    && Duration.ofNanos(System.nanoTime() - started).toSeconds() < 300) {
                long before = fence;
                boolean taken = await(
                        () -> fence(runId) > before
                                || "COMPLETED".equals(status(runId))
                                || workers.stream().noneMatch(Process::isAlive),
                        Duration.ofSeconds(180));
                assertThat(taken)
                        .as("seed %d: a worker takes the run; logs in %s", seed, logs)
                        .isTrue();
                if ("COMPLETED".equals(status(runId))) break;
                assertThat(workers.stream().anyMatch(Process::isAlive))
                        .as("seed %d: the workers died by themselves; logs in %s", seed, logs)
                        .isTrue();
                fence = fence(runId);
                if (killedAt.size() == KILLS) {
                    await(() -> "COMPLETED".equals(status(runId)), Duration.ofSeconds(60));
                    break;
                }
                // a random point of the work left, chosen by progress rather than by time: with a sleep of up to
                // 1.5 s a quiet machine finished the run before any kill; each kill keeps work for those after it
                long done = chunksDone(runId);
                long target = done + (long) (random.nextDouble() * (CHUNKS - done) / (KILLS - killedAt.size() + 1));
                await(() -> chunksDone(runId) >= target || "COMPLETED".equals(status(runId)), Duration.ofSeconds(60));
                Process holder = holder(runId, workers);
                if (holder == null) continue;
                String at = chunksDone(runId) + "/" + chunks(runId) + " chunks, " + status(runId);
                holder.destroyForcibly();
                assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
                killedAt.add(at);
                workers.remove(holder);
                if (killedAt.size() < KILLS) {
                    spawned++;
                    workers.add(worker(port, logs.resolve("worker-" + spawned + ".log")));
                }
            }
        } finally {
            for (Process w : workers) w.destroyForcibly();
            for (Process w : workers) w.waitFor(20, TimeUnit.SECONDS);
        }
        int starts = spawned;
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        String story = "seed " + seed + ", killed at " + killedAt + ", " + starts + " workers, " + seconds + " s";
        org.slf4j.LoggerFactory.getLogger(BillingRunKillTests.class).info("SIGKILL proof: {}", story);
        assertThat(status(runId)).as(story).isEqualTo("COMPLETED");
        assertThat(killedAt).as("%s: killed before the run was done", story).anyMatch(at -> !at.endsWith("COMPLETED"));

        // the bills a clean rating of the same usage makes
        Map<Long, RatedBill> clean = new HashMap<>();
        for (Gathered g : gathering.gather(
                Arrays.stream(b.accounts()).boxed().toList(), period.atDay(1), period.atEndOfMonth())) {
            clean.put(g.account().id(), rating.rate(g.usage()).orElseThrow());
        }
        Map<Long, List<String>> made = new HashMap<>();
        jdbc.sql("""
                        select b.supply_account_id, b.total_fen, l.code, l.quantity, l.amount_fen
                          from billing.bill b join billing.bill_line l on l.bill_id = b.id
                         where b.run_id = ? order by b.supply_account_id, b.id, l.line_no""").param(runId).query(rs -> {
            made.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(line(rs.getLong(2), rs.getString(3), rs.getBigDecimal(4), rs.getLong(5)));
        });
        Map<Long, List<String>> expected = new HashMap<>();
        clean.forEach((account, bill) -> {
            for (BillLineView l : bill.lines()) {
                expected.computeIfAbsent(account, k -> new ArrayList<>())
                        .add(line(
                                bill.total().fen(),
                                l.code(),
                                l.quantity(),
                                l.amount().fen()));
            }
        });
        assertThat(made).as(story).hasSize(ACCOUNTS).isEqualTo(expected);
        assertThat(jdbc.sql("select count(*) from billing.bill where run_id = ?")
                        .param(runId)
                        .query(Long.class)
                        .single())
                .as("%s: one bill per account, none twice", story)
                .isEqualTo(ACCOUNTS);
        assertThat(jdbc.sql(
                                "select coalesce(sum(bills), 0) from billing.run_chunk where run_id = ? and status = 'DONE'")
                        .param(runId)
                        .query(Long.class)
                        .single())
                .as("%s: every chunk counted once", story)
                .isEqualTo(ACCOUNTS);
        // about 40 s on a quiet machine: two application starts, three takeovers, 80 chunks; the bound is generous
        // for a machine shared with other builds
        assertThat(seconds).as(story).isLessThan(300);
    }

    /** The live worker whose process holds the run's lease (the owner starts with its pid), or null. */
    private Process holder(long runId, List<Process> workers) {
        String owner = jdbc.sql("select lease_owner from billing.billing_run where id = ?")
                .param(runId)
                .query(String.class)
                .optional()
                .orElse(null);
        if (owner == null) return null;
        return workers.stream()
                .filter(w -> w.isAlive() && owner.startsWith(w.pid() + "@"))
                .findFirst()
                .orElse(null);
    }

    private static String line(long total, String code, java.math.BigDecimal quantity, long amount) {
        return total + " " + code + " "
                + (quantity == null ? "-" : quantity.stripTrailingZeros().toPlainString()) + " " + amount;
    }

    /**
     * The application in a JVM of its own on the test's database, working runs in chunks of 5 under a one-second
     * lease (so the next worker takes over a killed one's run at once), nothing else listening.
     */
    private static Process worker(int databasePort, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx512m",
                "-Xss1m",
                "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "io.gridhall.GridHallApplication",
                "--spring.profiles.active=test",
                "--spring.main.banner-mode=off",
                "--server.port=0",
                "--gridhall.db.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                "--gridhall.db.username=postgres",
                "--gridhall.db.password=",
                "--gridhall.db.pool-size=3",
                "--gridhall.billing.runs.enabled=true",
                "--gridhall.billing.runs.chunk-size=5",
                "--gridhall.billing.runs.lease=1s",
                "--gridhall.billing.runs.poll-interval=100ms",
                "--gridhall.headend.port=0",
                "--logging.level.root=WARN",
                "--logging.level.io.gridhall.billing=INFO"));
        return new ProcessBuilder(command)
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private String status(long runId) {
        return jdbc.sql("select status from billing.billing_run where id = ?")
                .param(runId)
                .query(String.class)
                .single();
    }

    private long fence(long runId) {
        return jdbc.sql("select fence from billing.billing_run where id = ?")
                .param(runId)
                .query(Long.class)
                .single();
    }

    private long chunks(long runId) {
        return jdbc.sql("select count(*) from billing.run_chunk where run_id = ?")
                .param(runId)
                .query(Long.class)
                .single();
    }

    private long chunksDone(long runId) {
        return jdbc.sql("select count(*) from billing.run_chunk where run_id = ? and status = 'DONE'")
                .param(runId)
                .query(Long.class)
                .single();
    }
}
