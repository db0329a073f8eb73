package io.gridhall.metering.web;

import io.gridhall.identity.Actor;
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
            description = "registerRate: % of active meters with an actual frozen register for the day;"
                    + " intervalRate: % of their 15-minute slots that are actual or edited. Only the caller's branches."
                    + " Each row names its branch or area (code and name) so a page needs no further requests.")
    @ApiResponse(responseCode = "200", description = "a total and one row per group, ordered by group id")
    @ApiResponse(responseCode = "400", description = "groupBy is not branch or area, or day is not a date")
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
            default -> throw Problem.badRequest("bad-group-by", RowProblem.truncated(groupBy));
        };
        return rates.report(day, by, actor.branchScope());
    }

    @Operation(
            summary = "Daily collection success rates for a range of days, for trends (MR-1)",
            description =
                    "One entry per day from..to (both included, at most 92 days): the total of the caller's branches"
                            + " with the same figures as the one-day report, and per branch when perBranch is true."
                            + " Days without readings have rate 0; rates are null when there are no meters.")
    @ApiResponse(responseCode = "200", description = "one entry per day, oldest first")
    @ApiResponse(
            responseCode = "400",
            description = "from or to missing or not a date, to before from, or more than 92 days")
    @ApiResponse(responseCode = "403", description = "needs permission METER_READ")
    @GetMapping("/collection-rate/daily")
    CollectionRates.RangeReport daily(
            @AuthenticationPrincipal Actor actor,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "false") boolean perBranch) {
        actor.require(Permission.METER_READ);
        return rates.range(from, to, actor.branchScope(), perBranch);
    }
}
