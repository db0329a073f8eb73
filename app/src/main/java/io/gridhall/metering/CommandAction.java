package io.gridhall.metering;

/**
 * What a command asks the meter to do: a remote control (DL/T 645 0x1C N1), or {@link #PROGRAM}, a job of parameter
 * writes (0x14) that programs the meter's time-of-use calendar.
 */
public enum CommandAction {
    TRIP,
    /** The relay closes when the customer presses the meter's button. */
    CLOSE_PERMITTED,
    DIRECT_CLOSE,
    ALARM_ON,
    ALARM_OFF,
    PROTECT_ON,
    PROTECT_OFF,
    /**
     * Parameter writes (0x14), one frame at a time, each acknowledged, then read back (0x11) and compared: requested
     * with {@link MeterCommands#program}, never with {@link MeterCommands#request}.
     */
    PROGRAM
}
