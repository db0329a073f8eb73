package io.gridhall.billing.internal.rating;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.LineExplanation;
import io.gridhall.billing.LineSource;
import io.gridhall.billing.internal.rating.TariffVersion.BasicBasis;
import io.gridhall.billing.internal.rating.TariffVersion.BasicCharge;
import io.gridhall.billing.internal.rating.TariffVersion.Fund;
import io.gridhall.billing.internal.rating.TariffVersion.PfBase;
import io.gridhall.billing.internal.rating.TariffVersion.PowerFactorRule;
import io.gridhall.billing.internal.rating.TariffVersion.TierCycle;
import io.gridhall.billing.internal.rating.TariffVersion.Tiers;
import io.gridhall.billing.internal.rating.Usage.AccountFacts;
import io.gridhall.billing.internal.rating.Usage.CapacityChange;
import io.gridhall.billing.internal.rating.Usage.MeterSegment;
import io.gridhall.billing.internal.rating.Usage.RegisterSnapshot;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import io.gridhall.shared.Rate;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Rates one account's usage over one period against a tariff schedule: pure (no Spring, no clock, no locale) and
 * deterministic. The billing run calls it per account and month, the prepaid daily settlement per account and day,
 * a what-if quote with usage it was given.
 *
 * <p>The period is cut into pieces wherever a tariff version, a tier cycle or a price season changes; each meter
 * segment's energy is spread over the pieces it covers by days (the last piece takes what truncation left, so the
 * pieces add up exactly). Each piece gives its lines; the power-factor adjustment, computed from the whole period's
 * active and reactive energy, comes last. Each line rounds once, to the fen, with the version's rounding mode.
 */
public final class RatingEngine {

    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    static final MathContext PRECISE = MathContext.DECIMAL128;

    /**
     * The tier cycle that {@code day} falls in for an account and its limits, prorated as a bill of that cycle would
     * prorate them (move-in, move-out, a version change): for tier progress and reminders. Empty when the tariff in
     * force on {@code day} has no tiers.
     *
     * @param prices per tier, the energy price with the tier's increment (the FLAT price for time of use)
     */
    public record TierLimits(
            TariffVersion version,
            TierCycle cycle,
            LocalDate from,
            LocalDate to,
            List<BigDecimal> limits,
            List<Rate> prices) {}

    public java.util.Optional<TierLimits> tierLimits(TariffSchedule tariff, AccountFacts account, LocalDate day) {
        TariffVersion v = tariff.versionOn(day);
        Tiers tiers = v.tiers();
        if (tiers == null) return java.util.Optional.empty();
        Rating rating = new Rating(tariff, new Usage(day, day, List.of(), account));
        LocalDate[] cycle = rating.cycle(day, tiers.cycle());
        List<BigDecimal> limits =
                rating.limits(cycle[0], cycle[1], tiers.cycle()).values();
        Rate base = v.energy().timeOfUse()
                ? v.energy().price(TouPeriod.FLAT, day.getMonth())
                : v.energy().price();
        List<Rate> prices = new ArrayList<>();
        prices.add(base);
        for (int k = 2; k <= tiers.count(); k++) prices.add(base.plus(tiers.increment(k, null)));
        return java.util.Optional.of(new TierLimits(v, tiers.cycle(), cycle[0], cycle[1], limits, prices));
    }

    public RatedBill rate(TariffSchedule tariff, Usage usage) {
        return new Rating(tariff, usage).run();
    }

    /** A stretch of the period with one version, one tier cycle and one price season. */
    record Piece(LocalDate from, LocalDate to, TariffVersion version) {

        long days() {
            return ChronoUnit.DAYS.between(from, to) + 1;
        }
    }

    /** A segment's energy in one piece, per register, after the multiplier; how it was computed, for the formula. */
    record Share(MeterSegment segment, Map<String, BigDecimal> kwh, long days, long ofDays) {}

    private static final class Rating {

        final TariffSchedule schedule;
        final Usage usage;
        final AccountFacts account;
        final List<BillLineView> lines = new ArrayList<>();
        final Map<Piece, List<Share>> shares = new LinkedHashMap<>();
        /** Pieces whose periods came from 15-minute intervals, with what the intervals gave. */
        final Map<Piece, IntervalTally> tallies = new LinkedHashMap<>();

        BigDecimal tierCounter;
        LocalDate tierCycleStart;
        /** Meters (asset numbers) of a demand tariff without a maximum demand. */
        final java.util.Set<String> noDemand = new java.util.LinkedHashSet<>();
        /** Years of intervals classified without a holiday calendar by a schedule that tells days apart. */
        final java.util.Set<Integer> noCalendar = new TreeSet<>();

        final java.util.Set<String> noCalendarSchedules = new TreeSet<>();

        Rating(TariffSchedule schedule, Usage usage) {
            this.schedule = schedule;
            this.usage = usage;
            this.account = usage.account();
        }

        RatedBill run() {
            for (MeterSegment s : usage.meters()) {
                if (s.firstDay().isBefore(usage.from()) || s.lastDay().isAfter(usage.to()))
                    throw new RatingException("meter " + s.assetNumber() + "'s segment " + s.firstDay() + ".."
                            + s.lastDay() + " lies outside the period " + usage.from() + ".." + usage.to());
            }
            List<Piece> pieces = pieces();
            for (Piece p : pieces) shares.put(p, new ArrayList<>());
            for (MeterSegment s : usage.meters()) spread(s, pieces);
            tierCounter = account.tierUsedBefore() == null
                    ? BigDecimal.ZERO
                    : account.tierUsedBefore().value();
            BigDecimal energy = BigDecimal.ZERO;
            Map<PfBase, Money> base = new EnumMap<>(PfBase.class);
            for (Piece p : pieces) energy = energy.add(piece(p, base));
            powerFactor(pieces.getLast().version(), base);
            Money total = Money.ZERO;
            for (BillLineView l : lines) total = total.plus(l.amount());
            TariffVersion first = pieces.getFirst().version();
            TariffVersion last = pieces.getLast().version();
            BigDecimal vat = last.vatPercent();
            Money vatIncluded = new Money(BigDecimal.valueOf(total.fen())
                    .multiply(vat)
                    .divide(HUNDRED.add(vat), 0, RoundingMode.HALF_UP)
                    .longValueExact());
            boolean tiered = pieces.stream().anyMatch(p -> p.version().tiers() != null);
            boolean estimated = usage.meters().stream().anyMatch(MeterSegment::estimated);
            return new RatedBill(
                    schedule.tariffId(),
                    first.version(),
                    numbered(),
                    total,
                    new Kwh(energy),
                    tiered ? new Kwh(tierCounter) : Kwh.ZERO,
                    estimated,
                    vatIncluded,
                    gaps());
        }

        /** The gaps found while rating, one per kind. */
        List<RatedBill.Gap> gaps() {
            List<RatedBill.Gap> out = new ArrayList<>();
            if (!noDemand.isEmpty())
                out.add(new RatedBill.Gap(
                        RatedBill.Gap.Kind.NO_MAXIMUM_DEMAND,
                        "no maximum demand from meter " + String.join(", ", noDemand)
                                + ": the basic charge counts 0 kW until the maxima are read"));
            if (!noCalendar.isEmpty())
                out.add(new RatedBill.Gap(
                        RatedBill.Gap.Kind.NO_HOLIDAY_CALENDAR,
                        "no approved holiday calendar for " + noCalendar + ": schedule "
                                + String.join(", ", noCalendarSchedules)
                                + " prices holidays apart, their days were counted as workdays or weekends"));
            return out;
        }

        List<BillLineView> numbered() {
            List<BillLineView> out = new ArrayList<>();
            for (BillLineView l : lines)
                out.add(new BillLineView(
                        out.size() + 1, l.code(), l.quantity(), l.unit(), l.price(), l.amount(), l.explanation()));
            return out;
        }

        // --- pieces

        List<Piece> pieces() {
            TreeSet<LocalDate> starts = new TreeSet<>();
            starts.add(usage.from());
            for (TariffVersion v : schedule.versions())
                if (v.effectiveFrom().isAfter(usage.from())
                        && !v.effectiveFrom().isAfter(usage.to())) starts.add(v.effectiveFrom());
            for (LocalDate d = usage.from().withDayOfMonth(1).plusMonths(1);
                    !d.isAfter(usage.to());
                    d = d.plusMonths(1)) {
                TariffVersion v = schedule.versionOn(d);
                boolean monthly = v.tiers() != null && v.tiers().cycle() == TierCycle.MONTHLY;
                if (monthly || !v.energy().seasons().isEmpty()) starts.add(d);
            }
            for (LocalDate d : List.copyOf(starts)) {
                TariffVersion v = schedule.versionOn(d);
                if (v.tiers() != null && v.tiers().cycle() == TierCycle.ANNUAL) {
                    LocalDate next = annualCycleStart(d).plusYears(1);
                    while (!next.isAfter(usage.to())) {
                        starts.add(next);
                        next = next.plusYears(1);
                    }
                }
            }
            List<Piece> out = new ArrayList<>();
            List<LocalDate> list = List.copyOf(starts);
            for (int i = 0; i < list.size(); i++) {
                LocalDate end = i + 1 < list.size() ? list.get(i + 1).minusDays(1) : usage.to();
                out.add(new Piece(list.get(i), end, schedule.versionOn(list.get(i))));
            }
            return out;
        }

        LocalDate annualCycleStart(LocalDate day) {
            LocalDate anchor =
                    account.tierYearStart() == null ? LocalDate.of(day.getYear(), 1, 1) : account.tierYearStart();
            LocalDate start = anchor.plusYears(day.getYear() - anchor.getYear());
            if (start.isAfter(day)) start = anchor.plusYears(day.getYear() - anchor.getYear() - 1);
            return start;
        }

        /** Spreads a segment's energy over the pieces it covers by days; the last piece takes the remainder. */
        void spread(MeterSegment s, List<Piece> pieces) {
            Map<String, BigDecimal> kwh = new LinkedHashMap<>();
            register(kwh, s, "TOTAL", RegisterSnapshot::total);
            register(kwh, s, "T1", RegisterSnapshot::t1);
            register(kwh, s, "T2", RegisterSnapshot::t2);
            register(kwh, s, "T3", RegisterSnapshot::t3);
            register(kwh, s, "T4", RegisterSnapshot::t4);
            register(kwh, s, "REACTIVE1", RegisterSnapshot::reactive1);
            register(kwh, s, "REACTIVE2", RegisterSnapshot::reactive2);
            long segmentDays = ChronoUnit.DAYS.between(s.firstDay(), s.lastDay()) + 1;
            List<Piece> covered = pieces.stream()
                    .filter(p -> !p.to().isBefore(s.firstDay()) && !p.from().isAfter(s.lastDay()))
                    .toList();
            Map<String, BigDecimal> given = new LinkedHashMap<>();
            for (int i = 0; i < covered.size(); i++) {
                Piece p = covered.get(i);
                LocalDate a = p.from().isAfter(s.firstDay()) ? p.from() : s.firstDay();
                LocalDate b = p.to().isBefore(s.lastDay()) ? p.to() : s.lastDay();
                long days = ChronoUnit.DAYS.between(a, b) + 1;
                Map<String, BigDecimal> part = new LinkedHashMap<>();
                for (var e : kwh.entrySet()) {
                    BigDecimal q = i == covered.size() - 1
                            ? e.getValue().subtract(given.getOrDefault(e.getKey(), BigDecimal.ZERO))
                            : e.getValue()
                                    .multiply(BigDecimal.valueOf(days))
                                    .divide(BigDecimal.valueOf(segmentDays), Kwh.SCALE, RoundingMode.DOWN);
                    given.merge(e.getKey(), q, BigDecimal::add);
                    part.put(e.getKey(), q);
                }
                shares.get(p).add(new Share(s, part, days, segmentDays));
            }
        }

        static void register(
                Map<String, BigDecimal> kwh,
                MeterSegment s,
                String name,
                java.util.function.Function<RegisterSnapshot, Long> get) {
            Long a = get.apply(s.start());
            Long b = get.apply(s.end());
            if (a == null || b == null) return;
            if (b < a)
                throw new RatingException("register " + name + " of meter " + s.assetNumber() + " went backwards from "
                        + s.start().day() + " to " + s.end().day());
            kwh.put(
                    name,
                    BigDecimal.valueOf(Math.multiplyExact(b - a, (long) s.multiplier()), 2)
                            .setScale(Kwh.SCALE, RoundingMode.UNNECESSARY));
        }

        // --- one piece

        BigDecimal sum(Piece p, String purpose, String register) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Share sh : shares.get(p))
                if (sh.segment().purpose().equals(purpose)) {
                    BigDecimal q = sh.kwh().get(register);
                    if (q == null && !register.startsWith("REACTIVE"))
                        throw new RatingException("meter " + sh.segment().assetNumber() + " has no register " + register
                                + ", which tariff " + p.version().tariffId() + " needs");
                    if (q != null) sum = sum.add(q);
                }
            return sum;
        }

        /** Rates one piece; returns its energy (main meters, before deductions). */
        BigDecimal piece(Piece p, Map<PfBase, Money> base) {
            TariffVersion v = p.version();
            BigDecimal energy = sum(p, MeterSegment.MAIN, "TOTAL");
            String energyFormula = energyFormula(p, "TOTAL", energy);
            // lighting
            BigDecimal lighting = BigDecimal.ZERO;
            String lightingFormula = null;
            if (v.lighting() != null) {
                boolean metered = shares.get(p).stream()
                        .anyMatch(sh -> sh.segment().purpose().equals(MeterSegment.LIGHTING));
                if (metered) {
                    lighting = sum(p, MeterSegment.LIGHTING, "TOTAL");
                    lightingFormula = "lighting sub-meters " + energyFormula(p, MeterSegment.LIGHTING, lighting);
                } else if (v.lighting().fixedKwhPerMonth() != null) {
                    Fraction months = monthFraction(p, d -> BigDecimal.ONE);
                    lighting = v.lighting()
                            .fixedKwhPerMonth()
                            .multiply(months.num())
                            .divide(BigDecimal.valueOf(months.den()), Kwh.SCALE, RoundingMode.HALF_UP);
                    lightingFormula = "fixed " + plain(v.lighting().fixedKwhPerMonth()) + " kWh/month × "
                            + months.text() + " = " + plain(lighting) + " kWh";
                } else if (v.lighting().fixedPercent() != null) {
                    lighting = energy.multiply(v.lighting().fixedPercent())
                            .divide(HUNDRED, Kwh.SCALE, RoundingMode.HALF_UP);
                    lightingFormula = "fixed " + plain(v.lighting().fixedPercent()) + "% × " + plain(energy) + " kWh = "
                            + plain(lighting) + " kWh";
                }
                if (lighting.compareTo(energy) > 0) {
                    lightingFormula += ", capped at the energy " + plain(energy) + " kWh";
                    lighting = energy;
                }
            }
            BigDecimal power = energy.subtract(lighting);
            List<LineSource> mainSources = sources(p, MeterSegment.MAIN, List.of("TOTAL"));
            // energy lines
            Map<TouPeriod, BigDecimal> periods = v.energy().timeOfUse() ? periods(p, energy, lighting) : Map.of();
            IntervalTally tally = tallies.get(p);
            if (v.energy().timeOfUse() && tally != null) {
                for (var e : periods.entrySet()) {
                    TouPeriod tp = e.getKey();
                    add(
                            base,
                            PfBase.ENERGY,
                            line(
                                    p,
                                    "TOU_" + tp,
                                    e.getValue(),
                                    "KWH",
                                    v.energy().price(tp, p.from().getMonth()),
                                    tally.how(tp)
                                            + (lighting.signum() > 0 ? " less its share of lighting" : "")
                                            + "; "
                                            + energyFormula,
                                    tally.sources(tp, sources(p, MeterSegment.MAIN, List.of("TOTAL")))));
                }
            } else if (v.energy().timeOfUse()) {
                for (var e : periods.entrySet()) {
                    TouPeriod tp = e.getKey();
                    Rate price = v.energy().price(tp, p.from().getMonth());
                    String register = registerOf(v, tp);
                    String how = register == null ? tp + " = total − other periods" : tp + " = register " + register;
                    add(
                            base,
                            PfBase.ENERGY,
                            line(
                                    p,
                                    "TOU_" + tp,
                                    e.getValue(),
                                    "KWH",
                                    price,
                                    how + (lighting.signum() > 0 ? " less its share of lighting" : "") + "; "
                                            + energyFormula(p, register == null ? "TOTAL" : register, null),
                                    sources(
                                            p,
                                            MeterSegment.MAIN,
                                            register == null ? registersOf(v) : List.of(register))));
                }
            }
            if (v.tiers() != null) tiers(p, energy, periods, energyFormula, mainSources, base);
            else if (!v.energy().timeOfUse())
                add(
                        base,
                        PfBase.ENERGY,
                        line(
                                p,
                                "ENERGY",
                                power,
                                "KWH",
                                v.energy().price(),
                                energyFormula
                                        + (lighting.signum() > 0 ? " − lighting " + plain(lighting) + " kWh" : ""),
                                mainSources));
            if (v.lighting() != null && lighting.signum() > 0)
                add(
                        base,
                        PfBase.LIGHTING,
                        line(
                                p,
                                "LIGHTING",
                                lighting,
                                "KWH",
                                v.lighting().rate(),
                                lightingFormula,
                                sources(p, MeterSegment.LIGHTING, List.of("TOTAL"))));
            if (v.basic() != null) basic(p, v.basic(), base);
            for (Fund f : v.funds())
                add(
                        base,
                        PfBase.FUNDS,
                        line(
                                p,
                                "FUND_" + f.code(),
                                energy,
                                "KWH",
                                f.rate(),
                                f.name() + " on all energy; " + energyFormula,
                                mainSources));
            return energy;
        }

        static void add(Map<PfBase, Money> base, PfBase kind, BillLineView line) {
            if (line != null) base.merge(kind, line.amount(), Money::plus);
        }

        String registerOf(TariffVersion v, TouPeriod tp) {
            if (tp == v.energy().remainder()) return null;
            for (var e : v.energy().registers().entrySet()) if (e.getValue() == tp) return e.getKey();
            return null;
        }

        List<String> registersOf(TariffVersion v) {
            List<String> out = new ArrayList<>();
            out.add("TOTAL");
            for (TouPeriod tp : v.energy().periods().keySet()) {
                String r = registerOf(v, tp);
                if (r != null) out.add(r);
            }
            return out;
        }

        /** Period quantities after lighting: the register periods, the remainder, lighting deducted by shares. */
        Map<TouPeriod, BigDecimal> periods(Piece p, BigDecimal energy, BigDecimal lighting) {
            Map<TouPeriod, BigDecimal> q = fromIntervals(p, energy);
            if (q == null) q = fromRegisters(p, energy);
            if (lighting.signum() > 0) return split(lighting, q, energy, true);
            return q;
        }

        /**
         * The piece's energy shared between the periods as the main meters' 15-minute intervals, classified by the
         * tariff's schedule (season, day type with holidays, time of day), share it; null when the tariff has no
         * schedule or a day of the piece lacks a meter's intervals (the registers count then).
         */
        Map<TouPeriod, BigDecimal> fromIntervals(Piece p, BigDecimal energy) {
            TouSchedule schedule = p.version().energy().schedule();
            if (schedule == null) return null;
            IntervalTally tally = new IntervalTally(schedule);
            for (Share sh : shares.get(p)) {
                MeterSegment m = sh.segment();
                if (!m.purpose().equals(MeterSegment.MAIN)) continue;
                Map<LocalDate, Usage.DayIntervals> byDay = new java.util.HashMap<>();
                for (Usage.DayIntervals d : m.intervals()) byDay.put(d.day(), d);
                LocalDate a = p.from().isAfter(m.firstDay()) ? p.from() : m.firstDay();
                LocalDate b = p.to().isBefore(m.lastDay()) ? p.to() : m.lastDay();
                for (LocalDate d = a; !d.isAfter(b); d = d.plusDays(1)) {
                    Usage.DayIntervals day = byDay.get(d);
                    if (day == null) return null;
                    tally.add(m, day, a);
                }
            }
            BigDecimal whole = tally.whole();
            if (whole.signum() == 0) return null;
            Map<TouPeriod, BigDecimal> weights = new EnumMap<>(TouPeriod.class);
            for (TouPeriod tp : p.version().energy().periods().keySet()) weights.put(tp, tally.kwh(tp));
            tally.share(energy, whole);
            tallies.put(p, tally);
            if (!tally.unknownYears.isEmpty() && schedule.distinguishesDays()) {
                noCalendar.addAll(tally.unknownYears);
                noCalendarSchedules.add(schedule.id());
            }
            return split(energy, weights, whole, false);
        }

        /** The register periods and the remainder. */
        Map<TouPeriod, BigDecimal> fromRegisters(Piece p, BigDecimal energy) {
            TariffVersion v = p.version();
            Map<TouPeriod, BigDecimal> q = new EnumMap<>(TouPeriod.class);
            BigDecimal counted = BigDecimal.ZERO;
            for (TouPeriod tp : v.energy().periods().keySet()) {
                String r = registerOf(v, tp);
                if (r == null) continue;
                BigDecimal x = sum(p, MeterSegment.MAIN, r);
                q.put(tp, x);
                counted = counted.add(x);
            }
            BigDecimal rest = energy.subtract(counted);
            if (rest.signum() < 0)
                throw new RatingException("the time-of-use registers add up to " + plain(counted)
                        + " kWh, more than the total " + plain(energy) + " kWh, from " + p.from() + " to " + p.to());
            q.put(v.energy().remainder(), rest);
            return q;
        }

        /**
         * Splits {@code amount} over the keys in proportion to {@code weights} (summing to {@code whole}); the last
         * key with weight takes what truncation left. With {@code subtract}, returns weights less their share.
         */
        static <K> Map<K, BigDecimal> split(
                BigDecimal amount, Map<K, BigDecimal> weights, BigDecimal whole, boolean subtract) {
            Map<K, BigDecimal> out = new LinkedHashMap<>();
            K lastKey = null;
            for (var e : weights.entrySet()) if (e.getValue().signum() > 0) lastKey = e.getKey();
            BigDecimal given = BigDecimal.ZERO;
            for (var e : weights.entrySet()) {
                BigDecimal share;
                if (whole.signum() == 0 || e.getValue().signum() == 0) share = BigDecimal.ZERO;
                else if (e.getKey().equals(lastKey)) share = amount.subtract(given);
                else share = amount.multiply(e.getValue()).divide(whole, Kwh.SCALE, RoundingMode.DOWN);
                given = given.add(share);
                out.put(e.getKey(), subtract ? e.getValue().subtract(share) : share);
            }
            return out;
        }

        // --- tiers

        void tiers(
                Piece p,
                BigDecimal energy,
                Map<TouPeriod, BigDecimal> periods,
                String energyFormula,
                List<LineSource> sources,
                Map<PfBase, Money> base) {
            TariffVersion v = p.version();
            Tiers tiers = v.tiers();
            LocalDate[] cycle = cycle(p.from(), tiers.cycle());
            if (!cycle[0].equals(tierCycleStart)) {
                if (tierCycleStart != null) tierCounter = BigDecimal.ZERO;
                tierCycleStart = cycle[0];
            }
            Limits limits = limits(cycle[0], cycle[1], tiers.cycle());
            BigDecimal before = tierCounter;
            BigDecimal after = before.add(energy);
            BigDecimal lower = BigDecimal.ZERO;
            String counted = "tier " + (tiers.cycle() == TierCycle.ANNUAL ? "year " : "month ") + cycle[0] + ".."
                    + cycle[1] + ", counted before " + plain(before) + " kWh";
            for (int k = 1; k <= tiers.count(); k++) {
                BigDecimal upper = k <= limits.values().size() ? limits.values().get(k - 1) : null;
                BigDecimal from = before.max(lower);
                BigDecimal to = upper == null ? after : after.min(upper);
                BigDecimal q = to.subtract(from).max(BigDecimal.ZERO);
                String range = "tier " + k + " "
                        + (upper == null ? "above " + plain(lower) : plain(lower) + "–" + plain(upper)) + " kWh"
                        + (limits.prorated() ? prorations(limits, k) : "");
                if (!v.energy().timeOfUse()) {
                    Rate price =
                            k == 1 ? v.energy().price() : v.energy().price().plus(tiers.increment(k, null));
                    add(
                            base,
                            PfBase.ENERGY,
                            line(
                                    p,
                                    "ENERGY_TIER" + k,
                                    q,
                                    "KWH",
                                    price,
                                    energyFormula + "; " + counted + "; " + range,
                                    sources));
                } else if (k > 1 && !tiers.incrementsDifferByPeriod()) {
                    add(
                            base,
                            PfBase.ENERGY,
                            line(
                                    p,
                                    "TIER_INCREMENT_" + k,
                                    q,
                                    "KWH",
                                    tiers.increment(k, null),
                                    "先分时后阶梯: " + energyFormula + "; " + counted + "; " + range,
                                    sources));
                } else if (k > 1) {
                    Map<TouPeriod, BigDecimal> byPeriod = split(q, periods, energy, false);
                    for (var e : byPeriod.entrySet())
                        add(
                                base,
                                PfBase.ENERGY,
                                line(
                                        p,
                                        "TIER_INCREMENT_" + k + "_" + e.getKey(),
                                        e.getValue(),
                                        "KWH",
                                        tiers.increment(k, e.getKey()),
                                        "先分时后阶梯: " + range + " × " + e.getKey() + " share "
                                                + plain(periods.get(e.getKey())) + "/" + plain(energy) + " kWh; "
                                                + counted,
                                        sources));
                }
                if (upper != null) lower = upper;
            }
            tierCounter = after;
        }

        /** The prorated limits that bound tier {@code k}: the one below it and the one above it. */
        static String prorations(Limits limits, int k) {
            List<String> used = new ArrayList<>();
            if (k >= 2) used.add(limits.formulas().get(k - 2));
            if (k <= limits.formulas().size()) used.add(limits.formulas().get(k - 1));
            return " (" + String.join(", ", used) + ")";
        }

        LocalDate[] cycle(LocalDate day, TierCycle cycle) {
            if (cycle == TierCycle.MONTHLY) {
                LocalDate start = day.withDayOfMonth(1);
                return new LocalDate[] {start, start.plusMonths(1).minusDays(1)};
            }
            LocalDate start = annualCycleStart(day);
            return new LocalDate[] {start, start.plusYears(1).minusDays(1)};
        }

        record Limits(List<BigDecimal> values, boolean prorated, List<String> formulas) {}

        /**
         * The cycle's tier limits: each day on the tariff contributes its version's (and season's) threshold divided
         * by the cycle's length; a whole cycle on one version gives the threshold itself. Prorated limits round half
         * up to whole kWh.
         */
        Limits limits(LocalDate cycleStart, LocalDate cycleEnd, TierCycle cycle) {
            long length = ChronoUnit.DAYS.between(cycleStart, cycleEnd) + 1;
            LocalDate a = cycleStart;
            LocalDate b = cycleEnd;
            if (account.movedInOn() != null && account.movedInOn().isAfter(a)) a = account.movedInOn();
            if (account.movedOutOn() != null && account.movedOutOn().isBefore(b)) b = account.movedOutOn();
            int n = schedule.versionOn(cycleStart).tiers().thresholds().size();
            BigDecimal[] sums = new BigDecimal[n];
            java.util.Arrays.fill(sums, BigDecimal.ZERO);
            List<StringBuilder> texts = new ArrayList<>();
            for (int k = 0; k < n; k++) texts.add(new StringBuilder());
            boolean whole = a.equals(cycleStart) && b.equals(cycleEnd);
            int parts = 0;
            LocalDate d = a;
            while (!d.isAfter(b)) {
                TariffVersion v = schedule.versionOn(d);
                LocalDate end = d.withDayOfMonth(1).plusMonths(1).minusDays(1);
                if (cycle == TierCycle.ANNUAL) end = b;
                if (v.effectiveTo() != null && v.effectiveTo().isBefore(end)) end = v.effectiveTo();
                for (TariffVersion w : schedule.versions())
                    if (w.effectiveFrom().isAfter(d) && !w.effectiveFrom().isAfter(end))
                        end = w.effectiveFrom().minusDays(1);
                if (end.isAfter(b)) end = b;
                long days = ChronoUnit.DAYS.between(d, end) + 1;
                List<BigDecimal> t = v.tiers() == null
                        ? schedule.versionOn(cycleStart).tiers().thresholds(d.getMonth(), account.persons())
                        : v.tiers().thresholds(d.getMonth(), account.persons());
                for (int k = 0; k < n; k++) {
                    BigDecimal tk = k < t.size() ? t.get(k) : t.getLast();
                    sums[k] = sums[k].add(tk.multiply(BigDecimal.valueOf(days)));
                    if (parts > 0) texts.get(k).append(" + ");
                    texts.get(k)
                            .append(plain(tk))
                            .append(" kWh × ")
                            .append(days)
                            .append('/')
                            .append(length);
                }
                parts++;
                d = end.plusDays(1);
            }
            List<BigDecimal> values = new ArrayList<>();
            List<String> formulas = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                BigDecimal value = sums[k].divide(BigDecimal.valueOf(length), 0, RoundingMode.HALF_UP);
                values.add(value);
                formulas.add(texts.get(k) + " = " + plain(value) + " kWh");
            }
            return new Limits(values, !whole || parts > 1, formulas);
        }

        // --- basic charge

        record Fraction(BigDecimal num, long den, String text) {}

        /** Σ value(day) × days / month length over the piece, exactly, with its formula. */
        Fraction monthFraction(Piece p, java.util.function.Function<LocalDate, BigDecimal> value) {
            BigDecimal num = BigDecimal.ZERO;
            long den = 1;
            StringBuilder text = new StringBuilder();
            LocalDate d = p.from();
            while (!d.isAfter(p.to())) {
                BigDecimal x = value.apply(d);
                LocalDate e = d;
                LocalDate monthEnd = d.withDayOfMonth(d.lengthOfMonth());
                while (e.isBefore(p.to())
                        && e.isBefore(monthEnd)
                        && value.apply(e.plusDays(1)).compareTo(x) == 0) e = e.plusDays(1);
                long days = ChronoUnit.DAYS.between(d, e) + 1;
                long len = d.lengthOfMonth();
                // num/den + x*days/len
                num = num.multiply(BigDecimal.valueOf(len)).add(x.multiply(BigDecimal.valueOf(days * den)));
                den = den * len;
                if (!text.isEmpty()) text.append(" + ");
                text.append(plain(x)).append(" × ").append(days).append('/').append(len);
                d = e.plusDays(1);
            }
            return new Fraction(num, den, text.toString());
        }

        BigDecimal capacityOn(LocalDate day) {
            for (CapacityChange c : account.pausedDays())
                if (!day.isBefore(c.from()) && !day.isAfter(c.to())) return c.kva();
            return account.capacityKva();
        }

        void basic(Piece p, BasicCharge basic, Map<PfBase, Money> base) {
            TariffVersion v = p.version();
            List<LineSource> facts = new ArrayList<>();
            if (basic.basis() == BasicBasis.CAPACITY) {
                if (account.capacityKva() == null)
                    throw new RatingException("tariff " + v.tariffId() + " charges capacity, the account has none");
                facts.add(fact("CAPACITY", "capacityKva", account.capacityKva()));
                for (CapacityChange c : account.pausedDays())
                    facts.add(fact("CAPACITY", "capacity " + c.from() + ".." + c.to(), c.kva()));
                Fraction f = monthFraction(p, this::capacityOn);
                add(
                        base,
                        PfBase.BASIC,
                        prorated(
                                p,
                                "BASIC_CAPACITY",
                                "KVA_MONTH",
                                basic.rate(),
                                f.num(),
                                f.den(),
                                f.text() + " kVA",
                                BigDecimal.ONE,
                                facts));
                return;
            }
            BigDecimal max = null;
            for (Share sh : shares.get(p)) {
                BigDecimal m = sh.segment().maxDemandKw();
                if (!sh.segment().purpose().equals(MeterSegment.MAIN)) continue;
                if (m == null) {
                    // rated at 0 kW and held by the audit (DEMAND_WITHOUT_MAXIMA) rather than left unbilled
                    noDemand.add(sh.segment().assetNumber());
                    continue;
                }
                max = max == null ? m : max.max(m);
                facts.add(new LineSource(
                        "MAX_DEMAND",
                        sh.segment().meterId(),
                        sh.segment().assetNumber(),
                        sh.segment().lastDay(),
                        "MAX_DEMAND",
                        m,
                        sh.segment().end().quality(),
                        sh.segment().multiplier()));
            }
            if (max == null) max = BigDecimal.ZERO;
            Fraction on = monthFraction(p, d -> {
                BigDecimal c = capacityOn(d);
                return c != null && c.signum() == 0 ? BigDecimal.ZERO : BigDecimal.ONE;
            });
            BigDecimal billed = max;
            BigDecimal excess = BigDecimal.ZERO;
            String limit = "";
            if (account.contractedDemandKw() != null) {
                facts.add(fact("CAPACITY", "contractedDemandKw", account.contractedDemandKw()));
                BigDecimal cap = account.contractedDemandKw()
                        .multiply(basic.excessAbovePercent())
                        .divide(HUNDRED);
                if (max.compareTo(cap) > 0) {
                    billed = cap;
                    excess = max.subtract(cap);
                }
                limit = "; excess above " + plain(basic.excessAbovePercent()) + "% of "
                        + plain(account.contractedDemandKw()) + " kW = " + plain(cap) + " kW";
            }
            add(
                    base,
                    PfBase.BASIC,
                    prorated(
                            p,
                            "BASIC_DEMAND",
                            "KW_MONTH",
                            basic.rate(),
                            billed.multiply(on.num()),
                            on.den(),
                            "maximum demand " + plain(max) + " kW" + limit + "; " + plain(billed) + " kW × ("
                                    + on.text() + ")",
                            BigDecimal.ONE,
                            facts));
            if (excess.signum() > 0)
                add(
                        base,
                        PfBase.BASIC,
                        prorated(
                                p,
                                "BASIC_DEMAND_EXCESS",
                                "KW_MONTH",
                                basic.rate(),
                                excess.multiply(on.num()),
                                on.den(),
                                plain(excess) + " kW × (" + on.text() + ") at " + plain(basic.excessMultiplier())
                                        + " × the rate",
                                basic.excessMultiplier(),
                                facts));
        }

        static LineSource fact(String kind, String name, BigDecimal value) {
            return new LineSource(kind, null, null, null, name, value, null, 1);
        }

        /** A line of {@code rate × multiplier × num / den}, rounded once. */
        BillLineView prorated(
                Piece p,
                String code,
                String unit,
                Rate rate,
                BigDecimal num,
                long den,
                String how,
                BigDecimal multiplier,
                List<LineSource> sources) {
            TariffVersion v = p.version();
            BigDecimal price = rate.yuanPerUnit().multiply(multiplier);
            BigDecimal quantity = num.divide(BigDecimal.valueOf(den), Kwh.SCALE, RoundingMode.HALF_UP);
            Money amount = new Money(price.multiply(num)
                    .movePointRight(2)
                    .divide(BigDecimal.valueOf(den), 0, v.rounding())
                    .longValueExact());
            String formula = how + " = " + plain(quantity) + " " + unitText(unit) + "; " + plain(quantity) + " × "
                    + price.setScale(Math.max(Rate.SCALE, price.scale()), RoundingMode.UNNECESSARY)
                            .toPlainString()
                    + " = " + amount;
            BillLineView line = new BillLineView(
                    0,
                    code,
                    quantity,
                    unit,
                    price.setScale(Rate.SCALE, RoundingMode.HALF_UP),
                    amount,
                    new LineExplanation(v.tariffId(), v.version(), formula, sources));
            lines.add(line);
            return line;
        }

        // --- power factor

        void powerFactor(TariffVersion v, Map<PfBase, Money> base) {
            PowerFactorRule rule = v.powerFactor();
            if (rule == null) return;
            BigDecimal active = BigDecimal.ZERO;
            BigDecimal reactive = BigDecimal.ZERO;
            boolean anyReactive = false;
            List<LineSource> sources = new ArrayList<>();
            List<String> registers = new ArrayList<>(List.of("TOTAL"));
            registers.addAll(new TreeSet<>(rule.reactiveRegisters()));
            for (MeterSegment s : usage.meters()) {
                if (!s.purpose().equals(MeterSegment.MAIN)) continue;
                Map<String, BigDecimal> kwh = new LinkedHashMap<>();
                register(kwh, s, "TOTAL", RegisterSnapshot::total);
                register(kwh, s, "REACTIVE1", RegisterSnapshot::reactive1);
                register(kwh, s, "REACTIVE2", RegisterSnapshot::reactive2);
                active = active.add(kwh.get("TOTAL"));
                for (String r : rule.reactiveRegisters())
                    if (kwh.containsKey(r)) {
                        reactive = reactive.add(kwh.get(r));
                        anyReactive = true;
                    }
                sources.addAll(segmentSources(s, registers));
            }
            if (!anyReactive || active.signum() == 0) return;
            BigDecimal cos = active.divide(
                            active.multiply(active)
                                    .add(reactive.multiply(reactive))
                                    .sqrt(PRECISE),
                            PRECISE)
                    .setScale(2, RoundingMode.HALF_UP);
            BigDecimal percent = rule.table().adjustment(cos);
            Money on = Money.ZERO;
            for (PfBase b : rule.base()) on = on.plus(base.getOrDefault(b, Money.ZERO));
            Money amount = on.times(percent.divide(HUNDRED), v.rounding());
            String formula = "cos φ = " + plain(active) + " / √(" + plain(active) + "² + " + plain(reactive) + "²) = "
                    + cos.toPlainString() + " against the standard "
                    + rule.standard().toPlainString() + " → "
                    + (percent.signum() > 0 ? "+" : "") + plain(percent) + "% × " + on + " ("
                    + new TreeSet<>(rule.base())
                    + ") = " + amount;
            lines.add(new BillLineView(
                    0,
                    "PF_ADJUSTMENT",
                    percent,
                    "PERCENT",
                    null,
                    amount,
                    new LineExplanation(v.tariffId(), v.version(), formula, sources)));
        }

        // --- lines and explanations

        /** A per-unit line, rounded once; null (and no line) when the quantity is zero. */
        BillLineView line(
                Piece p,
                String code,
                BigDecimal quantity,
                String unit,
                Rate price,
                String how,
                List<LineSource> sources) {
            if (quantity.signum() == 0) return null;
            TariffVersion v = p.version();
            Money amount = new Money(price.yuanPerUnit()
                    .multiply(quantity)
                    .movePointRight(2)
                    .setScale(0, v.rounding())
                    .longValueExact());
            String formula = how + "; " + plain(quantity) + " " + unitText(unit) + " × " + price + " = " + amount;
            BillLineView line = new BillLineView(
                    0,
                    code,
                    quantity.setScale(Kwh.SCALE, RoundingMode.UNNECESSARY),
                    unit,
                    price.yuanPerUnit(),
                    amount,
                    new LineExplanation(v.tariffId(), v.version(), formula, sources));
            lines.add(line);
            return line;
        }

        static String unitText(String unit) {
            return switch (unit) {
                case "KWH" -> "kWh";
                case "KVA_MONTH" -> "kVA-month";
                case "KW_MONTH" -> "kW-month";
                default -> unit;
            };
        }

        /** How a piece's energy of {@code register} came about: each segment's reads, multiplier and share of days. */
        String energyFormula(Piece p, String purposeOrRegister, BigDecimal total) {
            String purpose =
                    MeterSegment.LIGHTING.equals(purposeOrRegister) ? MeterSegment.LIGHTING : MeterSegment.MAIN;
            String register = purpose.equals(MeterSegment.LIGHTING) ? "TOTAL" : purposeOrRegister;
            StringBuilder s = new StringBuilder();
            for (Share sh : shares.get(p)) {
                MeterSegment m = sh.segment();
                if (!m.purpose().equals(purpose)) continue;
                Long a = value(m.start(), register);
                Long b = value(m.end(), register);
                if (a == null || b == null) continue;
                if (!s.isEmpty()) s.append(" + ");
                s.append(register)
                        .append(" (")
                        .append(BigDecimal.valueOf(b, 2).toPlainString())
                        .append(" − ")
                        .append(BigDecimal.valueOf(a, 2).toPlainString())
                        .append(") × ")
                        .append(m.multiplier());
                if (sh.days() != sh.ofDays())
                    s.append(" × ")
                            .append(sh.days())
                            .append('/')
                            .append(sh.ofDays())
                            .append(" days");
            }
            if (s.isEmpty()) s.append("no reads");
            if (total != null) s.append(" = ").append(plain(total)).append(" kWh");
            return s.toString();
        }

        List<LineSource> sources(Piece p, String purpose, List<String> registers) {
            List<LineSource> out = new ArrayList<>();
            for (Share sh : shares.get(p))
                if (sh.segment().purpose().equals(purpose)) out.addAll(segmentSources(sh.segment(), registers));
            return out;
        }

        static List<LineSource> segmentSources(MeterSegment m, List<String> registers) {
            List<LineSource> out = new ArrayList<>();
            for (RegisterSnapshot r : List.of(m.start(), m.end()))
                for (String register : registers) {
                    Long v = value(r, register);
                    if (v != null)
                        out.add(new LineSource(
                                "REGISTER",
                                m.meterId(),
                                m.assetNumber(),
                                r.day(),
                                register,
                                BigDecimal.valueOf(v, 2),
                                r.quality(),
                                m.multiplier()));
                }
            return out;
        }

        static Long value(RegisterSnapshot r, String register) {
            return switch (register) {
                case "TOTAL" -> r.total();
                case "T1" -> r.t1();
                case "T2" -> r.t2();
                case "T3" -> r.t3();
                case "T4" -> r.t4();
                case "REACTIVE1" -> r.reactive1();
                case "REACTIVE2" -> r.reactive2();
                default -> null;
            };
        }

        static String plain(BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
    }

    /**
     * What one piece's 15-minute intervals give per period: energy after the multiplier, the days by type, and per
     * meter the sums as read (before the multiplier) for the line's sources.
     */
    static final class IntervalTally {

        final TouSchedule schedule;
        /** Per period, in 0.0001 kWh after the multiplier. */
        final Map<TouPeriod, Long> total = new EnumMap<>(TouPeriod.class);
        /** Per meter segment and period, in 0.0001 kWh as read; the first day and the worst quality. */
        final Map<MeterSegment, Map<TouPeriod, Long>> read = new LinkedHashMap<>();

        final Map<MeterSegment, LocalDate> firstDay = new LinkedHashMap<>();
        final Map<MeterSegment, String> quality = new LinkedHashMap<>();
        final Map<TouSchedule.DayType, Integer> dayTypes = new EnumMap<>(TouSchedule.DayType.class);
        final java.util.Set<Integer> unknownYears = new TreeSet<>();
        final java.util.Set<LocalDate> days = new TreeSet<>();
        BigDecimal energy;
        BigDecimal whole;

        IntervalTally(TouSchedule schedule) {
            this.schedule = schedule;
        }

        void add(MeterSegment m, Usage.DayIntervals day, LocalDate first) {
            TouPeriod[] periods = schedule.periods(day.day());
            Map<TouPeriod, Long> mine = read.computeIfAbsent(m, k -> new EnumMap<>(TouPeriod.class));
            firstDay.putIfAbsent(m, first);
            quality.merge(m, day.quality(), IntervalTally::worse);
            for (int slot = 0; slot < TouSchedule.SLOTS; slot++) {
                long v = day.value(slot);
                mine.merge(periods[slot], v, Long::sum);
                total.merge(periods[slot], Math.multiplyExact(v, (long) m.multiplier()), Long::sum);
            }
            if (days.add(day.day())) {
                dayTypes.merge(schedule.dayType(day.day()), 1, Integer::sum);
                if (!schedule.calendar().knows(day.day().getYear()))
                    unknownYears.add(day.day().getYear());
            }
        }

        static String worse(String a, String b) {
            if ("ESTIMATED".equals(a) || "ESTIMATED".equals(b)) return "ESTIMATED";
            if ("EDITED".equals(a) || "EDITED".equals(b)) return "EDITED";
            return a;
        }

        BigDecimal kwh(TouPeriod tp) {
            return BigDecimal.valueOf(total.getOrDefault(tp, 0L), Kwh.SCALE);
        }

        BigDecimal whole() {
            long sum = 0;
            for (long v : total.values()) sum = Math.addExact(sum, v);
            return BigDecimal.valueOf(sum, Kwh.SCALE);
        }

        void share(BigDecimal energy, BigDecimal whole) {
            this.energy = energy;
            this.whole = whole;
        }

        String how(TouPeriod tp) {
            StringBuilder s = new StringBuilder(tp.name())
                    .append(" = its share of the 15-minute intervals by schedule ")
                    .append(schedule.id())
                    .append(": ")
                    .append(Rating.plain(kwh(tp)))
                    .append(" of ")
                    .append(Rating.plain(whole))
                    .append(" kWh over ")
                    .append(days.size())
                    .append(" days (");
            List<String> types = new ArrayList<>();
            for (var e : dayTypes.entrySet())
                types.add(e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT));
            s.append(String.join(", ", types)).append(')');
            if (!unknownYears.isEmpty())
                s.append(", no holiday calendar for ").append(unknownYears).append(" (weekends only)");
            if (whole.compareTo(energy) != 0)
                s.append(", × the registers' ")
                        .append(Rating.plain(energy))
                        .append(" kWh / ")
                        .append(Rating.plain(whole))
                        .append(" kWh");
            return s.toString();
        }

        /** The intervals summed for {@code tp} per meter, then the register reads that give the total. */
        List<LineSource> sources(TouPeriod tp, List<LineSource> registers) {
            List<LineSource> out = new ArrayList<>();
            for (var e : read.entrySet()) {
                MeterSegment m = e.getKey();
                out.add(new LineSource(
                        "INTERVAL_SUM",
                        m.meterId(),
                        m.assetNumber(),
                        firstDay.get(m),
                        tp.name(),
                        BigDecimal.valueOf(e.getValue().getOrDefault(tp, 0L), Kwh.SCALE),
                        quality.get(m),
                        m.multiplier()));
            }
            out.addAll(registers);
            return out;
        }
    }
}
