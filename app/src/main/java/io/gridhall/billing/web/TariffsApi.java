package io.gridhall.billing.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.gridhall.billing.internal.Tariffs;
import io.gridhall.billing.internal.Tariffs.Listed;
import io.gridhall.billing.internal.rating.Tariff;
import io.gridhall.billing.internal.rating.TariffVersion;
import io.gridhall.billing.web.MakerCheckerViews.DecisionIn;
import io.gridhall.billing.web.MakerCheckerViews.SignOffOut;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "Billing: tariffs", description = "The tariff catalogue: versions from the tariff pack and approved drafts")
@RestController
@RequestMapping("/api/v1/billing/tariffs")
class TariffsApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record TariffVersionOut(
            int version,
            LocalDate effectiveFrom,
            LocalDate effectiveTo,
            String source,
            JsonNode definition,
            @JsonUnwrapped SignOffOut signOff) {

        static TariffVersionOut of(Listed l, Actor caller) {
            TariffVersion v = l.version();
            return new TariffVersionOut(
                    v.version(),
                    v.effectiveFrom(),
                    v.effectiveTo(),
                    v.source(),
                    JSON.readTree(v.definition()),
                    SignOffOut.of(l.signOff(), caller));
        }
    }

    record TariffOut(
            String id,
            String name,
            String region,
            String customerClass,
            String voltage,
            String category,
            List<TariffVersionOut> versions) {

        static TariffOut of(Tariff t, List<Listed> versions, Actor caller) {
            return new TariffOut(
                    t.id(),
                    t.name(),
                    t.region(),
                    t.customerClass(),
                    t.voltage(),
                    t.category(),
                    versions.stream().map(l -> TariffVersionOut.of(l, caller)).toList());
        }
    }

    /** One DL/T 645 write (0x14): the identifier DI3..DI0, the value as hex low byte first (before +0x33). */
    record WriteOut(String dataIdentifier, String value, String meaning) {}

    record MeterProgramOut(
            String tariffId,
            int version,
            String schedule,
            int year,
            java.time.LocalDateTime activeFrom,
            java.util.Map<String, String> registers,
            List<WriteOut> writes) {}

    private final Tariffs tariffs;

    private final io.gridhall.billing.internal.ProgrammingMeters programming;

    TariffsApi(Tariffs tariffs, io.gridhall.billing.internal.ProgrammingMeters programming) {
        this.tariffs = tariffs;
        this.programming = programming;
    }

    @Operation(
            summary = "The region's tariffs with every version",
            description = "Versions from the tariff pack (PACK), approved in the console (APPROVED) and the open draft"
                    + " (DRAFT), each with its definition in the pack's format (docs/tariff-pack.md). Needs BILLING.")
    @ApiResponse(responseCode = "200", description = "tariffs")
    @ApiResponse(responseCode = "400", description = "never: there is no input")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "never: an empty catalogue is an empty list")
    @GetMapping
    List<TariffOut> list(@AuthenticationPrincipal Actor actor) {
        actor.require(Permission.BILLING);
        return tariffs.tariffs().stream()
                .map(t -> TariffOut.of(t, tariffs.versions(t.id()).orElseThrow(), actor))
                .toList();
    }

    @Operation(summary = "One tariff with every version", description = "Needs BILLING.")
    @ApiResponse(responseCode = "200", description = "the tariff")
    @ApiResponse(responseCode = "400", description = "never: there is no input")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "no such tariff in the utility's region")
    @GetMapping("/{tariffId}")
    TariffOut one(@AuthenticationPrincipal Actor actor, @PathVariable String tariffId) {
        actor.require(Permission.BILLING);
        Tariff t = tariffs.tariff(tariffId).orElseThrow(() -> Problem.notFound("tariff"));
        return TariffOut.of(t, tariffs.versions(tariffId).orElseThrow(), actor);
    }

    @Operation(
            summary = "The DL/T 645 writes that program a meter with the version's time-of-use calendar",
            description =
                    "From the version's time-of-use schedule and the year's holiday calendar: the counts, the zone"
                            + " and day tables into the meter's standby set, the year's public holidays (days off and the"
                            + " weekend days worked), the weekend, and last the switch times at activeFrom, each a write (0x14)"
                            + " of one data identifier (DL/T 645-2007 table A.5). A head-end or a hand-held programmer sends"
                            + " them with the meter's password. Needs BILLING.")
    @ApiResponse(responseCode = "200", description = "the writes, in the order to send them")
    @ApiResponse(responseCode = "400", description = "a year outside 2000 to 2099 (meter-program-year)")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "no such tariff or version")
    @ApiResponse(
            responseCode = "409",
            description = "the version has no time-of-use schedule (tariff-no-schedule), or a meter cannot hold it"
                    + " (meter-program-impossible, with the reason)")
    @GetMapping("/{tariffId}/versions/{version}/meter-program")
    MeterProgramOut meterProgram(
            @AuthenticationPrincipal Actor actor,
            @PathVariable String tariffId,
            @PathVariable int version,
            @RequestParam int year,
            @RequestParam java.time.LocalDateTime activeFrom) {
        actor.require(Permission.BILLING);
        if (year < 2000 || year > 2099 || activeFrom.getYear() < 2000 || activeFrom.getYear() > 2099)
            throw Problem.badRequest("meter-program-year");
        List<WriteOut> writes = programming.program(tariffId, version, year, activeFrom).stream()
                .map(p -> new WriteOut(
                        p.id().toString().replace(" ", ""), io.gridhall.dlt645.Hex.format(p.value()), p.meaning()))
                .toList();
        TariffVersion v = tariffs.version(tariffId, version).orElseThrow();
        java.util.Map<String, String> regs = new java.util.TreeMap<>();
        programming.registers(v).forEach((k, p) -> regs.put(k, p.name()));
        return new MeterProgramOut(tariffId, version, v.energy().schedule().id(), year, activeFrom, regs, writes);
    }

    @Operation(
            summary = "Draft the tariff's next version",
            description =
                    "The body is one version in the tariff pack's format without its number (docs/tariff-pack.md)."
                            + " It must start after today and after the latest version; one draft per tariff is open at a time."
                            + " Another member of staff approves it. Audited (billing.tariff.draft). Needs BILLING.")
    @ApiResponse(responseCode = "201", description = "the draft")
    @ApiResponse(
            responseCode = "400",
            description = "the version does not validate (tariff-invalid, with every problem in errors), or it starts"
                    + " too early (tariff-effective-from)")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "no such tariff in the utility's region")
    @ApiResponse(responseCode = "409", description = "the tariff has an open draft (tariff-draft-open)")
    @PostMapping("/{tariffId}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    TariffVersionOut draft(
            @AuthenticationPrincipal Actor actor, @PathVariable String tariffId, @RequestBody JsonNode version) {
        actor.require(Permission.BILLING);
        return TariffVersionOut.of(
                tariffs.draft(actor, tariffId, MakerCheckerViews.draftBody(tariffs, version, "tariff", "version")),
                actor);
    }

    @Operation(
            summary = "Approve or reject a tariff's draft",
            description = "APPROVE by a member of staff other than the one who drafted it: the version is frozen and"
                    + " applies from its effective date; REJECT (with a reason) drops the draft. Audited"
                    + " (billing.tariff.approve, billing.tariff.reject). Needs BILLING.")
    @ApiResponse(responseCode = "200", description = "the version")
    @ApiResponse(
            responseCode = "400",
            description = "invalid input, a rejection without a reason (tariff-reject-reason), or a draft whose day has"
                    + " come (tariff-effective-from)")
    @ApiResponse(
            responseCode = "403",
            description = "needs permission BILLING; the maker may not approve (tariff-maker-checker)")
    @ApiResponse(responseCode = "404", description = "no such tariff or version")
    @ApiResponse(responseCode = "409", description = "the version is approved already (tariff-version-decided)")
    @PostMapping("/{tariffId}/versions/{version}/approval")
    TariffVersionOut decide(
            @AuthenticationPrincipal Actor actor,
            @PathVariable String tariffId,
            @PathVariable int version,
            @Valid @RequestBody DecisionIn in) {
        actor.require(Permission.BILLING);
        return TariffVersionOut.of(tariffs.decide(actor, tariffId, version, in.approves("tariff"), in.reason()), actor);
    }
}
