package io.gridhall.metering;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many of a set of commands stand in each state, counted by metering in one statement: the progress of a job over
 * many meters (a billing campaign) without loading each command.
 *
 * @param byState commands per state; a state none is in is left out
 * @param alreadyCurrent among the VERIFIED, programs whose meter carried them before anything was written
 */
public record CommandCounts(Map<CommandState, Integer> byState, int alreadyCurrent) {

    public static final CommandCounts NONE = new CommandCounts(Map.of(), 0);

    public CommandCounts {
        EnumMap<CommandState, Integer> copy = new EnumMap<>(CommandState.class);
        copy.putAll(byState);
        byState = Collections.unmodifiableMap(copy);
    }

    /** The commands in {@code state}. */
    public int of(CommandState state) {
        return byState.getOrDefault(state, 0);
    }

    /** Every command counted. */
    public int total() {
        return byState.values().stream().mapToInt(Integer::intValue).sum();
    }
}
