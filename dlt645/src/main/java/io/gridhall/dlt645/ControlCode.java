package io.gridhall.dlt645;

/**
 * The control byte C: D7 direction (set in replies), D6 abnormal reply, D5 follow-up frames exist,
 * D4-D0 the function.
 */
public record ControlCode(boolean reply, boolean abnormal, boolean followUp, FunctionCode function) {

    private static final int REPLY = 0x80;
    private static final int ABNORMAL = 0x40;
    private static final int FOLLOW_UP = 0x20;

    public ControlCode {
        if (function == null) {
            throw new IllegalArgumentException("function is required");
        }
    }

    public static ControlCode request(FunctionCode function) {
        return new ControlCode(false, false, false, function);
    }

    public static ControlCode normalReply(FunctionCode function) {
        return new ControlCode(true, false, false, function);
    }

    public static ControlCode abnormalReply(FunctionCode function) {
        return new ControlCode(true, true, false, function);
    }

    public ControlCode withFollowUp(boolean value) {
        return new ControlCode(reply, abnormal, value, function);
    }

    public static ControlCode fromByte(int value) throws DecodeException {
        int c = value & 0xFF;
        FunctionCode function =
                FunctionCode.of(c & 0x1F).orElseThrow(() -> new DecodeException(new DecodeError.UnknownFunction(c)));
        return new ControlCode((c & REPLY) != 0, (c & ABNORMAL) != 0, (c & FOLLOW_UP) != 0, function);
    }

    public int toByte() {
        return (reply ? REPLY : 0) | (abnormal ? ABNORMAL : 0) | (followUp ? FOLLOW_UP : 0) | function.code();
    }

    @Override
    public String toString() {
        return String.format(
                "%02X(%s%s%s%s)",
                toByte(), function, reply ? ",reply" : "", abnormal ? ",abnormal" : "", followUp ? ",follow-up" : "");
    }
}
