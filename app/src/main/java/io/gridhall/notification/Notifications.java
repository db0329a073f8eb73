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
     * Queues one message per user, in the caller's transaction, like {@link #send} but set-based (the users are
     * copied into a temporary table and the messages and deliveries written by two statements): the way to tell a
     * hundred thousand people the same thing. Each user's preferences for the template's category and their
     * contacts choose the channels; a user without a reachable channel gets a message row and no delivery, as with
     * {@link #send}. Not for secret templates (one-time codes): those go one by one.
     *
     * @return how many messages were queued (users whose key was already used are skipped)
     */
    long sendToUsers(BulkNotify request);

    /**
     * Queues one SMS per phone number, in the caller's transaction, set-based like {@link #sendToUsers}: for people
     * who have no platform user but whose number is on record. The messages belong to no user (no message centre, no
     * preferences); when SMS cannot go out from this node the messages are queued without a delivery, as {@link #send}
     * does. Not for secret templates.
     *
     * @return how many messages were queued (keys already used are skipped)
     */
    long sendToPhones(BulkSms request);

    /**
     * Sets how a user can be reached, replacing what was there: a {@code null} or blank value removes
     * that contact, and messages to the user then skip the channel. Called by the modules that own and
     * verify the data (customer, identity).
     */
    void updateContacts(long userId, String phone, String email, String wechatOpenId);
}
