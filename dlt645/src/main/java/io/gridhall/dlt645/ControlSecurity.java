package io.gridhall.dlt645;

import java.time.LocalDateTime;

/**
 * Protects N1..N8 of a 0x1C command. On State Grid prepaid meters the head-end encrypts them with
 * keys from the meter's ESAM after a 0x03 authentication; that belongs to a security module, not to
 * this codec, so the codec only asks this interface for the bytes after password and operator code.
 */
public interface ControlSecurity {

    /** The bytes that follow password and operator code in the DATA of a 0x1C request. */
    byte[] seal(MeterAddress meter, ControlType type, LocalDateTime validUntil);

    /** Recovers type and valid-until from what {@link #seal} produced. */
    Opened open(MeterAddress meter, byte[] sealed) throws DecodeException;

    /** The plain content of a control command. */
    record Opened(ControlType type, LocalDateTime validUntil) {}

    /** No encryption: N1, N2 = 00, N3..N8 as BCD ss mm hh DD MM YY. For simulators and tests. */
    ControlSecurity PLAIN = new PlainControlSecurity();
}
