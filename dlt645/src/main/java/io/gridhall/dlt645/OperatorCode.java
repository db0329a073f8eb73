package io.gridhall.dlt645;

/** The 4-byte operator code C0..C3 that the meter records with a command, sent low byte first. */
public record OperatorCode(long value) {

    public OperatorCode {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("operator code has 4 bytes: " + value);
        }
    }

    /** From 8 hex digits, most significant first. */
    public static OperatorCode parse(String hex) {
        return new OperatorCode(Long.parseLong(hex, 16));
    }

    byte[] toWire() {
        return new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)};
    }

    static OperatorCode fromWire(byte[] b, int o) {
        return new OperatorCode(
                (b[o] & 0xFFL) | ((b[o + 1] & 0xFFL) << 8) | ((b[o + 2] & 0xFFL) << 16) | ((b[o + 3] & 0xFFL) << 24));
    }

    @Override
    public String toString() {
        return String.format("%08X", value);
    }
}
