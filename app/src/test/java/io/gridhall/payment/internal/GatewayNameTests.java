package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.payment.Gateway;
import io.gridhall.shared.Problem;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.HttpStatus;

/** A refused or unavailable gateway is named as the customer knows it, not by our enum (EPAY, WECHAT). */
class GatewayNameTests {

    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    GatewayNameTests() {
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
    }

    private String detail(String code, Gateway gateway, Locale locale) {
        Problem problem = new Problem(HttpStatus.BAD_GATEWAY, code, TakingGatewayPayments.gatewayName(gateway));
        return problem.updateAndGetBody(messages, locale).getDetail();
    }

    @Test
    void everyGatewayHasANameInBothLanguages() {
        for (Gateway g : Gateway.values()) {
            for (Locale locale : new Locale[] {Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH}) {
                assertThat(detail("gateway-refused", g, locale))
                        .as("%s in %s", g, locale)
                        .doesNotContain(g.name())
                        .doesNotContain("{0}");
            }
        }
        assertThat(detail("gateway-unavailable", Gateway.EPAY, Locale.SIMPLIFIED_CHINESE))
                .contains("电e宝");
        assertThat(detail("gateway-refused", Gateway.WECHAT, Locale.ENGLISH)).startsWith("WeChat Pay ");
    }
}
