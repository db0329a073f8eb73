package io.gridhall.identity.web;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.identity.internal.AuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading and verifying the audit log (AUDIT_READ). */
@RestController
@RequestMapping("/api/v1/audit")
@Validated
class AuditController {

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    /** A pending row (committed, not chained yet) has no seq and no hash. */
    record EntryView(
            Long seq,
            boolean pending,
            Instant at,
            Long actorId,
            String actorKind,
            String actorName,
            String action,
            String objectType,
            String objectId,
            @JsonRawValue String details,
            String hash) {}

    record Page(List<EntryView> items, int page, int size) {}

    @GetMapping
    @Operation(
            summary = "Audit rows, newest first (rows not chained yet first, marked pending); action ending in '.'"
                    + " matches a prefix; time range [from, to)")
    @ApiResponse(responseCode = "200", description = "A page of rows")
    @ApiResponse(responseCode = "403", description = "permission-required")
    Page find(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) Long actorId,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String objectType,
            @RequestParam(required = false) String objectId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        actor.require(Permission.AUDIT_READ);
        var rows = log.find(new AuditLog.Filter(actorId, action, objectType, objectId, from, to), page, size).stream()
                .map(e -> new EntryView(
                        e.seq(),
                        e.pending(),
                        e.at(),
                        e.actorId(),
                        e.actorKind(),
                        e.actorName(),
                        e.action(),
                        e.objectType(),
                        e.objectId(),
                        e.details(),
                        e.hash() == null ? null : HexFormat.of().formatHex(e.hash())))
                .toList();
        return new Page(rows, page, size);
    }

    @GetMapping("/verify")
    @Operation(summary = "Walk the hash chain, report the first broken link and the rows not chained yet")
    @ApiResponse(responseCode = "200", description = "intact, or firstBrokenSeq and reason")
    @ApiResponse(responseCode = "403", description = "permission-required")
    AuditLog.Verification verify(@AuthenticationPrincipal Actor actor) {
        actor.require(Permission.AUDIT_READ);
        return log.verify();
    }
}
