package io.gridhall.payment.web;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.payment.RewardPoints;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Payment: reward points and the points mall (PAY-5)")
@RestController
@RequestMapping("/api/v1/payment")
class PointsApi {

    record PointsOut(RewardPoints.Balance balance, List<RewardPoints.Entry> history) {}

    record RedeemIn(
            @NotNull @Positive Long itemId, @Min(1) @Max(10) int quantity) {}

    record MallItemIn(
            @NotBlank @Size(max = 40) String nameZh,
            @NotBlank @Size(max = 60) String nameEn,
            @Size(max = 200) String descriptionZh,
            @Size(max = 300) String descriptionEn,
            @Positive long pricePoints,
            @PositiveOrZero @Max(1_000_000) int stock,
            boolean active) {}

    private final RewardPoints points;
    private final Customers customers;
    private final IdempotentRequests idempotent;
    private final Clock clock;

    PointsApi(RewardPoints points, Customers customers, IdempotentRequests idempotent, Clock clock) {
        this.points = points;
        this.customers = customers;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    @Operation(
            summary = "An account's reward points: balance, what expires at the end of this year, newest entries",
            description = "A portal customer sees the accounts they may pay; staff (CUSTOMER_READ or PAYMENT_COLLECT)"
                    + " those of their branches.")
    @ApiResponse(responseCode = "200", description = "balance and history")
    @ApiResponse(responseCode = "404", description = "unknown account, or one the caller may not see")
    @GetMapping("/accounts/{accountId}/points")
    PointsOut account(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long accountId,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) throw Problem.badRequest("bad-limit", 1, 500);
        visible(actor, accountId);
        return new PointsOut(points.balance(accountId, LocalDate.now(clock)), points.history(accountId, limit));
    }

    @Operation(
            summary = "The reward points' earning rules in force today",
            description = "Points per whole yuan by channel, the bonus in percent on what settles bills before their"
                    + " due date, and the caps per payment and per calendar year.")
    @ApiResponse(responseCode = "200", description = "the rules")
    @ApiResponse(responseCode = "404", description = "no rules in force yet")
    @GetMapping("/points/rules")
    RewardPoints.Rules rules() {
        return points.rules(LocalDate.now(clock)).orElseThrow(() -> Problem.notFound("points-rules"));
    }

    @Operation(summary = "The points mall's items on offer, cheapest first (staff with PAYMENT_COLLECT: all=true too)")
    @ApiResponse(responseCode = "200", description = "the items")
    @GetMapping("/mall/items")
    List<RewardPoints.MallItem> mall(
            @AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "false") boolean all) {
        if (all) actor.require(Permission.PAYMENT_COLLECT);
        return points.mall(all);
    }

    @Operation(
            summary = "Redeem points for a mall item",
            description = "Needs an Idempotency-Key header (Stripe's semantics, as for payments): the same key and body"
                    + " answer the first redemption again; keys are per portal user, or per branch scope for staff."
                    + " 409 points-insufficient when the balance is short, 409 sold-out when the stock is. Audited.")
    @ApiResponse(responseCode = "201", description = "the redemption, with the balance after it")
    @ApiResponse(responseCode = "404", description = "unknown account or item, or an account the caller may not see")
    @ApiResponse(responseCode = "409", description = "points-insufficient, sold-out, or the Idempotency-Key conflicts")
    @PostMapping("/accounts/{accountId}/redemptions")
    ResponseEntity<?> redeem(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long accountId,
            @Parameter(description = "1 to 200 visible ASCII characters, new for every redemption")
                    @RequestHeader(name = IdempotentRequests.HEADER, required = false)
                    String key,
            @Valid @RequestBody RedeemIn in) {
        visible(actor, accountId);
        if (actor.isStaff()) actor.require(Permission.PAYMENT_COLLECT);
        String scope = actor.isCustomer()
                ? IdempotentRequests.customerScope(actor.userId().value())
                : IdempotentRequests.staffScope(actor.branchScope());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("accountId", accountId);
        request.put("body", in);
        return idempotent.once(scope, key, "POST /api/v1/payment/accounts/{accountId}/redemptions", request, () -> {
            RewardPoints.Redemption r = points.redeem(
                    LedgerApi.postingKey("redeem", scope, key), accountId, in.itemId(), in.quantity(), actor);
            return ResponseEntity.status(HttpStatus.CREATED).body(r);
        });
    }

    @Operation(summary = "Add a mall item (PAYMENT_COLLECT), audited")
    @ApiResponse(responseCode = "201", description = "the item")
    @PostMapping("/mall/items")
    @ResponseStatus(HttpStatus.CREATED)
    RewardPoints.MallItem add(@AuthenticationPrincipal Actor actor, @Valid @RequestBody MallItemIn in) {
        return points.addItem(details(in), actor);
    }

    @Operation(
            summary = "Change a mall item: names, price, stock, on offer or not (PAYMENT_COLLECT), audited",
            description = "409 mall-item-changed when the item is no longer at the given version.")
    @ApiResponse(responseCode = "200", description = "the item")
    @ApiResponse(responseCode = "409", description = "changed since the given version")
    @PutMapping("/mall/items/{itemId}")
    RewardPoints.MallItem change(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long itemId,
            @RequestParam int version,
            @Valid @RequestBody MallItemIn in) {
        return points.changeItem(itemId, version, details(in), actor);
    }

    private static RewardPoints.MallItem.Details details(MallItemIn in) {
        return new RewardPoints.MallItem.Details(
                in.nameZh().strip(),
                in.nameEn().strip(),
                in.descriptionZh() == null ? "" : in.descriptionZh().strip(),
                in.descriptionEn() == null ? "" : in.descriptionEn().strip(),
                in.pricePoints(),
                in.stock(),
                in.active());
    }

    private SupplyAccountView visible(Actor actor, long accountId) {
        if (actor.isCustomer())
            return customers.portalAccounts(actor.userId()).stream()
                    .filter(a -> a.id() == accountId)
                    .findFirst()
                    .orElseThrow(() -> Problem.notFound("supply-account"));
        if (!actor.has(Permission.CUSTOMER_READ)) actor.require(Permission.PAYMENT_COLLECT);
        return customers
                .account(accountId)
                .filter(a -> actor.sees(a.branchId()))
                .orElseThrow(() -> Problem.notFound("supply-account"));
    }
}
