package io.gridhall.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.dlt645.ControlType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RegisterPropertiesTest {

  @Property(tries = 60)
  void everyRegisterNeverDecreases(@ForAll @LongRange(min = 1, max = 999_999) long address,
      @ForAll CustomerClass customerClass, @ForAll @IntRange(min = -200 * 24, max = 10 * 24) int startHours,
      @ForAll @IntRange(min = 0, max = 24 * 40) int stepMinutes, @ForAll boolean tripHalfWay) {
    MutableClock clock = new MutableClock(Meters.START);
    VirtualMeter meter = Meters.offline(Meters.aMeter(address, customerClass, FeeControl.REMOTE),
        "meter " + address + " bypass factor 0.5 from 2026-10-01 to 2026-10-15", clock);
    Instant t0 = Meters.START.plus(Duration.ofHours(startHours));
    Instant t1 = t0.plus(Duration.ofMinutes(stepMinutes));
    if (tripHalfWay) {
      meter.handle(VirtualMeterTest.control(meter, ControlType.TRIP, t1), t0.plus(Duration.ofMinutes(stepMinutes / 2)));
    }
    Registers a = meter.registersAt(t0);
    Registers b = meter.registersAt(t1);

    for (int i = 0; i < 5; i++) {
      assertThat(b.forwardActive().get(i)).isGreaterThanOrEqualTo(a.forwardActive().get(i));
      assertThat(b.reverseActive().get(i)).isGreaterThanOrEqualTo(a.reverseActive().get(i));
      assertThat(b.reactive1().get(i)).isGreaterThanOrEqualTo(a.reactive1().get(i));
    }
    BigDecimal sum = b.forwardActive().subList(1, 5).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(b.forwardTotal().subtract(sum).abs()).isLessThanOrEqualTo(new BigDecimal("0.04"));
  }
}
