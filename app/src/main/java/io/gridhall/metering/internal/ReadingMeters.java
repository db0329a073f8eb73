package io.gridhall.metering.internal;

import io.gridhall.dlt645.ControlSecurity;
import io.gridhall.dlt645.DataIdentifier;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
import io.gridhall.dlt645.DecodeException;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import io.gridhall.dlt645.StatusWord3;
import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.Quality;
import io.gridhall.metering.ReadingDelivery;
import io.gridhall.metering.ReadingSource;
import io.gridhall.metering.RegisterRead;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Reads meters through the head-end: on demand from the console, the daily frozen registers after
 * midnight, the forward active register at every quarter hour (the difference between two
 * consecutive quarters is the 15-minute value), and the freezes missed in the last days (补抄). Each read times out and is retried a bounded number
 * of times; an abnormal reply is final.
 */
@Service
public class ReadingMeters {

    /** What an on-demand read returned; values in kWh, null when the meter did not answer that item. */
    public record MeterState(
            long meterId,
            String address,
            Instant readAt,
            LocalDateTime meterTime,
            List<BigDecimal> forwardActive,
            BigDecimal reverseActive,
            Boolean relayClosed,
            Boolean protectedOn,
            BigDecimal remainingMoney,
            String link) {}

    private static final Logger log = LoggerFactory.getLogger(ReadingMeters.class);
    private static final DataClassRowMapper<Meters.Meter> METER = new DataClassRowMapper<>(Meters.Meter.class);

    private final HeadEnd headEnd;
    private final Meters meters;
    private final MeterReadings readings;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration timeout;
    private final int attempts;
    private final boolean polling;
    private final int catchUpDays;
    private final WatchingSupply supply;

    ReadingMeters(
            HeadEnd headEnd,
            Meters meters,
            MeterReadings readings,
            JdbcClient jdbc,
            Clock clock,
            @Value("${gridhall.headend.timeout:PT5S}") Duration timeout,
            @Value("${gridhall.headend.attempts:3}") int attempts,
            @Value("${gridhall.headend.polling:true}") boolean polling,
            @Value("${gridhall.headend.catch-up-days:7}") int catchUpDays,
            WatchingSupply supply) {
        this.supply = supply;
        this.catchUpDays = catchUpDays;
        this.headEnd = headEnd;
        this.meters = meters;
        this.readings = readings;
        this.jdbc = jdbc;
        this.clock = clock;
        this.timeout = timeout;
        this.attempts = attempts;
        this.polling = polling;
    }

    /** The values of one data item, retried on timeouts; empty when the meter never answered or refused. */
    public Optional<List<DataValue>> read(MeterAddress address, DataIdentifier id) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Optional<Reply> reply = headEnd.exchange(new Request.Read(address, id), timeout, ControlSecurity.PLAIN);
            if (reply.isEmpty()) continue;
            if (reply.get() instanceof Reply.ReadData data) {
                try {
                    return Optional.of(data.values());
                } catch (DecodeException e) {
                    log.debug("Undecodable values from {} for {}: {}", address, id, e.getMessage());
                    continue;
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Sends any request with the same timeout and retries. */
    public Optional<Reply> send(Request request, ControlSecurity security) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Optional<Reply> reply = headEnd.exchange(request, timeout, security);
            if (reply.isPresent()) return reply;
        }
        return Optional.empty();
    }

    private Optional<BigDecimal> decimal(MeterAddress a, DataIdentifier id) {
        return read(a, id)
                .filter(v -> !v.isEmpty() && v.getFirst() instanceof DataValue.Decimal)
                .map(v -> ((DataValue.Decimal) v.getFirst()).value());
    }

    private Optional<LocalDateTime> meterTime(MeterAddress a) {
        Optional<List<DataValue>> date = read(a, DataItems.DATE);
        Optional<List<DataValue>> time = read(a, DataItems.TIME);
        if (date.isEmpty() || time.isEmpty()) return Optional.empty();
        if (date.get().getFirst() instanceof DataValue.Day d
                && time.get().getFirst() instanceof DataValue.TimeOfDay t) {
            return Optional.of(d.date().atTime(t.time()));
        }
        return Optional.empty();
    }

    /** Reads a meter now; nothing is stored but the frames. Empty when the meter never answered. */
    public Optional<MeterState> readNow(Meters.Meter meter) {
        MeterAddress a = MeterAddress.of(meter.address());
        Optional<List<DataValue>> forward = read(a, DataItems.FORWARD_ACTIVE_BLOCK);
        if (forward.isEmpty()) return Optional.empty();
        List<BigDecimal> fwd = forward.get().stream()
                .filter(v -> v instanceof DataValue.Decimal)
                .map(v -> ((DataValue.Decimal) v).value())
                .toList();
        BigDecimal reverse = decimal(a, DataItems.REVERSE_ACTIVE_TOTAL).orElse(null);
        Boolean relayClosed = null;
        Boolean protectedOn = null;
        Optional<List<DataValue>> status = read(a, DataItems.STATUS_WORD_3);
        if (status.isPresent() && status.get().getFirst() instanceof DataValue.StatusBits bits) {
            relayClosed = !StatusWord3.relayOpen(bits);
            protectedOn = StatusWord3.isProtected(bits);
        }
        BigDecimal money = "LOCAL".equals(meter.feeControl())
                ? decimal(a, DataItems.REMAINING_MONEY).orElse(null)
                : null;
        return Optional.of(new MeterState(
                meter.meterId(),
                meter.address(),
                clock.instant(),
                meterTime(a).orElse(null),
                fwd,
                reverse,
                relayClosed,
                protectedOn,
                money,
                headEnd.linkOf(meter.address()).orElse(null)));
    }

    /** The relay state from status word 3: true closed, false open, empty when unknown. */
    public Optional<Boolean> relayClosed(MeterAddress a) {
        return read(a, DataItems.STATUS_WORD_3)
                .filter(v -> !v.isEmpty() && v.getFirst() instanceof DataValue.StatusBits)
                .map(v -> !StatusWord3.relayOpen((DataValue.StatusBits) v.getFirst()));
    }

    // ---- daily frozen registers

    @Scheduled(cron = "${gridhall.headend.daily-cron:0 10 0 * * *}", zone = "${gridhall.time-zone:Asia/Shanghai}")
    public void pollDaily() {
        if (!polling || headEnd.links().isEmpty()) return;
        int n = pollDaily(meters.active());
        log.info("Daily frozen registers read from {} meters", n);
    }

    /** Reads the last daily freeze of each meter and stores them as one batch; returns how many answered. */
    public int pollDaily(List<Meters.Meter> list) {
        List<RegisterRead> reads = forEach(list, this::dailyRead);
        if (!reads.isEmpty()) {
            readings.store(new ReadingDelivery(
                    "headend:daily:" + UUID.randomUUID(), ReadingSource.HEAD_END, List.of(), reads));
        }
        return reads.size();
    }

    // ---- catching up (补抄): freezes a meter missed while it or its concentrator was offline

    /**
     * Reads again, from the meters' own memory of past daily freezes, the registers of the last days that have no
     * actual value yet, and stores them as one batch (validation of those days then runs again for them).
     */
    @Scheduled(cron = "${gridhall.headend.catch-up-cron:0 40 2/3 * * *}", zone = "${gridhall.time-zone:Asia/Shanghai}")
    public void catchUp() {
        if (!polling || headEnd.links().isEmpty()) return;
        int n = catchUp(LocalDate.now(clock), catchUpDays, null);
        if (n > 0) log.info("Catch-up: {} missed daily registers read", n);
    }

    /**
     * @param today the meters' today (the freeze at 00:00 of day D + 1 closes day D)
     * @param days how many days before today to look back (a meter keeps 62)
     * @param meterIds the meters to look at, null for every active one
     * @return how many registers were read and stored
     */
    public int catchUp(LocalDate today, int days, Collection<Long> meterIds) {
        Map<Long, List<LocalDate>> missed = new HashMap<>();
        List<Meters.Meter> list = new ArrayList<>();
        // one row per meter; meters without a connected concentrator are not even remembered
        jdbc.sql("""
                select m.*, array_agg(d::date order by d) as days
                from metering.meter m
                cross join generate_series(:from::date, :to::date, interval '1 day') as d
                where m.active and (:ids::bigint[] is null or m.meter_id = any(:ids::bigint[]))
                  and not exists (select 1 from metering.daily_register r
                    where r.meter_id = m.meter_id and r.day = d::date and r.quality in ('A', 'D'))
                group by m.meter_id""")
                .param("ids", meterIds == null ? null : meterIds.toArray(Long[]::new))
                .param("from", today.minusDays(Math.min(days, DataItems.DAILY_FROZEN_DAYS)))
                .param("to", today.minusDays(1))
                .query(rs -> {
                    String address = rs.getString("address");
                    if (headEnd.linkOf(address).isEmpty()) return;
                    Meters.Meter meter = METER.mapRow(rs, 0);
                    list.add(meter);
                    List<LocalDate> dates = new ArrayList<>();
                    for (java.sql.Date d : (java.sql.Date[]) rs.getArray("days").getArray()) dates.add(d.toLocalDate());
                    missed.put(meter.meterId(), dates);
                });
        if (list.isEmpty()) return 0;
        List<RegisterRead> reads = new ArrayList<>();
        forEach(list, m -> {
                    List<RegisterRead> found = new ArrayList<>();
                    for (LocalDate day : missed.get(m.meterId())) {
                        int n = (int) java.time.temporal.ChronoUnit.DAYS.between(day, today);
                        // a meter that does not answer for one day will not for the others either
                        Optional<RegisterRead> read = dailyRead(m, n);
                        if (read.isEmpty()) break;
                        found.add(read.get());
                    }
                    return Optional.of(found);
                })
                .forEach(reads::addAll);
        if (!reads.isEmpty()) {
            readings.store(new ReadingDelivery(
                    "headend:catch-up:" + UUID.randomUUID(), ReadingSource.HEAD_END, List.of(), reads));
        }
        return reads.size();
    }

    private Optional<RegisterRead> dailyRead(Meters.Meter meter) {
        return dailyRead(meter, 1);
    }

    /** The n-th last daily freeze (1 = last midnight's), as the register of the day it closes. */
    private Optional<RegisterRead> dailyRead(Meters.Meter meter, int n) {
        MeterAddress a = MeterAddress.of(meter.address());
        Optional<List<DataValue>> frozenAt = read(a, DataItems.dailyFrozenTime(n));
        if (frozenAt.isEmpty() || !(frozenAt.get().getFirst() instanceof DataValue.Timestamp ts))
            return Optional.empty();
        Optional<List<DataValue>> forward = read(a, DataItems.dailyFrozenForwardActive(n));
        if (forward.isEmpty()) return Optional.empty();
        List<Long> f = forward.get().stream().map(ReadingMeters::hundredths).toList();
        Long reverse = read(a, DataItems.dailyFrozenReverseActive(n))
                .map(v -> hundredths(v.getFirst()))
                .orElse(null);
        // combined reactive 1 and 2 (totals): the power-factor adjustment of large customers' bills needs them
        Long reactive1 = read(a, DataItems.dailyFrozenReactive1(n))
                .map(v -> hundredths(v.getFirst()))
                .orElse(null);
        Long reactive2 = read(a, DataItems.dailyFrozenReactive2(n))
                .map(v -> hundredths(v.getFirst()))
                .orElse(null);
        ZoneId zone = clock.getZone();
        Instant meterTime = meterTime(a).map(t -> t.atZone(zone).toInstant()).orElse(null);
        // the freeze at 00:00 closes the day before
        LocalDate day = ts.dateTime().toLocalDate().minusDays(1);
        return Optional.of(new RegisterRead(
                meter.meterId(),
                day,
                at(f, 0),
                at(f, 1),
                at(f, 2),
                at(f, 3),
                at(f, 4),
                reverse,
                reactive1,
                reactive2,
                Quality.ACTUAL,
                meterTime,
                clock.instant()));
    }

    private static Long at(List<Long> values, int i) {
        return i < values.size() ? values.get(i) : null;
    }

    private static Long hundredths(DataValue v) {
        return v instanceof DataValue.Decimal d ? d.value().movePointRight(2).longValue() : null;
    }

    // ---- quarter-hour intervals

    @Scheduled(cron = "${gridhall.headend.quarter-cron:0 1/15 * * * *}", zone = "${gridhall.time-zone:Asia/Shanghai}")
    public void pollQuarter() {
        if (!polling || headEnd.links().isEmpty()) return;
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime boundary =
                now.withMinute(now.getMinute() / 15 * 15).withSecond(0).withNano(0);
        pollQuarter(meters.active(), boundary.toInstant());
    }

    private record QuarterRead(long meterId, long total) {}

    /**
     * Reads the forward active total of each meter for the quarter ending at {@code boundary}; where
     * the previous quarter's value is known, the difference becomes that slot's actual value. Meters asked on
     * their live link that gave nothing go to the supply watch afterwards.
     *
     * @return how many slots were stored
     */
    public int pollQuarter(List<Meters.Meter> list, Instant boundary) {
        List<Long> silent = Collections.synchronizedList(new ArrayList<>());
        List<QuarterRead> reads = forEach(
                list,
                m -> decimal(MeterAddress.of(m.address()), DataItems.FORWARD_ACTIVE_TOTAL)
                        .map(v ->
                                new QuarterRead(m.meterId(), v.movePointRight(2).longValue())),
                silent);
        int stored = storeQuarter(reads, boundary);
        // after the readings: a meter that did not answer on its live link has lost supply (one statement)
        supply.silent(silent, clock.instant());
        return stored;
    }

    private int storeQuarter(List<QuarterRead> reads, Instant boundary) {
        if (reads.isEmpty()) return 0;
        Instant previous = boundary.minus(Duration.ofMinutes(15));
        ZonedDateTime slotStart = previous.atZone(clock.getZone());
        LocalDate day = slotStart.toLocalDate();
        int slot = (slotStart.getHour() * 60 + slotStart.getMinute()) / 15;
        List<IntervalDay> days = new ArrayList<>();
        for (QuarterRead r : reads) {
            Long before = jdbc.sql("select fwd_total from metering.quarter_read where meter_id = :m and slot_end = :at")
                    .param("m", r.meterId())
                    .param("at", Timestamp.from(previous))
                    .query(Long.class)
                    .optional()
                    .orElse(null);
            jdbc.sql("""
                    insert into metering.quarter_read (meter_id, slot_end, fwd_total) values (:m, :at, :v)
                    on conflict (meter_id) do update set slot_end = excluded.slot_end, fwd_total = excluded.fwd_total
                    where quarter_read.slot_end < excluded.slot_end""")
                    .param("m", r.meterId())
                    .param("at", Timestamp.from(boundary))
                    .param("v", r.total())
                    .update();
            if (before == null || r.total() < before) continue;
            IntervalDay d = IntervalDay.empty(r.meterId(), Channel.FORWARD_ACTIVE, day);
            int[] v = d.values();
            char[] q = d.quality();
            v[slot] = Math.toIntExact((r.total() - before) * 100);
            q[slot] = 'A';
            days.add(new IntervalDay(r.meterId(), Channel.FORWARD_ACTIVE, day, v, q));
        }
        if (!days.isEmpty()) {
            readings.store(new ReadingDelivery(
                    "headend:quarter:" + UUID.randomUUID(), ReadingSource.HEAD_END, days, List.of()));
        }
        return days.size();
    }

    /** Runs a read per meter with a known, connected link on virtual threads; links serialise their own requests. */
    private <T> List<T> forEach(List<Meters.Meter> list, java.util.function.Function<Meters.Meter, Optional<T>> read) {
        return forEach(list, read, null);
    }

    /** @param silent where to put the meters asked on their live link that gave nothing; null: not wanted */
    private <T> List<T> forEach(
            List<Meters.Meter> list, java.util.function.Function<Meters.Meter, Optional<T>> read, List<Long> silent) {
        List<T> out = Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(500);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (Meters.Meter m : list) {
                // schedules read only meters whose concentrator is known and connected: searching every link for a
                // meter no archive places would cost each link a timeout per such meter (the console's "read now"
                // still searches, and the link that answers is remembered)
                if (headEnd.linkOf(m.address()).isEmpty()) continue;
                all.add(pool.submit(() -> {
                    inFlight.acquireUninterruptibly();
                    try {
                        Optional<T> value = read.apply(m);
                        value.ifPresent(out::add);
                        if (value.isEmpty() && silent != null) silent.add(m.meterId());
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        return out;
    }
}
