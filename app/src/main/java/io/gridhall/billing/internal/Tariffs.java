package io.gridhall.billing.internal;

import io.gridhall.billing.internal.rating.Tariff;
import io.gridhall.billing.internal.rating.TariffCatalogue;
import io.gridhall.billing.internal.rating.TariffPackReader;
import io.gridhall.billing.internal.rating.TariffPackReader.Pack;
import io.gridhall.billing.internal.rating.TariffPackReader.Source;
import io.gridhall.billing.internal.rating.TariffSchedule;
import io.gridhall.billing.internal.rating.TariffVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The tariff catalogue: the tariff pack read and validated at start-up (a pack that does not validate stops the
 * application with every problem listed), narrowed to the utility's region.
 */
@Component
@EnableConfigurationProperties(TariffSettings.class)
public class Tariffs implements TariffCatalogue {

    private static final Logger log = LoggerFactory.getLogger(Tariffs.class);

    private final TariffSettings settings;
    private final Pack pack;

    public Tariffs(TariffSettings settings) {
        this.settings = settings;
        this.pack = TariffPackReader.read(sources(settings.pack()));
        long inRegion = pack.tariffs().stream()
                .filter(t -> t.region().equals(settings.region()))
                .count();
        if (inRegion == 0)
            throw new IllegalStateException(
                    "the tariff pack has no tariff for the region " + settings.region() + " (gridhall.billing.region)");
        log.info("Tariff pack: {} tariffs, {} for region {}", pack.tariffs().size(), inRegion, settings.region());
    }

    /** Every file of the pack under {@code location}, in name order. */
    static List<Source> sources(String location) {
        try {
            String base = location.endsWith("/") ? location : location + "/";
            var resolver = new PathMatchingResourcePatternResolver();
            List<Resource> files = new ArrayList<>();
            for (String ext : List.of("*.yaml", "*.yml", "*.json"))
                files.addAll(List.of(resolver.getResources(base + ext)));
            files.sort(Comparator.comparing(r -> String.valueOf(r.getFilename())));
            List<Source> sources = new ArrayList<>();
            for (Resource r : files)
                sources.add(new Source(r.getFilename(), r.getContentAsString(StandardCharsets.UTF_8)));
            if (sources.isEmpty()) throw new IllegalStateException("no tariff pack files at " + location);
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String region() {
        return settings.region();
    }

    public Pack pack() {
        return pack;
    }

    /** The region's tariffs. */
    public List<Tariff> tariffs() {
        return pack.tariffs().stream()
                .filter(t -> t.region().equals(settings.region()))
                .toList();
    }

    public Optional<Tariff> tariff(String id) {
        return tariffs().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    @Override
    public Optional<TariffSchedule> schedule(String tariffCategory, LocalDate from, LocalDate to) {
        return tariffs().stream()
                .filter(t -> t.category().equals(tariffCategory))
                .findFirst()
                .flatMap(t -> schedule(t, from, to));
    }

    /** The versions of {@code tariff} in force on some day of {@code from..to}; empty when none is. */
    static Optional<TariffSchedule> schedule(Tariff tariff, LocalDate from, LocalDate to) {
        List<TariffVersion> versions = tariff.versions().stream()
                .filter(v -> !v.effectiveFrom().isAfter(to)
                        && (v.effectiveTo() == null || !v.effectiveTo().isBefore(from)))
                .toList();
        return versions.isEmpty() ? Optional.empty() : Optional.of(new TariffSchedule(tariff.id(), versions));
    }
}
