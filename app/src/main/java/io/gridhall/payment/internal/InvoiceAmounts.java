package io.gridhall.payment.internal;

import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A line's amount with tax split into the amount without tax and the tax, as a VAT invoice shows them: electricity
 * prices include VAT, so the net amount is the amount divided by one plus the rate, rounded half up to the fen once,
 * and the tax is what is left (so net + tax is exactly what the customer paid). The platform accepts a line when its
 * tax lies within one fen of net × rate; this split stays within 0.565 fen of it at 13 % (the rounding error of the
 * net amount times 1 + rate).
 *
 * @param total the amount with tax (negative on a red invoice)
 */
record InvoiceAmounts(Money total, Money net, Money tax) {

    static InvoiceAmounts split(Money total, BigDecimal rate) {
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0)
            throw new IllegalArgumentException("a tax rate lies in [0, 1)");
        long net = BigDecimal.valueOf(total.fen())
                .divide(BigDecimal.ONE.add(rate), 0, RoundingMode.HALF_UP)
                .longValueExact();
        return new InvoiceAmounts(total, new Money(net), new Money(Math.subtractExact(total.fen(), net)));
    }

    /** Whether the tax lies within one fen of net × rate (the platform's tolerance per line). */
    static boolean withinTolerance(Money net, Money tax, BigDecimal rate) {
        BigDecimal expected = BigDecimal.valueOf(net.fen()).multiply(rate);
        return expected.subtract(BigDecimal.valueOf(tax.fen())).abs().compareTo(BigDecimal.ONE) <= 0;
    }

    InvoiceAmounts negate() {
        return new InvoiceAmounts(total.negate(), net.negate(), tax.negate());
    }
}
