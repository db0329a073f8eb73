package io.gridhall.billing.web;

import io.gridhall.billing.internal.BillingRunView;
import io.gridhall.billing.internal.ReviewingBills;
import io.gridhall.billing.internal.RunningBills;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.YearMonth;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Billing: runs")
@RestController
@RequestMapping("/api/v1/billing")
class BillingRunsApi {

    record RunIn(
            @NotNull Long branchId,

            @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])")
            String period) {}

    private final RunningBills runs;
    private final ReviewingBills review;

    BillingRunsApi(RunningBills runs, ReviewingBills review) {
        this.runs = runs;
        this.review = review;
    }

    @Operation(
            summary = "Start the billing run of a branch for a month",
            description = "Queues the run; any node's worker claims it under a lease, splits the branch's accounts into"
                    + " chunks and commits each chunk's bills and lines at once. A run killed at any point is taken up"
                    + " again and makes the same bills. One run per branch and month: asking again answers the run"
                    + " there is. Audited.")
    @ApiResponse(responseCode = "202", description = "the run")
    @ApiResponse(responseCode = "400", description = "invalid input (period as YYYY-MM)")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "unknown branch, or one the caller may not see")
    @PostMapping("/runs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    BillingRunView start(@AuthenticationPrincipal Actor actor, @Valid @RequestBody RunIn in) {
        actor.require(Permission.BILLING);
        return runs.start(actor, new BranchId(in.branchId()), YearMonth.parse(in.period()));
    }

    @Operation(summary = "Billing runs of the branches the caller sees, newest first, with their progress")
    @ApiResponse(responseCode = "200", description = "runs")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @GetMapping("/runs")
    List<BillingRunView> list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "50") int limit) {
        actor.require(Permission.BILLING);
        return runs.list(actor.branchScope(), limit);
    }

    @Operation(
            summary = "A billing run's progress",
            description = "Counts of chunks and of bills by state, bills per second and the estimated time left.")
    @ApiResponse(responseCode = "200", description = "the run")
    @ApiResponse(responseCode = "404", description = "unknown run, or of a branch the caller may not see")
    @GetMapping("/runs/{runId}")
    BillingRunView run(@AuthenticationPrincipal Actor actor, @PathVariable long runId) {
        actor.require(Permission.BILLING);
        return runs.view(runId)
                .filter(r -> actor.sees(new BranchId(r.branchId())))
                .orElseThrow(() -> Problem.notFound("billing-run"));
    }

    @Operation(
            summary = "Release a completed run",
            description = "Issues every bill of the run that passed the automatic audit or a clerk approved: bill"
                    + " number, issue date and due date; held bills stay held (release again after approving them)."
                    + " Publishes one BillsIssued. Audited.")
    @ApiResponse(responseCode = "200", description = "how many bills were issued and their total")
    @ApiResponse(responseCode = "404", description = "unknown run, or of a branch the caller may not see")
    @ApiResponse(responseCode = "409", description = "the run has not completed (billing-run-not-complete)")
    @PostMapping("/runs/{runId}/release")
    ReviewingBills.Released release(@AuthenticationPrincipal Actor actor, @PathVariable long runId) {
        return review.release(actor, runId);
    }
}
