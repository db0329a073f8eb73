package io.gridhall.notification.internal;

import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import java.time.OffsetDateTime;

/**
 * One delivery as a channel adapter sees it.
 *
 * @param address a phone number, e-mail address, WeChat openid or user id, by channel
 * @param queuedAt when the sender queued the message (the order a reader expects)
 */
public record Outgoing(
        long deliveryId,
        Channel channel,
        String address,
        Category category,
        String subject,
        String body,
        OffsetDateTime queuedAt) {}
