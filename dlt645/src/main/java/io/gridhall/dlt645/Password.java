package io.gridhall.dlt645;

/**
 * A 4-byte password: the level PA (e.g. 02 for a plain level-2 password, 98 or 99 where an ESAM
 * protects the command) and a 3-byte secret P0 P1 P2, sent level first and secret low byte first.
 */
public record Password(int level, int secret) {

    public Password {
        if (level < 0 || level > 0xFF || secret < 0 || secret > 0xFFFFFF) {
            throw new IllegalArgumentException("password level is 1 byte, secret 3 bytes");
        }
    }

    /** From the 8 hex digits as written on a work order, level first: "02123456". */
    public static Password parse(String hex) {
        if (hex.length() != 8) {
            throw new IllegalArgumentException("a password has 8 hex digits: " + hex);
        }
        return new Password(Integer.parseInt(hex.substring(0, 2), 16), Integer.parseInt(hex.substring(2), 16));
    }

    byte[] toWire() {
        return new byte[] {(byte) level, (byte) secret, (byte) (secret >> 8), (byte) (secret >> 16)};
    }

    static Password fromWire(byte[] b, int o) {
        return new Password(b[o] & 0xFF, (b[o + 1] & 0xFF) | ((b[o + 2] & 0xFF) << 8) | ((b[o + 3] & 0xFF) << 16));
    }

    /** Never prints the secret: frames and commands end up in logs. */
    @Override
    public String toString() {
        return String.format("Password[level=%02X]", level);
    }
}
