package io.gridhall.payment.web;

import io.gridhall.identity.Actor;
import io.gridhall.payment.internal.BillMatching;
import io.gridhall.payment.internal.CollectingThroughAgents;
import io.gridhall.payment.internal.Listed;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
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

/** Staff's side of the collection agents (代收, ADR 0020): agents and their keys, collections by day, reconciliation. */
@Tag(name = "Payment: collection agents (代收)")
@RestController
@RequestMapping("/api/v1/payment/agents")
class CollectionAgentsApi {

    record AgentIn(@NotBlank String agentCode, @NotBlank String name) {}

    record EnabledIn(@NotNull Boolean enabled) {}

    record ResolveIn(
            @NotNull CollectingThroughAgents.Resolution action,
            @NotNull @MeaningfulReason String note) {}

    record AgentOut(String agentCode, String name, String keyFingerprint, boolean enabled, Instant createdAt) {}

    record NewAgentOut(AgentOut agent, String key) {}

    record DayOut(
            LocalDate day,
            int paid,
            BigDecimal paidSum,
            int reversed,
            BigDecimal reversedSum,
            ReconciliationOut reconciliation) {}

    /** The day's file: its figures are of every branch, null for staff who see only some. */
    record ReconciliationOut(
            Instant receivedAt,
            Integer lines,
            BigDecimal agentSum,
            Integer ourCount,
            BigDecimal ourSum,
            BigDecimal ledgerSum,
            Integer matched,
            boolean sumsAgree) {}

    record PaymentOut(
            String serial,
            String state,
            String accountNumber,
            BigDecimal amount,
            LocalDate accountingDate,
            LocalDate agentDate,
            Instant paidAt,
            Long postingId,
            String reversalSerial,
            Instant reversedAt) {}

    record DiscrepancyOut(
            long discrepancyId,
            String agentCode,
            LocalDate day,
            BillMatching.Kind kind,
            String serial,
            String accountNumber,
            BigDecimal agentAmount,
            BigDecimal ourAmount,
            BigDecimal ledgerAmount,
            Instant foundAt,
            boolean open,
            CollectingThroughAgents.Resolution resolution,
            String note,
            String resolvedBy,
            Instant resolvedAt,
            Long postingId) {}

    /** A list of discrepancies, and whether it was cut at its limit (there are more than it shows). */
    record DiscrepanciesOut(List<DiscrepancyOut> items, boolean truncated) {}

    private final CollectingThroughAgents agents;

    CollectionAgentsApi(CollectingThroughAgents agents) {
        this.agents = agents;
    }

    @Operation(summary = "The collection agents", description = "PAYMENT_APPROVE. Keys only as fingerprints.")
    @GetMapping
    List<AgentOut> agents(@AuthenticationPrincipal Actor actor) {
        return agents.agents(actor).stream().map(CollectionAgentsApi::out).toList();
    }

    @Operation(
            summary = "Make an agent with a new signing key",
            description = "PAYMENT_APPROVE. The key (32 random bytes, Base64) is answered this once and never again;"
                    + " it is kept sealed. Audited with its fingerprint.")
    @ApiResponse(responseCode = "201", description = "the agent and its key")
    @ApiResponse(responseCode = "400", description = "a code that is not 3-16 capitals or digits; no name")
    @ApiResponse(responseCode = "409", description = "an agent with that code exists")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    NewAgentOut create(@AuthenticationPrincipal Actor actor, @Valid @RequestBody AgentIn in) {
        CollectingThroughAgents.NewAgent made = agents.create(actor, in.agentCode(), in.name());
        return new NewAgentOut(out(made.agent()), made.key());
    }

    @Operation(summary = "Enable or disable an agent", description = "PAYMENT_APPROVE. Audited.")
    @PostMapping("/{agentCode}/enabled")
    AgentOut enable(
            @AuthenticationPrincipal Actor actor, @PathVariable String agentCode, @Valid @RequestBody EnabledIn in) {
        return out(agents.enable(actor, agentCode, in.enabled()));
    }

    @Operation(
            summary = "An agent's collections by accounting day, newest first, with the day's reconciliation",
            description = "PAYMENT_APPROVE. At most 366 days; the last 31 by default. The counts and sums are of the"
                    + " payments the caller sees (staff of some branches: of accounts of their branches), those the"
                    + " day's payments list; the file's figures (of every branch) only for staff of all branches.")
    @GetMapping("/{agentCode}/days")
    List<DayOut> days(
            @AuthenticationPrincipal Actor actor,
            @PathVariable String agentCode,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate end = to == null ? agents.accountingDay() : to;
        LocalDate start = from == null ? end.minusDays(31) : from;
        if (start.isAfter(end) || ChronoUnit.DAYS.between(start, end) > 366)
            throw Problem.badRequest("reconciliation-period", 366);
        return agents.days(actor, agentCode, start, end).stream()
                .map(d -> new DayOut(
                        d.day(),
                        d.paid(),
                        yuan(d.paidSum()),
                        d.reversed(),
                        yuan(d.reversedSum()),
                        agents.reconciliation(actor, agentCode, d.day())
                                .map(CollectionAgentsApi::out)
                                .orElse(null)))
                .toList();
    }

    @Operation(
            summary = "An agent's payments of a day",
            description = "PAYMENT_APPROVE. Account numbers masked. Staff of some branches: the payments of accounts"
                    + " of their branches, and blocked serials (a reversal with no payment, of no account).")
    @GetMapping("/{agentCode}/days/{day}/payments")
    List<PaymentOut> payments(
            @AuthenticationPrincipal Actor actor,
            @PathVariable String agentCode,
            @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        return agents.payments(actor, agentCode, day).stream()
                .map(p -> new PaymentOut(
                        p.serial(),
                        p.state(),
                        p.accountNumber(),
                        yuan(p.amount()),
                        p.accountingDate(),
                        p.agentDate(),
                        p.paidAt(),
                        p.postingId(),
                        p.reversalSerial(),
                        p.reversedAt()))
                .toList();
    }

    @Operation(
            summary = "The discrepancies of an agent's day",
            description = "PAYMENT_APPROVE. Those the caller sees, at most 500; `truncated` when there are more.")
    @GetMapping("/{agentCode}/days/{day}/discrepancies")
    DiscrepanciesOut discrepancies(
            @AuthenticationPrincipal Actor actor,
            @PathVariable String agentCode,
            @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        return out(agents.discrepancies(actor, agentCode, day));
    }

    @Operation(
            summary = "Every open discrepancy of every agent",
            description = "PAYMENT_APPROVE. Those the caller sees, at most 500; `truncated` when there are more.")
    @GetMapping("/discrepancies")
    DiscrepanciesOut open(@AuthenticationPrincipal Actor actor) {
        return out(agents.discrepancies(actor, null, null));
    }

    private static DiscrepanciesOut out(Listed<CollectingThroughAgents.DiscrepancyView> list) {
        return new DiscrepanciesOut(
                list.items().stream().map(CollectionAgentsApi::out).toList(), list.truncated());
    }

    @Operation(
            summary = "Resolve a discrepancy with an action and a note",
            description = "PAYMENT_APPROVE. MISSING_AT_US: CREDITED (posted under the serial's key, as the agent's"
                    + " own payment) or ACCEPTED; MISSING_AT_GATEWAY (the agent does not have our payment): REVERSED"
                    + " or ACCEPTED; any other kind: ACCEPTED. Audited.")
    @ApiResponse(responseCode = "200", description = "the resolved discrepancy")
    @ApiResponse(responseCode = "400", description = "an action that does not fit the kind; no meaningful note")
    @ApiResponse(responseCode = "409", description = "resolved already; the serial cannot be credited or reversed")
    @PostMapping("/discrepancies/{discrepancyId}/resolution")
    DiscrepancyOut resolve(
            @AuthenticationPrincipal Actor actor, @PathVariable long discrepancyId, @Valid @RequestBody ResolveIn in) {
        return out(agents.resolve(actor, discrepancyId, in.action(), in.note()));
    }

    private static BigDecimal yuan(Money m) {
        return m == null ? null : m.toYuan();
    }

    static AgentOut out(CollectingThroughAgents.AgentView a) {
        return new AgentOut(a.agentCode(), a.name(), a.keyFingerprint(), a.enabled(), a.createdAt());
    }

    static ReconciliationOut out(CollectingThroughAgents.ReconciliationView r) {
        CollectingThroughAgents.ReconciliationView.Figures f = r.figures();
        return f == null
                ? new ReconciliationOut(r.receivedAt(), null, null, null, null, null, null, r.sumsAgree())
                : new ReconciliationOut(
                        r.receivedAt(),
                        f.lines(),
                        yuan(f.agentSum()),
                        f.ourCount(),
                        yuan(f.ourSum()),
                        yuan(f.ledgerSum()),
                        f.matched(),
                        r.sumsAgree());
    }

    static DiscrepancyOut out(CollectingThroughAgents.DiscrepancyView d) {
        return new DiscrepancyOut(
                d.discrepancyId(),
                d.agentCode(),
                d.day(),
                d.kind(),
                d.serial(),
                d.accountNumber(),
                yuan(d.agentAmount()),
                yuan(d.ourAmount()),
                yuan(d.ledgerAmount()),
                d.foundAt(),
                d.open(),
                d.resolution(),
                d.note(),
                d.resolvedByName(),
                d.resolvedAt(),
                d.postingId());
    }
}
