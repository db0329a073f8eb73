package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alipay's open platform with RSA2: a request is a form of common parameters and {@code biz_content}, signed with the
 * application's key (SHA256withRSA) over the parameters sorted by name as {@code k=v&...}, {@code sign} left out and
 * empty values skipped; an answer is {@code {"<method>_response":{...},"sign":"..."}} signed by Alipay over the
 * response object's exact text. The asynchronous notification is a form signed the same way, {@code sign} and {@code
 * sign_type} left out, and is answered with the plain text {@code success} (anything else makes Alipay send it
 * again).
 */
class Alipay extends SignedGatewayAdapter<Alipay.Keys> implements GatewayBills {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,10}(\\.[0-9]{1,2})?");
    private static final int MAX_FIELDS = 64;

    record Keys(String appId, String sellerId, PrivateKey appKey, PublicKey alipayKey)
            implements SignedGatewayAdapter.MerchantKeys {

        @Override
        public String merchantId() {
            return sellerId;
        }
    }

    Alipay(Keys keys, GatewayTransport transport, Clock clock, Duration window, String notifyUrl) {
        super(Gateway.ALIPAY, keys, transport, clock, window, notifyUrl);
    }

    @Override
    public String open(Trade trade) {
        ObjectNode biz = JSON.createObjectNode();
        biz.put("out_trade_no", trade.orderNumber());
        biz.put("total_amount", trade.amount().toYuan().toPlainString());
        biz.put("subject", trade.description());
        biz.put("seller_id", keys.sellerId());
        biz.put("time_expire", TIME.format(trade.expiresAt().atZone(BEIJING)));
        JsonNode r = call("alipay.trade.precreate", biz, true);
        if (!"10000".equals(r.path("code").asString("")))
            throw new IllegalStateException(
                    "Alipay refused the order: " + r.path("sub_code").asString(""));
        String qr = r.path("qr_code").asString("");
        if (qr.isEmpty()) throw new IllegalStateException("Alipay answered no qr_code");
        return qr;
    }

    @Override
    public TradeStatus query(String orderNumber) {
        ObjectNode biz = JSON.createObjectNode();
        biz.put("out_trade_no", orderNumber);
        JsonNode r = call("alipay.trade.query", biz, false);
        String code = r.path("code").asString("");
        if ("40004".equals(code)
                && "ACQ.TRADE_NOT_EXIST".equals(r.path("sub_code").asString("")))
            return TradeStatus.of(TradeState.NOT_FOUND, orderNumber);
        if (!"10000".equals(code)) throw new GatewayTimeout("Alipay could not answer the query: " + code);
        String status = r.path("trade_status").asString("");
        return switch (status) {
            case "TRADE_SUCCESS", "TRADE_FINISHED" ->
                new TradeStatus(
                        TradeState.PAID,
                        keys.sellerId(), // the query is signed by Alipay for our app: the seller is ours
                        keys.appId(),
                        r.path("out_trade_no").asString(null),
                        r.path("trade_no").asString(null),
                        amount(r.path("total_amount").asString("")),
                        time(r.path("send_pay_date").asString("")));
            case "TRADE_CLOSED" -> TradeStatus.of(TradeState.CLOSED, orderNumber);
            default -> TradeStatus.of(TradeState.NOT_PAID, orderNumber);
        };
    }

    @Override
    public boolean close(String orderNumber) {
        ObjectNode biz = JSON.createObjectNode();
        biz.put("out_trade_no", orderNumber);
        JsonNode r = call("alipay.trade.close", biz, false);
        String code = r.path("code").asString("");
        if ("10000".equals(code)) return true;
        String sub = r.path("sub_code").asString("");
        if ("ACQ.TRADE_NOT_EXIST".equals(sub)) return true;
        if ("ACQ.TRADE_STATUS_ERROR".equals(sub)) return false; // paid meanwhile
        throw new GatewayTimeout("Alipay could not close the order: " + code + " " + sub);
    }

    @Override
    public boolean refunds() {
        return true;
    }

    /**
     * {@code alipay.trade.refund} with our order number, Alipay's trade_no, the amount in yuan and our refund number as
     * {@code out_request_no} (Alipay keeps a refund by it: asked again, it answers the same refund). A refund Alipay
     * answers 10000 with {@code fund_change} N may be one it took before: it is confirmed by asking.
     */
    @Override
    public RefundStatus refund(
            String orderNumber, String transactionId, String refundNumber, Money amount, Money total) {
        ObjectNode biz = JSON.createObjectNode();
        biz.put("out_trade_no", orderNumber);
        biz.put("trade_no", transactionId);
        biz.put("refund_amount", amount.toYuan().toPlainString());
        biz.put("refund_reason", "电费退费");
        biz.put("out_request_no", refundNumber);
        JsonNode r = call("alipay.trade.refund", biz, false);
        String code = r.path("code").asString("");
        if ("10000".equals(code))
            return "Y".equals(r.path("fund_change").asString(""))
                    ? new RefundStatus(
                            RefundState.SUCCEEDED,
                            refundNumber,
                            r.path("trade_no").asString(null),
                            amount,
                            null)
                    : queryRefund(orderNumber, refundNumber);
        if ("40004".equals(code))
            return RefundStatus.refused(refundNumber, r.path("sub_code").asString(code));
        throw new GatewayTimeout("Alipay could not answer the refund: " + code + " "
                + r.path("sub_code").asString(""));
    }

    /**
     * {@code alipay.trade.fastpay.refund.query}: 10000 with {@code refund_status} REFUND_SUCCESS is a refund done;
     * 10000 without an amount is a refund Alipay never took.
     */
    @Override
    public RefundStatus queryRefund(String orderNumber, String refundNumber) {
        ObjectNode biz = JSON.createObjectNode();
        biz.put("out_trade_no", orderNumber);
        biz.put("out_request_no", refundNumber);
        JsonNode r = call("alipay.trade.fastpay.refund.query", biz, false);
        String code = r.path("code").asString("");
        if ("40004".equals(code)
                && "ACQ.TRADE_NOT_EXIST".equals(r.path("sub_code").asString("")))
            return new RefundStatus(RefundState.NOT_FOUND, refundNumber, null, null, null);
        if (!"10000".equals(code)) throw new GatewayTimeout("Alipay could not answer the refund query: " + code);
        String amount = r.path("refund_amount").asString("");
        if (amount.isEmpty()) return new RefundStatus(RefundState.NOT_FOUND, refundNumber, null, null, null);
        if (!refundNumber.equals(r.path("out_request_no").asString(refundNumber)))
            throw new GatewayTimeout("Alipay answered about another refund");
        Money fen;
        try {
            fen = amount(amount);
        } catch (NotificationRefused e) {
            throw new GatewayTimeout("Alipay answered a refund amount that is not yuan.fen");
        }
        return "REFUND_SUCCESS".equals(r.path("refund_status").asString("REFUND_SUCCESS"))
                ? new RefundStatus(
                        RefundState.SUCCEEDED, refundNumber, r.path("trade_no").asString(null), fen, null)
                : new RefundStatus(RefundState.PENDING, refundNumber, null, fen, null);
    }

    @Override
    public Notified read(Map<String, String> headers, byte[] body, Instant now) {
        // the signature is one of the form's fields: the form is split, strictly, and nothing of it is read as data
        // before the signature over the rest verifies
        Map<String, String> form = form(body);
        String sign = form.get("sign");
        if (sign == null) throw new NotificationRefused("no sign");
        if (!"RSA2".equals(form.get("sign_type"))) throw new NotificationRefused("sign_type is not RSA2");
        if (!Signatures.verify(keys.alipayKey(), signContent(form, true), sign))
            throw new NotificationRefused("signature does not verify");
        Instant sent = time(form.getOrDefault("notify_time", ""));
        if (Duration.between(sent, now).abs().compareTo(window) > 0)
            throw new NotificationRefused("notify_time outside the window");
        String status = form.getOrDefault("trade_status", "");
        boolean paid = status.equals("TRADE_SUCCESS") || status.equals("TRADE_FINISHED");
        return new Notified(
                "sign:" + digest(sign),
                paid,
                form.get("seller_id"),
                form.get("app_id"),
                form.get("out_trade_no"),
                form.get("trade_no"),
                paid ? amount(form.getOrDefault("total_amount", "")) : null,
                paid ? time(form.getOrDefault("gmt_payment", "")) : null);
    }

    /**
     * The trade bill of a day: {@code alipay.data.dataservice.bill.downloadurl.query} (bill_type {@code trade}) answers,
     * signed, a short-lived {@code bill_download_url}; the zip behind it is fetched as it is (Alipay does not sign
     * the file; the address it signed is the file's authority). A bill not made yet or any failure is no answer yet.
     */
    @Override
    public byte[] download(java.time.LocalDate day) {
        ObjectNode biz = JSON.createObjectNode();
        biz.put("bill_type", "trade");
        biz.put("bill_date", day.toString());
        JsonNode r = call("alipay.data.dataservice.bill.downloadurl.query", biz, false);
        if (!"10000".equals(r.path("code").asString("")))
            throw new GatewayTimeout("Alipay gave no bill for " + day + ": "
                    + r.path("code").asString("") + " " + r.path("sub_code").asString(""));
        String url = r.path("bill_download_url").asString("");
        if (!url.startsWith("https://") && !url.startsWith("http://"))
            throw new GatewayTimeout("Alipay's bill_download_url is not an address");
        GatewayTransport.Response f = transport.exchange(new GatewayTransport.Request("GET", url, Map.of(), null));
        if (f.status() != 200 || f.body() == null)
            throw new GatewayTimeout("Alipay's bill download answered HTTP " + f.status());
        // a binary answer travels byte for byte as ISO-8859-1 (GatewayTransport.Response)
        return f.body().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public java.util.List<BillLine> read(byte[] file) {
        return AlipayBill.read(file);
    }

    @Override
    public PaymentOrders.Answer accepted() {
        return new PaymentOrders.Answer(200, "text/plain", "success");
    }

    @Override
    public PaymentOrders.Answer refused(String reason) {
        return new PaymentOrders.Answer(400, "text/plain", "fail");
    }

    /** Alipay's sign content: parameters sorted by name, {@code sign} (and for notifications {@code sign_type}) left out. */
    static String signContent(Map<String, String> params, boolean notification) {
        return new TreeMap<>(params)
                .entrySet().stream()
                        .filter(e -> !e.getKey().equals("sign"))
                        .filter(e -> !notification || !e.getKey().equals("sign_type"))
                        .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
    }

    /** A form body, strictly: UTF-8, each name once, at most a few dozen fields. */
    static Map<String, String> form(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotificationRefused("the body is not UTF-8");
        }
        Map<String, String> form = new LinkedHashMap<>();
        if (text.isEmpty()) throw new NotificationRefused("an empty body");
        String[] pairs = text.split("&", -1);
        if (pairs.length > MAX_FIELDS) throw new NotificationRefused("too many fields");
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new NotificationRefused("not a form");
            try {
                String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (form.put(name, value) != null) throw new NotificationRefused("a field twice");
            } catch (IllegalArgumentException e) {
                throw new NotificationRefused("not a form");
            }
        }
        return form;
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Money amount(String yuan) {
        if (!AMOUNT.matcher(yuan).matches()) throw new NotificationRefused("an amount that is not yuan.fen");
        return Money.fen(new BigDecimal(yuan).movePointRight(2).longValueExact());
    }

    private static Instant time(String text) {
        try {
            return LocalDateTime.parse(text, TIME).atZone(BEIJING).toInstant();
        } catch (DateTimeParseException e) {
            throw new NotificationRefused("a time that is not yyyy-MM-dd HH:mm:ss");
        }
    }

    private static String digest(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls a method; answers the verified response object. */
    private JsonNode call(String method, ObjectNode biz, boolean withNotifyUrl) {
        Map<String, String> params = new TreeMap<>();
        params.put("app_id", keys.appId());
        params.put("method", method);
        params.put("format", "JSON");
        params.put("charset", "utf-8");
        params.put("sign_type", "RSA2");
        params.put("timestamp", TIME.format(clock.instant().atZone(BEIJING)));
        params.put("version", "1.0");
        if (withNotifyUrl) params.put("notify_url", notifyUrl);
        params.put("biz_content", JSON.writeValueAsString(biz));
        params.put("sign", Signatures.sign(keys.appKey(), signContent(params, false)));
        GatewayTransport.Response r = transport.exchange(new GatewayTransport.Request(
                "POST", "", Map.of("Content-Type", "application/x-www-form-urlencoded;charset=utf-8"), encode(params)));
        if (r.status() != 200 || r.body() == null) throw new GatewayTimeout("Alipay answered HTTP " + r.status());
        String node = method.replace('.', '_') + "_response";
        String raw = responseText(r.body(), node);
        String sign;
        try {
            sign = JSON.readTree(r.body()).path("sign").asString("");
        } catch (JacksonException e) {
            throw new GatewayTimeout("Alipay answered something that is not JSON");
        }
        if (raw == null || !Signatures.verify(keys.alipayKey(), raw, sign))
            throw new GatewayTimeout("Alipay's answer is not genuine");
        try {
            return JSON.readTree(raw);
        } catch (JacksonException e) {
            throw new GatewayTimeout("Alipay answered something that is not JSON");
        }
    }

    /** The exact text of the response object, as Alipay signed it: from after its name to before {@code ,"sign"}. */
    static String responseText(String body, String node) {
        String key = "\"" + node + "\":";
        int start = body.indexOf(key);
        int end = body.lastIndexOf(",\"sign\":");
        if (start < 0 || end < start) return null;
        return body.substring(start + key.length(), end);
    }
}
