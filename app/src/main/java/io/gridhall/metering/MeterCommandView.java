package io.gridhall.metering;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A command and each step of its lifecycle. */
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
        List<Step> steps) {

    public record Step(CommandState from, CommandState to, Instant at, String note) {}
}
