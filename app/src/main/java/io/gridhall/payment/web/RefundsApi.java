package io.gridhall.payment.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.internal.RefundingWithApproval;
import io.gridhall.payment.internal.RequestStatus;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
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

@Tag(name = "Payment: refunds with approval")
@RestController
@RequestMapping("/api/v1/payment/refunds")
class RefundsApi {

    /**
     * Either {@code paymentPostingId} and optionally {@code amount} (refund that payment in part; without an amount
     * what is left of it) or {@code accountId}, {@code amount} and {@code channel} (pay back credit).
     */
    record RefundIn(
            @Positive Long paymentPostingId,
            @Positive Long accountId,
            @Pattern(regexp = LedgerApi.YUAN) String amount,
            PaymentChannel channel,
            @NotNull @MeaningfulReason String reason) {}

    record DecisionIn(String note) {}

    /**
     * An approval: optionally {@code amount}, less than was asked (never more, nor more than is still refundable), with
     * a {@code note} saying why; without it the amount asked is approved.
     */
    record ApprovalIn(@Pattern(regexp = LedgerApi.YUAN) String amount, String note) {}

    record RefundOut(
            long refundId,
            long accountId,
            String accountNumber,
            String accountName,
            RefundingWithApproval.Kind kind,
            Long paymentPostingId,
            BigDecimal amount,
            PaymentChannel channel,
            String reason,
            String requestedBy,
            Instant requestedAt,
            RequestStatus status,
            String decidedBy,
            Instant decidedAt,
            String decisionNote,
            Long postingId,
            BigDecimal approvedAmount) {}

    private final RefundingWithApproval refunds;
    private final IdempotentRequests idempotent;

    RefundsApi(RefundingWithApproval refunds, IdempotentRequests idempotent) {
        this.refunds = refunds;
        this.idempotent = idempotent;
    }

    @Operation(
            summary = "Ask to refund credit (预存) or a payment",
            description = "PAYMENT_COLLECT, with a reason. Nothing is posted until another person approves. Credit"
                    + " beyond what the account holds is refused at once (409 insufficient-credit). Audited.")
    @ApiResponse(responseCode = "201", description = "the request")
    @ApiResponse(responseCode = "400", description = "neither a payment nor an account, amount and channel; no reason")
    @ApiResponse(
            responseCode = "404",
            description = "unknown account or payment, or of a branch the caller may not see")
    @ApiResponse(
            responseCode = "409",
            description = "not enough credit, or the payment is refunded or asked for already")
    @PostMapping
    ResponseEntity<RefundOut> request(@AuthenticationPrincipal Actor actor, @Valid @RequestBody RefundIn in) {
        RefundingWithApproval.Refund r;
        if (in.paymentPostingId() != null) {
            if (in.accountId() != null) throw Problem.badRequest("refund-channel");
            r = refunds.requestPayment(
                    actor, in.paymentPostingId(), in.amount() == null ? null : Money.yuan(in.amount()), in.reason());
        } else {
            if (in.accountId() == null || in.amount() == null || in.channel() == null)
                throw Problem.badRequest("refund-channel");
            r = refunds.requestCredit(actor, in.accountId(), Money.yuan(in.amount()), in.channel(), in.reason());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(out(r));
    }

    record RemainderOut(long paymentPostingId, BigDecimal remainder) {}

    @Operation(
            summary = "What is left to refund of a payment",
            description = "PAYMENT_COLLECT or PAYMENT_APPROVE: paid less the refund requests for it not rejected.")
    @GetMapping("/payments/{postingId}/remainder")
    RemainderOut remainder(@AuthenticationPrincipal Actor actor, @PathVariable long postingId) {
        return new RemainderOut(postingId, refunds.remainder(actor, postingId).toYuan());
    }

    @Operation(summary = "Refund requests of the caller's branches, newest first")
    @GetMapping
    List<RefundOut> list(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) RequestStatus status,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) throw Problem.badRequest("bad-limit", 1, 500);
        return refunds.list(actor, status, limit).stream().map(RefundsApi::out).toList();
    }

    @Operation(
            summary = "Approve a refund: the ledger posts it",
            description = "PAYMENT_APPROVE, by someone other than the requester; Idempotency-Key header. An optional"
                    + " amount lowers what is paid back (never above what was asked, 400 refund-approved-above-asked; nor"
                    + " above what the payment still has to refund, 409 refund-more-than-remainder), with a note saying"
                    + " why (400 refund-lowered-note-required); the request keeps both amounts. The ledger"
                    + " refuses what would take a balance below its floor (409) and the request stays open. A payment made"
                    + " through an online gateway is refunded through that gateway: approved at once, posted when the"
                    + " gateway says it paid back (refused: the request is open again with the gateway's reason); a"
                    + " gateway without refunds answers 409 gateway-refund-unavailable. Audited.")
    @ApiResponse(responseCode = "200", description = "the approved request with its posting")
    @ApiResponse(responseCode = "400", description = "an amount that is not positive or above the one asked; no note")
    @ApiResponse(
            responseCode = "409",
            description = "decided already, one's own request, more than is refundable, or below the floor")
    @PostMapping("/{refundId}/approval")
    ResponseEntity<?> approve(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long refundId,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
            @Valid @RequestBody(required = false) ApprovalIn in) {
        actor.require(Permission.PAYMENT_APPROVE);
        String note = in == null ? null : in.note();
        Money amount = in == null || in.amount() == null ? null : Money.yuan(in.amount());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("refundId", refundId);
        request.put("note", note);
        if (amount != null) request.put("amount", amount.toString());
        return idempotent.once(
                IdempotentRequests.staffScope(actor.branchScope()),
                key,
                "POST /api/v1/payment/refunds/{refundId}/approval",
                request,
                () -> ResponseEntity.ok(out(refunds.approve(actor, refundId, amount, note))));
    }

    @Operation(summary = "Reject a refund, with a reason; nothing is posted")
    @PostMapping("/{refundId}/rejection")
    RefundOut reject(
            @AuthenticationPrincipal Actor actor, @PathVariable long refundId, @Valid @RequestBody DecisionIn in) {
        return out(refunds.reject(actor, refundId, in.note()));
    }

    private static RefundOut out(RefundingWithApproval.Refund r) {
        return new RefundOut(
                r.refundId(),
                r.supplyAccountId(),
                r.accountNumber(),
                r.accountName(),
                r.kind(),
                r.paymentPosting(),
                r.amount().toYuan(),
                r.channel(),
                r.reason(),
                r.requestedBy(),
                r.requestedAt(),
                r.status(),
                r.decidedBy(),
                r.decidedAt(),
                r.decisionNote(),
                r.postingId(),
                r.approvedAmount() == null ? null : r.approvedAmount().toYuan());
    }
}
