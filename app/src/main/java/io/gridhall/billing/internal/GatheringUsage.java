package io.gridhall.billing.internal;

import io.gridhall.billing.internal.rating.TariffCatalogue;
import io.gridhall.billing.internal.rating.TariffSchedule;
import io.gridhall.billing.internal.rating.Usage;
import io.gridhall.billing.internal.rating.Usage.AccountFacts;
import io.gridhall.billing.internal.rating.Usage.MeterSegment;
import io.gridhall.billing.internal.rating.Usage.RegisterSnapshot;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.customer.SupplyTerms;
import io.gridhall.grid.Grid;
import io.gridhall.grid.MeterView;
import io.gridhall.grid.MeteringPointView;
import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.MeterDay;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.Quality;
import io.gridhall.metering.RegisterRead;
import io.gridhall.shared.Kwh;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link Usage} of many accounts for one period in a handful of queries: the accounts (customer), the meters
 * that metered them on some day of the period with the days they did (grid's metering points, so a meter replaced
 * inside the period gives two segments), the registers at the end of the day before each segment and at the end of
 * its last day (metering, the nearest earlier read when that day's is missing), multipliers (CT x PT), move-in, the
 * customer record's contracted capacity and demand and household size, and the tier counter so far (the account's latest bill in force before the period).
 */
@Component
class GatheringUsage {

    /** Why an account gets no bill. */
    enum Skip {
        NO_METER,
        NO_READS,
        NO_TARIFF,
        /** the engine refused the usage on the account's tariff (for example a demand tariff without demand) */
        NOT_RATABLE,
        NOT_ACTIVE,
        ALREADY_BILLED
    }

    /**
     * One account's usage, or why there is none.
     *
     * @param shiftedReads reads used from a day other than the one wanted (missing on the day)
     */
    record Gathered(
            SupplyAccountView account,
            CustomerClass customerClass,
            Usage usage,
            Skip skip,
            List<String> shiftedReads) {}

    private final Customers customers;
    private final Grid grid;
    private final MeterReadings readings;
    private final JdbcClient jdbc;
    private final BillingSettings settings;
    private final TariffCatalogue tariffs;

    GatheringUsage(
            Customers customers,
            Grid grid,
            MeterReadings readings,
            JdbcClient jdbc,
            BillingSettings settings,
            TariffCatalogue tariffs) {
        this.customers = customers;
        this.grid = grid;
        this.readings = readings;
        this.jdbc = jdbc;
        this.settings = settings;
        this.tariffs = tariffs;
    }

    private record Segment(MeteringPointView point, LocalDate start, LocalDate end) {}

    /** The usage of each account over {@code from..to}, in the order of the ids; unknown accounts are left out. */
    List<Gathered> gather(Collection<Long> accountIds, LocalDate from, LocalDate to) {
        List<SupplyAccountView> accounts = customers.accounts(accountIds);
        Map<Long, CustomerClass> classes = new HashMap<>();
        accounts.forEach(a -> classes.put(a.id(), a.customerClass()));
        Map<Long, List<MeteringPointView>> points = grid.meteringPoints(accountIds, from, to);

        Map<Long, List<Segment>> segments = new LinkedHashMap<>();
        Set<MeterDay> starts = new HashSet<>();
        Set<MeterDay> ends = new HashSet<>();
        for (SupplyAccountView a : accounts) {
            LocalDate first = a.openedOn().isAfter(from) ? a.openedOn() : from;
            List<Segment> list = new ArrayList<>();
            for (MeteringPointView p : points.getOrDefault(a.id(), List.of())) {
                LocalDate start = p.validFrom() != null && p.validFrom().isAfter(first) ? p.validFrom() : first;
                LocalDate end = p.validTo() != null && p.validTo().isBefore(to) ? p.validTo() : to;
                if (start.isAfter(end)) continue;
                list.add(new Segment(p, start, end));
                starts.add(new MeterDay(p.meter().id(), start.minusDays(1)));
                ends.add(new MeterDay(p.meter().id(), end));
            }
            segments.put(a.id(), list);
        }
        int back = settings.reads().daysBefore();
        // a new meter may have no read before its first day: its first read of that day is its start
        Map<MeterDay, RegisterRead> startReads = readings.registersNear(starts, back, 1);
        Map<MeterDay, RegisterRead> endReads = readings.registersNear(ends, back, 0);
        // demand tariffs (two-part) need each meter's maximum demand: one query for the chunk's meters
        Set<Long> demandMeters = new HashSet<>();
        for (SupplyAccountView a : accounts) {
            if (!a.tariffCategory().contains("TWO_PART")) continue;
            segments.get(a.id()).forEach(s -> demandMeters.add(s.point().meter().id()));
        }
        Map<Long, java.math.BigDecimal> demand = readings.maxDemandKw(demandMeters, from, to);
        // tariffs with a time-of-use schedule rate from 15-minute intervals where the meter has them: one query
        Map<String, Boolean> scheduled = new HashMap<>();
        Set<Long> intervalMeters = new HashSet<>();
        for (SupplyAccountView a : accounts) {
            boolean s = scheduled.computeIfAbsent(
                    a.tariffCategory(),
                    c -> tariffs.schedule(c, from, to)
                            .map(TariffSchedule::versions)
                            .map(vs -> vs.stream().anyMatch(v -> v.energy().schedule() != null))
                            .orElse(false));
            if (s)
                segments.get(a.id())
                        .forEach(x -> intervalMeters.add(x.point().meter().id()));
        }
        Map<Long, List<IntervalDay>> intervals = readings.intervals(intervalMeters, Channel.FORWARD_ACTIVE, from, to);
        Map<Long, LocalDate> tierYears = new HashMap<>();
        accounts.forEach(a -> tierYears.put(a.id(), tierYearStart(a, from)));
        Map<Long, Kwh> counted = tierCounted(tierYears, from);
        Map<Long, SupplyTerms> terms = customers.supplyTerms(accountIds);

        List<Gathered> result = new ArrayList<>(accounts.size());
        for (SupplyAccountView a : accounts) {
            CustomerClass cls = classes.get(a.id());
            if (a.openedOn().isAfter(to) || "CLOSED".equals(a.status())) {
                result.add(new Gathered(a, cls, null, Skip.NOT_ACTIVE, List.of()));
                continue;
            }
            List<Segment> list = segments.get(a.id());
            if (list.isEmpty()) {
                result.add(new Gathered(a, cls, null, Skip.NO_METER, List.of()));
                continue;
            }
            List<MeterSegment> meters = new ArrayList<>();
            List<String> shifted = new ArrayList<>();
            boolean complete = true;
            for (Segment s : list) {
                MeterView m = s.point().meter();
                MeterDay wantedStart = new MeterDay(m.id(), s.start().minusDays(1));
                MeterDay wantedEnd = new MeterDay(m.id(), s.end());
                RegisterRead start = startReads.get(wantedStart);
                RegisterRead end = endReads.get(wantedEnd);
                if (start == null
                        || end == null
                        || start.total() == null
                        || end.total() == null
                        || !end.day().isAfter(start.day())) {
                    complete = false;
                    break;
                }
                if (!start.day().equals(wantedStart.day())) shifted.add(m.assetNumber() + "@" + start.day());
                if (!end.day().equals(wantedEnd.day())) shifted.add(m.assetNumber() + "@" + end.day());
                int multiplier = m.ctRatio() * m.ptRatio();
                java.math.BigDecimal maxDemand = demand.get(m.id());
                meters.add(new MeterSegment(
                        m.id(),
                        m.assetNumber(),
                        multiplier,
                        snapshot(start),
                        snapshot(end),
                        maxDemand == null ? null : maxDemand.multiply(java.math.BigDecimal.valueOf(multiplier)),
                        MeterSegment.MAIN,
                        complete(intervals.getOrDefault(m.id(), List.of()), start.day(), end.day())));
            }
            if (!complete) {
                result.add(new Gathered(a, cls, null, Skip.NO_READS, List.of()));
                continue;
            }
            LocalDate first = a.openedOn().isAfter(from) ? a.openedOn() : from;
            SupplyTerms t = terms.get(a.id());
            AccountFacts facts = new AccountFacts(
                    a.id(),
                    a.tariffCategory(),
                    tierYears.get(a.id()),
                    counted.getOrDefault(a.id(), Kwh.ZERO),
                    persons(t),
                    t == null || t.contractedKva() == null ? null : java.math.BigDecimal.valueOf(t.contractedKva()),
                    t == null || t.contractedDemandKw() == null
                            ? null
                            : java.math.BigDecimal.valueOf(t.contractedDemandKw()),
                    List.of(),
                    a.openedOn().isAfter(from) && !a.openedOn().isAfter(to) ? a.openedOn() : null);
            result.add(new Gathered(a, cls, new Usage(first, to, meters, facts), null, shifted));
        }
        return result;
    }

    /**
     * The interval days after {@code startDay} up to {@code endDay} with every quarter hour known, as the rating engine
     * takes them; a day with a MISSING slot is left out, so the engine rates that piece from the registers.
     */
    static List<Usage.DayIntervals> complete(List<IntervalDay> days, LocalDate startDay, LocalDate endDay) {
        List<Usage.DayIntervals> out = new ArrayList<>();
        for (IntervalDay d : days) {
            if (!d.day().isAfter(startDay) || d.day().isAfter(endDay) || d.count(Quality.MISSING) > 0) continue;
            String quality =
                    d.count(Quality.ESTIMATED) > 0 ? "ESTIMATED" : d.count(Quality.EDITED) > 0 ? "EDITED" : "ACTUAL";
            out.add(new Usage.DayIntervals(d.day(), d.values(), quality));
        }
        return out;
    }

    /** The household size the customer record gives, 0 (unknown: the normal quotas) when it gives none. */
    static int persons(SupplyTerms terms) {
        return terms == null || terms.householdSize() == null ? 0 : terms.householdSize();
    }

    private static RegisterSnapshot snapshot(RegisterRead r) {
        return new RegisterSnapshot(
                r.day(),
                r.total(),
                r.t1(),
                r.t2(),
                r.t3(),
                r.t4(),
                r.reactive1(),
                r.reactive2(),
                r.quality().name());
    }

    /** The first day of the account's tier year that {@code day} falls in. */
    LocalDate tierYearStart(SupplyAccountView account, LocalDate day) {
        if (settings.tierYear() == BillingSettings.TierYear.CALENDAR) return day.withDayOfYear(1);
        MonthDay anniversary = MonthDay.from(account.openedOn());
        LocalDate thisYear = anniversary.atYear(day.getYear());
        return thisYear.isAfter(day) ? anniversary.atYear(day.getYear() - 1) : thisYear;
    }

    /**
     * What each account's latest bill in force before {@code from} counted in the same tier year (0 when it is the
     * first bill of the tier year).
     */
    private Map<Long, Kwh> tierCounted(Map<Long, LocalDate> tierYears, LocalDate from) {
        Map<Long, Kwh> counted = new HashMap<>();
        if (tierYears.isEmpty()) return counted;
        jdbc.sql("""
                        select distinct on (supply_account_id) supply_account_id, tier_year_start, tier_used_after
                          from billing.bill
                         where supply_account_id = any(:ids) and period_to < :from and type <> 'REVERSAL'
                           and status in ('PENDING_AUDIT', 'AUDIT_PASSED', 'HELD', 'ISSUED')
                         order by supply_account_id, period_to desc, id desc""")
                .param("ids", tierYears.keySet().toArray(Long[]::new))
                .param("from", from)
                .query(rs -> {
                    long account = rs.getLong(1);
                    LocalDate year = rs.getObject(2, LocalDate.class);
                    if (year != null && year.equals(tierYears.get(account)) && rs.getBigDecimal(3) != null) {
                        counted.put(account, new Kwh(rs.getBigDecimal(3)));
                    }
                });
        return counted;
    }
}
