package io.gridhall.payment.internal;

/**
 * A notification that is not taken: a bad or missing signature, an unknown key, a stale time, a replay, a body that is
 * not the gateway's shape, or one that does not match our order. The reason is safe to log: it never holds personal
 * data or the body.
 */
class NotificationRefused extends RuntimeException {

    NotificationRefused(String reason) {
        super(reason, null, false, false);
    }
}
