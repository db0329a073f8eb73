package io.gridhall.payment.internal;

import io.gridhall.shared.HtmlPdf;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the tax platform does on its side, without the network (demo and tests only): it checks each request's
 * signature, time and nonce (a replayed request is refused with HTTP 401 and changes nothing), takes a request under
 * its serial number once (the same number with the same content answers as before; with other content it is refused),
 * issues it after a delay, refuses what the platform would refuse with its reason (a tax id whose check character is
 * wrong or whose holder is not in good standing, a line whose tax is off by more than a fen, a red invoice that does
 * not cancel its blue one exactly), makes a company's red invoice wait for the buyer's confirmation (红字确认单), and
 * leaves a share of calls unanswered, some after acting. Issued invoices get a 20-digit number (year, region, channel,
 * sequence) and their files: the PDF rendered from {@code payment/invoice.html}, and the XML.
 */
class TaxPlatformSimulator implements GatewayTransport {

    /**
     * @param issueDelay how long an accepted request takes to be issued
     * @param confirmDelay how much longer a company buyer's red invoice waits for the buyer's confirmation
     * @param timeoutPercent share of calls left unanswered (half of them after acting)
     */
    record Behaviour(Duration issueDelay, Duration confirmDelay, int timeoutPercent) {}

    enum SimState {
        PENDING,
        ISSUED,
        REFUSED
    }

    static final class SimInvoice {
        final String requestNumber;
        final String digest;
        final JsonNode body;
        final Instant readyAt;
        volatile SimState state;
        volatile String invoiceNumber;
        volatile Instant issuedAt;
        volatile String reason;
        volatile boolean reversed;
        volatile byte[] pdf;

        SimInvoice(String requestNumber, String digest, JsonNode body, Instant readyAt, SimState state, String reason) {
            this.requestNumber = requestNumber;
            this.digest = digest;
            this.body = body;
            this.readyAt = readyAt;
            this.state = state;
            this.reason = reason;
        }
    }

    private final SignedTaxPlatform.Keys keys;

    SignedTaxPlatform.Keys keys() {
        return keys;
    }

    private final Clock clock;
    private final Duration window;
    private final HtmlPdf pdf;
    private final String sellerName;
    private volatile Behaviour behaviour;
    private final Random dice;
    private final Map<String, SimInvoice> requests = new ConcurrentHashMap<>();
    private final Map<String, SimInvoice> numbers = new ConcurrentHashMap<>();
    private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
    private final Set<String> irregularTaxIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger dropBefore = new AtomicInteger();
    private final AtomicInteger dropAfter = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    TaxPlatformSimulator(
            SignedTaxPlatform.Keys keys,
            Clock clock,
            Duration window,
            HtmlPdf pdf,
            String sellerName,
            Behaviour behaviour,
            Long seed) {
        this.keys = keys;
        this.clock = clock;
        this.window = window;
        this.pdf = pdf;
        this.sellerName = sellerName;
        this.behaviour = behaviour;
        this.dice = seed == null ? new Random() : new Random(seed);
    }

    /** Keys for a simulated platform: a random application secret (never logged) and a seller tax id. */
    static SignedTaxPlatform.Keys newKeys() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new SignedTaxPlatform.Keys("GHSIM0001", secret, TaxIds.withCheck("91330100MA2GH0001"));
    }

    // ---- scripting (tests) ----

    void behave(Behaviour b) {
        this.behaviour = b;
    }

    /** The next n calls go unanswered: before acting, or after acting (the platform took it; we never heard). */
    void dropNext(int n, boolean afterActing) {
        (afterActing ? dropAfter : dropBefore).addAndGet(n);
    }

    /** A buyer the tax authority lists as not in good standing (非正常户): invoices to it are refused. */
    void irregular(String taxId) {
        irregularTaxIds.add(taxId);
    }

    /** The tax authority lists the buyer as in good standing again: invoices to it are taken again. */
    void regular(String taxId) {
        irregularTaxIds.remove(taxId);
    }

    int calls() {
        return calls.get();
    }

    Map<String, SimInvoice> requests() {
        return Map.copyOf(requests);
    }

    // ---- the wire ----

    @Override
    public Response exchange(Request request) {
        calls.incrementAndGet();
        Instant now = clock.instant();
        if (take(dropBefore) || (behaviour.timeoutPercent() > 0 && roll() < behaviour.timeoutPercent() / 2))
            throw new GatewayTimeout("simulated tax platform did not answer in time");
        if (!SignedTaxPlatform.verify(
                keys.appId(),
                keys.secret(),
                request.method(),
                request.path(),
                request.headers(),
                request.body(),
                now,
                window)) return new Response(401, Map.of(), "{\"code\":\"AUTH\"}");
        String nonce = request.headers().get("X-Nonce");
        nonces.values().removeIf(t -> t.isBefore(now.minus(window.multipliedBy(2))));
        if (nonces.putIfAbsent(nonce, now) != null) return new Response(401, Map.of(), "{\"code\":\"REPLAY\"}");
        JsonNode body;
        try {
            body = Epay.tree(request.body().getBytes(StandardCharsets.UTF_8));
        } catch (NotificationRefused e) {
            return new Response(400, Map.of(), "{\"code\":\"BAD_JSON\"}");
        }
        String requestNumber = body.path("request_number").asString("");
        ObjectNode answer = Epay.JSON.createObjectNode();
        answer.put("seller_tax_id", keys.sellerTaxId());
        answer.put("request_number", requestNumber);
        if (!keys.sellerTaxId().equals(body.path("seller_tax_id").asString(""))) {
            answer.put("status", "REFUSED");
            answer.put("code", "E100");
            answer.put("message", "销售方纳税人识别号与授权不符");
        } else
            switch (request.path()) {
                case SignedTaxPlatform.SUBMIT -> submit(requestNumber, request.body(), body, now, answer);
                case SignedTaxPlatform.QUERY -> query(requestNumber, now, answer);
                default -> {
                    return new Response(404, Map.of(), "{\"code\":\"NO_SUCH_API\"}");
                }
            }
        if (take(dropAfter) || (behaviour.timeoutPercent() > 0 && roll() < behaviour.timeoutPercent() / 2))
            throw new GatewayTimeout("simulated tax platform did not answer in time (after acting)");
        String text = Epay.JSON.writeValueAsString(answer);
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        SignedTaxPlatform.sign(keys.appId(), keys.secret(), "ANSWER", request.path(), now, nonce(), text)
                .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return new Response(200, headers, text);
    }

    private synchronized void submit(String requestNumber, String raw, JsonNode body, Instant now, ObjectNode answer) {
        String digest = digest(raw);
        SimInvoice known = requests.get(requestNumber);
        if (known != null) {
            if (known.digest.equals(digest)) {
                statusOf(known, answer, true);
            } else {
                answer.put("status", "REFUSED");
                answer.put("code", "E409");
                answer.put("message", "流水号重复：同一流水号的开票内容不一致");
            }
            return;
        }
        String refusal = refusal(body);
        Duration delay = behaviour.issueDelay();
        if (refusal == null
                && "RED".equals(body.path("kind").asString(""))
                && "COMPANY".equals(body.path("buyer").path("type").asString("")))
            delay = delay.plus(behaviour.confirmDelay()); // the buyer confirms the 红字确认单 first
        SimInvoice s = new SimInvoice(
                requestNumber,
                digest,
                body,
                now.plus(delay),
                refusal == null ? SimState.PENDING : SimState.REFUSED,
                refusal);
        requests.put(requestNumber, s);
        if (refusal == null && "RED".equals(body.path("kind").asString("")))
            numbers.get(body.path("original_number").asString("")).reversed = true;
        statusOf(s, answer, true);
    }

    private void query(String requestNumber, Instant now, ObjectNode answer) {
        SimInvoice s = requests.get(requestNumber);
        if (s == null) {
            answer.put("status", "NOT_FOUND");
            return;
        }
        issueWhenDue(s, now);
        statusOf(s, answer, false);
    }

    private synchronized void issueWhenDue(SimInvoice s, Instant now) {
        if (s.state != SimState.PENDING || now.isBefore(s.readyAt)) return;
        String seller = keys.sellerTaxId();
        s.invoiceNumber = String.format(
                "%02d%s1%015d",
                LocalDateTime.ofInstant(now, SignedTaxPlatform.BEIJING).getYear() % 100,
                seller.substring(2, 4),
                sequence.incrementAndGet());
        s.issuedAt = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        s.pdf = render(s);
        s.state = SimState.ISSUED;
        numbers.put(s.invoiceNumber, s);
    }

    private void statusOf(SimInvoice s, ObjectNode answer, boolean submitting) {
        switch (s.state) {
            case REFUSED -> {
                answer.put("status", "REFUSED");
                answer.put("code", "E400");
                answer.put("message", s.reason);
            }
            case PENDING -> answer.put("status", submitting ? "ACCEPTED" : "PENDING");
            case ISSUED -> {
                if (submitting) {
                    answer.put("status", "ACCEPTED");
                    return;
                }
                answer.put("status", "ISSUED");
                answer.put("invoice_number", s.invoiceNumber);
                answer.put(
                        "issued_at",
                        LocalDateTime.ofInstant(s.issuedAt, SignedTaxPlatform.BEIJING)
                                .format(SignedTaxPlatform.TIME));
                answer.put("pdf", Base64.getEncoder().encodeToString(s.pdf));
                answer.put("xml", Base64.getEncoder().encodeToString(xml(s).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** What the platform refuses, with its reason; null when it takes the request. */
    private String refusal(JsonNode b) {
        JsonNode buyer = b.path("buyer");
        String type = buyer.path("type").asString("");
        String name = buyer.path("name").asString("");
        if (name.isBlank() || name.length() > 100) return "购买方名称不能为空";
        if ("COMPANY".equals(type)) {
            String taxId = buyer.path("tax_id").asString("");
            if (!TaxIds.valid(taxId)) return "购买方纳税人识别号校验不通过";
            if (irregularTaxIds.contains(taxId)) return "购买方纳税人状态异常（非正常户），不能开具发票";
        } else if (!"PERSON".equals(type)) return "购买方类型不正确";
        Money total = Money.ZERO;
        Money net = Money.ZERO;
        Money tax = Money.ZERO;
        List<JsonNode> lines = new ArrayList<>();
        b.path("lines").forEach(lines::add);
        if (lines.isEmpty()) return "发票明细不能为空";
        try {
            for (JsonNode l : lines) {
                if (!l.path("tax_code").asString("").matches("[0-9]{19}")) return "商品和服务税收分类编码不正确";
                BigDecimal rate = new BigDecimal(l.path("tax_rate").asString(""));
                Money lt = SignedTaxPlatform.yuan(l.path("total"));
                Money ln = SignedTaxPlatform.yuan(l.path("net"));
                Money lx = SignedTaxPlatform.yuan(l.path("tax"));
                if (!ln.plus(lx).equals(lt)) return "明细金额与税额之和不等于价税合计";
                if (!InvoiceAmounts.withinTolerance(ln, lx, rate)) return "明细税额误差超出0.01元";
                total = total.plus(lt);
                net = net.plus(ln);
                tax = tax.plus(lx);
            }
            if (!total.equals(SignedTaxPlatform.yuan(b.path("total")))
                    || !net.equals(SignedTaxPlatform.yuan(b.path("net")))
                    || !tax.equals(SignedTaxPlatform.yuan(b.path("tax")))) return "合计金额与明细不符";
        } catch (RuntimeException e) {
            return "金额格式不正确";
        }
        switch (b.path("kind").asString("")) {
            case "BLUE" -> {
                if (total.fen() <= 0) return "蓝字发票金额必须为正数";
            }
            case "RED" -> {
                SimInvoice original = numbers.get(b.path("original_number").asString(""));
                if (original == null || original.state != SimState.ISSUED) return "对应蓝字发票不存在";
                if (original.reversed) return "蓝字发票已全额红冲";
                if (!total.negate().equals(SignedTaxPlatform.yuan(original.body.path("total")))
                        || !tax.negate().equals(SignedTaxPlatform.yuan(original.body.path("tax"))))
                    return "红字发票信息与蓝字发票不符";
                if (b.path("red_reason").asString("").isBlank()) return "红冲原因不能为空";
            }
            default -> {
                return "发票种类不正确";
            }
        }
        return null;
    }

    /** The sheet the invoice template reads. */
    record Sheet(
            String invoiceNumber,
            String issuedAt,
            boolean red,
            String originalNumber,
            String buyerName,
            String buyerTaxId,
            String sellerName,
            String sellerTaxId,
            List<SheetLine> lines,
            String net,
            String tax,
            String total) {}

    record SheetLine(String name, String rate, String net, String tax) {}

    private byte[] render(SimInvoice s) {
        JsonNode b = s.body;
        List<SheetLine> lines = new ArrayList<>();
        b.path("lines")
                .forEach(l -> lines.add(new SheetLine(
                        l.path("name").asString(""),
                        new BigDecimal(l.path("tax_rate").asString("0"))
                                        .movePointRight(2)
                                        .stripTrailingZeros()
                                        .toPlainString()
                                + "%",
                        l.path("net").asString(""),
                        l.path("tax").asString(""))));
        Sheet sheet = new Sheet(
                s.invoiceNumber,
                LocalDateTime.ofInstant(s.issuedAt, SignedTaxPlatform.BEIJING)
                        .toLocalDate()
                        .toString(),
                "RED".equals(b.path("kind").asString("")),
                b.path("original_number").asString(null),
                b.path("buyer").path("name").asString(""),
                b.path("buyer").path("tax_id").asString(""),
                sellerName,
                keys.sellerTaxId(),
                lines,
                b.path("net").asString(""),
                b.path("tax").asString(""),
                b.path("total").asString(""));
        return pdf.render("invoice", sheet, "电子发票 " + s.invoiceNumber, sellerName);
    }

    private String xml(SimInvoice s) {
        JsonNode b = s.body;
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EInvoice><InvoiceNumber>" + s.invoiceNumber
                + "</InvoiceNumber><Kind>" + b.path("kind").asString("") + "</Kind><SellerTaxId>"
                + keys.sellerTaxId() + "</SellerTaxId><Total>" + b.path("total").asString("") + "</Total><Tax>"
                + b.path("tax").asString("") + "</Tax></EInvoice>\n";
    }

    private static boolean take(AtomicInteger n) {
        return n.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    private synchronized int roll() {
        return dice.nextInt(100);
    }

    private synchronized String nonce() {
        byte[] b = new byte[12];
        dice.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
