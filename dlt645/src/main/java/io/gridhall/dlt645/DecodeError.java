package io.gridhall.dlt645;

/**
 * Why bytes from outside could not be decoded. Sealed so callers can count or log each kind
 * separately with an exhaustive {@code switch}.
 */
public sealed interface DecodeError {

    /** A short English description for logs. */
    String describe();

    /** The checksum byte does not equal the sum mod 256 from the first 0x68 to the end of DATA. */
    record BadChecksum(int expected, int actual) implements DecodeError {
        public String describe() {
            return String.format("bad checksum: expected %02X, found %02X", expected, actual);
        }
    }

    /** A length field or a data field does not have the length its context requires. */
    record BadLength(String what, int expected, int actual) implements DecodeError {
        public String describe() {
            return "bad length of " + what + ": expected " + expected + ", found " + actual;
        }
    }

    /** The byte after the checksum is not 0x16. */
    record MissingEndByte(int found) implements DecodeError {
        public String describe() {
            return String.format("missing end byte 16, found %02X", found);
        }
    }

    /** A frame does not start with 0x68, or the second 0x68 after the address is missing. */
    record MissingStartByte(int offset, int found) implements DecodeError {
        public String describe() {
            return String.format("missing start byte 68 at offset %d, found %02X", offset, found);
        }
    }

    /** A nibble above 9 where a BCD digit was expected. */
    record BadBcdDigit(String field, int value) implements DecodeError {
        public String describe() {
            return String.format("bad BCD digit in %s: %02X", field, value);
        }
    }

    /** A data identifier this library has no format for. */
    record UnknownDataIdentifier(DataIdentifier id) implements DecodeError {
        public String describe() {
            return "unknown data identifier " + id;
        }
    }

    /** Fewer bytes than the structure needs. */
    record Truncated(String what, int needed, int available) implements DecodeError {
        public String describe() {
            return "truncated " + what + ": needed " + needed + " bytes, found " + available;
        }
    }

    /** A control code whose function bits D4-D0 are not a DL/T 645-2007 function. */
    record UnknownFunction(int controlCode) implements DecodeError {
        public String describe() {
            return String.format("unknown function in control code %02X", controlCode);
        }
    }

    /** Well-formed BCD that does not make a valid value (month 13, unknown control type, ...). */
    record BadValue(String what, String found) implements DecodeError {
        public String describe() {
            return "bad " + what + ": " + found;
        }
    }

    /**
     * YYMMDDWW whose weekday WW (0 = Sunday .. 6 = Saturday) is not the weekday of the date: the
     * meter's calendar is wrong, or the bytes are.
     */
    record WeekdayMismatch(java.time.LocalDate date, int weekday) implements DecodeError {
        public String describe() {
            return "weekday " + weekday + " does not match " + date + ", a "
                    + date.getDayOfWeek().toString().toLowerCase(java.util.Locale.ROOT) + " ("
                    + date.getDayOfWeek().getValue() % 7 + ")";
        }
    }

    /** A frame that is valid but not the message the caller asked to parse. */
    record UnexpectedFrame(String reason) implements DecodeError {
        public String describe() {
            return "unexpected frame: " + reason;
        }
    }
}
