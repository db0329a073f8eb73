package io.gridhall.billing.internal.rating;

import io.gridhall.billing.BillLineView;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.util.List;

/**
 * The engine's answer for one account and period: lines rounded once each, their sum, the energy rated and the tier
 * counter after the period (what the next period starts from).
 *
 * @param tariffId the tariff rated (the first version's, when the period had a change)
 * @param tariffVersion that version
 * @param estimated whether any register used was ESTIMATED
 * @param vatIncluded the VAT the total includes (prices are VAT-inclusive): shown on the bill, never added
 */
public record RatedBill(
        String tariffId,
        int tariffVersion,
        List<BillLineView> lines,
        Money total,
        Kwh energy,
        Kwh tierUsedAfter,
        boolean estimated,
        Money vatIncluded) {

    public RatedBill {
        lines = List.copyOf(lines);
    }

    public RatedBill(
            String tariffId,
            int tariffVersion,
            List<BillLineView> lines,
            Money total,
            Kwh energy,
            Kwh tierUsedAfter,
            boolean estimated) {
        this(tariffId, tariffVersion, lines, total, energy, tierUsedAfter, estimated, Money.ZERO);
    }
}
