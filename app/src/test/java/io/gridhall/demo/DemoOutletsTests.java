package io.gridhall.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.grid.BranchView;
import io.gridhall.identity.BranchId;
import io.gridhall.payment.Outlet;
import io.gridhall.payment.OutletKind;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoOutletsTests {

    static final BranchView CITY = new BranchView(
            new BranchId(1),
            "B101",
            "城关供电所",
            "富春县城区",
            new BigDecimal("30.200000"),
            new BigDecimal("120.100000"),
            "IN_SERVICE");

    @Test
    void everyBranchGetsAHallBanksAgentsAndTerminalsNearby() {
        List<Outlet> outlets = DemoOutlets.around(CITY, 42);
        assertThat(outlets).hasSize(12);
        assertThat(outlets).extracting(Outlet::kind).contains(OutletKind.values());
        assertThat(outlets.getFirst().name()).isEqualTo("城关供电营业厅");
        for (Outlet o : outlets) {
            // within about 5 km each way: 0.045 degrees
            assertThat(o.position().lat().subtract(CITY.lat()).abs()).isLessThanOrEqualTo(new BigDecimal("0.045"));
            assertThat(o.position().lon().subtract(CITY.lon()).abs()).isLessThanOrEqualTo(new BigDecimal("0.045"));
            assertThat(o.name().length()).isLessThanOrEqualTo(60);
            assertThat(o.phone() == null || o.phone().matches("^[0-9][0-9-]{4,19}$"))
                    .isTrue();
            assertThat(o.hours().texts()).hasSize(7);
        }
    }

    @Test
    void theSameSeedGivesTheSameOutlets() {
        assertThat(DemoOutlets.around(CITY, 42)).isEqualTo(DemoOutlets.around(CITY, 42));
        assertThat(DemoOutlets.around(CITY, 43)).isNotEqualTo(DemoOutlets.around(CITY, 42));
    }
}
