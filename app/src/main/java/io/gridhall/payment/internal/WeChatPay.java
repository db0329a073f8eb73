package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.shared.Money;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * WeChat Pay APIv3, Native payments (the cashier shows a QR code). Requests carry an {@code Authorization:
 * WECHATPAY2-SHA256-RSA2048} header signed with the merchant's key over method, path, timestamp, nonce and body;
 * answers and notifications are signed by the platform key over {@code Wechatpay-Timestamp}, {@code
 * Wechatpay-Nonce} and the body, and name the key in {@code Wechatpay-Serial}. A notification's {@code resource} is
 * AEAD_AES_256_GCM encrypted with the APIv3 key. A notification is answered 200 without a body when taken, 4xx/5xx
 * with {@code {"code":"FAIL","message":...}} when not (WeChat Pay then sends it again).
 */
class WeChatPay extends SignedGatewayAdapter<WeChatPay.Keys> implements GatewayBills {

    static final String NATIVE = "/v3/pay/transactions/native";
    static final String BY_ORDER = "/v3/pay/transactions/out-trade-no/";
    static final String REFUNDS = "/v3/refund/domestic/refunds";
    static final String TRADE_BILL = "/v3/bill/tradebill";
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,64}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The keys: ours to sign requests, the platform's to verify what comes back.
     *
     * @param apiV3Key 32 bytes
     */
    record Keys(
            String mchId,
            String appId,
            PrivateKey merchantKey,
            String merchantSerial,
            PublicKey platformKey,
            String platformSerial,
            byte[] apiV3Key)
            implements SignedGatewayAdapter.MerchantKeys {

        Keys {
            if (apiV3Key.length != 32) throw new IllegalStateException("the WeChat Pay APIv3 key has 32 characters");
        }

        @Override
        public String merchantId() {
            return mchId;
        }
    }

    private final SecureRandom random = new SecureRandom();

    WeChatPay(Keys keys, GatewayTransport transport, Clock clock, Duration window, String notifyUrl) {
        super(Gateway.WECHAT, keys, transport, clock, window, notifyUrl);
    }

    @Override
    public String open(Trade trade) {
        ObjectNode body = JSON.createObjectNode();
        body.put("appid", keys.appId());
        body.put("mchid", keys.mchId());
        body.put("description", trade.description());
        body.put("out_trade_no", trade.orderNumber());
        body.put("time_expire", time(trade.expiresAt()));
        body.put("notify_url", notifyUrl);
        ObjectNode amount = body.putObject("amount");
        amount.put("total", trade.amount().fen());
        amount.put("currency", "CNY");
        GatewayTransport.Response r = call("POST", NATIVE, JSON.writeValueAsString(body));
        if (r.status() != 200) throw new IllegalStateException("WeChat Pay refused the order: " + error(r));
        String codeUrl = tree(r.body()).path("code_url").asString("");
        if (codeUrl.isEmpty()) throw new IllegalStateException("WeChat Pay answered no code_url");
        return codeUrl;
    }

    @Override
    public TradeStatus query(String orderNumber) {
        GatewayTransport.Response r = call("GET", BY_ORDER + orderNumber + "?mchid=" + keys.mchId(), "");
        if (r.status() == 404) return TradeStatus.of(TradeState.NOT_FOUND, orderNumber);
        if (r.status() != 200) throw new GatewayTimeout("WeChat Pay could not answer the query: " + error(r));
        return status(tree(r.body()));
    }

    @Override
    public boolean close(String orderNumber) {
        ObjectNode body = JSON.createObjectNode();
        body.put("mchid", keys.mchId());
        GatewayTransport.Response r = call("POST", BY_ORDER + orderNumber + "/close", JSON.writeValueAsString(body));
        if (r.status() == 204 || r.status() == 200) return true;
        if (r.status() == 400 && "ORDERPAID".equals(tree(r.body()).path("code").asString(""))) return false;
        if (r.status() == 404) return true; // never opened there: nothing to pay
        throw new GatewayTimeout("WeChat Pay could not close the order: " + error(r));
    }

    @Override
    public boolean refunds() {
        return true;
    }

    /**
     * {@code POST /v3/refund/domestic/refunds} with the transaction, our order and refund numbers and the amounts in
     * fen; signed both ways like every call. WeChat Pay keeps a refund by {@code out_refund_no}: asked again, it answers
     * the same refund.
     */
    @Override
    public RefundStatus refund(
            String orderNumber, String transactionId, String refundNumber, Money amount, Money total) {
        ObjectNode body = JSON.createObjectNode();
        body.put("transaction_id", transactionId);
        body.put("out_trade_no", orderNumber);
        body.put("out_refund_no", refundNumber);
        body.put("reason", "电费退费");
        ObjectNode a = body.putObject("amount");
        a.put("refund", amount.fen());
        a.put("total", total.fen());
        a.put("currency", "CNY");
        GatewayTransport.Response r = call("POST", REFUNDS, JSON.writeValueAsString(body));
        if (r.status() == 200) return refundStatus(tree(r.body()), refundNumber);
        if (r.status() == 400 || r.status() == 403 || r.status() == 404)
            return RefundStatus.refused(refundNumber, error(r));
        throw new GatewayTimeout("WeChat Pay could not answer the refund: " + error(r));
    }

    /** {@code GET /v3/refund/domestic/refunds/{out_refund_no}}; 404 is a refund WeChat Pay never took. */
    @Override
    public RefundStatus queryRefund(String orderNumber, String refundNumber) {
        GatewayTransport.Response r = call("GET", REFUNDS + "/" + refundNumber, "");
        if (r.status() == 404) return new RefundStatus(RefundState.NOT_FOUND, refundNumber, null, null, null);
        if (r.status() != 200) throw new GatewayTimeout("WeChat Pay could not answer the refund query: " + error(r));
        return refundStatus(tree(r.body()), refundNumber);
    }

    private static RefundStatus refundStatus(JsonNode n, String refundNumber) {
        if (!refundNumber.equals(n.path("out_refund_no").asString("")))
            throw new GatewayTimeout("WeChat Pay answered about another refund");
        JsonNode refund = n.path("amount").path("refund");
        Money amount = refund.isIntegralNumber() ? Money.fen(refund.asLong()) : null;
        String id = n.path("refund_id").asString(null);
        return switch (n.path("status").asString("")) {
            case "SUCCESS" -> new RefundStatus(RefundState.SUCCEEDED, refundNumber, id, amount, null);
            case "CLOSED" -> RefundStatus.refused(refundNumber, "CLOSED");
            // PROCESSING; ABNORMAL (the money left us but did not reach the payer: settled at the merchant platform)
            default -> new RefundStatus(RefundState.PENDING, refundNumber, id, amount, null);
        };
    }

    @Override
    public Notified read(Map<String, String> headers, byte[] body, Instant now) {
        String nonce = verified(headers, body, now);
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new NotificationRefused("the body is not JSON");
        }
        JsonNode resource = n.path("resource");
        if (!"AEAD_AES_256_GCM".equals(resource.path("algorithm").asString("")))
            throw new NotificationRefused("not an AEAD_AES_256_GCM resource");
        byte[] plain;
        try {
            plain = Signatures.decryptGcm(
                    keys.apiV3Key(),
                    resource.path("nonce").asString(""),
                    resource.path("associated_data").asString(""),
                    resource.path("ciphertext").asString(""));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new NotificationRefused("the resource does not decrypt with our APIv3 key");
        }
        JsonNode t;
        try {
            t = JSON.readTree(plain);
        } catch (JacksonException e) {
            throw new NotificationRefused("the resource is not JSON");
        }
        boolean paid = "TRANSACTION.SUCCESS".equals(n.path("event_type").asString(""))
                && "SUCCESS".equals(t.path("trade_state").asString(""));
        TradeStatus s = paid ? status(t) : TradeStatus.of(TradeState.NOT_PAID, null);
        return new Notified(
                "nonce:" + nonce,
                paid,
                s.merchantId(),
                s.appId(),
                s.orderNumber(),
                s.transactionId(),
                s.amount(),
                s.paidAt());
    }

    /** Checks the signature headers against the raw body; answers the nonce. */
    private String verified(Map<String, String> headers, byte[] body, Instant now) {
        String timestamp = headers.get("wechatpay-timestamp");
        String nonce = headers.get("wechatpay-nonce");
        String signature = headers.get("wechatpay-signature");
        String serial = headers.get("wechatpay-serial");
        if (timestamp == null || nonce == null || signature == null || serial == null)
            throw new NotificationRefused("signature headers missing");
        if (!serial.equals(keys.platformSerial())) throw new NotificationRefused("signed with an unknown key serial");
        if (!DIGITS.matcher(timestamp).matches() || !TOKEN.matcher(nonce).matches())
            throw new NotificationRefused("malformed timestamp or nonce");
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(signedAt, now).abs().compareTo(window) > 0)
            throw new NotificationRefused("timestamp outside the window");
        if (!Signatures.verify(keys.platformKey(), signedMessage(timestamp, nonce, body), signature))
            throw new NotificationRefused("signature does not verify");
        return nonce;
    }

    static byte[] signedMessage(String timestamp, String nonce, byte[] body) {
        byte[] head = (timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[head.length + body.length + 1];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(body, 0, message, head.length, body.length);
        message[message.length - 1] = '\n';
        return message;
    }

    private static TradeStatus status(JsonNode t) {
        String state = t.path("trade_state").asString("");
        TradeState s = switch (state) {
            case "SUCCESS" -> TradeState.PAID;
            case "CLOSED", "REVOKED", "PAYERROR" -> TradeState.CLOSED;
            default -> TradeState.NOT_PAID; // NOTPAY, USERPAYING
        };
        String orderNumber = t.path("out_trade_no").asString(null);
        if (s != TradeState.PAID) return TradeStatus.of(s, orderNumber);
        JsonNode total = t.path("amount").path("total");
        if (!total.isIntegralNumber()
                || !"CNY".equals(t.path("amount").path("currency").asString("CNY")))
            throw new NotificationRefused("amount is not whole fen of CNY");
        Instant paidAt;
        try {
            paidAt = OffsetDateTime.parse(t.path("success_time").asString("")).toInstant();
        } catch (DateTimeParseException e) {
            throw new NotificationRefused("success_time is not RFC 3339");
        }
        return new TradeStatus(
                s,
                t.path("mchid").asString(null),
                t.path("appid").asString(null),
                orderNumber,
                t.path("transaction_id").asString(null),
                Money.fen(total.asLong()),
                paidAt);
    }

    /**
     * The trade bill of a day: {@code GET /v3/bill/tradebill} answers (signed) a {@code download_url} and the file's
     * SHA1; the file itself comes from that address with a signed request and is checked against the digest. A day
     * without trades has no file ({@code NO_STATEMENT_EXIST}): its bill is the empty one. A bill still being made
     * ({@code STATEMENT_CREATING}) or any other failure is no answer yet.
     */
    @Override
    public byte[] download(java.time.LocalDate day) {
        GatewayTransport.Response r = call("GET", TRADE_BILL + "?bill_date=" + day + "&bill_type=ALL", "");
        if (r.status() == 400
                && "NO_STATEMENT_EXIST".equals(tree(r.body()).path("code").asString("")))
            return WeChatPayBill.EMPTY.getBytes(StandardCharsets.UTF_8);
        if (r.status() != 200) throw new GatewayTimeout("WeChat Pay gave no bill for " + day + ": " + error(r));
        JsonNode a = tree(r.body());
        String url = a.path("download_url").asString("");
        String hash = a.path("hash_value").asString("");
        if (!"SHA1".equals(a.path("hash_type").asString("")) || hash.isEmpty())
            throw new GatewayTimeout("WeChat Pay's bill answer has no SHA1 digest");
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new GatewayTimeout("WeChat Pay's download_url is not an address");
        }
        if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/v3/billdownload/"))
            throw new GatewayTimeout("WeChat Pay's download_url is not a bill download");
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        GatewayTransport.Response f = send("GET", path, "");
        if (f.status() != 200 || f.body() == null)
            throw new GatewayTimeout("WeChat Pay's bill download answered HTTP " + f.status());
        byte[] file = f.body().getBytes(StandardCharsets.UTF_8);
        if (!Signatures.sha1Hex(file).equalsIgnoreCase(hash))
            throw new GatewayTimeout("the WeChat Pay bill of " + day + " does not match its digest");
        return file;
    }

    @Override
    public java.util.List<BillLine> read(byte[] file) {
        return WeChatPayBill.read(file);
    }

    @Override
    public PaymentOrders.Answer accepted() {
        return new PaymentOrders.Answer(200, null, null);
    }

    @Override
    public PaymentOrders.Answer refused(String reason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", "FAIL");
        body.put("message", reason);
        return new PaymentOrders.Answer(400, "application/json", JSON.writeValueAsString(body));
    }

    static String time(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.atZone(BEIJING).toOffsetDateTime());
    }

    private GatewayTransport.Response call(String method, String path, String body) {
        GatewayTransport.Response r = send(method, path, body);
        // an answer that is not WeChat Pay's own is no answer at all
        try {
            verified(
                    r.headers(),
                    r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8),
                    clock.instant());
        } catch (NotificationRefused e) {
            throw new GatewayTimeout("WeChat Pay's answer is not genuine: " + e.getMessage());
        }
        return r;
    }

    /** A signed request; the answer unverified (the bill file is not signed: its digest is, in the answer before). */
    private GatewayTransport.Response send(String method, String path, String body) {
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        String nonce = nonce();
        String message = method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + body + "\n";
        String auth = "WECHATPAY2-SHA256-RSA2048 mchid=\"" + keys.mchId() + "\",nonce_str=\"" + nonce
                + "\",signature=\"" + Signatures.sign(keys.merchantKey(), message) + "\",timestamp=\"" + timestamp
                + "\",serial_no=\"" + keys.merchantSerial() + "\"";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", auth);
        headers.put("Accept", "application/json");
        if (!body.isEmpty()) headers.put("Content-Type", "application/json");
        return transport.exchange(new GatewayTransport.Request(method, path, headers, body));
    }

    private String nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    private static JsonNode tree(String body) {
        try {
            return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
        } catch (JacksonException e) {
            throw new GatewayTimeout("WeChat Pay answered something that is not JSON");
        }
    }

    private static String error(GatewayTransport.Response r) {
        return r.status() + " " + tree(r.body()).path("code").asString("");
    }
}
