package io.gridhall.billing.internal.rating;

import java.time.LocalDate;
import java.util.Optional;

/** Which tariff an account is billed on, and the versions of it that cover a period. */
public interface TariffCatalogue {

    /**
     * The schedule for an account's tariff category in the utility's region over {@code from..to}; empty when no
     * approved tariff covers the category.
     */
    Optional<TariffSchedule> schedule(String tariffCategory, LocalDate from, LocalDate to);
}
