package io.gridhall.outage.web;

import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.outage.OutageId;
import io.gridhall.outage.OutageKind;
import io.gridhall.outage.OutageStatus;
import io.gridhall.outage.OutageVersionView;
import io.gridhall.outage.OutageView;
import io.gridhall.outage.Outages;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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

/** The console's outage board (OUT-1, OUT-7): REPAIR_DISPATCH, limited to the caller's branches. */
@RestController
@RequestMapping("/api/v1/outages")
@Tag(name = "Outages", description = "Planned and fault outage notices, their versions, affected accounts and map")
@ApiResponse(responseCode = "401", description = "Not signed in")
@ApiResponse(responseCode = "403", description = "Lacks REPAIR_DISPATCH")
class OutagesApi {

    /** A node as the console names it: {@code line}, 42. */
    record NodeIn(
            @NotBlank @Size(max = 20) String type,
            @NotNull @Positive Long id) {
        NodeRef ref() {
            return new NodeRef(NodeType.fromSlug(type), id);
        }
    }

    record DetailsIn(
            @NotEmpty @Size(max = 50) List<@NotNull @Valid NodeIn> nodes,
            @NotBlank @Size(max = 200) String cause,
            @NotNull OffsetDateTime startsAt,
            @NotNull OffsetDateTime expectedRestorationAt) {
        Outages.Details details() {
            return new Outages.Details(
                    nodes.stream().map(NodeIn::ref).toList(), cause, startsAt, expectedRestorationAt);
        }
    }

    record DraftIn(@NotNull OutageKind kind, @NotNull @Valid DetailsIn details) {}

    record ReviseIn(
            @NotNull @Valid DetailsIn details,
            @Size(max = 200) String reason) {}

    record ReasonIn(@Size(max = 200) String reason) {}

    record RestoreIn(
            OffsetDateTime restoredAt, @Size(max = 200) String reason) {}

    private final Outages outages;

    OutagesApi(Outages outages) {
        this.outages = outages;
    }

    @GetMapping
    @Operation(summary = "A branch's outages, newest start first; status filters (repeatable)")
    @ApiResponse(responseCode = "404", description = "Unknown branch or one the caller does not see")
    List<OutageView> board(
            @AuthenticationPrincipal Actor actor,
            @RequestParam long branch,
            @RequestParam(required = false) List<OutageStatus> status,
            @RequestParam(defaultValue = "100") int limit) {
        return outages.board(actor, new BranchId(branch), status == null ? List.of() : status, limit);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Drafts a planned or temporary outage",
            description = "Nodes: substations, lines, transformer areas, meter boxes of one branch. A second person"
                    + " approves it; it can be published only the notice period ahead of its start.")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid input, nodes of several branches, restoration before start")
    @ApiResponse(responseCode = "404", description = "A node unknown or of a branch the caller does not see")
    OutageView draft(@AuthenticationPrincipal Actor actor, @Valid @RequestBody DraftIn in) {
        actor.require(Permission.REPAIR_DISPATCH);
        return outages.draft(actor, in.kind(), in.details().details());
    }

    @PostMapping("/faults")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Opens a fault outage: published at once, the affected customers told")
    OutageView openFault(@AuthenticationPrincipal Actor actor, @Valid @RequestBody DetailsIn in) {
        actor.require(Permission.REPAIR_DISPATCH);
        return outages.openFault(actor, in.details());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One outage as it stands")
    @ApiResponse(responseCode = "404", description = "Unknown outage or one of another branch")
    OutageView one(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        return outages.find(actor, new OutageId(id)).orElseThrow(() -> Problem.notFound("outage"));
    }

    @GetMapping("/{id}/history")
    @Operation(summary = "Every version of an outage with what changed and why, oldest first (OUT-7)")
    List<OutageVersionView> history(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        return outages.history(actor, new OutageId(id));
    }

    @GetMapping("/{id}/accounts")
    @Operation(summary = "Supply account ids kept as affected, ascending, one page")
    List<Long> accounts(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "100") int size) {
        return outages.affectedAccounts(actor, new OutageId(id), page, size);
    }

    @PostMapping("/{id}/edit")
    @Operation(summary = "Changes a draft; an approved draft goes back for approval")
    @ApiResponse(responseCode = "409", description = "Not a draft (outage-status)")
    OutageView edit(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody DetailsIn in) {
        return outages.edit(actor, new OutageId(id), in.details());
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approves a draft: by someone other than who drafted or last edited it")
    @ApiResponse(responseCode = "403", description = "The caller drafted or last edited it (outage-second-person)")
    @ApiResponse(responseCode = "409", description = "Not a draft")
    OutageView approve(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        return outages.approve(actor, new OutageId(id));
    }

    @PostMapping("/{id}/publish")
    @Operation(summary = "Publishes an approved outage: matches, keeps and tells the affected accounts")
    @ApiResponse(
            responseCode = "409",
            description = "Not approved, or too late for the notice period (outage-notice-too-short)")
    OutageView publish(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        return outages.publish(actor, new OutageId(id));
    }

    @PostMapping("/{id}/revise")
    @Operation(
            summary = "Changes a published outage: time moved, area widened or restoration delayed, with a reason",
            description = "Nodes may be added, not removed. The affected customers are told.")
    OutageView revise(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody ReviseIn in) {
        return outages.revise(actor, new OutageId(id), in.details().details(), in.reason());
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancels an outage, with a reason; told to the affected when it was published")
    OutageView cancel(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody ReasonIn in) {
        return outages.cancel(actor, new OutageId(id), in.reason());
    }

    @PostMapping("/{id}/restore")
    @Operation(summary = "Power is back (now, or at the time given); the affected are told")
    OutageView restore(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody RestoreIn in) {
        return outages.restore(actor, new OutageId(id), in.restoredAt(), in.reason());
    }

    @GetMapping("/map")
    @Operation(
            summary = "GeoJSON of the places a branch's published outages affect, with cause and expected restoration",
            description = "Points in [lon, lat] WGS-84, drawn over /api/v1/grid/map")
    @ApiResponse(responseCode = "404", description = "Unknown branch or one the caller does not see")
    Map<String, Object> map(@AuthenticationPrincipal Actor actor, @RequestParam long branch) {
        actor.require(Permission.REPAIR_DISPATCH);
        BranchId id = new BranchId(branch);
        if (!actor.sees(id)) throw Problem.notFound("branch");
        return outages.map(id);
    }
}
