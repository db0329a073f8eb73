package io.gridhall.billing.internal.document;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillView;
import io.gridhall.billing.LineSource;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.shared.CapitalNumerals;
import io.gridhall.shared.DocumentSettings;
import io.gridhall.shared.Money;
import io.gridhall.shared.PersonalData;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Everything a printed bill shows, formatted for print (Chinese, locale-neutral digits): made from the bill, its
 * account and the utility's settings, rendered by {@link BillPdf}. Personal data is masked here.
 */
public record BillSheet(
        String utilityName,
        String hotline,
        String title,
        String billNumber,
        String issuedOn,
        String dueOn,
        String accountNumber,
        String accountName,
        String address,
        String branchName,
        String tariff,
        String period,
        String typeLabel,
        String correction,
        String energy,
        String total,
        String totalInWords,
        boolean credit,
        boolean estimated,
        List<Reading> readings,
        List<Line> lines,
        List<String> payment,
        String lateFee,
        String verifyUrl,
        String qrDataUri) {

    /** A meter register at the period's start and end, as the lines used it. */
    public record Reading(
            String assetNumber,
            String register,
            String startDay,
            String start,
            String endDay,
            String end,
            String quality,
            boolean estimated,
            int multiplier,
            String energy) {}

    /** One bill line with its explanation. */
    public record Line(int no, String name, String quantity, String price, String amount, String formula) {}

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter LONG_DAY = DateTimeFormatter.ofPattern("yyyy年M月d日", Locale.ROOT);
    private static final Properties LABELS = labels();
    private static final List<String> REGISTER_ORDER =
            List.of("TOTAL", "T1", "T2", "T3", "T4", "REACTIVE1", "REACTIVE2");

    /**
     * @param bill an issued bill (number and dates set)
     * @param account its supply account, in the clear: masked here
     * @param branchName the branch that supplies it
     * @param correctedBillNumber the number of the bill a reversal cancels or a rebill replaces, null for a regular
     *     bill
     * @param verifyUrl where its QR code leads
     * @param qrDataUri the QR code as a {@code data:image/png} URI
     */
    public static BillSheet of(
            BillView bill,
            SupplyAccountView account,
            String branchName,
            String correctedBillNumber,
            DocumentSettings document,
            BillDocumentSettings settings,
            String verifyUrl,
            String qrDataUri) {
        String title = switch (bill.type()) {
            case REGULAR -> "电费账单";
            case REVERSAL -> "电费冲正单";
            case REBILL -> "电费账单（重开）";
        };
        String correction = null;
        if (bill.type() != BillType.REGULAR) {
            String what = bill.type() == BillType.REVERSAL ? "本单冲销" : "本单替代";
            correction = what + "已开具的账单（账单编号 " + correctedBillNumber + "）。原因：" + bill.correctionReason() + "；申请人："
                    + bill.correctedBy() + "。";
        }
        return new BillSheet(
                document.utilityName(),
                document.hotline(),
                title,
                bill.billNumber(),
                day(bill.issuedOn()),
                day(bill.dueOn()),
                bill.accountNumber(),
                PersonalData.maskName(account.accountName()),
                PersonalData.maskAddress(account.address()),
                branchName,
                label("tariff.", account.tariffCategory()) + "（" + bill.tariffId() + " 第" + bill.tariffVersion() + "版）",
                LONG_DAY.format(bill.periodFrom()) + " 至 " + LONG_DAY.format(bill.periodTo()),
                label("type.", bill.type().name()),
                correction,
                quantity(bill.energy().value()) + " 千瓦时",
                (bill.total().isNegative() ? "-¥" : "¥")
                        + money(bill.total().isNegative() ? bill.total().negate() : bill.total()),
                CapitalNumerals.of(bill.total()),
                bill.total().isNegative(),
                bill.estimated(),
                readings(bill),
                bill.lines().stream().map(BillSheet::line).toList(),
                settings.payment(),
                account.customerClass() == CustomerClass.RESIDENTIAL
                        ? settings.lateFeeResidential()
                        : settings.lateFeeOther(),
                verifyUrl,
                qrDataUri);
    }

    private static Line line(BillLineView l) {
        String unit = label("unit.", l.unit());
        String quantity = l.quantity() == null ? "" : quantity(l.quantity()) + ("PERCENT".equals(l.unit()) ? "%" : "");
        String price = l.price() == null ? "" : price(l.price()) + " 元/" + unit;
        // the font has no U+2212 MINUS SIGN: print the hyphen-minus, which it draws as a dash
        String formula =
                l.explanation() == null ? "" : l.explanation().formula().replace('\u2212', '-');
        return new Line(l.lineNo(), lineName(l.code()), quantity, price, money(l.amount()), formula);
    }

    /** The register reads the lines used, one row per meter and register: the earliest and the latest read. */
    private static List<Reading> readings(BillView bill) {
        Map<String, List<LineSource>> byRegister = new LinkedHashMap<>();
        for (BillLineView line : bill.lines()) {
            if (line.explanation() == null) continue;
            for (LineSource s : line.explanation().sources()) {
                if (!"REGISTER".equals(s.kind()) || s.day() == null || s.value() == null) continue;
                String key =
                        (s.assetNumber() != null ? s.assetNumber() : String.valueOf(s.meterId())) + "|" + s.register();
                List<LineSource> reads = byRegister.computeIfAbsent(key, k -> new ArrayList<>());
                if (reads.stream().noneMatch(r -> r.day().equals(s.day()))) reads.add(s);
            }
        }
        List<Reading> rows = new ArrayList<>();
        byRegister.values().stream()
                .sorted(Comparator.comparing((List<LineSource> reads) -> firstDay(reads))
                        .thenComparing(reads -> asset(reads.getFirst()))
                        .thenComparing(reads -> registerRank(reads.getFirst().register())))
                .forEach(reads -> {
                    LineSource first = reads.stream()
                            .min(Comparator.comparing(LineSource::day))
                            .orElseThrow();
                    LineSource last = reads.stream()
                            .max(Comparator.comparing(LineSource::day))
                            .orElseThrow();
                    boolean estimated = !"ACTUAL".equals(first.quality()) || !"ACTUAL".equals(last.quality());
                    String quality = first.quality().equals(last.quality())
                            ? label("quality.", last.quality())
                            : label("quality.", first.quality()) + " / " + label("quality.", last.quality());
                    BigDecimal energy =
                            last.value().subtract(first.value()).multiply(BigDecimal.valueOf(last.multiplier()));
                    rows.add(new Reading(
                            asset(first),
                            label("register.", first.register()),
                            day(first.day()),
                            reading(first.value()),
                            day(last.day()),
                            reading(last.value()),
                            quality,
                            estimated,
                            last.multiplier(),
                            first == last ? "" : quantity(energy)));
                });
        return rows;
    }

    private static LocalDate firstDay(List<LineSource> reads) {
        return reads.stream()
                .map(LineSource::day)
                .min(Comparator.naturalOrder())
                .orElseThrow();
    }

    private static String asset(LineSource s) {
        return s.assetNumber() != null ? s.assetNumber() : String.valueOf(s.meterId());
    }

    private static int registerRank(String register) {
        int i = REGISTER_ORDER.indexOf(register);
        return i < 0 ? REGISTER_ORDER.size() : i;
    }

    /** A line code's printed name; a fund the labels do not know is printed as a fund with its code. */
    static String lineName(String code) {
        String name = LABELS.getProperty("line." + code);
        if (name != null) return name;
        if (code.startsWith("FUND_")) return "政府性基金及附加（" + code.substring(5) + "）";
        return code;
    }

    private static String label(String prefix, String key) {
        if (key == null) return "";
        return LABELS.getProperty(prefix + key, key);
    }

    static String money(Money m) {
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(m.toYuan());
    }

    static String quantity(BigDecimal q) {
        BigDecimal v = q.stripTrailingZeros();
        if (v.scale() < 0) v = v.setScale(0, RoundingMode.UNNECESSARY);
        return v.toPlainString();
    }

    private static String reading(BigDecimal v) {
        return v.setScale(Math.max(2, v.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY)
                .toPlainString();
    }

    private static String price(BigDecimal p) {
        BigDecimal v = p.stripTrailingZeros();
        return v.setScale(Math.max(4, v.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String day(LocalDate d) {
        return d == null ? "" : DAY.format(d);
    }

    private static Properties labels() {
        Properties p = new Properties();
        try (InputStream in = BillSheet.class.getResourceAsStream("/billing/bill-labels.properties")) {
            if (in == null) throw new IllegalStateException("billing/bill-labels.properties is missing");
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
