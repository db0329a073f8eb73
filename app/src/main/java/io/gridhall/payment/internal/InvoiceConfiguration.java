package io.gridhall.payment.internal;

import io.gridhall.shared.DocumentSettings;
import io.gridhall.shared.Simulated;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The tax platform from configuration ({@code gridhall.payment.invoice.platform.*}); without it the demo and the
 * tests simulate it ({@link Simulation}) and production offers no electronic invoices.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InvoiceSettings.class)
class InvoiceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InvoiceConfiguration.class);

    @Bean
    @Conditional(PlatformConfigured.class)
    SignedTaxPlatform taxPlatform(InvoiceSettings settings, Clock clock) {
        InvoiceSettings.Platform p = settings.platform();
        return new SignedTaxPlatform(
                new SignedTaxPlatform.Keys(
                        p.appId(), p.appSecret().getBytes(StandardCharsets.UTF_8), TaxIds.normalise(p.sellerTaxId())),
                new HttpGatewayTransport(p.baseUrl(), settings.timeout()),
                clock,
                settings.window());
    }

    /** The simulated platform (demo and tests only): the real adapter, a secret generated at start. */
    @Configuration(proxyBeanMethods = false)
    @Simulated
    static class Simulation {

        @Bean
        @Conditional(PlatformAbsent.class)
        TaxPlatformSimulator taxPlatformSimulator(InvoiceSettings settings, DocumentSettings documents, Clock clock) {
            SignedTaxPlatform.Keys keys = TaxPlatformSimulator.newKeys();
            log.warn("Simulated tax platform (demo/tests only): generated an application secret at start; its invoices"
                    + " are not valid invoices");
            InvoiceSettings.Simulator s = settings.simulator();
            return new TaxPlatformSimulator(
                    keys,
                    clock,
                    settings.window(),
                    documents.pdf("payment/"),
                    documents.utilityName(),
                    new TaxPlatformSimulator.Behaviour(s.issueDelay(), s.confirmDelay(), s.timeoutPercent()),
                    s.seed());
        }

        @Bean
        @Conditional(PlatformAbsent.class)
        SignedTaxPlatform simulatedTaxPlatform(TaxPlatformSimulator simulator, InvoiceSettings settings, Clock clock) {
            return new SignedTaxPlatform(simulator.keys(), simulator, clock, settings.window());
        }
    }

    /** Whether the platform's settings are all there. */
    static class PlatformConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bindOrCreate("gridhall.payment.invoice", InvoiceSettings.class)
                    .platform()
                    .configured();
        }
    }

    static class PlatformAbsent extends PlatformConfigured {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !super.matches(context, metadata);
        }
    }
}
