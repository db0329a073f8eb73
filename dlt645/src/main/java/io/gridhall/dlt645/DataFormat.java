package io.gridhall.dlt645;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * How one value is laid out on the wire. Numbers are BCD, low byte first; signed formats use the
 * top bit of the most significant byte as the sign, as DL/T 645-2007 does for current, power,
 * power factor and combined energy.
 */
public enum DataFormat {
    /** XXXXXX.XX kWh or kvarh. */
    ENERGY("XXXXXX.XX", 4, 2, false),
    /** XXXXXX.XX with sign bit: combined active and combined reactive energy may be negative. */
    SIGNED_ENERGY("XXXXXX.XX", 4, 2, true),
    /** XXX.X V. */
    VOLTAGE("XXX.X", 2, 1, false),
    /** XXX.XXX A with sign bit. */
    CURRENT("XXX.XXX", 3, 3, true),
    /** XX.XXXX kW or kvar with sign bit. */
    POWER("XX.XXXX", 3, 4, true),
    /** X.XXX with sign bit. */
    POWER_FACTOR("X.XXX", 2, 3, true),
    /** XX.XX Hz. */
    FREQUENCY("XX.XX", 2, 2, false),
    /** XXXXXX.XX yuan: remaining money and overdraft. */
    MONEY("XXXXXX.XX", 4, 2, false),
    /** XXXXXX: event counts. */
    COUNT("XXXXXX", 3, 0, false),
    /** YYMMDDWW, WW the weekday with 0 = Sunday. */
    DATE("YYMMDDWW", 4, 0, false),
    /** hhmmss. */
    TIME("hhmmss", 3, 0, false),
    /** YYMMDDhhmm. */
    TIMESTAMP("YYMMDDhhmm", 5, 0, false),
    /** 16 status bits, binary (not BCD). */
    STATUS_WORD("XXXX", 2, 0, false);

    private final String pattern;
    private final int length;
    private final int scale;
    private final boolean signed;

    DataFormat(String pattern, int length, int scale, boolean signed) {
        this.pattern = pattern;
        this.length = length;
        this.scale = scale;
        this.signed = signed;
    }

    /** The notation of the standard, e.g. "XXXXXX.XX". */
    public String pattern() {
        return pattern;
    }

    /** Bytes on the wire. */
    public int length() {
        return length;
    }

    /** Decimal places of numeric formats. */
    public int scale() {
        return scale;
    }

    public boolean signed() {
        return signed;
    }

    public boolean numeric() {
        return ordinal() <= COUNT.ordinal();
    }

    /** Largest magnitude a numeric format can carry. */
    public BigDecimal maxMagnitude() {
        int digits = length * 2;
        // With a sign bit the top digit can only be 0..7.
        BigInteger max = signed
                ? BigInteger.valueOf(8).multiply(BigInteger.TEN.pow(digits - 1)).subtract(BigInteger.ONE)
                : BigInteger.TEN.pow(digits).subtract(BigInteger.ONE);
        return new BigDecimal(max, scale);
    }

    public DataValue decode(byte[] bytes, int offset) throws DecodeException {
        if (bytes.length - offset < length) {
            throw new DecodeException(new DecodeError.Truncated(pattern, length, bytes.length - offset));
        }
        return switch (this) {
            case DATE -> decodeDate(bytes, offset);
            case TIME -> decodeTime(bytes, offset);
            case TIMESTAMP -> decodeTimestamp(bytes, offset);
            case STATUS_WORD -> new DataValue.StatusBits((bytes[offset] & 0xFF) | ((bytes[offset + 1] & 0xFF) << 8));
            default -> decodeNumber(bytes, offset);
        };
    }

    /** Encodes {@code value}; throws IllegalArgumentException when it has the wrong type or range. */
    public byte[] encode(DataValue value) {
        return switch (this) {
            case DATE -> {
                LocalDate d = as(value, DataValue.Day.class).date();
                checkYear(d.getYear());
                yield new byte[] {
                    Bcd.of(d.getDayOfWeek().getValue() % 7), Bcd.of(d.getDayOfMonth()),
                    Bcd.of(d.getMonthValue()), Bcd.of(d.getYear() - 2000)
                };
            }
            case TIME -> {
                LocalTime t = as(value, DataValue.TimeOfDay.class).time();
                yield new byte[] {Bcd.of(t.getSecond()), Bcd.of(t.getMinute()), Bcd.of(t.getHour())};
            }
            case TIMESTAMP -> {
                LocalDateTime t = as(value, DataValue.Timestamp.class).dateTime();
                checkYear(t.getYear());
                yield new byte[] {
                    Bcd.of(t.getMinute()),
                    Bcd.of(t.getHour()),
                    Bcd.of(t.getDayOfMonth()),
                    Bcd.of(t.getMonthValue()),
                    Bcd.of(t.getYear() - 2000)
                };
            }
            case STATUS_WORD -> {
                int bits = as(value, DataValue.StatusBits.class).bits();
                yield new byte[] {(byte) bits, (byte) (bits >> 8)};
            }
            default -> encodeNumber(as(value, DataValue.Decimal.class).value());
        };
    }

    private byte[] encodeNumber(BigDecimal value) {
        BigDecimal exact;
        try {
            exact = value.setScale(scale);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "value " + value.toPlainString() + " has more than " + scale + " decimals for " + this);
        }
        boolean negative = exact.signum() < 0;
        if (negative && !signed) {
            throw new IllegalArgumentException(this + " cannot be negative: " + value.toPlainString());
        }
        if (exact.abs().compareTo(maxMagnitude()) > 0) {
            throw new IllegalArgumentException(
                    value.toPlainString() + " out of range for " + this + " (" + pattern + ")");
        }
        String digits = exact.abs().unscaledValue().toString();
        byte[] out = Bcd.bytes("0".repeat(length * 2 - digits.length()) + digits);
        if (negative) {
            out[length - 1] |= (byte) 0x80;
        }
        return out;
    }

    private DataValue decodeNumber(byte[] bytes, int offset) throws DecodeException {
        byte[] copy = new byte[length];
        System.arraycopy(bytes, offset, copy, 0, length);
        boolean negative = false;
        if (signed) {
            negative = (copy[length - 1] & 0x80) != 0;
            copy[length - 1] &= 0x7F;
        }
        String digits = Bcd.digits(copy, 0, length, pattern);
        BigDecimal magnitude = new BigDecimal(new BigInteger(digits), scale);
        return new DataValue.Decimal(negative ? magnitude.negate() : magnitude);
    }

    private DataValue decodeDate(byte[] b, int o) throws DecodeException {
        int weekday = Bcd.value(b[o], "WW");
        int day = Bcd.value(b[o + 1], "DD");
        int month = Bcd.value(b[o + 2], "MM");
        int year = Bcd.value(b[o + 3], "YY");
        if (weekday > 6) {
            throw new DecodeException(new DecodeError.BadValue("weekday", String.valueOf(weekday)));
        }
        try {
            return new DataValue.Day(LocalDate.of(2000 + year, month, day));
        } catch (DateTimeException e) {
            throw new DecodeException(new DecodeError.BadValue("date", year + "-" + month + "-" + day));
        }
    }

    private DataValue decodeTime(byte[] b, int o) throws DecodeException {
        return new DataValue.TimeOfDay(
                time(Bcd.value(b[o + 2], "hh"), Bcd.value(b[o + 1], "mm"), Bcd.value(b[o], "ss")));
    }

    private DataValue decodeTimestamp(byte[] b, int o) throws DecodeException {
        LocalTime time = time(Bcd.value(b[o + 1], "hh"), Bcd.value(b[o], "mm"), 0);
        int day = Bcd.value(b[o + 2], "DD");
        int month = Bcd.value(b[o + 3], "MM");
        int year = Bcd.value(b[o + 4], "YY");
        try {
            return new DataValue.Timestamp(LocalDate.of(2000 + year, month, day).atTime(time));
        } catch (DateTimeException e) {
            throw new DecodeException(new DecodeError.BadValue("date", year + "-" + month + "-" + day));
        }
    }

    static LocalTime time(int hour, int minute, int second) throws DecodeException {
        try {
            return LocalTime.of(hour, minute, second);
        } catch (DateTimeException e) {
            throw new DecodeException(new DecodeError.BadValue("time", hour + ":" + minute + ":" + second));
        }
    }

    static void checkYear(int year) {
        if (year < 2000 || year > 2099) {
            throw new IllegalArgumentException("YY covers 2000..2099 only: " + year);
        }
    }

    private <T extends DataValue> T as(DataValue value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(this + " needs " + type.getSimpleName() + ", got " + value);
        }
        return type.cast(value);
    }
}
