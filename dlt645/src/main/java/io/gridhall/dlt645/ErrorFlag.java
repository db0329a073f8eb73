package io.gridhall.dlt645;

import java.util.EnumSet;
import java.util.Set;

/** Bits of the error-status byte of an abnormal reply (D6 set) to read, write and the like. */
public enum ErrorFlag {
    OTHER_ERROR(0),
    NO_DATA_REQUESTED(1),
    PASSWORD_ERROR_OR_UNAUTHORISED(2),
    BAUD_RATE_CANNOT_CHANGE(3),
    ANNUAL_TIME_ZONE_COUNT_EXCEEDED(4),
    DAILY_SLOT_COUNT_EXCEEDED(5),
    TARIFF_COUNT_EXCEEDED(6);

    private final int bit;

    ErrorFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public static Set<ErrorFlag> decode(int status) {
        Set<ErrorFlag> flags = EnumSet.noneOf(ErrorFlag.class);
        for (ErrorFlag f : values()) {
            if ((status & (1 << f.bit)) != 0) {
                flags.add(f);
            }
        }
        return flags;
    }

    public static int encode(Set<ErrorFlag> flags) {
        int status = 0;
        for (ErrorFlag f : flags) {
            status |= 1 << f.bit;
        }
        return status;
    }
}
