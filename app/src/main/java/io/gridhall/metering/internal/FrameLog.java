package io.gridhall.metering.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the frames exchanged with meters for a few days. Frames are queued by the network threads
 * and written in batches by one writer, so the event loop never waits for the database.
 */
@Component
public class FrameLog implements SmartLifecycle {

    public record Entry(String address, boolean outbound, Instant at, byte[] bytes, String link) {}

    public record FrameView(Instant at, String direction, String hex, String link) {}

    private static final Logger log = LoggerFactory.getLogger(FrameLog.class);
    private static final int MAX_QUEUED = 100_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration keep;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private volatile Thread writer;
    private volatile boolean running;

    FrameLog(JdbcClient jdbc, Clock clock, @Value("${gridhall.headend.frame-days:3}") int days) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.keep = Duration.ofDays(days);
    }

    public void record(String address, boolean outbound, byte[] bytes, String link) {
        if (!queue.offer(new Entry(address, outbound, clock.instant(), bytes, link))) {
            log.warn("Frame log queue full; a frame of {} was not kept", address);
        }
    }

    /** Writes what is queued now (tests and shutdown). */
    public void flush() {
        List<Entry> batch = new ArrayList<>();
        queue.drainTo(batch, 1000);
        while (!batch.isEmpty()) {
            write(batch);
            batch.clear();
            queue.drainTo(batch, 1000);
        }
    }

    private void write(List<Entry> batch) {
        try {
            jdbc.sql("""
                    insert into metering.raw_frame (meter_id, address, outbound, at, bytes, connection)
                    select m.meter_id, f.address, f.outbound, f.at, f.bytes, f.link
                    from unnest(:addresses::varchar[], :outbound::boolean[], :at::timestamptz[], :bytes::bytea[],
                                :links::varchar[]) as f(address, outbound, at, bytes, link)
                    left join metering.meter m on m.address = f.address""")
                    .param("addresses", batch.stream().map(Entry::address).toArray(String[]::new))
                    .param("outbound", batch.stream().map(Entry::outbound).toArray(Boolean[]::new))
                    .param("at", batch.stream().map(e -> Timestamp.from(e.at())).toArray(Timestamp[]::new))
                    .param("bytes", batch.stream().map(Entry::bytes).toArray(byte[][]::new))
                    .param("links", batch.stream().map(Entry::link).toArray(String[]::new))
                    .update();
        } catch (RuntimeException e) {
            log.warn("Could not keep {} frames: {}", batch.size(), e.getMessage());
        }
    }

    public List<FrameView> recent(long meterId, int limit) {
        return jdbc.sql("""
                select at, outbound, bytes, connection from metering.raw_frame where meter_id = :m
                order by at desc, id desc limit :limit""")
                .param("m", meterId)
                .param("limit", limit)
                .query((rs, n) -> new FrameView(
                        rs.getTimestamp("at").toInstant(),
                        rs.getBoolean("outbound") ? "OUT" : "IN",
                        hex(rs.getBytes("bytes")),
                        rs.getString("connection")))
                .list();
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (!s.isEmpty()) s.append(' ');
            s.append(String.format("%02X", b & 0xFF));
        }
        return s.toString();
    }

    @Scheduled(
            cron = "${gridhall.metering.frame-purge-cron:0 20 3 * * *}",
            zone = "${gridhall.time-zone:Asia/Shanghai}")
    public void purge() {
        jdbc.sql("delete from metering.raw_frame where at < :before")
                .param("before", Timestamp.from(clock.instant().minus(keep)))
                .update();
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofVirtual().name("frame-log").start(() -> {
            while (running) {
                try {
                    Entry first = queue.poll(500, TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    List<Entry> batch = new ArrayList<>();
                    batch.add(first);
                    queue.drainTo(batch, 999);
                    write(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        Thread w = writer;
        if (w != null) w.interrupt();
        flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stops after the head-end (which has a higher phase) so its last frames are written
        return 0;
    }
}
