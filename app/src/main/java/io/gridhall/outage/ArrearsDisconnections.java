package io.gridhall.outage;

/**
 * Port to fee control (MR-6, PAY-9): whether an account's supply is stopped for arrears. The module that owns the
 * disconnect interlock implements it; until one does, the self-check says it cannot tell ({@link Answer#UNKNOWN})
 * rather than guessing.
 */
public interface ArrearsDisconnections {

    enum Answer {
        STOPPED,
        NOT_STOPPED,
        /** No fee control in this deployment, or it did not answer. */
        UNKNOWN
    }

    Answer of(long supplyAccountId);
}
