package io.gridhall.payment.internal;

/** Where a request that needs a second person's approval stands (a penalty waiver, a refund). */
public enum RequestStatus {
    REQUESTED,
    APPROVED,
    REJECTED
}
