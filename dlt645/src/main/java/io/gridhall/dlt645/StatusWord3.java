package io.gridhall.dlt645;

/**
 * Bits of meter running status word 3 (04 00 05 03) that remote control cares about.
 */
public final class StatusWord3 {

    /** Bit 4: relay state, 1 = open (tripped). */
    public static final int RELAY_OPEN = 4;
    /** Bit 6: relay command state, 1 = a trip command is in force. */
    public static final int RELAY_COMMAND_OPEN = 6;
    /** Bit 7: pre-trip alarm. */
    public static final int PRE_TRIP_ALARM = 7;
    /** Bits 8-9: meter type, 00 not prepaid, 01 energy prepaid, 10 money prepaid. */
    public static final int METER_TYPE_LOW = 8;
    /**
     * Bit 12: protect (保电) state. Used by State Grid smart meters; not fixed by the 2007 text itself,
     * so check against the meter vendor.
     */
    public static final int PROTECTED = 12;

    private StatusWord3() {}

    public static boolean relayOpen(DataValue.StatusBits word) {
        return word.isSet(RELAY_OPEN);
    }

    public static boolean isProtected(DataValue.StatusBits word) {
        return word.isSet(PROTECTED);
    }
}
