package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * 电e宝's side in our assumed wire shape (demo and tests only, see {@link Epay}): it checks each request's RSA2
 * signature headers with the application's public key, answers JSON signed with its platform key, sends {@code
 * trade.success} notifications signed at sending time with a fresh nonce until one is answered {@code SUCCESS} (again
 * after 15 s, 15 s, 30 s, 3 m, 10 m, 20 m, 30 m, 1 h, 3 h, 6 h and 15 h: about 26 hours, as the other platforms), and
 * serves the day's bill (UTF-8 CSV with a totals line) Base64-encoded with its SHA-256.
 */
class EpaySimulator extends SignedGatewaySimulator<Epay.Keys> {

    private static final List<Duration> RETRIES = List.of(
            Duration.ofSeconds(15),
            Duration.ofSeconds(15),
            Duration.ofSeconds(30),
            Duration.ofMinutes(3),
            Duration.ofMinutes(10),
            Duration.ofMinutes(20),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(3),
            Duration.ofHours(6),
            Duration.ofHours(15));

    private final SecureRandom random = new SecureRandom();

    EpaySimulator(
            Epay.Keys merchant,
            PublicKey merchantPublicKey,
            KeyPair epay,
            Clock clock,
            GatewaySettings.Simulator settings,
            Receiver receiver) {
        super(Gateway.EPAY, RETRIES, merchant, merchantPublicKey, epay, clock, settings, receiver);
    }

    @Override
    String newTransactionId() {
        return "EP" + DateTimeFormatter.BASIC_ISO_DATE.format(clock.instant().atZone(BEIJING))
                + String.format("%016d", nextSequence() * 15_485_863 % 10_000_000_000_000_000L);
    }

    @Override
    public Response exchange(Request request) {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = lowerCase(request.headers());
        String timestamp = h.getOrDefault("epay-timestamp", "");
        if (!merchant.appId().equals(h.get("epay-app-id"))) return answer(failure("4001", "app_id 不正确"));
        if (!timestamp.matches("[0-9]{1,12}")
                || !Signatures.verify(
                        merchantPublicKey,
                        Epay.signedMessage(merchant.appId(), timestamp, h.getOrDefault("epay-nonce", ""), body),
                        h.get("epay-signature"))) return answer(failure("4002", "验签失败"));
        JsonNode b;
        try {
            b = Epay.tree(body);
        } catch (NotificationRefused e) {
            return answer(failure("4003", "参数错误"));
        }
        if (!merchant.merNo().equals(b.path("mer_no").asString(""))) return answer(failure("4001", "商户号不正确"));
        String orderNumber = b.path("out_trade_no").asString("");
        switch (request.path()) {
            case Epay.PRECREATE -> {
                long fen = b.path("total_fee").asLong(0);
                Instant expires;
                try {
                    expires = LocalDateTime.parse(b.path("time_expire").asString(""), Epay.TIME)
                            .atZone(BEIJING)
                            .toInstant();
                } catch (DateTimeParseException e) {
                    return answer(failure("4003", "参数错误"));
                }
                SimTrade t = open(
                        orderNumber,
                        fen,
                        b.path("subject").asString(""),
                        expires,
                        "https://qr.epay.example/c/" + Long.toString(nextSequence() * 48_271, 36));
                if (t.amount != fen) return answer(failure("4006", "订单金额不一致"));
                ObjectNode o = success();
                o.put("out_trade_no", orderNumber);
                o.put("qr_code", t.codeUrl);
                return answer(o);
            }
            case Epay.QUERY -> {
                if (timesOut()) throw new GatewayTimeout("simulated 电e宝 did not answer in time");
                SimTrade t = trade(orderNumber).orElse(null);
                if (t == null) return answer(failure("4004", "交易不存在"));
                ObjectNode o = status(t);
                return answer(o);
            }
            case Epay.CLOSE -> {
                if (timesOut()) throw new GatewayTimeout("simulated 电e宝 did not answer in time");
                SimTrade t = trade(orderNumber).orElse(null);
                if (t == null) return answer(failure("4004", "交易不存在"));
                if (!closeTrade(t)) return answer(failure("4005", "交易已支付"));
                ObjectNode o = success();
                o.put("out_trade_no", orderNumber);
                return answer(o);
            }
            case Epay.REFUND -> {
                String refundNumber = b.path("out_refund_no").asString("");
                long fen = b.path("refund_fee").asLong(0);
                if (refundNumber.isEmpty() || fen <= 0) return answer(failure("4003", "参数错误"));
                SimTrade known = trade(orderNumber).orElse(null);
                if (known != null && b.path("total_fee").asLong(-1) != known.amount)
                    return answer(failure("4006", "订单金额不一致"));
                return refundAnswered(() -> {
                    RefundAnswer a = refundTrade(orderNumber, refundNumber, fen);
                    if (a.refusal() != null)
                        return answer(
                                switch (a.refusal()) {
                                    case MORE_THAN_PAID -> failure("4007", "退款金额超过可退金额");
                                    case NOT_PAID -> failure("4008", "交易未支付");
                                    case NO_TRADE -> failure("4004", "交易不存在");
                                    case TOO_OLD -> failure("4009", "超过退款期限");
                                });
                    return answer(refundOf(a.refund()));
                });
            }
            case Epay.REFUND_QUERY -> {
                if (timesOut()) throw new GatewayTimeout("simulated 电e宝 did not answer in time");
                return refund(b.path("out_refund_no").asString(""))
                        .filter(r -> r.orderNumber().equals(orderNumber))
                        .map(r -> answer(refundOf(r)))
                        .orElseGet(() -> answer(failure("4009", "退款不存在")));
            }
            case Epay.BILL -> {
                LocalDate day;
                try {
                    day = LocalDate.parse(b.path("bill_date").asString(""), DateTimeFormatter.BASIC_ISO_DATE);
                } catch (DateTimeParseException e) {
                    return answer(failure("4003", "参数错误"));
                }
                byte[] file = billFile(day);
                ObjectNode o = success();
                o.put("bill_date", DateTimeFormatter.BASIC_ISO_DATE.format(day));
                o.put("bill_content", Base64.getEncoder().encodeToString(file));
                o.put("bill_digest", HexFormat.of().formatHex(UnionPay.sha256Bytes(file)));
                return answer(o);
            }
            default -> {
                return answer(failure("4040", "接口不存在"));
            }
        }
    }

    /** A trade as 电e宝 tells it, in answers and notifications alike. */
    ObjectNode status(SimTrade t) {
        ObjectNode o = success();
        o.put("app_id", merchant.appId());
        o.put("out_trade_no", t.orderNumber);
        o.put(
                "trade_status",
                switch (t.state) {
                    case PAID -> "SUCCESS";
                    case CLOSED -> "CLOSED";
                    case NOT_PAID -> "WAIT_PAY";
                });
        o.put("total_fee", t.amount);
        o.put("fee_type", "CNY");
        if (t.state == SimState.PAID) {
            o.put("trade_no", t.transactionId);
            o.put("pay_time", Epay.TIME.format(t.paidAt.atZone(BEIJING)));
        }
        return o;
    }

    @Override
    Delivery notification(SimTrade t) {
        return notification(contentOf(t), clock.instant());
    }

    /** The notification's content of a paid trade. */
    ObjectNode contentOf(SimTrade t) {
        ObjectNode o = status(t);
        o.remove("code");
        o.remove("msg");
        o.put("notify_type", "trade.success");
        return o;
    }

    ObjectNode contentOf(String orderNumber) {
        return contentOf(trade(orderNumber).orElseThrow());
    }

    /** The content, sent at {@code at}, signed with 电e宝's key and a fresh nonce. */
    Delivery notification(ObjectNode content, Instant at) {
        return signed(Epay.JSON.writeValueAsBytes(content), at);
    }

    Delivery signed(byte[] body, Instant at) {
        Map<String, String> h = new java.util.LinkedHashMap<>(
                Epay.signatureHeaders(merchant.appId(), gatewayKeys.getPrivate(), body, at, nonce()));
        h.put("Content-Type", "application/json;charset=UTF-8");
        return new Delivery(h, body);
    }

    @Override
    boolean acknowledged(PaymentOrders.Answer answer) {
        return answer.status() == 200 && answer.body() != null && answer.body().contains("\"SUCCESS\"");
    }

    private ObjectNode refundOf(SimRefund r) {
        SimTrade t = trade(r.orderNumber()).orElseThrow();
        ObjectNode o = success();
        o.put("out_trade_no", t.orderNumber);
        o.put("trade_no", t.transactionId);
        o.put("out_refund_no", r.refundNumber());
        o.put("refund_no", r.refundId());
        o.put("refund_fee", r.amount());
        o.put("total_fee", t.amount);
        o.put("refund_status", "SUCCESS");
        o.put("refund_time", Epay.TIME.format(r.at().atZone(BEIJING)));
        return o;
    }

    private ObjectNode success() {
        ObjectNode o = Epay.JSON.createObjectNode();
        o.put("code", "0000");
        o.put("msg", "成功");
        o.put("mer_no", merchant.merNo());
        return o;
    }

    private ObjectNode failure(String code, String msg) {
        ObjectNode o = Epay.JSON.createObjectNode();
        o.put("code", code);
        o.put("msg", msg);
        o.put("mer_no", merchant.merNo());
        return o;
    }

    private Response answer(ObjectNode content) {
        Delivery d = signed(Epay.JSON.writeValueAsBytes(content), clock.instant());
        return new Response(200, lowerCase(d.headers()), new String(d.body(), StandardCharsets.UTF_8));
    }

    private String nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The day's bill: a title line, the header, one line per paid trade and per refund, the totals (net of refunds);
     * UTF-8, CRLF.
     */
    @Override
    byte[] billFile(LocalDate day) {
        StringBuilder out = new StringBuilder();
        out.append("电e宝交易明细,商户号：")
                .append(merchant.merNo())
                .append(",账单日期：")
                .append(day)
                .append("\r\n");
        out.append(Epay.BILL_HEADER).append("\r\n");
        long sum = 0;
        List<SimTrade> paid = paidOn(day);
        for (SimTrade t : paid) {
            out.append(String.join(
                            ",",
                            Epay.BILL_TIME.format(t.paidAt.atZone(BEIJING)),
                            t.transactionId,
                            t.orderNumber,
                            "PAY",
                            "SUCCESS",
                            String.valueOf(t.amount),
                            "0",
                            t.description.replace(",", " "),
                            ""))
                    .append("\r\n");
            sum += t.amount;
        }
        List<BilledRefund> refunds = refundedOn(day);
        for (BilledRefund b : refunds) {
            out.append(String.join(
                            ",",
                            Epay.BILL_TIME.format(b.refund().at().atZone(BEIJING)),
                            b.trade().transactionId,
                            b.trade().orderNumber,
                            "REFUND",
                            "SUCCESS",
                            String.valueOf(b.refund().amount()),
                            "0",
                            b.trade().description.replace(",", " "),
                            b.refund().refundNumber()))
                    .append("\r\n");
            sum -= b.refund().amount();
        }
        out.append("总笔数,")
                .append(paid.size() + refunds.size())
                .append(",总金额（分）,")
                .append(sum)
                .append("\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
