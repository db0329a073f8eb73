package io.gridhall.payment.internal;

import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * WeChat Pay's trade bill (交易账单, bill_type ALL) as the download API answers it: UTF-8 CSV, a header of 27 columns,
 * one line per trade with every field prefixed by a backquote, then the totals' header and the totals (count, settled
 * sum, refunded sum, ...). A refund is a line of state REFUND under the refunded payment's ids, with WeChat's refund
 * number (微信退款单号), ours (商户退款单号), the amount paid back (退款金额) and its state (退款状态 SUCCESS). Read strictly: a wrong header, a line of another width, an amount that is not yuan.fen or
 * totals that do not add up refuse the whole file.
 */
final class WeChatPayBill {

    static final String HEADER =
            "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
    static final String TOTALS = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";
    /** The bill of a day without trades (WeChat Pay answers NO_STATEMENT_EXIST instead of a file). */
    static final String EMPTY = HEADER + "\r\n" + TOTALS + "\r\n`0,`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00\r\n";

    private static final int COLUMNS = 27;
    private static final Pattern YUAN = Pattern.compile("[0-9]{1,10}\\.[0-9]{2}");
    private static final Pattern FEE = Pattern.compile("[0-9]{1,10}\\.[0-9]{2,5}");
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,64}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private WeChatPayBill() {}

    static List<GatewayBills.BillLine> read(byte[] file) {
        String text = utf8(file);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        while (!lines.isEmpty() && lines.getLast().isEmpty()) lines.removeLast();
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER))
            throw new IllegalArgumentException("not a WeChat Pay trade bill: the header is not the 27 columns of ALL");
        int totalsAt = lines.indexOf(TOTALS);
        if (totalsAt < 0) throw new IllegalArgumentException("the WeChat Pay bill has no totals (truncated?)");
        if (totalsAt != lines.size() - 2)
            throw new IllegalArgumentException("the WeChat Pay bill has " + (lines.size() - totalsAt - 1)
                    + " lines after the totals' header, not one");
        List<GatewayBills.BillLine> out = new ArrayList<>();
        BigDecimal settled = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        for (int i = 1; i < totalsAt; i++) {
            String[] f = fields(lines.get(i), COLUMNS, i + 1);
            String state = f[9];
            BigDecimal amount = yuan(f[12], i + 1);
            BigDecimal refund = yuan(f[16], i + 1);
            if (!"CNY".equals(f[11])) throw new IllegalArgumentException("line " + (i + 1) + ": currency is not CNY");
            String transactionId = id(f[5], i + 1);
            String orderNumber = id(f[6], i + 1);
            java.time.Instant at;
            try {
                at = LocalDateTime.parse(f[0], TIME).atZone(WeChatPay.BEIJING).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": the trade time is not yyyy-MM-dd HH:mm:ss");
            }
            settled = settled.add(amount);
            refunded = refunded.add(refund);
            switch (state) {
                case "SUCCESS" -> {
                    if (amount.signum() <= 0 || refund.signum() != 0)
                        throw new IllegalArgumentException("line " + (i + 1) + ": a payment of no money or refunded");
                    out.add(new GatewayBills.BillLine(transactionId, orderNumber, money(amount), at));
                }
                case "REFUND" -> {
                    // a refund line: the refunded payment's ids, WeChat's and our refund number, what was paid back
                    id(f[14], i + 1);
                    if (!"SUCCESS".equals(f[19]))
                        throw new IllegalArgumentException("line " + (i + 1) + ": a refund that did not succeed");
                    if (refund.signum() <= 0)
                        throw new IllegalArgumentException("line " + (i + 1) + ": a refund of no money");
                    out.add(GatewayBills.BillLine.refund(
                            id(f[15], i + 1), transactionId, orderNumber, money(refund), at));
                }
                case "REVOKED" -> {
                    /* a revoked trade moved no money */
                }
                default -> throw new IllegalArgumentException("line " + (i + 1) + ": an unknown trade state " + state);
            }
        }
        String[] t = fields(lines.get(totalsAt + 1), 7, totalsAt + 2);
        if (!t[0].matches("[0-9]{1,9}") || Integer.parseInt(t[0]) != totalsAt - 1)
            throw new IllegalArgumentException(
                    "the WeChat Pay bill counts " + t[0] + " trades but lists " + (totalsAt - 1));
        if (yuan(t[1], totalsAt + 2).compareTo(settled) != 0)
            throw new IllegalArgumentException(
                    "the WeChat Pay bill's settled total " + t[1] + " is not the sum of its lines " + settled);
        if (yuan(t[2], totalsAt + 2).compareTo(refunded) != 0)
            throw new IllegalArgumentException(
                    "the WeChat Pay bill's refunded total " + t[2] + " is not the sum of its lines " + refunded);
        if (!FEE.matcher(t[4]).matches())
            throw new IllegalArgumentException("the WeChat Pay bill's fee total is not an amount");
        return out;
    }

    /** The backquoted fields of one line, exactly {@code width} of them. */
    private static String[] fields(String line, int width, int number) {
        String[] f = line.split(",", -1);
        if (f.length != width)
            throw new IllegalArgumentException(
                    "line " + number + " of the WeChat Pay bill has " + f.length + " fields, not " + width);
        for (int i = 0; i < f.length; i++) {
            if (!f[i].startsWith("`"))
                throw new IllegalArgumentException("line " + number + ": field " + (i + 1) + " has no backquote");
            f[i] = f[i].substring(1);
        }
        return f;
    }

    private static BigDecimal yuan(String s, int line) {
        if (!YUAN.matcher(s).matches())
            throw new IllegalArgumentException("line " + line + ": an amount that is not yuan.fen");
        return new BigDecimal(s);
    }

    private static String id(String s, int line) {
        if (!ID.matcher(s).matches()) throw new IllegalArgumentException("line " + line + ": an id that is not one");
        return s;
    }

    private static Money money(BigDecimal yuan) {
        return Money.fen(yuan.movePointRight(2).longValueExact());
    }

    static String utf8(byte[] file) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the bill is not UTF-8");
        }
    }
}
