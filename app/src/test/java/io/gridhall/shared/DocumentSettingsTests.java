package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The settings bills and receipts share: one set of defaults, one prefix. */
class DocumentSettingsTests {

    static DocumentSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("gridhall.document", DocumentSettings.class);
    }

    @Test
    void theDefaultsNameTheDemoUtilityAndTheDebianCjkFont() {
        DocumentSettings defaults = bind(Map.of());
        assertThat(defaults.font()).isEqualTo(Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"));
        assertThat(defaults.fontName()).isEqualTo("WenQuanYiZenHei");
        assertThat(defaults.utilityName()).isEqualTo("GridHall 供电服务");
        assertThat(defaults.hotline()).isEqualTo("95598");
        assertThat(defaults.publicUrl()).isEmpty();
    }

    @Test
    void aUtilityNamesItselfOnceForEveryDocument() {
        DocumentSettings s = bind(Map.of(
                "gridhall.document.utility-name", "示范市供电公司",
                "gridhall.document.hotline", "0571-95598",
                "gridhall.document.public-url", "https://www.example-power.cn/"));
        assertThat(s.utilityName()).isEqualTo("示范市供电公司");
        assertThat(s.hotline()).isEqualTo("0571-95598");
        assertThat(s.publicAddress("http://10.0.0.5:8080", "/api/v1/billing/verify/1.x"))
                .isEqualTo("https://www.example-power.cn/api/v1/billing/verify/1.x");
    }

    @Test
    void withoutAPublicAddressTheQrCodeLeadsWhereTheRequestCameTo() {
        DocumentSettings s = bind(Map.of());
        assertThat(s.publicAddress("http://localhost:8080/", "/api/v1/public/payment/receipts/1.2.x"))
                .isEqualTo("http://localhost:8080/api/v1/public/payment/receipts/1.2.x");
        assertThat(s.publicAddress("http://localhost:8080", "/p")).isEqualTo("http://localhost:8080/p");
    }
}
