package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.shared.Money;
import io.gridhall.shared.Simulated;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The simulated gateways' cashiers and bill files, for the demo's cashier page and the tests (demo and tests only).
 * The page shows the order's QR code; the "customer" pays or leaves.
 */
@Component
@Simulated
public class SimulatedCashiers {

    /** What the cashier shows. */
    public record View(
            Gateway gateway,
            String orderNumber,
            Money amount,
            String description,
            String codeUrl,
            String state,
            Instant expiresAt) {}

    private final Map<Gateway, GatewaySimulator> simulators = new EnumMap<>(Gateway.class);

    SimulatedCashiers(List<GatewaySimulator> simulators) {
        simulators.forEach(s -> this.simulators.put(s.gateway(), s));
    }

    public Optional<View> cashier(Gateway gateway, String orderNumber) {
        return simulator(gateway)
                .flatMap(s -> s.cashier(orderNumber))
                .map(c -> new View(
                        c.gateway(),
                        c.orderNumber(),
                        c.amount(),
                        c.description(),
                        c.codeUrl(),
                        c.state().name(),
                        c.expiresAt()));
    }

    /** The customer confirms; false when the trade is unknown, paid, closed or expired. */
    public boolean pay(Gateway gateway, String orderNumber) {
        return simulator(gateway).map(s -> s.pay(orderNumber)).orElse(false);
    }

    public boolean cancel(Gateway gateway, String orderNumber) {
        return simulator(gateway).map(s -> s.cancel(orderNumber)).orElse(false);
    }

    /** The day's trade bill in the gateway's own shape and encoding (WeChat Pay UTF-8, Alipay GBK). */
    public Optional<byte[]> billFile(Gateway gateway, LocalDate day) {
        return simulator(gateway).map(s -> s.billFile(day));
    }

    private Optional<GatewaySimulator> simulator(Gateway gateway) {
        return Optional.ofNullable(simulators.get(gateway));
    }
}
