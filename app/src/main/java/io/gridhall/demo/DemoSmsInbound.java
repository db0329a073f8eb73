package io.gridhall.demo;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.outage.SmsOutageQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.context.annotation.Profile;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * With profile {@code demo}: an inbound SMS as the operator's gateway would pass it on (issue 11, OUT-2), so the SMS
 * keyword query of outages can be shown without an SMS contract. Staff with CUSTOMER_READ; the reply goes out through the
 * notification outbox like any SMS (the demo's SMS simulator shows it).
 */
@Profile("demo")
@RestController
@RequestMapping("/api/v1/demo/sms-inbound")
@Tag(name = "Demo")
@ApiResponse(responseCode = "401", description = "Not signed in")
@ApiResponse(responseCode = "403", description = "Lacks CUSTOMER_READ")
class DemoSmsInbound {

    record InboundIn(
            @NotBlank @Pattern(regexp = "[0-9A-Za-z_-]{1,64}")
            String messageId,

            @NotBlank @Pattern(regexp = "1[0-9]{10}") String from,
            @NotBlank @Size(max = 70) String text) {}

    record AnswerOut(SmsOutageQueries.Answer answer) {}

    private final SmsOutageQueries queries;

    DemoSmsInbound(SmsOutageQueries queries) {
        this.queries = queries;
    }

    @PostMapping
    @Operation(
            summary = "Simulates an inbound SMS: \"TD\" or \"停电\" and an account number gets the outages back by SMS",
            description = "Answered only to the phone kept for the account; anything else gets a neutral reply.")
    AnswerOut receive(@AuthenticationPrincipal Actor actor, @Valid @RequestBody InboundIn in) {
        actor.require(Permission.CUSTOMER_READ);
        return new AnswerOut(queries.answer(new SmsOutageQueries.InboundSms(in.messageId(), in.from(), in.text())));
    }
}
