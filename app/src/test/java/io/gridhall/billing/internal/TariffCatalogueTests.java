package io.gridhall.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.internal.rating.Tariff;
import io.gridhall.billing.internal.rating.TariffSchedule;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The catalogue over the shipped pack: the region's tariff per category, the versions covering a period. */
class TariffCatalogueTests {

    final Tariffs tariffs = new Tariffs(new TariffSettings("CN-ZJ", "classpath*:tariffs/"));

    @Test
    void findsTheRegionsTariffForEachDemoCategory() {
        for (String category :
                new String[] {"RESIDENTIAL_TIERED", "COMMERCIAL", "AGRICULTURAL", "LARGE_INDUSTRIAL_TWO_PART"})
            assertThat(tariffs.schedule(category, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)))
                    .as(category)
                    .get()
                    .extracting(TariffSchedule::tariffId)
                    .asString()
                    .startsWith("CN-ZJ-");
        assertThat(tariffs.tariffs()).extracting(Tariff::region).containsOnly("CN-ZJ");
        assertThat(tariffs.pack().tariffs()).extracting(Tariff::region).contains("CN-BJ", "CN-GD", "CN-SH");
    }

    @Test
    void answersNothingForACategoryWithoutTariffOrAPeriodBeforeTheFirstVersion() {
        assertThat(tariffs.schedule("STREET_LIGHTING", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)))
                .isEmpty();
        assertThat(tariffs.schedule("RESIDENTIAL_TIERED", LocalDate.of(2001, 1, 1), LocalDate.of(2001, 1, 31)))
                .isEmpty();
    }

    @Test
    void refusesToStartForARegionWithoutTariffsOrAPackThatIsMissing() {
        assertThatThrownBy(() -> new Tariffs(new TariffSettings("CN-XZ", "classpath*:tariffs/")))
                .hasMessageContaining("no tariff for the region CN-XZ");
        assertThatThrownBy(() -> new Tariffs(new TariffSettings("CN-ZJ", "classpath*:no-such-folder/")))
                .hasMessageContaining("no tariff pack files");
    }
}
