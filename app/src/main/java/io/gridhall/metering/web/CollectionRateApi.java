package io.gridhall.metering.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.metering.internal.CollectionRates;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Metering: collection success rate")
@RestController
@RequestMapping("/api/v1/metering")
class CollectionRateApi {

    private final CollectionRates rates;

    CollectionRateApi(CollectionRates rates) {
        this.rates = rates;
    }

    @Operation(
            summary = "Collection success rate for a day, per branch or per transformer area (MR-1)",
            description =
                    "registerRate: % of active meters with an actual frozen register for the day;"
                            + " intervalRate: % of their 15-minute slots that are actual or edited. Only the caller's branches.")
    @ApiResponse(responseCode = "200", description = "a total and one row per group")
    @ApiResponse(responseCode = "400", description = "groupBy is not branch or area")
    @ApiResponse(responseCode = "403", description = "needs permission METER_READ")
    @GetMapping("/collection-rate")
    CollectionRates.Report rate(
            @AuthenticationPrincipal Actor actor,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(defaultValue = "branch") String groupBy) {
        actor.require(Permission.METER_READ);
        CollectionRates.GroupBy by = switch (groupBy) {
            case "branch" -> CollectionRates.GroupBy.BRANCH;
            case "area" -> CollectionRates.GroupBy.AREA;
            default -> throw Problem.badRequest("bad-group-by", groupBy);
        };
        return rates.report(day, by, b -> actor.sees(new BranchId(b)));
    }
}
