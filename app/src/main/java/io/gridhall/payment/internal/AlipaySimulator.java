package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alipay's side of the open platform (demo and tests only): it checks each request's RSA2 signature with the
 * application's public key, answers {@code {"<method>_response":{...},"sign":...}} signed with Alipay's key, sends
 * {@code trade_status_sync} notifications as signed forms on Alipay's schedule (4 m, 10 m, 10 m, 1 h, 2 h, 6 h, 15 h:
 * eight in 25 hours) until one is answered {@code success}, and writes the day's 业务明细 in Alipay's GBK CSV.
 */
class AlipaySimulator extends SignedGatewaySimulator<Alipay.Keys> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<Duration> RETRIES = List.of(
            Duration.ofMinutes(4),
            Duration.ofMinutes(10),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(6),
            Duration.ofHours(15));

    static final String DOWNLOAD =
            "https://dwbillcenter.alipay.com/downloadBillFile.resource?bizType=trade&fileType=csv.zip&token=";

    private final Map<String, byte[]> files = new java.util.concurrent.ConcurrentHashMap<>();

    AlipaySimulator(
            Alipay.Keys merchant,
            PublicKey merchantPublicKey,
            KeyPair alipay,
            Clock clock,
            GatewaySettings.Simulator settings,
            Receiver receiver) {
        super(Gateway.ALIPAY, RETRIES, merchant, merchantPublicKey, alipay, clock, settings, receiver);
    }

    @Override
    String newTransactionId() {
        return DateTimeFormatter.BASIC_ISO_DATE.format(clock.instant().atZone(BEIJING)) + "22001"
                + String.format("%015d", nextSequence() * 104_729 % 1_000_000_000_000_000L);
    }

    @Override
    public Response exchange(Request request) {
        if ("GET".equals(request.method()) && request.path().startsWith(DOWNLOAD)) {
            byte[] zip = files.get(request.path().substring(DOWNLOAD.length()));
            if (zip == null) return new Response(404, Map.of("content-type", "text/html;charset=utf-8"), "");
            return new Response(
                    200,
                    Map.of("content-type", "application/octet-stream"),
                    new String(zip, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        Map<String, String> params;
        try {
            params = Alipay.form(request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NotificationRefused e) {
            return answer("error_response", failure("40002", "isv.invalid-parameter"));
        }
        String method = params.getOrDefault("method", "");
        String node = method.replace('.', '_') + "_response";
        if (!merchant.appId().equals(params.get("app_id"))) return answer(node, failure("40002", "isv.invalid-app-id"));
        if (!Signatures.verify(merchantPublicKey, Alipay.signContent(params, false), params.get("sign")))
            return answer(node, failure("40002", "isv.invalid-signature"));
        JsonNode biz;
        try {
            biz = JSON.readTree(params.getOrDefault("biz_content", "{}"));
        } catch (JacksonException e) {
            return answer(node, failure("40002", "isv.invalid-parameter"));
        }
        String orderNumber = biz.path("out_trade_no").asString("");
        switch (method) {
            case "alipay.trade.precreate" -> {
                long fen = new BigDecimal(biz.path("total_amount").asString("0"))
                        .movePointRight(2)
                        .longValueExact();
                Instant expires = LocalDateTime.parse(biz.path("time_expire").asString(""), Alipay.TIME)
                        .atZone(BEIJING)
                        .toInstant();
                SimTrade t = open(
                        orderNumber,
                        fen,
                        biz.path("subject").asString(""),
                        expires,
                        "https://qr.alipay.com/bax0" + Long.toString(nextSequence() * 31_337, 36));
                if (t.amount != fen) return answer(node, failure("40004", "ACQ.CONTEXT_INCONSISTENT"));
                ObjectNode o = success();
                o.put("out_trade_no", orderNumber);
                o.put("qr_code", t.codeUrl);
                return answer(node, o);
            }
            case "alipay.data.dataservice.bill.downloadurl.query" -> {
                if (!"trade".equals(biz.path("bill_type").asString("")))
                    return answer(node, failure("40004", "isp.bill_type_not_support"));
                LocalDate day;
                try {
                    day = LocalDate.parse(biz.path("bill_date").asString(""));
                } catch (java.time.format.DateTimeParseException e) {
                    return answer(node, failure("40004", "isv.invalid-bill-date"));
                }
                if (day.isAfter(LocalDate.ofInstant(clock.instant(), BEIJING)))
                    return answer(node, failure("40004", "isp.bill_not_exist"));
                if (timesOut()) throw new GatewayTimeout("simulated Alipay did not answer in time");
                String user = merchant.sellerId() + "0156_" + DateTimeFormatter.BASIC_ISO_DATE.format(day);
                String token = java.util.UUID.randomUUID().toString().replace("-", "");
                files.put(token, AlipayBill.zip(user, billFile(day), summary(day)));
                ObjectNode o = success();
                o.put("bill_download_url", DOWNLOAD + token);
                return answer(node, o);
            }
            case "alipay.trade.query" -> {
                if (timesOut()) throw new GatewayTimeout("simulated Alipay did not answer in time");
                SimTrade t = trade(orderNumber).orElse(null);
                if (t == null) return answer(node, failure("40004", "ACQ.TRADE_NOT_EXIST"));
                ObjectNode o = success();
                o.put("out_trade_no", orderNumber);
                o.put(
                        "trade_status",
                        switch (t.state) {
                            case PAID -> "TRADE_SUCCESS";
                            case CLOSED -> "TRADE_CLOSED";
                            case NOT_PAID -> "WAIT_BUYER_PAY";
                        });
                o.put("total_amount", BigDecimal.valueOf(t.amount, 2).toPlainString());
                if (t.state == SimState.PAID) {
                    o.put("trade_no", t.transactionId);
                    o.put("send_pay_date", Alipay.TIME.format(t.paidAt.atZone(BEIJING)));
                    o.put("buyer_logon_id", "138******00");
                }
                return answer(node, o);
            }
            case "alipay.trade.close" -> {
                if (timesOut()) throw new GatewayTimeout("simulated Alipay did not answer in time");
                SimTrade t = trade(orderNumber).orElse(null);
                if (t == null) return answer(node, failure("40004", "ACQ.TRADE_NOT_EXIST"));
                if (!closeTrade(t)) return answer(node, failure("40004", "ACQ.TRADE_STATUS_ERROR"));
                ObjectNode o = success();
                o.put("out_trade_no", orderNumber);
                return answer(node, o);
            }
            case "alipay.trade.refund" -> {
                String refundNumber = biz.path("out_request_no").asString("");
                long fen;
                try {
                    fen = new BigDecimal(biz.path("refund_amount").asString("0"))
                            .movePointRight(2)
                            .longValueExact();
                } catch (ArithmeticException | NumberFormatException e) {
                    return answer(node, failure("40004", "ACQ.INVALID_PARAMETER"));
                }
                if (refundNumber.isEmpty()) return answer(node, failure("40004", "ACQ.INVALID_PARAMETER"));
                return refundAnswered(() -> {
                    RefundAnswer a = refundTrade(orderNumber, refundNumber, fen);
                    if (a.refusal() != null)
                        return answer(
                                node,
                                failure(
                                        "40004",
                                        switch (a.refusal()) {
                                            case MORE_THAN_PAID -> "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL";
                                            case NOT_PAID -> "ACQ.TRADE_STATUS_ERROR";
                                            case NO_TRADE -> "ACQ.TRADE_NOT_EXIST";
                                            case TOO_OLD -> "ACQ.TRADE_HAS_FINISHED";
                                        }));
                    SimTrade t = trade(orderNumber).orElseThrow();
                    ObjectNode o = success();
                    o.put("trade_no", t.transactionId);
                    o.put("out_trade_no", orderNumber);
                    o.put("buyer_logon_id", "138******00");
                    o.put("fund_change", "Y");
                    synchronized (this) {
                        o.put("refund_fee", BigDecimal.valueOf(t.refunded, 2).toPlainString());
                    }
                    o.put("gmt_refund_pay", Alipay.TIME.format(a.refund().at().atZone(BEIJING)));
                    return answer(node, o);
                });
            }
            case "alipay.trade.fastpay.refund.query" -> {
                if (timesOut()) throw new GatewayTimeout("simulated Alipay did not answer in time");
                SimTrade t = trade(orderNumber).orElse(null);
                if (t == null) return answer(node, failure("40004", "ACQ.TRADE_NOT_EXIST"));
                ObjectNode o = success();
                o.put("trade_no", t.transactionId);
                o.put("out_trade_no", orderNumber);
                // a refund Alipay never took is answered 10000 without its amount and status
                refund(biz.path("out_request_no").asString("")).ifPresent(r -> {
                    o.put("out_request_no", r.refundNumber());
                    o.put("total_amount", BigDecimal.valueOf(t.amount, 2).toPlainString());
                    o.put("refund_amount", BigDecimal.valueOf(r.amount(), 2).toPlainString());
                    o.put("refund_status", "REFUND_SUCCESS");
                    o.put("gmt_refund_pay", Alipay.TIME.format(r.at().atZone(BEIJING)));
                });
                return answer(node, o);
            }
            default -> {
                return answer(node, failure("40004", "isv.invalid-method"));
            }
        }
    }

    @Override
    Delivery notification(SimTrade t) {
        return notification(fields(t), clock.instant());
    }

    /** The notification's fields of a paid trade, before notify_time and the signature. */
    Map<String, String> fields(SimTrade t) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("notify_type", "trade_status_sync");
        f.put("notify_id", java.util.UUID.randomUUID().toString().replace("-", ""));
        f.put("app_id", merchant.appId());
        f.put("charset", "utf-8");
        f.put("version", "1.0");
        f.put("trade_no", t.transactionId);
        f.put("out_trade_no", t.orderNumber);
        f.put("seller_id", merchant.sellerId());
        f.put("trade_status", "TRADE_SUCCESS");
        f.put("total_amount", BigDecimal.valueOf(t.amount, 2).toPlainString());
        f.put("receipt_amount", BigDecimal.valueOf(t.amount, 2).toPlainString());
        f.put("subject", t.description);
        f.put("gmt_create", Alipay.TIME.format(t.createdAt.atZone(BEIJING)));
        f.put("gmt_payment", Alipay.TIME.format(t.paidAt.atZone(BEIJING)));
        return f;
    }

    Map<String, String> fieldsOf(String orderNumber) {
        return fields(trade(orderNumber).orElseThrow());
    }

    /** The form, sent at {@code at}, signed with Alipay's key: sign_type and sign last. */
    Delivery notification(Map<String, String> fields, Instant at) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put("notify_time", Alipay.TIME.format(at.atZone(BEIJING)));
        f.put("notify_id", java.util.UUID.randomUUID().toString().replace("-", ""));
        f.put("sign_type", "RSA2");
        f.put("sign", Signatures.sign(gatewayKeys.getPrivate(), Alipay.signContent(f, true)));
        return new Delivery(
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                Alipay.encode(f).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    boolean acknowledged(PaymentOrders.Answer answer) {
        return answer.status() == 200 && "success".equals(answer.body());
    }

    private static ObjectNode success() {
        ObjectNode o = JSON.createObjectNode();
        o.put("code", "10000");
        o.put("msg", "Success");
        return o;
    }

    private static ObjectNode failure(String code, String sub) {
        ObjectNode o = JSON.createObjectNode();
        o.put("code", code);
        o.put("msg", "Business Failed");
        o.put("sub_code", sub);
        o.put("sub_msg", sub);
        return o;
    }

    private Response answer(String node, ObjectNode content) {
        String raw = JSON.writeValueAsString(content);
        String sign = Signatures.sign(gatewayKeys.getPrivate(), raw);
        String body = "{\"" + node + "\":" + raw + ",\"sign\":\"" + sign + "\"}";
        return new Response(200, Map.of("content-type", "application/json;charset=utf-8"), body);
    }

    /** 业务明细(汇总): the day's totals (what reconciliation reads is the detail; this travels with it). */
    private byte[] summary(LocalDate day) {
        List<SimTrade> paid = billedOn(day);
        List<BilledRefund> refunds = refundedOn(day);
        long sum = paid.stream().mapToLong(SimTrade::billed).sum()
                - refunds.stream().mapToLong(b -> b.refund().amount()).sum();
        String s = "#支付宝业务汇总查询\r\n#账号：[" + merchant.sellerId() + "0156]\r\n"
                + "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）\r\n"
                + "合计,," + paid.size() + "," + refunds.size() + ","
                + BigDecimal.valueOf(sum, 2).toPlainString() + ","
                + BigDecimal.valueOf(sum, 2).toPlainString() + "\r\n";
        return s.getBytes(Charset.forName("GBK"));
    }

    /** 业务明细: comment lines, the header, one row per trade (ids followed by a tab), the closing lines; GBK. */
    @Override
    byte[] billFile(LocalDate day) {
        DateTimeFormatter cn = DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm:ss");
        StringBuilder out = new StringBuilder();
        out.append("#支付宝业务明细查询\r\n");
        out.append("#账号：[").append(merchant.sellerId()).append("0156]\r\n");
        out.append("#起始日期：[")
                .append(cn.format(day.atStartOfDay()))
                .append("]   终止日期：[")
                .append(cn.format(day.plusDays(1).atStartOfDay()))
                .append("]\r\n");
        out.append("#-----------------------------------------业务明细列表----------------------------------------\r\n");
        out.append(
                "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\r\n");
        List<SimTrade> paid = billedOn(day);
        for (SimTrade t : paid) {
            String yuan = BigDecimal.valueOf(t.billed(), 2).toPlainString();
            String fee = BigDecimal.valueOf(t.billed(), 2)
                    .multiply(new BigDecimal("0.006"))
                    .setScale(2, RoundingMode.HALF_UP)
                    .negate()
                    .toPlainString();
            out.append(line(t, "交易", t.paidAt, yuan, "", fee)).append("\r\n");
        }
        // a refund: a 退款 line under the trade's numbers, its amounts negative, our out_request_no
        List<BilledRefund> refunds = refundedOn(day);
        for (BilledRefund b : refunds) {
            SimTrade t = b.trade();
            String yuan = BigDecimal.valueOf(b.refund().amount(), 2).negate().toPlainString();
            out.append(line(t, "退款", b.refund().at(), yuan, b.refund().refundNumber() + "\t", "0.00"))
                    .append("\r\n");
        }
        out.append("#-----------------------------------------业务明细列表结束------------------------------------\r\n");
        out.append("#交易合计：")
                .append(paid.size())
                .append("笔，退款合计：")
                .append(refunds.size())
                .append("笔\r\n");
        out.append("#导出时间：[").append(cn.format(clock.instant().atZone(BEIJING))).append("]\r\n");
        return out.toString().getBytes(Charset.forName("GBK"));
    }

    /**
     * One line of the 业务明细 in its 25 columns: the trade's numbers, the kind (交易 or 退款), when it was completed,
     * the amount (negative for a refund), the refund's request number, the service fee; the rest as a real bill has
     * them for a plain QR payment.
     */
    private String line(SimTrade t, String kind, Instant completed, String yuan, String refundNumber, String fee) {
        return String.join(
                ",",
                List.of(
                        t.transactionId + "\t",
                        t.orderNumber + "\t",
                        kind,
                        t.description,
                        Alipay.TIME.format(t.createdAt.atZone(BEIJING)),
                        Alipay.TIME.format(completed.atZone(BEIJING)),
                        "",
                        "",
                        "",
                        "",
                        "138******00",
                        yuan,
                        yuan,
                        "0.00",
                        "0.00",
                        "0.00",
                        "0.00",
                        "0.00",
                        "",
                        "0.00",
                        "0.00",
                        refundNumber,
                        fee,
                        "0.00",
                        ""));
    }
}
