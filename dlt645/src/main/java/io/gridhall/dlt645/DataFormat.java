package io.gridhall.dlt645;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * How one value is laid out on the wire, in the notation of DL/T 645-2007 appendix A. Everything is
 * sent low byte first: numbers are BCD, and signed formats use the top bit of the most significant
 * byte as the sign, as the standard does for current, power, power factor, temperature and combined
 * energy. ASCII fields are sent low byte first too, so the text arrives reversed.
 *
 * <p>A meter fills a value it does not have with {@code FF} bytes, e.g. phases B and C in the
 * voltage block of a single-phase meter. Every format except {@link #STATUS_WORD} (where FFFF is
 * a valid word) decodes such a value as {@link DataValue.Absent}. An event record's moment that has not happened
 * (the end of a power loss still going on, or a record the meter has not written yet) is all zero bytes, which
 * {@link #DATE_TIME} decodes as {@link DataValue.Absent} too.
 */
public enum DataFormat {
    /** XXXXXX.XX kWh, kvarh or kVAh. */
    ENERGY("XXXXXX.XX", 4, 2, Kind.NUMBER, false),
    /** XXXXXX.XX with sign bit: combined active and combined reactive energy may be negative. */
    SIGNED_ENERGY("XXXXXX.XX", 4, 2, Kind.NUMBER, true),
    /** XXX.X V. */
    VOLTAGE("XXX.X", 2, 1, Kind.NUMBER, false),
    /** XXX.XXX A with sign bit. */
    CURRENT("XXX.XXX", 3, 3, Kind.NUMBER, true),
    /** XX.XXXX kW, kvar or kVA with sign bit: power and demand. */
    POWER("XX.XXXX", 3, 4, Kind.NUMBER, true),
    /** X.XXX with sign bit. */
    POWER_FACTOR("X.XXX", 2, 3, Kind.NUMBER, true),
    /** XX.XX Hz. */
    FREQUENCY("XX.XX", 2, 2, Kind.NUMBER, false),
    /** XXX.X degrees: phase angles. */
    ANGLE("XXX.X", 2, 1, Kind.NUMBER, false),
    /** XX.XX %: waveform distortion and harmonic content. */
    PERCENT("XX.XX", 2, 2, Kind.NUMBER, false),
    /** XXX.X degrees Celsius with sign bit. */
    TEMPERATURE("XXX.X", 2, 1, Kind.NUMBER, true),
    /** XX.XX V: battery voltages. */
    BATTERY_VOLTAGE("XX.XX", 2, 2, Kind.NUMBER, false),
    /** XXXXXX.XX yuan: remaining money and overdraft. */
    MONEY("XXXXXX.XX", 4, 2, Kind.NUMBER, false),
    /** XXXX.XXXX yuan/kWh: the current step price. */
    PRICE("XXXX.XXXX", 4, 4, Kind.NUMBER, false),
    /** XXXXXX: event counts, cumulative minutes, meter constants (imp/kWh). */
    COUNT("XXXXXX", 3, 0, Kind.NUMBER, false),
    /** XXXXXXXX: long counts such as battery running minutes. */
    LONG_COUNT("XXXXXXXX", 4, 0, Kind.NUMBER, false),
    /** NN: one-byte numbers such as the demand period in minutes or the number of tariffs. */
    SMALL_NUMBER("NN", 1, 0, Kind.NUMBER, false),
    /** NNNN: two-byte numbers such as the pulse width in ms or the number of public holidays. */
    NUMBER("NNNN", 2, 0, Kind.NUMBER, false),
    /** YYMMDDWW, WW the weekday with 0 = Sunday; a weekday that does not match the date is an error. */
    DATE("YYMMDDWW", 4, 0, Kind.DATE, false),
    /** hhmmss. */
    TIME("hhmmss", 3, 0, Kind.TIME, false),
    /** YYMMDDhhmm. */
    TIMESTAMP("YYMMDDhhmm", 5, 0, Kind.TIMESTAMP, false),
    /** YYMMDDhhmmss: the moments of event records. */
    DATE_TIME("YYMMDDhhmmss", 6, 0, Kind.DATE_TIME, false),
    /** 16 status bits, binary (not BCD). */
    STATUS_WORD("XXXX", 2, 0, Kind.STATUS, false),
    /** DDhh: a settlement day, as the digits "DDhh". */
    DAY_HOUR("DDhh", 2, 0, Kind.DIGITS, false),
    /** NNNNNNNN: an operator code, as 8 digits. */
    OPERATOR("NNNNNNNN", 4, 0, Kind.DIGITS, false),
    /** NNNNNNNNNNNN: communication address, meter number or user number, as 12 digits. */
    DIGITS_12("NNNNNNNNNNNN", 6, 0, Kind.DIGITS, false),
    /** A data identifier inside a record (programming and event-clear records), as 8 hex digits DI3 first. */
    IDENTIFIER("DI3DI2DI1DI0", 4, 0, Kind.IDENTIFIER, false),
    /** 4 ASCII characters: accuracy classes. */
    ASCII_4("ASCII 4", 4, 0, Kind.ASCII, false),
    /** 6 ASCII characters: rated voltage, rated current, maximum current. */
    ASCII_6("ASCII 6", 6, 0, Kind.ASCII, false),
    /** 10 ASCII characters: meter model, production date. */
    ASCII_10("ASCII 10", 10, 0, Kind.ASCII, false),
    /** 16 ASCII characters: protocol version. */
    ASCII_16("ASCII 16", 16, 0, Kind.ASCII, false),
    /** 32 ASCII characters: asset number, software and hardware versions, manufacturer. */
    ASCII_32("ASCII 32", 32, 0, Kind.ASCII, false);

    /** What a format decodes to. */
    public enum Kind {
        NUMBER,
        DATE,
        TIME,
        TIMESTAMP,
        DATE_TIME,
        STATUS,
        DIGITS,
        IDENTIFIER,
        ASCII
    }

    private final String pattern;
    private final int length;
    private final int scale;
    private final Kind kind;
    private final boolean signed;

    DataFormat(String pattern, int length, int scale, Kind kind, boolean signed) {
        this.pattern = pattern;
        this.length = length;
        this.scale = scale;
        this.kind = kind;
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

    public Kind kind() {
        return kind;
    }

    public boolean numeric() {
        return kind == Kind.NUMBER;
    }

    /** Whether all-FF bytes mean "no such value" rather than a value. */
    public boolean mayBeAbsent() {
        return kind != Kind.STATUS;
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
        if (offset < 0 || bytes.length - offset < length) {
            throw new DecodeException(new DecodeError.Truncated(pattern, length, bytes.length - offset));
        }
        if (mayBeAbsent() && allFf(bytes, offset)) {
            return new DataValue.Absent();
        }
        if (kind == Kind.DATE_TIME && allZero(bytes, offset)) {
            return new DataValue.Absent();
        }
        return switch (kind) {
            case NUMBER -> decodeNumber(bytes, offset);
            case DATE -> decodeDate(bytes, offset);
            case TIME -> decodeTime(bytes, offset);
            case TIMESTAMP -> decodeTimestamp(bytes, offset, false);
            case DATE_TIME -> decodeTimestamp(bytes, offset, true);
            case STATUS -> new DataValue.StatusBits((bytes[offset] & 0xFF) | ((bytes[offset + 1] & 0xFF) << 8));
            case DIGITS -> new DataValue.Text(Bcd.digits(bytes, offset, length, pattern));
            case IDENTIFIER ->
                new DataValue.Text(
                        DataIdentifier.fromWire(bytes, offset).toString().replace(" ", ""));
            case ASCII -> decodeAscii(bytes, offset);
        };
    }

    /** Encodes {@code value}; throws IllegalArgumentException when it has the wrong type or range. */
    public byte[] encode(DataValue value) {
        if (value instanceof DataValue.Absent) {
            if (!mayBeAbsent()) {
                throw new IllegalArgumentException(this + " has no absent value");
            }
            byte[] out = new byte[length];
            java.util.Arrays.fill(out, (byte) 0xFF);
            return out;
        }
        return switch (kind) {
            case NUMBER -> encodeNumber(as(value, DataValue.Decimal.class).value());
            case DATE -> {
                LocalDate d = as(value, DataValue.Day.class).date();
                checkYear(d.getYear());
                yield new byte[] {
                    Bcd.of(weekday(d)), Bcd.of(d.getDayOfMonth()), Bcd.of(d.getMonthValue()), Bcd.of(d.getYear() - 2000)
                };
            }
            case TIME -> {
                LocalTime t = as(value, DataValue.TimeOfDay.class).time();
                yield new byte[] {Bcd.of(t.getSecond()), Bcd.of(t.getMinute()), Bcd.of(t.getHour())};
            }
            case TIMESTAMP, DATE_TIME -> {
                LocalDateTime t = as(value, DataValue.Timestamp.class).dateTime();
                checkYear(t.getYear());
                byte[] minuteOn = {
                    Bcd.of(t.getMinute()),
                    Bcd.of(t.getHour()),
                    Bcd.of(t.getDayOfMonth()),
                    Bcd.of(t.getMonthValue()),
                    Bcd.of(t.getYear() - 2000)
                };
                if (kind == Kind.TIMESTAMP) {
                    yield minuteOn;
                }
                byte[] out = new byte[6];
                out[0] = Bcd.of(t.getSecond());
                System.arraycopy(minuteOn, 0, out, 1, 5);
                yield out;
            }
            case STATUS -> {
                int bits = as(value, DataValue.StatusBits.class).bits();
                yield new byte[] {(byte) bits, (byte) (bits >> 8)};
            }
            case DIGITS -> {
                String digits = as(value, DataValue.Text.class).text();
                if (digits.length() != length * 2) {
                    throw new IllegalArgumentException(this + " has " + length * 2 + " digits: " + digits);
                }
                yield Bcd.bytes(digits);
            }
            case IDENTIFIER ->
                DataIdentifier.parse(as(value, DataValue.Text.class).text()).toWire();
            case ASCII -> encodeAscii(as(value, DataValue.Text.class).text());
        };
    }

    /** 0 = Sunday .. 6 = Saturday, as YYMMDDWW counts. */
    static int weekday(LocalDate date) {
        return date.getDayOfWeek().getValue() % 7;
    }

    private boolean allFf(byte[] bytes, int offset) {
        for (int i = 0; i < length; i++) {
            if (bytes[offset + i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
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

    /** Reversed on the wire; NUL or space padding after the text is dropped. */
    private DataValue decodeAscii(byte[] b, int o) throws DecodeException {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            int c = b[o + length - 1 - i] & 0xFF;
            if (c != 0 && (c < 0x20 || c > 0x7E)) {
                throw new DecodeException(new DecodeError.BadValue(pattern, String.format("byte %02X", c)));
            }
            text[i] = (char) c;
        }
        int end = length;
        while (end > 0 && (text[end - 1] == 0 || text[end - 1] == ' ')) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (text[i] == 0) {
                throw new DecodeException(new DecodeError.BadValue(pattern, "NUL inside the text"));
            }
        }
        return new DataValue.Text(new String(text, 0, end));
    }

    private byte[] encodeAscii(String text) {
        byte[] chars = text.getBytes(StandardCharsets.US_ASCII);
        if (chars.length > length) {
            throw new IllegalArgumentException(this + " holds " + length + " characters: " + text);
        }
        byte[] out = new byte[length];
        for (int i = 0; i < chars.length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(this + " holds printable ASCII only: " + text);
            }
            out[length - 1 - i] = chars[i];
        }
        return out;
    }

    private DataValue decodeDate(byte[] b, int o) throws DecodeException {
        int weekday = Bcd.value(b[o], "WW");
        int day = Bcd.value(b[o + 1], "DD");
        int month = Bcd.value(b[o + 2], "MM");
        int year = Bcd.value(b[o + 3], "YY");
        if (weekday > 6) {
            throw new DecodeException(new DecodeError.BadValue("weekday", String.valueOf(weekday)));
        }
        LocalDate date;
        try {
            date = LocalDate.of(2000 + year, month, day);
        } catch (DateTimeException e) {
            throw new DecodeException(new DecodeError.BadValue("date", year + "-" + month + "-" + day));
        }
        if (weekday(date) != weekday) {
            throw new DecodeException(new DecodeError.WeekdayMismatch(date, weekday));
        }
        return new DataValue.Day(date);
    }

    private DataValue decodeTime(byte[] b, int o) throws DecodeException {
        return new DataValue.TimeOfDay(
                time(Bcd.value(b[o + 2], "hh"), Bcd.value(b[o + 1], "mm"), Bcd.value(b[o], "ss")));
    }

    private boolean allZero(byte[] bytes, int offset) {
        for (int i = 0; i < length; i++) {
            if (bytes[offset + i] != 0) {
                return false;
            }
        }
        return true;
    }

    private DataValue decodeTimestamp(byte[] b, int o, boolean seconds) throws DecodeException {
        int second = 0;
        if (seconds) {
            second = Bcd.value(b[o], "ss");
            o++;
        }
        LocalTime time = time(Bcd.value(b[o + 1], "hh"), Bcd.value(b[o], "mm"), second);
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
