package io.gridhall.metering;

import java.time.Instant;

/**
 * A request to send a command to a meter.
 *
 * @param intentId the caller's idempotency key: the same intent is one command however often asked
 * @param validUntil after this the meter must not execute it, and it is not sent
 */
public record RequestCommand(String intentId, long meterId, CommandAction action, Instant validUntil, String reason) {

    public RequestCommand {
        if (intentId == null || intentId.isBlank() || intentId.length() > 100) {
            throw new IllegalArgumentException("an intent id has 1 to 100 characters");
        }
        if (action == null || validUntil == null)
            throw new IllegalArgumentException("action and validUntil are required");
    }
}
