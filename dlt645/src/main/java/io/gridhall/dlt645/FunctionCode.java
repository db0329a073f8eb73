package io.gridhall.dlt645;

import java.util.Optional;

/** Bits D4-D0 of the control code: what a frame asks for or answers. */
public enum FunctionCode {
    SECURITY_AUTHENTICATION(0x03),
    BROADCAST_TIME(0x08),
    READ(0x11),
    READ_FOLLOW_UP(0x12),
    READ_ADDRESS(0x13),
    WRITE(0x14),
    WRITE_ADDRESS(0x15),
    FREEZE(0x16),
    CHANGE_BAUD_RATE(0x17),
    CHANGE_PASSWORD(0x18),
    DEMAND_RESET(0x19),
    METER_CLEAR(0x1A),
    EVENT_CLEAR(0x1B),
    CONTROL(0x1C),
    MULTI_FUNCTION_OUTPUT(0x1D);

    private static final FunctionCode[] BY_CODE = new FunctionCode[32];

    static {
        for (FunctionCode f : values()) {
            BY_CODE[f.code] = f;
        }
    }

    private final int code;

    FunctionCode(int code) {
        this.code = code;
    }

    /** The five-bit code, 0x03 to 0x1D. */
    public int code() {
        return code;
    }

    public static Optional<FunctionCode> of(int code) {
        return code >= 0 && code < 32 ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
