package io.gridhall.payment;

/**
 * Where a payment order stands. {@code CREATED} → {@code PAID} | {@code CLOSED}; {@code UNKNOWN} when the gateway did
 * not answer in time (never FAILED on a timeout: the money may have moved), until a notification or the janitor's
 * query says which. Money the gateway took for a {@code CLOSED} order is credited as a top-up (预存), never lost.
 */
public enum OrderState {
    CREATED,
    PAID,
    CLOSED,
    UNKNOWN
}
