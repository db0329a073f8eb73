package io.gridhall.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.gridhall.dlt645.ControlType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class RegisterPropertiesTest {

    @Test
    void everyRegisterNeverDecreasesAndTariffsAddUp() {
        qt().withExamples(60)
                .forAll(
                        longs().between(1, 999_999),
                        Generate.enumValues(CustomerClass.class),
                        integers().between(-200 * 24, 10 * 24),
                        integers().between(0, 24 * 40).zip(booleans().all(), Step::new))
                .checkAssert((address, customerClass, startHours, step) -> {
                    MutableClock clock = new MutableClock(Meters.START);
                    VirtualMeter meter = Meters.offline(
                            Meters.aMeter(address, customerClass, FeeControl.REMOTE),
                            "meter " + address + " bypass factor 0.5 from 2026-10-01 to 2026-10-15",
                            clock);
                    Instant t0 = Meters.START.plus(Duration.ofHours(startHours));
                    Instant t1 = t0.plus(Duration.ofMinutes(step.minutes()));
                    if (step.tripHalfWay()) {
                        meter.handle(
                                VirtualMeterTest.control(meter, ControlType.TRIP, t1),
                                t0.plus(Duration.ofMinutes(step.minutes() / 2)));
                    }
                    Registers a = meter.registersAt(t0);
                    Registers b = meter.registersAt(t1);

                    for (int i = 0; i < 5; i++) {
                        assertThat(b.forwardActive().get(i))
                                .isGreaterThanOrEqualTo(a.forwardActive().get(i));
                        assertThat(b.reverseActive().get(i))
                                .isGreaterThanOrEqualTo(a.reverseActive().get(i));
                        assertThat(b.reactive1().get(i))
                                .isGreaterThanOrEqualTo(a.reactive1().get(i));
                    }
                    BigDecimal sum = b.forwardActive().subList(1, 5).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                    assertThat(b.forwardTotal().subtract(sum).abs()).isLessThanOrEqualTo(new BigDecimal("0.04"));
                });
    }

    record Step(int minutes, boolean tripHalfWay) {}
}
