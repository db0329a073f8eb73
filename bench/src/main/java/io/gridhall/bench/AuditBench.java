package io.gridhall.bench;

import io.gridhall.GridHallApplication;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.identity.internal.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audited operations per second, side by side in one run: N threads each run business transactions that
 * insert a business row, record it through the real {@link Audit} (our path) and then hold the transaction
 * open for the rest of the business work; against the raw ceiling, the same N threads on plain JDBC
 * connections inserting the same business row and the same audit row (no chain) in the same transaction
 * shape. Rounds alternate so both see the same load on the shared machine.
 * Usage: {@code AuditBench [threads=8] [operations per thread and round=200] [business work ms=2] [rounds=3]}.
 */
public final class AuditBench {

    private AuditBench() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int perThread = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int workMillis = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path work = Files.createTempDirectory("gridhall-bench");
        SpringApplication app = new SpringApplication(GridHallApplication.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        app.setDefaultProperties(Map.of("logging.level.root", "warn"));
        try (ConfigurableApplicationContext context = app.run(
                "--gridhall.db.embedded-dir=",
                "--gridhall.db.pool-size=" + (threads + 4),
                "--gridhall.crypto.key-dir=" + work.resolve("keys"),
                "--gridhall.headend.port=0",
                "--gridhall.headend.polling=false",
                "--server.port=0")) {
            Audit audit = context.getBean(Audit.class);
            AuditLog log = context.getBean(AuditLog.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            var transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            var hikari = (com.zaxxer.hikari.HikariDataSource) context.getBean(DataSource.class);
            try (Connection c = hikari.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("drop schema if exists bench_audit cascade");
                s.execute("create schema bench_audit");
                s.execute("create table bench_audit.business (id bigint primary key, thread int, at timestamptz)");
                s.execute("create table bench_audit.raw_business (id bigint primary key, thread int, at timestamptz)");
                // the audit row as the log stores it, without the chain, with the log's indexes
                s.execute("""
                        create table bench_audit.raw_audit (id bigint generated always as identity primary key,
                            at timestamptz not null, actor_id bigint, actor_kind text not null, actor_name text,
                            action text not null, object_type text, object_id text, details text not null)""");
                s.execute("create index on bench_audit.raw_audit (at)");
                s.execute("create index on bench_audit.raw_audit (actor_id, at)");
                s.execute("create index on bench_audit.raw_audit (object_type, object_id)");
                s.execute("create index on bench_audit.raw_audit (action, at)");
            }
            Actor clerk = new Actor(
                    new UserId(4), Actor.Kind.STAFF, "柜员", Set.of(Role.COUNTER_CLERK), Set.of(new BranchId(1)));
            String hold = "select pg_sleep(" + (workMillis / 1000.0) + ")";

            long oursNanos = 0;
            long rawNanos = 0;
            long ops = 0;
            long next = 0;
            for (int round = 0; round < rounds; round++) {
                long base = next;
                rawNanos += Timed.nanos(threads, thread -> {
                    try (Connection c = DriverManager.getConnection(
                                    hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
                            PreparedStatement business = c.prepareStatement(
                                    "insert into bench_audit.raw_business (id, thread, at) values (?, ?, ?)");
                            PreparedStatement row = c.prepareStatement("""
                                    insert into bench_audit.raw_audit (at, actor_id, actor_kind, actor_name, action,
                                        object_type, object_id, details) values (?, ?, ?, ?, ?, ?, ?, ?)""");
                            PreparedStatement sleep = c.prepareStatement(hold)) {
                        c.setAutoCommit(false);
                        for (int i = 0; i < perThread; i++) {
                            long id = base + (long) thread * perThread + i;
                            Timestamp now = Timestamp.from(Instant.now());
                            business.setLong(1, id);
                            business.setInt(2, thread);
                            business.setTimestamp(3, now);
                            business.executeUpdate();
                            row.setTimestamp(1, now);
                            row.setLong(2, 4);
                            row.setString(3, "STAFF");
                            row.setString(4, "柜员");
                            row.setString(5, "bench.operation");
                            row.setString(6, "bench");
                            row.setString(7, Long.toString(id));
                            row.setString(8, "{\"i\":" + i + ",\"thread\":" + thread + "}");
                            row.executeUpdate();
                            if (workMillis > 0) sleep.execute();
                            c.commit();
                        }
                    }
                });
                oursNanos += Timed.nanos(threads, thread -> {
                    for (int i = 0; i < perThread; i++) {
                        long id = base + (long) thread * perThread + i;
                        int n = i;
                        transactions.executeWithoutResult(s -> {
                            jdbc.sql("insert into bench_audit.business (id, thread, at) values (?, ?, now())")
                                    .params(id, thread)
                                    .update();
                            audit.record(
                                    clerk,
                                    "bench.operation",
                                    "bench",
                                    Long.toString(id),
                                    Map.of("thread", thread, "i", n));
                            if (workMillis > 0) jdbc.sql(hold).query().singleRow();
                        });
                    }
                });
                ops += (long) threads * perThread;
                next += (long) threads * perThread;
            }
            // what the application had not chained yet when the last business transaction committed
            long pending = jdbc.sql("select count(*) from identity.audit_log where seq is null")
                    .query(Long.class)
                    .single();
            long d0 = System.nanoTime();
            log.chainPending();
            long drainNanos = System.nanoTime() - d0;
            long t0 = System.nanoTime();
            AuditLog.Verification v = log.verify();
            long verifyNanos = System.nanoTime() - t0;
            System.out.printf(
                    "%d threads x %d audited operations x %d rounds, %d ms of business work each%n",
                    threads, perThread, rounds, workMillis);
            System.out.printf(
                    "raw ceiling (same rows, no chain): %8.1f ops/s  (%.2f s)%n",
                    ops / (rawNanos / 1e9), rawNanos / 1e9);
            System.out.printf(
                    "ours (Audit.record):               %8.1f ops/s  (%.2f s)  %.0f%% of the ceiling%n",
                    ops / (oursNanos / 1e9), oursNanos / 1e9, 100.0 * rawNanos / oursNanos);
            System.out.printf(
                    "pending when the last operation committed: %d rows, chained %.3f s later%n",
                    pending, drainNanos / 1e9);
            System.out.printf("chain verified: %s in %.2f s%n", v, verifyNanos / 1e9);
        }
    }
}
