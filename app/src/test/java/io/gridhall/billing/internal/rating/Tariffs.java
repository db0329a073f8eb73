package io.gridhall.billing.internal.rating;

import io.gridhall.billing.internal.rating.TariffPackReader.Pack;
import io.gridhall.billing.internal.rating.TariffPackReader.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: the shipped tariff pack, and small packs written inline. */
final class Tariffs {

    static final List<String> SHIPPED =
            List.of("power-factor-1983.yaml", "CN-ZJ.yaml", "CN-BJ.yaml", "CN-GD.yaml", "CN-SH.yaml");

    private static Pack shipped;

    private Tariffs() {}

    static String resource(String name) {
        try (InputStream in = Tariffs.class.getResourceAsStream("/tariffs/" + name)) {
            if (in == null) throw new IllegalStateException("no tariff file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized Pack shipped() {
        if (shipped == null) {
            List<Source> sources = new ArrayList<>();
            for (String name : SHIPPED) sources.add(new Source(name, resource(name)));
            shipped = TariffPackReader.read(sources);
        }
        return shipped;
    }

    static Tariff shipped(String id) {
        return shipped().tariffs().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    static TariffSchedule schedule(String id) {
        Tariff t = shipped(id);
        return new TariffSchedule(t.id(), t.versions());
    }

    /** A one-region pack with the shipped power-factor tables and the given tariffs (YAML list items). */
    static Pack inline(String tariffsYaml) {
        String region = "region: CN-XX\nname: test\nregisters: {T1: SHARP, T2: PEAK, T3: FLAT, T4: VALLEY}\ntariffs:\n"
                + tariffsYaml.indent(2);
        return TariffPackReader.read(List.of(
                new Source("power-factor-1983.yaml", resource("power-factor-1983.yaml")),
                new Source("CN-XX.yaml", region)));
    }

    static TariffSchedule inlineSchedule(String tariffsYaml) {
        Tariff t = inline(tariffsYaml).tariffs().getFirst();
        return new TariffSchedule(t.id(), t.versions());
    }
}
