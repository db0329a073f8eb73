package io.gridhall.notification;

/** The notification module's facade. */
public interface Notifications {

    /**
     * Queues the message in the outbox inside the caller's transaction (or a new one when there is
     * none); the dispatcher sends it after commit. A rolled-back transaction leaves no message, and a
     * second request with the same key is a no-op. The text is rendered here, so an unknown template
     * or a missing parameter fails now, as a 400 problem, in the caller's transaction.
     */
    void send(Notify request);

    /**
     * Sets how a user can be reached, replacing what was there: a {@code null} or blank value removes
     * that contact, and messages to the user then skip the channel. Called by the modules that own and
     * verify the data (customer, identity).
     */
    void updateContacts(long userId, String phone, String email, String wechatOpenId);
}
