package io.gridhall.outage.web;

import io.gridhall.identity.Actor;
import io.gridhall.outage.Repairs;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The portal's repair pages (OUT-3, OUT-4, OUT-6): self-check, report a fault with photos, follow it, rate the crew
 * or team, find a third-party team. A customer sees only their own reports, jobs and photos.
 */
@Tag(name = "Portal: repairs")
@RestController
@RequestMapping("/api/v1/portal/repairs")
@ApiResponse(responseCode = "403", description = "Not a portal customer")
class PortalRepairsApi {

    /** A fault report: by account, or a point on the map (WGS-84). */
    record ReportIn(
            Long supplyAccountId,
            BigDecimal lat,
            BigDecimal lon,
            @NotNull OffsetDateTime occurredAt,
            @NotBlank @Size(max = 500) String description) {}

    /** What the idempotency check compares: the report and the photos' digests. */
    record Submitted(ReportIn report, List<String> photoSha256) {}

    record RatingIn(
            @NotNull @Min(1) @Max(5) Integer stars,
            @Size(max = 300) String comment) {}

    private final Repairs repairs;
    private final IdempotentRequests idempotent;

    PortalRepairsApi(Repairs repairs, IdempotentRequests idempotent) {
        this.repairs = repairs;
        this.idempotent = idempotent;
    }

    private static void customer(Actor actor) {
        if (!actor.isCustomer()) throw Problem.forbidden("portal-customers-only");
    }

    @Operation(
            summary = "Report a fault, with up to 3 photos",
            description = "Multipart: part `report` (JSON: supplyAccountId, or lat and lon; occurredAt; description)"
                    + " and up to 3 parts `photos` (JPEG or PNG, 5 MB each; location data is removed). Matched"
                    + " against known outages first (then no crew is sent and the answer names the outage), then"
                    + " merged into an open job of the same transformer area, else a new job. Needs an"
                    + " Idempotency-Key header: the same key and content answer the first receipt again.")
    @ApiResponse(responseCode = "201", description = "the receipt: NEW_JOB, MERGED or KNOWN_OUTAGE")
    @ApiResponse(responseCode = "409", description = "the Idempotency-Key conflicts")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> report(
            @AuthenticationPrincipal Actor actor,
            @Parameter(description = "1 to 200 visible ASCII characters, new for every report")
                    @RequestHeader(name = IdempotentRequests.HEADER, required = false)
                    String key,
            @Valid @RequestPart("report") ReportIn in,
            @RequestPart(name = "photos", required = false) List<MultipartFile> files) {
        customer(actor);
        UploadedPhotos uploaded = UploadedPhotos.of(files);
        return idempotent.once(
                IdempotentRequests.customerScope(actor.userId().value()),
                key,
                "POST /api/v1/portal/repairs",
                new Submitted(in, uploaded.sha256()),
                () -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(repairs.report(
                                actor,
                                new Repairs.Report(
                                        in.supplyAccountId(),
                                        in.lat(),
                                        in.lon(),
                                        in.occurredAt(),
                                        in.description(),
                                        null,
                                        uploaded.photos()))));
    }

    @Operation(summary = "My fault reports, newest first, each with its job's timeline or the known outage")
    @GetMapping
    List<Repairs.MyRepair> mine(@AuthenticationPrincipal Actor actor) {
        customer(actor);
        return repairs.myRepairs(actor);
    }

    @Operation(summary = "A repair job I reported, with its timeline")
    @GetMapping("/jobs/{jobId}")
    Repairs.RepairJobView job(@AuthenticationPrincipal Actor actor, @PathVariable long jobId) {
        customer(actor);
        return repairs.job(actor, jobId).orElseThrow(() -> Problem.notFound("repair-job"));
    }

    @Operation(summary = "A photo of one of my reports (another customer's is not found)")
    @GetMapping("/photos/{photoId}")
    ResponseEntity<byte[]> photo(@AuthenticationPrincipal Actor actor, @PathVariable long photoId) {
        customer(actor);
        Repairs.PhotoFile file = repairs.photo(actor, photoId).orElseThrow(() -> Problem.notFound("repair-photo"));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .cacheControl(CacheControl.noStore())
                .header("X-Content-Type-Options", "nosniff")
                .body(file.bytes());
    }

    @Operation(
            summary = "Rate the crew or third-party team of a job I reported",
            description = "Once per job, after it is repaired or referred; 1 to 5 stars and an optional comment")
    @ApiResponse(responseCode = "204", description = "rated")
    @ApiResponse(responseCode = "409", description = "already rated, or the job is not finished")
    @PostMapping("/jobs/{jobId}/rating")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void rate(@AuthenticationPrincipal Actor actor, @PathVariable long jobId, @Valid @RequestBody RatingIn in) {
        customer(actor);
        repairs.rate(actor, jobId, in.stars(), in.comment());
    }

    @Operation(
            summary = "Self-check for one of my accounts",
            description = "Known outages now; whether supply is stopped for arrears (UNKNOWN while fee control is"
                    + " not part of this deployment); my open reports; whether the in-premises guide applies")
    @GetMapping("/self-check")
    Repairs.SelfCheck selfCheck(@AuthenticationPrincipal Actor actor, @RequestParam long account) {
        customer(actor);
        return repairs.selfCheck(actor, account);
    }

    @Operation(summary = "Third-party repair teams serving my accounts' branches, contacts masked")
    @GetMapping("/teams")
    List<Repairs.TeamView> teams(
            @AuthenticationPrincipal Actor actor, @RequestParam(required = false) @Size(max = 40) String area) {
        customer(actor);
        return repairs.teamsForCustomer(actor, area);
    }

    @Operation(summary = "A third-party team's contact in full, to call them (audited)")
    @PostMapping("/teams/{teamId}/contact")
    Repairs.TeamView contact(@AuthenticationPrincipal Actor actor, @PathVariable long teamId) {
        customer(actor);
        return repairs.unmaskTeam(actor, teamId, null);
    }
}
