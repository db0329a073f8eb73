package io.gridhall.outage.web;

import io.gridhall.identity.Actor;
import io.gridhall.outage.OutageSubscriptions;
import io.gridhall.outage.SubscriptionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The portal's outage subscriptions (OUT-2): accounts or whole transformer areas whose notices the caller hears. */
@Tag(name = "Portal: outages")
@RestController
@RequestMapping("/api/v1/portal/outage-subscriptions")
@ApiResponse(responseCode = "403", description = "Not a portal customer")
class PortalSubscriptionsApi {

    /**
     * @param accountName the holder's name (户名), needed for an account not bound to the caller
     * @param area true: the account's whole transformer area
     */
    record SubscribeIn(
            @NotBlank @Pattern(regexp = "[0-9]{10}") String accountNumber,
            @Size(max = 100) String accountName,
            boolean area) {}

    private final OutageSubscriptions subscriptions;

    PortalSubscriptionsApi(OutageSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping
    @Operation(summary = "The caller's subscriptions")
    List<SubscriptionView> mine(@AuthenticationPrincipal Actor actor) {
        return subscriptions.mine(actor);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Subscribes to an account's outage notices, or its whole transformer area's",
            description = "Idempotent: the same subscription again returns the one there is. An account not bound to"
                    + " the caller needs the holder's name; a wrong name is the same 404 as an unknown number.")
    @ApiResponse(responseCode = "400", description = "Bad account number, or 20 subscriptions already")
    @ApiResponse(responseCode = "404", description = "No such account with that holder")
    SubscriptionView subscribe(@AuthenticationPrincipal Actor actor, @Valid @RequestBody SubscribeIn in) {
        return subscriptions.subscribe(actor, in.accountNumber(), in.accountName(), in.area());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Ends a subscription of the caller's")
    @ApiResponse(responseCode = "404", description = "Not the caller's subscription")
    void unsubscribe(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        subscriptions.unsubscribe(actor, id);
    }
}
