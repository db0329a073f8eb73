package io.gridhall.metering;

import java.time.Instant;
import java.util.List;

/**
 * A request to program a meter with parameter writes, sent in this order (a time-of-use calendar: its tables into
 * the standby set, the switch times last).
 *
 * @param intentId the caller's idempotency key, as for {@link RequestCommand}
 * @param validUntil after this the job is not started or retried
 * @param reason what the job is for (a tariff's schedule and year), kept with the command and its audit entry
 */
public record ProgramMeter(
        String intentId, long meterId, List<ParameterWrite> writes, Instant validUntil, String reason) {

    /** A meter holds 14 zones, 8 day tables and 254 public holidays, plus the counts and switch times. */
    public static final int MAX_WRITES = 300;

    public ProgramMeter {
        if (intentId == null || intentId.isBlank() || intentId.length() > 100)
            throw new IllegalArgumentException("an intent id has 1 to 100 characters");
        if (writes == null || writes.isEmpty() || writes.size() > MAX_WRITES)
            throw new IllegalArgumentException("a program has 1 to " + MAX_WRITES + " writes");
        if (validUntil == null) throw new IllegalArgumentException("validUntil is required");
        writes = List.copyOf(writes);
    }
}
