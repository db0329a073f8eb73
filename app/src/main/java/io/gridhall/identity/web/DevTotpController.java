package io.gridhall.identity.web;

import io.gridhall.identity.internal.StaffAccounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo only: the current TOTP code of every member of staff, so the developer inbox can show it next to
 * the demo sign-ins. Outside the {@code demo} profile this controller does not exist (404).
 */
@RestController
@Profile("demo")
class DevTotpController {

    private final StaffAccounts staff;

    DevTotpController(StaffAccounts staff) {
        this.staff = staff;
    }

    @GetMapping("/api/v1/dev/totp")
    @Operation(summary = "Demo profile only: the current TOTP code of each active member of staff")
    @ApiResponse(responseCode = "200", description = "[{username, code, secondsLeft}], by username")
    List<StaffAccounts.CurrentCode> codes() {
        return staff.currentCodeList();
    }
}
