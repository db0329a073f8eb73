package io.gridhall.billing.internal.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.internal.rating.Usage.AccountFacts;
import io.gridhall.billing.internal.rating.Usage.MeterSegment;
import io.gridhall.billing.internal.rating.Usage.RegisterSnapshot;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * Properties of the rating engine over the shipped tariffs (QuickTheories). The power-factor adjustment is left out
 * where energy changes alone: a better power factor lowers the bill by design, so the meters here have no reactive
 * registers.
 */
class RatingPropertyTests {

    static final List<String> TARIFFS = List.of(
            "CN-ZJ-RES-TIERED",
            "CN-ZJ-RES-TOU",
            "CN-BJ-RES-TIERED",
            "CN-GD-RES-TIERED",
            "CN-SH-RES-TIERED",
            "CN-SH-RES-TOU",
            "CN-ZJ-COMMERCIAL",
            "CN-ZJ-AGRICULTURAL",
            "CN-ZJ-LI-10KV");

    final RatingEngine engine = new RatingEngine();

    /**
     * One account's month: a tariff, a stretch of days inside one calendar month (so one tier cycle), the same use
     * every day split over T1..T4 in fixed shares, and the tier counter so far.
     */
    record Case(
            String tariff,
            LocalDate from,
            int days,
            long perDay,
            int[] shares,
            long usedBefore,
            int multiplier,
            long maxDemand) {

        LocalDate to() {
            return from.plusDays(days - 1);
        }

        TariffSchedule schedule() {
            return Tariffs.schedule(tariff);
        }

        /** The registers (0.01 kWh) after {@code n} days. */
        RegisterSnapshot read(int n, long extraTotal, int extraRegister) {
            long total = perDay * n + extraTotal;
            long[] t = new long[4];
            long given = 0;
            for (int i = 0; i < 3; i++) {
                // each day splits the same way, so every register only grows
                t[i] = perDay * shares[i] / 100 * n + (extraRegister == i ? extraTotal : 0);
                given += t[i];
            }
            t[3] = total - given;
            return new RegisterSnapshot(from.plusDays(n - 1), total, t[0], t[1], t[2], t[3], null, null, "ACTUAL");
        }

        MeterSegment segment(int a, int b, long extraTotal, int extraRegister) {
            return new MeterSegment(
                    5,
                    "P0005",
                    multiplier,
                    read(a, 0, -1),
                    read(b, extraTotal, extraRegister),
                    BigDecimal.valueOf(maxDemand),
                    MeterSegment.MAIN);
        }

        AccountFacts facts(long before) {
            return new AccountFacts(
                    9,
                    "X",
                    LocalDate.of(from.getYear(), 1, 1),
                    new Kwh(BigDecimal.valueOf(before, 2)),
                    3,
                    new BigDecimal("630"),
                    new BigDecimal("800"),
                    List.of(),
                    null);
        }

        Usage usage(long extraTotal, int extraRegister) {
            return new Usage(from, to(), List.of(segment(0, days, extraTotal, extraRegister)), facts(usedBefore));
        }
    }

    static Gen<Case> cases() {
        return in -> {
            String tariff = TARIFFS.get((int) in.next(Constraint.between(0, TARIFFS.size() - 1)));
            LocalDate month = LocalDate.of(2026, (int) in.next(Constraint.between(1, 12)), 1);
            int first = (int) in.next(Constraint.between(1, month.lengthOfMonth()));
            int days = (int) in.next(Constraint.between(1, month.lengthOfMonth() - first + 1));
            long perDay = in.next(Constraint.between(0, 3_000));
            int s1 = (int) in.next(Constraint.between(0, 40));
            int s2 = (int) in.next(Constraint.between(0, 40));
            int s3 = (int) in.next(Constraint.between(0, 100 - s1 - s2));
            long before = in.next(Constraint.between(0, 600_000));
            int multiplier = tariff.contains("-LI-") ? 1 + (int) in.next(Constraint.between(0, 2000)) : 1;
            long demand = in.next(Constraint.between(0, 1200));
            return new Case(
                    tariff,
                    month.withDayOfMonth(first),
                    days,
                    perDay,
                    new int[] {s1, s2, s3},
                    before,
                    multiplier,
                    demand);
        };
    }

    static BigDecimal sum(RatedBill bill, String prefix) {
        return bill.lines().stream()
                .filter(l -> l.code().startsWith(prefix))
                .map(BillLineView::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aBillNeverDecreasesWhenEnergyIncreasesInAnyPeriod() {
        qt().withExamples(400)
                .forAll(cases(), Gen_.between(1, 500_000), Gen_.between(-1, 2))
                .checkAssert((c, extra, register) -> {
                    RatedBill less = engine.rate(c.schedule(), c.usage(0, -1));
                    RatedBill more = engine.rate(c.schedule(), c.usage(extra, register));
                    assertThat(more.total())
                            .as("%s +%d hundredths in register %d", c, extra, register)
                            .isGreaterThanOrEqualTo(less.total());
                });
    }

    @Test
    void tierQuantitiesAndPeriodQuantitiesSumToTheTotal() {
        qt().withExamples(400).forAll(cases()).checkAssert(c -> {
            RatedBill bill = engine.rate(c.schedule(), c.usage(0, -1));
            TariffVersion v = c.schedule().versions().getFirst();
            BigDecimal energy = bill.energy().value();
            if (v.energy().timeOfUse()) {
                assertThat(sum(bill, "TOU_")).isEqualByComparingTo(energy);
                assertThat(sum(bill, "TIER_INCREMENT_")).isLessThanOrEqualTo(energy);
            } else if (v.tiers() != null) {
                assertThat(sum(bill, "ENERGY_TIER")).isEqualByComparingTo(energy);
            } else {
                assertThat(sum(bill, "ENERGY").add(sum(bill, "LIGHTING"))).isEqualByComparingTo(energy);
            }
            if (v.tiers() != null)
                assertThat(bill.tierUsedAfter().value())
                        .isEqualByComparingTo(
                                BigDecimal.valueOf(c.usedBefore(), 2).add(energy));
        });
    }

    @Test
    void splittingAPeriodAtADayChangesTheTotalByNoMoreThanTheRounding() {
        qt().withExamples(300)
                .forAll(cases(), Gen_.between(0, 1000))
                .assuming((c, x) -> c.days() >= 2)
                .checkAssert((c, x) -> {
                    int at = 1 + x % (c.days() - 1);
                    RatedBill whole = engine.rate(c.schedule(), c.usage(0, -1));
                    // 1..at and at+1..days, the second starting from the first's tier counter
                    Usage first = new Usage(
                            c.from(),
                            c.from().plusDays(at - 1),
                            List.of(c.segment(0, at, 0, -1)),
                            c.facts(c.usedBefore()));
                    RatedBill a = engine.rate(c.schedule(), first);
                    Usage second = new Usage(
                            c.from().plusDays(at),
                            c.to(),
                            List.of(c.segment(at, c.days(), 0, -1)),
                            c.facts(a.tierUsedAfter().value().movePointRight(2).longValueExact()));
                    RatedBill b = engine.rate(c.schedule(), second);
                    long lines =
                            whole.lines().size() + a.lines().size() + b.lines().size();
                    // each line rounds once, by at most half a fen; the TOU shares truncate to 0.0001 kWh per register
                    long diff = Math.abs(
                            a.total().plus(b.total()).minus(whole.total()).fen());
                    assertThat(diff).as("%s split after day %d", c, at).isLessThanOrEqualTo(lines);
                    assertThat(a.energy().plus(b.energy())).isEqualTo(whole.energy());
                });
    }

    @Test
    void theSameInputGivesTheSameBill() {
        qt().withExamples(200).forAll(cases()).checkAssert(c -> {
            RatedBill one = engine.rate(c.schedule(), c.usage(0, -1));
            RatedBill two = new RatingEngine().rate(Tariffs.schedule(c.tariff()), c.usage(0, -1));
            assertThat(two).isEqualTo(one);
            Money sum = one.lines().stream().map(BillLineView::amount).reduce(Money.ZERO, Money::plus);
            assertThat(one.total()).isEqualTo(sum);
        });
    }

    /** Integer generators without the Gen DSL's boxing noise. */
    static final class Gen_ {
        static Gen<Integer> between(int a, int b) {
            return in -> (int) in.next(Constraint.between(a, b));
        }
    }
}
