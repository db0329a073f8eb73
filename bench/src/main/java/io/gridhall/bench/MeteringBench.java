package io.gridhall.bench;

import io.gridhall.GridHallApplication;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
import io.gridhall.dlt645.Frame;
import io.gridhall.dlt645.FrameScanner;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.Reply;
import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.ReadingDelivery;
import io.gridhall.metering.ReadingSource;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Interval ingestion side by side, in one run on the same generated rows: our path
 * ({@link MeterReadings#store}: COPY into a staging table, then the idempotent merge, what the readings
 * API and the head-end call) against a raw {@code COPY} of the same rows into an empty copy of the same
 * schema (same partitions and indexes). Then the bytes stored per 15-minute reading including indexes,
 * the cost of a repeated delivery, and the DL/T 645 decoder's throughput on one core.
 * Usage: {@code MeteringBench [meters=2000] [days=31] [batch=1000]}.
 */
public final class MeteringBench {

    private MeteringBench() {}

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 31;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path work = Files.createTempDirectory("gridhall-bench");
        SpringApplication app = new SpringApplication(GridHallApplication.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        app.setDefaultProperties(Map.of(
                "gridhall.db.embedded-dir", "",
                "gridhall.crypto.key-dir", work.resolve("keys").toString(),
                "gridhall.headend.port", "0",
                "gridhall.headend.polling", "false",
                "server.port", "0",
                "logging.level.root", "warn"));
        // command-line properties: application.yaml's values would win over default properties
        try (ConfigurableApplicationContext context = app.run(
                "--gridhall.db.embedded-dir=",
                "--gridhall.crypto.key-dir=" + work.resolve("keys"),
                "--gridhall.headend.port=0",
                "--gridhall.headend.polling=false",
                "--server.port=0")) {
            MeterReadings readings = context.getBean(MeterReadings.class);
            DataSource ds = context.getBean(DataSource.class);
            LocalDate first = LocalDate.of(2026, 1, 1);
            List<IntervalDay> rows = generate(meters, days, first, 42);
            long readingsCount = (long) rows.size() * IntervalDay.SLOTS;

            // the ceiling's schema: the same table, partitions and indexes, empty
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("drop schema if exists bench_copy cascade");
                s.execute("create schema bench_copy");
                s.execute("""
                        create table bench_copy.interval_day (
                            meter_id bigint not null, channel smallint not null, day date not null,
                            slots int[] not null, quality text not null, primary key (meter_id, channel, day),
                            check (cardinality(slots) = 96 and length(quality) = 96)) partition by range (day)""");
                s.execute("create index on bench_copy.interval_day using brin (day)");
                for (LocalDate m = first.withDayOfMonth(1);
                        !m.isAfter(first.plusDays(days - 1L));
                        m = m.plusMonths(1)) {
                    s.execute(
                            "create table bench_copy.interval_day_%s partition of bench_copy.interval_day for values from ('%s') to ('%s')"
                                    .formatted(m.toString().substring(0, 7).replace('-', '_'), m, m.plusMonths(1)));
                }
                // our path's partitions exist before timing, as in production (created ahead by a job)
                s.execute("select metering.ensure_month_partitions('%s', '%s')"
                        .formatted(first, first.plusDays(days - 1L)));
                s.execute("checkpoint");
            }

            // Interleaved so both paths see the same machine load (it is shared): for each fifth of the rows,
            // first the raw COPY ceiling (one stream, a plain connection outside the pool and outside Spring,
            // rendering the COPY text included), then our path in batches with idempotency keys.
            var hikari = (com.zaxxer.hikari.HikariDataSource) ds;
            long rawNanos = 0;
            long oursNanos = 0;
            int segments = 5;
            int per = (rows.size() + segments - 1) / segments;
            try (Connection plain =
                    DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword())) {
                for (int from = 0; from < rows.size(); from += per) {
                    List<IntervalDay> segment = rows.subList(from, Math.min(rows.size(), from + per));
                    long t0 = System.nanoTime();
                    byte[] text = copyText(segment);
                    var in = plain.unwrap(PGConnection.class)
                            .getCopyAPI()
                            .copyIn("copy bench_copy.interval_day from stdin");
                    in.writeToCopy(text, 0, text.length);
                    in.endCopy();
                    rawNanos += System.nanoTime() - t0;

                    long t1 = System.nanoTime();
                    for (int i = 0; i < segment.size(); i += batch) {
                        readings.store(new ReadingDelivery(
                                "bench:" + (from + i),
                                ReadingSource.API,
                                segment.subList(i, Math.min(segment.size(), i + batch)),
                                List.of()));
                    }
                    oursNanos += System.nanoTime() - t1;
                }
            }

            // a repeated delivery of everything under new keys: a no-op by content
            long t1 = System.nanoTime();
            for (int i = 0; i < rows.size(); i += batch) {
                readings.store(new ReadingDelivery(
                        "bench-again:" + i,
                        ReadingSource.API,
                        rows.subList(i, Math.min(rows.size(), i + batch)),
                        List.of()));
            }
            long againNanos = System.nanoTime() - t1;

            long oursBytes;
            long rawBytes;
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("vacuum analyze metering.interval_day");
                s.execute("vacuum analyze bench_copy.interval_day");
                oursBytes = size(s, "metering", "interval_day");
                rawBytes = size(s, "bench_copy", "interval_day");
            }

            long[] decoder = decoderThroughput(200_000);

            StringBuilder out = new StringBuilder();
            out.append(
                    "GridHall metering bench: %,d meters x %,d days = %,d meter-days, %,d readings, batch %,d, %s%n%n"
                            .formatted(meters, days, rows.size(), readingsCount, batch, Runtime.version()));
            out.append("| path | seconds | meter-days/s | readings/s | share of ceiling |%n".formatted());
            out.append("|---|---|---|---|---|%n".formatted());
            out.append(row("raw COPY into an empty copy of the schema (ceiling)", rawNanos, rows.size(), rawNanos));
            out.append(row(
                    "ours: MeterReadings.store (probe, COPY, merge only where rows exist)",
                    oursNanos,
                    rows.size(),
                    rawNanos));
            out.append(row("ours, the same rows delivered again (no-op)", againNanos, rows.size(), rawNanos));
            out.append("%n| table | bytes incl. indexes | bytes per reading |%n|---|---|---|%n".formatted());
            out.append("| metering.interval_day (ours) | %,d | %.2f |%n"
                    .formatted(oursBytes, oursBytes / (float) readingsCount));
            out.append("| bench_copy.interval_day (raw) | %,d | %.2f |%n"
                    .formatted(rawBytes, rawBytes / (float) readingsCount));
            out.append(
                    "%nDL/T 645 decoder (FrameScanner + Reply.parse + values, one thread): %,d frames in %,d ms = %,d frames/s%n"
                            .formatted(decoder[0], decoder[1] / 1_000_000, decoder[0] * 1_000_000_000L / decoder[1]));
            System.out.println();
            System.out.println(out);
        }
    }

    private static String row(String what, long nanos, int meterDays, long ceiling) {
        float seconds = nanos / 1e9f;
        return "| %s | %.2f | %,d | %,d | %.0f%% |%n"
                .formatted(
                        what,
                        seconds,
                        (long) (meterDays / seconds),
                        (long) (meterDays * 96L / seconds),
                        100f * ceiling / nanos);
    }

    private static long size(Statement s, String schema, String table) throws Exception {
        try (ResultSet rs = s.executeQuery("""
                select coalesce(sum(pg_total_relation_size(inhrelid)), 0) from pg_inherits
                where inhparent = '%s.%s'::regclass""".formatted(schema, table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Realistic-looking quarter-hour values: a daily shape times a per-meter scale, with noise. */
    static List<IntervalDay> generate(int meters, int days, LocalDate first, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<IntervalDay> rows = new ArrayList<>(meters * days);
        char[] actual = new char[96];
        Arrays.fill(actual, 'A');
        for (int m = 0; m < meters; m++) {
            long meterId = 10_000_000L + m;
            int scale = 500 + random.nextInt(4000);
            for (int d = 0; d < days; d++) {
                int[] v = new int[96];
                for (int s = 0; s < 96; s++) {
                    int hour = s / 4;
                    int shape = hour < 6 ? 3 : hour < 8 ? 6 : hour < 18 ? 5 : hour < 22 ? 10 : 4;
                    v[s] = scale * shape / 4 + random.nextInt(scale / 2 + 1);
                }
                rows.add(new IntervalDay(meterId, Channel.FORWARD_ACTIVE, first.plusDays(d), v, actual));
            }
        }
        return rows;
    }

    static byte[] copyText(List<IntervalDay> rows) {
        StringBuilder b = new StringBuilder(rows.size() * 600);
        for (IntervalDay d : rows) {
            b.append(d.meterId())
                    .append('\t')
                    .append(d.channel().code())
                    .append('\t')
                    .append(d.day())
                    .append("\t{");
            int[] v = d.values();
            for (int i = 0; i < v.length; i++) {
                if (i > 0) b.append(',');
                b.append(v[i]);
            }
            b.append("}\t").append(d.quality()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Frames as a head-end receives them: replies with FE preambles and heartbeats, in 1 KiB reads. */
    static long[] decoderThroughput(int frames) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        var item = DataItems.require(DataItems.FORWARD_ACTIVE_BLOCK);
        for (int i = 0; i < 1000; i++) {
            List<DataValue> values = new ArrayList<>();
            for (int t = 0; t < 5; t++)
                values.add(new DataValue.Decimal(BigDecimal.valueOf(1_234_567L + i * 7L + t, 2)));
            wire.write(Reply.ReadData.of(MeterAddress.of(100_000L + i), item, values)
                    .toFrame()
                    .encode(4));
            if (i % 10 == 0) wire.write("HB\n".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bytes = wire.toByteArray();
        long decoded = 0;
        long t0 = 0;
        for (int round = 0; decoded < frames; round++) {
            if (round == 3) {
                t0 = System.nanoTime(); // after warm-up
                decoded = 0;
            }
            FrameScanner scanner = new FrameScanner();
            for (int off = 0; off < bytes.length; off += 1024) {
                for (Frame f : scanner.feed(bytes, off, Math.min(1024, bytes.length - off))
                        .frames()) {
                    Reply r = Reply.parse(f);
                    if (r instanceof Reply.ReadData data && data.values().size() != 5)
                        throw new IllegalStateException();
                    decoded++;
                }
            }
        }
        return new long[] {decoded, System.nanoTime() - t0};
    }
}
