package io.gridhall.customer.web;

import io.gridhall.customer.internal.PortalAccounts;
import io.gridhall.customer.internal.PortalAccounts.ChangeStatus;
import io.gridhall.customer.internal.PortalAccounts.ContactField;
import io.gridhall.customer.internal.PortalAccounts.Equipment;
import io.gridhall.customer.internal.PortalAccounts.PortalAccount;
import io.gridhall.identity.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The customer portal's supply accounts (customer actors only). */
@RestController
@RequestMapping("/api/v1/portal/accounts")
@Tag(
        name = "Portal accounts",
        description = "Binding supply accounts, their details and equipment, phone and e-mail changes")
@ApiResponse(responseCode = "401", description = "Not signed in")
@ApiResponse(responseCode = "403", description = "Not a portal customer")
class PortalAccountController {

    record BindRequest(
            @NotBlank @Pattern(regexp = "^[0-9]{10}$") String accountNumber,
            @NotBlank @Size(max = 100) String accountName,
            @Pattern(regexp = "^[0-9]{6}$") String servicePassword,
            @Pattern(regexp = "^[0-9]{5}[0-9Xx]$") String idNumberLast6) {

        @AssertTrue(message = "{BindRequest.proof}")
        boolean isProofGiven() {
            return (servicePassword != null && !servicePassword.isBlank())
                    || (idNumberLast6 != null && !idNumberLast6.isBlank());
        }
    }

    /** Exactly one of a new phone or a new e-mail address (the staff form's rule), with the code in step two. */
    record ContactChangeRequest(
            @Pattern(regexp = "^(\\+?86)?1[3-9][0-9]{9}$", message = "{Phone}")
            String phone,

            @Pattern(regexp = CustomerForm.EMAIL, message = "{Customer.email.invalid}")
            @Size(max = 200, message = "{Customer.tooLong}")
            String email,

            @Pattern(regexp = "^[0-9]{6}$") String code) {

        @AssertTrue(message = "{ContactChangeRequest.oneField}")
        boolean isOneFieldGiven() {
            return given(phone) != given(email);
        }

        private static boolean given(String s) {
            return s != null && !s.isBlank();
        }

        ContactField field() {
            return given(email) ? ContactField.EMAIL : ContactField.PHONE;
        }

        String value() {
            return given(email) ? email : phone;
        }
    }

    private final PortalAccounts accounts;

    PortalAccountController(PortalAccounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    @Operation(summary = "My accounts: bound ones and, for a group, its subsidiaries' (masked)")
    List<PortalAccount> list(@AuthenticationPrincipal Actor actor) {
        return accounts.list(actor);
    }

    @PostMapping("/bind")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Binds an account given its number, account name and the service password or the last six"
                    + " characters of the owner's ID number")
    @ApiResponse(responseCode = "400", description = "Malformed request, listed in errors")
    @ApiResponse(responseCode = "404", description = "No account matches all the details given (never says which)")
    PortalAccount bind(@AuthenticationPrincipal Actor actor, @Valid @RequestBody BindRequest request) {
        return accounts.bind(
                actor,
                request.accountNumber(),
                request.accountName(),
                request.servicePassword(),
                request.idNumberLast6());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unbinds an account")
    @ApiResponse(responseCode = "404", description = "Not bound by this user")
    void unbind(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        accounts.unbind(actor, id);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One of my accounts (masked)")
    @ApiResponse(responseCode = "404", description = "Unknown or not mine")
    PortalAccount get(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        return accounts.get(actor, id);
    }

    @GetMapping("/{id}/equipment")
    @Operation(summary = "My supply equipment: branch, substation, line, transformer area, meter box, meters (INFO-1)")
    @ApiResponse(responseCode = "404", description = "Unknown or not mine")
    Equipment equipment(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        return accounts.equipment(actor, id);
    }

    @PostMapping("/{id}/contact-change")
    @Operation(
            summary = "Changes the owner's phone or e-mail address (exactly one of phone, email): without code sends a"
                    + " code by SMS to the new phone or by e-mail to the new address (202); with the code makes the"
                    + " change (200); audited")
    @ApiResponse(
            responseCode = "400",
            description = "Malformed phone or address, neither or both given, or wrong, expired or used-up code")
    @ApiResponse(responseCode = "404", description = "Unknown or not bound by this user")
    ResponseEntity<ChangeStatus> contactChange(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @Valid @RequestBody ContactChangeRequest request) {
        ChangeStatus status = accounts.changeContact(actor, id, request.field(), request.value(), request.code());
        return ResponseEntity.status(
                        request.code() == null || request.code().isBlank() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(status);
    }
}
