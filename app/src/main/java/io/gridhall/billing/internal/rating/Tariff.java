package io.gridhall.billing.internal.rating;

import java.util.List;

/**
 * A tariff of the pack: what it applies to and its effective-dated versions, oldest first.
 *
 * @param region the province or city code (ISO 3166-2, for example CN-ZJ)
 * @param customerClass RESIDENTIAL, COMMERCIAL, LARGE_INDUSTRIAL or AGRICULTURAL
 * @param voltage the supply voltage level, for example BELOW_1KV, KV_1_10, KV_35
 * @param category the accounts' tariff category it serves, for example RESIDENTIAL_TIERED
 */
public record Tariff(
        String id,
        String name,
        String region,
        String customerClass,
        String voltage,
        String category,
        List<TariffVersion> versions) {

    public Tariff {
        versions = List.copyOf(versions);
    }
}
