package io.gridhall.billing.web;

import io.gridhall.billing.internal.ProgrammingMeters;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.shared.IdempotentRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

@Tag(name = "Billing: programming meters")
@RestController
@RequestMapping("/api/v1/billing")
class MeterProgramsApi {

    record ProgramIn(
            @NotNull Long branchId,
            @NotNull Integer year,
            @NotNull LocalDateTime activeFrom) {}

    private final ProgrammingMeters programming;
    private final IdempotentRequests idempotent;

    MeterProgramsApi(ProgrammingMeters programming, IdempotentRequests idempotent) {
        this.programming = programming;
        this.idempotent = idempotent;
    }

    @Operation(
            summary = "Send a tariff's time-of-use calendar to the meters of a branch (下发时段/节假日到电表)",
            description = "Plans a programming job for every meter of the branch whose account is on the tariff and"
                    + " answers with the campaign ENQUEUEING (pending: every meter); its meters are then handed to the"
                    + " head-end in chunks, each its own transaction, taken up again after a crash, each meter once (a"
                    + " meter the head-end cannot program is failed with state REFUSED and the reason). Each job: the"
                    + " writes of GET .../meter-program (zone and day tables into the standby set, the year's public"
                    + " holidays, the weekend, the switch times at activeFrom), sent by the head-end one frame at a time"
                    + " with the meters' parameter password, each acknowledged, then read back and compared; retried on"
                    + " the command back-off and reported FAILED with the meter's reason. A meter that already carries"
                    + " the program is reported as such; the same program for the same meter is never a second job."
                    + " Needs BILLING and an Idempotency-Key header (per branch scope). Audited"
                    + " (billing.meter-program.start).")
    @ApiResponse(responseCode = "201", description = "the campaign with its progress")
    @ApiResponse(
            responseCode = "400",
            description = "invalid input, a year outside 2000 to 2099 (meter-program-year), a switch time not in the"
                    + " future (meter-program-active-from), no Idempotency-Key (idempotency-key-required)")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "unknown tariff or version, or a branch the caller may not see")
    @ApiResponse(
            responseCode = "409",
            description = "no time-of-use schedule (tariff-no-schedule), one a meter cannot hold"
                    + " (meter-program-impossible), or the Idempotency-Key reused with another request")
    @PostMapping("/tariffs/{tariffId}/versions/{version}/meter-programs")
    ResponseEntity<?> start(
            @AuthenticationPrincipal Actor actor,
            @PathVariable String tariffId,
            @PathVariable int version,
            @Valid @RequestBody ProgramIn in,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        actor.require(Permission.BILLING);
        return idempotent.once(
                IdempotentRequests.staffScope(actor.branchScope()),
                key,
                "POST /api/v1/billing/tariffs/{tariffId}/versions/{version}/meter-programs",
                Map.of("tariffId", tariffId, "version", version, "body", in),
                () -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(programming.start(
                                actor, tariffId, version, new BranchId(in.branchId()), in.year(), in.activeFrom())));
    }

    @Operation(summary = "Campaigns of sending calendars to meters, of the branches the caller sees, newest first")
    @ApiResponse(responseCode = "200", description = "campaigns with their progress")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @GetMapping("/meter-programs")
    List<ProgrammingMeters.CampaignView> list(
            @AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "20") int limit) {
        return programming.list(actor, limit);
    }

    @Operation(
            summary = "A campaign's progress",
            description = "Counts of its meters: pending (not yet handed to the head-end), waiting, sent (being written"
                    + " or read back), confirmed, already current and failed (REFUSED by the head-end among them), counted"
                    + " in the database, cheap enough to poll while the campaign runs. The meters themselves, failed"
                    + " first, come from GET .../meter-programs/{id}/meters.")
    @ApiResponse(responseCode = "200", description = "the campaign")
    @ApiResponse(responseCode = "404", description = "unknown campaign, or of a branch the caller may not see")
    @GetMapping("/meter-programs/{id}")
    ProgrammingMeters.CampaignView view(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return programming.view(actor, id);
    }

    @Operation(
            summary = "A campaign's meters, failed first, a page at a time",
            description = "Each meter with its job's state and, for a failed one, the reason code and the meter's words"
                    + " (REFUSED: the head-end took no job, METER_UNKNOWN or ALREADY_EXPIRED): the failed first (what a"
                    + " person acts on), then those on their way, then the done, by meter within each. offset from 0,"
                    + " limit 1 to 200 (50). Needs BILLING.")
    @ApiResponse(responseCode = "200", description = "the page: total meters, offset and the page's meters")
    @ApiResponse(responseCode = "400", description = "an offset or limit that is not a whole number (invalid-input)")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "unknown campaign, or of a branch the caller may not see")
    @GetMapping("/meter-programs/{id}/meters")
    ProgrammingMeters.MeterPage meters(
            @AuthenticationPrincipal Actor actor,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        return programming.meters(actor, id, offset, limit);
    }

    @Operation(
            summary = "Send again to the meters whose job failed",
            description = "A new job for each meter of the campaign whose job FAILED or EXPIRED or was REFUSED, handed"
                    + " over in chunks as at the start. Needs BILLING and an"
                    + " Idempotency-Key header. Audited (billing.meter-program.retry).")
    @ApiResponse(responseCode = "200", description = "the campaign")
    @ApiResponse(responseCode = "400", description = "no Idempotency-Key (idempotency-key-required)")
    @ApiResponse(responseCode = "404", description = "unknown campaign, or of a branch the caller may not see")
    @ApiResponse(responseCode = "409", description = "the switch time has passed (meter-program-too-late)")
    @PostMapping("/meter-programs/{id}/retries")
    ResponseEntity<?> retry(
            @AuthenticationPrincipal Actor actor,
            @PathVariable UUID id,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        actor.require(Permission.BILLING);
        return idempotent.once(
                IdempotentRequests.staffScope(actor.branchScope()),
                key,
                "POST /api/v1/billing/meter-programs/{id}/retries",
                Map.of("id", id.toString()),
                () -> ResponseEntity.ok(programming.retryFailed(actor, id)));
    }
}
