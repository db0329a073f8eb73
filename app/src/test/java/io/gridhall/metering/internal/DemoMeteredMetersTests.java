package io.gridhall.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.dlt645.MeterAddress;
import io.gridhall.simulator.CustomerClass;
import io.gridhall.simulator.FeeControl;
import io.gridhall.simulator.MeterSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoMeteredMetersTests {

    static List<MeterSpec> roster(int concentrators, int metersEach) {
        List<MeterSpec> specs = new ArrayList<>();
        for (int c = 0; c < concentrators; c++) {
            for (int m = 0; m < metersEach; m++) {
                specs.add(new MeterSpec(
                        "C%011d".formatted(c),
                        MeterAddress.of("%012d".formatted(c * 1000 + m + 1)),
                        CustomerClass.RESIDENTIAL,
                        FeeControl.REMOTE));
            }
        }
        return specs;
    }

    static DemoHistory capped(int meters) {
        return new DemoHistory(
                null,
                null,
                null,
                null,
                "unused.csv",
                42,
                92,
                null,
                false,
                meters,
                null,
                null,
                "unused-scenario.txt",
                java.time.Duration.ZERO);
    }

    @Test
    void keepsWholeConcentratorsUpToTheCap() {
        List<MeterSpec> kept = capped(4).metered(roster(3, 3));
        assertThat(kept).hasSize(6);
        assertThat(kept.stream().map(MeterSpec::concentratorId).distinct()).hasSize(2);
    }

    @Test
    void keepsEveryMeterOfASmallRoster() {
        List<MeterSpec> all = roster(3, 3);
        assertThat(capped(20_000).metered(all)).isEqualTo(all);
        assertThat(capped(9).metered(all)).isEqualTo(all);
    }
}
