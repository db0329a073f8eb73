package io.gridhall.metering;

import io.gridhall.identity.Actor;
import java.util.List;

/**
 * Remote control of meters (MR-6): trip, close, alarm and protect. Other modules (prepaid fee control)
 * call {@link #request}; the command is sent asynchronously with bounded retries, and
 * {@link MeterCommandSettled} tells its outcome.
 */
public interface MeterCommands {

    /**
     * Records the command (needs METER_COMMAND; audited with the operator) and returns at once. A
     * repeated intent id returns the existing command; a newer intent supersedes the meter's pending
     * ones.
     */
    MeterCommandView request(Actor operator, RequestCommand command);

    /** Newest first. */
    List<MeterCommandView> history(long meterId);
}
