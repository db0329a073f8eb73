package io.gridhall.billing;

import io.gridhall.identity.BranchId;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Bills as the billing facade shows them, for tests of what is built on it (documents, pages). */
public final class Bills {

    public static final String TARIFF = "ZJ-RES-TOU";
    private static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    private static final LocalDate TO = LocalDate.of(2026, 11, 30);

    private Bills() {}

    /**
     * A residential time-of-use bill of November 2026 (Zhejiang prices: peak 0.568, valley 0.288, second tier 0.05
     * on top): 180 kWh peak and 120 kWh valley, 40 of them above the year's first tier, 138.80 yuan; the valley end
     * read was estimated.
     */
    public static BillView aResidentialTouBill(long billId, long accountId, String accountNumber, BranchId branch) {
        LineSource peakStart = read("T2", FROM.minusDays(1), "8000.12", "ACTUAL");
        LineSource peakEnd = read("T2", TO, "8180.12", "ACTUAL");
        LineSource valleyStart = read("T4", FROM.minusDays(1), "4345.55", "ACTUAL");
        LineSource valleyEnd = read("T4", TO, "4465.55", "ESTIMATED");
        LineSource totalStart = read("TOTAL", FROM.minusDays(1), "12345.67", "ACTUAL");
        LineSource totalEnd = read("TOTAL", TO, "12645.67", "ESTIMATED");
        LineSource counter = new LineSource("FIXED", null, null, FROM, "TIER_COUNTER", new BigDecimal("2720"), null, 1);
        List<BillLineView> lines = List.of(
                line(
                        1,
                        "TOU_PEAK",
                        "180",
                        "0.568000",
                        "102.24",
                        "(8180.12 − 8000.12) × 1 = 180 kWh; 180 kWh × 0.568000 = 102.24",
                        List.of(peakStart, peakEnd)),
                line(
                        2,
                        "TOU_VALLEY",
                        "120",
                        "0.288000",
                        "34.56",
                        "(4465.55 − 4345.55) × 1 = 120 kWh; 120 kWh × 0.288000 = 34.56",
                        List.of(valleyStart, valleyEnd)),
                line(
                        3,
                        "TIER_INCREMENT_2",
                        "40",
                        "0.050000",
                        "2.00",
                        "2720 + 300 − 2760 = 40 kWh above the first tier; 40 kWh × 0.050000 = 2.00",
                        List.of(totalStart, totalEnd, counter)));
        return new BillView(
                new BillId(billId),
                accountId,
                accountNumber,
                branch,
                BillType.REGULAR,
                BillStatus.ISSUED,
                "2026110000" + String.format("%06d", billId),
                FROM,
                TO,
                LocalDate.of(2026, 12, 3),
                LocalDate.of(2026, 12, 25),
                Kwh.of("300"),
                Money.yuan("138.80"),
                true,
                TARIFF,
                2,
                null,
                null,
                null,
                List.of(),
                lines);
    }

    /** The reversal of {@code bill}: its lines negated, with a reason and the clerk who asked. */
    public static BillView reversalOf(BillView bill, long billId, String reason, String clerk) {
        List<BillLineView> lines = bill.lines().stream()
                .map(l -> new BillLineView(
                        l.lineNo(),
                        l.code(),
                        l.quantity().negate(),
                        l.unit(),
                        l.price(),
                        l.amount().negate(),
                        l.explanation()))
                .toList();
        return new BillView(
                new BillId(billId),
                bill.supplyAccountId(),
                bill.accountNumber(),
                bill.branchId(),
                BillType.REVERSAL,
                BillStatus.ISSUED,
                "2026120000" + String.format("%06d", billId),
                bill.periodFrom(),
                bill.periodTo(),
                LocalDate.of(2026, 12, 10),
                LocalDate.of(2026, 12, 10),
                new Kwh(bill.energy().value().negate()),
                bill.total().negate(),
                bill.estimated(),
                bill.tariffId(),
                bill.tariffVersion(),
                bill.id(),
                reason,
                clerk,
                List.of(),
                lines);
    }

    /** The bill that replaces a reversed {@code bill}: the same lines, a new number, the reason and the clerk. */
    public static BillView rebillOf(BillView bill, long billId, String reason, String clerk) {
        return new BillView(
                new BillId(billId),
                bill.supplyAccountId(),
                bill.accountNumber(),
                bill.branchId(),
                BillType.REBILL,
                BillStatus.ISSUED,
                "2026120000" + String.format("%06d", billId),
                bill.periodFrom(),
                bill.periodTo(),
                LocalDate.of(2026, 12, 10),
                LocalDate.of(2026, 12, 31),
                bill.energy(),
                bill.total(),
                bill.estimated(),
                bill.tariffId(),
                bill.tariffVersion(),
                bill.id(),
                reason,
                clerk,
                List.of(),
                bill.lines());
    }

    /** The same bill in another state (held, superseded, pending: never visible to customers). */
    public static BillView withStatus(BillView bill, BillStatus status) {
        return new BillView(
                bill.id(),
                bill.supplyAccountId(),
                bill.accountNumber(),
                bill.branchId(),
                bill.type(),
                status,
                status == BillStatus.ISSUED || status == BillStatus.REVERSED ? bill.billNumber() : null,
                bill.periodFrom(),
                bill.periodTo(),
                bill.issuedOn(),
                bill.dueOn(),
                bill.energy(),
                bill.total(),
                bill.estimated(),
                bill.tariffId(),
                bill.tariffVersion(),
                bill.reverses(),
                bill.correctionReason(),
                bill.correctedBy(),
                bill.auditFindings(),
                bill.lines());
    }

    private static LineSource read(String register, LocalDate day, String value, String quality) {
        return new LineSource("REGISTER", 7001L, "3300012345678", day, register, new BigDecimal(value), quality, 1);
    }

    private static BillLineView line(
            int no, String code, String kwh, String price, String amount, String formula, List<LineSource> sources) {
        return new BillLineView(
                no,
                code,
                new BigDecimal(kwh),
                "KWH",
                new BigDecimal(price),
                Money.yuan(amount),
                new LineExplanation(TARIFF, 2, formula, sources));
    }
}
