package io.gridhall.notification.web;

import io.gridhall.notification.Category;
import io.gridhall.notification.internal.MessageCentre;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The customer's in-app message centre. */
@RestController
@RequestMapping("/api/v1/portal/messages")
@Tag(name = "Message centre", description = "In-app messages of the signed-in customer")
class MessageCentreApi {

    record MessageView(
            long id, Category category, String subject, String body, OffsetDateTime createdAt, boolean read) {}

    record MessagePage(List<MessageView> items, int page, int size, long total, long unread) {}

    private final MessageCentre centre;
    private final PortalCustomers customers;

    MessageCentreApi(MessageCentre centre, PortalCustomers customers) {
        this.centre = centre;
        this.customers = customers;
    }

    @GetMapping
    @Operation(summary = "List my messages, newest first, with the unread count")
    @ApiResponse(responseCode = "200", description = "One page of messages")
    @ApiResponse(responseCode = "400", description = "Bad paging parameters (problem)")
    @ApiResponse(responseCode = "401", description = "Not signed in")
    @ApiResponse(responseCode = "403", description = "Not a customer (problem)")
    MessagePage list(
            @AuthenticationPrincipal Object principal,
            @Parameter(description = "page number from 0") @RequestParam(defaultValue = "0") @Min(0) int page,
            @Parameter(description = "page size, 1-100") @RequestParam(defaultValue = "20") @Min(1) @Max(100)
                    int size) {
        long userId = customers.userId(principal);
        MessageCentre.Page result = centre.page(userId, page, size);
        return new MessagePage(
                result.items().stream()
                        .map(m -> new MessageView(
                                m.id(), m.category(), m.subject(), m.body(), m.createdAt(), m.readAt() != null))
                        .toList(),
                page,
                size,
                result.total(),
                result.unread());
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "Mark one of my messages read (repeating it is harmless)")
    @ApiResponse(responseCode = "204", description = "Marked read")
    @ApiResponse(responseCode = "401", description = "Not signed in")
    @ApiResponse(responseCode = "403", description = "Not a customer (problem)")
    @ApiResponse(responseCode = "404", description = "No such message of mine (problem)")
    ResponseEntity<Void> markRead(@AuthenticationPrincipal Object principal, @PathVariable long id) {
        long userId = customers.userId(principal);
        if (!centre.markRead(userId, id)) {
            throw new Problem(HttpStatus.NOT_FOUND, "not-found", new DefaultMessageSourceResolvable("object.message"));
        }
        return ResponseEntity.noContent().build();
    }
}
