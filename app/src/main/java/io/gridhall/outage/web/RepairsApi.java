package io.gridhall.outage.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.outage.CrewSkill;
import io.gridhall.outage.Repairs;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The console's repair dispatch board (OUT-4, OUT-5, OUT-6): reports taken on a caller's behalf, jobs with their
 * service-commitment clocks, the nearest free crew first, dispatch, crews and third-party teams. REPAIR_DISPATCH
 * (reports also SERVICE_DESK), limited to the caller's branches.
 */
@RestController
@RequestMapping("/api/v1/repairs")
@Tag(name = "Repairs", description = "Repair jobs, crews, dispatch and third-party teams")
@ApiResponse(responseCode = "401", description = "Not signed in")
@ApiResponse(responseCode = "403", description = "Lacks REPAIR_DISPATCH")
class RepairsApi {

    record StaffReportIn(
            Long supplyAccountId,
            BigDecimal lat,
            BigDecimal lon,
            @NotNull OffsetDateTime occurredAt,
            @NotBlank @Size(max = 500) String description,
            @Size(max = 20) String callerPhone,
            @Size(max = 30) String skill) {}

    /** What the idempotency check compares for a report with photos: the report and the photos' digests. */
    record Submitted(StaffReportIn report, List<String> photoSha256) {}

    record SkillIn(@NotBlank @Size(max = 30) String skill) {}

    record DispatchIn(@NotNull @Positive Long crewId) {}

    record ReferIn(
            @NotNull @Positive Long teamId, @Size(max = 300) String note) {}

    record ReasonIn(@Size(max = 200) String reason) {}

    record CrewIn(
            @NotNull @Positive Long branchId,
            @NotBlank @Size(max = 60) String name,
            @NotEmpty Set<@NotNull CrewSkill> skills,
            @NotNull LocalTime shiftStart,
            @NotNull LocalTime shiftEnd,
            @Size(max = 20) List<@NotNull @Positive Long> members,
            BigDecimal baseLat,
            BigDecimal baseLon,
            @Size(max = 20) String phone) {

        Repairs.NewCrew crew() {
            return new Repairs.NewCrew(
                    new BranchId(branchId), name, skills, shiftStart, shiftEnd, members, baseLat, baseLon, phone);
        }
    }

    record TeamIn(
            @NotNull @Positive Long branchId,
            @NotBlank @Size(max = 80) String name,
            @Size(max = 10) List<@NotBlank @Size(max = 80) String> qualifications,
            @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 80) String> areas,
            @NotBlank @Size(max = 40) String contactName,
            @NotBlank @Size(max = 20) String contactPhone) {}

    private final Repairs repairs;
    private final IdempotentRequests idempotent;

    RepairsApi(Repairs repairs, IdempotentRequests idempotent) {
        this.repairs = repairs;
        this.idempotent = idempotent;
    }

    private static void staff(Actor actor) {
        if (!actor.isStaff()) throw Problem.forbidden("staff-only");
    }

    @Operation(
            summary = "Take a fault report on a caller's behalf",
            description = "By the caller's account, or a point on the map; progress goes to the caller's phone by"
                    + " SMS; the skill a new job needs (default LOW_VOLTAGE). Matched against known outages and"
                    + " merged like portal reports. Needs an Idempotency-Key header (per branch scope).")
    @ApiResponse(responseCode = "201", description = "the receipt")
    @ApiResponse(responseCode = "400", description = "an unknown skill, or a bad place, time or phone")
    @ApiResponse(responseCode = "409", description = "the Idempotency-Key conflicts")
    @PostMapping(path = "/reports", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> report(
            @AuthenticationPrincipal Actor actor,
            @Parameter(description = "1 to 200 visible ASCII characters, new for every report")
                    @RequestHeader(name = IdempotentRequests.HEADER, required = false)
                    String key,
            @Valid @RequestBody StaffReportIn in) {
        staff(actor);
        return take(actor, key, in, in, List.of());
    }

    @Operation(
            summary = "Take a fault report on a caller's behalf, with up to 3 photos",
            description = "Multipart: part `report` (JSON as for the plain report) and up to 3 parts `photos` (JPEG"
                    + " or PNG, 5 MB each; location data is removed), checked as the portal's photos. Needs an"
                    + " Idempotency-Key header: the same key and content (report and photos' SHA-256) answer the"
                    + " first receipt again.")
    @ApiResponse(responseCode = "201", description = "the receipt")
    @ApiResponse(responseCode = "409", description = "the Idempotency-Key conflicts")
    @PostMapping(path = "/reports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> reportWithPhotos(
            @AuthenticationPrincipal Actor actor,
            @Parameter(description = "1 to 200 visible ASCII characters, new for every report")
                    @RequestHeader(name = IdempotentRequests.HEADER, required = false)
                    String key,
            @Valid @RequestPart("report") StaffReportIn in,
            @RequestPart(name = "photos", required = false) List<MultipartFile> files) {
        staff(actor);
        UploadedPhotos uploaded = UploadedPhotos.of(files);
        return take(actor, key, in, new Submitted(in, uploaded.sha256()), uploaded.photos());
    }

    private ResponseEntity<?> take(
            Actor actor, String key, StaffReportIn in, Object content, List<Repairs.Photo> photos) {
        CrewSkill skill = in.skill() == null || in.skill().isBlank() ? null : skill(in.skill());
        return idempotent.once(
                IdempotentRequests.staffScope(actor.branchScope()),
                key,
                "POST /api/v1/repairs/reports",
                content,
                () -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(repairs.report(
                                actor,
                                new Repairs.Report(
                                        in.supplyAccountId(),
                                        in.lat(),
                                        in.lon(),
                                        in.occurredAt(),
                                        in.description(),
                                        in.callerPhone(),
                                        photos,
                                        skill))));
    }

    /** A skill by its name; anything else is 400 {@code repair-skill-unknown} in the caller's language. */
    static CrewSkill skill(String name) {
        String n = name.strip();
        for (CrewSkill s : CrewSkill.values()) if (s.name().equals(n)) return s;
        throw Problem.badRequest("repair-skill-unknown", n.length() > 30 ? n.substring(0, 30) : n);
    }

    @Operation(
            summary = "Change the skill an open job needs",
            description = "Before dispatch only; the suggestions then list crews with that skill. Audited with the"
                    + " former skill.")
    @ApiResponse(responseCode = "400", description = "an unknown skill")
    @ApiResponse(responseCode = "404", description = "no such job in the actor's branches")
    @ApiResponse(responseCode = "409", description = "the job is no longer open")
    @PutMapping("/jobs/{jobId}/skill")
    Repairs.RepairJobView changeSkill(
            @AuthenticationPrincipal Actor actor, @PathVariable long jobId, @Valid @RequestBody SkillIn in) {
        staff(actor);
        return repairs.changeSkill(actor, jobId, skill(in.skill()));
    }

    @Operation(summary = "The dispatch board: open jobs by deadline, then the recently closed")
    @GetMapping("/jobs")
    List<Repairs.RepairJobView> board(
            @AuthenticationPrincipal Actor actor,
            @RequestParam long branch,
            @RequestParam(defaultValue = "100") int limit) {
        return repairs.board(actor, new BranchId(branch), limit);
    }

    @Operation(summary = "Jobs that broke the service commitment (late or not yet arrived past the deadline)")
    @GetMapping("/breaches")
    List<Repairs.RepairJobView> breaches(
            @AuthenticationPrincipal Actor actor,
            @RequestParam long branch,
            @RequestParam(defaultValue = "100") int limit) {
        return repairs.breaches(actor, new BranchId(branch), limit);
    }

    @Operation(summary = "A job with its steps and its reports (callers' phones masked)")
    @GetMapping("/jobs/{jobId}")
    Repairs.RepairJobView job(@AuthenticationPrincipal Actor actor, @PathVariable long jobId) {
        staff(actor);
        return repairs.job(actor, jobId).orElseThrow(() -> Problem.notFound("repair-job"));
    }

    @Operation(
            summary = "The best crews for a job, best first",
            description = "Free, on shift, with the job's skill and a known position, by distance over the earth's"
                    + " surface (PostgreSQL cube + earthdistance)")
    @GetMapping("/jobs/{jobId}/suggestions")
    List<Repairs.CrewSuggestion> suggestions(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long jobId,
            @RequestParam(defaultValue = "5") int limit) {
        return repairs.suggestCrews(actor, jobId, limit);
    }

    @Operation(summary = "Send a crew to an open job")
    @ApiResponse(
            responseCode = "409",
            description = "the job is not open, or the crew is busy (also when another dispatcher just sent it),"
                    + " off shift or lacks the skill")
    @PostMapping("/jobs/{jobId}/dispatch")
    Repairs.RepairJobView dispatch(
            @AuthenticationPrincipal Actor actor, @PathVariable long jobId, @Valid @RequestBody DispatchIn in) {
        return repairs.dispatch(actor, jobId, in.crewId());
    }

    @Operation(summary = "Hand an open job to a third-party team (a fault on the customer's own equipment)")
    @PostMapping("/jobs/{jobId}/refer")
    Repairs.RepairJobView refer(
            @AuthenticationPrincipal Actor actor, @PathVariable long jobId, @Valid @RequestBody ReferIn in) {
        return repairs.refer(actor, jobId, in.teamId(), in.note());
    }

    @Operation(summary = "Cancel a job that needs no crew, with a reason told to the reporters")
    @PostMapping("/jobs/{jobId}/cancel")
    Repairs.RepairJobView cancel(
            @AuthenticationPrincipal Actor actor, @PathVariable long jobId, @Valid @RequestBody ReasonIn in) {
        return repairs.cancel(actor, jobId, in.reason());
    }

    @Operation(summary = "A photo of a report of the caller's branches")
    @GetMapping("/photos/{photoId}")
    ResponseEntity<byte[]> photo(@AuthenticationPrincipal Actor actor, @PathVariable long photoId) {
        staff(actor);
        Repairs.PhotoFile file = repairs.photo(actor, photoId).orElseThrow(() -> Problem.notFound("repair-photo"));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .cacheControl(CacheControl.noStore())
                .header("X-Content-Type-Options", "nosniff")
                .body(file.bytes());
    }

    @Operation(summary = "A branch's crews with skills, shift, position and current job")
    @GetMapping("/crews")
    List<Repairs.CrewView> crews(@AuthenticationPrincipal Actor actor, @RequestParam long branch) {
        return repairs.crews(actor, new BranchId(branch));
    }

    @Operation(summary = "Form a crew")
    @ApiResponse(responseCode = "201", description = "the crew")
    @ApiResponse(responseCode = "409", description = "the name is taken in the branch, or a member is in another crew")
    @PostMapping("/crews")
    @ResponseStatus(HttpStatus.CREATED)
    Repairs.CrewView createCrew(@AuthenticationPrincipal Actor actor, @Valid @RequestBody CrewIn in) {
        return repairs.createCrew(actor, in.crew());
    }

    @Operation(summary = "Change a crew's name, skills, shift, work phone and base position (branch and members stay)")
    @ApiResponse(responseCode = "404", description = "no such crew in the actor's branches")
    @ApiResponse(responseCode = "409", description = "the name is taken by another crew of the branch")
    @PutMapping("/crews/{crewId}")
    Repairs.CrewView updateCrew(
            @AuthenticationPrincipal Actor actor, @PathVariable long crewId, @Valid @RequestBody CrewIn in) {
        return repairs.updateCrew(actor, crewId, in.crew());
    }

    @Operation(summary = "Third-party repair teams of a branch, contacts masked, searchable by area")
    @GetMapping("/teams")
    List<Repairs.TeamView> teams(
            @AuthenticationPrincipal Actor actor,
            @RequestParam long branch,
            @RequestParam(required = false) @Size(max = 40) String area) {
        return repairs.teams(actor, new BranchId(branch), area);
    }

    @Operation(summary = "Register a third-party repair team")
    @ApiResponse(responseCode = "201", description = "the team, contact masked")
    @PostMapping("/teams")
    @ResponseStatus(HttpStatus.CREATED)
    Repairs.TeamView registerTeam(@AuthenticationPrincipal Actor actor, @Valid @RequestBody TeamIn in) {
        return repairs.registerTeam(
                actor,
                new Repairs.NewTeam(
                        new BranchId(in.branchId()),
                        in.name(),
                        in.qualifications(),
                        in.areas(),
                        in.contactName(),
                        in.contactPhone()));
    }

    @Operation(summary = "A team's contact in full: PERSONAL_DATA_UNMASK and a reason, audited")
    @PostMapping("/teams/{teamId}/unmask")
    Repairs.TeamView unmask(
            @AuthenticationPrincipal Actor actor, @PathVariable long teamId, @Valid @RequestBody ReasonIn in) {
        staff(actor);
        return repairs.unmaskTeam(actor, teamId, in.reason());
    }
}
