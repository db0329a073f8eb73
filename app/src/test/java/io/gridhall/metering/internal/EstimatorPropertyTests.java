package io.gridhall.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.Quality;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/** Properties of the estimator (QuickTheories, see ADR 0005). */
class EstimatorPropertyTests {

    private static final char[] LETTERS = {'A', 'A', 'A', 'E', 'D', 'M', 'M'};

    static Gen<IntervalDay> days() {
        return in -> {
            int[] v = new int[96];
            char[] q = new char[96];
            // some days are all missing, some complete, most mixed
            long mode = in.next(Constraint.between(0, 9));
            for (int i = 0; i < 96; i++) {
                q[i] = mode == 0
                        ? 'M'
                        : mode == 1 ? 'A' : LETTERS[(int) in.next(Constraint.between(0, LETTERS.length - 1))];
                v[i] = q[i] == 'M' ? 0 : (int) in.next(Constraint.between(0, 200_000));
            }
            return new IntervalDay(1, Channel.FORWARD_ACTIVE, LocalDate.of(2026, 1, 1), v, q);
        };
    }

    static Gen<int[]> profiles() {
        return in -> {
            if (in.next(Constraint.between(0, 9)) < 3) return null;
            int[] p = new int[96];
            for (int i = 0; i < 96; i++) p[i] = (int) in.next(Constraint.between(0, 50_000));
            return p;
        };
    }

    @Test
    void estimatesNeverOverwriteWhatIsNotMissing() {
        qt().forAll(
                        days(),
                        profiles(),
                        integers().between(0, 30_000_000),
                        integers().between(0, 96))
                .checkAssert((day, profile, delta, shortGap) -> {
                    IntervalDay estimated = new Estimator(shortGap).estimate(day, (long) delta, profile);
                    for (int s = 0; s < 96; s++) {
                        if (day.quality(s) != Quality.MISSING) {
                            assertThat(estimated.value(s)).isEqualTo(day.value(s));
                            assertThat(estimated.quality(s)).isEqualTo(day.quality(s));
                        } else {
                            assertThat(estimated.quality(s)).isEqualTo(Quality.ESTIMATED);
                            assertThat(estimated.value(s)).isNotNegative();
                        }
                    }
                });
    }

    @Test
    void theDaySumsToTheRegisterDeltaWheneverTheKnownSlotsLeaveRoom() {
        qt().forAll(
                        days(),
                        profiles(),
                        integers().between(0, 5_000_000),
                        integers().between(0, 96))
                .checkAssert((day, profile, extra, shortGap) -> {
                    long delta = day.sum() + extra;
                    IntervalDay estimated = new Estimator(shortGap).estimate(day, delta, profile);
                    if (day.count(Quality.MISSING) > 0) {
                        assertThat(estimated.sum()).isEqualTo(delta);
                    } else {
                        assertThat(estimated).isEqualTo(day);
                    }
                });
    }

    @Test
    void withoutADeltaEveryMissingSlotIsFilledAndNothingElseChanges() {
        qt().forAll(days(), profiles(), integers().between(0, 96)).checkAssert((day, profile, shortGap) -> {
            IntervalDay estimated = new Estimator(shortGap).estimate(day, null, profile);
            assertThat(estimated.count(Quality.MISSING)).isZero();
            assertThat(estimated.count(Quality.ESTIMATED))
                    .isEqualTo(day.count(Quality.ESTIMATED) + day.count(Quality.MISSING));
        });
    }

    @Test
    void aShortGapFollowsTheStraightLineBetweenItsNeighbours() {
        int[] v = new int[96];
        char[] q = "A".repeat(96).toCharArray();
        for (int i = 0; i < 96; i++) v[i] = 100;
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
        int[] profile = new int[96];
        for (int i = 0; i < 96; i++) profile[i] = i < 48 ? 100 : 300;
        IntervalDay d = IntervalDay.empty(1, Channel.FORWARD_ACTIVE, LocalDate.of(2026, 1, 1));
        IntervalDay e = new Estimator(4).estimate(d, 96_000L, profile);
        assertThat(e.sum()).isEqualTo(96_000);
        assertThat(e.value(0)).isEqualTo(500);
        assertThat(e.value(95)).isEqualTo(1_500);
    }
}
