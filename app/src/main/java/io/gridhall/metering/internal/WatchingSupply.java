package io.gridhall.metering.internal;

import io.gridhall.dlt645.ControlSecurity;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
import io.gridhall.dlt645.DecodeException;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import io.gridhall.metering.MeterPowerLost;
import io.gridhall.metering.MeterPowerRestored;
import io.gridhall.metering.MeterSupply;
import io.gridhall.metering.SupplySignalSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The supply watch (issue 11, ADR 0013): turns what the head-end sees into supply signals, stored in
 * {@code meter_supply} and {@code supply_signal} and published as one {@link MeterPowerLost} or
 * {@link MeterPowerRestored} per check.
 *
 * <ul>
 *   <li>A meter that does not answer a scheduled quarter-hour read on its live link has lost supply ({@code SILENT};
 *       the poll hands over the silent meters after storing its readings, one statement, so reading is not slowed).
 *   <li>A concentrator seen connected before whose link has been gone longer than the grace period takes its meters
 *       with it ({@code CONCENTRATOR_SILENT}): a concentrator is powered from its own transformer area.
 *   <li>A meter without supply whose link is up again is asked for its last power-off (掉电) event record
 *       (DL/T 645-2007 03 11 00 01), at most once per recheck period: its answer says supply is back, and when it
 *       went and came back by the meter's own record ({@code EVENT_RECORD}).
 * </ul>
 */
@Service
public class WatchingSupply implements MeterSupply {

    private static final Logger log = LoggerFactory.getLogger(WatchingSupply.class);
    private static final int ASK_PER_CHECK = 2_000;

    private final HeadEnd headEnd;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration grace;
    private final Duration recheck;
    private final Duration timeout;
    private final boolean polling;
    private volatile Instant watchingSince;

    WatchingSupply(
            HeadEnd headEnd,
            JdbcClient jdbc,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${gridhall.time-zone:Asia/Shanghai}") ZoneId zone,
            @Value("${gridhall.headend.silence-grace:PT1M}") Duration grace,
            @Value("${gridhall.headend.supply-recheck:PT2M}") Duration recheck,
            @Value("${gridhall.headend.timeout:PT5S}") Duration timeout,
            @Value("${gridhall.headend.supply-watch:${gridhall.headend.polling:true}}") boolean polling) {
        this.polling = polling;
        this.headEnd = headEnd;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.zone = zone;
        this.grace = grace;
        this.recheck = recheck;
        this.timeout = timeout;
    }

    @Scheduled(
            fixedDelayString = "${gridhall.headend.supply-check:PT15S}",
            initialDelayString = "${gridhall.headend.supply-check:PT15S}")
    public void scheduledCheck() {
        // the watch belongs to the polling head-end: without scheduled reads there is nothing to judge silence by
        if (!polling) return;
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Supply check failed: {}", e.getMessage());
        }
    }

    /** One round: links seen up, silent concentrators, meters back. */
    public void check() {
        Instant now = clock.instant();
        if (watchingSince == null) watchingSince = now;
        List<String> up = headEnd.links();
        if (!up.isEmpty()) {
            jdbc.sql("update metering.concentrator set last_up_at = :now where concentrator_id = any(:ids)")
                    .param("now", Timestamp.from(now))
                    .param("ids", up.toArray(String[]::new))
                    .update();
        }
        // after a restart the DTUs need a moment to dial in again: judge silence only once the watch has run that long
        if (!now.isBefore(watchingSince.plus(grace))) concentratorsSilent(now, up);
        restored(now);
    }

    /** The meters behind concentrators seen before and gone longer than the grace period lose supply. */
    int concentratorsSilent(Instant now, List<String> up) {
        List<MeterPowerLost.Meter> lost = tx.execute(s -> {
            List<MeterPowerLost.Meter> changed = jdbc.sql("""
                    with silent as (
                        select concentrator_id, last_up_at from metering.concentrator
                        where last_up_at < :before and not (concentrator_id = any(:up))),
                    changed as (
                        insert into metering.meter_supply (meter_id, state, lost_at, restored_at, source)
                        select m.meter_id, 'OFF', c.last_up_at, null, 'CONCENTRATOR_SILENT'
                        from metering.meter m join silent c on c.concentrator_id = m.concentrator_id
                        where m.active
                        on conflict (meter_id) do update
                            set state = 'OFF', lost_at = excluded.lost_at, restored_at = null,
                                source = excluded.source, asked_at = null
                            where meter_supply.state = 'ON'
                        returning meter_id, lost_at, source)
                    select c.meter_id, m.branch_id, m.area_id, c.lost_at, c.source
                    from changed c join metering.meter m on m.meter_id = c.meter_id
                    order by c.meter_id""")
                    .param("before", Timestamp.from(now.minus(grace)))
                    .param("up", up.toArray(String[]::new))
                    .query(WatchingSupply::lostRow)
                    .list();
            recordLost(changed, now);
            return changed;
        });
        if (!lost.isEmpty()) log.info("Supply lost at {} meters behind silent concentrators", lost.size());
        return lost.size();
    }

    /**
     * Meters asked in a scheduled read on their live link that did not answer: lost supply, unless already known.
     * Called by the quarter-hour poll after it has stored its readings.
     */
    public int silent(Collection<Long> meterIds, Instant at) {
        if (meterIds.isEmpty()) return 0;
        List<MeterPowerLost.Meter> lost = tx.execute(s -> {
            List<MeterPowerLost.Meter> changed = jdbc.sql("""
                    with changed as (
                        insert into metering.meter_supply (meter_id, state, lost_at, restored_at, source)
                        select id, 'OFF', :at, null, 'SILENT' from unnest(:ids) as id
                        on conflict (meter_id) do update
                            set state = 'OFF', lost_at = excluded.lost_at, restored_at = null,
                                source = excluded.source, asked_at = :at
                            where meter_supply.state = 'ON'
                        returning meter_id, lost_at, source)
                    select c.meter_id, m.branch_id, m.area_id, c.lost_at, c.source
                    from changed c join metering.meter m on m.meter_id = c.meter_id
                    order by c.meter_id""")
                    .param("at", Timestamp.from(at))
                    .param("ids", meterIds.toArray(Long[]::new))
                    .query(WatchingSupply::lostRow)
                    .list();
            recordLost(changed, at);
            return changed;
        });
        return lost.size();
    }

    private void recordLost(List<MeterPowerLost.Meter> changed, Instant now) {
        if (changed.isEmpty()) return;
        jdbc.sql("""
                insert into metering.supply_signal (meter_id, kind, lost_at, source, recorded_at)
                select id, 'LOST', lost, src, :now from unnest(:ids, :lost, :src) as t(id, lost, src)""")
                .param(
                        "ids",
                        changed.stream().map(MeterPowerLost.Meter::meterId).toArray(Long[]::new))
                .param(
                        "lost",
                        changed.stream().map(m -> Timestamp.from(m.lostAt())).toArray(Timestamp[]::new))
                .param("src", changed.stream().map(m -> m.source().name()).toArray(String[]::new))
                .param("now", Timestamp.from(now))
                .update();
        events.publishEvent(new MeterPowerLost(changed));
    }

    private static MeterPowerLost.Meter lostRow(ResultSet rs, int n) throws SQLException {
        return new MeterPowerLost.Meter(
                rs.getLong("meter_id"),
                rs.getObject("branch_id", Long.class),
                rs.getObject("area_id", Long.class),
                rs.getTimestamp("lost_at").toInstant(),
                SupplySignalSource.valueOf(rs.getString("source")));
    }

    private record Off(long meterId, String address, Long branchId, Long areaId, Instant lostAt) {}

    /** Meters without supply whose link is up are asked for their last power-off record; those that answer are back. */
    int restored(Instant now) {
        List<Off> due = jdbc.sql("""
                select s.meter_id, m.address, m.branch_id, m.area_id, s.lost_at
                from metering.meter_supply s join metering.meter m on m.meter_id = s.meter_id
                where s.state = 'OFF' and (s.asked_at is null or s.asked_at < :before)
                order by s.asked_at nulls first, s.meter_id
                limit :limit""")
                .param("before", Timestamp.from(now.minus(recheck)))
                .param("limit", ASK_PER_CHECK)
                .query((rs, n) -> new Off(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getObject(3, Long.class),
                        rs.getObject(4, Long.class),
                        rs.getTimestamp(5).toInstant()))
                .list();
        List<Off> reachable = due.stream()
                .filter(o -> headEnd.linkOf(o.address()).isPresent())
                .toList();
        if (reachable.isEmpty()) return 0;
        List<MeterPowerRestored.Meter> back = Collections.synchronizedList(new ArrayList<>());
        List<Long> silent = Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(200);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Off o : reachable) {
                pool.submit(() -> {
                    inFlight.acquireUninterruptibly();
                    try {
                        ask(o, now).ifPresentOrElse(back::add, () -> silent.add(o.meterId()));
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        List<MeterPowerRestored.Meter> sorted = new ArrayList<>(back);
        sorted.sort(java.util.Comparator.comparingLong(MeterPowerRestored.Meter::meterId));
        tx.executeWithoutResult(s -> {
            if (!silent.isEmpty()) {
                jdbc.sql("update metering.meter_supply set asked_at = :now where meter_id = any(:ids)")
                        .param("now", Timestamp.from(now))
                        .param("ids", silent.toArray(Long[]::new))
                        .update();
            }
            List<MeterPowerRestored.Meter> changed = new ArrayList<>();
            for (MeterPowerRestored.Meter m : sorted) {
                int n = jdbc.sql("""
                        update metering.meter_supply
                        set state = 'ON', lost_at = :lost, restored_at = :back, source = :src, asked_at = :now
                        where meter_id = :id and state = 'OFF'""")
                        .param("lost", Timestamp.from(m.lostAt()))
                        .param("back", Timestamp.from(m.restoredAt()))
                        .param("src", m.source().name())
                        .param("now", Timestamp.from(now))
                        .param("id", m.meterId())
                        .update();
                if (n == 1) changed.add(m);
            }
            if (changed.isEmpty()) return;
            jdbc.sql("""
                    insert into metering.supply_signal (meter_id, kind, lost_at, restored_at, source, recorded_at)
                    select id, 'RESTORED', lost, back, src, :now
                    from unnest(:ids, :lost, :back, :src) as t(id, lost, back, src)""")
                    .param(
                            "ids",
                            changed.stream()
                                    .map(MeterPowerRestored.Meter::meterId)
                                    .toArray(Long[]::new))
                    .param(
                            "lost",
                            changed.stream()
                                    .map(m -> Timestamp.from(m.lostAt()))
                                    .toArray(Timestamp[]::new))
                    .param(
                            "back",
                            changed.stream()
                                    .map(m -> Timestamp.from(m.restoredAt()))
                                    .toArray(Timestamp[]::new))
                    .param("src", changed.stream().map(m -> m.source().name()).toArray(String[]::new))
                    .param("now", Timestamp.from(now))
                    .update();
            events.publishEvent(new MeterPowerRestored(changed));
            log.info("Supply back at {} meters", changed.size());
        });
        return back.size();
    }

    /**
     * Reads the meter's last power-off record. Any answer means supply is back; the record's start and end, when it
     * has them and they fit what the head-end saw, date the loss. Empty: no answer.
     */
    private Optional<MeterPowerRestored.Meter> ask(Off o, Instant now) {
        Optional<Reply> reply = headEnd.exchangeOnOwnLink(
                new Request.Read(MeterAddress.of(o.address()), DataItems.powerOffRecord(1)),
                timeout,
                ControlSecurity.PLAIN,
                () -> true);
        if (reply.isEmpty()) return Optional.empty();
        Instant lost = o.lostAt();
        Instant back = now;
        SupplySignalSource source = SupplySignalSource.SILENT;
        if (reply.get() instanceof Reply.ReadData data) {
            try {
                List<DataValue> values = data.values();
                Instant start = instant(values.get(0));
                Instant end = values.size() > 1 ? instant(values.get(1)) : null;
                // the record is the meter's own word, by its own clock: taken only when it covers what was seen
                if (start != null && end != null && !end.isBefore(start) && !end.isAfter(now)) {
                    lost = start;
                    back = end;
                    source = SupplySignalSource.EVENT_RECORD;
                }
            } catch (DecodeException e) {
                log.debug("Undecodable power-off record from meter {}: {}", o.meterId(), e.getMessage());
            }
        }
        return Optional.of(new MeterPowerRestored.Meter(o.meterId(), o.branchId(), o.areaId(), lost, back, source));
    }

    private Instant instant(DataValue v) {
        return v instanceof DataValue.Timestamp(LocalDateTime t)
                ? t.atZone(zone).toInstant()
                : null;
    }

    // ---- facade

    @Override
    public Map<Long, Long> watchedMetersOfAreas(Collection<Long> areaIds) {
        if (areaIds.isEmpty()) return Map.of();
        Map<Long, Long> out = new HashMap<>();
        jdbc.sql("""
                select m.area_id, count(*) from metering.meter m
                join metering.concentrator c on c.concentrator_id = m.concentrator_id
                where m.area_id = any(:areas) and m.active and c.last_up_at is not null
                group by m.area_id""").param("areas", areaIds.toArray(Long[]::new)).query(rs -> {
            out.put(rs.getLong(1), rs.getLong(2));
        });
        return out;
    }

    @Override
    public List<Long> watchedMeters(Collection<Long> areaIds) {
        if (areaIds.isEmpty()) return List.of();
        return jdbc.sql("""
                select m.meter_id from metering.meter m
                join metering.concentrator c on c.concentrator_id = m.concentrator_id
                where m.area_id = any(:areas) and m.active and c.last_up_at is not null
                order by m.meter_id""")
                .param("areas", areaIds.toArray(Long[]::new))
                .query(Long.class)
                .list();
    }

    @Override
    public Optional<State> state(long meterId) {
        return jdbc.sql("select meter_id, state, lost_at, restored_at, source from metering.meter_supply"
                        + " where meter_id = :id")
                .param("id", meterId)
                .query((rs, n) -> new State(
                        rs.getLong(1),
                        rs.getString(2).equals("ON"),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        SupplySignalSource.valueOf(rs.getString(5))))
                .optional();
    }
}
