package io.gridhall.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A price in yuan per unit (kWh, kVA-month, kW-month), exact to 0.000001 yuan. Charging rounds once, half up to the
 * fen: a bill line is {@code rate.charge(quantity)} and nothing else rounds it.
 */
public record Rate(BigDecimal yuanPerUnit) implements Comparable<Rate> {

    public static final int SCALE = 6;
    public static final Rate ZERO = new Rate(BigDecimal.ZERO);

    /** More than six decimals is an error, never a silent rounding. */
    public Rate {
        yuanPerUnit = yuanPerUnit.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    public static Rate of(String yuanPerUnit) {
        return new Rate(new BigDecimal(yuanPerUnit));
    }

    public Rate plus(Rate other) {
        return new Rate(yuanPerUnit.add(other.yuanPerUnit));
    }

    public Rate minus(Rate other) {
        return new Rate(yuanPerUnit.subtract(other.yuanPerUnit));
    }

    public boolean isNegative() {
        return yuanPerUnit.signum() < 0;
    }

    /** The charge for {@code energy}, rounded once half up to the fen. */
    public Money charge(Kwh energy) {
        return charge(energy.value());
    }

    /** The charge for a quantity in this rate's unit (kVA-month, kW-month, kWh), rounded once half up to the fen. */
    public Money charge(BigDecimal quantity) {
        return new Money(yuanPerUnit
                .multiply(quantity)
                .movePointRight(2)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact());
    }

    @Override
    public int compareTo(Rate other) {
        return yuanPerUnit.compareTo(other.yuanPerUnit);
    }

    @Override
    public String toString() {
        return yuanPerUnit.toPlainString();
    }
}
