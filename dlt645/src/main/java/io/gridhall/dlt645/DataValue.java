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

    /** YYMMDDWW: the date; decoding checks the weekday the meter reports (0 = Sunday) against it. */
    record Day(LocalDate date) implements DataValue {}

    /** hhmmss. */
    record TimeOfDay(LocalTime time) implements DataValue {}

    /** YYMMDDhhmm (e.g. the moment of a daily freeze) or YYMMDDhhmmss (the moments of event records). */
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

    /**
     * Text: ASCII nameplate items (rated voltage "220V", accuracy class "1.0", ...) in reading order
     * and without padding, BCD numbers whose leading zeros matter (meter number, operator code), or a
     * data identifier inside a record as 8 hex digits DI3 first.
     */
    record Text(String text) implements DataValue {
        public Text {
            if (text == null) {
                throw new IllegalArgumentException("text is required");
            }
        }
    }

    /**
     * The meter sent FF bytes: it has no such value, e.g. phases B and C in the voltage block of a
     * single-phase meter, or an unused identifier slot of a programming record.
     */
    record Absent() implements DataValue {}
}
