package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import java.time.Clock;
import java.time.Duration;

/**
 * What the four gateway adapters (WeChat Pay, Alipay, UnionPay, 电e宝) have in common (ADR 0016): their keys, the
 * transport to the gateway, the clock and the time window notifications are taken in, and the address the gateway
 * notifies. Each subclass speaks its gateway's own wire shape.
 *
 * @param <K> the gateway's keys, which name our merchant and application there
 */
abstract class SignedGatewayAdapter<K extends SignedGatewayAdapter.MerchantKeys> implements GatewayAdapter {

    /** Keys that name us at the gateway. */
    interface MerchantKeys {

        /** Our merchant number at the gateway. */
        String merchantId();

        /** Our application id at the gateway. */
        String appId();
    }

    private final Gateway gateway;
    final K keys;
    final GatewayTransport transport;
    final Clock clock;
    final Duration window;
    final String notifyUrl;

    SignedGatewayAdapter(
            Gateway gateway, K keys, GatewayTransport transport, Clock clock, Duration window, String notifyUrl) {
        this.gateway = gateway;
        this.keys = keys;
        this.transport = transport;
        this.clock = clock;
        this.window = window;
        this.notifyUrl = notifyUrl;
    }

    @Override
    public final Gateway gateway() {
        return gateway;
    }

    @Override
    public final String merchantId() {
        return keys.merchantId();
    }

    @Override
    public final String appId() {
        return keys.appId();
    }
}
