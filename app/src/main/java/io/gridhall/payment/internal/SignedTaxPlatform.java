package io.gridhall.payment.internal;

import io.gridhall.shared.Money;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tax platform over a tax service provider's signed JSON API (ADR 0021: the shape is ours, in the manner of the
 * providers' open APIs, until a utility has its provider's specification). Every request and answer is signed with
 * the shared application secret: {@code X-Signature} = Base64(HMAC-SHA256(secret, method \n path \n timestamp \n nonce
 * \n body)), with {@code X-App-Id}, {@code X-Timestamp} (epoch milliseconds) and {@code X-Nonce}; the platform answers
 * with the same headers over {@code ANSWER} and the path. An answer that is not signed, signed outside the window or
 * for another request is not believed: to us it is no answer ({@link GatewayTimeout}), so the request is asked about
 * again later, never taken as refused.
 */
class SignedTaxPlatform implements TaxPlatform {

    static final String SUBMIT = "/v1/invoices/submit";
    static final String QUERY = "/v1/invoices/query";
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern NUMBER = Pattern.compile("[0-9]{20}");

    record Keys(String appId, byte[] secret, String sellerTaxId) {}

    private final Keys keys;
    private final GatewayTransport transport;
    private final Clock clock;
    private final Duration window;
    private final SecureRandom random = new SecureRandom();

    SignedTaxPlatform(Keys keys, GatewayTransport transport, Clock clock, Duration window) {
        this.keys = keys;
        this.transport = transport;
        this.clock = clock;
        this.window = window;
    }

    @Override
    public String sellerTaxId() {
        return keys.sellerTaxId();
    }

    @Override
    public Status submit(Request request) {
        ObjectNode b = Epay.JSON.createObjectNode();
        b.put("seller_tax_id", keys.sellerTaxId());
        b.put("request_number", request.requestNumber());
        b.put("kind", request.kind().name());
        ObjectNode buyer = b.putObject("buyer");
        buyer.put("type", request.buyer().type().name());
        buyer.put("name", request.buyer().name());
        if (request.buyer().taxId() != null) buyer.put("tax_id", request.buyer().taxId());
        ArrayNode lines = b.putArray("lines");
        for (Line l : request.lines()) {
            ObjectNode n = lines.addObject();
            n.put("name", l.name());
            n.put("tax_code", l.taxCode());
            n.put("tax_rate", l.taxRate().toPlainString());
            n.put("total", l.total().toYuan().toPlainString());
            n.put("net", l.net().toYuan().toPlainString());
            n.put("tax", l.tax().toYuan().toPlainString());
        }
        b.put("total", request.total().toYuan().toPlainString());
        b.put("net", request.net().toYuan().toPlainString());
        b.put("tax", request.tax().toYuan().toPlainString());
        if (request.originalNumber() != null) b.put("original_number", request.originalNumber());
        if (request.reason() != null) b.put("red_reason", request.reason());
        JsonNode a = call(SUBMIT, b, request.requestNumber());
        return switch (a.path("status").asString("")) {
            case "ACCEPTED" -> Status.of(State.ACCEPTED, request.requestNumber());
            case "REFUSED" -> Status.refused(request.requestNumber(), reason(a));
            default -> throw new GatewayTimeout("the tax platform answered an unknown status");
        };
    }

    @Override
    public Status query(String requestNumber) {
        ObjectNode b = Epay.JSON.createObjectNode();
        b.put("seller_tax_id", keys.sellerTaxId());
        b.put("request_number", requestNumber);
        JsonNode a = call(QUERY, b, requestNumber);
        return switch (a.path("status").asString("")) {
            case "PENDING" -> Status.of(State.PENDING, requestNumber);
            case "NOT_FOUND" -> Status.of(State.NOT_FOUND, requestNumber);
            case "REFUSED" -> Status.refused(requestNumber, reason(a));
            case "ISSUED" -> issued(a, requestNumber);
            default -> throw new GatewayTimeout("the tax platform answered an unknown status");
        };
    }

    private static Status issued(JsonNode a, String requestNumber) {
        String number = a.path("invoice_number").asString("");
        if (!NUMBER.matcher(number).matches())
            throw new GatewayTimeout("the tax platform answered an invoice number that is not 20 digits");
        Instant at;
        byte[] pdf;
        String xml;
        try {
            at = LocalDateTime.parse(a.path("issued_at").asString(""), TIME)
                    .atZone(BEIJING)
                    .toInstant();
            pdf = Base64.getDecoder().decode(a.path("pdf").asString(""));
            xml = new String(Base64.getDecoder().decode(a.path("xml").asString("")), StandardCharsets.UTF_8);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new GatewayTimeout("the tax platform answered an issued invoice that cannot be read");
        }
        if (pdf.length < 5 || !new String(pdf, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"))
            throw new GatewayTimeout("the tax platform's invoice file is not a PDF");
        return new Status(State.ISSUED, requestNumber, number, at, pdf, xml, null);
    }

    private static String reason(JsonNode a) {
        String r = a.path("message").asString("");
        if (r.isBlank()) r = "refused without a reason (" + a.path("code").asString("?") + ")";
        return r.length() > 200 ? r.substring(0, 200) : r;
    }

    /** Signs and sends; answers the verified answer for this request. */
    private JsonNode call(String path, ObjectNode request, String requestNumber) {
        String body = Epay.JSON.writeValueAsString(request);
        Map<String, String> headers =
                new LinkedHashMap<>(sign(keys.appId(), keys.secret(), "POST", path, clock.instant(), nonce(), body));
        headers.put("Content-Type", "application/json;charset=UTF-8");
        GatewayTransport.Response r = transport.exchange(new GatewayTransport.Request("POST", path, headers, body));
        if (r.status() != 200 || r.body() == null)
            throw new GatewayTimeout("the tax platform answered HTTP " + r.status());
        if (!verify(keys.appId(), keys.secret(), "ANSWER", path, r.headers(), r.body(), clock.instant(), window))
            throw new GatewayTimeout("the tax platform's answer is not genuine");
        JsonNode a;
        try {
            a = Epay.tree(r.body().getBytes(StandardCharsets.UTF_8));
        } catch (NotificationRefused e) {
            throw new GatewayTimeout("the tax platform answered something that is not JSON");
        }
        if (!requestNumber.equals(a.path("request_number").asString(""))
                || !keys.sellerTaxId().equals(a.path("seller_tax_id").asString("")))
            throw new GatewayTimeout("the tax platform answered for another request");
        return a;
    }

    /** The signature headers of a message (names as sent; the answer's are read in lower case). */
    static Map<String, String> sign(
            String appId, byte[] secret, String method, String path, Instant at, String nonce, String body) {
        String ts = Long.toString(at.toEpochMilli());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-App-Id", appId);
        h.put("X-Timestamp", ts);
        h.put("X-Nonce", nonce);
        h.put("X-Signature", hmac(secret, method + "\n" + path + "\n" + ts + "\n" + nonce + "\n" + body));
        return h;
    }

    /** Whether a message carries our app id, a time within the window and a signature over exactly this body. */
    static boolean verify(
            String appId,
            byte[] secret,
            String method,
            String path,
            Map<String, String> headers,
            String body,
            Instant now,
            Duration window) {
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
        String ts = h.get("x-timestamp");
        String nonce = h.get("x-nonce");
        String signature = h.get("x-signature");
        if (!appId.equals(h.get("x-app-id")) || ts == null || nonce == null || signature == null) return false;
        if (!ts.matches("[0-9]{1,15}") || nonce.length() > 64) return false;
        Instant at = Instant.ofEpochMilli(Long.parseLong(ts));
        if (at.isBefore(now.minus(window)) || at.isAfter(now.plus(window))) return false;
        String expected = hmac(secret, method + "\n" + path + "\n" + ts + "\n" + nonce + "\n" + body);
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    static String hmac(byte[] secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static Money yuan(JsonNode n) {
        return Money.yuan(n.asString(""));
    }
}
