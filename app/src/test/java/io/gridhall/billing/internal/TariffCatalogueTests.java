package io.gridhall.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.internal.rating.Tariff;
import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The catalogue's start: the whole pack is read and validated; the region must have tariffs. */
class TariffCatalogueTests {

    /** The application's bundles, as Spring Boot configures them (spring.messages). */
    static MessageSource messages() {
        ResourceBundleMessageSource m = new ResourceBundleMessageSource();
        m.setBasename("messages");
        m.setDefaultEncoding("UTF-8");
        m.setFallbackToSystemLocale(false);
        return m;
    }

    static Tariffs packOnly(String region, String location) {
        return new Tariffs(new TariffSettings(region, location), null, null, null, null, messages());
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

    @Test
    void refusesToStartWithAPackThatDoesNotValidateListingEveryProblemInEnglish() {
        assertThatThrownBy(() -> packOnly("CN-XX", "classpath*:billing/broken-tariff-pack/"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("""
                        the tariff pack at classpath*:billing/broken-tariff-pack/ does not validate:
                          CN-XX.yaml: tariffs[0].customerClass: must be one of AGRICULTURAL, COMMERCIAL, \
                        LARGE_INDUSTRIAL, RESIDENTIAL
                          CN-XX.yaml: tariffs[0].versions[0].energy.remainder: the remainder period FLAT has no price
                          CN-XX.yaml: tariffs[0].versions[0].energy.registers: no register counts the priced period \
                        PEAK
                          CN-XX.yaml: tariffs[0].versions: needs at least one valid version""");
    }
}
