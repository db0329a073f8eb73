package io.gridhall.billing.internal;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillLineView;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.billing.TierProgress;
import io.gridhall.billing.TouComparison;
import io.gridhall.billing.internal.GatheringUsage.Gathered;
import io.gridhall.billing.internal.rating.RatedBill;
import io.gridhall.billing.internal.rating.RatingEngine;
import io.gridhall.billing.internal.rating.RatingException;
import io.gridhall.billing.internal.rating.TariffCatalogue;
import io.gridhall.billing.internal.rating.TariffSchedule;
import io.gridhall.billing.internal.rating.Usage;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The {@link Billing} facade over the bills in schema {@code billing}, the tariff catalogue and the rating engine. */
@Service
@Transactional(readOnly = true)
class BillBook implements Billing {

    /** The period lines that count as off-peak in the TOU comparison. */
    private static final Set<String> VALLEY_LINES = Set.of("TOU_VALLEY", "TOU_DEEP_VALLEY");

    private static final int COMPARED_MONTHS = 12;

    private final Bills bills;
    private final Customers customers;
    private final TariffCatalogue catalogue;
    private final GatheringUsage gathering;
    private final JdbcClient jdbc;
    private final RatingEngine engine = new RatingEngine();

    BillBook(Bills bills, Customers customers, TariffCatalogue catalogue, GatheringUsage gathering, JdbcClient jdbc) {
        this.bills = bills;
        this.customers = customers;
        this.catalogue = catalogue;
        this.gathering = gathering;
        this.jdbc = jdbc;
    }

    @Override
    public Optional<BillView> bill(BillId id) {
        return bills.find(id.value());
    }

    @Override
    public List<BillView> issuedBills(long supplyAccountId, int limit) {
        return bills.issuedOf(supplyAccountId, limit);
    }

    @Override
    public Optional<TierProgress> tierProgress(long supplyAccountId, LocalDate asOf) {
        Optional<SupplyAccountView> found =
                customers.accounts(List.of(supplyAccountId)).stream().findFirst();
        if (found.isEmpty()) return Optional.empty();
        SupplyAccountView account = found.get();
        LocalDate yearStart = gathering.tierYearStart(account, asOf);
        // the whole tier year, so that a version change inside it prorates the limits as a bill would
        Optional<TariffSchedule> schedule = catalogue.schedule(
                account.tariffCategory(), yearStart, yearStart.plusYears(1).minusDays(1));
        if (schedule.isEmpty()) return Optional.empty();
        Usage.AccountFacts facts = new Usage.AccountFacts(
                supplyAccountId,
                account.tariffCategory(),
                yearStart,
                Kwh.ZERO,
                GatheringUsage.persons(
                        customers.supplyTerms(List.of(supplyAccountId)).get(supplyAccountId)),
                null,
                null,
                List.of(),
                account.openedOn());
        return engine.tierLimits(schedule.get(), facts, asOf).map(limits -> {
            // issued bills in force: a reversed bill and its reversal both drop out, the rebill counts
            Map<YearMonth, BigDecimal> months = new LinkedHashMap<>();
            jdbc.sql("""
                            select period_from, energy from billing.bill
                             where supply_account_id = :account and status = 'ISSUED' and type <> 'REVERSAL'
                               and period_from >= :from and period_to <= :to
                             order by period_from""")
                    .param("account", supplyAccountId)
                    .param("from", limits.from())
                    .param("to", limits.to())
                    .query(rs -> {
                        months.merge(
                                YearMonth.from(rs.getObject(1, LocalDate.class)), rs.getBigDecimal(2), BigDecimal::add);
                    });
            BigDecimal used = months.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            List<TierProgress.Tier> tiers = new ArrayList<>();
            int current = limits.prices().size();
            Kwh toNext = null;
            for (int k = 0; k < limits.prices().size(); k++) {
                BigDecimal upTo = k < limits.limits().size() ? limits.limits().get(k) : null;
                tiers.add(new TierProgress.Tier(
                        k + 1,
                        upTo == null ? null : new Kwh(upTo),
                        limits.prices().get(k).yuanPerUnit()));
                if (upTo != null && toNext == null && used.compareTo(upTo) < 0) {
                    current = k + 1;
                    toNext = new Kwh(upTo.subtract(used));
                }
            }
            List<TierProgress.MonthUse> monthUse = new ArrayList<>();
            months.forEach((m, e) -> monthUse.add(new TierProgress.MonthUse(m, new Kwh(e))));
            return new TierProgress(
                    supplyAccountId,
                    limits.version().tariffId(),
                    limits.version().version(),
                    limits.cycle().name(),
                    limits.from(),
                    limits.to(),
                    new Kwh(used),
                    tiers,
                    current,
                    toNext,
                    monthUse);
        });
    }

    @Override
    public Optional<TouComparison> touComparison(long supplyAccountId, YearMonth lastMonth) {
        Optional<SupplyAccountView> found =
                customers.accounts(List.of(supplyAccountId)).stream().findFirst();
        if (found.isEmpty()) return Optional.empty();
        SupplyAccountView account = found.get();
        String touCategory = touCategory(account.customerClass());
        if (touCategory == null || touCategory.equals(account.tariffCategory())) return Optional.empty();
        List<TouComparison.Month> months = new ArrayList<>();
        Money current = Money.ZERO;
        Money tou = Money.ZERO;
        String currentId = null;
        int currentVersion = 0;
        String touId = null;
        int touVersion = 0;
        for (int i = COMPARED_MONTHS - 1; i >= 0; i--) {
            YearMonth month = lastMonth.minusMonths(i);
            LocalDate from = month.atDay(1);
            LocalDate to = month.atEndOfMonth();
            if (account.openedOn().isAfter(from)) continue;
            Optional<TariffSchedule> mine = catalogue.schedule(account.tariffCategory(), from, to);
            Optional<TariffSchedule> alternative = catalogue.schedule(touCategory, from, to);
            if (mine.isEmpty() || alternative.isEmpty()) continue;
            Gathered gathered =
                    gathering.gather(List.of(supplyAccountId), from, to).getFirst();
            // only months whose every read is there: a shifted or missing read would compare guesses
            if (gathered.usage() == null || !gathered.shiftedReads().isEmpty()) continue;
            RatedBill onMine;
            RatedBill onTou;
            try {
                onMine = engine.rate(mine.get(), gathered.usage());
                onTou = engine.rate(alternative.get(), gathered.usage());
            } catch (RatingException e) {
                continue; // a meter without period registers cannot be quoted on time of use
            }
            BigDecimal valley = BigDecimal.ZERO;
            for (BillLineView line : onTou.lines())
                if (VALLEY_LINES.contains(line.code())) valley = valley.add(line.quantity());
            BigDecimal energy = onTou.energy().value();
            BigDecimal share = energy.signum() == 0 ? BigDecimal.ZERO : valley.divide(energy, 4, RoundingMode.HALF_UP);
            months.add(new TouComparison.Month(month, onTou.energy(), share, onMine.total(), onTou.total()));
            current = current.plus(onMine.total());
            tou = tou.plus(onTou.total());
            currentId = onMine.tariffId();
            currentVersion = onMine.tariffVersion();
            touId = onTou.tariffId();
            touVersion = onTou.tariffVersion();
        }
        if (months.isEmpty()) return Optional.empty();
        return Optional.of(new TouComparison(
                supplyAccountId,
                currentId,
                currentVersion,
                touId,
                touVersion,
                months,
                current,
                tou,
                current.minus(tou)));
    }

    /** The category of the region's time-of-use tariff for a class, null when the class has none to compare with. */
    private static String touCategory(CustomerClass customerClass) {
        return customerClass == CustomerClass.RESIDENTIAL ? "RESIDENTIAL_TOU" : null;
    }
}
