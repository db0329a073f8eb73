package io.gridhall.payment.web;

import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.payment.internal.RechargeVouchers;
import io.gridhall.payment.internal.VoucherAttempts;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Payment: recharge vouchers (充值券)")
@RestController
@RequestMapping("/api/v1/payment/vouchers")
class VouchersApi {

    record BatchIn(
            @NotBlank @Size(max = 100) String name,
            @NotNull @Pattern(regexp = LedgerApi.YUAN) String value,
            @NotNull LocalDate expiresOn,
            @Min(1) @Max(RechargeVouchers.MAX_CODES) int count) {}

    record BatchOut(
            long batchId,
            String name,
            BigDecimal value,
            LocalDate expiresOn,
            int codes,
            int redeemed,
            String createdBy,
            Instant createdAt) {}

    record MadeOut(BatchOut batch, List<String> codes) {}

    record RedeemIn(
            @NotBlank @Size(max = 64) String code,
            @NotNull @Positive Long accountId) {}

    record RedeemedOut(long postingId, long accountId, BigDecimal value) {}

    private final RechargeVouchers vouchers;
    private final Customers customers;
    private final IdempotentRequests idempotent;
    private final VoucherAttempts attempts;

    VouchersApi(
            RechargeVouchers vouchers, Customers customers, IdempotentRequests idempotent, VoucherAttempts attempts) {
        this.vouchers = vouchers;
        this.customers = customers;
        this.idempotent = idempotent;
        this.attempts = attempts;
    }

    @Operation(
            summary = "Make a batch of recharge voucher codes",
            description = "PAYMENT_APPROVE. The codes are in this answer only (stored hashed): save or export them now."
                    + " Audited without the codes.")
    @ApiResponse(responseCode = "201", description = "the batch and its codes")
    @ApiResponse(responseCode = "400", description = "bad value, expiry in the past, or 1 to 10,000 codes")
    @ApiResponse(responseCode = "403", description = "needs permission PAYMENT_APPROVE")
    @PostMapping("/batches")
    ResponseEntity<MadeOut> make(@AuthenticationPrincipal Actor actor, @Valid @RequestBody BatchIn in) {
        RechargeVouchers.Made made =
                vouchers.make(actor, in.name(), Money.yuan(in.value()), in.expiresOn(), in.count());
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Cache-Control", "no-store")
                .body(new MadeOut(out(made.batch()), made.codes()));
    }

    @Operation(summary = "Voucher batches, newest first, with how many codes were redeemed (never the codes)")
    @GetMapping("/batches")
    List<BatchOut> batches(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "100") int limit) {
        return vouchers.batches(actor, limit).stream().map(VouchersApi::out).toList();
    }

    @Operation(
            summary = "Redeem a voucher code for an account: its value becomes credit (预存), once",
            description = "A portal customer for an account they may pay, or staff with PAYMENT_COLLECT within their"
                    + " branches; Idempotency-Key header. Unknown codes 404 voucher, used 409 voucher-used, expired"
                    + " 409 voucher-expired. Every such refusal counts: after gridhall.payment.vouchers.max-failures of"
                    + " them per user (or max-failures-per-ip per address) within failure-window, 429"
                    + " voucher-too-many-attempts with retryAfterSeconds, before the code is looked at.")
    @ApiResponse(responseCode = "201", description = "the posting")
    @ApiResponse(responseCode = "404", description = "unknown code, or an account the caller may not pay")
    @ApiResponse(responseCode = "409", description = "the code is used or expired, or the Idempotency-Key conflicts")
    @ApiResponse(responseCode = "429", description = "voucher-too-many-attempts (retryAfterSeconds)")
    @PostMapping("/redemptions")
    ResponseEntity<?> redeem(
            @AuthenticationPrincipal Actor actor,
            HttpServletRequest request,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
            @Valid @RequestBody RedeemIn in) {
        long user = actor.userId().value();
        String ip = request.getRemoteAddr();
        attempts.checkAllowed(user, ip);
        String scope;
        if (actor.isCustomer()) {
            boolean mine = customers.portalAccounts(actor.userId()).stream().anyMatch(a -> a.id() == in.accountId());
            if (!mine) throw Problem.notFound("supply-account");
            scope = IdempotentRequests.customerScope(actor.userId().value());
        } else {
            actor.require(Permission.PAYMENT_COLLECT);
            customers
                    .account(in.accountId())
                    .filter(a -> actor.sees(a.branchId()))
                    .orElseThrow(() -> Problem.notFound("supply-account"));
            scope = IdempotentRequests.staffScope(actor.branchScope());
        }
        try {
            return idempotent.once(scope, key, "POST /api/v1/payment/vouchers/redemptions", in, () -> {
                RechargeVouchers.Redeemed r = vouchers.redeem(actor, in.code(), in.accountId());
                return ResponseEntity.status(HttpStatus.CREATED)
                        .body(new RedeemedOut(
                                r.postingId(), r.supplyAccountId(), r.value().toYuan()));
            });
        } catch (Problem refused) {
            if (VoucherAttempts.counts(refused)) attempts.recordFailure(user, ip);
            throw refused;
        }
    }

    private static BatchOut out(RechargeVouchers.Batch b) {
        return new BatchOut(
                b.batchId(),
                b.name(),
                b.value().toYuan(),
                b.expiresOn(),
                b.codes(),
                b.redeemed(),
                b.createdBy(),
                b.createdAt());
    }
}
