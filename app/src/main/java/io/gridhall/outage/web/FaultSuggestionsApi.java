package io.gridhall.outage.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.outage.FaultSuggestionView;
import io.gridhall.outage.FaultSuggestions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Fault outages the meters suggest, for the console's outage board (issue 11): REPAIR_DISPATCH, own branches. */
@RestController
@RequestMapping("/api/v1/outages/suggestions")
@Tag(name = "Outages", description = "Planned and fault outage notices, their versions, affected accounts and map")
@ApiResponse(responseCode = "401", description = "Not signed in")
@ApiResponse(responseCode = "403", description = "Lacks REPAIR_DISPATCH")
class FaultSuggestionsApi {

    record ConfirmIn(@Size(max = 200) String cause, OffsetDateTime expectedRestorationAt) {}

    record DismissIn(@Size(max = 200) String reason) {}

    private final FaultSuggestions suggestions;

    FaultSuggestionsApi(FaultSuggestions suggestions) {
        this.suggestions = suggestions;
    }

    @GetMapping
    @Operation(
            summary = "Fault outages suggested from the meters' supply signals, open ones, newest first",
            description = "A node (line or transformer area) where a large share of the watched meters lost supply"
                    + " within a short window; with counts and a position for the map.")
    @ApiResponse(responseCode = "404", description = "Unknown branch or one the caller does not see")
    List<FaultSuggestionView> board(@AuthenticationPrincipal Actor actor, @RequestParam long branch) {
        return suggestions.board(actor, new BranchId(branch));
    }

    @PostMapping("/{id}/confirm")
    @Operation(summary = "Confirms a suggestion: opens a fault outage on its node; the affected customers are told")
    @ApiResponse(responseCode = "404", description = "Unknown suggestion or one of another branch")
    @ApiResponse(responseCode = "409", description = "Not waiting for a decision (outage-suggestion-status)")
    FaultSuggestionView confirm(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @Valid @RequestBody(required = false) ConfirmIn in) {
        return in == null
                ? suggestions.confirm(actor, id, null, null)
                : suggestions.confirm(actor, id, in.cause(), in.expectedRestorationAt());
    }

    @PostMapping("/{id}/dismiss")
    @Operation(summary = "Dismisses a suggestion with a reason (audited)")
    @ApiResponse(responseCode = "400", description = "No meaningful reason (reason-required)")
    @ApiResponse(responseCode = "409", description = "Not waiting for a decision (outage-suggestion-status)")
    FaultSuggestionView dismiss(
            @AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody DismissIn in) {
        return suggestions.dismiss(actor, id, in.reason());
    }

    @PostMapping("/{id}/restore")
    @Operation(summary = "Confirms that the meters answer again: restores the fault outage; the affected are told")
    @ApiResponse(responseCode = "409", description = "No restoration suggested (outage-suggestion-status)")
    FaultSuggestionView restore(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        return suggestions.confirmRestoration(actor, id);
    }
}
