package io.gridhall.identity.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.StaffDirectory.NewStaff;
import io.gridhall.identity.internal.StaffAccounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Staff administration (STAFF_ADMIN): every change is audited and signs the person out. */
@RestController
@RequestMapping("/api/v1/staff")
@Validated
class StaffAdminController {

    private final StaffAccounts staff;

    StaffAdminController(StaffAccounts staff) {
        this.staff = staff;
    }

    record CreateStaff(
            @NotBlank @Size(max = 40) String username,
            @NotBlank @Size(max = 100) String displayName,
            @NotBlank @Size(max = 128) String password,
            @NotNull @Size(max = 20) Set<Role> roles,
            @NotNull @Size(max = 1000) Set<Long> branches) {}

    record NewPassword(@NotBlank @Size(max = 128) String newPassword) {}

    record Access(
            @NotNull @Size(max = 20) Set<Role> roles,
            @NotNull @Size(max = 1000) Set<Long> branches) {}

    @GetMapping
    @Operation(summary = "List staff of the branches the administrator sees")
    @ApiResponse(responseCode = "200", description = "A page of staff, by username")
    @ApiResponse(responseCode = "403", description = "permission-required")
    List<StaffAccounts.StaffView> list(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return staff.list(actor, page, size);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a member of staff; the answer carries the TOTP enrolment URI once")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "invalid-input, username-invalid, password-weak")
    @ApiResponse(responseCode = "403", description = "permission-required")
    @ApiResponse(responseCode = "404", description = "a branch the administrator does not see")
    @ApiResponse(responseCode = "409", description = "username-taken")
    StaffAccounts.Created create(@AuthenticationPrincipal Actor actor, @Valid @RequestBody CreateStaff body) {
        return staff.createByAdmin(
                actor,
                new NewStaff(
                        body.username(),
                        body.displayName(),
                        body.password(),
                        null,
                        body.roles(),
                        branches(body.branches())));
    }

    @PostMapping("/{id}/disable")
    @Operation(summary = "Disable a member of staff and end their sessions")
    @ApiResponse(responseCode = "204", description = "Disabled")
    @ApiResponse(responseCode = "400", description = "cannot-disable-self")
    @ApiResponse(responseCode = "403", description = "permission-required")
    @ApiResponse(responseCode = "404", description = "not-found")
    ResponseEntity<Void> disable(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        staff.setDisabled(actor, id, true);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/enable")
    @Operation(summary = "Enable a disabled member of staff")
    @ApiResponse(responseCode = "204", description = "Enabled")
    @ApiResponse(responseCode = "403", description = "permission-required")
    @ApiResponse(responseCode = "404", description = "not-found")
    ResponseEntity<Void> enable(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        staff.setDisabled(actor, id, false);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/password")
    @Operation(summary = "Set a new password and end the person's sessions")
    @ApiResponse(responseCode = "204", description = "Reset")
    @ApiResponse(responseCode = "400", description = "password-weak")
    @ApiResponse(responseCode = "403", description = "permission-required")
    @ApiResponse(responseCode = "404", description = "not-found")
    ResponseEntity<Void> resetPassword(
            @AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody NewPassword body) {
        staff.resetPassword(actor, id, body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{id}/access")
    @Operation(summary = "Replace a member of staff's roles and branches")
    @ApiResponse(responseCode = "204", description = "Changed")
    @ApiResponse(responseCode = "403", description = "permission-required")
    @ApiResponse(responseCode = "404", description = "not-found")
    ResponseEntity<Void> setAccess(
            @AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody Access body) {
        staff.setAccess(actor, id, body.roles(), branches(body.branches()));
        return ResponseEntity.noContent().build();
    }

    private static Set<BranchId> branches(Set<Long> ids) {
        return ids.stream().map(BranchId::new).collect(Collectors.toSet());
    }
}
