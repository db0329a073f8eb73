package io.gridhall.metering.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.Quality;
import io.gridhall.metering.RegisterRead;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Usage analysis (INFO-3) of one meter: daily and monthly consumption from register deltas (interval
 * sums where a register is missing), the 15-minute load curve, time-of-use shares, and a comparison
 * with similar customers (same class in the same transformer area, or the branch when the area has
 * too few) as median and quartiles only, never another customer's figure.
 */
@Service
public class UsageAnalysis {

    /** Fewer peers than this and the comparison is not shown: aggregates of a handful reveal neighbours. */
    public static final int MIN_PEERS = 5;

    public record DailyUse(LocalDate day, BigDecimal kwh, String quality) {}

    /**
     * One month's use from {@code from} to {@code to} (the days its registers cover); {@code complete} when that is the
     * whole month. A month the meter joined mid-way, or the month still running, is not complete, but its figure is
     * read, not estimated: {@code quality} says only how the registers came about (ACTUAL, ESTIMATED or MISSING).
     */
    public record MonthlyUse(
            YearMonth month,
            BigDecimal kwh,
            List<BigDecimal> tariffKwh,
            String quality,
            LocalDate from,
            LocalDate to,
            boolean complete) {}

    /**
     * One 15-minute slot: kWh, and the mean load in kW (kWh x 4). A slot that has not ended yet is {@code PENDING}, not
     * missing.
     */
    public record CurvePoint(int slot, LocalTime start, BigDecimal kwh, BigDecimal kw, String quality) {}

    /** The quality of a slot that has not ended yet: nothing is expected of it. */
    public static final String PENDING = "PENDING";

    public record TouShares(
            LocalDate from,
            LocalDate to,
            BigDecimal totalKwh,
            List<BigDecimal> tariffKwh,
            List<BigDecimal> sharesPercent) {}

    public record Comparison(
            LocalDate from,
            LocalDate to,
            String customerClass,
            String peerGroup,
            int peers,
            BigDecimal kwh,
            BigDecimal median,
            BigDecimal lowerQuartile,
            BigDecimal upperQuartile,
            BigDecimal percentile) {}

    private final JdbcClient jdbc;
    private final Readings readings;
    private final Clock clock;

    /** How long a peer group's use is kept (see {@link #peerUse}). */
    static final Duration PEER_CACHE_AGE = Duration.ofMinutes(5);

    private final Cache<PeerGroup, long[]> peers = Caffeine.newBuilder()
            .maximumSize(20_000)
            .expireAfterWrite(PEER_CACHE_AGE)
            .build();

    UsageAnalysis(JdbcClient jdbc, Readings readings, Clock clock) {
        this.jdbc = jdbc;
        this.readings = readings;
        this.clock = clock;
    }

    /** How many of a day's 96 slots have ended at {@code now} (in the clock's zone): all of a past day, none of a future one. */
    public static int endedSlots(LocalDate day, Clock clock) {
        LocalDateTime now = LocalDateTime.now(clock);
        LocalDate today = now.toLocalDate();
        if (day.isBefore(today)) return IntervalDay.SLOTS;
        if (day.isAfter(today)) return 0;
        return (now.getHour() * 60 + now.getMinute()) / 15;
    }

    public int endedSlots(LocalDate day) {
        return endedSlots(day, clock);
    }

    static BigDecimal kwh(long hundredths) {
        return BigDecimal.valueOf(hundredths, 2);
    }

    @Transactional(readOnly = true)
    public List<DailyUse> daily(long meterId, LocalDate from, LocalDate to) {
        return daily(registersOf(meterId, from, to), intervalsOf(meterId, from, to), from, to);
    }

    private Map<LocalDate, RegisterRead> registersOf(long meterId, LocalDate from, LocalDate to) {
        Map<LocalDate, RegisterRead> regs = new HashMap<>();
        readings.registers(meterId, from.minusDays(1), to).forEach(r -> regs.put(r.day(), r));
        return regs;
    }

    private Map<LocalDate, IntervalDay> intervalsOf(long meterId, LocalDate from, LocalDate to) {
        Map<LocalDate, IntervalDay> intervals = new HashMap<>();
        readings.intervals(meterId, Channel.FORWARD_ACTIVE, from, to).forEach(d -> intervals.put(d.day(), d));
        return intervals;
    }

    private static List<DailyUse> daily(
            Map<LocalDate, RegisterRead> regs, Map<LocalDate, IntervalDay> intervals, LocalDate from, LocalDate to) {
        List<DailyUse> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            RegisterRead end = regs.get(d);
            RegisterRead start = regs.get(d.minusDays(1));
            IntervalDay day = intervals.get(d);
            if (end != null
                    && start != null
                    && end.total() != null
                    && start.total() != null
                    && end.total() >= start.total()) {
                boolean estimated = end.quality() != Quality.ACTUAL || start.quality() != Quality.ACTUAL;
                out.add(new DailyUse(d, kwh(end.total() - start.total()), estimated ? "ESTIMATED" : "ACTUAL"));
            } else if (day != null && day.count(Quality.MISSING) == 0) {
                boolean estimated = day.count(Quality.ACTUAL) < IntervalDay.SLOTS;
                out.add(new DailyUse(
                        d,
                        BigDecimal.valueOf(day.sum(), 4).setScale(2, RoundingMode.HALF_UP),
                        estimated ? "ESTIMATED" : "ACTUAL"));
            } else {
                out.add(new DailyUse(d, null, "MISSING"));
            }
        }
        return out;
    }

    /** The portal's usage page. */
    public record Page(
            List<DailyUse> daily,
            List<MonthlyUse> monthly,
            List<CurvePoint> loadCurve,
            Optional<TouShares> tou,
            Optional<Comparison> comparison) {}

    /**
     * Everything the portal's usage page shows, as {@link #daily}, {@link #monthly}, {@link #loadCurve}, {@link #tou}
     * and {@link #compare} give it, in one transaction and with each row read once (issue #8: the page took five
     * transactions and thirteen queries).
     */
    @Transactional(readOnly = true)
    public Page page(
            Meters.Meter meter,
            LocalDate from,
            LocalDate to,
            YearMonth firstMonth,
            YearMonth lastMonth,
            LocalDate curveDay) {
        long meterId = meter.meterId();
        Map<LocalDate, RegisterRead> regs = registersOf(meterId, from, to);
        Map<LocalDate, IntervalDay> intervals = intervalsOf(meterId, from, to);
        IntervalDay curve = !curveDay.isBefore(from) && !curveDay.isAfter(to)
                ? intervals.get(curveDay)
                : readings.interval(meterId, Channel.FORWARD_ACTIVE, curveDay).orElse(null);
        Optional<RegisterRead> start = Optional.ofNullable(regs.get(from.minusDays(1)));
        Optional<RegisterRead> end = Optional.ofNullable(regs.get(to));
        return new Page(
                daily(regs, intervals, from, to),
                monthly(meterId, firstMonth, lastMonth),
                loadCurve(curve, meterId, curveDay),
                tou(start, end, from, to),
                compare(meter, start, end, from, to));
    }

    /**
     * Each month's use: its last register minus the last register of the month before, or, for the month a meter
     * joined, minus its first register in the month (issue 8: such a month showed nothing).
     */
    @Transactional(readOnly = true)
    public List<MonthlyUse> monthly(long meterId, YearMonth from, YearMonth to) {
        Map<YearMonth, RegisterRead> first = new HashMap<>();
        Map<YearMonth, RegisterRead> last = new HashMap<>();
        firstAndLastOfEachMonth(meterId, from.minusMonths(1), to, first, last);
        List<MonthlyUse> out = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            RegisterRead end = last.get(m);
            RegisterRead start = last.get(m.minusMonths(1));
            if (start == null || start.total() == null) start = first.get(m);
            if (end == null
                    || start == null
                    || end.total() == null
                    || start.total() == null
                    || !start.day().isBefore(end.day())) {
                out.add(new MonthlyUse(m, null, List.of(), "MISSING", null, null, false));
                continue;
            }
            boolean complete = end.day().equals(m.atEndOfMonth())
                    && start.day().equals(m.minusMonths(1).atEndOfMonth());
            boolean estimated = end.quality() != Quality.ACTUAL || start.quality() != Quality.ACTUAL;
            out.add(new MonthlyUse(
                    m,
                    kwh(end.total() - start.total()),
                    tariffs(start, end),
                    estimated ? "ESTIMATED" : "ACTUAL",
                    start.day().plusDays(1),
                    end.day(),
                    complete));
        }
        return out;
    }

    /**
     * The first and the last register of each month from {@code from} to {@code to}, in one query (issue #8: the usage
     * page read the same rows twice).
     */
    private void firstAndLastOfEachMonth(
            long meterId,
            YearMonth from,
            YearMonth to,
            Map<YearMonth, RegisterRead> first,
            Map<YearMonth, RegisterRead> last) {
        jdbc.sql("""
                select * from (
                    select r.*,
                           row_number() over (partition by date_trunc('month', day) order by day) as from_start,
                           row_number() over (partition by date_trunc('month', day) order by day desc) as from_end
                    from metering.daily_register r where meter_id = :m and day between :from and :to) x
                where from_start = 1 or from_end = 1""")
                .param("m", meterId)
                .param("from", from.atDay(1))
                .param("to", to.atEndOfMonth())
                .query((rs, n) -> {
                    RegisterRead r = Readings.register(rs);
                    if (rs.getLong("from_start") == 1) first.put(YearMonth.from(r.day()), r);
                    if (rs.getLong("from_end") == 1) last.put(YearMonth.from(r.day()), r);
                    return r;
                })
                .list();
    }

    private static List<BigDecimal> tariffs(RegisterRead start, RegisterRead end) {
        Long[] s = {start.t1(), start.t2(), start.t3(), start.t4()};
        Long[] e = {end.t1(), end.t2(), end.t3(), end.t4()};
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (s[i] == null || e[i] == null) return List.of();
            out.add(kwh(e[i] - s[i]));
        }
        return out;
    }

    @Transactional(readOnly = true)
    public List<CurvePoint> loadCurve(long meterId, LocalDate day) {
        return loadCurve(readings.interval(meterId, Channel.FORWARD_ACTIVE, day).orElse(null), meterId, day);
    }

    private List<CurvePoint> loadCurve(IntervalDay read, long meterId, LocalDate day) {
        IntervalDay d = read != null ? read : IntervalDay.empty(meterId, Channel.FORWARD_ACTIVE, day);
        int ended = endedSlots(day);
        List<CurvePoint> out = new ArrayList<>(IntervalDay.SLOTS);
        for (int s = 0; s < IntervalDay.SLOTS; s++) {
            boolean missing = d.quality(s) == Quality.MISSING;
            BigDecimal e = BigDecimal.valueOf(d.value(s), 4);
            out.add(new CurvePoint(
                    s + 1,
                    LocalTime.MIDNIGHT.plusMinutes(15L * s),
                    missing ? null : e,
                    missing ? null : e.multiply(BigDecimal.valueOf(4)),
                    missing && s >= ended ? PENDING : d.quality(s).name()));
        }
        return out;
    }

    /** Shares of T1..T4 (尖峰平谷 by the province's mapping) in the forward energy of a period. */
    @Transactional(readOnly = true)
    public Optional<TouShares> tou(long meterId, LocalDate from, LocalDate to) {
        return tou(readings.register(meterId, from.minusDays(1)), readings.register(meterId, to), from, to);
    }

    private static Optional<TouShares> tou(
            Optional<RegisterRead> start, Optional<RegisterRead> end, LocalDate from, LocalDate to) {
        if (start.isEmpty() || end.isEmpty()) return Optional.empty();
        List<BigDecimal> t = tariffs(start.get(), end.get());
        if (t.isEmpty()) return Optional.empty();
        BigDecimal sum = t.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        List<BigDecimal> shares = t.stream()
                .map(v -> sum.signum() == 0
                        ? BigDecimal.ZERO.setScale(1)
                        : v.multiply(BigDecimal.valueOf(100)).divide(sum, 1, RoundingMode.HALF_UP))
                .toList();
        return Optional.of(new TouShares(from, to, sum, t, shares));
    }

    /** This meter's use of the period against similar customers; empty when too few compare. */
    @Transactional(readOnly = true)
    public Optional<Comparison> compare(Meters.Meter meter, LocalDate from, LocalDate to) {
        return compare(
                meter,
                readings.register(meter.meterId(), from.minusDays(1)),
                readings.register(meter.meterId(), to),
                from,
                to);
    }

    private Optional<Comparison> compare(
            Meters.Meter meter,
            Optional<RegisterRead> start,
            Optional<RegisterRead> end,
            LocalDate from,
            LocalDate to) {
        if (start.isEmpty()
                || end.isEmpty()
                || start.get().total() == null
                || end.get().total() == null) {
            return Optional.empty();
        }
        long mine = end.get().total() - start.get().total();
        Optional<Comparison> inArea = meter.areaId() == null
                ? Optional.empty()
                : peers(meter, "area", "area_id", meter.areaId(), from, to, mine);
        if (inArea.isPresent()) return inArea;
        return meter.branchId() == null
                ? Optional.empty()
                : peers(meter, "branch", "branch_id", meter.branchId(), from, to, mine);
    }

    /** Whose use a meter is compared with: the active meters of one class in one area or branch, over one period. */
    record PeerGroup(String column, long value, String customerClass, LocalDate from, LocalDate to) {}

    /**
     * The peers' use over the period in hundredths of a kWh, ascending. Kept for {@link #PEER_CACHE_AGE} (issue #8:
     * the percentile over the area was the dearest query of a portal request, the same for every customer of the
     * area and class): a reading stored later for that period shows in the comparison at most that much later.
     */
    private long[] peerUse(PeerGroup g) {
        return jdbc
                .sql("""
                select e.fwd_total - b.fwd_total as kwh
                from metering.meter p
                join metering.daily_register e on e.meter_id = p.meter_id and e.day = :to
                join metering.daily_register b on b.meter_id = p.meter_id and b.day = :before
                where p.active and p.%s = :value and p.customer_class is not distinct from :class
                  and e.fwd_total >= b.fwd_total
                order by 1""".formatted(g.column()))
                .param("to", g.to())
                .param("before", g.from().minusDays(1))
                .param("value", g.value())
                .param("class", g.customerClass())
                .query(Long.class)
                .list()
                .stream()
                .mapToLong(Long::longValue)
                .toArray();
    }

    /** PostgreSQL's {@code percentile_disc}: the first value whose position (1..n over n) reaches {@code num/den}. */
    static long percentileDisc(long[] sorted, int num, int den) {
        int n = sorted.length;
        int position = (int) (((long) n * num + den - 1) / den);
        return sorted[Math.max(position, 1) - 1];
    }

    /** How many of the sorted values are below {@code mine}. */
    static int below(long[] sorted, long mine) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < mine) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private Optional<Comparison> peers(
            Meters.Meter meter, String group, String column, long value, LocalDate from, LocalDate to, long mine) {
        long[] use = peers.get(new PeerGroup(column, value, meter.customerClass(), from, to), this::peerUse);
        if (use.length < MIN_PEERS) return Optional.empty();
        return Optional.of(new Comparison(
                from,
                to,
                meter.customerClass(),
                group,
                use.length,
                kwh(mine),
                kwh(percentileDisc(use, 1, 2)),
                kwh(percentileDisc(use, 1, 4)),
                kwh(percentileDisc(use, 3, 4)),
                BigDecimal.valueOf(100L * below(use, mine))
                        .divide(BigDecimal.valueOf(use.length), 1, RoundingMode.HALF_UP)));
    }
}
