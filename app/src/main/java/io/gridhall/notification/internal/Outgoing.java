package io.gridhall.notification.internal;

import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One delivery as a channel adapter sees it.
 *
 * @param address a phone number, e-mail address, WeChat openid or user id, by channel
 * @param template the template the text was rendered from, e.g. {@code otp.sign-in}
 * @param parameters the values rendered into it: an operator that keeps its own templates (SMS
 *     providers) is given these, not the text. Empty once a one-time code's delivery is done
 * @param queuedAt when the sender queued the message (the order a reader expects)
 */
public record Outgoing(
        long deliveryId,
        Channel channel,
        String address,
        Category category,
        String template,
        Map<String, String> parameters,
        String subject,
        String body,
        OffsetDateTime queuedAt) {

    public Outgoing {
        // a parameter the template did not use may have been given as null: an operator gets none
        parameters = parameters == null
                ? Map.of()
                : parameters.entrySet().stream()
                        .filter(e -> e.getKey() != null && e.getValue() != null)
                        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
