package io.gridhall.metering.web;

import io.gridhall.grid.Grid;
import io.gridhall.grid.MeterView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.SupplyAccountOwnership;
import io.gridhall.metering.internal.Meters;
import io.gridhall.metering.internal.UsageAnalysis;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The portal's usage page (INFO-3) for a supply account the signed-in customer has bound. */
@Tag(name = "Portal: usage")
@RestController
@RequestMapping("/api/v1/portal/accounts/{id}/usage")
class PortalUsageApi {

    record UsageOut(
            long supplyAccountId,
            LocalDate from,
            LocalDate to,
            List<UsageAnalysis.DailyUse> daily,
            List<UsageAnalysis.MonthlyUse> monthly,
            LocalDate curveDay,
            List<UsageAnalysis.CurvePoint> loadCurve,
            UsageAnalysis.TouShares tou,
            UsageAnalysis.Comparison comparison) {}

    private final SupplyAccountOwnership ownership;
    private final Grid grid;
    private final Meters meters;
    private final UsageAnalysis usage;
    private final Clock clock;

    PortalUsageApi(SupplyAccountOwnership ownership, Grid grid, Meters meters, UsageAnalysis usage, Clock clock) {
        this.ownership = ownership;
        this.grid = grid;
        this.meters = meters;
        this.usage = usage;
        this.clock = clock;
    }

    @Operation(
            summary = "Daily and monthly use, the 15-minute load curve, TOU shares and a comparison with similar"
                    + " customers for one of the caller's bound supply accounts",
            description = "Defaults: the 30 days up to yesterday, 12 months, the curve of the last day. The comparison"
                    + " (median and quartiles of the same class in the same transformer area or branch) is absent when"
                    + " fewer than 5 customers compare.")
    @ApiResponse(responseCode = "200", description = "the usage figures")
    @ApiResponse(responseCode = "400", description = "range longer than 366 days")
    @ApiResponse(responseCode = "403", description = "not a portal customer")
    @ApiResponse(responseCode = "404", description = "not an account bound to the caller, or it has no meter")
    @GetMapping
    UsageOut usage(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(defaultValue = "12") int months) {
        if (!actor.isCustomer()) throw Problem.forbidden("portal-customers-only");
        if (!ownership.isBoundTo(actor.userId(), id)) throw Problem.notFound("supply-account");
        MeterView meterView = grid.metersOfAccounts(List.of(id)).getOrDefault(id, List.of()).stream()
                .min(Comparator.comparingLong(MeterView::id))
                .orElseThrow(() -> Problem.notFound("supply-account"));
        Meters.Meter meter = meters.byId(meterView.id()).orElseThrow(() -> Problem.notFound("supply-account"));
        LocalDate end = to != null ? to : LocalDate.now(clock).minusDays(1);
        LocalDate start = from != null ? from : end.minusDays(29);
        UsageApi.range(start, end, 366);
        if (months < 1 || months > 36) throw Problem.badRequest("bad-range");
        LocalDate curveDay = day != null ? day : end;
        YearMonth lastMonth = YearMonth.from(end);
        UsageAnalysis.Page page =
                usage.page(meter, start, end, lastMonth.minusMonths(months - 1L), lastMonth, curveDay);
        return new UsageOut(
                id,
                start,
                end,
                page.daily(),
                page.monthly(),
                curveDay,
                page.loadCurve(),
                page.tou().orElse(null),
                page.comparison().orElse(null));
    }
}
