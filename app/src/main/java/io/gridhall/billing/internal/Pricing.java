package io.gridhall.billing.internal;

import io.gridhall.billing.internal.rating.RatedBill;
import io.gridhall.billing.internal.rating.Usage;
import java.util.Optional;

/** Rates an account's usage on the tariff its category names: what runs, recalculations and rebills call. */
interface Pricing {

    /** Empty when no approved tariff covers the account's category over the usage's days. */
    Optional<RatedBill> rate(Usage usage);
}
