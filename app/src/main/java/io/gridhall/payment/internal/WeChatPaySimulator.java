package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * WeChat Pay's side of APIv3 (demo and tests only): it checks each request's merchant signature, signs its answers and
 * notifications with its platform key, encrypts notification resources with the APIv3 key, retries notifications on
 * WeChat Pay's published schedule (15 s, 15 s, 30 s, 3 m, 10 m, 20 m, 30 m, 30 m, 30 m, 60 m, 3 h, 3 h, 3 h, 6 h, 6 h)
 * and writes the trade bill (交易账单) in WeChat Pay's backquoted CSV.
 */
class WeChatPaySimulator extends SignedGatewaySimulator<WeChatPay.Keys> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern AUTH = Pattern.compile(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"([^\"]*)\",nonce_str=\"([^\"]*)\",signature=\"([^\"]*)\",timestamp=\"([^\"]*)\",serial_no=\"([^\"]*)\"");
    private static final Pattern BY_ORDER =
            Pattern.compile("/v3/pay/transactions/out-trade-no/([0-9A-Za-z_\\-|*]{6,32})(/close|\\?mchid=[0-9]+)");
    private static final List<Duration> RETRIES = List.of(
            Duration.ofSeconds(15),
            Duration.ofSeconds(15),
            Duration.ofSeconds(30),
            Duration.ofMinutes(3),
            Duration.ofMinutes(10),
            Duration.ofMinutes(20),
            Duration.ofMinutes(30),
            Duration.ofMinutes(30),
            Duration.ofMinutes(30),
            Duration.ofMinutes(60),
            Duration.ofHours(3),
            Duration.ofHours(3),
            Duration.ofHours(3),
            Duration.ofHours(6),
            Duration.ofHours(6));

    private static final Pattern TRADE_BILL =
            Pattern.compile("/v3/bill/tradebill\\?bill_date=([0-9]{4}-[0-9]{2}-[0-9]{2})&bill_type=ALL");
    private static final Pattern REFUND = Pattern.compile("/v3/refund/domestic/refunds/([0-9A-Za-z_\\-|*@]{1,64})");
    private static final Pattern DOWNLOAD = Pattern.compile("/v3/billdownload/file\\?token=([0-9a-f]{32})");

    private final Map<String, byte[]> files = new java.util.concurrent.ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** @param merchant the merchant's settings as WeChat Pay knows them (it verifies with the merchant's public key) */
    WeChatPaySimulator(
            WeChatPay.Keys merchant,
            java.security.PublicKey merchantPublicKey,
            KeyPair platform,
            Clock clock,
            GatewaySettings.Simulator settings,
            Receiver receiver) {
        super(Gateway.WECHAT, RETRIES, merchant, merchantPublicKey, platform, clock, settings, receiver);
    }

    @Override
    String newTransactionId() {
        return "4200" + DateTimeFormatter.BASIC_ISO_DATE.format(clock.instant().atZone(BEIJING))
                + String.format("%016d", nextSequence() * 7919 % 10_000_000_000_000_000L);
    }

    @Override
    public Response exchange(Request request) {
        Matcher auth = AUTH.matcher(request.headers().getOrDefault("Authorization", ""));
        if (!auth.matches()
                || !auth.group(1).equals(merchant.mchId())
                || !auth.group(5).equals(merchant.merchantSerial())
                || !Signatures.verify(
                        merchantPublicKey,
                        request.method() + "\n" + request.path() + "\n" + auth.group(4) + "\n" + auth.group(2) + "\n"
                                + request.body() + "\n",
                        auth.group(3))) return answer(401, error("SIGN_ERROR", "签名错误"));
        if (request.method().equals("POST") && request.path().equals(WeChatPay.NATIVE)) return open(request.body());
        Matcher bill = TRADE_BILL.matcher(request.path());
        if (request.method().equals("GET") && bill.matches()) return tradeBill(bill.group(1));
        Matcher file = DOWNLOAD.matcher(request.path());
        if (request.method().equals("GET") && file.matches()) {
            byte[] b = files.get(file.group(1));
            if (b == null) return answer(404, error("RESOURCE_NOT_EXISTS", "文件不存在"));
            // the file itself is not signed: its SHA1 was, in the answer that named it
            return new Response(
                    200, Map.of("content-type", "text/plain;charset=utf-8"), new String(b, StandardCharsets.UTF_8));
        }
        if (request.method().equals("POST") && request.path().equals(WeChatPay.REFUNDS))
            return refundAnswered(() -> refundRequest(request.body()));
        Matcher refund = REFUND.matcher(request.path());
        if (request.method().equals("GET") && refund.matches()) {
            if (timesOut()) throw new GatewayTimeout("simulated WeChat Pay did not answer in time");
            return refund(refund.group(1))
                    .map(r -> answer(200, JSON.writeValueAsString(refundOf(r))))
                    .orElseGet(() -> answer(404, error("RESOURCE_NOT_EXISTS", "退款单不存在")));
        }
        Matcher m = BY_ORDER.matcher(request.path());
        if (!m.matches()) return answer(404, error("NOT_FOUND", "no such API"));
        String orderNumber = m.group(1);
        if (timesOut()) throw new GatewayTimeout("simulated WeChat Pay did not answer in time");
        GatewaySimulator.SimTrade t = trade(orderNumber).orElse(null);
        if (m.group(2).equals("/close")) {
            if (t == null) return answer(404, error("ORDER_NOT_EXIST", "订单不存在"));
            if (!closeTrade(t)) return answer(400, error("ORDERPAID", "订单已支付"));
            return answer(204, "");
        }
        if (t == null) return answer(404, error("ORDER_NOT_EXIST", "订单不存在"));
        return answer(200, JSON.writeValueAsString(transaction(t)));
    }

    /** {@code GET /v3/bill/tradebill}: where to download the day's bill and its SHA1, signed like every answer. */
    private Response tradeBill(String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (java.time.format.DateTimeParseException e) {
            return answer(400, error("PARAM_ERROR", "bill_date 格式错误"));
        }
        if (day.isAfter(LocalDate.ofInstant(clock.instant(), BEIJING)))
            return answer(400, error("INVALID_REQUEST", "账单日期无效"));
        if (timesOut()) throw new GatewayTimeout("simulated WeChat Pay did not answer in time");
        if (paidOn(day).isEmpty()) return answer(400, error("NO_STATEMENT_EXIST", "账单文件不存在"));
        byte[] file = billFile(day);
        String token = HexFormat.of().formatHex(randomBytes(16));
        files.put(token, file);
        ObjectNode o = JSON.createObjectNode();
        o.put("hash_type", "SHA1");
        o.put("hash_value", Signatures.sha1Hex(file));
        o.put("download_url", "https://api.mch.weixin.qq.com/v3/billdownload/file?token=" + token);
        return answer(200, JSON.writeValueAsString(o));
    }

    private Response open(String body) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (JacksonException e) {
            return answer(400, error("PARAM_ERROR", "not JSON"));
        }
        if (!merchant.appId().equals(n.path("appid").asString(""))
                || !merchant.mchId().equals(n.path("mchid").asString("")))
            return answer(400, error("APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配"));
        String orderNumber = n.path("out_trade_no").asString("");
        long total = n.path("amount").path("total").asLong(0);
        if (orderNumber.isEmpty() || total <= 0) return answer(400, error("PARAM_ERROR", "参数错误"));
        Instant expires =
                OffsetDateTime.parse(n.path("time_expire").asString("")).toInstant();
        SimTrade t = open(
                orderNumber,
                total,
                n.path("description").asString(""),
                expires,
                "weixin://wxpay/bizpayurl?pr=" + HexFormat.of().formatHex(randomBytes(6)));
        if (t.amount != total) return answer(400, error("INVALID_REQUEST", "201 商户订单号重复"));
        ObjectNode out = JSON.createObjectNode();
        out.put("code_url", t.codeUrl);
        return answer(200, JSON.writeValueAsString(out));
    }

    /** {@code POST /v3/refund/domestic/refunds}: the trade must be ours and paid, and not refunded beyond its amount. */
    private Response refundRequest(String body) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (JacksonException e) {
            return answer(400, error("PARAM_ERROR", "not JSON"));
        }
        String orderNumber = n.path("out_trade_no").asString("");
        String refundNumber = n.path("out_refund_no").asString("");
        long amount = n.path("amount").path("refund").asLong(0);
        SimTrade t = trade(orderNumber).orElse(null);
        if (refundNumber.isEmpty() || amount <= 0) return answer(400, error("PARAM_ERROR", "参数错误"));
        if (t == null
                || (t.transactionId != null
                        && !t.transactionId.equals(n.path("transaction_id").asString(t.transactionId))))
            return answer(404, error("RESOURCE_NOT_EXISTS", "订单不存在"));
        if (n.path("amount").path("total").asLong(-1) != t.amount)
            return answer(400, error("PARAM_ERROR", "订单金额与原订单不一致"));
        RefundAnswer a = refundTrade(orderNumber, refundNumber, amount);
        if (a.refusal() != null)
            return answer(
                    400,
                    switch (a.refusal()) {
                        case MORE_THAN_PAID -> error("INVALID_REQUEST", "申请退款金额超过订单可退金额");
                        case NOT_PAID -> error("INVALID_REQUEST", "订单未支付");
                        case NO_TRADE -> error("RESOURCE_NOT_EXISTS", "订单不存在");
                        case TOO_OLD -> error("INVALID_REQUEST", "订单已超过退款期限");
                    });
        return answer(200, JSON.writeValueAsString(refundOf(a.refund())));
    }

    private ObjectNode refundOf(SimRefund r) {
        SimTrade t = trade(r.orderNumber()).orElseThrow();
        ObjectNode o = JSON.createObjectNode();
        o.put("refund_id", r.refundId());
        o.put("out_refund_no", r.refundNumber());
        o.put("transaction_id", t.transactionId);
        o.put("out_trade_no", t.orderNumber);
        o.put("channel", "ORIGINAL");
        o.put("user_received_account", "支付用户零钱");
        o.put("success_time", WeChatPay.time(r.at()));
        o.put("create_time", WeChatPay.time(r.at()));
        o.put("status", "SUCCESS");
        o.put("funds_account", "AVAILABLE");
        ObjectNode amount = o.putObject("amount");
        amount.put("total", t.amount);
        amount.put("refund", r.amount());
        amount.put("payer_total", t.amount);
        amount.put("payer_refund", r.amount());
        amount.put("settlement_refund", r.amount());
        amount.put("settlement_total", t.amount);
        amount.put("discount_refund", 0);
        amount.put("currency", "CNY");
        return o;
    }

    private ObjectNode transaction(SimTrade t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("appid", merchant.appId());
        o.put("mchid", merchant.mchId());
        o.put("out_trade_no", t.orderNumber);
        o.put(
                "trade_state",
                switch (t.state) {
                    case PAID -> "SUCCESS";
                    case CLOSED -> "CLOSED";
                    case NOT_PAID -> "NOTPAY";
                });
        o.put("trade_type", "NATIVE");
        if (t.state == SimState.PAID) {
            o.put("transaction_id", t.transactionId);
            o.put("trade_state_desc", "支付成功");
            o.put("bank_type", "OTHERS");
            o.put("success_time", WeChatPay.time(t.paidAt));
            o.putObject("payer").put("openid", "oSim" + t.transactionId.substring(t.transactionId.length() - 8));
            ObjectNode amount = o.putObject("amount");
            amount.put("total", t.amount);
            amount.put("payer_total", t.amount);
            amount.put("currency", "CNY");
            amount.put("payer_currency", "CNY");
        }
        return o;
    }

    @Override
    Delivery notification(SimTrade t) {
        return notification(transaction(t), clock.instant(), merchant.apiV3Key());
    }

    /** A notification of this transaction, signed at {@code at}, its resource encrypted with {@code apiV3Key}. */
    Delivery notification(ObjectNode transaction, Instant at, byte[] apiV3Key) {
        String nonce = HexFormat.of().formatHex(randomBytes(6));
        String associated = "transaction";
        ObjectNode n = JSON.createObjectNode();
        n.put("id", java.util.UUID.randomUUID().toString());
        n.put("create_time", WeChatPay.time(at));
        n.put("resource_type", "encrypt-resource");
        n.put("event_type", "TRANSACTION.SUCCESS");
        n.put("summary", "支付成功");
        ObjectNode r = n.putObject("resource");
        r.put("original_type", "transaction");
        r.put("algorithm", "AEAD_AES_256_GCM");
        r.put(
                "ciphertext",
                Signatures.encryptGcm(
                        apiV3Key,
                        nonce,
                        associated,
                        JSON.writeValueAsString(transaction).getBytes(StandardCharsets.UTF_8)));
        r.put("associated_data", associated);
        r.put("nonce", nonce);
        return signed(JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8), at);
    }

    /** WeChat Pay's signature headers over this body at {@code at}, with a fresh nonce. */
    Delivery signed(byte[] body, Instant at) {
        String timestamp = String.valueOf(at.getEpochSecond());
        String nonce = HexFormat.of().withUpperCase().formatHex(randomBytes(16));
        byte[] message = WeChatPay.signedMessage(timestamp, nonce, body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Wechatpay-Timestamp", timestamp);
        headers.put("Wechatpay-Nonce", nonce);
        headers.put(
                "Wechatpay-Signature",
                Signatures.sign(gatewayKeys.getPrivate(), new String(message, StandardCharsets.UTF_8)));
        headers.put("Wechatpay-Serial", merchant.platformSerial());
        headers.put("Content-Type", "application/json");
        return new Delivery(headers, body);
    }

    ObjectNode transactionOf(String orderNumber) {
        return transaction(trade(orderNumber).orElseThrow());
    }

    @Override
    boolean acknowledged(PaymentOrders.Answer answer) {
        return answer.status() == 200 || answer.status() == 204;
    }

    private Response answer(int status, String body) {
        Delivery d = signed(body.getBytes(StandardCharsets.UTF_8), clock.instant());
        Map<String, String> headers = lowerCase(d.headers());
        return new Response(status, headers, body);
    }

    private static String error(String code, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("code", code);
        o.put("message", message);
        return JSON.writeValueAsString(o);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /**
     * 交易账单 (ALL): a header, one backquoted row per trade and per refund (state REFUND), the totals' header and the
     * totals (the settled sum and, apart, the refunded sum).
     */
    @Override
    byte[] billFile(LocalDate day) {
        StringBuilder out = new StringBuilder(
                "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n");
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        List<SimTrade> paid = billedOn(day);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (SimTrade t : paid) {
            BigDecimal yuan = BigDecimal.valueOf(t.billed(), 2);
            BigDecimal fee = yuan.multiply(new BigDecimal("0.006")).setScale(5, RoundingMode.HALF_UP);
            total = total.add(yuan);
            fees = fees.add(fee);
            String openid = "oSim" + t.transactionId.substring(t.transactionId.length() - 8);
            out.append(String.join(
                            ",",
                            List.of(
                                    "`" + time.format(t.paidAt.atZone(BEIJING)),
                                    "`" + merchant.appId(),
                                    "`" + merchant.mchId(),
                                    "`0",
                                    "`",
                                    "`" + t.transactionId,
                                    "`" + t.orderNumber,
                                    "`" + openid,
                                    "`NATIVE",
                                    "`SUCCESS",
                                    "`OTHERS",
                                    "`CNY",
                                    "`" + yuan.toPlainString(),
                                    "`0.00",
                                    "`0",
                                    "`0",
                                    "`0.00",
                                    "`0.00",
                                    "`",
                                    "`",
                                    "`" + t.description,
                                    "`",
                                    "`" + fee.toPlainString(),
                                    "`0.60%",
                                    "`" + yuan.toPlainString(),
                                    "`0.00",
                                    "`")))
                    .append("\r\n");
        }
        // a refund: a REFUND line under the payment's ids, settling nothing, with both refund numbers and the amount
        BigDecimal refunded = BigDecimal.ZERO;
        List<BilledRefund> refunds = refundedOn(day);
        for (BilledRefund b : refunds) {
            SimTrade t = b.trade();
            BigDecimal yuan = BigDecimal.valueOf(b.refund().amount(), 2);
            refunded = refunded.add(yuan);
            String openid = "oSim" + t.transactionId.substring(t.transactionId.length() - 8);
            out.append(String.join(
                            ",",
                            List.of(
                                    "`" + time.format(b.refund().at().atZone(BEIJING)),
                                    "`" + merchant.appId(),
                                    "`" + merchant.mchId(),
                                    "`0",
                                    "`",
                                    "`" + t.transactionId,
                                    "`" + t.orderNumber,
                                    "`" + openid,
                                    "`NATIVE",
                                    "`REFUND",
                                    "`OTHERS",
                                    "`CNY",
                                    "`0.00",
                                    "`0.00",
                                    "`" + b.refund().refundId(),
                                    "`" + b.refund().refundNumber(),
                                    "`" + yuan.toPlainString(),
                                    "`0.00",
                                    "`ORIGINAL",
                                    "`SUCCESS",
                                    "`" + t.description,
                                    "`",
                                    "`0.00000",
                                    "`0.60%",
                                    "`0.00",
                                    "`" + yuan.toPlainString(),
                                    "`")))
                    .append("\r\n");
        }
        out.append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n");
        out.append("`" + (paid.size() + refunds.size()) + ",`"
                        + total.setScale(2).toPlainString() + ",`"
                        + refunded.setScale(2).toPlainString() + ",`0.00,`"
                        + fees.setScale(5, RoundingMode.HALF_UP).toPlainString() + ",`"
                        + total.setScale(2).toPlainString() + ",`"
                        + refunded.setScale(2).toPlainString())
                .append("\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
