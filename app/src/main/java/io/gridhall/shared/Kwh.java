package io.gridhall.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** An amount of active energy, exact to 0.0001 kWh (meter registers read XXXXXX.XX). */
public record Kwh(BigDecimal value) implements Comparable<Kwh> {

    public static final int SCALE = 4;
    public static final Kwh ZERO = new Kwh(BigDecimal.ZERO);

    public Kwh {
        value = value.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    public static Kwh of(String kwh) {
        return new Kwh(new BigDecimal(kwh));
    }

    public Kwh plus(Kwh other) {
        return new Kwh(value.add(other.value));
    }

    public Kwh minus(Kwh other) {
        return new Kwh(value.subtract(other.value));
    }

    @Override
    public int compareTo(Kwh other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.stripTrailingZeros().toPlainString();
    }
}
