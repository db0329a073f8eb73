package io.gridhall.billing.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.billing.*} for tariffs.
 *
 * @param region the utility's region (ISO 3166-2, for example CN-ZJ): an account's tariff is the tariff of its
 *     category in this region
 * @param pack where the tariff pack's files are (every {@code *.yaml}, {@code *.yml} and {@code *.json} there)
 */
@ConfigurationProperties("gridhall.billing")
public record TariffSettings(
        @DefaultValue("CN-ZJ") String region,
        @DefaultValue("classpath*:tariffs/") String pack) {}
