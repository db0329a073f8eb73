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
 * @param gaps what the engine had to rate without (no maximum demand, no holiday calendar for a year): the bill is
 *     whole and its lines say so, and the automatic audit turns each gap into a finding
 */
public record RatedBill(
        String tariffId,
        int tariffVersion,
        List<BillLineView> lines,
        Money total,
        Kwh energy,
        Kwh tierUsedAfter,
        boolean estimated,
        Money vatIncluded,
        List<Gap> gaps) {

    /** Something a bill was rated without. */
    public record Gap(Kind kind, String detail) {

        public enum Kind {
            /** A demand (two-part) tariff whose meter recorded no maximum demand: the basic charge counts 0 kW. */
            NO_MAXIMUM_DEMAND,
            /**
             * Intervals of a year without a holiday calendar classified by a schedule that prices holidays or weekends
             * apart: holidays counted as ordinary days.
             */
            NO_HOLIDAY_CALENDAR
        }
    }

    public RatedBill {
        lines = List.copyOf(lines);
        gaps = List.copyOf(gaps);
    }

    public boolean has(Gap.Kind kind) {
        return gaps.stream().anyMatch(g -> g.kind() == kind);
    }

    public RatedBill(
            String tariffId,
            int tariffVersion,
            List<BillLineView> lines,
            Money total,
            Kwh energy,
            Kwh tierUsedAfter,
            boolean estimated) {
        this(tariffId, tariffVersion, lines, total, energy, tierUsedAfter, estimated, Money.ZERO, List.of());
    }
}
