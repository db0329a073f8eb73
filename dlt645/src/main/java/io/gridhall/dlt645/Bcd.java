package io.gridhall.dlt645;

/** Packed BCD, low byte first on the wire as DL/T 645 sends every multi-byte value. */
final class Bcd {

    private Bcd() {}

    static boolean isBcd(int b) {
        return (b & 0x0F) <= 9 && ((b >> 4) & 0x0F) <= 9;
    }

    /** Decodes {@code length} bytes (low byte first) into a digit string, most significant first. */
    static String digits(byte[] bytes, int offset, int length, String field) throws DecodeException {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xFF;
            if (!isBcd(b)) {
                throw new DecodeException(new DecodeError.BadBcdDigit(field, b));
            }
            int pos = (length - 1 - i) * 2;
            out[pos] = (char) ('0' + (b >> 4));
            out[pos + 1] = (char) ('0' + (b & 0x0F));
        }
        return new String(out);
    }

    /** Encodes an even number of decimal digits (most significant first) low byte first. */
    static byte[] bytes(String digits) {
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of BCD digits: " + digits);
        }
        int length = digits.length() / 2;
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int hi = digit(digits.charAt(i * 2));
            int lo = digit(digits.charAt(i * 2 + 1));
            out[length - 1 - i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** One byte of two BCD digits, e.g. 59 to 0x59. */
    static byte of(int value) {
        if (value < 0 || value > 99) {
            throw new IllegalArgumentException("not two BCD digits: " + value);
        }
        return (byte) (((value / 10) << 4) | (value % 10));
    }

    static int value(byte b, String field) throws DecodeException {
        int v = b & 0xFF;
        if (!isBcd(v)) {
            throw new DecodeException(new DecodeError.BadBcdDigit(field, v));
        }
        return (v >> 4) * 10 + (v & 0x0F);
    }

    private static int digit(char c) {
        if (c < '0' || c > '9') {
            throw new IllegalArgumentException("not a decimal digit: " + c);
        }
        return c - '0';
    }
}
