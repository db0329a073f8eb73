package io.gridhall.metering.internal;

import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.Quality;
import io.gridhall.metering.ReadingSource;
import io.gridhall.metering.RegisterRead;
import io.gridhall.metering.internal.ValidationRules.Finding;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * VEE for a day: runs the validation rules over every active meter (in chunks, one transaction each,
 * so a restart resumes), records findings as exceptions for review, then estimates missing interval
 * slots from the register delta, the neighbours and the meter's same-weekday profile, and a missing
 * daily register from the day's intervals or the meter's neighbouring registers. A finding the
 * rules no longer make when a day is validated again (late actual readings) is resolved as
 * {@value #SUPERSEDED}.
 */
@Service
public class ValidatingReadings {

    /**
     * @param estimatedDays interval days whose estimated slots were written
     * @param estimatedRegisters daily registers estimated (new or changed)
     * @param superseded open findings the rules no longer make, resolved
     */
    public record Summary(
            LocalDate day, int meters, int findings, int estimatedDays, int estimatedRegisters, int superseded) {}

    /** The resolution of a finding that later readings made obsolete (no member of staff resolved it). */
    public static final String SUPERSEDED = "SUPERSEDED";

    private static final Logger log = LoggerFactory.getLogger(ValidatingReadings.class);
    static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final Readings readings;
    private final Meters meters;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ValidationRules rules = new ValidationRules(ValidationRules.Settings.DEFAULTS);
    private final Estimator estimator = new Estimator(8);
    private final RegisterEstimator registerEstimator = new RegisterEstimator(14, 28);

    ValidatingReadings(JdbcClient jdbc, Readings readings, Meters meters, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.readings = readings;
        this.meters = meters;
        this.tx = tx;
        this.clock = clock;
    }

    /** Yesterday's data, after the nightly collection (frozen registers are read after 00:05). */
    @Scheduled(cron = "${gridhall.metering.vee-cron:0 30 6 * * *}", zone = "${gridhall.time-zone:Asia/Shanghai}")
    public void nightly() {
        Summary s = run(LocalDate.now(clock).minusDays(1));
        log.info(
                "VEE for {}: {} meters, {} findings, {} days and {} registers estimated, {} findings superseded",
                s.day(),
                s.meters(),
                s.findings(),
                s.estimatedDays(),
                s.estimatedRegisters(),
                s.superseded());
    }

    /** All active meters; the day then counts as validated, so late readings for it are validated again. */
    public Summary run(LocalDate day) {
        // noted before the first chunk, so a batch stored while the run is under way (perhaps after its
        // meter's chunk was done) is validated again for its meters
        tx.executeWithoutResult(t -> jdbc.sql("""
                        insert into metering.vee_run (day, started_at) values (:day, :at)
                        on conflict (day) do update set started_at = excluded.started_at, finished_at = null""")
                .param("day", day)
                .param("at", Timestamp.from(clock.instant()))
                .update());
        List<Long> ids = meters.active().stream().map(Meters.Meter::meterId).toList();
        Summary summary = run(day, ids);
        tx.executeWithoutResult(t -> jdbc.sql("update metering.vee_run set finished_at = :at where day = :day")
                .param("day", day)
                .param("at", Timestamp.from(clock.instant()))
                .update());
        return summary;
    }

    /** Of these days, the ones a run over all meters has started for. */
    Set<LocalDate> validatedDays(Collection<LocalDate> days) {
        if (days.isEmpty()) return Set.of();
        return new HashSet<>(jdbc.sql("select day from metering.vee_run where day = any(:days::text[]::date[])")
                .param("days", days.stream().map(LocalDate::toString).toArray(String[]::new))
                .query(LocalDate.class)
                .list());
    }

    public Summary run(LocalDate day, List<Long> meterIds) {
        int[] total = new int[4];
        for (int i = 0; i < meterIds.size(); i += CHUNK) {
            List<Long> chunk = meterIds.subList(i, Math.min(meterIds.size(), i + CHUNK));
            int[] r = tx.execute(t -> chunk(day, chunk));
            for (int k = 0; k < total.length; k++) total[k] += r[k];
        }
        return new Summary(day, meterIds.size(), total[0], total[1], total[2], total[3]);
    }

    private int[] chunk(LocalDate day, List<Long> ids) {
        // the nightly run and a re-validation of late readings take turns per day, never estimating at once
        jdbc.sql("select pg_advisory_xact_lock(hashtext('metering.vee'), :day)")
                .param("day", (int) day.toEpochDay())
                .query()
                .singleRow();
        int zeroDays = rules.settings().zeroDays();
        // the rules judge what was read; estimated registers are the outcome of VEE, not its input
        Map<Long, List<RegisterRead>> registers = jdbc
                .sql("""
                select * from metering.daily_register where meter_id = any(:ms) and day between :from and :to
                  and quality <> 'E'
                order by meter_id, day""")
                .param("ms", ids.toArray(Long[]::new))
                .param("from", day.minusDays(zeroDays))
                .param("to", day)
                .query((rs, n) -> Readings.register(rs))
                .list()
                .stream()
                .collect(Collectors.groupingBy(RegisterRead::meterId));
        Map<Long, IntervalDay> intervals = readings.intervalsOn(ids, Channel.FORWARD_ACTIVE, day).stream()
                .collect(Collectors.toMap(IntervalDay::meterId, d -> d));
        Map<Long, Integer> recentMax = new HashMap<>();
        jdbc.sql("""
                select i.meter_id, max(s.v) from metering.interval_day i
                cross join lateral unnest(i.slots, string_to_array(i.quality, null)) as s(v, q)
                where i.meter_id = any(:ms) and i.channel = 1 and i.day between :from and :to and s.q = 'A'
                group by i.meter_id""")
                .param("ms", ids.toArray(Long[]::new))
                .param("from", day.minusDays(28))
                .param("to", day.minusDays(1))
                .query(rs -> {
                    recentMax.put(rs.getLong(1), rs.getInt(2));
                });

        List<Finding> found = new ArrayList<>();
        List<Long> toEstimate = new ArrayList<>();
        List<Long> withoutRegister = new ArrayList<>();
        for (long id : ids) {
            List<RegisterRead> regs = registers.getOrDefault(id, List.of());
            RegisterRead current =
                    regs.stream().filter(r -> r.day().equals(day)).findFirst().orElse(null);
            RegisterRead previous = regs.stream()
                    .filter(r -> r.day().equals(day.minusDays(1)))
                    .findFirst()
                    .orElse(null);
            IntervalDay d = intervals.get(id);
            rules.gap(id, day, d).ifPresent(f -> {
                found.add(f);
                toEstimate.add(id);
            });
            // estimated slots are estimated again, so late actual slots rescale the rest of the day
            if (d != null && d.count(Quality.MISSING) == 0 && d.count(Quality.ESTIMATED) > 0) toEstimate.add(id);
            if (current == null) withoutRegister.add(id);
            found.addAll(rules.spikes(d, recentMax.get(id)));
            rules.decreasing(previous, current).ifPresent(found::add);
            rules.zeroUse(regs).ifPresent(found::add);
            rules.sumMismatch(d, previous, current).ifPresent(found::add);
            rules.clockDrift(current).ifPresent(found::add);
        }
        Instant now = clock.instant();
        int estimated = estimate(day, toEstimate, registers, intervals);
        int estimatedRegisters = estimateRegisters(day, withoutRegister, intervals, found);
        int recorded = record(found, now);
        // still open while estimates stand in for what is missing
        List<Finding> standing = new ArrayList<>(found);
        for (long id : ids) {
            IntervalDay d = intervals.get(id);
            if (d != null && d.count(Quality.ESTIMATED) > 0) {
                rules.gap(id, day, IntervalDay.empty(id, Channel.FORWARD_ACTIVE, day))
                        .ifPresent(standing::add);
            }
        }
        int superseded = supersede(day, ids, standing, now);
        return new int[] {recorded, estimated, estimatedRegisters, superseded};
    }

    /** Interval estimation; the estimated days replace their entries in {@code intervals}. */
    private int estimate(
            LocalDate day, List<Long> ids, Map<Long, List<RegisterRead>> registers, Map<Long, IntervalDay> intervals) {
        if (ids.isEmpty()) return 0;
        Map<Long, int[]> profiles = profiles(day, ids);
        List<IntervalDay> estimates = new ArrayList<>();
        for (long id : ids) {
            List<RegisterRead> regs = registers.getOrDefault(id, List.of());
            RegisterRead current =
                    regs.stream().filter(r -> r.day().equals(day)).findFirst().orElse(null);
            RegisterRead previous = regs.stream()
                    .filter(r -> r.day().equals(day.minusDays(1)))
                    .findFirst()
                    .orElse(null);
            Long delta = current != null
                            && previous != null
                            && current.total() != null
                            && previous.total() != null
                            && current.total() >= previous.total()
                    ? (current.total() - previous.total()) * 100
                    : null;
            IntervalDay d = unestimated(intervals.getOrDefault(id, IntervalDay.empty(id, Channel.FORWARD_ACTIVE, day)));
            int[] profile = profiles.get(id);
            if (delta == null && profile == null && d.count(Quality.MISSING) == IntervalDay.SLOTS) continue;
            IntervalDay e = estimator.estimate(d, delta, profile);
            estimates.add(e);
            intervals.put(id, e);
        }
        return readings.store(estimates, List.of(), ReadingSource.ESTIMATOR.code(), clock.instant())
                .intervalRows();
    }

    /** The day with its estimated slots missing again. */
    static IntervalDay unestimated(IntervalDay d) {
        int[] v = d.values();
        char[] q = d.quality();
        for (int s = 0; s < q.length; s++) {
            if (q[s] == Quality.ESTIMATED.letter()) {
                q[s] = Quality.MISSING.letter();
                v[s] = 0;
            }
        }
        return new IntervalDay(d.meterId(), d.channel(), d.day(), v, q);
    }

    /**
     * Registers for the meters without an actual one on the day: a MISSING_REGISTER finding each, and
     * an estimate where {@link RegisterEstimator} can make one. Reads the registers around the day
     * (and the first one after that span, the upper bound of an estimate) only for these meters.
     */
    private int estimateRegisters(
            LocalDate day, List<Long> ids, Map<Long, IntervalDay> intervals, List<Finding> found) {
        if (ids.isEmpty()) return 0;
        int window = registerEstimator.windowDays();
        Map<Long, List<RegisterRead>> around = jdbc
                .sql("""
                select r.* from metering.daily_register r
                where r.meter_id = any(:ms) and r.day between :from and :to
                union all
                select n.* from unnest(:ms) as m(id)
                cross join lateral (select x.* from metering.daily_register x
                                    where x.meter_id = m.id and x.day > :to order by x.day limit 1) n""")
                .param("ms", ids.toArray(Long[]::new))
                .param("from", day.minusDays(window + registerEstimator.meanDays()))
                .param("to", day.plusDays(window))
                .query((rs, n) -> Readings.register(rs))
                .list()
                .stream()
                .collect(Collectors.groupingBy(RegisterRead::meterId));
        List<RegisterRead> estimates = new ArrayList<>();
        for (long id : ids) {
            Optional<RegisterEstimator.Estimate> e =
                    registerEstimator.estimate(id, day, around.getOrDefault(id, List.of()), intervals.get(id));
            e.ifPresent(x -> estimates.add(x.read()));
            found.add(new Finding(
                    id,
                    day,
                    ValidationRules.Type.MISSING_REGISTER,
                    0,
                    0,
                    e.<Map<String, Object>>map(x -> Map.of(
                                    "estimatedTotal",
                                    x.read().total(),
                                    "method",
                                    x.method().ordinal() + 1))
                            .orElse(Map.of())));
        }
        return readings.store(List.of(), estimates, ReadingSource.ESTIMATOR.code(), clock.instant())
                .registerRows();
    }

    /**
     * Resolves the open findings of these meters and day that the rules did not make again, because
     * the data they were made from has since changed; findings of storage (CONFLICT) stay.
     */
    private int supersede(LocalDate day, List<Long> ids, List<Finding> standing, Instant at) {
        return jdbc.sql("""
                update metering.reading_exception e set status = 'RESOLVED', resolved_at = :at,
                    resolution = :resolution
                where e.meter_id = any(:ms) and e.day = :day and e.status = 'OPEN' and e.type <> 'CONFLICT'
                  and not exists (select 1 from unnest(:fm, :ft, :fc, :fs) as f(m, t, c, s)
                                  where f.m = e.meter_id and f.t = e.type and f.c = e.channel and f.s = e.slot)""")
                .param("at", Timestamp.from(at))
                .param("resolution", SUPERSEDED)
                .param("ms", ids.toArray(Long[]::new))
                .param("day", day)
                .param("fm", standing.stream().map(Finding::meterId).toArray(Long[]::new))
                .param("ft", standing.stream().map(f -> f.type().name()).toArray(String[]::new))
                .param("fc", standing.stream().map(Finding::channel).toArray(Integer[]::new))
                .param("fs", standing.stream().map(Finding::slot).toArray(Integer[]::new))
                .update();
    }

    /** The meter's typical day for this weekday: the mean of each slot over the four weeks before. */
    private Map<Long, int[]> profiles(LocalDate day, List<Long> ids) {
        Map<Long, int[]> profiles = new HashMap<>();
        jdbc.sql("""
                select i.meter_id, s.n, avg(s.v)::int from metering.interval_day i
                cross join lateral unnest(i.slots, string_to_array(i.quality, null)) with ordinality as s(v, q, n)
                where i.meter_id = any(:ms) and i.channel = 1 and i.day in (:d1, :d2, :d3, :d4) and s.q in ('A', 'D')
                group by i.meter_id, s.n""")
                .param("ms", ids.toArray(Long[]::new))
                .param("d1", day.minusDays(7))
                .param("d2", day.minusDays(14))
                .param("d3", day.minusDays(21))
                .param("d4", day.minusDays(28))
                .query(rs -> {
                    profiles.computeIfAbsent(rs.getLong(1), k -> new int[IntervalDay.SLOTS])[rs.getInt(2) - 1] =
                            rs.getInt(3);
                });
        return profiles;
    }

    int record(List<Finding> findings, Instant at) {
        if (findings.isEmpty()) return 0;
        int n = 0;
        for (Finding f : findings) {
            n += jdbc.sql("""
                    insert into metering.reading_exception (meter_id, day, type, channel, slot, detail, found_at)
                    values (:m, :day, :type, :channel, :slot, :detail::jsonb, :at)
                    on conflict (meter_id, day, type, channel, slot) do nothing""")
                    .param("m", f.meterId())
                    .param("day", f.day())
                    .param("type", f.type().name())
                    .param("channel", f.channel())
                    .param("slot", f.slot())
                    .param("detail", json(f.detail()))
                    .param("at", Timestamp.from(at))
                    .update();
        }
        return n;
    }

    /** Details hold numbers only. */
    static String json(Map<String, Object> detail) {
        return detail.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
