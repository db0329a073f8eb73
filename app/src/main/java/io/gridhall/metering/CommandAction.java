package io.gridhall.metering;

/** What a remote control command asks the meter to do (DL/T 645 0x1C N1). */
public enum CommandAction {
    TRIP,
    /** The relay closes when the customer presses the meter's button. */
    CLOSE_PERMITTED,
    DIRECT_CLOSE,
    ALARM_ON,
    ALARM_OFF,
    PROTECT_ON,
    PROTECT_OFF
}
