package io.gridhall.payment.internal;

/** The gateway did not answer in time (or not at all): what happened there is unknown, never "failed". */
class GatewayTimeout extends RuntimeException {

    GatewayTimeout(String message) {
        super(message);
    }

    GatewayTimeout(String message, Throwable cause) {
        super(message, cause);
    }
}
