package io.gridhall.notification.internal;

/** An operator refused a message: transient (retry later) or permanent (retrying cannot help). */
public class DeliveryFailed extends RuntimeException {

    private final boolean permanent;

    private DeliveryFailed(String reason, boolean permanent) {
        super(reason);
        this.permanent = permanent;
    }

    public static DeliveryFailed transientFailure(String reason) {
        return new DeliveryFailed(reason, false);
    }

    public static DeliveryFailed permanent(String reason) {
        return new DeliveryFailed(reason, true);
    }

    public boolean permanent() {
        return permanent;
    }
}
