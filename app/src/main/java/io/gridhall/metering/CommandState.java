package io.gridhall.metering;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a meter command, with its transition table. A command waits as REQUESTED, is
 * SENT to the meter under a lease (no reply, or a lease that ran out, puts it back to REQUESTED for a
 * bounded number of attempts), is ACKNOWLEDGED when the meter accepts it and VERIFIED when status
 * word 3 shows what its control type does; an acknowledged command whose status keeps contradicting it
 * is sent again (the acknowledgement may have been a late one of an earlier exchange). FAILED
 * (refused, no answer, wrong state), EXPIRED (valid-until passed before the meter took it) and
 * SUPERSEDED (a newer intent for the same meter came before it was sent, or after its exchange ended
 * without an answer) are final. A SENT command is superseded only once its exchange is over.
 */
public enum CommandState {
    REQUESTED,
    SENT,
    ACKNOWLEDGED,
    VERIFIED,
    FAILED,
    EXPIRED,
    SUPERSEDED;

    private static final Map<CommandState, Set<CommandState>> NEXT = Map.of(
            REQUESTED, EnumSet.of(SENT, FAILED, EXPIRED, SUPERSEDED),
            SENT, EnumSet.of(ACKNOWLEDGED, REQUESTED, FAILED, EXPIRED, SUPERSEDED),
            ACKNOWLEDGED, EnumSet.of(VERIFIED, FAILED, REQUESTED),
            VERIFIED, EnumSet.noneOf(CommandState.class),
            FAILED, EnumSet.noneOf(CommandState.class),
            EXPIRED, EnumSet.noneOf(CommandState.class),
            SUPERSEDED, EnumSet.noneOf(CommandState.class));

    public boolean canMoveTo(CommandState next) {
        return NEXT.get(this).contains(next);
    }

    /** The next state, or an exception for a move the table does not allow. */
    public CommandState moveTo(CommandState next) {
        if (!canMoveTo(next)) throw new IllegalStateException("a command cannot go from " + this + " to " + next);
        return next;
    }

    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }

    /** Still waiting to be sent, so a newer intent may supersede it. */
    public boolean isPending() {
        return this == REQUESTED || this == SENT;
    }
}
