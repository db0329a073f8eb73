package io.gridhall.notification;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request to tell someone something, written to the outbox in the caller's transaction.
 *
 * @param key idempotency key: a second request with the same key is a no-op
 * @param recipient who: a user (whose preferences and contacts apply) or a bare address
 * @param template template name, e.g. {@code otp.sign-in}; texts live in zh-CN and en
 * @param parameters values for the template's placeholders
 * @param channels channels to use; empty means the recipient's preferences
 * @param locale language of the message
 */
public record Notify(
        String key,
        Recipient recipient,
        String template,
        Map<String, String> parameters,
        Set<Channel> channels,
        Locale locale) {

    /** A user of the platform, or a phone number / e-mail address not (yet) tied to a user. */
    public record Recipient(Long userId, String phone, String email) {
        public static Recipient user(long userId) {
            return new Recipient(userId, null, null);
        }

        public static Recipient phone(String phone) {
            return new Recipient(null, phone, null);
        }
    }
}
