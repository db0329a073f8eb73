package io.gridhall.dlt645;

import java.util.EnumSet;
import java.util.Set;

/**
 * Bits of the error-status byte of an abnormal reply to 0x1C (control code DC). Bits 0 and 2 mean
 * what they mean for every function; DL/T 645-2007 leaves the rest to the meter, so the bits 4..6
 * here follow common prepaid meters (check against the vendor) and are what the simulator sends.
 */
public enum ControlErrorFlag {
    OTHER_ERROR(0),
    PASSWORD_ERROR_OR_UNAUTHORISED(2),
    /** The valid-until time N3..N8 is in the past by the meter's clock. */
    COMMAND_EXPIRED(4),
    /** The meter is protected (保电) and refuses to trip. */
    PROTECTED(5),
    /** A close or trip that the relay could not carry out. */
    RELAY_FAILURE(6);

    private final int bit;

    ControlErrorFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public static Set<ControlErrorFlag> decode(int status) {
        Set<ControlErrorFlag> flags = EnumSet.noneOf(ControlErrorFlag.class);
        for (ControlErrorFlag f : values()) {
            if ((status & (1 << f.bit)) != 0) {
                flags.add(f);
            }
        }
        return flags;
    }

    public static int encode(Set<ControlErrorFlag> flags) {
        int status = 0;
        for (ControlErrorFlag f : flags) {
            status |= 1 << f.bit;
        }
        return status;
    }
}
