package io.gridhall.notification;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The same message for many users at once (an outage notice to everyone below a line), queued in the caller's
 * transaction with set-based statements instead of one {@link Notify} per user.
 *
 * @param keyPrefix idempotency key of the batch: each user's message gets {@code keyPrefix + userId}, so a repeat
 *     of the batch, or of part of it, queues nothing twice (the prefix up to 180 characters)
 * @param template template name; its texts live in zh-CN and en
 * @param parameters values for the template's placeholders, the same for every user
 * @param locale language of the message; {@code null} or anything but English means zh-CN
 * @param userIds the users; each gets the message through the channels they chose for the template's category
 */
public record BulkNotify(
        String keyPrefix, String template, Map<String, String> parameters, Locale locale, long[] userIds) {

    public BulkNotify {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        userIds = userIds == null ? new long[0] : userIds.clone();
    }
}
