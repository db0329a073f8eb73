package io.gridhall.dlt645;

/**
 * A meter's communication address: 12 BCD digits, sent as 6 bytes low byte first. A byte pair
 * {@code AA} is a wildcard (abbreviated addressing: the high bytes are filled with AA and the meter
 * answers with its full address); {@code 999999999999} is the broadcast address.
 *
 * @param digits 12 characters, most significant first, each pair two decimal digits or "AA"
 */
public record MeterAddress(String digits) {

    public static final MeterAddress BROADCAST = new MeterAddress("999999999999");
    public static final MeterAddress WILDCARD = new MeterAddress("AAAAAAAAAAAA");

    public MeterAddress {
        if (digits == null || digits.length() != 12) {
            throw new IllegalArgumentException("a meter address has 12 digits: " + digits);
        }
        digits = digits.toUpperCase();
        for (int i = 0; i < 12; i += 2) {
            char hi = digits.charAt(i);
            char lo = digits.charAt(i + 1);
            boolean wildcard = hi == 'A' && lo == 'A';
            if (!wildcard && !(isDecimal(hi) && isDecimal(lo))) {
                throw new IllegalArgumentException("not BCD or AA wildcard: " + digits);
            }
        }
    }

    private static boolean isDecimal(char c) {
        return c >= '0' && c <= '9';
    }

    /** Accepts 1 to 12 digits; shorter numbers are padded with leading zeros as the standard says. */
    public static MeterAddress of(String digits) {
        if (digits != null && digits.length() < 12 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new MeterAddress("0".repeat(12 - digits.length()) + digits);
        }
        return new MeterAddress(digits);
    }

    public static MeterAddress of(long number) {
        if (number < 0 || number > 999_999_999_999L) {
            throw new IllegalArgumentException("meter address out of range: " + number);
        }
        return new MeterAddress(String.format("%012d", number));
    }

    /** Reads 6 address bytes (low byte first) at {@code offset}. */
    public static MeterAddress fromWire(byte[] bytes, int offset) throws DecodeException {
        if (bytes.length - offset < 6) {
            throw new DecodeException(new DecodeError.Truncated("address", 6, bytes.length - offset));
        }
        char[] out = new char[12];
        for (int i = 0; i < 6; i++) {
            int b = bytes[offset + i] & 0xFF;
            if (b != 0xAA && !Bcd.isBcd(b)) {
                throw new DecodeException(new DecodeError.BadBcdDigit("address", b));
            }
            int pos = (5 - i) * 2;
            out[pos] = Character.toUpperCase(Character.forDigit(b >> 4, 16));
            out[pos + 1] = Character.toUpperCase(Character.forDigit(b & 0x0F, 16));
        }
        return new MeterAddress(new String(out));
    }

    /** The 6 wire bytes, low byte first. */
    public byte[] toWire() {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            String pair = digits.substring(i * 2, i * 2 + 2);
            out[5 - i] = (byte) Integer.parseInt(pair, 16);
        }
        return out;
    }

    public boolean isBroadcast() {
        return equals(BROADCAST);
    }

    public boolean isWildcard() {
        return hasWildcardPair();
    }

    private boolean hasWildcardPair() {
        for (int i = 0; i < 12; i += 2) {
            if (digits.startsWith("AA", i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a frame sent to this address is meant for the meter {@code actual}: equal, broadcast,
     * or equal in every byte that is not the AA wildcard.
     */
    public boolean reaches(MeterAddress actual) {
        if (isBroadcast()) {
            return true;
        }
        byte[] mine = toWire();
        byte[] theirs = actual.toWire();
        for (int i = 0; i < 6; i++) {
            if (mine[i] != (byte) 0xAA && mine[i] != theirs[i]) {
                return false;
            }
        }
        return true;
    }

    /** The address as a number; only for addresses without wildcards. */
    public long toLong() {
        if (hasWildcardPair()) {
            throw new IllegalStateException("wildcard address has no number: " + digits);
        }
        return Long.parseLong(digits);
    }

    @Override
    public String toString() {
        return digits;
    }
}
