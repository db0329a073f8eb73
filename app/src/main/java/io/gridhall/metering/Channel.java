package io.gridhall.metering;

import java.util.Arrays;

/** What an interval row measures. Stored as its code (smallint). */
public enum Channel {
    FORWARD_ACTIVE(1),
    REVERSE_ACTIVE(2),
    REACTIVE_1(3),
    REACTIVE_2(4);

    private final int code;

    Channel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Channel ofCode(int code) {
        return Arrays.stream(values())
                .filter(c -> c.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown channel " + code));
    }
}
