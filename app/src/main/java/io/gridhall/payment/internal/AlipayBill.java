package io.gridhall.payment.internal;

import io.gridhall.shared.Money;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Alipay's trade bill as {@code bill_download_url} serves it: a zip of GBK CSVs, of which {@code ..._业务明细.csv} lists
 * the trades (comment lines starting with {@code #}, the header, one line per trade with the ids followed by a tab, the
 * closing comment lines with the counts of trades and refunds; a refund is a 退款 line under the refunded trade's
 * numbers, its amounts negative, our refund number in 退款批次号/请求号) and {@code ..._业务明细(汇总).csv} sums them. Read
 * strictly: not a zip, no detail file, a wrong header, a line of another width or counts that do not add up refuse
 * the whole file.
 */
final class AlipayBill {

    static final Charset GBK = Charset.forName("GBK");
    static final String TITLE = "#支付宝业务明细查询";
    static final String HEADER =
            "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";
    static final String DETAIL = "_业务明细.csv";
    private static final String END =
            "#-----------------------------------------业务明细列表结束------------------------------------";
    private static final Pattern COUNTS = Pattern.compile("#交易合计：([0-9]{1,9})笔，退款合计：([0-9]{1,9})笔");
    private static final Pattern YUAN = Pattern.compile("-?[0-9]{1,10}\\.[0-9]{2}");
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,64}");
    private static final int COLUMNS = 25;
    private static final int MAX_ENTRY = 64 << 20;

    private AlipayBill() {}

    /** The zip as Alipay packs it: the detail and the summary, names in GBK. */
    static byte[] zip(String userAndDay, byte[] detail, byte[] summary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out, GBK)) {
            z.putNextEntry(new ZipEntry(userAndDay + DETAIL));
            z.write(detail);
            z.closeEntry();
            z.putNextEntry(new ZipEntry(userAndDay + "_业务明细(汇总).csv"));
            z.write(summary);
            z.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static List<GatewayBills.BillLine> read(byte[] file) {
        return readDetail(detail(file));
    }

    /** The detail CSV out of the zip. */
    static byte[] detail(byte[] file) {
        if (file.length < 4 || file[0] != 'P' || file[1] != 'K')
            throw new IllegalArgumentException("the Alipay bill is not a zip");
        byte[] found = null;
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(file), GBK)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.isDirectory() || !e.getName().endsWith(DETAIL)) continue;
                if (found != null) throw new IllegalArgumentException("the Alipay bill has two detail files");
                found = limited(z);
            }
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException i
                    && i.getMessage() != null
                    && i.getMessage().startsWith("the Alipay")) throw i;
            throw new IllegalArgumentException("the Alipay bill is not a readable zip");
        }
        if (found == null) throw new IllegalArgumentException("the Alipay bill has no " + DETAIL);
        return found;
    }

    private static byte[] limited(ZipInputStream z) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = z.read(buf)) > 0; ) {
            out.write(buf, 0, n);
            if (out.size() > MAX_ENTRY) throw new IllegalArgumentException("the Alipay bill's detail is too large");
        }
        return out.toByteArray();
    }

    /** The 业务明细 CSV itself (GBK). */
    static List<GatewayBills.BillLine> readDetail(byte[] csv) {
        String text;
        try {
            text = GBK.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(csv))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the Alipay bill is not GBK");
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        while (!lines.isEmpty() && lines.getLast().isEmpty()) lines.removeLast();
        if (lines.isEmpty() || !lines.getFirst().equals(TITLE))
            throw new IllegalArgumentException("not an Alipay 业务明细: the first line is not " + TITLE);
        int header = lines.indexOf(HEADER);
        if (header < 0) throw new IllegalArgumentException("the Alipay bill has not the 25 columns of 业务明细");
        for (int i = 1; i < header; i++)
            if (!lines.get(i).startsWith("#"))
                throw new IllegalArgumentException("line " + (i + 1) + " of the Alipay bill is not a comment");
        int end = lines.indexOf(END);
        if (end < header) throw new IllegalArgumentException("the Alipay bill has no end of its list (truncated?)");
        if (end + 1 >= lines.size()) throw new IllegalArgumentException("the Alipay bill has no counts (truncated?)");
        Matcher counts = COUNTS.matcher(lines.get(end + 1));
        if (!counts.matches()) throw new IllegalArgumentException("the Alipay bill's counts line is not one");
        for (int i = end + 2; i < lines.size(); i++)
            if (!lines.get(i).startsWith("#"))
                throw new IllegalArgumentException("line " + (i + 1) + " of the Alipay bill is not a comment");
        List<GatewayBills.BillLine> out = new ArrayList<>();
        int trades = 0;
        int refunds = 0;
        for (int i = header + 1; i < end; i++) {
            int number = i + 1;
            String[] f = lines.get(i).split(",", -1);
            if (f.length != COLUMNS)
                throw new IllegalArgumentException(
                        "line " + number + " of the Alipay bill has " + f.length + " fields, not " + COLUMNS);
            String transactionId = id(f[0], number);
            String orderNumber = id(f[1], number);
            BigDecimal amount = yuan(f[11], number);
            yuan(f[12], number);
            java.time.Instant at;
            try {
                at = LocalDateTime.parse(f[5], Alipay.TIME)
                        .atZone(Alipay.BEIJING)
                        .toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "line " + number + ": the completion time is not yyyy-MM-dd HH:mm:ss");
            }
            switch (f[2]) {
                case "交易" -> {
                    if (amount.signum() <= 0)
                        throw new IllegalArgumentException("line " + number + ": a trade of no money");
                    trades++;
                }
                case "退款" -> {
                    if (amount.signum() >= 0)
                        throw new IllegalArgumentException("line " + number + ": a refund that is not negative");
                    refunds++;
                }
                default -> throw new IllegalArgumentException("line " + number + ": an unknown business type");
            }
            Money money = Money.fen(amount.movePointRight(2).longValueExact());
            out.add(
                    f[2].equals("退款")
                            // a refund: the refunded trade's numbers, our out_request_no in 退款批次号/请求号
                            ? GatewayBills.BillLine.refund(
                                    id(f[21], number), transactionId, orderNumber, money.negate(), at)
                            : new GatewayBills.BillLine(transactionId, orderNumber, money, at));
        }
        if (Integer.parseInt(counts.group(1)) != trades || Integer.parseInt(counts.group(2)) != refunds)
            throw new IllegalArgumentException("the Alipay bill counts " + counts.group(1) + " trades and "
                    + counts.group(2) + " refunds but lists " + trades + " and " + refunds);
        return out;
    }

    /** An id as Alipay writes it, a tab after it so spreadsheets keep its digits. */
    private static String id(String s, int line) {
        String v = s.endsWith("\t") ? s.substring(0, s.length() - 1) : s;
        if (!ID.matcher(v).matches()) throw new IllegalArgumentException("line " + line + ": an id that is not one");
        return v;
    }

    private static BigDecimal yuan(String s, int line) {
        if (!YUAN.matcher(s).matches())
            throw new IllegalArgumentException("line " + line + ": an amount that is not yuan.fen");
        return new BigDecimal(s);
    }
}
