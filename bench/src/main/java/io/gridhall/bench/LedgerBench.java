package io.gridhall.bench;

import io.gridhall.GridHallApplication;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Ledger postings per second (issue #10, section 9), ours against the raw SQL ceiling in one run, rounds alternating
 * so both see the same load on the shared machine:
 *
 * <ul>
 *   <li><b>online</b>: N threads, each posting payments one per transaction to accounts of its own. Ours: {@link
 *       Ledger#pay} (a Spring transaction: lock the account, insert the posting under its key, read the open items
 *       when the account owes something, write the entries, the balance and the points earned in one statement).
 *       Raw: the same statements without the points on a plain JDBC connection, one commit per payment.
 *   <li><b>batch</b>: one thread posting B payments to B accounts in one transaction, as the prepaid daily settlement
 *       will. Ours: {@link Ledger#payAll}. Raw: the same set-based statements over arrays on a plain connection.
 * </ul>
 *
 * Both plan their statements once (ADR 0012, "Planned once"). A first round warms both up and is not counted. Every
 * commit is durable ({@code synchronous_commit = on}). Usage: {@code LedgerBench [threads=8] [payments per
 * thread and round=500] [batch size=1000] [batches per round=10] [rounds=3]}; {@code -Dbench.channel=CASH} pays our
 * online payments in cash, which earns no points.
 */
public final class LedgerBench {

    private LedgerBench() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int perThread = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int batches = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int accountsPerThread = 50;
        // the channel of our online payments: GATEWAY earns points; CASH earns none and shows what the points cost
        PaymentChannel channel = PaymentChannel.valueOf(System.getProperty("bench.channel", "GATEWAY"));
        Path work = Files.createTempDirectory("gridhall-bench");
        SpringApplication app = new SpringApplication(GridHallApplication.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        app.setDefaultProperties(Map.of("logging.level.root", "warn"));
        CountedStatements counted = new CountedStatements();
        app.addInitializers(c -> c.getBeanFactory().addBeanPostProcessor(counted));
        try (ConfigurableApplicationContext context = app.run(
                "--gridhall.db.embedded-dir=",
                "--gridhall.db.pool-size=" + (threads + 4),
                "--gridhall.crypto.key-dir=" + work.resolve("keys"),
                "--gridhall.headend.port=0",
                "--gridhall.headend.polling=false",
                "--server.port=0")) {
            Ledger ledger = context.getBean(Ledger.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            var hikari = context.getBean(DataSource.class).unwrap(com.zaxxer.hikari.HikariDataSource.class);
            // accounts of our path and of the raw path, disjoint, with their ledger rows (branch 1)
            long oursBase = 1_000_000_000L;
            long rawBase = 2_000_000_000L;
            int onlineAccounts = threads * accountsPerThread;
            int batchAccounts = batchSize;
            jdbc.sql("""
                    insert into payment.ledger_account (supply_account_id, branch_id)
                    select b + g, 1 from unnest(array[:ours, :raw, :oursBatch, :rawBatch]) as b
                        cross join generate_series(0, :n - 1) as g""")
                    .param("ours", oursBase)
                    .param("raw", rawBase)
                    .param("oursBatch", oursBase + 500_000_000L)
                    .param("rawBatch", rawBase + 500_000_000L)
                    .param("n", Math.max(onlineAccounts, batchAccounts))
                    .update();

            ConcurrentHistogram oursLatency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
            ConcurrentHistogram rawLatency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
            AtomicLong keys = new AtomicLong();
            long oursNanos = 0;
            long rawNanos = 0;
            long oursBatchNanos = 0;
            long rawBatchNanos = 0;
            // round -1 warms both paths up (the JIT compiles them, the pool fills) and is not counted
            for (int round = -1; round < rounds; round++) {
                boolean measured = round >= 0;
                Histogram oursHere = measured ? oursLatency : new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
                Histogram rawHere = measured ? rawLatency : new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
                long[] took = new long[4];
                took[0] = Timed.nanos(threads, thread -> {
                    try (Connection c = connect(hikari)) {
                        RawPosting raw = new RawPosting(c);
                        for (int i = 0; i < perThread; i++) {
                            long account = rawBase + (long) thread * accountsPerThread + i % accountsPerThread;
                            long t0 = System.nanoTime();
                            raw.post(new long[] {account}, "raw:" + keys.incrementAndGet(), 1 + i % 9_999);
                            rawHere.recordValue(System.nanoTime() - t0);
                        }
                    }
                });
                took[1] = Timed.nanos(threads, thread -> {
                    for (int i = 0; i < perThread; i++) {
                        long account = oursBase + (long) thread * accountsPerThread + i % accountsPerThread;
                        long t0 = System.nanoTime();
                        ledger.pay(new Pay(
                                "ours:" + keys.incrementAndGet(),
                                PostingKind.PAYMENT,
                                channel,
                                List.of(new Pay.Share(account, Money.fen(1 + i % 9_999))),
                                null,
                                null));
                        oursHere.recordValue(System.nanoTime() - t0);
                    }
                });
                took[2] = Timed.nanos(1, thread -> {
                    try (Connection c = connect(hikari)) {
                        RawPosting raw = new RawPosting(c);
                        long[] accounts = new long[batchSize];
                        for (int b = 0; b < batches; b++) {
                            for (int i = 0; i < batchSize; i++) accounts[i] = rawBase + 500_000_000L + i;
                            raw.post(accounts, "rawbatch:" + keys.incrementAndGet() + ":", 1 + b);
                        }
                    }
                });
                took[3] = Timed.nanos(1, thread -> {
                    for (int b = 0; b < batches; b++) {
                        List<Pay> payments = new ArrayList<>(batchSize);
                        String prefix = "oursbatch:" + keys.incrementAndGet() + ":";
                        for (int i = 0; i < batchSize; i++)
                            payments.add(new Pay(
                                    prefix + i,
                                    PostingKind.TOP_UP,
                                    PaymentChannel.BANK,
                                    List.of(new Pay.Share(oursBase + 500_000_000L + i, Money.fen(1 + b))),
                                    null,
                                    null));
                        ledger.payAll(payments);
                    }
                });
                if (measured) {
                    rawNanos += took[0];
                    oursNanos += took[1];
                    rawBatchNanos += took[2];
                    oursBatchNanos += took[3];
                }
            }
            long online = (long) rounds * threads * perThread;
            long batched = (long) rounds * batches * batchSize;
            System.out.printf(
                    "online: %d threads x %d payments x %d rounds, one transaction each%n", threads, perThread, rounds);
            report("raw ceiling (plain JDBC)", online, rawNanos, rawLatency);
            report("ours (Ledger.pay)       ", online, oursNanos, oursLatency);
            System.out.printf("  ours / ceiling: %.0f%%%n", 100.0 * rawNanos / oursNanos);
            System.out.printf(
                    "batch: %d payments to %d accounts per transaction x %d x %d rounds%n",
                    batchSize, batchSize, batches, rounds);
            System.out.printf("  raw ceiling (plain JDBC): %10.0f postings/s%n", batched / (rawBatchNanos / 1e9));
            System.out.printf("  ours (Ledger.payAll):     %10.0f postings/s%n", batched / (oursBatchNanos / 1e9));
            System.out.printf("  ours / ceiling: %.0f%%%n", 100.0 * rawBatchNanos / oursBatchNanos);
            long wrong = jdbc.sql("""
                    select count(*) from payment.ledger_account a
                    where a.version <> (select count(*) from payment.entry e where e.supply_account_id = a.supply_account_id)
                       or a.prepaid <> -(select coalesce(sum(amount), 0) from payment.entry e
                                        where e.supply_account_id = a.supply_account_id and book = 'PREPAID')""").query(Long.class).single();
            System.out.printf("accounts whose cached balance differs from their entries: %d%n", wrong);

            // statements and commits per posting, the listeners' included (counted once their work is done): figures
            // that do not depend on the machine's load
            int counted1 = 200;
            long[] before = settled(hikari, counted);
            for (int i = 0; i < counted1; i++)
                ledger.pay(new Pay(
                        "count:" + keys.incrementAndGet(),
                        PostingKind.PAYMENT,
                        PaymentChannel.GATEWAY,
                        List.of(new Pay.Share(oursBase + i % onlineAccounts, Money.fen(100 + i))),
                        null,
                        null));
            long[] after = settled(hikari, counted);
            System.out.printf(
                    "online, one thread, %d payments: %.1f statements and %.2f commits per posting (earning included)%n",
                    counted1, (after[0] - before[0]) / (double) counted1, (after[1] - before[1]) / (double) counted1);
            int counted8 = 100;
            before = settled(hikari, counted);
            Timed.nanos(threads, thread -> {
                for (int i = 0; i < counted8; i++)
                    ledger.pay(new Pay(
                            "count8:" + keys.incrementAndGet(),
                            PostingKind.PAYMENT,
                            PaymentChannel.GATEWAY,
                            List.of(new Pay.Share(
                                    oursBase + (long) thread * accountsPerThread + i % accountsPerThread,
                                    Money.fen(100 + i))),
                            null,
                            null));
            });
            after = settled(hikari, counted);
            System.out.printf(
                    "online, %d threads x %d payments: %.1f statements and %.2f commits per posting (earning included)%n",
                    threads,
                    counted8,
                    (after[0] - before[0]) / (double) (threads * counted8),
                    (after[1] - before[1]) / (double) (threads * counted8));
            List<Pay> payments = new ArrayList<>(batchSize);
            String prefix = "countbatch:" + keys.incrementAndGet() + ":";
            for (int i = 0; i < batchSize; i++)
                payments.add(new Pay(
                        prefix + i,
                        PostingKind.TOP_UP,
                        PaymentChannel.BANK,
                        List.of(new Pay.Share(oursBase + 500_000_000L + i, Money.fen(100))),
                        null,
                        null));
            before = settled(hikari, counted);
            ledger.payAll(payments);
            after = settled(hikari, counted);
            System.out.printf(
                    "batch of %d: %.3f statements and %.4f commits per posting (earning included)%n",
                    batchSize,
                    (after[0] - before[0]) / (double) batchSize,
                    (after[1] - before[1]) / (double) batchSize);
            long earned = jdbc.sql("select count(*) from payment.points_entry where kind = 'EARN'")
                    .query(Long.class)
                    .single();
            System.out.printf("points entries earned in the run: %d%n", earned);
        }
    }

    /**
     * Waits (polling on a connection of its own, not counted) until no event publication is incomplete, then gives
     * the statements and commits counted so far.
     */
    private static long[] settled(com.zaxxer.hikari.HikariDataSource hikari, CountedStatements counted)
            throws Exception {
        try (Connection c =
                        DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
                PreparedStatement open = c.prepareStatement(
                        "select count(*) from platform.event_publication where completion_date is null")) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (true) {
                try (ResultSet rs = open.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) break;
                }
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException("earnings did not settle in 5 minutes");
                Thread.sleep(20);
            }
        }
        Thread.sleep(100); // a completion is marked after the listener returns: let the last one land
        return new long[] {counted.statements(), counted.commits()};
    }

    private static void report(String label, long ops, long nanos, Histogram latency) {
        System.out.printf(
                "  %s %8.0f postings/s   p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms%n",
                label,
                ops / (nanos / 1e9),
                latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(99) / 1e6,
                latency.getMaxValue() / 1e6);
    }

    /**
     * A connection of the ceiling's own, which plans its statements once for all its payments (ours sets the same per
     * transaction, ADR 0012 "Planned once"; the ceiling pays no round trip for it).
     */
    private static Connection connect(com.zaxxer.hikari.HikariDataSource hikari) throws Exception {
        Connection c = DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
        try (var set = c.createStatement()) {
            set.execute("set plan_cache_mode = force_generic_plan");
        }
        c.setAutoCommit(false);
        return c;
    }

    /**
     * The statements our path runs for a payment, on a plain connection: lock the accounts, insert the postings, read
     * the open items only when a locked account owes something, write the entries and the balances in one statement,
     * commit. A batch of accounts is one posting per account, each statement over arrays, as ours.
     */
    private static final class RawPosting {
        private final Connection c;
        private final PreparedStatement lock;
        private final PreparedStatement posting;
        private final PreparedStatement items;
        private final PreparedStatement write;

        RawPosting(Connection c) throws Exception {
            this.c = c;
            lock = c.prepareStatement("""
                    select supply_account_id, branch_id, receivable, prepaid, version from payment.ledger_account
                    where supply_account_id = any(?) order by supply_account_id for update""");
            posting = c.prepareStatement("""
                    insert into payment.posting (idempotency_key, kind, channel, posted_at, business_date)
                    select k, 'PAYMENT', 'GATEWAY', ?, ? from unnest(?) as k
                    on conflict (idempotency_key) do nothing returning idempotency_key, posting_id""");
            items = c.prepareStatement("""
                    select item_id, supply_account_id, bill_id, due_on, amount, open_amount from payment.receivable_item
                    where supply_account_id = any(?) and open_amount > 0""");
            write = c.prepareStatement("""
                    with entries as (
                        insert into payment.entry (posting_id, book, supply_account_id, account_version, item_id, amount)
                        select * from unnest(?, ?, ?, ?, ?, ?))
                    update payment.ledger_account a set receivable = t.r, prepaid = t.p, version = t.v
                    from unnest(?, ?, ?, ?) as t(id, r, p, v) where a.supply_account_id = t.id""");
        }

        void post(long[] accounts, String key, long fen) throws Exception {
            int n = accounts.length;
            Long[] ids = new Long[n];
            for (int i = 0; i < n; i++) ids[i] = accounts[i];
            lock.setArray(1, c.createArrayOf("bigint", ids));
            Map<Long, long[]> state = new java.util.HashMap<>();
            boolean owes = false;
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    state.put(rs.getLong(1), new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                    owes |= rs.getLong(3) != 0;
                }
            }
            String[] keys = new String[n];
            for (int i = 0; i < n; i++) keys[i] = n == 1 ? key : key + i;
            posting.setTimestamp(1, Timestamp.from(Instant.now()));
            posting.setObject(2, LocalDate.now());
            posting.setArray(3, c.createArrayOf("text", keys));
            Map<String, Long> postingIds = new java.util.HashMap<>();
            try (ResultSet rs = posting.executeQuery()) {
                while (rs.next()) postingIds.put(rs.getString(1), rs.getLong(2));
            }
            Array idArray = c.createArrayOf("bigint", ids);
            if (owes) {
                items.setArray(1, idArray);
                try (ResultSet rs = items.executeQuery()) {
                    while (rs.next()) rs.getLong(1);
                }
            }
            Long[] ep = new Long[2 * n],
                    ea = new Long[2 * n],
                    ev = new Long[2 * n],
                    ei = new Long[2 * n],
                    em = new Long[2 * n];
            String[] eb = new String[2 * n];
            Long[] r = new Long[n], p = new Long[n], v = new Long[n];
            for (int i = 0; i < n; i++) {
                long[] s = state.get(ids[i]);
                long postingId = postingIds.get(keys[i]);
                ep[2 * i] = postingId;
                eb[2 * i] = "GATEWAY";
                em[2 * i] = fen;
                ep[2 * i + 1] = postingId;
                eb[2 * i + 1] = "PREPAID";
                ea[2 * i + 1] = ids[i];
                ev[2 * i + 1] = s[2] + 1;
                em[2 * i + 1] = -fen;
                r[i] = s[0];
                p[i] = s[1] + fen;
                v[i] = s[2] + 1;
            }
            write.setArray(1, c.createArrayOf("bigint", ep));
            write.setArray(2, c.createArrayOf("text", eb));
            write.setArray(3, c.createArrayOf("bigint", ea));
            write.setArray(4, c.createArrayOf("bigint", ev));
            write.setArray(5, c.createArrayOf("bigint", ei));
            write.setArray(6, c.createArrayOf("bigint", em));
            write.setArray(7, idArray);
            write.setArray(8, c.createArrayOf("bigint", r));
            write.setArray(9, c.createArrayOf("bigint", p));
            write.setArray(10, c.createArrayOf("bigint", v));
            write.executeUpdate();
            c.commit();
        }
    }
}
