package io.gridhall.metering.internal;

import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.MeterDay;
import io.gridhall.metering.Quality;
import io.gridhall.metering.RegisterRead;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores and reads registers and intervals. A load COPYs the rows into a temporary staging table and
 * merges them with one INSERT ... ON CONFLICT per table, so a repeated delivery changes nothing: a
 * slot is only written when it was missing or estimated, and a different actual value for an actual
 * slot keeps the first value and is recorded as a CONFLICT exception.
 */
@Repository
public class Readings {

    /** What a load did. */
    public record Merged(int intervalRows, int registerRows, int conflicts) {}

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Partitions partitions;

    Readings(JdbcClient jdbc, DataSource dataSource, Partitions partitions) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.partitions = partitions;
    }

    /** A delivery combined and rendered as COPY text once (the text is also what its hash is taken of). */
    public record Staged(
            List<IntervalDay> intervals, List<RegisterRead> registers, byte[] intervalText, byte[] registerText) {

        public boolean isEmpty() {
            return intervals.isEmpty() && registers.isEmpty();
        }
    }

    /**
     * Combines rows of the same meter, channel and day (the first delivered value of a slot wins) and
     * renders them in COPY text format.
     */
    public static Staged stage(Collection<IntervalDay> intervals, Collection<RegisterRead> registers) {
        List<IntervalDay> days = combine(intervals);
        List<RegisterRead> regs = combineRegisters(registers);
        StringBuilder text = new StringBuilder(days.size() * 520);
        for (IntervalDay d : days) {
            text.append(d.meterId())
                    .append('\t')
                    .append(d.channel().code())
                    .append('\t')
                    .append(d.day())
                    .append("\t{");
            int[] v = d.values();
            for (int i = 0; i < v.length; i++) {
                if (i > 0) text.append(',');
                text.append(v[i]);
            }
            text.append("}\t").append(d.quality()).append('\n');
        }
        StringBuilder reg = new StringBuilder(regs.size() * 120);
        for (RegisterRead r : regs) {
            reg.append(r.meterId()).append('\t').append(r.day());
            for (Long v :
                    new Long[] {r.total(), r.t1(), r.t2(), r.t3(), r.t4(), r.reverse(), r.reactive1(), r.reactive2()}) {
                reg.append('\t').append(v == null ? "\\N" : v.toString());
            }
            reg.append('\t').append(r.quality().letter());
            reg.append('\t')
                    .append(r.meterTime() == null ? "\\N" : r.meterTime().toString());
            reg.append('\t').append(r.readAt() == null ? "\\N" : r.readAt().toString());
            reg.append('\n');
        }
        return new Staged(
                days,
                regs,
                text.toString().getBytes(StandardCharsets.UTF_8),
                reg.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Loads a delivery; must run in a transaction (the staging tables empty themselves on commit). */
    public Merged store(Collection<IntervalDay> intervals, Collection<RegisterRead> registers, int source, Instant at) {
        return store(stage(intervals, registers), source, at);
    }

    /**
     * Loads a staged delivery. New rows go in with one {@code INSERT ... ON CONFLICT DO NOTHING}; only
     * when some already existed do the conflict check and the slot-by-slot merge run.
     */
    public Merged store(Staged staged, int source, Instant at) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Readings.store needs a transaction");
        }
        if (staged.isEmpty()) return new Merged(0, 0, 0);
        List<LocalDate> allDays = new ArrayList<>();
        staged.intervals().forEach(d -> allDays.add(d.day()));
        staged.registers().forEach(r -> allDays.add(r.day()));
        partitions.ensureFor(allDays);

        Connection connection = DataSourceUtils.getConnection(dataSource);
        // a delivery is small next to the table: every join below probes the primary key per delivered row
        // and never scans a month (right after a bulk load the statistics are stale and the planner would)
        planForSmallDeliveries(true);
        boolean reused = TransactionSynchronizationManager.hasResource(STAGING);
        if (!reused) TransactionSynchronizationManager.bindResource(STAGING, Boolean.TRUE);
        if (!reused && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(STAGING);
                }
            });
        }
        int conflicts = 0;
        int intervalRows = 0;
        int registerRows = 0;
        if (!staged.intervals().isEmpty() && noneStored(staged.intervals())) {
            // the common case, a first delivery: COPY straight into the table. Should a concurrent delivery
            // insert one of these days first, the savepoint takes the COPY back and the merge below runs.
            Savepoint savepoint = savepoint(connection);
            try {
                copyChecked(
                        connection,
                        "copy metering.interval_day (meter_id, channel, day, slots, quality) from stdin",
                        staged.intervalText());
                release(connection, savepoint);
                intervalRows = staged.intervals().size();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState()))
                    throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
                rollback(connection, savepoint);
            }
        }
        if (!staged.intervals().isEmpty() && intervalRows == 0) {
            jdbc.sql("""
                    create temp table if not exists interval_stage
                        (meter_id bigint, channel smallint, day date, slots int[], quality text) on commit delete rows""").update();
            // empty at the start of a transaction (on commit delete rows); only a second load in one needs this
            if (reused) jdbc.sql("truncate interval_stage").update();
            copy(connection, "copy interval_stage from stdin", staged.intervalText());
            intervalRows = jdbc.sql("""
                    insert into metering.interval_day (meter_id, channel, day, slots, quality)
                    select meter_id, channel, day, slots, quality from interval_stage
                    on conflict (meter_id, channel, day) do nothing""").update();
            if (intervalRows < staged.intervals().size()) {
                conflicts += jdbc.sql("""
                        insert into metering.reading_exception (meter_id, day, type, channel, slot, detail, found_at)
                        select s.meter_id, s.day, 'CONFLICT', s.channel, c.i,
                               jsonb_build_object('stored', t.slots[c.i], 'delivered', s.slots[c.i]), :at
                        from interval_stage s
                        -- offset 0 keeps this a lookup by primary key per delivered row
                        cross join lateral (select x.slots, x.quality from metering.interval_day x
                                            where x.meter_id = s.meter_id and x.channel = s.channel and x.day = s.day
                                            offset 0) t
                        -- the slots are compared only for rows that differ at all, after the lookup
                        cross join lateral (select g.i from generate_series(1, cardinality(t.slots)) as g(i)
                                            where substr(t.quality, g.i, 1) = 'A' and substr(s.quality, g.i, 1) = 'A'
                                              and t.slots[g.i] <> s.slots[g.i]) c
                        where t.slots <> s.slots
                        on conflict (meter_id, day, type, channel, slot) do nothing""").param("at", Timestamp.from(at)).update();
                intervalRows += jdbc.sql("""
                        insert into metering.interval_day as t (meter_id, channel, day, slots, quality)
                        select meter_id, channel, day, slots, quality from interval_stage
                        on conflict (meter_id, channel, day) do update
                        set slots = metering.merge_slots(t.slots, t.quality, excluded.slots, excluded.quality),
                            quality = metering.merge_quality(t.quality, excluded.quality)
                        where t.quality ~ '[ME]' and excluded.quality ~ '[AE]'
                          and (metering.merge_quality(t.quality, excluded.quality) <> t.quality
                               or metering.merge_slots(t.slots, t.quality, excluded.slots, excluded.quality) <> t.slots)""").update();
            }
        }
        if (!staged.registers().isEmpty()) {
            jdbc.sql("""
                    create temp table if not exists register_stage
                        (meter_id bigint, day date, fwd_total bigint, fwd_t1 bigint, fwd_t2 bigint, fwd_t3 bigint,
                         fwd_t4 bigint, rev_total bigint, reactive1 bigint, reactive2 bigint, quality "char",
                         meter_time timestamptz, read_at timestamptz) on commit delete rows""").update();
            if (reused) jdbc.sql("truncate register_stage").update();
            copy(connection, "copy register_stage from stdin", staged.registerText());
            conflicts += jdbc.sql("""
                    insert into metering.reading_exception (meter_id, day, type, channel, slot, detail, found_at)
                    select s.meter_id, s.day, 'CONFLICT', 0, 0,
                           jsonb_build_object('stored', t.fwd_total, 'delivered', s.fwd_total), :at
                    from register_stage s
                    cross join lateral (select x.* from metering.daily_register x
                                        where x.meter_id = s.meter_id and x.day = s.day offset 0) t
                    where t.quality = 'A' and s.quality = 'A'
                      and (s.fwd_total <> t.fwd_total or s.fwd_t1 <> t.fwd_t1 or s.fwd_t2 <> t.fwd_t2
                           or s.fwd_t3 <> t.fwd_t3 or s.fwd_t4 <> t.fwd_t4 or s.rev_total <> t.rev_total
                           or s.reactive1 <> t.reactive1 or s.reactive2 <> t.reactive2)
                    on conflict (meter_id, day, type, channel, slot) do nothing""").param("at", Timestamp.from(at)).update();
            registerRows = jdbc.sql("""
                    insert into metering.daily_register as t (meter_id, day, fwd_total, fwd_t1, fwd_t2, fwd_t3, fwd_t4,
                        rev_total, reactive1, reactive2, quality, meter_time, read_at, source)
                    select meter_id, day, fwd_total, fwd_t1, fwd_t2, fwd_t3, fwd_t4, rev_total, reactive1, reactive2,
                           quality, meter_time, read_at, :source
                    from register_stage
                    on conflict (meter_id, day) do update
                    set fwd_total = excluded.fwd_total, fwd_t1 = excluded.fwd_t1, fwd_t2 = excluded.fwd_t2,
                        fwd_t3 = excluded.fwd_t3, fwd_t4 = excluded.fwd_t4, rev_total = excluded.rev_total,
                        reactive1 = excluded.reactive1, reactive2 = excluded.reactive2, quality = excluded.quality,
                        meter_time = excluded.meter_time, read_at = excluded.read_at, source = excluded.source
                    where t.quality = 'E' and (excluded.quality = 'A'
                        or (t.fwd_total, t.fwd_t1, t.fwd_t2, t.fwd_t3, t.fwd_t4, t.rev_total, t.reactive1, t.reactive2)
                           is distinct from (excluded.fwd_total, excluded.fwd_t1, excluded.fwd_t2, excluded.fwd_t3,
                           excluded.fwd_t4, excluded.rev_total, excluded.reactive1, excluded.reactive2))""").param("source", source).update();
        }
        planForSmallDeliveries(false);
        return new Merged(intervalRows, registerRows, conflicts);
    }

    private void planForSmallDeliveries(boolean on) {
        String value = on ? "off" : "on";
        jdbc.sql("select set_config('enable_hashjoin', :v, true), set_config('enable_mergejoin', :v, true)")
                .param("v", value)
                .query()
                .singleRow();
    }

    /** Per transaction: whether the staging tables were already used (and need emptying first). */
    private static final Object STAGING = new Object();

    /** Whether none of these meter-channel-days is stored yet (one index probe each). */
    private boolean noneStored(List<IntervalDay> days) {
        return !jdbc.sql("""
                select exists (select 1 from metering.interval_day t
                               join unnest(:m::bigint[], :c::int[], :d::text[]::date[]) as k(m, c, d)
                                 on t.meter_id = k.m and t.channel = k.c and t.day = k.d)""")
                .param("m", days.stream().map(IntervalDay::meterId).toArray(Long[]::new))
                .param("c", days.stream().map(d -> d.channel().code()).toArray(Integer[]::new))
                .param("d", days.stream().map(d -> d.day().toString()).toArray(String[]::new))
                .query(Boolean.class)
                .single();
    }

    private static Savepoint savepoint(Connection connection) {
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void release(Connection connection, Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rollback(Connection connection, Savepoint savepoint) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyChecked(Connection connection, String sql, byte[] text) throws SQLException {
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            for (int off = 0; off < text.length; off += 1 << 16) {
                in.writeToCopy(text, off, Math.min(1 << 16, text.length - off));
            }
            in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }

    private static void copy(Connection connection, String sql, byte[] text) {
        try {
            CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                for (int off = 0; off < text.length; off += 1 << 16) {
                    in.writeToCopy(text, off, Math.min(1 << 16, text.length - off));
                }
                in.endCopy();
            } finally {
                if (in.isActive()) in.cancelCopy();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
        }
    }

    /** Combines rows of the same meter, channel and day; the first delivered value of a slot wins. */
    static List<IntervalDay> combine(Collection<IntervalDay> intervals) {
        Map<String, IntervalDay> byKey = new LinkedHashMap<>();
        for (IntervalDay d : intervals) {
            if (d.count(Quality.MISSING) == IntervalDay.SLOTS) continue;
            String key = d.meterId() + "/" + d.channel().code() + "/" + d.day();
            IntervalDay seen = byKey.get(key);
            if (seen == null) {
                byKey.put(key, d);
                continue;
            }
            int[] v = seen.values();
            char[] q = seen.quality();
            for (int i = 0; i < IntervalDay.SLOTS; i++) {
                if (q[i] == 'M' && d.quality(i) != Quality.MISSING) {
                    v[i] = d.value(i);
                    q[i] = d.quality(i).letter();
                }
            }
            byKey.put(key, new IntervalDay(d.meterId(), d.channel(), d.day(), v, q));
        }
        return List.copyOf(byKey.values());
    }

    static List<RegisterRead> combineRegisters(Collection<RegisterRead> registers) {
        Map<String, RegisterRead> byKey = new LinkedHashMap<>();
        for (RegisterRead r : registers) byKey.putIfAbsent(r.meterId() + "/" + r.day(), r);
        return List.copyOf(byKey.values());
    }

    // ---- reads

    /** True until the first daily register is stored: a fresh installation. */
    public boolean noRegisters() {
        return jdbc.sql("select not exists (select 1 from metering.daily_register)")
                .query(Boolean.class)
                .single();
    }

    public Optional<IntervalDay> interval(long meterId, Channel channel, LocalDate day) {
        return intervals(meterId, channel, day, day).stream().findFirst();
    }

    public List<IntervalDay> intervals(long meterId, Channel channel, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select meter_id, channel, day, slots, quality from metering.interval_day
                where meter_id = :m and channel = :c and day between :from and :to order by day""")
                .param("m", meterId)
                .param("c", channel.code())
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> intervalDay(rs))
                .list();
    }

    /** Intervals of many meters over days, by meter in day order (billing time of use from intervals). */
    public Map<Long, List<IntervalDay>> intervals(
            Collection<Long> meterIds, Channel channel, LocalDate from, LocalDate to) {
        Map<Long, List<IntervalDay>> out = new java.util.LinkedHashMap<>();
        if (meterIds.isEmpty()) return out;
        jdbc.sql("""
                select meter_id, channel, day, slots, quality from metering.interval_day
                where meter_id = any(:ms) and channel = :c and day between :from and :to order by meter_id, day""")
                .param("ms", meterIds.toArray(Long[]::new))
                .param("c", channel.code())
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> intervalDay(rs))
                .list()
                .forEach(d ->
                        out.computeIfAbsent(d.meterId(), k -> new ArrayList<>()).add(d));
        return out;
    }

    /** Intervals of many meters for one day (validation, comparisons). */
    public List<IntervalDay> intervalsOn(Collection<Long> meterIds, Channel channel, LocalDate day) {
        if (meterIds.isEmpty()) return List.of();
        return jdbc.sql("""
                select meter_id, channel, day, slots, quality from metering.interval_day
                where meter_id = any(:ms) and channel = :c and day = :day""")
                .param("ms", meterIds.toArray(Long[]::new))
                .param("c", channel.code())
                .param("day", day)
                .query((rs, n) -> intervalDay(rs))
                .list();
    }

    static IntervalDay intervalDay(ResultSet rs) throws SQLException {
        Array array = rs.getArray("slots");
        Integer[] boxed = (Integer[]) array.getArray();
        int[] values = new int[boxed.length];
        for (int i = 0; i < boxed.length; i++) values[i] = boxed[i] == null ? 0 : boxed[i];
        return new IntervalDay(
                rs.getLong("meter_id"),
                Channel.ofCode(rs.getInt("channel")),
                rs.getObject("day", LocalDate.class),
                values,
                rs.getString("quality").toCharArray());
    }

    public List<RegisterRead> registers(long meterId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select * from metering.daily_register where meter_id = :m and day between :from and :to order by day""")
                .param("m", meterId)
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> register(rs))
                .list();
    }

    /** See {@link io.gridhall.metering.MeterReadings#registersNear}: one statement, one index probe per pair (two when the wanted day and those before it have none). */
    public Map<MeterDay, RegisterRead> registersNear(Collection<MeterDay> wanted, int daysBefore, int daysAfter) {
        if (wanted.isEmpty()) return Map.of();
        List<MeterDay> pairs = List.copyOf(new java.util.LinkedHashSet<>(wanted));
        Map<MeterDay, RegisterRead> found = new LinkedHashMap<>();
        jdbc.sql("""
                        select w.wanted_meter, w.wanted_day, r.*
                          from unnest(:meters::bigint[], :days::date[]) as w(wanted_meter, wanted_day)
                          cross join lateral (
                                -- the day or the nearest before it, else the nearest after: an index probe each
                                (select * from metering.daily_register d
                                  where d.meter_id = w.wanted_meter
                                    and d.day between w.wanted_day - :before and w.wanted_day
                                  order by d.day desc limit 1)
                                union all
                                (select * from metering.daily_register d
                                  where d.meter_id = w.wanted_meter
                                    and d.day > w.wanted_day and d.day <= w.wanted_day + :after
                                  order by d.day limit 1)
                                limit 1) r""")
                .param("meters", pairs.stream().map(MeterDay::meterId).toArray(Long[]::new))
                .param(
                        "days",
                        pairs.stream().map(p -> java.sql.Date.valueOf(p.day())).toArray(java.sql.Date[]::new))
                .param("before", daysBefore)
                .param("after", daysAfter)
                .query(rs -> {
                    found.put(
                            new MeterDay(rs.getLong("wanted_meter"), rs.getObject("wanted_day", LocalDate.class)),
                            register(rs));
                });
        return found;
    }

    public Optional<RegisterRead> register(long meterId, LocalDate day) {
        return registers(meterId, day, day).stream().findFirst();
    }

    static RegisterRead register(ResultSet rs) throws SQLException {
        Timestamp meterTime = rs.getTimestamp("meter_time");
        Timestamp readAt = rs.getTimestamp("read_at");
        return new RegisterRead(
                rs.getLong("meter_id"),
                rs.getObject("day", LocalDate.class),
                nullable(rs, "fwd_total"),
                nullable(rs, "fwd_t1"),
                nullable(rs, "fwd_t2"),
                nullable(rs, "fwd_t3"),
                nullable(rs, "fwd_t4"),
                nullable(rs, "rev_total"),
                nullable(rs, "reactive1"),
                nullable(rs, "reactive2"),
                Quality.of(rs.getString("quality").charAt(0)),
                meterTime == null ? null : meterTime.toInstant(),
                readAt == null ? null : readAt.toInstant());
    }

    private static Long nullable(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
