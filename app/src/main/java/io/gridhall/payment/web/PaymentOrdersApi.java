package io.gridhall.payment.web;

import io.gridhall.billing.BillId;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.OrderState;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentOrder;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import io.gridhall.shared.QrCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Payment: online payment orders (portal)")
@RestController
@RequestMapping("/api/v1/payment")
class PaymentOrdersApi {

    record LineIn(
            @NotNull @Positive Long accountId,
            @NotNull @Pattern(regexp = LedgerApi.YUAN) String amount,
            @Size(max = 24) List<@NotNull @Positive Long> bills) {}

    record OrderIn(
            @NotNull Gateway gateway,
            @NotNull PostingKind kind,
            @NotEmpty @Size(max = 20) List<@Valid @NotNull LineIn> lines) {}

    record SettledOut(Long billId, String billNumber, BigDecimal amount) {}

    /** One account's part: its number (when the customer still may pay it), what was asked and, once paid, settled. */
    record LineOut(
            long accountId,
            String accountNumber,
            BigDecimal amount,
            List<Long> bills,
            List<SettledOut> settled,
            BigDecimal credit) {}

    record OrderOut(
            String orderNumber,
            PostingKind kind,
            Gateway gateway,
            BigDecimal amount,
            OrderState state,
            Instant createdAt,
            Instant expiresAt,
            Instant paidAt,
            Instant closedAt,
            String transactionId,
            String qrCode,
            List<LineOut> lines) {}

    private final PaymentOrders orders;
    private final IdempotentRequests idempotent;
    private final Customers customers;

    PaymentOrdersApi(PaymentOrders orders, IdempotentRequests idempotent, Customers customers) {
        this.orders = orders;
        this.idempotent = idempotent;
        this.customers = customers;
    }

    /** The numbers (户号) of the accounts the customer may pay, to name each line of an order. */
    private Map<Long, String> accountNumbers(Actor actor) {
        Map<Long, String> numbers = new HashMap<>();
        for (SupplyAccountView a : customers.portalAccounts(actor.userId())) numbers.put(a.id(), a.accountNumber());
        return numbers;
    }

    @Operation(summary = "The gateways a customer may pay through here")
    @GetMapping("/gateways")
    List<Gateway> gateways() {
        return orders.gateways();
    }

    @Operation(
            summary =
                    "Pay bills of one or several accounts, or top one up (预存), through WeChat Pay, Alipay, UnionPay or 电e宝",
            description = "Portal customers only, for accounts they may pay (bound, or their group's subsidiaries:"
                    + " PAY-8). Each line's amount settles the bills chosen for it, else the account's oldest open"
                    + " items; the rest is held as credit. Opens the order at the gateway and answers where its cashier"
                    + " is. A gateway that does not answer in time leaves the order UNKNOWN (never failed): the state"
                    + " becomes known by its notification or the janitor's query. Needs an Idempotency-Key header"
                    + " (semantics as for counter payments; keys are per customer).")
    @ApiResponse(responseCode = "201", description = "the order")
    @ApiResponse(responseCode = "400", description = "invalid input, an unavailable gateway, or no Idempotency-Key")
    @ApiResponse(responseCode = "404", description = "an account or bill the customer may not pay, or unknown")
    @ApiResponse(responseCode = "409", description = "the Idempotency-Key conflicts")
    @PostMapping("/orders")
    ResponseEntity<?> create(
            @AuthenticationPrincipal Actor actor,
            @Parameter(description = "1 to 200 visible ASCII characters, new for every order")
                    @RequestHeader(name = IdempotentRequests.HEADER, required = false)
                    String key,
            @Valid @RequestBody OrderIn in) {
        if (!actor.isCustomer()) throw Problem.forbidden("customers-only");
        List<Pay.Share> lines = new ArrayList<>();
        for (LineIn l : in.lines()) {
            Money amount = Money.yuan(l.amount());
            if (amount.fen() <= 0) throw Problem.badRequest("amount-not-positive");
            lines.add(new Pay.Share(
                    l.accountId(),
                    amount,
                    l.bills() == null
                            ? List.of()
                            : l.bills().stream().map(BillId::new).toList()));
        }
        long user = actor.userId().value();
        return idempotent.once(IdempotentRequests.customerScope(user), key, "POST /api/v1/payment/orders", in, () -> {
            PaymentOrder o = orders.create(user, new PaymentOrders.NewOrder(in.gateway(), in.kind(), lines));
            return ResponseEntity.status(HttpStatus.CREATED).body(out(o, accountNumbers(actor)));
        });
    }

    @Operation(summary = "One of the customer's payment orders, with what it settled on each account once paid")
    @ApiResponse(responseCode = "200", description = "the order")
    @ApiResponse(responseCode = "404", description = "unknown, or another customer's")
    @GetMapping("/orders/{orderNumber}")
    OrderOut order(@AuthenticationPrincipal Actor actor, @PathVariable String orderNumber) {
        if (!actor.isCustomer()) throw Problem.notFound("payment-order");
        Map<Long, String> numbers = accountNumbers(actor);
        return orders.order(actor.userId().value(), orderNumber)
                .map(o -> out(o, numbers))
                .orElseThrow(() -> Problem.notFound("payment-order"));
    }

    @Operation(summary = "The customer's payment orders, newest first (payment records: channel and time, PAY-1)")
    @GetMapping("/orders")
    List<OrderOut> orders(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "20") int limit) {
        if (!actor.isCustomer()) throw Problem.forbidden("customers-only");
        if (limit < 1 || limit > 100) throw Problem.badRequest("bad-limit", 1, 100);
        Map<Long, String> numbers = accountNumbers(actor);
        return orders.orders(actor.userId().value(), limit).stream()
                .map(o -> out(o, numbers))
                .toList();
    }

    static OrderOut out(PaymentOrder o, Map<Long, String> accountNumbers) {
        return new OrderOut(
                o.orderNumber(),
                o.kind(),
                o.gateway(),
                o.amount().toYuan(),
                o.state(),
                o.createdAt(),
                o.expiresAt(),
                o.paidAt(),
                o.closedAt(),
                o.transactionId(),
                // WeChat Pay Native, Alipay precreate, UnionPay's and 电e宝's QR: the customer scans the gateway's code
                // shown on our page
                o.codeUrl() != null && (o.state() == OrderState.CREATED || o.state() == OrderState.UNKNOWN)
                        ? QrCodes.dataUri(o.codeUrl())
                        : null,
                o.lines().stream()
                        .map(l -> new LineOut(
                                l.supplyAccountId(),
                                accountNumbers.get(l.supplyAccountId()),
                                l.amount().toYuan(),
                                l.bills().stream().map(BillId::value).toList(),
                                l.settled().stream()
                                        .map(s -> new SettledOut(
                                                s.bill() == null
                                                        ? null
                                                        : s.bill().value(),
                                                s.billNumber(),
                                                s.amount().toYuan()))
                                        .toList(),
                                l.credit().toYuan()))
                        .toList());
    }
}
