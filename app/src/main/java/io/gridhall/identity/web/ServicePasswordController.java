package io.gridhall.identity.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.ServicePasswords;
import io.gridhall.identity.SupplyAccountOwnership;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The portal's service password reset: a fresh code to the customer's phone, then the new password. */
@RestController
class ServicePasswordController {

    private final ServicePasswords passwords;
    private final ObjectProvider<SupplyAccountOwnership> ownership;

    ServicePasswordController(ServicePasswords passwords, ObjectProvider<SupplyAccountOwnership> ownership) {
        this.passwords = passwords;
        this.ownership = ownership;
    }

    record Reset(
            @NotNull Long supplyAccountId,
            @NotBlank @Size(max = 10) String code,
            @NotBlank @Size(max = 10) String newPassword) {}

    @PostMapping("/api/v1/auth/customer/service-password")
    @Operation(summary = "Reset the service password of one's own supply account with a SERVICE_PASSWORD_RESET code")
    @ApiResponse(responseCode = "204", description = "Reset")
    @ApiResponse(
            responseCode = "400",
            description =
                    "service-password-format, service-password-weak, otp-wrong, otp-expired, otp-exhausted, otp-missing")
    @ApiResponse(responseCode = "401", description = "not-signed-in")
    @ApiResponse(responseCode = "404", description = "not-found: the account is not bound to the customer")
    ResponseEntity<Void> reset(@AuthenticationPrincipal Actor actor, @Valid @RequestBody Reset body) {
        if (actor == null || !actor.isCustomer()) throw new Problem(HttpStatus.UNAUTHORIZED, "not-signed-in");
        SupplyAccountOwnership owners = ownership.getIfAvailable();
        if (owners == null || !owners.isBoundTo(actor.userId(), body.supplyAccountId())) {
            throw Problem.notFound("supply-account");
        }
        passwords.resetWithOtp(actor, body.supplyAccountId(), body.code(), body.newPassword());
        return ResponseEntity.noContent().build();
    }
}
