package io.gridhall.dlt645;

/**
 * A data identifier DI3 DI2 DI1 DI0, written most significant first ({@code 00 01 00 00}) and sent
 * DI0 first.
 *
 * @param value DI3 in the top byte, DI0 in the low byte
 */
public record DataIdentifier(int value) {

    public static DataIdentifier of(int di3, int di2, int di1, int di0) {
        for (int b : new int[] {di3, di2, di1, di0}) {
            if (b < 0 || b > 0xFF) {
                throw new IllegalArgumentException("DI byte out of range: " + b);
            }
        }
        return new DataIdentifier((di3 << 24) | (di2 << 16) | (di1 << 8) | di0);
    }

    /** Parses "00010000" or "00 01 00 00" (DI3 first). */
    public static DataIdentifier parse(String text) {
        String hex = text.replaceAll("\\s+", "");
        if (hex.length() != 8) {
            throw new IllegalArgumentException("a data identifier has 8 hex digits: " + text);
        }
        return new DataIdentifier(Integer.parseUnsignedInt(hex, 16));
    }

    public static DataIdentifier fromWire(byte[] bytes, int offset) throws DecodeException {
        if (bytes.length - offset < 4) {
            throw new DecodeException(new DecodeError.Truncated("data identifier", 4, bytes.length - offset));
        }
        return of(bytes[offset + 3] & 0xFF, bytes[offset + 2] & 0xFF, bytes[offset + 1] & 0xFF, bytes[offset] & 0xFF);
    }

    /** DI0 first. */
    public byte[] toWire() {
        return new byte[] {(byte) di0(), (byte) di1(), (byte) di2(), (byte) di3()};
    }

    public int di3() {
        return (value >>> 24) & 0xFF;
    }

    public int di2() {
        return (value >>> 16) & 0xFF;
    }

    public int di1() {
        return (value >>> 8) & 0xFF;
    }

    public int di0() {
        return value & 0xFF;
    }

    @Override
    public String toString() {
        return String.format("%02X %02X %02X %02X", di3(), di2(), di1(), di0());
    }
}
