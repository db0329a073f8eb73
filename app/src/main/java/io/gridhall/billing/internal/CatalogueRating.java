package io.gridhall.billing.internal;

import io.gridhall.billing.internal.rating.RatedBill;
import io.gridhall.billing.internal.rating.RatingEngine;
import io.gridhall.billing.internal.rating.TariffCatalogue;
import io.gridhall.billing.internal.rating.Usage;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** {@link Pricing} by the tariff catalogue's schedule for the account's category and the pure rating engine. */
@Component
class CatalogueRating implements Pricing {

    private final ObjectProvider<TariffCatalogue> catalogue;
    private final RatingEngine engine = new RatingEngine();

    CatalogueRating(ObjectProvider<TariffCatalogue> catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public Optional<RatedBill> rate(Usage usage) {
        TariffCatalogue tariffs = catalogue.getIfAvailable();
        if (tariffs == null) return Optional.empty();
        return tariffs.schedule(usage.account().tariffCategory(), usage.from(), usage.to())
                .map(schedule -> engine.rate(schedule, usage));
    }
}
