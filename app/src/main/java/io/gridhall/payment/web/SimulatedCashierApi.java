package io.gridhall.payment.web;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.internal.SimulatedCashiers;
import io.gridhall.shared.Problem;
import io.gridhall.shared.QrCodes;
import io.gridhall.shared.Simulated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated gateways' cashier and trade bills (demo and tests only, {@link Simulated}; in production the paths do
 * not exist). The cashier shows what the real one would: the amount and a QR code of the gateway's code; the
 * "customer" pays or leaves.
 */
@RestController
@Simulated
@Tag(
        name = "Simulated payment cashier",
        description = "Demo and test only: the simulated WeChat Pay, Alipay, UnionPay and 电e宝")
class SimulatedCashierApi {

    record CashierOut(
            Gateway gateway,
            String orderNumber,
            BigDecimal amount,
            String description,
            String state,
            Instant expiresAt,
            String qrCode) {}

    private final SimulatedCashiers cashiers;

    SimulatedCashierApi(SimulatedCashiers cashiers) {
        this.cashiers = cashiers;
    }

    @Operation(summary = "The simulated cashier of an order: amount, state and the QR code (demo only)")
    @GetMapping("/api/v1/dev/payment-cashier/{gateway}/{orderNumber}")
    CashierOut cashier(@PathVariable String gateway, @PathVariable String orderNumber) {
        return cashiers.cashier(gateway(gateway), orderNumber)
                .map(v -> new CashierOut(
                        v.gateway(),
                        v.orderNumber(),
                        v.amount().toYuan(),
                        v.description(),
                        v.state(),
                        v.expiresAt(),
                        v.codeUrl() == null ? null : QrCodes.dataUri(v.codeUrl())))
                .orElseThrow(() -> Problem.notFound("payment-order"));
    }

    @Operation(summary = "The customer confirms the payment at the simulated cashier (demo only)")
    @PostMapping("/api/v1/dev/payment-cashier/{gateway}/{orderNumber}/pay")
    CashierOut pay(@PathVariable String gateway, @PathVariable String orderNumber) {
        if (!cashiers.pay(gateway(gateway), orderNumber)) throw Problem.conflict("cashier-not-payable");
        return cashier(gateway, orderNumber);
    }

    @Operation(summary = "The customer leaves the simulated cashier without paying (demo only)")
    @PostMapping("/api/v1/dev/payment-cashier/{gateway}/{orderNumber}/cancel")
    CashierOut cancel(@PathVariable String gateway, @PathVariable String orderNumber) {
        cashiers.cancel(gateway(gateway), orderNumber);
        return cashier(gateway, orderNumber);
    }

    @Operation(summary = "A simulated gateway's trade bill of a day, in the gateway's own shape (demo only)")
    @GetMapping("/api/v1/dev/payment-gateways/{gateway}/bills/{day}")
    ResponseEntity<byte[]> bill(
            @PathVariable String gateway, @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        Gateway g = gateway(gateway);
        byte[] file = cashiers.billFile(g, day).orElseThrow(() -> Problem.notFound("payment-order"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, "text/csv;charset=" + (g == Gateway.ALIPAY ? "GBK" : "UTF-8"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + g.name().toLowerCase(Locale.ROOT) + "-" + day + ".csv\"")
                .body(file);
    }

    private static Gateway gateway(String name) {
        try {
            return Gateway.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("payment-order");
        }
    }
}
