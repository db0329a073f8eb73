package io.gridhall.payment.internal;

import io.gridhall.customer.CustomerClass;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * The late-payment penalty of one bill (电费违约金, PAY-10), pure: accrued for every day from the day after the due
 * date to the day of payment, each day on what was still open of the bill at the start of that day (money received
 * on a day stops accrual on the part it settled from the next day on; the day of payment itself still counts), at
 * the rate of the customer's class and the arrears year in force that day.
 *
 * <p>Amounts are exact: a day's penalty is the principal in fen times the daily rate, kept with six decimals (the
 * rates have six, so nothing is rounded); the penalty posted is the exact sum rounded half up to the fen once, and
 * each run posts the difference between that and what was posted before. Splitting the accrual into runs therefore
 * never changes the total.
 */
final class LatePaymentPenalty {

    private LatePaymentPenalty() {}

    /** A change of what the bill owes, in fen, on a business day: the bill itself (positive), settlements. */
    record Movement(LocalDate day, long amount) {}

    /**
     * The exact penalty of the days {@code from} to {@code through} (both included; nothing when from is after
     * through).
     *
     * @param movements every movement of the bill's open amount, in any order
     */
    static BigDecimal accrue(
            PenaltyRates rates,
            CustomerClass customerClass,
            LocalDate dueOn,
            List<Movement> movements,
            LocalDate from,
            LocalDate through) {
        LocalDate first = from.isAfter(dueOn) ? from : dueOn.plusDays(1);
        BigDecimal sum = BigDecimal.ZERO.setScale(6);
        for (LocalDate day = first; !day.isAfter(through); day = day.plusDays(1)) {
            long principal = openAtStartOf(movements, day);
            if (principal <= 0) continue;
            BigDecimal rate = rates.rate(customerClass, PenaltyRates.arrears(dueOn, day), day);
            sum = sum.add(BigDecimal.valueOf(principal).multiply(rate));
        }
        return sum.setScale(6, RoundingMode.UNNECESSARY);
    }

    /** What was open of the bill when the day began: the movements of earlier days. */
    static long openAtStartOf(List<Movement> movements, LocalDate day) {
        long open = 0;
        for (Movement m : movements) if (m.day().isBefore(day)) open = Math.addExact(open, m.amount());
        return open;
    }

    /** The fen to post for an exact penalty: rounded half up, once, on the running total. */
    static long fen(BigDecimal exact) {
        return exact.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
