package io.gridhall.metering;

import java.util.UUID;

/**
 * What became of one meter's program in {@link MeterCommands#programAll}: the job that carries it (a new one, or the
 * one there already was), or why there is none.
 *
 * @param commandId the job, null when refused
 * @param refusal why no job carries it, null when one does
 */
public record ProgramOutcome(String intentId, long meterId, UUID commandId, Refusal refusal) {

    public ProgramOutcome {
        if ((commandId == null) == (refusal == null))
            throw new IllegalArgumentException("an outcome is either a job or a refusal");
    }

    public enum Refusal {
        /** Not a meter metering reads, or one of a branch the caller may not see. */
        METER_UNKNOWN,
        /** The intent id names another meter's job, or one with other writes. */
        INTENT_REUSED,
        /** The valid-until has passed: the meter would refuse it. */
        ALREADY_EXPIRED
    }
}
