package io.gridhall.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.internal.rating.Tariff;
import org.junit.jupiter.api.Test;

/** The catalogue's start: the whole pack is read and validated; the region must have tariffs. */
class TariffCatalogueTests {

    static Tariffs packOnly(String region, String location) {
        return new Tariffs(new TariffSettings(region, location), null, null, null, null);
    }

    @Test
    void readsEveryFileOfThePack() {
        assertThat(packOnly("CN-ZJ", "classpath*:tariffs/").pack().tariffs())
                .extracting(Tariff::region)
                .contains("CN-ZJ", "CN-BJ", "CN-GD", "CN-SH");
    }

    @Test
    void refusesToStartForARegionWithoutTariffsOrAPackThatIsMissing() {
        assertThatThrownBy(() -> packOnly("CN-XZ", "classpath*:tariffs/"))
                .hasMessageContaining("no tariff for the region CN-XZ");
        assertThatThrownBy(() -> packOnly("CN-ZJ", "classpath*:no-such-folder/"))
                .hasMessageContaining("no tariff pack files");
    }
}
