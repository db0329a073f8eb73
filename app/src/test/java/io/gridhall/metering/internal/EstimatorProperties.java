package io.gridhall.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import java.time.LocalDate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EstimatorProperties {

    @Provide
    Arbitrary<IntervalDay> days() {
        Arbitrary<int[]> values = Arbitraries.integers().between(0, 200_000).array(int[].class).ofSize(96);
        Arbitrary<char[]> quality = Arbitraries.of('A', 'A', 'A', 'E', 'D', 'M', 'M').array(char[].class).ofSize(96);
        return Combinators.combine(values, quality).as((v, q) -> {
            for (int i = 0; i < 96; i++) if (q[i] == 'M') v[i] = 0;
            return new IntervalDay(1, Channel.FORWARD_ACTIVE, LocalDate.of(2026, 1, 1), v, q);
        });
    }

    @Provide
    Arbitrary<int[]> profiles() {
        return Arbitraries.integers().between(0, 50_000).array(int[].class).ofSize(96).injectNull(0.3);
    }

    @Property
    void estimatesNeverOverwriteWhatIsNotMissing(@ForAll("days") IntervalDay day, @ForAll("profiles") int[] profile,
            @ForAll @IntRange(min = 0, max = 30_000_000) int delta, @ForAll @IntRange(min = 0, max = 96) int shortGap) {
        IntervalDay estimated = new Estimator(shortGap).estimate(day, (long) delta, profile);
        for (int s = 0; s < 96; s++) {
            if (day.quality()[s] != 'M') {
                assertThat(estimated.value(s)).isEqualTo(day.value(s));
                assertThat(estimated.quality()[s]).isEqualTo(day.quality()[s]);
            } else {
                assertThat(estimated.quality()[s]).isEqualTo('E');
                assertThat(estimated.value(s)).isNotNegative();
            }
        }
    }

    @Property
    void theDaySumsToTheRegisterDeltaWheneverTheKnownSlotsLeaveRoom(@ForAll("days") IntervalDay day,
            @ForAll("profiles") int[] profile, @ForAll @IntRange(min = 0, max = 5_000_000) int extra,
            @ForAll @IntRange(min = 0, max = 96) int shortGap) {
        long known = day.sum();
        long delta = known + extra;
        IntervalDay estimated = new Estimator(shortGap).estimate(day, delta, profile);
        if (day.count(io.gridhall.metering.Quality.MISSING) > 0) {
            assertThat(estimated.sum()).isEqualTo(delta);
        } else {
            assertThat(estimated).isEqualTo(day);
        }
    }

    @Test
    void aShortGapFollowsTheStraightLineBetweenItsNeighbours() {
        int[] v = new int[96];
        char[] q = "A".repeat(96).toCharArray();
        for (int i = 0; i < 96; i++) v[i] = 100;
        v[10] = 100;
        v[14] = 500;
        for (int i = 11; i < 14; i++) {
            v[i] = 0;
            q[i] = 'M';
        }
        IntervalDay d = new IntervalDay(1, Channel.FORWARD_ACTIVE, LocalDate.of(2026, 1, 1), v, q);
        IntervalDay e = new Estimator(4).estimate(d, null, null);
        assertThat(new int[] {e.value(11), e.value(12), e.value(13)}).containsExactly(200, 300, 400);
    }

    @Test
    void aLongGapFollowsTheMetersProfileScaledToTheDelta() {
        int[] v = new int[96];
        char[] q = "M".repeat(96).toCharArray();
        int[] profile = new int[96];
        for (int i = 0; i < 96; i++) profile[i] = i < 48 ? 100 : 300;
        IntervalDay d = new IntervalDay(1, Channel.FORWARD_ACTIVE, LocalDate.of(2026, 1, 1), v, q);
        IntervalDay e = new Estimator(4).estimate(d, 96_000L, profile);
        assertThat(e.sum()).isEqualTo(96_000);
        assertThat(e.value(0)).isEqualTo(500);
        assertThat(e.value(95)).isEqualTo(1_500);
    }
}
