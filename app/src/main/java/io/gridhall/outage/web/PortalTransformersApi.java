package io.gridhall.outage.web;

import io.gridhall.identity.Actor;
import io.gridhall.outage.DedicatedTransformers;
import io.gridhall.outage.TransformerStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** INFO-1 in the portal: the caller's dedicated transformers (专变), on or off since when, restoration expected. */
@Tag(name = "Portal: outages")
@RestController
@ApiResponse(responseCode = "403", description = "Not a portal customer")
class PortalTransformersApi {

    private final DedicatedTransformers transformers;

    PortalTransformersApi(DedicatedTransformers transformers) {
        this.transformers = transformers;
    }

    @GetMapping("/api/v1/portal/outages/transformers")
    @Operation(summary = "The dedicated transformers of the caller's accounts with their supply status")
    List<TransformerStatus> mine(@AuthenticationPrincipal Actor actor) {
        return transformers.mine(actor);
    }
}
