package io.gridhall.notification.internal;

import io.gridhall.notification.Channel;

/** The way out to one channel's operator (SMS gateway, WeChat, mail server, the message centre). */
public interface ChannelAdapter {

    Channel channel();

    /**
     * Whether the operator can carry messages of this template: an SMS provider only sends templates
     * it approved, so a template without a provider template code goes by the other channels only.
     */
    default boolean carries(String template) {
        return true;
    }

    /** Who is behind the adapter, as health reports it. */
    default String provider() {
        return getClass().getSimpleName();
    }

    /**
     * Hands the message over and returns the operator's message id. Must tolerate being called again
     * for the same delivery id (a resend after a crash): the operator deduplicates on it.
     *
     * @throws DeliveryFailed when the operator refused; any other exception counts as transient
     */
    String deliver(Outgoing message);
}
