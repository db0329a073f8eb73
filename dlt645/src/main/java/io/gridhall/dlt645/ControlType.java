package io.gridhall.dlt645;

import java.util.Optional;

/** N1 of a 0x1C remote-control command. */
public enum ControlType {
    TRIP(0x1A),
    CLOSE_PERMITTED(0x1B),
    DIRECT_CLOSE(0x1C),
    ALARM_ON(0x2A),
    ALARM_OFF(0x2B),
    PROTECT_ON(0x3A),
    PROTECT_OFF(0x3B);

    private final int code;

    ControlType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<ControlType> of(int code) {
        for (ControlType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
