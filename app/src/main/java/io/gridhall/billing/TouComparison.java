package io.gridhall.billing;

import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * Would time-of-use pricing have saved the customer money: the account's last months of use quoted on its own
 * tariff and on the region's time-of-use tariff for its class, month by month (the rating engine's what-if quote).
 *
 * @param currentTariffId the tariff the account is billed on
 * @param touTariffId the time-of-use tariff it is compared with
 * @param months oldest first; only months with complete daily registers
 * @param saving current minus TOU over all months: positive when TOU would have been cheaper
 */
public record TouComparison(
        long supplyAccountId,
        String currentTariffId,
        int currentTariffVersion,
        String touTariffId,
        int touTariffVersion,
        List<Month> months,
        Money currentTotal,
        Money touTotal,
        Money saving) {

    public TouComparison {
        months = List.copyOf(months);
    }

    /**
     * @param energy the month's total; {@code valleyShare} the share of it in valley and deep-valley periods, 0..1
     */
    public record Month(YearMonth month, Kwh energy, BigDecimal valleyShare, Money current, Money tou) {}
}
