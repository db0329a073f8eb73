package io.gridhall.notification.web;

import io.gridhall.notification.Channel;
import io.gridhall.notification.internal.DevInbox;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Simulated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the simulated operators were given, for the demo (read the sign-in code "sent" to a phone)
 * and tests. Open without sign-in, and therefore present only in the demo and the tests
 * ({@link Simulated}); in production the path does not exist.
 */
@RestController
@Simulated
@Tag(
        name = "Dev inbox",
        description = "Demo and test only: messages handed to the simulated SMS, WeChat and mail operators")
class DevInboxApi {

    /** @param address masked like every response; filter with the full address */
    record EntryView(
            long id,
            Channel channel,
            String address,
            String subject,
            String body,
            String providerMessageId,
            OffsetDateTime createdAt) {}

    private final DevInbox inbox;

    DevInboxApi(DevInbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping("/api/v1/dev/inbox")
    @Operation(summary = "List the latest SMS, WeChat and e-mail messages handed to the operators (demo only)")
    @ApiResponse(responseCode = "200", description = "Newest first")
    @ApiResponse(responseCode = "400", description = "Invalid filter (problem)")
    @ApiResponse(responseCode = "404", description = "Outside the demo: the dev inbox does not exist")
    List<EntryView> latest(
            @Parameter(description = "exact phone, e-mail or openid") @RequestParam(required = false) String address,
            @RequestParam(required = false) Channel channel,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return inbox.latest(address, channel, limit).stream()
                .map(e -> new EntryView(
                        e.id(),
                        e.channel(),
                        mask(e.channel(), e.address()),
                        e.subject(),
                        e.body(),
                        e.providerMessageId(),
                        e.createdAt()))
                .toList();
    }

    private static String mask(Channel channel, String address) {
        return switch (channel) {
            case SMS -> PersonalData.maskPhone(address);
            case EMAIL -> PersonalData.maskEmail(address);
            default -> address.length() <= 6 ? "****" : address.substring(0, 4) + "****";
        };
    }
}
