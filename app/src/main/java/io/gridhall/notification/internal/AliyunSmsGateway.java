package io.gridhall.notification.internal;

import io.gridhall.notification.Channel;
import io.gridhall.shared.PersonalData;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SMS through Alibaba Cloud's Short Message Service: action {@code SendSms} of API version
 * 2017-05-25, over its documented HTTP API with the RPC signature (version 1.0: HMAC-SHA1 with the
 * AccessKey secret over the sorted, percent-encoded parameters). Mainland SMS must use templates the
 * provider approved, so the provider is given the template code configured for our template and the
 * parameters, never the rendered text; the delivery id goes along as {@code OutId}, so the
 * provider's delivery reports can be matched to the outbox.
 *
 * <p>Answers map onto the dispatcher's retry model: {@code OK} is delivered; an invalid number,
 * template, signature or parameter can never succeed and is permanent; throttling
 * ({@code isv.BUSINESS_LIMIT_CONTROL} and the like), provider errors, timeouts and anything unknown
 * are retried with back-off until the dispatcher's attempts run out. An account or key problem is
 * retried as well (like the mail server's authentication failure): an operator must fix it, and the
 * messages go out once they have.
 */
class AliyunSmsGateway implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(AliyunSmsGateway.class);
    private static final Pattern NUMBER = Pattern.compile("\\+?\\d{5,15}");
    private static final Pattern MAINLAND = Pattern.compile("\\+?86(1\\d{10})");
    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{5,}");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_REASON = 300;

    /** Codes for which sending the same request again can never succeed. */
    static final Set<String> PERMANENT = Set.of(
            "isv.MOBILE_NUMBER_ILLEGAL",
            "isv.PHONE_NUMBER_ILLEGAL",
            "isv.MOBILE_COUNT_OVER_LIMIT",
            "isv.NOT_SUPPORTED_COUNTRY",
            "isv.SMS_TEMPLATE_ILLEGAL",
            "isv.SMS_CONTENT_CODE_ILLEGAL",
            "isv.SMS_SIGNATURE_ILLEGAL",
            "isv.SMS_SIGN_NAME_ILLEGAL",
            "isv.TEMPLATE_MISSING_PARAMETERS",
            "isv.CONTENT_MISSING_PARAMETERS",
            "isv.TEMPLATE_PARAMS_ILLEGAL",
            "isv.INVALID_PARAMETERS",
            "isv.INVALID_JSON_PARAM",
            "isv.BLACK_KEY_CONTROL_LIMIT",
            "isv.PARAM_LENGTH_LIMIT",
            "isv.PARAM_NOT_SUPPORT_URL",
            "isv.SMS_CONTENT_ILLEGAL",
            "isv.SMS_SIGN_ILLEGAL");

    private final SmsSettings.Aliyun settings;
    private final Clock clock;
    private final HttpClient http;

    AliyunSmsGateway(SmsSettings.Aliyun settings, Clock clock) {
        if (!settings.configured()) throw new IllegalArgumentException("missing " + settings.missing());
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public boolean carries(String template) {
        String code = settings.templates().get(template);
        return code != null && !code.isBlank();
    }

    @Override
    public String provider() {
        return "Alibaba Cloud SMS (" + settings.uri().getHost() + ")";
    }

    @Override
    public String deliver(Outgoing message) {
        if (!NUMBER.matcher(message.address()).matches()) {
            throw DeliveryFailed.permanent("not a phone number: " + PersonalData.maskPhone(message.address()));
        }
        String templateCode = settings.templates().get(message.template());
        if (templateCode == null || templateCode.isBlank()) {
            throw DeliveryFailed.permanent("no provider template for " + message.template() + ": set "
                    + SmsSettings.PREFIX + "templates[" + message.template() + "]");
        }
        SortedMap<String, String> parameters = new TreeMap<>();
        parameters.put("AccessKeyId", settings.accessKeyId());
        parameters.put("Action", "SendSms");
        parameters.put("Format", "JSON");
        parameters.put("OutId", Long.toString(message.deliveryId()));
        parameters.put("PhoneNumbers", phoneNumber(message.address()));
        parameters.put("RegionId", settings.regionId());
        parameters.put("SignName", settings.signName());
        parameters.put("SignatureMethod", "HMAC-SHA1");
        parameters.put("SignatureNonce", UUID.randomUUID().toString());
        parameters.put("SignatureVersion", "1.0");
        parameters.put("TemplateCode", templateCode);
        parameters.put("TemplateParam", JSON.writeValueAsString(new TreeMap<>(message.parameters())));
        parameters.put("Timestamp", TIMESTAMP.format(clock.instant()));
        parameters.put("Version", "2017-05-25");
        String signature = sign("POST", parameters, settings.accessKeySecret());
        String form = canonical(parameters) + "&Signature=" + percent(signature);

        HttpRequest request = HttpRequest.newBuilder(settings.uri())
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw DeliveryFailed.transientFailure("SMS provider did not answer within " + settings.timeout());
        } catch (IOException e) {
            throw DeliveryFailed.transientFailure(
                    "SMS provider unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryFailed.transientFailure("interrupted while sending");
        }
        return outcome(message, parameters.get("PhoneNumbers"), templateCode, response.statusCode(), response.body());
    }

    private String outcome(Outgoing message, String phone, String templateCode, int status, String body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            answer = null;
        }
        String code = answer == null ? null : text(answer, "Code");
        if (code == null) {
            throw DeliveryFailed.transientFailure("SMS provider answered HTTP " + status + " without a result code");
        }
        if (code.equals("OK")) {
            String bizId = text(answer, "BizId");
            if (bizId == null || bizId.isBlank()) {
                throw DeliveryFailed.transientFailure("SMS provider accepted without a BizId");
            }
            log.info(
                    "SMS {} ({}) to {} accepted by Alibaba Cloud as {}",
                    message.template(),
                    templateCode,
                    PersonalData.maskPhone(phone),
                    bizId);
            return bizId;
        }
        String reason = "Alibaba Cloud SMS " + code + ": " + clean(text(answer, "Message"));
        if (PERMANENT.contains(code)) throw DeliveryFailed.permanent(reason);
        throw DeliveryFailed.transientFailure(reason);
    }

    /** Mainland numbers go without the country code, as the API expects; others with it. */
    private static String phoneNumber(String address) {
        Matcher mainland = MAINLAND.matcher(address);
        if (mainland.matches()) return mainland.group(1);
        return address.startsWith("+") ? address.substring(1) : address;
    }

    /** The provider's message, cut short and with any number in it masked: it lands in the outbox and logs. */
    private static String clean(String message) {
        if (message == null) return "";
        String masked = LONG_DIGITS.matcher(message).replaceAll("****");
        return masked.length() > MAX_REASON ? masked.substring(0, MAX_REASON) : masked;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** The RPC signature: Base64(HMAC-SHA1(secret + "&", method & %2F & percent(canonical query))). */
    static String sign(String method, SortedMap<String, String> parameters, String secret) {
        String stringToSign = method + "&" + percent("/") + "&" + percent(canonical(parameters));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /** Parameters sorted by name, names and values percent-encoded, joined with {@code &}. */
    static String canonical(SortedMap<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> percent(e.getKey()) + "=" + percent(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** RFC 3986 percent-encoding in UTF-8: only A-Z a-z 0-9 - _ . ~ stay as they are. */
    static String percent(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }
}
