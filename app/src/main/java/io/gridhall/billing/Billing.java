package io.gridhall.billing;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * The billing facade other modules and the web layer use. Queries do not check branch scopes or portal bindings;
 * callers that serve people do (each view carries its account and branch).
 */
public interface Billing {

    /** One bill with its lines, in any state. */
    Optional<BillView> bill(BillId id);

    /** The account's issued bills (ISSUED and REVERSED, reversals and rebills included), newest period first. */
    List<BillView> issuedBills(long supplyAccountId, int limit);

    /**
     * The account's tier cycle as of a day, counted from its issued bills; empty when its tariff has no tiers or the
     * account is unknown.
     */
    Optional<TierProgress> tierProgress(long supplyAccountId, LocalDate asOf);

    /**
     * The account's months up to {@code lastMonth} (at most 12, those with complete daily registers) quoted on its
     * tariff and on the region's time-of-use tariff for its class; empty when there is no such TOU tariff, the account
     * is already on it, or no month has data.
     */
    Optional<TouComparison> touComparison(long supplyAccountId, YearMonth lastMonth);
}
