package io.gridhall.notification;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same SMS to many phone numbers not tied to a platform user (an outage notice to customers without a portal
 * account, at the phone kept on their record), queued in the caller's transaction with set-based statements.
 *
 * @param keyPrefix idempotency key of the batch: each phone's message gets {@code keyPrefix + key}, so a repeat
 *     queues nothing twice (the prefix up to 180 characters)
 * @param template template name; its texts live in zh-CN and en
 * @param parameters values for the template's placeholders, the same for every phone
 * @param locale language of the message; {@code null} or anything but English means zh-CN
 * @param phones the numbers, each with its key (unique in the batch; a repeated key keeps its first number)
 */
public record BulkSms(
        String keyPrefix, String template, Map<String, String> parameters, Locale locale, List<Phone> phones) {

    public BulkSms {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        phones = phones == null ? List.of() : List.copyOf(phones);
    }

    /** @param key what tells this number's message from the others of the batch (a customer id), up to 20 characters */
    public record Phone(String key, String number) {
        @Override
        public String toString() {
            return "Phone[key=" + key + ", number=***]";
        }
    }
}
