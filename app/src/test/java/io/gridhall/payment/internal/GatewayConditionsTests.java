package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** A gateway is wired for real only when every one of its settings is there, and then the simulator stays out. */
class GatewayConditionsTests {

    @Configuration
    static class Probe {
        @Bean
        @Conditional(GatewayConfiguration.AlipayConfigured.class)
        String alipayReal() {
            return "real";
        }

        @Bean
        @Conditional(GatewayConfiguration.AlipayAbsent.class)
        String alipayAbsent() {
            return "absent";
        }

        @Bean
        @Conditional(GatewayConfiguration.EpayConfigured.class)
        String epayReal() {
            return "real";
        }

        @Bean
        @Conditional(GatewayConfiguration.EpayAbsent.class)
        String epayAbsent() {
            return "absent";
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Probe.class);

    @Test
    void aGatewayIsConfiguredOnlyWithAllItsSettings() {
        String[] alipay = {
            "gridhall.payment.alipay.app-id=2021000000000001",
            "gridhall.payment.alipay.seller-id=2088000000000001",
            "gridhall.payment.alipay.app-private-key=k",
            "gridhall.payment.alipay.alipay-public-key=p",
            "gridhall.payment.alipay.notify-url=https://example.org/n"
        };
        runner.withPropertyValues(alipay).run(c -> {
            assertThat(c).hasBean("alipayReal").doesNotHaveBean("alipayAbsent");
            assertThat(c).hasBean("epayAbsent").doesNotHaveBean("epayReal");
        });
        // one setting missing: not configured
        runner.withPropertyValues(java.util.Arrays.copyOf(alipay, 4))
                .run(c -> assertThat(c).hasBean("alipayAbsent").doesNotHaveBean("alipayReal"));
        runner.run(c -> assertThat(c).hasBean("alipayAbsent").hasBean("epayAbsent"));
    }
}
