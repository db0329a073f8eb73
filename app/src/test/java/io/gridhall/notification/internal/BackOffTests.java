package io.gridhall.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackOffTests {

    @Test
    void waitsBetweenHalfAndAllOfTheCeilingWhichNeverPassesTheMaximum() {
        qt().forAll(integers().between(1, 60), longs().between(1, 60_000), longs().between(0, 3_600_000), longs().all())
                .checkAssert((attempt, firstMillis, extraMillis, seed) -> {
                    BackOff backOff = new BackOff(
                            Duration.ofMillis(firstMillis),
                            Duration.ofMillis(firstMillis + extraMillis),
                            new Random(seed));
                    Duration ceiling = backOff.ceiling(attempt);
                    Duration delay = backOff.delay(attempt);

                    assertThat(ceiling).isLessThanOrEqualTo(backOff.max()).isGreaterThanOrEqualTo(backOff.first());
                    assertThat(delay).isBetween(Duration.ofMillis(ceiling.toMillis() / 2), ceiling);
                });
    }

    @Test
    void theCeilingDoublesUntilItReachesTheMaximum() {
        qt().forAll(integers().between(1, 60), longs().between(1, 60_000), longs().between(0, 3_600_000))
                .checkAssert((attempt, firstMillis, extraMillis) -> {
                    BackOff backOff = new BackOff(
                            Duration.ofMillis(firstMillis),
                            Duration.ofMillis(firstMillis + extraMillis),
                            new Random(1));
                    Duration now = backOff.ceiling(attempt);
                    Duration doubled = now.multipliedBy(2);

                    assertThat(backOff.ceiling(attempt + 1))
                            .isEqualTo(doubled.compareTo(backOff.max()) < 0 ? doubled : backOff.max());
                });
    }

    @Test
    void theFirstRetryWaitsAboutTheFirstInterval() {
        BackOff backOff = new BackOff(Duration.ofSeconds(5), Duration.ofMinutes(30), new Random(3));
        assertThat(backOff.ceiling(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backOff.ceiling(8)).isEqualTo(Duration.ofSeconds(640));
        assertThat(backOff.ceiling(20)).isEqualTo(Duration.ofMinutes(30));
    }
}
