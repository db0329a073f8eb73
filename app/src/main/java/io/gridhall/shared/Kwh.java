package io.gridhall.shared;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.databind.annotation.JsonDeserialize;

/** An amount of active energy, exact to 0.0001 kWh (meter registers read XXXXXX.XX). */
@JsonDeserialize(using = Kwh.FromJson.class)
public record Kwh(@JsonValue BigDecimal value) implements Comparable<Kwh> {

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

    /** A bare number of kWh in JSON, as the API writes it; more than four decimals is refused. */
    static final class FromJson extends OneValueJson<Kwh> {
        FromJson() {
            super(Kwh.class, Kwh::of);
        }
    }

    @Override
    public String toString() {
        return value.stripTrailingZeros().toPlainString();
    }
}
