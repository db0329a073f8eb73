package io.gridhall.metering;

import java.util.UUID;

/**
 * Where a command stands, without its steps: what a job over many meters shows as progress.
 *
 * @param alreadyCurrent a VERIFIED program whose meter carried it before anything was written
 * @param failure why a command FAILED or EXPIRED: an error flag of the meter's abnormal reply ({@code
 *     PASSWORD_ERROR_OR_UNAUTHORISED}, {@code ANNUAL_TIME_ZONE_COUNT_EXCEEDED}, ...), {@code NO_REPLY}, {@code
 *     READBACK_MISMATCH}, {@code UNEXPECTED_REPLY} or {@code EXPIRED}; null otherwise
 * @param lastError the last problem in words, with the data identifier it concerns (never a password)
 */
public record MeterCommandStatus(
        UUID commandId,
        long meterId,
        CommandAction action,
        CommandState state,
        boolean alreadyCurrent,
        String failure,
        String lastError,
        int attempts,
        int writesDone,
        int writes) {}
