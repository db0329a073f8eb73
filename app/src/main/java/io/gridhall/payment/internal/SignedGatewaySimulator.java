package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The far end of one of the four signed gateways (WeChat Pay, Alipay, UnionPay, 电e宝; demo and tests only): the
 * merchant's keys as the gateway knows them, the merchant's public key it verifies requests with, the gateway's own key
 * pair it signs answers and notifications with, and its notification retry schedule. The wire shape is the subclass's.
 *
 * @param <K> the adapter's keys
 */
abstract class SignedGatewaySimulator<K> extends GatewaySimulator {

    /** How each gateway's simulator is made (one constructor shape for all four). */
    interface Factory<K, S extends SignedGatewaySimulator<K>> {
        S create(
                K merchant,
                PublicKey merchantPublicKey,
                KeyPair gatewayKeys,
                Clock clock,
                GatewaySettings.Simulator settings,
                Receiver receiver);
    }

    private final Gateway gateway;
    private final List<Duration> retries;
    /** The merchant's settings as the gateway knows them. */
    final K merchant;
    /** What the gateway verifies our requests with. */
    final PublicKey merchantPublicKey;
    /** What the gateway signs its answers and notifications with. */
    final KeyPair gatewayKeys;

    SignedGatewaySimulator(
            Gateway gateway,
            List<Duration> retries,
            K merchant,
            PublicKey merchantPublicKey,
            KeyPair gatewayKeys,
            Clock clock,
            GatewaySettings.Simulator settings,
            Receiver receiver) {
        super(clock, settings, receiver);
        this.gateway = gateway;
        this.retries = retries;
        this.merchant = merchant;
        this.merchantPublicKey = merchantPublicKey;
        this.gatewayKeys = gatewayKeys;
    }

    /** The keys our adapter is made with to talk to this simulator. */
    final K merchantKeys() {
        return merchant;
    }

    @Override
    final Gateway gateway() {
        return gateway;
    }

    @Override
    final List<Duration> retries() {
        return retries;
    }
}
