package io.gridhall.notification.internal;

import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;

/** One delivery as a channel adapter sees it; {@code address} is a phone, e-mail, openid or user id. */
public record Outgoing(long deliveryId, Channel channel, String address, Category category, String subject, String body) {}
