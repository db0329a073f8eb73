package io.gridhall.billing.internal;

import static io.gridhall.billing.internal.BillingFixtures.normal;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.Billing;
import io.gridhall.billing.TierProgress;
import io.gridhall.billing.internal.BillingFixtures.Branch;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.metering.MeterReadings;
import io.gridhall.shared.Kwh;
import io.gridhall.testing.Actors;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Tier progress counts what issued bills counted against the tier year's limits of the account's real tariff. */
@BillingTest
class TierProgressTests {

    @Autowired
    RunningBills runs;

    @Autowired
    ReviewingBills reviewing;

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    MeterReadings readings;

    @Autowired
    Billing billing;

    @Test
    void countsOnlyIssuedBillsAgainstTheAnnualLimitsOfTheZhejiangTariff() {
        YearMonth period = YearMonth.of(2026, 5);
        Branch b = BillingFixtures.branch(grid, customers, readings, period, List.of(normal(150), normal(3000)));
        Actor clerk = Actors.staff(b.id(), Role.BILLING_CLERK);
        long runId = runs.start(clerk, b.id(), period).id();
        while (runs.workDue("test")) {
            // work the run's chunks
        }
        TierProgress unreleased =
                billing.tierProgress(b.accounts()[0], period.atEndOfMonth()).orElseThrow();
        assertThat(unreleased.used()).as("bills not yet issued count nothing").isEqualTo(Kwh.ZERO);

        reviewing.release(clerk, runId);
        TierProgress low =
                billing.tierProgress(b.accounts()[0], period.atEndOfMonth()).orElseThrow();
        assertThat(low.tariffId()).isEqualTo("CN-ZJ-RES-TIERED");
        assertThat(low.cycle()).isEqualTo("ANNUAL");
        assertThat(low.cycleFrom()).isEqualTo(period.atDay(1).withDayOfYear(1)); // opened on 1 January
        assertThat(low.used()).isEqualTo(Kwh.of("150"));
        assertThat(low.tiers())
                .extracting(TierProgress.Tier::upTo)
                .containsExactly(Kwh.of("2760"), Kwh.of("4800"), null);
        assertThat(low.tiers())
                .extracting(t -> t.price().toPlainString())
                .containsExactly("0.538000", "0.588000", "0.838000");
        assertThat(low.currentTier()).isEqualTo(1);
        assertThat(low.toNextTier()).isEqualTo(Kwh.of("2610"));
        assertThat(low.months()).containsExactly(new TierProgress.MonthUse(period, Kwh.of("150")));

        TierProgress high =
                billing.tierProgress(b.accounts()[1], period.atEndOfMonth()).orElseThrow();
        assertThat(high.currentTier()).isEqualTo(2);
        assertThat(high.toNextTier()).isEqualTo(Kwh.of("1800"));
        assertThat(billing.tierProgress(Long.MAX_VALUE, period.atEndOfMonth())).isEmpty();
    }
}
