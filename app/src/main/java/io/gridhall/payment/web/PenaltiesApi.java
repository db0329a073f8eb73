package io.gridhall.payment.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.payment.internal.AccruingPenalties;
import io.gridhall.payment.internal.RequestStatus;
import io.gridhall.payment.internal.WaivingPenalties;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Payment: late-payment penalties and their waivers")
@RestController
@RequestMapping("/api/v1/payment")
class PenaltiesApi {

    record PenaltyOut(long postingId, LocalDate day, Instant postedAt, BigDecimal amount) {}

    record WaiverIn(
            @NotNull @Positive Long accountId,
            @Size(max = 1000) List<@NotNull @Positive Long> postings,
            @NotNull @MeaningfulReason String reason) {}

    record DecisionIn(String note) {}

    record WaiverOut(
            long waiverId,
            long accountId,
            String accountNumber,
            String accountName,
            List<Long> penaltyPostings,
            BigDecimal amount,
            String reason,
            String requestedBy,
            Instant requestedAt,
            RequestStatus status,
            String decidedBy,
            Instant decidedAt,
            String decisionNote) {}

    record AccruedOut(LocalDate day, int accounts, int bills, BigDecimal total) {}

    private final WaivingPenalties waivers;
    private final AccruingPenalties accruals;
    private final IdempotentRequests idempotent;

    PenaltiesApi(WaivingPenalties waivers, AccruingPenalties accruals, IdempotentRequests idempotent) {
        this.waivers = waivers;
        this.accruals = accruals;
        this.idempotent = idempotent;
    }

    @Operation(
            summary = "An account's late-payment penalties that may be waived",
            description = "Penalty postings (one per account and accrual run) that are unpaid, unreversed and in no"
                    + " open or approved waiver. Staff with PAYMENT_COLLECT or PAYMENT_APPROVE, within their branches.")
    @ApiResponse(responseCode = "200", description = "the penalties, oldest first")
    @ApiResponse(responseCode = "404", description = "unknown account, or of a branch the caller may not see")
    @GetMapping("/accounts/{accountId}/penalties")
    List<PenaltyOut> penalties(@AuthenticationPrincipal Actor actor, @PathVariable long accountId) {
        return waivers.waivable(actor, accountId).stream()
                .map(p -> new PenaltyOut(
                        p.postingId(), p.day(), p.postedAt(), p.amount().toYuan()))
                .toList();
    }

    @Operation(
            summary = "Ask to waive late-payment penalties (违约金减免)",
            description = "PAYMENT_COLLECT. The penalties named (or, with none named, every one that may be waived)"
                    + " wait for another person's approval; nothing is posted yet. A reason is required (4 to 200"
                    + " characters, at least two letters). Audited.")
    @ApiResponse(responseCode = "201", description = "the request")
    @ApiResponse(responseCode = "400", description = "no meaningful reason")
    @ApiResponse(responseCode = "404", description = "unknown account, or of a branch the caller may not see")
    @ApiResponse(responseCode = "409", description = "nothing to waive, or a penalty named may not be waived")
    @PostMapping("/penalty-waivers")
    ResponseEntity<WaiverOut> request(@AuthenticationPrincipal Actor actor, @Valid @RequestBody WaiverIn in) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(out(waivers.request(actor, in.accountId(), in.postings(), in.reason())));
    }

    @Operation(
            summary = "Penalty waiver requests of the caller's branches, newest first",
            description = "Staff with PAYMENT_COLLECT or PAYMENT_APPROVE; status REQUESTED for the approval queue.")
    @GetMapping("/penalty-waivers")
    List<WaiverOut> list(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) RequestStatus status,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) throw Problem.badRequest("bad-limit", 1, 500);
        return waivers.list(actor, status, limit).stream()
                .map(PenaltiesApi::out)
                .toList();
    }

    @Operation(
            summary = "Approve a penalty waiver: its penalties are reversed in the ledger",
            description = "PAYMENT_APPROVE, by someone other than the requester (409 waiver-own-request). All the"
                    + " penalty postings are reversed or none (409 penalty-paid-since when one was paid meanwhile)."
                    + " Needs an Idempotency-Key header (semantics as for counter payments). An optional note must be"
                    + " a meaningful reason. Audited.")
    @ApiResponse(responseCode = "200", description = "the approved request")
    @ApiResponse(responseCode = "403", description = "needs permission PAYMENT_APPROVE")
    @ApiResponse(responseCode = "404", description = "unknown request, or of a branch the caller may not see")
    @ApiResponse(responseCode = "409", description = "decided already, one's own request, or a penalty paid since")
    @PostMapping("/penalty-waivers/{waiverId}/approval")
    ResponseEntity<?> approve(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long waiverId,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
            @RequestBody(required = false) DecisionIn in) {
        actor.require(Permission.PAYMENT_APPROVE);
        String note = in == null ? null : in.note();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("waiverId", waiverId);
        request.put("note", note);
        String scope = IdempotentRequests.staffScope(actor.branchScope());
        return idempotent.once(
                scope,
                key,
                "POST /api/v1/payment/penalty-waivers/{waiverId}/approval",
                request,
                () -> ResponseEntity.ok(out(waivers.approve(actor, waiverId, note))));
    }

    @Operation(
            summary = "Reject a penalty waiver, with a reason",
            description = "PAYMENT_APPROVE, by someone other than the requester. Nothing is posted. Audited.")
    @ApiResponse(responseCode = "200", description = "the rejected request")
    @ApiResponse(responseCode = "400", description = "no meaningful reason")
    @ApiResponse(responseCode = "409", description = "decided already, or one's own request")
    @PostMapping("/penalty-waivers/{waiverId}/rejection")
    WaiverOut reject(
            @AuthenticationPrincipal Actor actor, @PathVariable long waiverId, @Valid @RequestBody DecisionIn in) {
        return out(waivers.reject(actor, waiverId, in.note()));
    }

    @Operation(
            summary = "Accrue late-payment penalties through today now",
            description = "BILLING. The daily job does the same early every morning; a run is idempotent per bill and"
                    + " day, so this posts only what today's run has not.")
    @ApiResponse(responseCode = "200", description = "what the run posted")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @PostMapping("/penalty-accruals")
    AccruedOut accrue(@AuthenticationPrincipal Actor actor) {
        actor.require(Permission.BILLING);
        AccruingPenalties.Accrued a = accruals.accrueToday();
        return new AccruedOut(a.day(), a.accounts(), a.bills(), a.total().toYuan());
    }

    private static WaiverOut out(WaivingPenalties.Waiver w) {
        return new WaiverOut(
                w.waiverId(),
                w.supplyAccountId(),
                w.accountNumber(),
                w.accountName(),
                w.penaltyPostings(),
                w.amount().toYuan(),
                w.reason(),
                w.requestedBy(),
                w.requestedAt(),
                w.status(),
                w.decidedBy(),
                w.decidedAt(),
                w.decisionNote());
    }
}
