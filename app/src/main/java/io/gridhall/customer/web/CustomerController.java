package io.gridhall.customer.web;

import io.gridhall.customer.internal.CustomerDesk;
import io.gridhall.customer.internal.CustomerDesk.AccountListPage;
import io.gridhall.customer.internal.CustomerDesk.CustomerDetail;
import io.gridhall.customer.internal.CustomerDesk.SearchPage;
import io.gridhall.customer.internal.CustomerDesk.Unmasked;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import io.gridhall.identity.Actor;
import io.gridhall.shared.InvalidFields;
import io.gridhall.shared.MeaningfulReason;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Validator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Customer records for staff, limited to their branches; personal data masked unless unmasked with a reason. */
@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "Customers", description = "Customer search, customer 360, registration and edits (staff)")
@ApiResponse(responseCode = "401", description = "Not signed in")
@ApiResponse(responseCode = "403", description = "Lacks the permission")
class CustomerController {

    record UnmaskRequest(@MeaningfulReason String reason) {}

    private final CustomerDesk desk;
    private final Validator validator;

    CustomerController(CustomerDesk desk, Validator validator) {
        this.desk = desk;
        this.validator = validator;
    }

    @GetMapping
    @Operation(
            summary = "Searches by account number (exact or prefix), name, phone, address, meter asset number or"
                    + " communication address (CUSTOMER_READ)")
    SearchPage search(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return desk.search(actor, q, page, size);
    }

    @GetMapping("/below")
    @Operation(
            summary = "Supply accounts below a topology node (substation, line, area, box or meter), one page,"
                    + " masked, with their customers (CUSTOMER_READ)")
    @ApiResponse(responseCode = "404", description = "Unknown node or one outside the caller's branches")
    AccountListPage below(
            @AuthenticationPrincipal Actor actor,
            @RequestParam String nodeType,
            @RequestParam long nodeId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return desk.accountsBelow(actor, new NodeRef(NodeType.fromSlug(nodeType), nodeId), page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Customer 360: accounts, contacts, meters, supply path of each account, group links (masked)")
    @ApiResponse(responseCode = "404", description = "Unknown customer or one outside the caller's branches")
    CustomerDetail view(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        return desk.view(actor, id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Registers a customer with its owner contact and, given an address, its first supply account"
                    + " (CUSTOMER_WRITE)")
    @ApiResponse(responseCode = "400", description = "Invalid fields, listed in errors")
    @ApiResponse(responseCode = "404", description = "Branch outside the caller's")
    CustomerDetail create(@AuthenticationPrincipal Actor actor, @Valid @RequestBody CustomerForm form) {
        return desk.create(actor, form.input());
    }

    @PatchMapping("/{id}")
    @Operation(
            summary = "Edits a customer and its owner contact: only the fields given change (CUSTOMER_WRITE)",
            description = "A field left out or null keeps its stored value, so masked values are never sent back; an"
                    + " empty email clears it. The fields given (and the ID number when the kind changes, the"
                    + " contracted capacity when the class changes) must pass the registration rules. Audited with"
                    + " the changed fields' old and new values masked.")
    @ApiResponse(responseCode = "400", description = "Invalid fields, listed in errors")
    @ApiResponse(responseCode = "404", description = "Unknown customer or one outside the caller's branches")
    CustomerDetail update(
            @AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestBody CustomerChange change) {
        return desk.update(
                actor,
                id,
                stored ->
                        checked(change, change.applyTo(CustomerForm.of(stored))).input());
    }

    /**
     * The edited customer if the fields the change touches pass the rules; a stored value the change leaves alone is
     * not judged again (records older than a rule stay editable).
     */
    private CustomerForm checked(CustomerChange change, CustomerForm edited) {
        BeanPropertyBindingResult all = new BeanPropertyBindingResult(edited, "customerForm");
        validator.validate(edited, all);
        BeanPropertyBindingResult shown = new BeanPropertyBindingResult(edited, "customerForm");
        all.getFieldErrors().stream()
                .filter(e -> change.checked().contains(e.getField()))
                .forEach(shown::addError);
        if (shown.hasErrors()) throw new InvalidFields(shown);
        return edited;
    }

    @PostMapping("/{id}/unmask")
    @Operation(summary = "Shows name, ID number, phones and addresses in full (PERSONAL_DATA_UNMASK, reason, audited)")
    @ApiResponse(
            responseCode = "400",
            description = "Reason missing or not meaningful: 4 to 200 characters, at least 2 letters or ideographs")
    @ApiResponse(responseCode = "404", description = "Unknown customer or one outside the caller's branches")
    Unmasked unmask(
            @AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody UnmaskRequest request) {
        return desk.unmask(actor, id, request.reason());
    }
}
