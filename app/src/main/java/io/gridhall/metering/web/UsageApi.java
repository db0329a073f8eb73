package io.gridhall.metering.web;

import io.gridhall.identity.Actor;
import io.gridhall.metering.internal.Meters;
import io.gridhall.metering.internal.ReviewingReadings;
import io.gridhall.metering.internal.UsageAnalysis;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Usage analysis for staff (INFO-3); the portal's view of the same figures comes with account binding. */
@Tag(name = "Metering: usage analysis")
@RestController
@RequestMapping("/api/v1/metering/meters/{id}/usage")
class UsageApi {

    private final ReviewingReadings review;
    private final UsageAnalysis usage;

    UsageApi(ReviewingReadings review, UsageAnalysis usage) {
        this.review = review;
        this.usage = usage;
    }

    static void range(LocalDate from, LocalDate to, int maxDays) {
        if (to.isBefore(from) || from.plusDays(maxDays).isBefore(to)) throw Problem.badRequest("bad-range");
    }

    @Operation(summary = "Daily consumption (kWh) from register deltas, interval sums where a register is missing")
    @ApiResponse(responseCode = "200", description = "one entry per day; quality ACTUAL, ESTIMATED or MISSING")
    @ApiResponse(responseCode = "400", description = "range longer than 366 days")
    @ApiResponse(responseCode = "404", description = "unknown meter, or in a branch the caller may not see")
    @GetMapping("/daily")
    List<UsageAnalysis.DailyUse> daily(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        review.visibleMeter(actor, id);
        range(from, to, 366);
        return usage.daily(id, from, to);
    }

    @Operation(summary = "Monthly consumption (kWh) with T1..T4, months as yyyy-MM")
    @ApiResponse(
            responseCode = "200",
            description = "one entry per month; quality ACTUAL, ESTIMATED, PARTIAL or MISSING")
    @ApiResponse(responseCode = "400", description = "range longer than 36 months")
    @ApiResponse(responseCode = "404", description = "unknown meter, or in a branch the caller may not see")
    @GetMapping("/monthly")
    List<UsageAnalysis.MonthlyUse> monthly(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam YearMonth from,
            @RequestParam YearMonth to) {
        review.visibleMeter(actor, id);
        if (to.isBefore(from) || from.plusMonths(36).isBefore(to)) throw Problem.badRequest("bad-range");
        return usage.monthly(id, from, to);
    }

    @Operation(summary = "The 15-minute load curve of a day: kWh per slot and mean kW")
    @ApiResponse(responseCode = "200", description = "96 points; missing slots have no value")
    @ApiResponse(responseCode = "404", description = "unknown meter, or in a branch the caller may not see")
    @GetMapping("/load-curve")
    List<UsageAnalysis.CurvePoint> loadCurve(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        review.visibleMeter(actor, id);
        return usage.loadCurve(id, day);
    }

    @Operation(summary = "Time-of-use shares (T1..T4) of the forward energy in a period")
    @ApiResponse(responseCode = "200", description = "kWh and percent per tariff")
    @ApiResponse(responseCode = "404", description = "unknown meter or no registers at both ends of the period")
    @GetMapping("/tou")
    UsageAnalysis.TouShares tou(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        review.visibleMeter(actor, id);
        range(from, to, 366);
        return usage.tou(id, from, to).orElseThrow(() -> Problem.notFound("registers"));
    }

    @Operation(
            summary = "Comparison with similar customers: same class in the same transformer area (or branch)",
            description = "Median and quartiles of the peers' use and this meter's percentile; needs at least 5 peers.")
    @ApiResponse(responseCode = "200", description = "the comparison")
    @ApiResponse(responseCode = "404", description = "unknown meter, no registers, or too few similar customers")
    @GetMapping("/comparison")
    UsageAnalysis.Comparison comparison(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Meters.Meter meter = review.visibleMeter(actor, id);
        range(from, to, 366);
        return usage.compare(meter, from, to).orElseThrow(() -> Problem.notFound("comparison"));
    }
}
