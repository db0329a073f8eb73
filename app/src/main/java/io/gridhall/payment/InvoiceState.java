package io.gridhall.payment;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an electronic invoice stands (ADR 0021). A request is {@code REQUESTED} until the tax platform takes it
 * ({@code SUBMITTED}) or refuses it ({@code REFUSED}, with the platform's reason); a request whose answer was lost is
 * {@code UNKNOWN} until a query settles it. {@code ISSUED} carries the platform's 20-digit number and files. A blue
 * invoice a red one cancelled is {@code REVERSED}; a blue invoice that replaces it is {@code WAITING} until the red one
 * is issued.
 */
public enum InvoiceState {
    WAITING,
    REQUESTED,
    SUBMITTED,
    UNKNOWN,
    ISSUED,
    REFUSED,
    REVERSED;

    public Set<InvoiceState> next() {
        return switch (this) {
            case WAITING -> EnumSet.of(REQUESTED, REFUSED);
            case REQUESTED -> EnumSet.of(SUBMITTED, UNKNOWN, REFUSED, ISSUED);
            case SUBMITTED -> EnumSet.of(SUBMITTED, REQUESTED, ISSUED, REFUSED);
            case UNKNOWN -> EnumSet.of(UNKNOWN, REQUESTED, SUBMITTED, ISSUED, REFUSED);
            case ISSUED -> EnumSet.of(REVERSED);
            case REFUSED, REVERSED -> EnumSet.noneOf(InvoiceState.class);
        };
    }

    public boolean canMoveTo(InvoiceState to) {
        return next().contains(to);
    }

    /** Whether the platform still owes an answer. */
    public boolean open() {
        return this == REQUESTED || this == SUBMITTED || this == UNKNOWN;
    }
}
