package io.gridhall.identity.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.internal.Consents;
import io.gridhall.identity.internal.LegalDocuments;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The user agreement and privacy policy (public), and which versions a signed-in customer accepted. */
@RestController
class LegalController {

    private final Consents consents;

    LegalController(Consents consents) {
        this.consents = consents;
    }

    record ConsentView(List<Consents.Status> documents, Map<String, String> current, boolean pending) {
        static ConsentView of(List<Consents.Status> documents) {
            return new ConsentView(
                    documents, LegalDocuments.current(), documents.stream().anyMatch(Consents.Status::pending));
        }
    }

    /** @param accepted the versions accepted, e.g. {"user-agreement":"2026-12-01","privacy-policy":"2026-12-01"} */
    record Acceptance(@NotNull @Size(max = 4) Map<String, String> accepted) {}

    @GetMapping("/api/v1/legal/{document}")
    @Operation(summary = "The current version and text (Markdown) of user-agreement or privacy-policy")
    @ApiResponse(responseCode = "200", description = "The document in the request's language (zh or en)")
    @ApiResponse(responseCode = "404", description = "not-found")
    LegalDocuments.Text document(@PathVariable String document) {
        var d = LegalDocuments.Document.of(document).orElseThrow(() -> Problem.notFound("legal-document"));
        return LegalDocuments.current(d, LocaleContextHolder.getLocale());
    }

    @GetMapping("/api/v1/auth/consents")
    @Operation(summary = "The documents' current versions and the versions the signed-in customer accepted")
    @ApiResponse(responseCode = "200", description = "pending is true when a current version is not accepted yet")
    @ApiResponse(responseCode = "401", description = "not-signed-in")
    ConsentView status(@AuthenticationPrincipal Actor actor) {
        return ConsentView.of(consents.of(customer(actor).userId()));
    }

    @PostMapping("/api/v1/auth/consents")
    @Operation(summary = "Accept the current versions of the user agreement and privacy policy")
    @ApiResponse(responseCode = "200", description = "Recorded; the new status")
    @ApiResponse(responseCode = "400", description = "consent-required (not every current version accepted)")
    @ApiResponse(responseCode = "401", description = "not-signed-in")
    @ApiResponse(responseCode = "403", description = "csrf-invalid")
    ConsentView accept(
            @Valid @RequestBody Acceptance body, @AuthenticationPrincipal Actor actor, HttpServletRequest request) {
        return ConsentView.of(consents.accept(customer(actor), body.accepted(), request.getRemoteAddr()));
    }

    private static Actor customer(Actor actor) {
        if (actor == null || !actor.isCustomer()) throw new Problem(HttpStatus.UNAUTHORIZED, "not-signed-in");
        return actor;
    }
}
