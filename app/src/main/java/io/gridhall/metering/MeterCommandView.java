package io.gridhall.metering;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A command and each step of its lifecycle.
 *
 * @param failure why it FAILED or EXPIRED, as {@link MeterCommandStatus#failure()}
 * @param alreadyCurrent a program the meter already carried
 * @param writesDone a program's writes the meter acknowledged in the current attempt
 * @param writes a program's writes (0 for a remote control)
 */
public record MeterCommandView(
        UUID commandId,
        String intentId,
        long meterId,
        CommandAction action,
        CommandState state,
        Instant validUntil,
        Instant requestedAt,
        String operator,
        String reason,
        int attempts,
        String lastError,
        UUID supersededBy,
        String failure,
        boolean alreadyCurrent,
        int writesDone,
        int writes,
        List<Step> steps) {

    public record Step(CommandState from, CommandState to, Instant at, String note) {}
}
