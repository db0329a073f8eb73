package io.gridhall.metering;

import io.gridhall.identity.Actor;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Remote control of meters (MR-6): trip, close, alarm and protect, and programming their time-of-use calendar
 * (MR-3). Other modules (prepaid fee control, billing) call {@link #request} and {@link #program}; the command is
 * sent asynchronously with bounded retries, and {@link MeterCommandSettled} tells its outcome.
 */
public interface MeterCommands {

    /**
     * Records the command (needs METER_COMMAND; audited with the operator) and returns at once. A
     * repeated intent id returns the existing command; a newer intent supersedes the meter's pending
     * ones.
     */
    MeterCommandView request(Actor operator, RequestCommand command);

    /**
     * Records a programming job (needs BILLING or METER_COMMAND; audited, without the password) and returns at once:
     * the writes are sent one frame at a time on the meter's own link, each acknowledged, then read back and compared.
     * A meter that already carries them is VERIFIED and {@code alreadyCurrent} without a write. The same meter and
     * the same writes give the same job while it is open, or when the meter's latest program is that one and
     * VERIFIED; a program with other writes supersedes the meter's programs not yet sent (never its controls).
     */
    MeterCommandView program(Actor operator, ProgramMeter program);

    /**
     * As {@link #program} for many meters at once, in the caller's transaction and with a few statements for all of
     * them (a campaign's chunk): a meter that cannot be programmed is refused in its outcome, never by an exception,
     * so the others go on. One outcome per program, in order.
     */
    List<ProgramOutcome> programAll(Actor operator, List<ProgramMeter> programs);

    /** The commands with these ids, in no particular order; unknown ids are left out. */
    List<MeterCommandStatus> statuses(Collection<UUID> commandIds);

    /**
     * How many of the commands with these ids stand in each state, in one statement (the progress of a job over many
     * meters, polled while it runs); unknown ids are left out.
     */
    CommandCounts count(Collection<UUID> commandIds);

    /** Newest first. */
    List<MeterCommandView> history(long meterId);
}
