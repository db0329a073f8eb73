package io.gridhall.metering;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A meter's registers frozen at the end of {@code day}, in 0.01 kWh (kvarh for reactive); null when
 * the meter does not have or did not report a register.
 *
 * @param meterTime the meter's own clock at the read (clock drift check), null if unknown
 * @param readAt the head-end's or collection system's time of the read
 */
public record RegisterRead(
        long meterId,
        LocalDate day,
        Long total,
        Long t1,
        Long t2,
        Long t3,
        Long t4,
        Long reverse,
        Long reactive1,
        Long reactive2,
        Quality quality,
        Instant meterTime,
        Instant readAt) {

    public RegisterRead {
        if (quality == Quality.MISSING) throw new IllegalArgumentException("a register read has a value");
    }

    public static RegisterRead total(long meterId, LocalDate day, long total, Instant readAt) {
        return new RegisterRead(
                meterId, day, total, null, null, null, null, null, null, null, Quality.ACTUAL, null, readAt);
    }
}
