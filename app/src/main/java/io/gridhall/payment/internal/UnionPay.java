package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.shared.Money;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
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
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * China UnionPay's online gateway (全渠道, 5.1.0) for 全民付 QR payments: the merchant asks for a code (消费 txnType 01,
 * txnSubType 07, channelType 08) which the customer scans with a bank app or UnionPay QuickPass. Every message is a
 * set of {@code key=value} fields; its {@code signature} is SHA256withRSA (signMethod 01) over the lower-case SHA-256
 * hex of the fields sorted by name as {@code k=v&...} ({@code signature} and empty values left out). Requests are
 * signed with the merchant's key (named by {@code certId}), answers and notifications by UnionPay's. The asynchronous
 * notification is a form POST to {@code backUrl} with respCode 00 and the trade's {@code queryId}; UnionPay stops
 * sending it on HTTP 200 (we answer {@code ok}). A trade is named by orderId together with the txnTime it was sent
 * with; there is no close of an unpaid code, which expires at {@code payTimeout} (the order's expiry).
 */
class UnionPay extends SignedGatewayAdapter<UnionPay.Keys> implements GatewayBills {

    static final String BACK = "/gateway/api/backTransReq.do";
    static final String QUERY = "/gateway/api/queryTrans.do";
    static final String FILES = "/";
    static final String VERSION = "5.1.0";
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern FEN = Pattern.compile("[0-9]{1,12}");
    private static final Pattern REFUND = Pattern.compile("RF([0-9]{8})[0-9A-Z]{1,30}");
    private static final Pattern ORDER = Pattern.compile("GH([0-9]{8})[0-9A-Z]{1,22}");
    /** How long after a trade was sent UnionPay may still notify it (the code is payable until the order expires). */
    static final Duration HORIZON = Duration.ofDays(2);

    /**
     * @param merId our merchant number (商户代码, 15 characters)
     * @param certId the serial number of our signing certificate, which UnionPay verifies our requests with
     */
    record Keys(String merId, String certId, PrivateKey merchantKey, PublicKey unionPayKey)
            implements SignedGatewayAdapter.MerchantKeys {

        @Override
        public String merchantId() {
            return merId;
        }

        /** UnionPay has no application id: the merchant number stands for it. */
        @Override
        public String appId() {
            return merId;
        }
    }

    private final GatewayTransport files;

    /** @param files the file download service (filedownload.95516.com), a host of its own */
    UnionPay(
            Keys keys,
            GatewayTransport transport,
            GatewayTransport files,
            Clock clock,
            Duration window,
            String backUrl) {
        super(Gateway.UNIONPAY, keys, transport, clock, window, backUrl);
        this.files = files;
    }

    @Override
    public String open(Trade trade) {
        Map<String, String> f = common("01", "07");
        f.put("channelType", "08");
        f.put("orderId", trade.orderNumber());
        f.put("txnTime", txnTime(trade.orderNumber()));
        f.put("txnAmt", String.valueOf(trade.amount().fen()));
        f.put("currencyCode", "156");
        f.put("backUrl", notifyUrl);
        f.put("payTimeout", TIME.format(trade.expiresAt().atZone(BEIJING)));
        Map<String, String> r = call(transport, BACK, f);
        String code = r.getOrDefault("respCode", "");
        if (code.equals("03") || code.equals("04") || code.equals("05"))
            throw new GatewayTimeout("UnionPay is still processing the order: " + code);
        if (!code.equals("00")) throw new IllegalStateException("UnionPay refused the order: " + code);
        String qr = r.getOrDefault("qrCode", "");
        if (qr.isEmpty()) throw new IllegalStateException("UnionPay answered no qrCode");
        return qr;
    }

    @Override
    public boolean refunds() {
        return true;
    }

    /**
     * 退货 (txnType 04/00) through {@code backTransReq.do}: our refund number as orderId, UnionPay's queryId of the
     * payment as origQryId, the amount in fen. UnionPay takes it (respCode 00) and settles it later, so it is asked at
     * once; an answer of 03/04/05 or a query without result leaves it pending.
     */
    @Override
    public RefundStatus refund(
            String orderNumber, String transactionId, String refundNumber, Money amount, Money total) {
        Map<String, String> f = common("04", "00");
        f.put("channelType", "08");
        f.put("orderId", refundNumber);
        f.put("origQryId", transactionId);
        f.put("txnTime", refundTxnTime(refundNumber));
        f.put("txnAmt", String.valueOf(amount.fen()));
        f.put("currencyCode", "156");
        f.put("backUrl", notifyUrl);
        Map<String, String> r = call(transport, BACK, f);
        String code = r.getOrDefault("respCode", "");
        if (code.equals("03") || code.equals("04") || code.equals("05"))
            return new RefundStatus(RefundState.PENDING, refundNumber, null, null, null);
        if (!code.equals("00")) return RefundStatus.refused(refundNumber, "respCode " + code);
        try {
            RefundStatus s = queryRefund(orderNumber, refundNumber);
            return s.state() == RefundState.NOT_FOUND
                    ? new RefundStatus(RefundState.PENDING, refundNumber, null, null, null)
                    : s;
        } catch (GatewayTimeout e) {
            return new RefundStatus(RefundState.PENDING, refundNumber, null, null, null);
        }
    }

    /** The 退货 asked by its orderId (our refund number) and txnTime: respCode 34 is one UnionPay never took. */
    @Override
    public RefundStatus queryRefund(String orderNumber, String refundNumber) {
        Map<String, String> f = common("00", "00");
        f.put("orderId", refundNumber);
        f.put("txnTime", refundTxnTime(refundNumber));
        Map<String, String> r = call(transport, QUERY, f);
        String code = r.getOrDefault("respCode", "");
        if (code.equals("34")) return new RefundStatus(RefundState.NOT_FOUND, refundNumber, null, null, null);
        if (!code.equals("00")) throw new GatewayTimeout("UnionPay could not answer the refund query: " + code);
        String orig = r.getOrDefault("origRespCode", "");
        return switch (orig) {
            case "00", "A6" -> {
                Money fen;
                try {
                    fen = fen(r.getOrDefault("txnAmt", ""));
                } catch (NotificationRefused e) {
                    throw new GatewayTimeout("UnionPay answered a refund amount unreadably");
                }
                yield new RefundStatus(RefundState.SUCCEEDED, refundNumber, r.get("queryId"), fen, null);
            }
            case "03", "04", "05" -> new RefundStatus(RefundState.PENDING, refundNumber, null, null, null);
            default -> RefundStatus.refused(refundNumber, "origRespCode " + orig);
        };
    }

    /** A refund's txnTime: the business day its number carries, at midnight (as for an order, see txnTime). */
    static String refundTxnTime(String refundNumber) {
        var m = REFUND.matcher(refundNumber);
        if (!m.matches()) throw new IllegalArgumentException("not one of our refund numbers");
        return m.group(1) + "000000";
    }

    @Override
    public TradeStatus query(String orderNumber) {
        Map<String, String> f = common("00", "00");
        f.put("orderId", orderNumber);
        f.put("txnTime", txnTime(orderNumber));
        Map<String, String> r = call(transport, QUERY, f);
        String code = r.getOrDefault("respCode", "");
        if (code.equals("34")) return TradeStatus.of(TradeState.NOT_FOUND, orderNumber);
        if (!code.equals("00")) throw new GatewayTimeout("UnionPay could not answer the query: " + code);
        String orig = r.getOrDefault("origRespCode", "");
        return switch (orig) {
            case "00", "A6" -> {
                try {
                    yield new TradeStatus(
                            TradeState.PAID,
                            r.get("merId"),
                            r.get("merId"),
                            r.get("orderId"),
                            r.get("queryId"),
                            fen(r.getOrDefault("txnAmt", "")),
                            paidAt(r.getOrDefault("txnTime", ""), r.getOrDefault("traceTime", "")));
                } catch (NotificationRefused e) {
                    throw new GatewayTimeout("UnionPay answered a paid trade unreadably: " + e.getMessage());
                }
            }
            // not paid yet, or being paid
            case "03", "04", "05" -> TradeStatus.of(TradeState.NOT_PAID, orderNumber);
            // failed or expired: the code cannot be paid any more
            default -> TradeStatus.of(TradeState.CLOSED, orderNumber);
        };
    }

    /**
     * UnionPay closes nothing: an unpaid code expires at its payTimeout. A close asks, and answers whether the trade
     * can no longer be paid; one still being paid is asked about again later.
     */
    @Override
    public boolean close(String orderNumber) {
        TradeStatus s = query(orderNumber);
        return switch (s.state()) {
            case PAID -> false;
            case CLOSED, NOT_FOUND -> true;
            case NOT_PAID -> throw new GatewayTimeout("the UnionPay code has not expired yet");
        };
    }

    @Override
    public Notified read(Map<String, String> headers, byte[] body, Instant now) {
        Map<String, String> form = Alipay.form(body);
        String signature = form.get("signature");
        if (signature == null) throw new NotificationRefused("no signature");
        if (!"01".equals(form.get("signMethod"))) throw new NotificationRefused("signMethod is not 01 (RSA)");
        if (!Signatures.verify(keys.unionPayKey(), signedText(form), signature))
            throw new NotificationRefused("signature does not verify");
        // UnionPay signs no sending time: the trade's own txnTime bounds how late a genuine notification comes
        Instant sent = time(form.getOrDefault("txnTime", ""));
        if (sent.isAfter(now.plus(window)) || sent.isBefore(now.minus(HORIZON)))
            throw new NotificationRefused("txnTime outside the window");
        boolean paid = "00".equals(form.get("respCode")) && "01".equals(form.get("txnType"));
        return new Notified(
                "sign:" + hex(sha256(signature)),
                paid,
                form.get("merId"),
                form.get("merId"),
                form.get("orderId"),
                form.get("queryId"),
                paid ? fen(form.getOrDefault("txnAmt", "")) : null,
                paid ? paidAt(form.getOrDefault("txnTime", ""), form.getOrDefault("traceTime", "")) : null);
    }

    @Override
    public PaymentOrders.Answer accepted() {
        return new PaymentOrders.Answer(200, "text/plain", "ok");
    }

    @Override
    public PaymentOrders.Answer refused(String reason) {
        return new PaymentOrders.Answer(400, "text/plain", "fail");
    }

    // ---- the daily file (对账文件) ----

    /**
     * File transfer (txnType 76, fileType 00) of the day's settlement files: {@code fileContent} is the zip, deflated
     * and Base64-encoded; answers its 一般交易流水 (the {@code INN<yyMMdd>88ZM_<merId>} entry).
     */
    @Override
    public byte[] download(LocalDate day) {
        Map<String, String> f = common("76", "01");
        f.put("settleDate", DateTimeFormatter.ofPattern("MMdd").format(day));
        f.put("fileType", "00");
        f.put("txnTime", TIME.format(clock.instant().atZone(BEIJING)));
        Map<String, String> r = call(files, FILES, f);
        String code = r.getOrDefault("respCode", "");
        if (code.equals("98")) return new byte[0]; // no file for that day: nothing was settled
        if (!code.equals("00")) throw new GatewayTimeout("UnionPay could not send the file: " + code);
        byte[] zip;
        try {
            zip = inflate(Base64.getDecoder().decode(r.getOrDefault("fileContent", "")));
        } catch (IllegalArgumentException | DataFormatException e) {
            throw new GatewayTimeout("UnionPay's file does not decode");
        }
        String entry = "INN" + DateTimeFormatter.ofPattern("yyMMdd").format(day) + "88ZM_" + keys.merId();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry())
                if (e.getName().equals(entry)) return in.readAllBytes();
        } catch (IOException e) {
            throw new GatewayTimeout("UnionPay's file is not a zip");
        }
        throw new GatewayTimeout("UnionPay's file holds no " + entry);
    }

    /** The ZM columns we read: their widths, in order, each followed by one space (the line ends with CRLF). */
    static final int[] ZM = {3, 6, 10, 12, 21, 40, 14, 15, 21};

    static final int ZM_LINE = java.util.Arrays.stream(ZM).map(w -> w + 1).sum() - 1;

    /**
     * Reads the 一般交易流水 (fixed-width, US-ASCII): per trade the trade code (S22 consumption, S30 refund, S31
     * cancellation), trace number, traceTime (MMddHHmmss), amount in fen (12 digits), queryId, orderId (left-aligned),
     * the original txnTime, our merchant number and the original trade's queryId (origQryId: blank for a consumption).
     * A 退货 or 撤销 is a refund line: its orderId is our refund number, its origQryId the refunded payment's.
     */
    @Override
    public List<BillLine> read(byte[] file) {
        String text;
        try {
            text = StandardCharsets.US_ASCII
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(file))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a UnionPay file is US-ASCII");
        }
        if (!text.isEmpty() && !text.endsWith("\r\n")) throw new IllegalArgumentException("a truncated UnionPay file");
        List<BillLine> out = new ArrayList<>();
        for (String line : text.isEmpty()
                ? new String[0]
                : text.substring(0, text.length() - 2).split("\r\n", -1)) {
            if (line.length() != ZM_LINE) throw new IllegalArgumentException("a line of another width");
            String[] c = new String[ZM.length];
            int at = 0;
            for (int i = 0; i < ZM.length; i++) {
                c[i] = line.substring(at, at + ZM[i]);
                at += ZM[i];
                if (i < ZM.length - 1 && line.charAt(at++) != ' ')
                    throw new IllegalArgumentException("columns not separated");
            }
            long sign = switch (c[0]) {
                case "S22" -> 1;
                case "S30", "S31" -> -1;
                default -> throw new IllegalArgumentException("an unknown trade code");
            };
            if (!c[3].chars().allMatch(Character::isDigit) || !c[4].chars().allMatch(Character::isDigit))
                throw new IllegalArgumentException("an amount or queryId that is not digits");
            if (!c[7].equals(keys.merId())) throw new IllegalArgumentException("another merchant's line");
            String order = c[5].stripTrailing();
            if (order.isEmpty() || order.contains(" ")) throw new IllegalArgumentException("no orderId");
            long fen = Long.parseLong(c[3]);
            if (fen <= 0) throw new IllegalArgumentException("a zero amount");
            Instant completed;
            try {
                completed = paidAt(c[6], c[2]);
            } catch (NotificationRefused e) {
                throw new IllegalArgumentException("a time that is not one");
            }
            if (sign > 0) {
                if (!c[8].isBlank()) throw new IllegalArgumentException("a consumption with an original trade");
                out.add(new BillLine(c[4], order, Money.fen(fen), completed));
            } else {
                if (!c[8].chars().allMatch(Character::isDigit))
                    throw new IllegalArgumentException("a refund without the original trade's queryId");
                out.add(BillLine.refund(order, c[8], order, Money.fen(fen), completed));
            }
        }
        return out;
    }

    // ---- the wire ----

    private Map<String, String> common(String txnType, String txnSubType) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("version", VERSION);
        f.put("encoding", "UTF-8");
        f.put("signMethod", "01");
        f.put("txnType", txnType);
        f.put("txnSubType", txnSubType);
        f.put("bizType", "000000");
        f.put("accessType", "0");
        f.put("merId", keys.merId());
        f.put("certId", keys.certId());
        return f;
    }

    /** Signs and sends a request; answers the verified fields of the answer. */
    private Map<String, String> call(GatewayTransport to, String path, Map<String, String> fields) {
        fields.put("signature", Signatures.sign(keys.merchantKey(), hex(sha256(sortedText(fields)))));
        GatewayTransport.Response r = to.exchange(new GatewayTransport.Request(
                "POST",
                path,
                Map.of("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8"),
                Alipay.encode(fields)));
        if (r.status() != 200 || r.body() == null) throw new GatewayTimeout("UnionPay answered HTTP " + r.status());
        Map<String, String> answer;
        try {
            answer = answer(r.body());
        } catch (IllegalArgumentException e) {
            throw new GatewayTimeout("UnionPay answered something that is not its fields");
        }
        if (!Signatures.verify(keys.unionPayKey(), signedText(answer), answer.get("signature")))
            throw new GatewayTimeout("UnionPay's answer is not genuine");
        if (!keys.merId().equals(answer.get("merId"))) throw new GatewayTimeout("UnionPay answered another merchant");
        return answer;
    }

    /** The fields sorted by name as {@code k=v&...}, {@code signature} and empty values left out. */
    static String sortedText(Map<String, String> fields) {
        return new TreeMap<>(fields)
                .entrySet().stream()
                        .filter(e -> !e.getKey().equals("signature"))
                        .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
    }

    /** What is signed (signMethod 01, version 5.1.0): the SHA-256 of the sorted text, as lower-case hex. */
    static String signedText(Map<String, String> fields) {
        return hex(sha256(sortedText(fields)));
    }

    /**
     * An answer as UnionPay writes it: {@code k=v&...} not URL-encoded, where a value in braces may hold {@code &} and
     * {@code =}. Each name once.
     */
    static Map<String, String> answer(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = body.length();
        while (i < n) {
            int eq = body.indexOf('=', i);
            if (eq <= i) throw new IllegalArgumentException("not key=value");
            String key = body.substring(i, eq);
            int j = eq + 1;
            int depth = 0;
            while (j < n && (depth > 0 || body.charAt(j) != '&')) {
                char c = body.charAt(j);
                if (c == '{') depth++;
                else if (c == '}' && depth > 0) depth--;
                j++;
            }
            if (out.put(key, body.substring(eq + 1, j)) != null) throw new IllegalArgumentException("a field twice");
            i = j + 1;
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no fields");
        return out;
    }

    static String answerText(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    /**
     * The txnTime a trade is sent and asked about with. UnionPay names a trade by orderId and txnTime together; ours
     * is the order's business day at midnight (the number carries it), so that a query after a restart names it
     * without a stored time.
     */
    static String txnTime(String orderNumber) {
        var m = ORDER.matcher(orderNumber);
        if (!m.matches()) throw new IllegalArgumentException("not one of our order numbers");
        return m.group(1) + "000000";
    }

    private static Money fen(String text) {
        if (!FEN.matcher(text).matches()) throw new NotificationRefused("an amount that is not fen");
        long fen = Long.parseLong(text);
        if (fen <= 0) throw new NotificationRefused("an amount that is not positive");
        return Money.fen(fen);
    }

    static Instant time(String text) {
        try {
            return LocalDateTime.parse(text, TIME).atZone(BEIJING).toInstant();
        } catch (DateTimeParseException e) {
            throw new NotificationRefused("a time that is not yyyyMMddHHmmss");
        }
    }

    /** When the trade was paid: its traceTime (MMddHHmmss), in the year of its txnTime or the next. */
    static Instant paidAt(String txnTime, String traceTime) {
        LocalDateTime sent = LocalDateTime.ofInstant(time(txnTime), BEIJING);
        if (traceTime.length() != 10 || !traceTime.chars().allMatch(Character::isDigit))
            throw new NotificationRefused("a traceTime that is not MMddHHmmss");
        try {
            MonthDay md = MonthDay.of(
                    Integer.parseInt(traceTime.substring(0, 2)), Integer.parseInt(traceTime.substring(2, 4)));
            int year = md.isBefore(MonthDay.from(sent)) ? sent.getYear() + 1 : sent.getYear();
            if (!md.isValidYear(year)) throw new NotificationRefused("a traceTime that is not a day");
            return md.atYear(year)
                    .atTime(
                            Integer.parseInt(traceTime.substring(4, 6)),
                            Integer.parseInt(traceTime.substring(6, 8)),
                            Integer.parseInt(traceTime.substring(8, 10)))
                    .atZone(BEIJING)
                    .toInstant();
        } catch (DateTimeException e) {
            throw new NotificationRefused("a traceTime that is not MMddHHmmss");
        }
    }

    static byte[] sha256(String text) {
        return sha256Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256Bytes(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] inflate(byte[] deflated) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary()))
                    throw new DataFormatException("truncated");
                out.write(buffer, 0, n);
                if (out.size() > 64 << 20) throw new DataFormatException("too large");
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
