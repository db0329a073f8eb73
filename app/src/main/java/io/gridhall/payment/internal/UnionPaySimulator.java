package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * UnionPay's side of the 全渠道 gateway (demo and tests only): it checks each request's signature with the merchant's
 * public key and certId, answers {@code k=v&...} signed with UnionPay's key (its {@code signPubKeyCert} carries the
 * key's PEM where UnionPay sends its certificate), sends the paid trade's notification as a signed form until it is
 * answered HTTP 200 (again after 1, 2, 4, 8 and 16 minutes), lets an unpaid code expire at its payTimeout, and serves
 * the day's 一般交易流水 (ZM) zipped, deflated and Base64-encoded through the file transfer.
 */
class UnionPaySimulator extends SignedGatewaySimulator<UnionPay.Keys> {

    private static final DateTimeFormatter TRACE = DateTimeFormatter.ofPattern("MMddHHmmss");
    private static final List<Duration> RETRIES = List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(4),
            Duration.ofMinutes(8),
            Duration.ofMinutes(16));

    private final Map<String, String> txnTimes = new ConcurrentHashMap<>();

    UnionPaySimulator(
            UnionPay.Keys merchant,
            PublicKey merchantPublicKey,
            KeyPair unionPay,
            Clock clock,
            GatewaySettings.Simulator settings,
            Receiver receiver) {
        super(Gateway.UNIONPAY, RETRIES, merchant, merchantPublicKey, unionPay, clock, settings, receiver);
    }

    @Override
    String newTransactionId() {
        // queryId: 21 digits
        return DateTimeFormatter.ofPattern("MMddHHmmss").format(clock.instant().atZone(BEIJING))
                + String.format("%011d", nextSequence() * 7_919 % 100_000_000_000L);
    }

    /** A 退货 has its own queryId, 21 digits as every trade's. */
    @Override
    String newRefundId() {
        return newTransactionId();
    }

    @Override
    public Response exchange(Request request) {
        Map<String, String> f;
        try {
            f = Alipay.form(request.body().getBytes(StandardCharsets.UTF_8));
        } catch (NotificationRefused e) {
            return answer(Map.of("respCode", "30", "respMsg", "报文格式错误"));
        }
        Map<String, String> a = new LinkedHashMap<>();
        for (String k : List.of("version", "encoding", "signMethod", "txnType", "txnSubType", "bizType", "accessType"))
            a.put(k, f.getOrDefault(k, ""));
        a.put("merId", f.getOrDefault("merId", ""));
        if (!merchant.merId().equals(f.get("merId")) || !merchant.certId().equals(f.get("certId")))
            return answer(with(a, "respCode", "10", "respMsg", "商户状态不正确"));
        if (!Signatures.verify(merchantPublicKey, UnionPay.signedText(f), f.get("signature")))
            return answer(with(a, "respCode", "11", "respMsg", "验证签名失败"));
        String orderId = f.getOrDefault("orderId", "");
        String kind = request.path() + " " + f.get("txnType") + f.get("txnSubType");
        switch (kind) {
            case UnionPay.BACK + " 0107" -> {
                long fen = Long.parseLong(f.getOrDefault("txnAmt", "0"));
                Instant expires = LocalDateTime.parse(f.getOrDefault("payTimeout", ""), UnionPay.TIME)
                        .atZone(BEIJING)
                        .toInstant();
                SimTrade t = open(
                        orderId,
                        fen,
                        "电费",
                        expires,
                        "https://qr.95516.com/00010000/01" + String.format("%014d", nextSequence() * 3_571));
                String sent = txnTimes.computeIfAbsent(orderId, o -> f.getOrDefault("txnTime", ""));
                if (t.amount != fen || !sent.equals(f.get("txnTime")))
                    return answer(with(a, "respCode", "12", "respMsg", "重复交易"));
                a.put("orderId", orderId);
                a.put("txnTime", sent);
                a.put("respCode", "00");
                a.put("respMsg", "成功[0000000]");
                a.put("qrCode", t.codeUrl);
                return answer(a);
            }
            case UnionPay.BACK + " 0400" -> {
                long fen;
                try {
                    fen = Long.parseLong(f.getOrDefault("txnAmt", "0"));
                } catch (NumberFormatException e) {
                    return answer(with(a, "respCode", "30", "respMsg", "报文格式错误"));
                }
                SimTrade paid =
                        tradeOfTransaction(f.getOrDefault("origQryId", "")).orElse(null);
                if (paid == null) return answer(with(a, "respCode", "35", "respMsg", "原交易不存在或状态不正确"));
                String sent = f.getOrDefault("txnTime", "");
                return refundAnswered(() -> {
                    RefundAnswer r = refundTrade(paid.orderNumber, orderId, fen);
                    if (r.refusal() != null)
                        return answer(with(
                                a,
                                "respCode",
                                switch (r.refusal()) {
                                    case MORE_THAN_PAID, TOO_OLD -> "01";
                                    default -> "35";
                                },
                                "respMsg",
                                switch (r.refusal()) {
                                    case MORE_THAN_PAID -> "交易失败[退货金额超限]";
                                    case TOO_OLD -> "交易失败[超过退货期限]";
                                    default -> "原交易状态不正确";
                                }));
                    txnTimes.putIfAbsent(orderId, sent);
                    a.put("orderId", orderId);
                    a.put("txnTime", sent);
                    a.put("origQryId", paid.transactionId);
                    a.put("txnAmt", String.valueOf(r.refund().amount()));
                    a.put("respCode", "00");
                    a.put("respMsg", "成功[0000000]");
                    return answer(a);
                });
            }
            case UnionPay.QUERY + " 0000" -> {
                if (timesOut()) throw new GatewayTimeout("simulated UnionPay did not answer in time");
                SimRefund refund = refund(orderId).orElse(null);
                if (refund != null) {
                    if (!f.getOrDefault("txnTime", "").equals(txnTimes.get(orderId)))
                        return answer(with(a, "respCode", "34", "respMsg", "查无此交易"));
                    a.put("orderId", orderId);
                    a.put("txnTime", txnTimes.get(orderId));
                    a.put("txnAmt", String.valueOf(refund.amount()));
                    a.put("currencyCode", "156");
                    a.put("respCode", "00");
                    a.put("respMsg", "成功[0000000]");
                    a.put("origRespCode", "00");
                    a.put("origRespMsg", "成功[0000000]");
                    a.put("queryId", refund.refundId());
                    return answer(a);
                }
                SimTrade t = trade(orderId).orElse(null);
                if (t == null || !f.getOrDefault("txnTime", "").equals(txnTimes.get(orderId)))
                    return answer(with(a, "respCode", "34", "respMsg", "查无此交易"));
                if (t.state == SimState.NOT_PAID && clock.instant().isAfter(t.expiresAt)) closeTrade(t);
                a.put("orderId", orderId);
                a.put("txnTime", txnTimes.get(orderId));
                a.put("txnAmt", String.valueOf(t.amount));
                a.put("currencyCode", "156");
                a.put("respCode", "00");
                a.put("respMsg", "成功[0000000]");
                switch (t.state) {
                    case PAID -> {
                        a.put("origRespCode", "00");
                        a.put("origRespMsg", "成功[0000000]");
                        a.put("queryId", t.transactionId);
                        a.put("traceNo", traceNo(t));
                        a.put("traceTime", TRACE.format(t.paidAt.atZone(BEIJING)));
                        a.put("settleDate", DateTimeFormatter.ofPattern("MMdd").format(t.paidAt.atZone(BEIJING)));
                    }
                    case CLOSED -> {
                        a.put("origRespCode", "01");
                        a.put("origRespMsg", "交易失败[订单已过期]");
                    }
                    case NOT_PAID -> {
                        a.put("origRespCode", "05");
                        a.put("origRespMsg", "交易处理中");
                    }
                }
                return answer(a);
            }
            case UnionPay.FILES + " 7601" -> {
                LocalDate day = settleDay(f.getOrDefault("settleDate", ""));
                if (day == null || paidOn(day).isEmpty()) return answer(with(a, "respCode", "98", "respMsg", "文件不存在"));
                String name = "INN" + DateTimeFormatter.ofPattern("yyMMdd").format(day) + "88ZM_" + merchant.merId();
                a.put("settleDate", f.get("settleDate"));
                a.put("fileType", "00");
                a.put("respCode", "00");
                a.put("respMsg", "成功[0000000]");
                a.put("fileName", DateTimeFormatter.BASIC_ISO_DATE.format(day) + "_" + merchant.merId() + ".zip");
                a.put("fileContent", Base64.getEncoder().encodeToString(deflate(zip(name, billFile(day)))));
                return answer(a);
            }
            default -> {
                return answer(with(a, "respCode", "40", "respMsg", "交易类型不支持"));
            }
        }
    }

    /** The day a settleDate (MMdd) names: the latest such day not after today. */
    private LocalDate settleDay(String mmdd) {
        if (!mmdd.matches("[0-9]{4}")) return null;
        LocalDate today = LocalDate.ofInstant(clock.instant(), BEIJING);
        try {
            LocalDate d = LocalDate.of(
                    today.getYear(), Integer.parseInt(mmdd.substring(0, 2)), Integer.parseInt(mmdd.substring(2)));
            return d.isAfter(today) ? d.minusYears(1) : d;
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static Map<String, String> with(Map<String, String> a, String k1, String v1, String k2, String v2) {
        a.put(k1, v1);
        a.put(k2, v2);
        return a;
    }

    private static String traceNo(SimTrade t) {
        return String.format("%06d", Math.floorMod(t.transactionId.hashCode(), 1_000_000));
    }

    @Override
    Delivery notification(SimTrade t) {
        return notification(fields(t));
    }

    /** The notification's fields of a paid trade, before the signature. */
    Map<String, String> fields(SimTrade t) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("accessType", "0");
        f.put("bizType", "000000");
        f.put("currencyCode", "156");
        f.put("encoding", "UTF-8");
        f.put("merId", merchant.merId());
        f.put("orderId", t.orderNumber);
        f.put("queryId", t.transactionId);
        f.put("respCode", "00");
        f.put("respMsg", "成功[0000000]");
        f.put("settleAmt", String.valueOf(t.amount));
        f.put("settleCurrencyCode", "156");
        f.put("settleDate", DateTimeFormatter.ofPattern("MMdd").format(t.paidAt.atZone(BEIJING)));
        f.put("signMethod", "01");
        f.put("traceNo", traceNo(t));
        f.put("traceTime", TRACE.format(t.paidAt.atZone(BEIJING)));
        f.put("txnAmt", String.valueOf(t.amount));
        f.put("txnSubType", "07");
        f.put("txnTime", txnTimes.getOrDefault(t.orderNumber, UnionPay.txnTime(t.orderNumber)));
        f.put("txnType", "01");
        f.put("version", UnionPay.VERSION);
        return f;
    }

    Map<String, String> fieldsOf(String orderNumber) {
        return fields(trade(orderNumber).orElseThrow());
    }

    /** The form, signed with UnionPay's key, its certificate's stand-in and the signature last. */
    Delivery notification(Map<String, String> fields) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put("signPubKeyCert", Signatures.pem(gatewayKeys.getPublic()));
        f.put("signature", Signatures.sign(gatewayKeys.getPrivate(), UnionPay.signedText(f)));
        return new Delivery(
                Map.of("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8"),
                Alipay.encode(f).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    boolean acknowledged(PaymentOrders.Answer answer) {
        return answer.status() == 200;
    }

    private Response answer(Map<String, String> fields) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put("signPubKeyCert", Signatures.pem(gatewayKeys.getPublic()));
        f.put("signature", Signatures.sign(gatewayKeys.getPrivate(), UnionPay.signedText(f)));
        return new Response(200, Map.of("content-type", "text/plain;charset=UTF-8"), UnionPay.answerText(f));
    }

    /** 一般交易流水 (ZM): one fixed-width line per paid trade and per 退货 of the day, CRLF; US-ASCII. */
    @Override
    byte[] billFile(LocalDate day) {
        StringBuilder out = new StringBuilder();
        for (SimTrade t : paidOn(day))
            out.append(String.join(
                            " ",
                            "S22",
                            traceNo(t),
                            TRACE.format(t.paidAt.atZone(BEIJING)),
                            String.format("%012d", t.amount),
                            String.format("%21s", t.transactionId).replace(' ', '0'),
                            String.format("%-40s", t.orderNumber),
                            txnTimes.getOrDefault(t.orderNumber, UnionPay.txnTime(t.orderNumber)),
                            merchant.merId(),
                            " ".repeat(21)))
                    .append("\r\n");
        // a 退货 (S30): its own queryId and orderId (our refund number), the refunded consumption's queryId last
        for (BilledRefund b : refundedOn(day))
            out.append(String.join(
                            " ",
                            "S30",
                            String.format(
                                    "%06d", Math.floorMod(b.refund().refundId().hashCode(), 1_000_000)),
                            TRACE.format(b.refund().at().atZone(BEIJING)),
                            String.format("%012d", b.refund().amount()),
                            b.refund().refundId(),
                            String.format("%-40s", b.refund().refundNumber()),
                            UnionPay.refundTxnTime(b.refund().refundNumber()),
                            merchant.merId(),
                            String.format("%21s", b.trade().transactionId).replace(' ', '0')))
                    .append("\r\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] zip(String name, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] deflate(byte[] b) {
        Deflater d = new Deflater();
        try {
            d.setInput(b);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!d.finished()) out.write(buffer, 0, d.deflate(buffer));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }
}
