package io.gridhall.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackOffProperties {

    @Property
    void waitsBetweenHalfAndAllOfTheCeiling(
            @ForAll @IntRange(min = 1, max = 60) int attempt,
            @ForAll @LongRange(min = 1, max = 60_000) long firstMillis,
            @ForAll @LongRange(min = 0, max = 3_600_000) long extraMillis,
            @ForAll long seed) {
        BackOff backOff = new BackOff(Duration.ofMillis(firstMillis), Duration.ofMillis(firstMillis + extraMillis),
                new Random(seed));
        Duration ceiling = backOff.ceiling(attempt);
        Duration delay = backOff.delay(attempt);

        assertThat(ceiling).isLessThanOrEqualTo(backOff.max()).isGreaterThanOrEqualTo(backOff.first());
        assertThat(delay).isBetween(Duration.ofMillis(ceiling.toMillis() / 2), ceiling);
    }

    @Property
    void theCeilingDoublesUntilItReachesTheMaximum(
            @ForAll @IntRange(min = 1, max = 60) int attempt,
            @ForAll @LongRange(min = 1, max = 60_000) long firstMillis,
            @ForAll @LongRange(min = 0, max = 3_600_000) long extraMillis) {
        BackOff backOff = new BackOff(Duration.ofMillis(firstMillis), Duration.ofMillis(firstMillis + extraMillis),
                new Random(1));
        Duration now = backOff.ceiling(attempt);
        Duration next = backOff.ceiling(attempt + 1);

        assertThat(next).isEqualTo(now.multipliedBy(2).compareTo(backOff.max()) < 0 ? now.multipliedBy(2) : backOff.max());
    }
}
