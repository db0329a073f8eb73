package io.gridhall.metering.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.metering.internal.ConcentratorArchive;
import io.gridhall.metering.internal.Concentrators;
import io.gridhall.metering.internal.Meters;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The concentrator archive (集中器档案): which meters each concentrator or DTU collects, loaded from the
 * collection system's export, and the concentrators as the archive and the head-end know them.
 */
@Tag(name = "Metering: concentrator archive")
@RestController
@RequestMapping("/api/v1/metering")
class ConcentratorArchiveApi {

    private final ConcentratorArchive archive;
    private final MessageSource messages;

    ConcentratorArchiveApi(ConcentratorArchive archive, MessageSource messages) {
        this.archive = archive;
        this.messages = messages;
    }

    @Operation(
            summary = "Load the concentrator archive: which meter addresses each concentrator or DTU collects (CSV)",
            description = "UTF-8 CSV with header concentrator_id,meter_address (any order); concentrator_id is the id"
                    + " the concentrator or DTU registers with when it dials in (12 capital letters or digits),"
                    + " meter_address the meter's 12-digit communication address; rows are line numbers (header = 1)."
                    + " All or nothing: one bad row rejects the file. Only meters of the caller's branches are placed;"
                    + " addresses not enrolled or in other branches are counted as unknown (the first 100 listed)."
                    + " Loading the same file again changes nothing (everything unchanged). Optional column"
                    + " registration_secret: the secret the concentrator sends when it registers (DTU:<id>:<secret>, 8-64"
                    + " printable ASCII, no blank or comma), on any of its rows (rows that give one must agree); set for"
                    + " concentrators the file places meters of the caller's branches behind, kept only as a keyed hash,"
                    + " never echoed.")
    @ApiResponse(responseCode = "200", description = "{routed, unchanged, unknown, unknownAddresses}")
    @ApiResponse(
            responseCode = "400",
            description = "problem archive-rejected with errors [{row, field, code, message}]; nothing was changed")
    @ApiResponse(responseCode = "403", description = "needs permission TOPOLOGY_WRITE")
    @ApiResponse(responseCode = "413", description = "the file is larger than 20 MB")
    @PostMapping(path = "/concentrator-archive", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ConcentratorArchive.Outcome load(@AuthenticationPrincipal Actor actor, @RequestPart("file") MultipartFile file) {
        actor.require(Permission.TOPOLOGY_WRITE);
        HashedUpload<ConcentratorArchive.Parsed> upload = HashedUpload.read(file, archive::parseCsv);
        ConcentratorArchive.Parsed parsed = upload.parsed();
        if (!parsed.errors().isEmpty()) {
            throw RowProblem.rejected(
                    "archive-rejected",
                    parsed.badRows().size(),
                    parsed.rows(),
                    RowProblem.localise(parsed.errors(), messages));
        }
        return archive.load(
                actor, parsed.routes(), parsed.secrets(), "sha256:" + upload.sha256(), file.getOriginalFilename());
    }

    record SecretIn(@NotNull @Size(max = 64) String secret) {}

    @Operation(
            summary = "Set a concentrator's registration secret",
            description =
                    "The secret the concentrator or DTU sends when it dials in (DTU:<id>:<secret>); 8-64 printable"
                            + " ASCII characters, no blank or comma. Kept only as a keyed hash; its next registration must carry"
                            + " it. Audited without the secret.")
    @ApiResponse(responseCode = "204", description = "set")
    @ApiResponse(responseCode = "400", description = "registration-secret-invalid")
    @ApiResponse(responseCode = "403", description = "needs permission TOPOLOGY_WRITE")
    @ApiResponse(
            responseCode = "404",
            description = "not in the archive, or no meter of the caller's branches behind it")
    @PutMapping("/concentrators/{id}/registration-secret")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void setSecret(@AuthenticationPrincipal Actor actor, @PathVariable String id, @Valid @RequestBody SecretIn in) {
        actor.require(Permission.TOPOLOGY_WRITE);
        if (!Concentrators.SECRET.matcher(in.secret()).matches()) {
            throw Problem.badRequest("registration-secret-invalid");
        }
        archive.setSecret(actor, id, in.secret());
    }

    @Operation(
            summary = "Clear a concentrator's registration secret",
            description = "It then registers without one if gridhall.headend.require-secret is false, else not at all."
                    + " Audited.")
    @ApiResponse(responseCode = "204", description = "cleared")
    @ApiResponse(responseCode = "403", description = "needs permission TOPOLOGY_WRITE")
    @ApiResponse(
            responseCode = "404",
            description = "not in the archive, or no meter of the caller's branches behind it")
    @DeleteMapping("/concentrators/{id}/registration-secret")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clearSecret(@AuthenticationPrincipal Actor actor, @PathVariable String id) {
        actor.require(Permission.TOPOLOGY_WRITE);
        archive.setSecret(actor, id, null);
    }

    @Operation(
            summary = "Concentrators and DTUs of the caller's branches: meters per the archive, online now, meters"
                    + " that answered on them",
            description = "Counts cover meters of the caller's branches only; with every branch in scope also the"
                    + " connected links no meter is placed behind yet.")
    @ApiResponse(
            responseCode = "200",
            description = "[{concentratorId, archivedMeters, connected, answeredMeters, registrationSecret}]")
    @ApiResponse(responseCode = "403", description = "needs permission METER_READ or TOPOLOGY_WRITE")
    @GetMapping("/concentrators")
    List<ConcentratorArchive.Concentrator> concentrators(@AuthenticationPrincipal Actor actor) {
        // whoever may load the archive may see what it says
        if (!actor.has(Permission.METER_READ) && !actor.has(Permission.TOPOLOGY_WRITE)) {
            throw Problem.forbidden("permission-required", Permission.METER_READ.name());
        }
        return archive.list(actor);
    }

    @Operation(
            summary = "The meters of the caller's branches behind one concentrator or DTU",
            description = "Placed there by the archive, or seen answering on it; each says which.")
    @ApiResponse(responseCode = "200", description = "[{meterId, address, archived, answered}] by address")
    @ApiResponse(responseCode = "403", description = "needs permission METER_READ or TOPOLOGY_WRITE")
    @GetMapping("/concentrators/{concentratorId}/meters")
    List<Meters.ConcentratorMeter> meters(@AuthenticationPrincipal Actor actor, @PathVariable String concentratorId) {
        if (!actor.has(Permission.METER_READ) && !actor.has(Permission.TOPOLOGY_WRITE)) {
            throw Problem.forbidden("permission-required", Permission.METER_READ.name());
        }
        return archive.meters(actor, concentratorId);
    }
}
