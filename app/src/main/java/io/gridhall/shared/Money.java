package io.gridhall.shared;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * An exact amount of yuan held as fen (0.01 yuan); one scale, forever. In JSON, wherever the API emits it, it is a
 * number of yuan with two decimals ({@code 1614.00}, {@code -138.80}), the form of every amount the API gives.
 */
@JsonDeserialize(using = Money.FromJson.class)
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

    @JsonValue
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

    /**
     * Reads the JSON form back, exactly: a number or decimal string of yuan (more than two decimals is an error,
     * never a rounding), or the {@code {"fen": n}} object that event publications stored before money had one form.
     */
    static final class FromJson extends ValueDeserializer<Money> {

        @Override
        public Money deserialize(JsonParser p, DeserializationContext ctxt) {
            try {
                return switch (p.currentToken()) {
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> yuan(p.getDecimalValue());
                    case VALUE_STRING -> yuan(p.getString().strip());
                    case START_OBJECT -> {
                        JsonNode fen = ctxt.readTree(p).get("fen");
                        if (fen == null || !fen.isIntegralNumber())
                            yield ctxt.reportInputMismatch(Money.class, "money is a number of yuan");
                        yield new Money(fen.longValue());
                    }
                    default -> (Money) ctxt.handleUnexpectedToken(Money.class, p);
                };
            } catch (ArithmeticException | NumberFormatException e) {
                return ctxt.reportInputMismatch(Money.class, "money is a number of yuan with at most two decimals");
            }
        }
    }
}
