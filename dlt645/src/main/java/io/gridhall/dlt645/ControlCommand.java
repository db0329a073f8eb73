package io.gridhall.dlt645;

import java.time.LocalDateTime;

/**
 * A 0x1C command: password, operator code, then N1 (type), N2 (reserved) and N3..N8, the moment
 * after which the meter must refuse the command. Meters keep local time, so {@code validUntil} is
 * local and has whole seconds.
 */
public record ControlCommand(Password password, OperatorCode operator, ControlType type, LocalDateTime validUntil) {

    public ControlCommand {
        if (password == null || operator == null || type == null || validUntil == null) {
            throw new IllegalArgumentException("password, operator, type and valid-until are required");
        }
        DataFormat.checkYear(validUntil.getYear());
        validUntil = validUntil.withNano(0);
    }

    /** Whether a meter whose clock reads {@code meterTime} must still execute this command. */
    public boolean isValidAt(LocalDateTime meterTime) {
        return !meterTime.isAfter(validUntil);
    }
}
