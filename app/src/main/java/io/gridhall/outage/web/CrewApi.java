package io.gridhall.outage.web;

import io.gridhall.identity.Actor;
import io.gridhall.outage.RepairStatus;
import io.gridhall.outage.Repairs;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A crew member's phone (OUT-5): their crew's jobs, the steps they record, and where they are. */
@RestController
@RequestMapping("/api/v1/crew")
@Tag(name = "Crew", description = "The repair crew's mobile page")
@ApiResponse(responseCode = "401", description = "Not signed in")
@ApiResponse(responseCode = "403", description = "Not a member of a crew")
class CrewApi {

    record StepIn(
            @NotNull RepairStatus status,
            @DecimalMin("-90") @DecimalMax("90") BigDecimal lat,
            @DecimalMin("-180") @DecimalMax("180") BigDecimal lon,
            @Size(max = 300) String note) {}

    record PositionIn(
            @NotNull @DecimalMin("-90") @DecimalMax("90") BigDecimal lat,
            @NotNull @DecimalMin("-180") @DecimalMax("180") BigDecimal lon) {}

    private final Repairs repairs;

    CrewApi(Repairs repairs) {
        this.repairs = repairs;
    }

    @Operation(summary = "My crew")
    @GetMapping
    Repairs.CrewView crew(@AuthenticationPrincipal Actor actor) {
        return repairs.myCrew(actor).orElseThrow(() -> Problem.forbidden("crew-members-only"));
    }

    @Operation(summary = "My crew's jobs, current first, with their steps")
    @GetMapping("/jobs")
    List<Repairs.RepairJobView> jobs(@AuthenticationPrincipal Actor actor) {
        return repairs.crewJobs(actor);
    }

    @Operation(
            summary = "Record the next step of a job: ACCEPTED, DEPARTED, ARRIVED, REPAIRED or REFERRED",
            description = "Only in order (409 otherwise); the position, if given, becomes the crew's last known one")
    @ApiResponse(responseCode = "409", description = "not the next step")
    @PostMapping("/jobs/{jobId}/steps")
    Repairs.RepairJobView step(
            @AuthenticationPrincipal Actor actor, @PathVariable long jobId, @Valid @RequestBody StepIn in) {
        return repairs.recordStep(actor, jobId, in.status(), in.lat(), in.lon(), in.note());
    }

    @Operation(summary = "Report where the crew is now")
    @PostMapping("/position")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void position(@AuthenticationPrincipal Actor actor, @Valid @RequestBody PositionIn in) {
        repairs.reportPosition(actor, in.lat(), in.lon());
    }
}
