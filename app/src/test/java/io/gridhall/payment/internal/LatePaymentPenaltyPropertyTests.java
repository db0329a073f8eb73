package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.gridhall.customer.CustomerClass;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The late-payment penalty of one bill (PAY-10), on the rates of 供电营业规则 as the migration seeds them. */
class LatePaymentPenaltyPropertyTests {

    static final PenaltyRates RATES = new PenaltyRates(List.of(
            rule(CustomerClass.RESIDENTIAL, PenaltyRates.Arrears.CURRENT_YEAR, "0.001"),
            rule(CustomerClass.RESIDENTIAL, PenaltyRates.Arrears.PRIOR_YEARS, "0.001"),
            rule(CustomerClass.COMMERCIAL, PenaltyRates.Arrears.CURRENT_YEAR, "0.002"),
            rule(CustomerClass.COMMERCIAL, PenaltyRates.Arrears.PRIOR_YEARS, "0.003"),
            rule(CustomerClass.LARGE_INDUSTRIAL, PenaltyRates.Arrears.CURRENT_YEAR, "0.002"),
            rule(CustomerClass.LARGE_INDUSTRIAL, PenaltyRates.Arrears.PRIOR_YEARS, "0.003")));

    static PenaltyRates.Rule rule(CustomerClass c, PenaltyRates.Arrears a, String perDay) {
        return new PenaltyRates.Rule(LocalDate.of(1996, 1, 1), c, a, new BigDecimal(perDay));
    }

    static final LocalDate DUE = LocalDate.of(2026, 11, 20);

    /** A bill of 1 fen to 1,000,000 yuan issued before it is due, and settlements (some late, some partial). */
    record Bill(CustomerClass customerClass, List<LatePaymentPenalty.Movement> movements) {}

    static Gen<Bill> bills() {
        Gen<CustomerClass> classes = integers()
                .between(0, 2)
                .map(i -> new CustomerClass[] {
                            CustomerClass.RESIDENTIAL, CustomerClass.COMMERCIAL, CustomerClass.LARGE_INDUSTRIAL
                        }
                        [i]);
        Gen<List<long[]>> payments = lists().of(
                        integers().between(-15, 120).zip(integers().between(1, 100), (d, pct) -> new long[] {d, pct}))
                .ofSizeBetween(0, 5);
        return classes.zip(longs().between(1, 100_000_000L), payments, (c, amount, pays) -> {
            List<LatePaymentPenalty.Movement> m = new ArrayList<>();
            m.add(new LatePaymentPenalty.Movement(DUE.minusDays(20), amount));
            long open = amount;
            for (long[] p : pays) {
                long part = Math.min(open, Math.max(1, amount * p[1] / 100));
                if (part == 0) break;
                m.add(new LatePaymentPenalty.Movement(DUE.plusDays(p[0]), -part));
                open -= part;
            }
            return new Bill(c, m);
        });
    }

    static BigDecimal accrue(Bill b, LocalDate from, LocalDate through) {
        return LatePaymentPenalty.accrue(RATES, b.customerClass(), DUE, b.movements(), from, through);
    }

    @Test
    void growsWithEveryDayLateAndIsNeverNegative() {
        qt().forAll(bills(), integers().between(0, 400)).checkAssert((b, days) -> {
            BigDecimal shorter = accrue(b, DUE, DUE.plusDays(days));
            BigDecimal longer = accrue(b, DUE, DUE.plusDays(days + 1));
            assertThat(shorter.signum()).isNotNegative();
            assertThat(longer).isGreaterThanOrEqualTo(shorter);
            assertThat(LatePaymentPenalty.fen(longer)).isGreaterThanOrEqualTo(LatePaymentPenalty.fen(shorter));
        });
    }

    @Test
    void isZeroWhenPaidByTheDueDate() {
        qt().forAll(
                        longs().between(1, 100_000_000L),
                        integers().between(0, 30),
                        integers().between(0, 400))
                .checkAssert((amount, early, days) -> {
                    List<LatePaymentPenalty.Movement> m = List.of(
                            new LatePaymentPenalty.Movement(DUE.minusDays(20), amount),
                            new LatePaymentPenalty.Movement(DUE.minusDays(early), -amount));
                    assertThat(LatePaymentPenalty.accrue(
                                    RATES, CustomerClass.COMMERCIAL, DUE, m, DUE.minusDays(40), DUE.plusDays(days)))
                            .isZero();
                });
    }

    @Test
    void addsUpOverAnySplitOfThePeriodAndSoDoesWhatIsPosted() {
        qt().forAll(bills(), integers().between(0, 400), integers().between(0, 400))
                .checkAssert((b, a, c) -> {
                    LocalDate split = DUE.plusDays(Math.min(a, c)), end = DUE.plusDays(Math.max(a, c));
                    BigDecimal whole = accrue(b, DUE, end);
                    BigDecimal first = accrue(b, DUE, split), second = accrue(b, split.plusDays(1), end);
                    assertThat(first.add(second)).isEqualByComparingTo(whole);
                    // what the runs post: the rounded running total minus what was posted before
                    long posted = LatePaymentPenalty.fen(first)
                            + (LatePaymentPenalty.fen(whole) - LatePaymentPenalty.fen(first));
                    assertThat(posted).isEqualTo(LatePaymentPenalty.fen(whole));
                    assertThat(LatePaymentPenalty.fen(whole) - LatePaymentPenalty.fen(first))
                            .isNotNegative();
                });
    }

    @Test
    void countsFromTheDayAfterTheDueDateToTheDayOfPaymentOnWhatWasOpen() {
        // 100.00 yuan, residential 1‰: 60 fen is paid on the 3rd day late; days 1-3 on 10,000 fen, days 4-5 on 4,000
        List<LatePaymentPenalty.Movement> m = List.of(
                new LatePaymentPenalty.Movement(DUE.minusDays(20), 10_000),
                new LatePaymentPenalty.Movement(DUE.plusDays(3), -6_000));
        BigDecimal five = LatePaymentPenalty.accrue(RATES, CustomerClass.RESIDENTIAL, DUE, m, DUE, DUE.plusDays(5));
        assertThat(five).isEqualByComparingTo("38"); // 3 x 10 + 2 x 4 fen
        assertThat(LatePaymentPenalty.accrue(RATES, CustomerClass.RESIDENTIAL, DUE, m, DUE, DUE))
                .isZero();
        // paid in full on the first day late: that day still counts
        List<LatePaymentPenalty.Movement> paid = List.of(
                new LatePaymentPenalty.Movement(DUE.minusDays(20), 10_000),
                new LatePaymentPenalty.Movement(DUE.plusDays(1), -10_000));
        assertThat(LatePaymentPenalty.accrue(RATES, CustomerClass.RESIDENTIAL, DUE, paid, DUE, DUE.plusDays(30)))
                .isEqualByComparingTo("10");
    }

    @Test
    void arrearsFromAnEarlierYearAccrueAtThePriorYearsRateFromNewYearsDay() {
        LocalDate due = LocalDate.of(2026, 12, 30);
        List<LatePaymentPenalty.Movement> m = List.of(new LatePaymentPenalty.Movement(due.minusDays(20), 1_000_000));
        // Dec 31 at 2‰ (2,000 fen), Jan 1 and 2 at 3‰ (3,000 fen each)
        assertThat(LatePaymentPenalty.accrue(RATES, CustomerClass.COMMERCIAL, due, m, due, LocalDate.of(2027, 1, 2)))
                .isEqualByComparingTo("8000");
        // residential stays at 1‰
        assertThat(LatePaymentPenalty.accrue(RATES, CustomerClass.RESIDENTIAL, due, m, due, LocalDate.of(2027, 1, 2)))
                .isEqualByComparingTo("3000");
    }

    @Test
    void aRuleInForceLaterReplacesTheEarlierFromItsDay() {
        PenaltyRates changed = new PenaltyRates(List.of(
                rule(CustomerClass.COMMERCIAL, PenaltyRates.Arrears.CURRENT_YEAR, "0.002"),
                new PenaltyRates.Rule(
                        DUE.plusDays(3),
                        CustomerClass.COMMERCIAL,
                        PenaltyRates.Arrears.CURRENT_YEAR,
                        new BigDecimal("0.0015"))));
        List<LatePaymentPenalty.Movement> m = List.of(new LatePaymentPenalty.Movement(DUE.minusDays(1), 10_000));
        // days 1, 2 at 20 fen; days 3, 4 at 15
        assertThat(LatePaymentPenalty.accrue(changed, CustomerClass.COMMERCIAL, DUE, m, DUE, DUE.plusDays(4)))
                .isEqualByComparingTo("70");
        // a class without a rule accrues nothing
        assertThat(LatePaymentPenalty.accrue(changed, CustomerClass.AGRICULTURAL, DUE, m, DUE, DUE.plusDays(4)))
                .isZero();
    }

    @Test
    void roundsTheRunningTotalHalfUpOnce() {
        // 5 fen at 1‰ is 0.005 fen a day: nothing for 99 days, 1 fen from the 100th (0.5 rounds up)
        List<LatePaymentPenalty.Movement> m = List.of(new LatePaymentPenalty.Movement(DUE.minusDays(1), 5));
        assertThat(LatePaymentPenalty.fen(
                        LatePaymentPenalty.accrue(RATES, CustomerClass.RESIDENTIAL, DUE, m, DUE, DUE.plusDays(99))))
                .isZero();
        assertThat(LatePaymentPenalty.fen(
                        LatePaymentPenalty.accrue(RATES, CustomerClass.RESIDENTIAL, DUE, m, DUE, DUE.plusDays(100))))
                .isEqualTo(1);
    }
}
