package io.gridhall.payment.internal;

import io.gridhall.customer.CustomerClass;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * The late-payment penalty rates (电费违约金) as data (table {@code payment.penalty_rate}): a daily rate per customer
 * class and arrears year, each in force from a day until a later rule for the same class and year replaces it.
 */
record PenaltyRates(List<Rule> rules) {

    /** Whose arrears: of a bill due in the calendar year of the day accrued, or in an earlier year. */
    enum Arrears {
        CURRENT_YEAR,
        PRIOR_YEARS
    }

    /** @param perDay a fraction of the principal per day, for example 0.002 for 2‰ */
    record Rule(LocalDate effectiveFrom, CustomerClass customerClass, Arrears arrears, BigDecimal perDay) {

        Rule {
            if (perDay.signum() < 0 || perDay.compareTo(BigDecimal.ONE) >= 0)
                throw new IllegalArgumentException("a daily rate of " + perDay);
        }
    }

    PenaltyRates {
        rules = rules.stream()
                .sorted(Comparator.comparing(Rule::effectiveFrom).reversed())
                .toList();
    }

    /** The rate in force on the day; zero where no rule is in force yet. */
    BigDecimal rate(CustomerClass customerClass, Arrears arrears, LocalDate day) {
        for (Rule r : rules)
            if (r.customerClass() == customerClass
                    && r.arrears() == arrears
                    && !r.effectiveFrom().isAfter(day)) return r.perDay();
        return BigDecimal.ZERO;
    }

    /** The arrears year of a bill due on {@code dueOn}, accrued on {@code day}. */
    static Arrears arrears(LocalDate dueOn, LocalDate day) {
        return dueOn.getYear() < day.getYear() ? Arrears.PRIOR_YEARS : Arrears.CURRENT_YEAR;
    }
}
