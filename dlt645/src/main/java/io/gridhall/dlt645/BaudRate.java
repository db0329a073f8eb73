package io.gridhall.dlt645;

import java.util.Optional;

/**
 * The communication rate feature byte Z of function 0x17: exactly one of bits D1..D6 set, for 600
 * to 19200 bit/s. D0 and D7 are reserved.
 */
public enum BaudRate {
    B600(600, 1),
    B1200(1200, 2),
    B2400(2400, 3),
    B4800(4800, 4),
    B9600(9600, 5),
    B19200(19200, 6);

    private final int bitsPerSecond;
    private final int bit;

    BaudRate(int bitsPerSecond, int bit) {
        this.bitsPerSecond = bitsPerSecond;
        this.bit = bit;
    }

    public int bitsPerSecond() {
        return bitsPerSecond;
    }

    /** The feature byte Z. */
    public int featureByte() {
        return 1 << bit;
    }

    public static Optional<BaudRate> of(int bitsPerSecond) {
        for (BaudRate b : values()) {
            if (b.bitsPerSecond == bitsPerSecond) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** Reads Z; anything but exactly one of D1..D6 is a {@link DecodeError.BadValue}. */
    public static BaudRate fromFeatureByte(int z) throws DecodeException {
        for (BaudRate b : values()) {
            if ((z & 0xFF) == b.featureByte()) {
                return b;
            }
        }
        throw new DecodeException(new DecodeError.BadValue("baud rate feature byte", String.format("%02X", z & 0xFF)));
    }
}
