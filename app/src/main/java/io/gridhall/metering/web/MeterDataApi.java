package io.gridhall.metering.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.RegisterRead;
import io.gridhall.metering.internal.ReadingIntake;
import io.gridhall.metering.internal.Readings;
import io.gridhall.metering.internal.ReviewingReadings;
import io.gridhall.metering.internal.UsageAnalysis;
import io.gridhall.metering.internal.ValidatingReadings;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The console's meter data viewer (values with quality flags), edits, the exception review list and VEE runs. */
@Tag(name = "Metering: meter data and review")
@RestController
@RequestMapping("/api/v1/metering")
class MeterDataApi {

    record SlotOut(int slot, LocalTime start, BigDecimal kwh, String quality) {}

    record IntervalsOut(
            long meterId,
            LocalDate day,
            Channel channel,
            BigDecimal totalKwh,
            int missing,
            int estimated,
            int edited,
            int pending,
            List<SlotOut> slots) {}

    record RegisterOut(
            LocalDate day,
            BigDecimal total,
            BigDecimal t1,
            BigDecimal t2,
            BigDecimal t3,
            BigDecimal t4,
            BigDecimal reverse,
            BigDecimal reactive1,
            BigDecimal reactive2,
            String quality) {}

    record EditIn(
            Channel channel,
            @NotNull @Min(1) @Max(96) Integer slot,

            @NotNull @DecimalMin("0") @Digits(integer = 6, fraction = 4)
            BigDecimal kwh,

            @NotBlank @Size(max = 500) String reason) {}

    record ResolveIn(@NotBlank @Size(max = 500) String resolution) {}

    private final ReviewingReadings review;
    private final Readings readings;
    private final ValidatingReadings vee;
    private final Clock clock;

    MeterDataApi(ReviewingReadings review, Readings readings, ValidatingReadings vee, Clock clock) {
        this.review = review;
        this.readings = readings;
        this.vee = vee;
        this.clock = clock;
    }

    /**
     * The day's slots; one that has not ended yet and holds nothing is PENDING and not counted as missing (issue 8:
     * today's curve said 96 slots were missing before noon).
     */
    IntervalsOut out(long meterId, LocalDate day, Channel channel, IntervalDay d) {
        if (d == null) d = IntervalDay.empty(meterId, channel, day);
        int ended = UsageAnalysis.endedSlots(day, clock);
        List<SlotOut> slots = new ArrayList<>(96);
        int missing = 0;
        int pending = 0;
        for (int s = 0; s < 96; s++) {
            boolean gap = d.quality(s) == io.gridhall.metering.Quality.MISSING;
            if (gap && s >= ended) pending++;
            else if (gap) missing++;
            slots.add(new SlotOut(
                    s + 1,
                    LocalTime.MIDNIGHT.plusMinutes(15L * s),
                    BigDecimal.valueOf(d.value(s), 4),
                    gap && s >= ended ? UsageAnalysis.PENDING : d.quality(s).name()));
        }
        return new IntervalsOut(
                meterId,
                day,
                channel,
                BigDecimal.valueOf(d.sum(), 4),
                missing,
                d.count(io.gridhall.metering.Quality.ESTIMATED),
                d.count(io.gridhall.metering.Quality.EDITED),
                pending,
                slots);
    }

    static BigDecimal kwh2(Long v) {
        return v == null ? null : BigDecimal.valueOf(v, 2);
    }

    @Operation(summary = "A meter's 15-minute values for a day with their quality (ACTUAL, ESTIMATED, EDITED, MISSING)")
    @ApiResponse(responseCode = "200", description = "96 slots; a day without data shows 96 MISSING slots")
    @ApiResponse(responseCode = "404", description = "unknown meter, or in a branch the caller may not see")
    @GetMapping("/meters/{id}/intervals")
    IntervalsOut intervals(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(defaultValue = "FORWARD_ACTIVE") Channel channel) {
        review.visibleMeter(actor, id);
        return out(id, day, channel, readings.interval(id, channel, day).orElse(null));
    }

    @Operation(summary = "A meter's daily frozen registers (kWh) between two days")
    @ApiResponse(responseCode = "200", description = "register rows in day order")
    @ApiResponse(responseCode = "400", description = "range longer than 366 days")
    @ApiResponse(responseCode = "404", description = "unknown meter, or in a branch the caller may not see")
    @GetMapping("/meters/{id}/registers")
    List<RegisterOut> registers(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        review.visibleMeter(actor, id);
        if (to.isBefore(from) || from.plusDays(366).isBefore(to)) throw Problem.badRequest("bad-range");
        return readings.registers(id, from, to).stream()
                .map((RegisterRead r) -> new RegisterOut(
                        r.day(),
                        kwh2(r.total()),
                        kwh2(r.t1()),
                        kwh2(r.t2()),
                        kwh2(r.t3()),
                        kwh2(r.t4()),
                        kwh2(r.reverse()),
                        kwh2(r.reactive1()),
                        kwh2(r.reactive2()),
                        r.quality().name()))
                .toList();
    }

    @Operation(summary = "Edit one 15-minute value with a reason (marked EDITED, audited)")
    @ApiResponse(responseCode = "200", description = "the day after the edit")
    @ApiResponse(
            responseCode = "400",
            description = "invalid slot, value or missing reason, or a day before 2000-01-01 or after tomorrow")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "unknown meter, or in a branch the caller may not see")
    @PostMapping("/meters/{id}/intervals/{day}/edits")
    IntervalsOut edit(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @Valid @RequestBody EditIn edit) {
        Channel channel = edit.channel() == null ? Channel.FORWARD_ACTIVE : edit.channel();
        IntervalDay after = review.edit(
                actor,
                id,
                channel,
                day,
                edit.slot(),
                edit.kwh().movePointRight(4).intValueExact(),
                edit.reason().strip());
        return out(id, day, channel, after);
    }

    @Operation(
            summary = "Exceptions found by validation, for review",
            description = "type: GAP, SPIKE, DECREASING_REGISTER, ZERO_USE, SUM_MISMATCH, CLOCK_DRIFT, CONFLICT;"
                    + " status OPEN (default) or RESOLVED; without branch, the caller's branches")
    @ApiResponse(responseCode = "200", description = "newest first, at most `limit`")
    @ApiResponse(responseCode = "403", description = "needs permission METER_READ")
    @GetMapping("/exceptions")
    List<ReviewingReadings.ExceptionView> exceptions(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) Long branch,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(defaultValue = "OPEN") String status,
            @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
        return review.exceptions(actor, branch, type, day, status.equals("ALL") ? null : status, limit);
    }

    @Operation(summary = "Resolve an exception with a note (audited)")
    @ApiResponse(responseCode = "204", description = "resolved")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "unknown exception, or in a branch the caller may not see")
    @ApiResponse(responseCode = "409", description = "already resolved")
    @PostMapping("/exceptions/{id}/resolve")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.NO_CONTENT)
    void resolve(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody ResolveIn body) {
        review.resolve(actor, id, body.resolution().strip());
    }

    @Operation(summary = "Run validation and estimation for a day over all meters now (normally nightly)")
    @ApiResponse(
            responseCode = "200",
            description = "how many meters, findings, estimated days and registers, superseded findings")
    @ApiResponse(responseCode = "400", description = "a day before 2000-01-01 or after today")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING and ALL_BRANCHES")
    @PostMapping("/vee-runs")
    ValidatingReadings.Summary runVee(
            @AuthenticationPrincipal Actor actor,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        actor.require(Permission.BILLING);
        actor.require(Permission.ALL_BRANCHES);
        ReadingIntake.requireReadingDay(day, LocalDate.now(clock));
        return vee.run(day);
    }
}
