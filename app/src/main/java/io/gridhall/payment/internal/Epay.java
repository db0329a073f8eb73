package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.shared.Money;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * 电e宝, State Grid's own payment service, for QR payments. Its interface specification is given to utilities and not
 * published; this wire shape is our assumption (ADR 0016) in the manner of the other platforms until a utility
 * provides it: JSON bodies with {@code mer_no}, {@code app_id}, amounts in fen; every request, answer and notification
 * signed RSA2 (SHA256withRSA) over {@code app_id\ntimestamp\nnonce\nbody\n} with the signature in {@code
 * Epay-Signature} and the rest in {@code Epay-App-Id}, {@code Epay-Timestamp} (epoch seconds), {@code Epay-Nonce} and
 * {@code Epay-Sign-Type: RSA2}; ours with the application's key, 电e宝's with its platform key. A notification is
 * answered 200 {@code {"return_code":"SUCCESS"}}, else 4xx/5xx {@code {"return_code":"FAIL"}}.
 */
class Epay extends SignedGatewayAdapter<Epay.Keys> implements GatewayBills {

    static final String PRECREATE = "/api/v1/trade/precreate";
    static final String QUERY = "/api/v1/trade/query";
    static final String CLOSE = "/api/v1/trade/close";
    static final String BILL = "/api/v1/bill/download";
    static final String REFUND = "/api/v1/trade/refund";
    static final String REFUND_QUERY = "/api/v1/trade/refund/query";
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);
    static final DateTimeFormatter BILL_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    static final String BILL_HEADER = "交易时间,电e宝交易号,商户订单号,交易类型,交易状态,金额（分）,手续费（分）,商品名称,商户退款单号";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern BILL_ID = Pattern.compile("[\\x21-\\x7e]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[0-9A-Za-z]{16,64}");
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    record Keys(String merNo, String appId, PrivateKey appKey, PublicKey epayKey)
            implements SignedGatewayAdapter.MerchantKeys {

        @Override
        public String merchantId() {
            return merNo;
        }
    }

    private final SecureRandom random = new SecureRandom();

    Epay(Keys keys, GatewayTransport transport, Clock clock, Duration window, String notifyUrl) {
        super(Gateway.EPAY, keys, transport, clock, window, notifyUrl);
    }

    @Override
    public String open(Trade trade) {
        ObjectNode b = body();
        b.put("out_trade_no", trade.orderNumber());
        b.put("total_fee", trade.amount().fen());
        b.put("fee_type", "CNY");
        b.put("subject", trade.description());
        b.put("time_expire", TIME.format(trade.expiresAt().atZone(BEIJING)));
        b.put("notify_url", notifyUrl);
        JsonNode r = call(PRECREATE, b);
        if (!"0000".equals(r.path("code").asString("")))
            throw new IllegalStateException(
                    "电e宝 refused the order: " + r.path("code").asString(""));
        String qr = r.path("qr_code").asString("");
        if (qr.isEmpty()) throw new IllegalStateException("电e宝 answered no qr_code");
        return qr;
    }

    @Override
    public boolean refunds() {
        return true;
    }

    /**
     * {@code /trade/refund} in our assumed shape: {@code out_trade_no}, {@code trade_no}, {@code out_refund_no},
     * {@code refund_fee} and {@code total_fee} in fen; answered {@code refund_status} SUCCESS or PROCESSING (0000),
     * 4004 no trade, 4007 more than was paid, 4008 not paid. The same {@code out_refund_no} again is the same refund.
     */
    @Override
    public RefundStatus refund(
            String orderNumber, String transactionId, String refundNumber, Money amount, Money total) {
        ObjectNode b = body();
        b.put("out_trade_no", orderNumber);
        b.put("trade_no", transactionId);
        b.put("out_refund_no", refundNumber);
        b.put("refund_fee", amount.fen());
        b.put("total_fee", total.fen());
        b.put("fee_type", "CNY");
        JsonNode r = call(REFUND, b);
        String code = r.path("code").asString("");
        if ("0000".equals(code)) return refundStatus(r, refundNumber);
        if ("4004".equals(code) || "4007".equals(code) || "4008".equals(code))
            return RefundStatus.refused(refundNumber, code);
        throw new GatewayTimeout("电e宝 could not answer the refund: " + code);
    }

    /** {@code /trade/refund/query}: 4009 is a refund 电e宝 never took. */
    @Override
    public RefundStatus queryRefund(String orderNumber, String refundNumber) {
        ObjectNode b = body();
        b.put("out_trade_no", orderNumber);
        b.put("out_refund_no", refundNumber);
        JsonNode r = call(REFUND_QUERY, b);
        String code = r.path("code").asString("");
        if ("4009".equals(code)) return new RefundStatus(RefundState.NOT_FOUND, refundNumber, null, null, null);
        if (!"0000".equals(code)) throw new GatewayTimeout("电e宝 could not answer the refund query: " + code);
        return refundStatus(r, refundNumber);
    }

    private static RefundStatus refundStatus(JsonNode r, String refundNumber) {
        if (!refundNumber.equals(r.path("out_refund_no").asString("")))
            throw new GatewayTimeout("电e宝 answered about another refund");
        JsonNode fee = r.path("refund_fee");
        Money amount = fee.isIntegralNumber() ? Money.fen(fee.asLong()) : null;
        String id = r.path("refund_no").asString(null);
        return switch (r.path("refund_status").asString("")) {
            case "SUCCESS" -> new RefundStatus(RefundState.SUCCEEDED, refundNumber, id, amount, null);
            case "FAIL" -> RefundStatus.refused(refundNumber, "FAIL");
            default -> new RefundStatus(RefundState.PENDING, refundNumber, id, amount, null);
        };
    }

    @Override
    public TradeStatus query(String orderNumber) {
        ObjectNode b = body();
        b.put("out_trade_no", orderNumber);
        JsonNode r = call(QUERY, b);
        String code = r.path("code").asString("");
        if ("4004".equals(code)) return TradeStatus.of(TradeState.NOT_FOUND, orderNumber);
        if (!"0000".equals(code)) throw new GatewayTimeout("电e宝 could not answer the query: " + code);
        return switch (r.path("trade_status").asString("")) {
            case "SUCCESS" -> {
                try {
                    yield paid(r);
                } catch (NotificationRefused e) {
                    throw new GatewayTimeout("电e宝 answered a paid trade unreadably: " + e.getMessage());
                }
            }
            case "CLOSED" -> TradeStatus.of(TradeState.CLOSED, orderNumber);
            default -> TradeStatus.of(TradeState.NOT_PAID, orderNumber);
        };
    }

    @Override
    public boolean close(String orderNumber) {
        ObjectNode b = body();
        b.put("out_trade_no", orderNumber);
        JsonNode r = call(CLOSE, b);
        return switch (r.path("code").asString("")) {
            case "0000", "4004" -> true;
            case "4005" -> false; // paid meanwhile
            default ->
                throw new GatewayTimeout(
                        "电e宝 could not close the order: " + r.path("code").asString(""));
        };
    }

    @Override
    public Notified read(Map<String, String> headers, byte[] body, Instant now) {
        String nonce = verified(headers, body, now);
        JsonNode n = tree(body);
        boolean paid = "trade.success".equals(n.path("notify_type").asString(""))
                && "SUCCESS".equals(n.path("trade_status").asString(""));
        TradeStatus s = paid ? paid(n) : TradeStatus.of(TradeState.NOT_PAID, null);
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

    @Override
    public PaymentOrders.Answer accepted() {
        return new PaymentOrders.Answer(200, "application/json", "{\"return_code\":\"SUCCESS\"}");
    }

    @Override
    public PaymentOrders.Answer refused(String reason) {
        return new PaymentOrders.Answer(400, "application/json", "{\"return_code\":\"FAIL\"}");
    }

    // ---- the daily bill ----

    @Override
    public byte[] download(LocalDate day) {
        ObjectNode b = body();
        b.put("bill_date", DateTimeFormatter.BASIC_ISO_DATE.format(day));
        JsonNode r = call(BILL, b);
        if (!"0000".equals(r.path("code").asString("")))
            throw new GatewayTimeout(
                    "电e宝 could not send the bill: " + r.path("code").asString(""));
        byte[] file;
        try {
            file = Base64.getDecoder().decode(r.path("bill_content").asString(""));
        } catch (IllegalArgumentException e) {
            throw new GatewayTimeout("电e宝's bill does not decode");
        }
        if (!HexFormat.of()
                .formatHex(UnionPay.sha256Bytes(file))
                .equals(r.path("bill_digest").asString("")))
            throw new GatewayTimeout("电e宝's bill does not match its digest");
        return file;
    }

    /**
     * Reads the bill (UTF-8, CRLF): a title line with our merchant number and the day, {@link #BILL_HEADER}, one line
     * per trade (PAY positive; REFUND negative, under the refunded trade's numbers with our {@code out_refund_no} in
     * the last column), and a totals line {@code 总笔数,<n>,总金额（分）,<sum>} (net of refunds) that must add up.
     */
    @Override
    public List<BillLine> read(byte[] file) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(file))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a 电e宝 bill is UTF-8");
        }
        if (!text.endsWith("\r\n")) throw new IllegalArgumentException("a truncated 电e宝 bill");
        String[] lines = text.substring(0, text.length() - 2).split("\r\n", -1);
        if (lines.length < 3) throw new IllegalArgumentException("a 电e宝 bill without its header or totals");
        if (!lines[0].startsWith("电e宝交易明细,商户号：" + keys.merNo() + ","))
            throw new IllegalArgumentException("not our 电e宝 bill");
        if (!lines[1].equals(BILL_HEADER)) throw new IllegalArgumentException("other columns");
        List<BillLine> out = new ArrayList<>();
        long sum = 0;
        for (int i = 2; i < lines.length - 1; i++) {
            String[] c = lines[i].split(",", -1);
            if (c.length != 9) throw new IllegalArgumentException("a line of other columns");
            long sign = switch (c[3]) {
                case "PAY" -> 1;
                case "REFUND" -> -1;
                default -> throw new IllegalArgumentException("an unknown trade type");
            };
            if (!"SUCCESS".equals(c[4])) throw new IllegalArgumentException("a trade that did not succeed");
            if (!DIGITS.matcher(c[5]).matches() || !DIGITS.matcher(c[6]).matches())
                throw new IllegalArgumentException("an amount that is not fen");
            if (!BILL_ID.matcher(c[1]).matches() || !BILL_ID.matcher(c[2]).matches())
                throw new IllegalArgumentException("a trade without its numbers");
            if (!c[8].isEmpty() && !BILL_ID.matcher(c[8]).matches())
                throw new IllegalArgumentException("a refund number that is not one");
            long fen = sign * Long.parseLong(c[5]);
            if (fen == 0) throw new IllegalArgumentException("a zero amount");
            Instant at;
            try {
                at = LocalDateTime.parse(c[0], BILL_TIME).atZone(BEIJING).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("a time that is not one");
            }
            sum += fen;
            if (sign > 0) {
                if (!c[8].isEmpty()) throw new IllegalArgumentException("a payment with a refund number");
                out.add(new BillLine(c[1], c[2], Money.fen(fen), at));
            } else {
                // a refund: the refunded trade's numbers, our out_refund_no
                if (c[8].isEmpty()) throw new IllegalArgumentException("a refund without its refund number");
                out.add(BillLine.refund(c[8], c[1], c[2], Money.fen(-fen), at));
            }
        }
        String[] totals = lines[lines.length - 1].split(",", -1);
        if (totals.length != 4 || !totals[0].equals("总笔数") || !totals[2].equals("总金额（分）"))
            throw new IllegalArgumentException("no totals line");
        if (!totals[1].equals(String.valueOf(out.size())) || !totals[3].equals(String.valueOf(sum)))
            throw new IllegalArgumentException("totals that do not add up");
        return out;
    }

    // ---- the wire ----

    private TradeStatus paid(JsonNode t) {
        JsonNode fee = t.path("total_fee");
        if (!fee.isIntegralNumber() || fee.asLong() <= 0 || fee.asLong() > 999_999_999_999L)
            throw new NotificationRefused("an amount that is not fen");
        if (!"CNY".equals(t.path("fee_type").asString(""))) throw new NotificationRefused("not yuan");
        Instant paidAt;
        try {
            paidAt = LocalDateTime.parse(t.path("pay_time").asString(""), TIME)
                    .atZone(BEIJING)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new NotificationRefused("a pay_time that is not yyyyMMddHHmmss");
        }
        return new TradeStatus(
                TradeState.PAID,
                t.path("mer_no").asString(null),
                t.path("app_id").asString(null),
                t.path("out_trade_no").asString(null),
                t.path("trade_no").asString(null),
                Money.fen(fee.asLong()),
                paidAt);
    }

    /** Checks the signature headers against the raw body; answers the nonce. */
    private String verified(Map<String, String> headers, byte[] body, Instant now) {
        String app = headers.get("epay-app-id");
        String timestamp = headers.get("epay-timestamp");
        String nonce = headers.get("epay-nonce");
        String signature = headers.get("epay-signature");
        if (app == null || timestamp == null || nonce == null || signature == null)
            throw new NotificationRefused("signature headers missing");
        if (!"RSA2".equals(headers.get("epay-sign-type"))) throw new NotificationRefused("sign type is not RSA2");
        if (!app.equals(keys.appId())) throw new NotificationRefused("signed for another app id");
        if (!DIGITS.matcher(timestamp).matches() || !TOKEN.matcher(nonce).matches())
            throw new NotificationRefused("malformed timestamp or nonce");
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(signedAt, now).abs().compareTo(window) > 0)
            throw new NotificationRefused("timestamp outside the window");
        if (!Signatures.verify(keys.epayKey(), signedMessage(app, timestamp, nonce, body), signature))
            throw new NotificationRefused("signature does not verify");
        return nonce;
    }

    static byte[] signedMessage(String appId, String timestamp, String nonce, byte[] body) {
        byte[] head = (appId + "\n" + timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[head.length + body.length + 1];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(body, 0, message, head.length, body.length);
        message[message.length - 1] = '\n';
        return message;
    }

    /** The signature headers over {@code body}, signed with {@code key}. */
    static Map<String, String> signatureHeaders(String appId, PrivateKey key, byte[] body, Instant at, String nonce) {
        String timestamp = String.valueOf(at.getEpochSecond());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Epay-App-Id", appId);
        h.put("Epay-Timestamp", timestamp);
        h.put("Epay-Nonce", nonce);
        h.put("Epay-Sign-Type", "RSA2");
        h.put(
                "Epay-Signature",
                Signatures.sign(key, new String(signedMessage(appId, timestamp, nonce, body), StandardCharsets.UTF_8)));
        return h;
    }

    private ObjectNode body() {
        ObjectNode b = JSON.createObjectNode();
        b.put("mer_no", keys.merNo());
        b.put("app_id", keys.appId());
        return b;
    }

    /** Signs and sends a request; answers the verified answer. */
    private JsonNode call(String path, ObjectNode request) {
        byte[] body = JSON.writeValueAsBytes(request);
        Map<String, String> headers =
                new LinkedHashMap<>(signatureHeaders(keys.appId(), keys.appKey(), body, clock.instant(), nonce()));
        headers.put("Content-Type", "application/json;charset=UTF-8");
        GatewayTransport.Response r = transport.exchange(
                new GatewayTransport.Request("POST", path, headers, new String(body, StandardCharsets.UTF_8)));
        if (r.status() != 200 || r.body() == null) throw new GatewayTimeout("电e宝 answered HTTP " + r.status());
        byte[] answer = r.body().getBytes(StandardCharsets.UTF_8);
        try {
            verified(r.headers(), answer, clock.instant());
        } catch (NotificationRefused e) {
            throw new GatewayTimeout("电e宝's answer is not genuine: " + e.getMessage());
        }
        JsonNode a;
        try {
            a = tree(answer);
        } catch (NotificationRefused e) {
            throw new GatewayTimeout("电e宝 answered something that is not JSON");
        }
        if (!keys.merNo().equals(a.path("mer_no").asString("")))
            throw new GatewayTimeout("电e宝 answered for another merchant");
        return a;
    }

    static JsonNode tree(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) throw new NotificationRefused("the body is not a JSON object");
            return n;
        } catch (JacksonException e) {
            throw new NotificationRefused("the body is not JSON");
        }
    }

    private String nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
