package io.gridhall.billing.web;

import io.gridhall.billing.BillView;
import io.gridhall.billing.internal.BillTrace;
import io.gridhall.billing.internal.CorrectingBills;
import io.gridhall.billing.internal.ReviewingBills;
import io.gridhall.identity.Actor;
import io.gridhall.shared.MeaningfulReason;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Billing: audit queue and corrections")
@RestController
@RequestMapping("/api/v1/billing")
class BillReviewApi {

    record DecisionIn(
            @NotNull ReviewingBills.Action action,
            @MeaningfulReason String reason) {}

    record ReversalIn(@MeaningfulReason String reason, boolean rebill) {}

    private final ReviewingBills review;
    private final CorrectingBills corrections;
    private final BillTrace trace;

    BillReviewApi(ReviewingBills review, CorrectingBills corrections, BillTrace trace) {
        this.review = review;
        this.corrections = corrections;
        this.trace = trace;
    }

    @Operation(
            summary = "Bills the automatic audit held (or a clerk put on hold), oldest first, with their finding codes")
    @ApiResponse(responseCode = "200", description = "held bills (no lines)")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @GetMapping("/review")
    List<BillView> queue(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) Long branchId,
            @RequestParam(defaultValue = "100") int limit) {
        return review.queue(actor, branchId, limit);
    }

    @Operation(
            summary = "Decide about a bill: APPROVE a held bill, HOLD one that passed, or RECALCULATE a held bill",
            description = "A reason is required (4 to 200 characters, two letters at least); the decision is kept with"
                    + " the bill and audited. RECALCULATE supersedes the held bill with one rated afresh from today's"
                    + " reads and tariff, audited again.")
    @ApiResponse(responseCode = "200", description = "the bill, and the replacement a recalculation made")
    @ApiResponse(responseCode = "400", description = "invalid input or no meaningful reason")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "unknown bill, or of a branch the caller may not see")
    @ApiResponse(
            responseCode = "409",
            description = "the bill is not in a state the action applies to (bill-state), or cannot be rated")
    @PostMapping("/bills/{billId}/decisions")
    ReviewingBills.Decided decide(
            @AuthenticationPrincipal Actor actor, @PathVariable long billId, @Valid @RequestBody DecisionIn in) {
        return review.decide(actor, billId, in.action(), in.reason());
    }

    @Operation(
            summary = "Reverse an issued bill and, optionally, rebill it",
            description = "Issues a REVERSAL bill (the lines negated) and, with rebill, a REBILL rated afresh; both"
                    + " carry the reason and who asked, shown to the customer. Publishes one BillsIssued. Audited.")
    @ApiResponse(responseCode = "200", description = "the reversal and the rebill")
    @ApiResponse(responseCode = "400", description = "no meaningful reason")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "unknown bill, or of a branch the caller may not see")
    @ApiResponse(responseCode = "409", description = "the bill is not issued, or already reversed (bill-state)")
    @PostMapping("/bills/{billId}/reversal")
    CorrectingBills.Corrected reverse(
            @AuthenticationPrincipal Actor actor, @PathVariable long billId, @Valid @RequestBody ReversalIn in) {
        return corrections.reverse(actor, billId, in.reason(), in.rebill());
    }

    @Operation(
            summary = "Everything behind a bill, for staff",
            description =
                    "The bill in any state with its lines and their sources (reads, quality, multiplier, formula),"
                            + " the audit findings with their numbers, the clerks' decisions, the run, and the bills it"
                            + " replaced or that replaced it.")
    @ApiResponse(responseCode = "200", description = "the trace")
    @ApiResponse(responseCode = "404", description = "unknown bill, or of a branch the caller may not see")
    @GetMapping("/bills/{billId}/trace")
    BillTrace.Trace trace(@AuthenticationPrincipal Actor actor, @PathVariable long billId) {
        return trace.trace(actor, billId);
    }
}
