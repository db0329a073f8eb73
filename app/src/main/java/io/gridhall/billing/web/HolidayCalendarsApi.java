package io.gridhall.billing.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.gridhall.billing.internal.Tariffs;
import io.gridhall.billing.internal.Tariffs.CalendarListed;
import io.gridhall.billing.web.MakerCheckerViews.DecisionIn;
import io.gridhall.billing.web.MakerCheckerViews.SignOffOut;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(
        name = "Billing: holiday calendars",
        description = "The region's holiday calendar by year (days off and 调休 workdays), entered with maker-checker")
@RestController
@RequestMapping("/api/v1/billing/holiday-calendars")
class HolidayCalendarsApi {

    /** One version of a year: PACK (version 0), APPROVED or DRAFT; days sorted. */
    record CalendarVersionOut(
            int version,
            LocalDate effectiveFrom,
            String source,
            LocalDate published,
            List<LocalDate> off,
            List<LocalDate> work,
            @JsonUnwrapped SignOffOut signOff) {

        static CalendarVersionOut of(CalendarListed l, Actor caller) {
            return new CalendarVersionOut(
                    l.version(),
                    l.effectiveFrom(),
                    l.calendar().source(),
                    l.calendar().published(),
                    l.calendar().off().stream().sorted().toList(),
                    l.calendar().work().stream().sorted().toList(),
                    SignOffOut.of(l.signOff(), caller));
        }
    }

    /**
     * A year: {@code inForce} the version rating uses (the latest approved, else the pack's; null while only a draft
     * exists), every version oldest first.
     */
    record YearOut(int year, Integer inForce, List<CalendarVersionOut> versions) {}

    private final Tariffs tariffs;

    HolidayCalendarsApi(Tariffs tariffs) {
        this.tariffs = tariffs;
    }

    @Operation(
            summary = "The region's holiday calendar by year",
            description = "Each year with its versions (from the tariff pack, approved in the console, the open draft)"
                    + " and the one in force. A year without one is rated with weekends only, and bills whose"
                    + " time-of-use schedule prices holidays apart are held (HOLIDAY_CALENDAR_MISSING). Needs BILLING.")
    @ApiResponse(responseCode = "200", description = "years, oldest first")
    @ApiResponse(responseCode = "400", description = "never: there is no input")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "never: a region without a calendar is an empty list")
    @GetMapping
    List<YearOut> list(@AuthenticationPrincipal Actor actor) {
        actor.require(Permission.BILLING);
        Map<Integer, List<CalendarListed>> byYear = new LinkedHashMap<>();
        for (CalendarListed l : tariffs.calendars())
            byYear.computeIfAbsent(l.year(), y -> new ArrayList<>()).add(l);
        List<YearOut> out = new ArrayList<>();
        byYear.forEach((year, versions) -> {
            Integer inForce = null;
            for (CalendarListed l : versions) if (l.signOff().inForce()) inForce = l.version();
            out.add(new YearOut(
                    year,
                    inForce,
                    versions.stream().map(l -> CalendarVersionOut.of(l, actor)).toList()));
        });
        return out;
    }

    @Operation(
            summary = "Enter or import a year's calendar (a draft)",
            description = "The body is the year in the tariff pack's format: source (the notice's name), published (its"
                    + " date), off (days off: dates or ranges such as 2027-10-01..2027-10-07) and work (weekend days worked"
                    + " instead). Every problem is listed with where it is; days already billed (up to today or the last"
                    + " day a bill covers) cannot change. One open draft per year; another member of staff approves it."
                    + " Audited (billing.calendar.draft). Needs BILLING.")
    @ApiResponse(responseCode = "201", description = "the draft")
    @ApiResponse(
            responseCode = "400",
            description = "the year does not validate (calendar-invalid, every problem in errors), or it changes days"
                    + " already billed (calendar-days-billed, with the days)")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "never: any year from 2000 to 2099 may be entered")
    @ApiResponse(responseCode = "409", description = "the year has an open draft (calendar-draft-open)")
    @PostMapping("/{year}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    CalendarVersionOut draft(
            @AuthenticationPrincipal Actor actor, @PathVariable int year, @RequestBody JsonNode calendar) {
        actor.require(Permission.BILLING);
        return CalendarVersionOut.of(
                tariffs.draftCalendar(
                        actor, year, MakerCheckerViews.draftBody(tariffs, calendar, "calendar", "calendar")),
                actor);
    }

    @Operation(
            summary = "Approve or reject a year's draft",
            description = "APPROVE by a member of staff other than the one who entered it: the year is frozen and rates"
                    + " every period not yet billed (the billed days are checked again); REJECT (with a reason) drops the"
                    + " draft. Audited (billing.calendar.approve, billing.calendar.reject). Needs BILLING.")
    @ApiResponse(responseCode = "200", description = "the version")
    @ApiResponse(
            responseCode = "400",
            description = "invalid input, a rejection without a reason (calendar-reject-reason), or days billed since"
                    + " the draft that it changes (calendar-days-billed)")
    @ApiResponse(
            responseCode = "403",
            description = "needs permission BILLING; the maker may not approve (calendar-maker-checker)")
    @ApiResponse(responseCode = "404", description = "no such draft")
    @ApiResponse(responseCode = "409", description = "the version is approved already (calendar-version-decided)")
    @PostMapping("/{year}/versions/{version}/approval")
    CalendarVersionOut decide(
            @AuthenticationPrincipal Actor actor,
            @PathVariable int year,
            @PathVariable int version,
            @Valid @RequestBody DecisionIn in) {
        actor.require(Permission.BILLING);
        return CalendarVersionOut.of(
                tariffs.decideCalendar(actor, year, version, in.approves("calendar"), in.reason()), actor);
    }
}
