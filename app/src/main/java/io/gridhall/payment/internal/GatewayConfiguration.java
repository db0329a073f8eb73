package io.gridhall.payment.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Predicate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The gateways with their merchant settings and keys from configuration (or a secret store behind it): each is
 * offered when all of its settings are present. Without them the demo and the tests simulate it ({@link
 * SimulatedGateways}); production does not offer it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GatewaySettings.class, ReconciliationSettings.class, AgentSettings.class})
class GatewayConfiguration {

    @Bean
    @Conditional(WeChatConfigured.class)
    WeChatPay weChatPay(GatewaySettings settings, Clock clock) {
        GatewaySettings.WeChat w = settings.wechat();
        return new WeChatPay(
                new WeChatPay.Keys(
                        w.mchId(),
                        w.appId(),
                        Signatures.privateKey(w.merchantPrivateKey()),
                        w.merchantSerial(),
                        Signatures.publicKey(w.platformPublicKey()),
                        w.platformSerial(),
                        w.apiV3Key().getBytes(StandardCharsets.UTF_8)),
                new HttpGatewayTransport(w.baseUrl(), settings.timeout()),
                clock,
                settings.notificationWindow(),
                w.notifyUrl());
    }

    @Bean
    @Conditional(AlipayConfigured.class)
    Alipay alipay(GatewaySettings settings, Clock clock) {
        GatewaySettings.Alipay a = settings.alipay();
        return new Alipay(
                new Alipay.Keys(
                        a.appId(),
                        a.sellerId(),
                        Signatures.privateKey(a.appPrivateKey()),
                        Signatures.publicKey(a.alipayPublicKey())),
                new HttpGatewayTransport(a.gatewayUrl(), settings.timeout()),
                clock,
                settings.notificationWindow(),
                a.notifyUrl());
    }

    @Bean
    @Conditional(UnionPayConfigured.class)
    UnionPay unionPay(GatewaySettings settings, Clock clock) {
        GatewaySettings.UnionPay u = settings.unionpay();
        return new UnionPay(
                new UnionPay.Keys(
                        u.merId(),
                        u.certId(),
                        Signatures.privateKey(u.merchantPrivateKey()),
                        Signatures.publicKey(u.unionpayPublicKey())),
                new HttpGatewayTransport(u.gatewayUrl(), settings.timeout()),
                new HttpGatewayTransport(u.fileUrl(), settings.timeout()),
                clock,
                settings.notificationWindow(),
                u.backUrl());
    }

    @Bean
    @Conditional(EpayConfigured.class)
    Epay epay(GatewaySettings settings, Clock clock) {
        GatewaySettings.Epay e = settings.epay();
        return new Epay(
                new Epay.Keys(
                        e.merNo(),
                        e.appId(),
                        Signatures.privateKey(e.appPrivateKey()),
                        Signatures.publicKey(e.epayPublicKey())),
                new HttpGatewayTransport(e.baseUrl(), settings.timeout()),
                clock,
                settings.notificationWindow(),
                e.notifyUrl());
    }

    static GatewaySettings settings(ConditionContext context) {
        return Binder.get(context.getEnvironment()).bindOrCreate("gridhall.payment", GatewaySettings.class);
    }

    /** Whether one gateway's merchant settings are all there (configured) or not (absent: the simulator may stand in). */
    abstract static class GatewaySet implements Condition {
        private final Predicate<GatewaySettings> configured;
        private final boolean wanted;

        GatewaySet(Predicate<GatewaySettings> configured, boolean wanted) {
            this.configured = configured;
            this.wanted = wanted;
        }

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return configured.test(settings(context)) == wanted;
        }
    }

    static class WeChatConfigured extends GatewaySet {
        WeChatConfigured() {
            super(s -> s.wechat().configured(), true);
        }
    }

    static class WeChatAbsent extends GatewaySet {
        WeChatAbsent() {
            super(s -> s.wechat().configured(), false);
        }
    }

    static class AlipayConfigured extends GatewaySet {
        AlipayConfigured() {
            super(s -> s.alipay().configured(), true);
        }
    }

    static class AlipayAbsent extends GatewaySet {
        AlipayAbsent() {
            super(s -> s.alipay().configured(), false);
        }
    }

    static class UnionPayConfigured extends GatewaySet {
        UnionPayConfigured() {
            super(s -> s.unionpay().configured(), true);
        }
    }

    static class UnionPayAbsent extends GatewaySet {
        UnionPayAbsent() {
            super(s -> s.unionpay().configured(), false);
        }
    }

    static class EpayConfigured extends GatewaySet {
        EpayConfigured() {
            super(s -> s.epay().configured(), true);
        }
    }

    static class EpayAbsent extends GatewaySet {
        EpayAbsent() {
            super(s -> s.epay().configured(), false);
        }
    }
}
