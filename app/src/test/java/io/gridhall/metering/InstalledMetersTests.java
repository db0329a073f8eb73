package io.gridhall.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.Topologies;
import io.gridhall.identity.BranchId;
import io.gridhall.metering.internal.Meters;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The head-end's meter list follows the grid: a meter the grid installs is read without anyone enrolling it. */
@MeteringTest
class InstalledMetersTests {

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    Meters meters;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void everyMeterTheGridInstallsIsEnrolledWithItsPlaceAndItsCustomersClass() {
        long[] accounts = customers.allocateAccountIds(5);
        long customer = customers.allocateCustomerIds(1)[0];
        // the account exists before its meter is installed, as in a new connection (新装)
        Topologies.Small t = transactions.execute(s -> {
            customers.importRows(new Customers.ImportBatch(
                    List.of(new Customers.CustomerRow(
                            customer,
                            new BranchId(MeteringFixtures.aBranch()),
                            CustomerClass.COMMERCIAL,
                            CustomerKind.ORGANISATION,
                            "城东商行",
                            "91330102MA2H" + String.format("%06d", customer % 1_000_000),
                            null)),
                    List.of(new Customers.AccountRow(
                            accounts[2],
                            String.format("9%09d", accounts[2] % 1_000_000_000L),
                            customer,
                            "城东商行",
                            "城东路1号",
                            new BranchId(MeteringFixtures.aBranch()),
                            "COMMERCIAL",
                            LocalDate.of(2020, 1, 1))),
                    List.of(),
                    List.of()));
            return Topologies.small(grid, accounts);
        });

        for (int i = 0; i < t.meters().length; i++) {
            Meters.Meter m = meters.byId(t.meters()[i]).orElseThrow();
            assertThat(m.address()).isEqualTo(t.commAddresses()[i]);
            assertThat(m.branchId()).isEqualTo(t.branch().value());
            assertThat(m.areaId()).isEqualTo(i < 3 ? t.area1() : t.area2());
            assertThat(m.feeControl()).isEqualTo(i < 5 ? "REMOTE" : "NONE");
            assertThat(m.active()).isTrue();
        }
        assertThat(meters.byId(t.meters()[3]).orElseThrow().customerClass())
                .as("meter 3 meters account 2, a commercial customer's")
                .isEqualTo("COMMERCIAL");
        assertThat(meters.byId(t.meters()[0]).orElseThrow().customerClass())
                .as("account 0 is not in the customer module")
                .isNull();
    }

    @Test
    void anInstallationThatRollsBackLeavesNoMeterInMetering() {
        long[] accounts = Topologies.randomAccounts(5);
        long[] installed = new long[6];
        assertThatThrownBy(() -> transactions.executeWithoutResult(s -> {
                    Topologies.Small t = Topologies.small(grid, accounts);
                    System.arraycopy(t.meters(), 0, installed, 0, 6);
                    assertThat(meters.byId(t.meters()[0]))
                            .as("enrolled in the same transaction")
                            .isPresent();
                    throw new IllegalStateException("a later step of the import fails");
                }))
                .isInstanceOf(IllegalStateException.class);
        for (long id : installed) assertThat(meters.byId(id)).isEmpty();
        assertThat(grid.meter(installed[0])).isEmpty();
    }
}
