package io.gridhall.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.Quality;
import io.gridhall.metering.RegisterRead;
import io.gridhall.metering.internal.RegisterEstimator.Estimate;
import io.gridhall.metering.internal.RegisterEstimator.Method;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/** Properties of the daily register estimator (QuickTheories, see ADR 0005). */
class RegisterEstimatorPropertyTests {

    static final LocalDate START = LocalDate.of(2026, 3, 1);
    static final int DAYS = 60;
    final RegisterEstimator estimator = new RegisterEstimator(14, 28);

    /** A meter's true registers over {@link #DAYS} days, which of them were read, and each day's intervals. */
    record History(List<RegisterRead> truth, boolean[] read, IntervalDay[] intervals, boolean tou) {

        List<RegisterRead> actuals() {
            List<RegisterRead> list = new ArrayList<>();
            for (int d = 0; d < DAYS; d++) if (read[d]) list.add(truth.get(d));
            return list;
        }
    }

    static RegisterRead read(LocalDate day, long total, Long[] tou, Long reverse, long r1, long r2, Quality quality) {
        return new RegisterRead(7, day, total, tou[0], tou[1], tou[2], tou[3], reverse, r1, r2, quality, null, null);
    }

    static IntervalDay intervalsSumming(LocalDate day, long sum, char quality) {
        int[] v = new int[96];
        char[] q = new char[96];
        Arrays.fill(q, quality);
        Arrays.fill(v, (int) (sum / 96));
        v[0] += (int) (sum % 96);
        return new IntervalDay(7, Channel.FORWARD_ACTIVE, day, v, q);
    }

    static Gen<History> histories() {
        return in -> {
            boolean tou = in.next(Constraint.between(0, 3)) > 0;
            boolean reverse = in.next(Constraint.between(0, 1)) == 0;
            long readPercent = new long[] {95, 60, 25, 5}[(int) in.next(Constraint.between(0, 3))];
            long total = in.next(Constraint.between(0, 10_000_000));
            Long[] t = tou ? new Long[] {total / 4, total / 4, total / 4, total - 3 * (total / 4)} : new Long[4];
            long rev = 0;
            long r1 = in.next(Constraint.between(0, 100_000));
            long r2 = in.next(Constraint.between(0, 100_000));
            List<RegisterRead> truth = new ArrayList<>();
            boolean[] read = new boolean[DAYS];
            IntervalDay[] intervals = new IntervalDay[DAYS];
            for (int d = 0; d < DAYS; d++) {
                LocalDate day = START.plusDays(d);
                long use = in.next(Constraint.between(0, 1)) == 0 ? 0 : in.next(Constraint.between(0, 3_000));
                total += use;
                if (tou) {
                    // a random split of the day's use over the four tariffs
                    long left = use;
                    for (int i = 0; i < 3; i++) {
                        long part = in.next(Constraint.between(0, left));
                        t[i] += part;
                        left -= part;
                    }
                    t[3] += left;
                }
                rev += in.next(Constraint.between(0, 30));
                r1 += in.next(Constraint.between(0, 500));
                r2 += in.next(Constraint.between(0, 200));
                truth.add(read(day, total, t.clone(), reverse ? rev : null, r1, r2, Quality.ACTUAL));
                read[d] = in.next(Constraint.between(1, 100)) <= readPercent;
                long kind = in.next(Constraint.between(0, 4));
                // intervals: none, complete and true, complete but off (even far above), or with holes
                intervals[d] = switch ((int) kind) {
                    case 0 -> null;
                    case 1 -> intervalsSumming(day, use * 100 + in.next(Constraint.between(0, 99)), 'A');
                    case 2 -> intervalsSumming(day, in.next(Constraint.between(0, 1_000_000)), 'E');
                    case 3 -> intervalsSumming(day, use * 100, 'A');
                    default -> {
                        IntervalDay full = intervalsSumming(day, use * 100, 'A');
                        char[] q = full.quality();
                        q[(int) in.next(Constraint.between(0, 95))] = 'M';
                        yield new IntervalDay(7, Channel.FORWARD_ACTIVE, day, full.values(), q);
                    }
                };
            }
            return new History(truth, read, intervals, tou);
        };
    }

    /** Estimates day after day as the nightly run would, each seeing the estimates before it. */
    Map<LocalDate, Estimate> nightly(History h, List<RegisterRead> rows) {
        Map<LocalDate, Estimate> made = new HashMap<>();
        for (int d = 0; d < DAYS; d++) {
            if (h.read()[d]) continue;
            LocalDate day = START.plusDays(d);
            Optional<Estimate> e = estimator.estimate(7, day, rows, h.intervals()[d]);
            e.ifPresent(x -> {
                rows.add(x.read());
                made.put(day, x);
            });
        }
        rows.sort(Comparator.comparing(RegisterRead::day));
        return made;
    }

    @Test
    void estimatesNeverDecreaseBetweenNeighboursNorExceedALaterActual() {
        qt().withExamples(300).forAll(histories()).checkAssert(h -> {
            List<RegisterRead> rows = new ArrayList<>(h.actuals());
            nightly(h, rows);
            for (int i = 0; i < RegisterEstimator.REGISTERS; i++) {
                Long last = null;
                for (RegisterRead r : rows) {
                    Long v = RegisterEstimator.values(r)[i];
                    if (v == null) continue;
                    if (last != null)
                        assertThat(v).as("register %d on %s", i, r.day()).isGreaterThanOrEqualTo(last);
                    last = v;
                }
                for (RegisterRead e : rows) {
                    if (e.quality() != Quality.ESTIMATED) continue;
                    for (RegisterRead a : h.actuals()) {
                        Long ev = RegisterEstimator.values(e)[i];
                        Long av = RegisterEstimator.values(a)[i];
                        if (a.day().isAfter(e.day()) && ev != null && av != null) {
                            assertThat(ev)
                                    .as("register %d on %s vs %s", i, e.day(), a.day())
                                    .isLessThanOrEqualTo(av);
                        }
                    }
                }
            }
        });
    }

    @Test
    void actualDaysAreNeverEstimatedAndNullRegistersStayNull() {
        qt().withExamples(200).forAll(histories()).checkAssert(h -> {
            List<RegisterRead> rows = new ArrayList<>(h.actuals());
            Map<LocalDate, Estimate> made = nightly(h, rows);
            for (RegisterRead a : h.actuals()) {
                assertThat(estimator.estimate(7, a.day(), rows, null)).isEmpty();
                assertThat(made).doesNotContainKey(a.day());
            }
            boolean reverse = h.truth().getFirst().reverse() != null;
            for (Estimate e : made.values()) {
                assertThat(e.read().quality()).isEqualTo(Quality.ESTIMATED);
                assertThat(e.read().total()).isNotNull();
                if (!h.tou()) assertThat(e.read().t1()).isNull();
                if (!reverse) assertThat(e.read().reverse()).isNull();
            }
        });
    }

    @Test
    void estimatingAgainWithTheSameDataGivesTheSameRead() {
        qt().withExamples(200).forAll(histories()).checkAssert(h -> {
            List<RegisterRead> rows = new ArrayList<>(h.actuals());
            Map<LocalDate, Estimate> made = nightly(h, rows);
            for (Map.Entry<LocalDate, Estimate> e : made.entrySet()) {
                int d = (int) (e.getKey().toEpochDay() - START.toEpochDay());
                // the stored estimate of the day itself is ignored, so a rerun stores nothing new
                assertThat(estimator.estimate(7, e.getKey(), rows, h.intervals()[d]))
                        .contains(e.getValue());
            }
        });
    }

    @Test
    void aDayWithoutAnyActualReadBeforeItIsNotEstimated() {
        qt().forAll(histories()).checkAssert(h -> {
            int firstRead = 0;
            while (firstRead < DAYS && !h.read()[firstRead]) firstRead++;
            List<RegisterRead> rows = new ArrayList<>(h.actuals());
            Map<LocalDate, Estimate> made = nightly(h, rows);
            for (int d = 0; d < Math.min(firstRead, DAYS); d++) {
                assertThat(made).doesNotContainKey(START.plusDays(d));
            }
        });
    }

    static long mismatch(RegisterRead r) {
        return r.total() - r.t1() - r.t2() - r.t3() - r.t4();
    }

    @Test
    void interpolatedAndExtrapolatedTouRegistersSumToTheTotalWithinThreeHundredths() {
        qt().withExamples(300)
                .forAll(histories(), integers().between(1, 13), integers().between(1, 14))
                .assuming((h, gap, offset) -> h.tou())
                .checkAssert((h, gap, offset) -> {
                    RegisterRead a = h.truth().get(10);
                    RegisterRead b = h.truth().get(10 + gap + 1);
                    RegisterRead mid = estimator
                            .estimate(7, START.plusDays(10 + 1 + (offset - 1) % gap), List.of(a, b), null)
                            .orElseThrow()
                            .read();
                    assertThat(mismatch(mid)).isBetween(0L, 3L);

                    RegisterRead first = h.truth().get(0);
                    RegisterRead latest = h.truth().get(20);
                    Estimate ahead = estimator
                            .estimate(7, START.plusDays(20 + offset), List.of(first, latest), null)
                            .orElseThrow();
                    assertThat(ahead.method()).isEqualTo(Method.EXTRAPOLATED);
                    assertThat(mismatch(ahead.read())).isBetween(0L, 3L);
                });
    }

    @Test
    void fromCompleteIntervalsTheTotalGrowsByTheRoundedDownSumAndTheTariffsByExactlyAsMuch() {
        qt().withExamples(300)
                .forAll(histories(), integers().between(0, 5_000_000))
                .assuming((h, sum) ->
                        h.tou() && h.truth().get(20).total() > h.truth().get(0).total())
                .checkAssert((h, sum) -> {
                    RegisterRead first = h.truth().get(0);
                    RegisterRead yesterday = h.truth().get(20);
                    LocalDate day = START.plusDays(21);
                    Estimate e = estimator
                            .estimate(7, day, List.of(first, yesterday), intervalsSumming(day, sum, 'E'))
                            .orElseThrow();
                    assertThat(e.method()).isEqualTo(Method.INTERVALS);
                    assertThat(e.read().total()).isEqualTo(yesterday.total() + sum / 100);
                    assertThat(mismatch(e.read())).isEqualTo(mismatch(yesterday));
                    assertThat(e.read().t1()).isGreaterThanOrEqualTo(yesterday.t1());
                });
    }

    @Test
    void roundsTheIntervalSumDownToWholeHundredths() {
        RegisterRead yesterday = RegisterRead.total(7, START, 1_000, null);
        LocalDate day = START.plusDays(1);
        Estimate e = estimator
                .estimate(7, day, List.of(yesterday), intervalsSumming(day, 12_399, 'A'))
                .orElseThrow();
        assertThat(e.read().total()).isEqualTo(1_123);
    }

    @Test
    void interpolatesByDaysAndClampsIntervalsThatOvershootTheNextRead() {
        RegisterRead a = RegisterRead.total(7, START, 1_000, null);
        RegisterRead b = RegisterRead.total(7, START.plusDays(4), 1_010, null);
        assertThat(estimator
                        .estimate(7, START.plusDays(1), List.of(a, b), null)
                        .orElseThrow()
                        .read()
                        .total())
                .isEqualTo(1_002);
        Estimate over = estimator
                .estimate(7, START.plusDays(1), List.of(a, b), intervalsSumming(START.plusDays(1), 5_000_000, 'A'))
                .orElseThrow();
        assertThat(over.method()).isEqualTo(Method.INTERVALS);
        assertThat(over.read().total()).isEqualTo(1_010);
    }

    @Test
    void readsOutsideTheWindowAreNotUsedAndDecreasingActualsAreLeftAlone() {
        RegisterRead old = RegisterRead.total(7, START, 1_000, null);
        assertThat(estimator.estimate(7, START.plusDays(15), List.of(old), null))
                .isEmpty();
        assertThat(estimator.estimate(7, START.plusDays(14), List.of(old), null))
                .map(e -> e.read().total())
                .contains(1_000L);
        RegisterRead lower = RegisterRead.total(7, START.plusDays(2), 900, null);
        assertThat(estimator.estimate(7, START.plusDays(1), List.of(old, lower), null))
                .isEmpty();
    }
}
