package io.gridhall.metering.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.metering.CommandAction;
import io.gridhall.metering.MeterCommandView;
import io.gridhall.metering.MeterCommands;
import io.gridhall.metering.RequestCommand;
import io.gridhall.metering.internal.CommandingMeters;
import io.gridhall.metering.internal.ReviewingReadings;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Metering: meter commands")
@RestController
@RequestMapping("/api/v1/metering")
class CommandsApi {

    record CommandIn(
            @NotBlank @Size(max = 100) String intentId,
            @NotNull CommandAction action,
            @NotNull @Future Instant validUntil,
            @Size(max = 500) String reason) {}

    private final MeterCommands commands;
    private final ReviewingReadings review;
    private final MessageSource messages;

    CommandsApi(MeterCommands commands, ReviewingReadings review, MessageSource messages) {
        this.commands = commands;
        this.review = review;
        this.messages = messages;
    }

    @Operation(
            summary = "Send a remote control command (trip, close, alarm, protect) to a meter",
            description = "Returns at once with state REQUESTED; the head-end sends it on the meter's own link under a"
                    + " lease (taken back after a crash), with bounded retries, and verifies it by reading status word 3"
                    + " for the bits its control type produces. The same intentId returns the same command (intent ids are"
                    + " per branch scope: another branch's use of one is never seen); a new"
                    + " intent supersedes the meter's commands not yet sent and waits for one being sent or verified."
                    + " A TRIP needs a reason (at least two letters or digits). Audited with the operator and reason.")
    @ApiResponse(responseCode = "202", description = "the command")
    @ApiResponse(
            responseCode = "400",
            description =
                    "invalid input, valid-until in the past, or a trip without a reason (command-reason-required)")
    @ApiResponse(responseCode = "403", description = "needs permission METER_COMMAND")
    @ApiResponse(responseCode = "404", description = "unknown meter, or in a branch the caller may not see")
    @ApiResponse(
            responseCode = "409",
            description = "the intent id was used in the caller's branch scope for another meter or action")
    @PostMapping("/meters/{id}/commands")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MeterCommandView request(
            @AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody CommandIn in) {
        actor.require(Permission.METER_COMMAND); // before telling anything about the input
        if (in.action() == CommandAction.TRIP && !CommandingMeters.meaningful(in.reason())) {
            // the facade refuses it too; here the form also learns which field to mark
            throw Problem.badRequest("command-reason-required")
                    .with(
                            "errors",
                            List.of(Map.of(
                                    "field",
                                    "reason",
                                    "message",
                                    messages.getMessage(
                                            "problem.command-reason-required.detail",
                                            null,
                                            LocaleContextHolder.getLocale()))));
        }
        return commands.request(
                actor, new RequestCommand(in.intentId().strip(), id, in.action(), in.validUntil(), in.reason()));
    }

    @Operation(summary = "A meter's command history with every state change, newest first")
    @ApiResponse(responseCode = "200", description = "commands")
    @ApiResponse(responseCode = "404", description = "unknown meter, or in a branch the caller may not see")
    @GetMapping("/meters/{id}/commands")
    List<MeterCommandView> history(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        review.visibleMeter(actor, id);
        return commands.history(id);
    }
}
