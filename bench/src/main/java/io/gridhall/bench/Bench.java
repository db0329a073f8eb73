package io.gridhall.bench;

import io.gridhall.GridHallApplication;
import io.gridhall.customer.Customers;
import io.gridhall.demo.DemoLoad;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * GridHall's first benchmark: generate N demo customers (timed), then "which supply accounts are downstream of this
 * line / transformer area" through the Grid facade against the same work as one hand-written SQL on a plain JDBC
 * connection, in the same run on the same data. Usage: {@code Bench [customers=100000] [samples=200]}.
 */
public final class Bench {

    private Bench() {}

    /** The ceiling: one statement, its own connection, no framework. */
    static final String RAW = """
            select distinct mp.supply_account_id from grid.meter m
            join grid.metering_point mp on mp.meter_id = m.id and mp.valid_to is null where m.%s = ? order by 1""";

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path work = Files.createTempDirectory("gridhall-bench");
        SpringApplication app = new SpringApplication(GridHallApplication.class);
        // a servlet context like production (security needs it), on a random port, serving nothing during the run
        app.setWebApplicationType(WebApplicationType.SERVLET);
        // command-line properties, not defaults: application.yaml would otherwise point at ./data/pg
        String[] properties = {
            "--gridhall.db.embedded-dir=",
            "--gridhall.crypto.key-dir=" + work.resolve("keys"),
            "--server.port=0",
            // the head-end too: a demo on the same machine holds the default port
            "--gridhall.headend.port=0",
            "--gridhall.headend.polling=false",
            "--logging.level.root=warn",
            "--logging.level.io.gridhall.demo=info"
        };
        try (ConfigurableApplicationContext context = app.run(properties)) {
            Grid grid = context.getBean(Grid.class);
            DemoLoad load = new DemoLoad(
                    grid,
                    context.getBean(Customers.class),
                    context.getBean(TransactionTemplate.class),
                    context.getBean(Clock.class));
            long start = System.nanoTime();
            load.load(42, customers, work.resolve("meters.csv"));
            long generateMs = (System.nanoTime() - start) / 1_000_000;
            DataSource ds = context.getBean(DataSource.class);
            try (Connection c = ds.getConnection()) {
                c.createStatement().execute("analyze");
            }
            StringBuilder out = new StringBuilder();
            out.append("GridHall bench: %,d customers, %d samples per level, %s%n"
                    .formatted(customers, samples, Runtime.version()));
            out.append("generate + load (COPY via facades): %,d ms, %,d customers/s%n%n"
                    .formatted(generateMs, customers * 1000L / Math.max(1, generateMs)));
            out.append(
                    "| query | accounts/node (avg) | ours p50 ms | ours p95 ms | raw p50 ms | raw p95 ms | ratio p50 |%n"
                            .formatted());
            out.append("|---|---|---|---|---|---|---|%n".formatted());
            String url = context.getEnvironment().getProperty("bench.raw-url");
            for (NodeType type : List.of(NodeType.LINE, NodeType.AREA)) {
                String table = type == NodeType.LINE ? "grid.line" : "grid.transformer_area";
                String column = type == NodeType.LINE ? "line_id" : "area_id";
                List<Long> ids = new ArrayList<>();
                try (Connection c = ds.getConnection();
                        ResultSet rs = c.createStatement()
                                .executeQuery("select id from " + table + " order by md5(id::text) limit " + samples)) {
                    while (rs.next()) ids.add(rs.getLong(1));
                }
                long[] ours = new long[ids.size()];
                long[] raw = new long[ids.size()];
                long accounts = 0;
                // warm both paths up
                for (int round = 0; round < 2; round++) {
                    try (Connection plain = rawConnection(ds, url);
                            PreparedStatement ps = plain.prepareStatement(RAW.formatted(column))) {
                        for (int i = 0; i < ids.size(); i++) {
                            long id = ids.get(i);
                            long t0 = System.nanoTime();
                            long[] n = {0};
                            grid.forEachDownstreamAccount(new NodeRef(type, id), a -> n[0]++);
                            long t1 = System.nanoTime();
                            ps.setLong(1, id);
                            long m = 0;
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    rs.getLong(1);
                                    m++;
                                }
                            }
                            long t2 = System.nanoTime();
                            if (m != n[0]) throw new IllegalStateException("paths disagree on " + type + " " + id);
                            ours[i] = t1 - t0;
                            raw[i] = t2 - t1;
                            if (round == 1) accounts += m;
                        }
                    }
                }
                out.append("| downstream accounts of a %s | %,d | %s | %s | %s | %s | %.2f |%n"
                        .formatted(
                                type == NodeType.LINE ? "10 kV line" : "transformer area",
                                accounts / Math.max(1, ids.size()),
                                ms(pct(ours, 50)),
                                ms(pct(ours, 95)),
                                ms(pct(raw, 50)),
                                ms(pct(raw, 95)),
                                pct(ours, 50) / (float) Math.max(1, pct(raw, 50))));
            }
            System.out.println();
            System.out.println(out);
        }
    }

    /** A connection outside the pool and outside Spring: what a hand-written program would use. */
    private static Connection rawConnection(DataSource ds, String url) throws SQLException {
        if (url != null) return java.sql.DriverManager.getConnection(url);
        var hikari = (com.zaxxer.hikari.HikariDataSource) ds;
        return java.sql.DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
    }

    private static long pct(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String ms(long nanos) {
        return "%.3f".formatted(nanos / 1e6);
    }
}
