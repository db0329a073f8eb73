package io.gridhall.simulator;

/** Who keeps a prepaid customer's balance. */
public enum FeeControl {
    /** The head-end computes the balance and sends trip/close commands (远程费控). */
    REMOTE,
    /** The meter holds remaining money and trips itself at zero (本地费控). */
    LOCAL,
    /** A postpaid meter. */
    NONE
}
