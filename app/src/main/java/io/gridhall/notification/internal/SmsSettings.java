package io.gridhall.notification.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.sms.*}: the SMS provider production sends through. Without one the SMS channel is
 * out of service (start-up log, health), and a one-time code by SMS is refused with 503.
 *
 * @param aliyun Alibaba Cloud Short Message Service (dysmsapi)
 */
@ConfigurationProperties("gridhall.sms")
public record SmsSettings(@DefaultValue Aliyun aliyun) {

    static final String PREFIX = "gridhall.sms.aliyun.";

    /**
     * @param accessKeyId the RAM user's AccessKey id (a user allowed {@code dysms:SendSms} only)
     * @param accessKeySecret its secret: signs every request, never sent or logged
     * @param signName the approved signature (签名), shown in 【】 before the text
     * @param templates our template name to the approved provider template code, e.g.
     *     {@code gridhall.sms.aliyun.templates[otp.sign-in]=SMS_123456789}; the provider template
     *     uses the same variables as ours ({@code ${code}} for {@code {code}})
     * @param endpoint host name or base URL of the API
     * @param regionId the API's region
     * @param connectTimeout how long to wait for a connection
     * @param timeout how long to wait for the whole answer; then the attempt is retried later
     */
    public record Aliyun(
            String accessKeyId,
            String accessKeySecret,
            String signName,
            Map<String, String> templates,
            @DefaultValue("dysmsapi.aliyuncs.com") String endpoint,
            @DefaultValue("cn-hangzhou") String regionId,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("15s") Duration timeout) {

        public Aliyun {
            templates = templates == null ? Map.of() : Map.copyOf(templates);
        }

        /** The settings still needed before anything can be sent (all of them when none is set). */
        List<String> missing() {
            List<String> missing = new ArrayList<>();
            if (blank(accessKeyId)) missing.add(PREFIX + "access-key-id");
            if (blank(accessKeySecret)) missing.add(PREFIX + "access-key-secret");
            if (blank(signName)) missing.add(PREFIX + "sign-name");
            return missing;
        }

        boolean configured() {
            return missing().isEmpty();
        }

        /** Whether an operator started to configure it (then a missing setting is a mistake to name). */
        boolean started() {
            return !blank(accessKeyId) || !blank(accessKeySecret) || !blank(signName);
        }

        URI uri() {
            String base = endpoint.contains("://") ? endpoint : "https://" + endpoint;
            return URI.create(base.endsWith("/") ? base : base + "/");
        }

        /** Without the secret: settings end up in logs and the actuator now and then. */
        @Override
        public String toString() {
            return "Aliyun[accessKeyId=" + accessKeyId + ", signName=" + signName + ", endpoint=" + endpoint
                    + ", templates=" + templates + "]";
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }
}
