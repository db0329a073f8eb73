package io.gridhall.bench;

import io.gridhall.GridHallApplication;
import io.gridhall.billing.internal.RunningBills;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.Customers;
import io.gridhall.customer.IdNumbers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.Grid.AreaRow;
import io.gridhall.grid.Grid.BoxRow;
import io.gridhall.grid.Grid.BranchRow;
import io.gridhall.grid.Grid.LineRow;
import io.gridhall.grid.Grid.MeterRow;
import io.gridhall.grid.Grid.MeteringPointRow;
import io.gridhall.grid.Grid.SubstationRow;
import io.gridhall.grid.MeterView;
import io.gridhall.grid.NodeType;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.Quality;
import io.gridhall.metering.ReadingDelivery;
import io.gridhall.metering.ReadingSource;
import io.gridhall.metering.RegisterRead;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Billing run against a SQL-only floor (issue #9, section 7), on the same generated data in one run.
 *
 * <p>One branch of N accounts (60% residential tiered, 35% residential time-of-use, 5% large industrial two-part, the
 * shipped Zhejiang pack), each with one meter and daily registers (total, T1..T4, reactive) from the day before the
 * month to its last day; the two-part meters also have the month's 15-minute intervals for their maximum demand. All
 * of it goes in through the facades ({@code Grid.importRows}, {@code Customers.importRows}, {@code
 * MeterReadings.store}), which COPY.
 *
 * <ul>
 *   <li><b>ours</b>: {@link RunningBills#start} for the branch and month, then {@link RunningBills#workDue} until no
 *       run is due: chunks of 500 accounts gathered, rated, audited and committed with their lines and findings;
 *   <li><b>floor</b>: plain JDBC on its own connection, the same chunks of 500 accounts, one transaction each: one
 *       statement reads each account's meter and its registers at the start and the end of the month, inserts a bill
 *       row and, from it, as many lines as ours wrote for the account (with a JSON explanation naming the two
 *       registers), into {@code bench_floor.bill} / {@code bench_floor.bill_line}, tables made {@code LIKE} the
 *       billing ones (same columns, keys and indexes), no rating.
 * </ul>
 *
 * CPU is the JVM's process CPU time plus the embedded PostgreSQL's (the postmaster and its children, from {@code
 * /proc}), taken before and after each phase. Usage: {@code BillingBench [accounts=100000]}.
 */
public final class BillingBench {

    private BillingBench() {}

    static final YearMonth PERIOD = YearMonth.of(2026, 10);
    static final int SLICE = 5_000;
    static final Actor BENCH = new Actor(
            new UserId(0),
            Actor.Kind.STAFF,
            "bench",
            java.util.Set.of(Role.BILLING_CLERK, Role.ADMINISTRATOR),
            java.util.Set.of());

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = Files.createTempDirectory("gridhall-bench");
        SpringApplication app = new SpringApplication(GridHallApplication.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        app.setDefaultProperties(Map.of("logging.level.root", "warn"));
        try (ConfigurableApplicationContext context = app.run(
                "--gridhall.db.embedded-dir=",
                "--gridhall.crypto.key-dir=" + work.resolve("keys"),
                "--gridhall.headend.port=0",
                "--gridhall.headend.polling=false",
                // the bench works the run itself, in this thread, to time it
                "--gridhall.billing.runs.enabled=false",
                "--server.port=0")) {
            Grid grid = context.getBean(Grid.class);
            Customers customers = context.getBean(Customers.class);
            MeterReadings readings = context.getBean(MeterReadings.class);
            RunningBills runs = context.getBean(RunningBills.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            var hikari = (com.zaxxer.hikari.HikariDataSource) context.getBean(DataSource.class);

            jdbc.sql("""
                            create schema bench_floor;
                            create table bench_floor.bill (like billing.bill including all);
                            create table bench_floor.bill_line (like billing.bill_line including all);
                            alter table bench_floor.bill_line add foreign key (bill_id) references bench_floor.bill (id)""").update();
            long postmaster = parentOf(
                    jdbc.sql("select pg_backend_pid()").query(Long.class).single());
            // a warm-up branch, billed both ways and not counted: the JIT compiles the rating before the measured run
            int warm = Math.max(1_000, accounts / 20);
            BranchId warmBranch = generate(grid, customers, readings, warm, "W", 900_000_000L);
            jdbc.sql("analyze").update();
            Measured warmUp = measure(runs, jdbc, hikari, postmaster, warmBranch);
            System.out.printf(
                    "warm-up: %,d accounts, ours %,.0f bills/s, floor %,.0f bills/s (not counted)%n",
                    warm, warmUp.ours().rate(), warmUp.floor().rate());

            long t0 = System.nanoTime();
            BranchId branch = generate(grid, customers, readings, accounts, "B", 0);
            long generateMs = (System.nanoTime() - t0) / 1_000_000;
            jdbc.sql("analyze").update();
            System.out.printf(
                    "generated %,d accounts (%d daily registers each, a month of intervals for two-part) in %,d ms%n",
                    accounts, PERIOD.lengthOfMonth() + 1, generateMs);
            Measured m = measure(runs, jdbc, hikari, postmaster, branch);
            System.out.printf(
                    "%nGridHall billing bench: %,d accounts, period %s, %s%n", accounts, PERIOD, Runtime.version());
            System.out.printf("ours: run %s, %,d skipped; bills by tariff: %s%n", m.status(), m.skipped(), m.tariffs());
            System.out.println(
                    "| job | bills | lines | wall s | bills/s | CPU s (JVM + PostgreSQL) | cores used | bills/s per core | CPU ms per bill |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            row("ours (RunningBills)", m.ours());
            row("floor (plain JDBC, no rating)", m.floor());
            System.out.printf(
                    "%nours / floor (bills/s): %.0f%%%n",
                    100.0 * m.ours().rate() / m.floor().rate());
        }
    }

    /** One job's figures. */
    record Job(long bills, long lines, long nanos, Cpu cpu) {
        double rate() {
            return bills / (nanos / 1e9);
        }
    }

    record Measured(Job ours, Job floor, String status, long skipped, String tariffs) {}

    /** Bills the branch our way, then the floor way on the same chunks; the floor's tables are emptied first. */
    static Measured measure(
            RunningBills runs,
            JdbcClient jdbc,
            com.zaxxer.hikari.HikariDataSource hikari,
            long postmaster,
            BranchId branch)
            throws Exception {
        Cpu before = Cpu.now(postmaster);
        long s0 = System.nanoTime();
        long runId = runs.start(BENCH, branch, PERIOD).id();
        while (runs.workDue("bench")) {
            // one worker, this thread
        }
        long oursNanos = System.nanoTime() - s0;
        Cpu oursCpu = Cpu.now(postmaster).minus(before);
        String status = jdbc.sql("select status from billing.billing_run where id = ?")
                .param(runId)
                .query(String.class)
                .single();
        long oursBills = jdbc.sql("select count(*) from billing.bill where run_id = ?")
                .param(runId)
                .query(Long.class)
                .single();
        long oursLines = jdbc.sql(
                        "select count(*) from billing.bill_line l join billing.bill b on b.id = l.bill_id where b.run_id = ?")
                .param(runId)
                .query(Long.class)
                .single();
        long skipped = jdbc.sql("select count(*) from billing.run_skip where run_id = ?")
                .param(runId)
                .query(Long.class)
                .single();
        String tariffs = jdbc.sql("""
                        select string_agg(tariff_id || ' ' || n, ', ' order by tariff_id) from (
                          select tariff_id, count(*) n from billing.bill where run_id = ? group by 1) x""").param(runId).query(String.class).single();
        List<Long[]> chunks = jdbc.sql("select account_ids from billing.run_chunk where run_id = ? order by chunk_no")
                .param(runId)
                .query((rs, n) -> (Long[]) rs.getArray(1).getArray())
                .list();
        jdbc.sql("truncate bench_floor.bill_line, bench_floor.bill").update();
        Job floor = floor(hikari, postmaster, chunks, runId);
        return new Measured(new Job(oursBills, oursLines, oursNanos, oursCpu), floor, status, skipped, tariffs);
    }

    private static void row(String label, Job job) {
        double wall = job.nanos() / 1e9;
        double cpuS = job.cpu().total();
        System.out.printf(
                "| %s | %,d | %,d | %.1f | %,.0f | %.1f (%.1f + %.1f) | %.2f | %,.0f | %.3f |%n",
                label,
                job.bills(),
                job.lines(),
                wall,
                job.rate(),
                cpuS,
                job.cpu().jvm(),
                job.cpu().pg(),
                cpuS / wall,
                job.bills() / cpuS,
                1000 * cpuS / job.bills());
    }

    /** Accounts, meters, metering points and a month of registers (and intervals for two-part), through the facades. */
    static BranchId generate(Grid grid, Customers customers, MeterReadings readings, int n, String code, long serial) {
        SplittableRandom random = new SplittableRandom(42);
        BranchId branch = new BranchId(grid.allocateIds(NodeType.BRANCH, 1)[0]);
        long substation = grid.allocateIds(NodeType.SUBSTATION, 1)[0];
        BigDecimal lat = new BigDecimal("30.200000");
        BigDecimal lon = new BigDecimal("120.100000");
        LocalDate from = PERIOD.atDay(1);
        int days = PERIOD.lengthOfMonth();
        Instant at = Instant.parse("2026-11-01T01:00:00Z");
        for (int done = 0, slice = 0; done < n; done += SLICE, slice++) {
            int size = Math.min(SLICE, n - done);
            long line = grid.allocateIds(NodeType.LINE, 1)[0];
            long area = grid.allocateIds(NodeType.AREA, 1)[0];
            long box = grid.allocateIds(NodeType.BOX, 1)[0];
            long[] meters = grid.allocateIds(NodeType.METER, size);
            long[] customerIds = customers.allocateCustomerIds(size);
            long[] accountIds = customers.allocateAccountIds(size);
            List<MeterRow> meterRows = new ArrayList<>(size);
            List<MeteringPointRow> points = new ArrayList<>(size);
            List<Customers.CustomerRow> customerRows = new ArrayList<>(size);
            List<Customers.AccountRow> accountRows = new ArrayList<>(size);
            List<RegisterRead> registers = new ArrayList<>(size * (days + 1));
            List<IntervalDay> intervals = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int k = done + i;
                int mix = k % 20; // 12 tiered, 7 time-of-use, 1 two-part in every 20
                String category =
                        mix < 12 ? "RESIDENTIAL_TIERED" : mix < 19 ? "RESIDENTIAL_TOU" : "LARGE_INDUSTRIAL_TWO_PART";
                boolean industrial = mix == 19;
                CustomerClass cls = industrial ? CustomerClass.LARGE_INDUSTRIAL : CustomerClass.RESIDENTIAL;
                int ct = industrial ? 50 : 1;
                meterRows.add(new MeterRow(
                        meters[i],
                        branch,
                        substation,
                        line,
                        area,
                        box,
                        code + "-" + k,
                        String.format("%012d", 100_000_000_000L + serial + k),
                        MeterView.FeeControl.NONE,
                        ct,
                        1,
                        industrial ? MeterView.Phase.THREE : MeterView.Phase.SINGLE,
                        "正泰",
                        industrial ? "DTZY666" : "DDZY666",
                        LocalDate.of(2020, 1, 1)));
                String first17 = "330106" + (1950 + k % 50) + "0615" + String.format("%03d", k % 1000);
                customerRows.add(new Customers.CustomerRow(
                        customerIds[i],
                        branch,
                        cls,
                        industrial ? CustomerKind.ORGANISATION : CustomerKind.PERSON,
                        "计费压测户" + k,
                        first17 + IdNumbers.checkCharacter(first17),
                        industrial ? 400 : null));
                accountRows.add(new Customers.AccountRow(
                        accountIds[i],
                        String.format("8%09d", accountIds[i] % 1_000_000_000L),
                        customerIds[i],
                        "计费压测户" + k,
                        "测试路" + k + "号",
                        branch,
                        category,
                        LocalDate.of(2020, 1 + k % 12, 1 + k % 28)));
                points.add(new MeteringPointRow(meters[i], accountIds[i]));
                // daily registers, 0.01 kWh: the day before the month, then each day of it
                long total = 100_000L + random.nextLong(10_000_000L);
                long[] tou = {total / 10, total / 4, total / 3, 0};
                tou[3] = total - tou[0] - tou[1] - tou[2];
                long reactive = total / 3;
                for (int d = 0; d <= days; d++) {
                    LocalDate day = from.minusDays(1).plusDays(d);
                    registers.add(new RegisterRead(
                            meters[i],
                            day,
                            total,
                            category.equals("RESIDENTIAL_TIERED") ? null : tou[0],
                            category.equals("RESIDENTIAL_TIERED") ? null : tou[1],
                            category.equals("RESIDENTIAL_TIERED") ? null : tou[2],
                            category.equals("RESIDENTIAL_TIERED") ? null : tou[3],
                            null,
                            industrial ? reactive : null,
                            null,
                            Quality.ACTUAL,
                            null,
                            at));
                    long daily = industrial ? 2_000 + random.nextLong(3_000) : 300 + random.nextLong(900);
                    long[] split = {daily / 10, daily / 4, daily / 3, 0};
                    split[3] = daily - split[0] - split[1] - split[2];
                    total += daily;
                    for (int r = 0; r < 4; r++) tou[r] += split[r];
                    reactive += daily / 3;
                    if (industrial && d < days) {
                        // 0.0001 kWh per quarter hour, summing to the day's 0.01 kWh
                        int[] slots = new int[IntervalDay.SLOTS];
                        long spread = daily * 100;
                        for (int q = 0; q < IntervalDay.SLOTS; q++) {
                            slots[q] = (int) (spread / IntervalDay.SLOTS);
                        }
                        slots[40 + random.nextInt(30)] += (int) (spread % IntervalDay.SLOTS);
                        char[] quality = new char[IntervalDay.SLOTS];
                        Arrays.fill(quality, Quality.ACTUAL.letter());
                        intervals.add(
                                new IntervalDay(meters[i], Channel.FORWARD_ACTIVE, day.plusDays(1), slots, quality));
                    }
                }
            }
            List<BranchRow> branches = slice == 0
                    ? List.of(new BranchRow(branch, "BENCH" + code, "计费压测供电所" + code, "CN-ZJ", lat, lon))
                    : List.of();
            List<SubstationRow> substations = slice == 0
                    ? List.of(new SubstationRow(substation, branch, "BENCH-S" + code, "压测变", 110, lat, lon))
                    : List.of();
            grid.importRows(new Grid.ImportBatch(
                    branches,
                    substations,
                    List.of(new LineRow(line, branch, substation, "BENCH-L" + code + slice, "10kV压测线" + slice)),
                    List.of(new AreaRow(
                            area,
                            branch,
                            substation,
                            line,
                            "BENCH-A" + code + slice,
                            "压测台区" + slice,
                            400,
                            false,
                            lat,
                            lon)),
                    List.of(new BoxRow(box, branch, substation, line, area, "BENCH-X" + code + slice, lat, lon)),
                    meterRows,
                    points));
            customers.importRows(new Customers.ImportBatch(customerRows, accountRows, List.of(), List.of()));
            readings.store(
                    new ReadingDelivery("billing-bench-" + code + slice, ReadingSource.API, intervals, registers));
            System.out.printf("  generated %,d accounts%n", done + size);
        }
        return branch;
    }

    /**
     * The floor job, timed with its CPU: for each chunk, one statement reads each account's meter and its registers at
     * the start and the end of the month into a bill row and writes its lines (as many as ours wrote for the account,
     * prepared before the clock starts), then one commit.
     */
    static Job floor(com.zaxxer.hikari.HikariDataSource hikari, long postmaster, List<Long[]> chunks, long runId)
            throws Exception {
        Cpu before = Cpu.now(postmaster);
        long f0 = System.nanoTime();
        try (Connection c =
                DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // how many lines ours wrote per account: the floor writes as many (its input, prepared untimed)
                s.execute("""
                        create temporary table floor_lines as
                        select b.supply_account_id, count(*)::int n from billing.bill b
                          join billing.bill_line l on l.bill_id = b.id where b.run_id = %d group by 1""".formatted(runId));
                s.execute("alter table floor_lines add primary key (supply_account_id)");
                s.execute("analyze floor_lines");
                c.commit();
            }
            before = Cpu.now(postmaster);
            f0 = System.nanoTime();
            LocalDate from = PERIOD.atDay(1);
            LocalDate to = PERIOD.atEndOfMonth();
            try (PreparedStatement bills = c.prepareStatement("""
                            with usage as (
                                select a.id, a.account_number, a.branch_id, a.tariff_category, mp.meter_id,
                                       s.fwd_total as s_total, e.fwd_total as e_total, s.fwd_t1 s1, s.fwd_t2 s2, s.fwd_t3 s3, s.fwd_t4 s4,
                                       e.fwd_t1 e1, e.fwd_t2 e2, e.fwd_t3 e3, e.fwd_t4 e4, m.ct_ratio * m.pt_ratio as mult
                                  from customer.supply_account a
                                  join grid.metering_point mp on mp.supply_account_id = a.id
                                  join grid.meter m on m.id = mp.meter_id
                                  join metering.daily_register s on s.meter_id = mp.meter_id and s.day = ?
                                  join metering.daily_register e on e.meter_id = mp.meter_id and e.day = ?
                                 where a.id = any(?)
                            ), billed as (
                                insert into bench_floor.bill (supply_account_id, account_number, branch_id, type, status,
                                        period_from, period_to, energy, total_fen, estimated, tariff_id, tariff_version,
                                        tier_year_start, tier_used_before, tier_used_after, run_id, chunk_no, created_at)
                                select id, account_number, branch_id, 'REGULAR', 'AUDIT_PASSED', ?, ?,
                                       (e_total - s_total) * mult / 100.0, (e_total - s_total) * mult / 2, false,
                                       tariff_category, 1, ?, 0, (e_total - s_total) * mult / 100.0, ?, ?, now()
                                  from usage
                                returning id, supply_account_id, tariff_id, energy
                            )
                            insert into bench_floor.bill_line (bill_id, line_no, code, quantity, unit, price, amount_fen,
                                                               explanation)
                            select b.id, g, 'ENERGY', b.energy, 'KWH', 0.5, (b.energy * 50)::bigint,
                                   jsonb_build_object('tariffId', b.tariff_id, 'version', 1,
                                       'formula', b.energy || ' kWh x 0.500000',
                                       'sources', jsonb_build_array(
                                           jsonb_build_object('kind', 'REGISTER', 'meterId', u.meter_id, 'day', ?::date,
                                                              'register', 'TOTAL', 'value', u.s_total / 100.0,
                                                              'quality', 'ACTUAL', 'multiplier', u.mult),
                                           jsonb_build_object('kind', 'REGISTER', 'meterId', u.meter_id, 'day', ?::date,
                                                              'register', 'TOTAL', 'value', u.e_total / 100.0,
                                                              'quality', 'ACTUAL', 'multiplier', u.mult)))
                              from billed b join usage u on u.id = b.supply_account_id
                              join floor_lines fl on fl.supply_account_id = b.supply_account_id
                              cross join generate_series(1, fl.n) g""")) {
                int chunkNo = 0;
                for (Long[] ids : chunks) {
                    int i = 1;
                    bills.setObject(i++, from.minusDays(1));
                    bills.setObject(i++, to);
                    bills.setArray(i++, c.createArrayOf("bigint", ids));
                    bills.setObject(i++, from);
                    bills.setObject(i++, to);
                    bills.setObject(i++, from.withDayOfYear(1));
                    bills.setLong(i++, runId);
                    bills.setInt(i++, chunkNo++);
                    bills.setObject(i++, from.minusDays(1));
                    bills.setObject(i, to);
                    bills.executeUpdate();
                    c.commit();
                }
            }
        }
        long nanos = System.nanoTime() - f0;
        Thread.sleep(300); // the floor's backend has exited: the postmaster reaps it into its children's time
        Cpu cpu = Cpu.now(postmaster).minus(before);
        try (Connection c = hikari.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "select (select count(*) from bench_floor.bill), (select count(*) from bench_floor.bill_line)")) {
            rs.next();
            return new Job(rs.getLong(1), rs.getLong(2), nanos, cpu);
        }
    }

    /** The parent of a process (the postmaster of a backend). */
    static long parentOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[1]);
    }

    /** CPU seconds of the JVM and of the PostgreSQL cluster (the postmaster, its reaped and its live children). */
    record Cpu(double jvm, double pg) {

        static final double TICK = 100.0; // USER_HZ

        static Cpu now(long postmaster) throws Exception {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double jvm = os.getProcessCpuTime() / 1e9;
            long ticks = 0;
            String[] own = fields(postmaster);
            // utime, stime, cutime, cstime: fields 14-17, here 11-14 after pid and (comm) were cut
            for (int i = 11; i <= 14; i++) ticks += Long.parseLong(own[i]);
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.toList()) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) continue;
                    String[] f;
                    try {
                        f = fields(Long.parseLong(name));
                    } catch (Exception gone) {
                        continue;
                    }
                    if (Long.parseLong(f[1]) == postmaster) ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
            return new Cpu(jvm, ticks / TICK);
        }

        private static String[] fields(long pid) throws Exception {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(jvm - earlier.jvm, pg - earlier.pg);
        }

        double total() {
            return jvm + pg;
        }
    }
}
