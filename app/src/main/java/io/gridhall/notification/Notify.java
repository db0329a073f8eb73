package io.gridhall.notification;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request to tell someone something, written to the outbox in the caller's transaction.
 *
 * @param key idempotency key: a second request with the same key is a no-op (up to 200 characters)
 * @param recipient who: a user (whose preferences and contacts apply) or a bare address
 * @param template template name, e.g. {@code otp.sign-in}; texts live in zh-CN and en
 * @param parameters values for the template's placeholders ({@code {code}} takes {@code "code"})
 * @param channels for a user, the channels to use: empty means the user's choice for the template's
 *     category; otherwise only these, and outside {@link Category#SERVICE} only those the user allows.
 *     Ignored for bare addresses (a phone gets SMS, an e-mail address e-mail)
 * @param locale language of the message; anything but English means zh-CN; {@code null}: for a user the language
 *     they chose for notices (zh-CN unless English), for a bare address zh-CN
 */
public record Notify(
        String key,
        Recipient recipient,
        String template,
        Map<String, String> parameters,
        Set<Channel> channels,
        Locale locale) {

    public Notify {
        // a null value is allowed here and reported as a missing parameter by send
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        channels = channels == null ? Set.of() : Set.copyOf(channels);
    }

    /** A message through the recipient's preferred channels. */
    public static Notify of(
            String key, Recipient recipient, String template, Map<String, String> parameters, Locale locale) {
        return new Notify(key, recipient, template, parameters, Set.of(), locale);
    }

    /** A user of the platform, or a phone number / e-mail address not (yet) tied to a user. */
    public record Recipient(Long userId, String phone, String email) {
        public static Recipient user(long userId) {
            return new Recipient(userId, null, null);
        }

        /** SMS only, whatever the channels asked for. */
        public static Recipient phone(String phone) {
            return new Recipient(null, phone, null);
        }

        /** E-mail only. */
        public static Recipient email(String email) {
            return new Recipient(null, null, email);
        }
    }
}
