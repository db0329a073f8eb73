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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * slots from the register delta, the neighbours and the meter's same-weekday profile.
 */
@Service
public class ValidatingReadings {

    public record Summary(LocalDate day, int meters, int findings, int estimatedDays) {}

    private static final Logger log = LoggerFactory.getLogger(ValidatingReadings.class);
    static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final Readings readings;
    private final Meters meters;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ValidationRules rules = new ValidationRules(ValidationRules.Settings.DEFAULTS);
    private final Estimator estimator = new Estimator(8);

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
                "VEE for {}: {} meters, {} findings, {} days estimated",
                s.day(),
                s.meters(),
                s.findings(),
                s.estimatedDays());
    }

    public Summary run(LocalDate day) {
        List<Long> ids = meters.active().stream().map(Meters.Meter::meterId).toList();
        return run(day, ids);
    }

    public Summary run(LocalDate day, List<Long> meterIds) {
        int findings = 0;
        int estimated = 0;
        for (int i = 0; i < meterIds.size(); i += CHUNK) {
            List<Long> chunk = meterIds.subList(i, Math.min(meterIds.size(), i + CHUNK));
            int[] r = tx.execute(t -> chunk(day, chunk));
            findings += r[0];
            estimated += r[1];
        }
        return new Summary(day, meterIds.size(), findings, estimated);
    }

    private int[] chunk(LocalDate day, List<Long> ids) {
        int zeroDays = rules.settings().zeroDays();
        Map<Long, List<RegisterRead>> registers = jdbc
                .sql("""
                select * from metering.daily_register where meter_id = any(:ms) and day between :from and :to
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
            found.addAll(rules.spikes(d, recentMax.get(id)));
            rules.decreasing(previous, current).ifPresent(found::add);
            rules.zeroUse(regs).ifPresent(found::add);
            rules.sumMismatch(d, previous, current).ifPresent(found::add);
            rules.clockDrift(current).ifPresent(found::add);
        }
        int recorded = record(found, clock.instant());
        int estimated = estimate(day, toEstimate, registers, intervals);
        return new int[] {recorded, estimated};
    }

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
            IntervalDay d = intervals.getOrDefault(id, IntervalDay.empty(id, Channel.FORWARD_ACTIVE, day));
            int[] profile = profiles.get(id);
            if (delta == null && profile == null && d.count(Quality.MISSING) == IntervalDay.SLOTS) continue;
            estimates.add(estimator.estimate(d, delta, profile));
        }
        return readings.store(estimates, List.of(), ReadingSource.ESTIMATOR.code(), clock.instant())
                .intervalRows();
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
