package io.gridhall.billing.web;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillView;
import io.gridhall.billing.LineSource;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * An issued bill as its customer sees it: amounts in yuan, energy in kWh, no audit findings or internal ids of other
 * modules beyond the account.
 *
 * @param corrects the number of the bill a reversal cancels or a rebill replaces
 * @param lines empty in lists
 */
record PortalBill(
        long id,
        long supplyAccountId,
        String accountNumber,
        BillType type,
        BillStatus status,
        String billNumber,
        LocalDate periodFrom,
        LocalDate periodTo,
        LocalDate issuedOn,
        LocalDate dueOn,
        BigDecimal energyKwh,
        BigDecimal total,
        boolean estimated,
        String tariffId,
        int tariffVersion,
        String corrects,
        String correctionReason,
        String correctedBy,
        List<Line> lines) {

    /**
     * @param quantity in {@code unit}; {@code price} yuan per unit (null for percentage lines); {@code amount} yuan
     */
    record Line(
            int lineNo,
            String code,
            BigDecimal quantity,
            String unit,
            BigDecimal price,
            BigDecimal amount,
            String tariffId,
            int tariffVersion,
            String formula,
            List<Source> sources) {}

    /** A read or fact the line used; see {@link LineSource}. */
    record Source(
            String kind,
            String assetNumber,
            LocalDate day,
            String register,
            BigDecimal value,
            String quality,
            int multiplier) {}

    static PortalBill of(BillView b, String corrects, boolean withLines) {
        return new PortalBill(
                b.id().value(),
                b.supplyAccountId(),
                b.accountNumber(),
                b.type(),
                b.status(),
                b.billNumber(),
                b.periodFrom(),
                b.periodTo(),
                b.issuedOn(),
                b.dueOn(),
                kwh(b.energy()),
                yuan(b.total()),
                b.estimated(),
                b.tariffId(),
                b.tariffVersion(),
                corrects,
                b.correctionReason(),
                b.correctedBy(),
                withLines ? b.lines().stream().map(PortalBill::line).toList() : List.of());
    }

    private static Line line(BillLineView l) {
        var e = l.explanation();
        return new Line(
                l.lineNo(),
                l.code(),
                l.quantity(),
                l.unit(),
                l.price(),
                yuan(l.amount()),
                e == null ? null : e.tariffId(),
                e == null ? 0 : e.tariffVersion(),
                e == null ? null : e.formula(),
                e == null
                        ? List.of()
                        : e.sources().stream()
                                .map(s -> new Source(
                                        s.kind(),
                                        s.assetNumber(),
                                        s.day(),
                                        s.register(),
                                        s.value(),
                                        s.quality(),
                                        s.multiplier()))
                                .toList());
    }

    static BigDecimal yuan(Money m) {
        return m == null ? null : m.toYuan();
    }

    static BigDecimal kwh(Kwh k) {
        return k == null ? null : k.value().stripTrailingZeros();
    }
}
