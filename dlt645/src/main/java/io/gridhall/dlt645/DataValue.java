package io.gridhall.dlt645;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** A decoded value of one data item. Quantities are exact decimals, never floating point. */
public sealed interface DataValue {

    /** A number at the scale of its format, e.g. 123456.78 kWh or -0.512 power factor. */
    record Decimal(BigDecimal value) implements DataValue {
        public Decimal {
            if (value == null) {
                throw new IllegalArgumentException("value is required");
            }
        }

        public static Decimal of(String text) {
            return new Decimal(new BigDecimal(text));
        }
    }

    /** YYMMDDWW: the date, with the weekday the meter reports (0 = Sunday). */
    record Day(LocalDate date) implements DataValue {}

    /** hhmmss. */
    record TimeOfDay(LocalTime time) implements DataValue {}

    /** YYMMDDhhmm, e.g. the moment of a daily freeze. */
    record Timestamp(LocalDateTime dateTime) implements DataValue {}

    /** A 16-bit status word; see {@link StatusWord3} for the relay bits. */
    record StatusBits(int bits) implements DataValue {
        public StatusBits {
            if (bits < 0 || bits > 0xFFFF) {
                throw new IllegalArgumentException("status word has 16 bits: " + bits);
            }
        }

        public boolean isSet(int bit) {
            return (bits & (1 << bit)) != 0;
        }
    }
}
