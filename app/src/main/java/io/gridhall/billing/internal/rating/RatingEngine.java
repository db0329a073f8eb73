package io.gridhall.billing.internal.rating;

/**
 * Rates one account's usage over one period against a tariff schedule: pure (no Spring, no clock, no locale) and
 * deterministic. The billing run calls it per account and month, the prepaid daily settlement per account and day,
 * a what-if quote with usage it was given.
 */
public final class RatingEngine {

    public RatedBill rate(TariffSchedule tariff, Usage usage) {
        throw new UnsupportedOperationException("the rating engine is being written (#9)");
    }
}
