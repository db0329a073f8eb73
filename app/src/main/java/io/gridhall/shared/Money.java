package io.gridhall.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** An exact amount of yuan held as fen (0.01 yuan); one scale, forever. */
public record Money(long fen) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    public static Money fen(long fen) {
        return new Money(fen);
    }

    /** Parses "12.34" yuan; more than two decimals is an error, never a silent rounding. */
    public static Money yuan(String yuan) {
        return yuan(new BigDecimal(yuan));
    }

    public static Money yuan(BigDecimal yuan) {
        return new Money(yuan.movePointRight(2).longValueExact());
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(fen, other.fen));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(fen, other.fen));
    }

    public Money negate() {
        return new Money(Math.negateExact(fen));
    }

    public boolean isNegative() {
        return fen < 0;
    }

    public BigDecimal toYuan() {
        return BigDecimal.valueOf(fen, 2);
    }

    /** Multiplies by an exact factor, rounding once with the given mode. */
    public Money times(BigDecimal factor, RoundingMode mode) {
        return new Money(
                BigDecimal.valueOf(fen).multiply(factor).setScale(0, mode).longValueExact());
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(fen, other.fen);
    }

    @Override
    public String toString() {
        return toYuan().toPlainString();
    }
}
