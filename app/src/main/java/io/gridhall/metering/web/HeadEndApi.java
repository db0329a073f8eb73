package io.gridhall.metering.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.metering.internal.FrameLog;
import io.gridhall.metering.internal.HeadEnd;
import io.gridhall.metering.internal.Meters;
import io.gridhall.metering.internal.ReadingMeters;
import io.gridhall.metering.internal.ReviewingReadings;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Metering: head-end")
@RestController
@RequestMapping("/api/v1/metering")
class HeadEndApi {

    private final ReviewingReadings review;
    private final ReadingMeters reading;
    private final FrameLog frames;
    private final HeadEnd headEnd;

    HeadEndApi(ReviewingReadings review, ReadingMeters reading, FrameLog frames, HeadEnd headEnd) {
        this.review = review;
        this.reading = reading;
        this.frames = frames;
        this.headEnd = headEnd;
    }

    @Operation(
            summary =
                    "Read a meter now over DL/T 645: registers (kWh), relay and protect state, clock, remaining money",
            description = "Nothing is stored but the frames; a meter that does not answer within the head-end's"
                    + " timeout and retries gives 504.")
    @ApiResponse(responseCode = "200", description = "the values read")
    @ApiResponse(responseCode = "403", description = "needs permission METER_READ")
    @ApiResponse(responseCode = "404", description = "unknown meter, or in a branch the caller may not see")
    @ApiResponse(responseCode = "504", description = "problem meter-unreachable")
    @PostMapping("/meters/{id}/read")
    ReadingMeters.MeterState read(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        Meters.Meter meter = review.visibleMeter(actor, id);
        return reading.readNow(meter)
                .orElseThrow(() -> new Problem(HttpStatus.GATEWAY_TIMEOUT, "meter-unreachable", meter.address()));
    }

    @Operation(summary = "Frames exchanged with a meter in the last days, newest first (hex, OUT = to the meter)")
    @ApiResponse(responseCode = "200", description = "frames")
    @ApiResponse(responseCode = "404", description = "unknown meter, or in a branch the caller may not see")
    @GetMapping("/meters/{id}/frames")
    List<FrameLog.FrameView> frames(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        review.visibleMeter(actor, id);
        frames.flush();
        return frames.recent(id, limit);
    }

    @Operation(summary = "Concentrators and DTUs connected to the head-end now")
    @ApiResponse(responseCode = "200", description = "link ids")
    @ApiResponse(responseCode = "403", description = "needs permissions METER_READ and ALL_BRANCHES")
    @GetMapping("/head-end/links")
    List<String> links(@AuthenticationPrincipal Actor actor) {
        actor.require(Permission.METER_READ);
        actor.require(Permission.ALL_BRANCHES);
        return headEnd.links();
    }
}
