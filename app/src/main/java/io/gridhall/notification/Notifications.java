package io.gridhall.notification;

/** The notification module's facade. */
public interface Notifications {

    /** Queues the message in the outbox inside the caller's transaction; the dispatcher sends it. */
    void send(Notify request);
}
