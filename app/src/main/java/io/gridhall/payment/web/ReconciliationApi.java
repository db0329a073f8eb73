package io.gridhall.payment.web;

import io.gridhall.identity.Actor;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.internal.BillMatching;
import io.gridhall.payment.internal.Listed;
import io.gridhall.payment.internal.ReconcilingGateways;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Payment: reconciliation of the gateways' bills")
@RestController
@RequestMapping("/api/v1/payment/reconciliation")
class ReconciliationApi {

    record RunIn(@NotNull Gateway gateway, @NotNull LocalDate day) {}

    record ResolveIn(
            @NotNull ReconcilingGateways.Resolution action,
            @NotNull @MeaningfulReason String note) {}

    record RunOut(
            long runId,
            Gateway gateway,
            LocalDate day,
            ReconcilingGateways.RunState state,
            int attempts,
            String lastError,
            Instant completedAt,
            Instant nextAttemptAt,
            Integer matched,
            Integer gatewayLines,
            BigDecimal gatewaySum,
            Integer ourCount,
            BigDecimal ourSum,
            BigDecimal ledgerSum,
            boolean sumsAgree,
            int open,
            int resolved,
            boolean ofBranches) {}

    record DiscrepancyOut(
            long discrepancyId,
            long runId,
            Gateway gateway,
            LocalDate day,
            BillMatching.Kind kind,
            String transactionId,
            String orderNumber,
            String ourOrderNumber,
            BigDecimal gatewayAmount,
            BigDecimal ourAmount,
            BigDecimal ledgerAmount,
            Instant completedAt,
            String refundNumber,
            boolean open,
            ReconcilingGateways.Resolution resolution,
            String note,
            String resolvedBy,
            Instant resolvedAt,
            Long postingId) {}

    /** A list of discrepancies, and whether it was cut at its limit (there are more than it shows). */
    record DiscrepanciesOut(List<DiscrepancyOut> items, boolean truncated) {}

    record BillLineOut(
            long runId,
            int lineNo,
            String transactionId,
            String orderNumber,
            String refundNumber,
            BigDecimal amount,
            Instant completedAt,
            boolean matched) {}

    /** A list of a bill's lines, and whether it was cut at its limit (there are more than it shows). */
    record BillLinesOut(List<BillLineOut> items, boolean truncated) {}

    private final ReconcilingGateways reconciling;

    ReconciliationApi(ReconcilingGateways reconciling) {
        this.reconciling = reconciling;
    }

    @Operation(
            summary = "Reconciliation runs by day and gateway, newest day first",
            description =
                    "PAYMENT_APPROVE. Counts and sums of the gateway's bill, our credits and the ledger: the whole"
                            + " bill's for staff of all branches; for staff of some branches (`ofBranches`) those of the"
                            + " bill's lines and our credits of orders of accounts of their branches (none for a run"
                            + " stored before lines were placed, until the day is run again). The open and resolved counts"
                            + " are of the discrepancies the caller sees (staff of some branches: those whose accounts are"
                            + " all of their branches, and those of no account we know).")
    @GetMapping("/runs")
    List<RunOut> runs(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate end = to == null ? LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")) : to;
        LocalDate start = from == null ? end.minusDays(31) : from;
        if (start.isAfter(end) || ChronoUnit.DAYS.between(start, end) > 366)
            throw Problem.badRequest("reconciliation-period", 366);
        return reconciling.runs(actor, start, end).stream()
                .map(ReconciliationApi::out)
                .toList();
    }

    @Operation(
            summary = "Reconcile a gateway's day now (again)",
            description = "PAYMENT_APPROVE. A day before today (Beijing). Fetches the bill and matches it; a gateway"
                    + " that gives no bill leaves the run OPEN, asked again later. Running again lists nothing twice."
                    + " Audited.")
    @ApiResponse(responseCode = "200", description = "the run as it stands")
    @ApiResponse(responseCode = "400", description = "a gateway not offered, or today or a later day")
    @PostMapping("/runs")
    RunOut run(@AuthenticationPrincipal Actor actor, @Valid @RequestBody RunIn in) {
        return out(reconciling.reconcile(actor, in.gateway(), in.day()));
    }

    @Operation(summary = "One run", description = "PAYMENT_APPROVE.")
    @GetMapping("/runs/{runId}")
    RunOut run(@AuthenticationPrincipal Actor actor, @PathVariable long runId) {
        return out(reconciling.run(actor, runId));
    }

    @Operation(
            summary = "A run's discrepancies, open first",
            description = "PAYMENT_APPROVE. Those the caller sees, at most 1,000; `truncated` when there are more.")
    @GetMapping("/runs/{runId}/discrepancies")
    DiscrepanciesOut discrepancies(@AuthenticationPrincipal Actor actor, @PathVariable long runId) {
        reconciling.run(actor, runId);
        return out(reconciling.discrepancies(actor, runId));
    }

    @Operation(
            summary = "A run's bill lines, in the bill's order",
            description = "PAYMENT_APPROVE. Those the caller sees (staff of some branches: lines of orders of accounts"
                    + " of their branches; lines of no order of ours only staff of all branches), at most 1,000;"
                    + " `truncated` when there are more.")
    @GetMapping("/runs/{runId}/lines")
    BillLinesOut lines(@AuthenticationPrincipal Actor actor, @PathVariable long runId) {
        var list = reconciling.lines(actor, runId);
        return new BillLinesOut(
                list.items().stream().map(ReconciliationApi::out).toList(), list.truncated());
    }

    @Operation(
            summary = "One line of a run's bill",
            description = "PAYMENT_APPROVE. 404 for a line the caller does not see.")
    @GetMapping("/runs/{runId}/lines/{lineNo}")
    BillLineOut line(@AuthenticationPrincipal Actor actor, @PathVariable long runId, @PathVariable int lineNo) {
        return out(reconciling.line(actor, runId, lineNo));
    }

    @Operation(
            summary = "Every open discrepancy",
            description = "PAYMENT_APPROVE. Those the caller sees, at most 1,000; `truncated` when there are more.")
    @GetMapping("/discrepancies")
    DiscrepanciesOut open(@AuthenticationPrincipal Actor actor) {
        return out(reconciling.discrepancies(actor, null));
    }

    private static DiscrepanciesOut out(Listed<ReconcilingGateways.DiscrepancyView> list) {
        return new DiscrepanciesOut(
                list.items().stream().map(ReconciliationApi::out).toList(), list.truncated());
    }

    @Operation(
            summary = "Resolve a discrepancy with an action and a note",
            description = "PAYMENT_APPROVE. MISSING_AT_US: CREDITED (the payment is posted under the gateway"
                    + " transaction's key, so a notification before or after credits nothing more) or"
                    + " REFUNDED_AT_GATEWAY; any other kind: ACCEPTED. Audited.")
    @ApiResponse(responseCode = "200", description = "the resolved discrepancy")
    @ApiResponse(responseCode = "400", description = "an action that does not fit the kind; no meaningful note")
    @ApiResponse(
            responseCode = "409",
            description = "resolved already, or the bill's payment does not fit our order (it cannot be credited)")
    @PostMapping("/discrepancies/{discrepancyId}/resolution")
    DiscrepancyOut resolve(
            @AuthenticationPrincipal Actor actor, @PathVariable long discrepancyId, @Valid @RequestBody ResolveIn in) {
        return out(reconciling.resolve(actor, discrepancyId, in.action(), in.note()));
    }

    private static BigDecimal yuan(Money m) {
        return m == null ? null : m.toYuan();
    }

    static RunOut out(ReconcilingGateways.RunView r) {
        return new RunOut(
                r.runId(),
                r.gateway(),
                r.day(),
                r.state(),
                r.attempts(),
                r.lastError(),
                r.completedAt(),
                r.nextAttemptAt(),
                r.matched(),
                r.gatewayLines(),
                yuan(r.gatewaySum()),
                r.ourCount(),
                yuan(r.ourSum()),
                yuan(r.ledgerSum()),
                r.sumsAgree(),
                r.open(),
                r.resolved(),
                r.ofBranches());
    }

    static BillLineOut out(ReconcilingGateways.BillLineView l) {
        return new BillLineOut(
                l.runId(),
                l.lineNo(),
                l.transactionId(),
                l.orderNumber(),
                l.refundNumber(),
                yuan(l.amount()),
                l.completedAt(),
                l.matched());
    }

    static DiscrepancyOut out(ReconcilingGateways.DiscrepancyView d) {
        return new DiscrepancyOut(
                d.discrepancyId(),
                d.runId(),
                d.gateway(),
                d.day(),
                d.kind(),
                d.transactionId(),
                d.orderNumber(),
                d.ourOrderNumber(),
                yuan(d.gatewayAmount()),
                yuan(d.ourAmount()),
                yuan(d.ledgerAmount()),
                d.completedAt(),
                d.refundNumber(),
                d.open(),
                d.resolution(),
                d.note(),
                d.resolvedBy(),
                d.resolvedAt(),
                d.postingId());
    }
}
