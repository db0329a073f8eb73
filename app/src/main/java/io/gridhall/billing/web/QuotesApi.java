package io.gridhall.billing.web;

import io.gridhall.billing.BillLineView;
import io.gridhall.billing.LineExplanation;
import io.gridhall.billing.internal.Tariffs;
import io.gridhall.billing.internal.rating.RatedBill;
import io.gridhall.billing.internal.rating.RatingEngine;
import io.gridhall.billing.internal.rating.RatingException;
import io.gridhall.billing.internal.rating.TariffProblem;
import io.gridhall.billing.internal.rating.TariffSchedule;
import io.gridhall.billing.internal.rating.TariffVersion;
import io.gridhall.billing.internal.rating.TouPeriod;
import io.gridhall.billing.internal.rating.Usage;
import io.gridhall.billing.internal.rating.Usage.AccountFacts;
import io.gridhall.billing.internal.rating.Usage.CapacityChange;
import io.gridhall.billing.internal.rating.Usage.MeterSegment;
import io.gridhall.billing.internal.rating.Usage.RegisterSnapshot;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Billing: quotes", description = "What-if bills: a tariff and usage in, lines with explanations out")
@RestController
@RequestMapping("/api/v1/billing/quotes")
class QuotesApi {

    /** Registers as printed on the meter, kWh (kvarh) with up to two decimals; null for one the meter lacks. */
    record ReadIn(
            @NotNull LocalDate day,
            @NotNull @DecimalMin("0") BigDecimal total,
            @DecimalMin("0") BigDecimal t1,
            @DecimalMin("0") BigDecimal t2,
            @DecimalMin("0") BigDecimal t3,
            @DecimalMin("0") BigDecimal t4,
            @DecimalMin("0") BigDecimal reactive1,
            @DecimalMin("0") BigDecimal reactive2,
            @Pattern(regexp = "ACTUAL|ESTIMATED|EDITED") String quality) {}

    record MeterIn(
            long meterId,
            @Size(max = 64) String assetNumber,
            @Min(1) @Max(10_000_000) int multiplier,
            @NotNull @Valid ReadIn start,
            @NotNull @Valid ReadIn end,
            @DecimalMin("0") BigDecimal maxDemandKw,
            @Pattern(regexp = "MAIN|LIGHTING") String purpose) {}

    /** Usage as quantities: the total, or kWh per period (the total is then their sum), and the rest. */
    record QuantitiesIn(
            @DecimalMin("0") BigDecimal total,
            Map<TouPeriod, @DecimalMin("0") BigDecimal> periods,
            @DecimalMin("0") BigDecimal reactive,
            @DecimalMin("0") BigDecimal maxDemandKw,
            @DecimalMin("0") BigDecimal lighting) {}

    record AccountIn(
            @DecimalMin("0") BigDecimal tierUsedBefore,
            LocalDate tierYearStart,
            @Min(0) @Max(100) Integer persons,
            @DecimalMin("0") BigDecimal capacityKva,
            @DecimalMin("0") BigDecimal contractedDemandKw,
            @Size(max = 100) List<@Valid CapacityIn> capacityChanges,
            LocalDate movedInOn,
            LocalDate movedOutOn) {}

    record CapacityIn(
            @NotNull LocalDate from,
            @NotNull LocalDate to,
            @NotNull @DecimalMin("0") BigDecimal kva) {}

    /**
     * @param tariffId a tariff of the catalogue (with {@code version}: that version; without: the versions in force
     *     over the period), or the name for an inline tariff
     * @param tariff a version in the tariff pack's format, instead of the catalogue's
     */
    record QuoteIn(
            @Size(max = 64) String tariffId,
            @Min(1) Integer version,
            JsonNode tariff,
            @NotNull LocalDate from,
            @NotNull LocalDate to,
            @Size(max = 20) List<@Valid MeterIn> meters,
            @Valid QuantitiesIn quantities,
            @Valid AccountIn account) {}

    record LineOut(
            int lineNo,
            String code,
            BigDecimal quantity,
            String unit,
            BigDecimal price,
            BigDecimal amount,
            LineExplanation explanation) {

        static LineOut of(BillLineView l) {
            return new LineOut(
                    l.lineNo(),
                    l.code(),
                    l.quantity(),
                    l.unit(),
                    l.price(),
                    l.amount().toYuan(),
                    l.explanation());
        }
    }

    record QuoteOut(
            String tariffId,
            int tariffVersion,
            LocalDate from,
            LocalDate to,
            BigDecimal energy,
            BigDecimal total,
            BigDecimal vatIncluded,
            BigDecimal tierUsedAfter,
            boolean estimated,
            List<LineOut> lines) {}

    private final Tariffs tariffs;
    private final RatingEngine engine = new RatingEngine();

    QuotesApi(Tariffs tariffs) {
        this.tariffs = tariffs;
    }

    @Operation(
            summary = "Quote a bill: a tariff and usage in, the lines with their explanations out",
            description = "The tariff is a catalogue tariff (tariffId, optionally version) or a version given inline in"
                    + " the tariff pack's format. Usage is either meter segments with register reads (a replaced meter"
                    + " gives two) or quantities (total or kWh per period, reactive kvarh, maximum demand, lighting)."
                    + " Account facts: the tier counter so far, tier year, household size, capacity, contracted demand,"
                    + " capacity changes, move-in and move-out. Nothing is stored. Needs BILLING.")
    @ApiResponse(responseCode = "200", description = "the quoted bill")
    @ApiResponse(
            responseCode = "400",
            description = "invalid input (invalid-input), an inline tariff that does not validate (tariff-invalid),"
                    + " usage given both or neither way or with more than two decimals (quote-usage), or usage the tariff"
                    + " cannot rate (quote-unratable: a register that went backwards, a demand tariff without demand)")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "404", description = "no such tariff or version in the catalogue")
    @PostMapping
    QuoteOut quote(@AuthenticationPrincipal Actor actor, @Valid @RequestBody QuoteIn in) {
        actor.require(Permission.BILLING);
        if (in.to().isBefore(in.from()) || ChronoUnit.DAYS.between(in.from(), in.to()) > 400)
            throw Problem.badRequest("quote-usage", "from..to: at most 400 days, to not before from");
        TariffSchedule schedule = schedule(in);
        Usage usage = usage(in, schedule.versions().getLast());
        RatedBill bill;
        try {
            bill = engine.rate(schedule, usage);
        } catch (RatingException | IllegalArgumentException e) {
            throw Problem.badRequest("quote-unratable", e.getMessage());
        }
        return new QuoteOut(
                bill.tariffId(),
                bill.tariffVersion(),
                in.from(),
                in.to(),
                bill.energy().value(),
                bill.total().toYuan(),
                bill.vatIncluded().toYuan(),
                bill.tierUsedAfter().value(),
                bill.estimated(),
                bill.lines().stream().map(LineOut::of).toList());
    }

    private TariffSchedule schedule(QuoteIn in) {
        if (in.tariff() != null) {
            if (!in.tariff().isObject())
                throw tariffs.invalid(
                        "tariff-invalid", List.of(new TariffProblem("tariff", TariffProblem.Code.NOT_A_MAPPING)));
            String id = in.tariffId() == null ? "INLINE" : in.tariffId();
            try {
                return TariffSchedule.of(tariffs.read(
                        id, in.version() == null ? 1 : in.version(), in.tariff().toString()));
            } catch (io.gridhall.billing.internal.rating.TariffPackException e) {
                throw tariffs.invalid(e);
            }
        }
        if (in.tariffId() == null) throw Problem.badRequest("quote-usage", "tariffId or tariff");
        if (in.version() != null) {
            TariffVersion v =
                    tariffs.version(in.tariffId(), in.version()).orElseThrow(() -> Problem.notFound("tariff-version"));
            return TariffSchedule.of(v);
        }
        var tariff = tariffs.tariff(in.tariffId()).orElseThrow(() -> Problem.notFound("tariff"));
        List<TariffVersion> versions = tariff.versions().stream()
                .filter(v -> !v.effectiveFrom().isAfter(in.to())
                        && (v.effectiveTo() == null || !v.effectiveTo().isBefore(in.from())))
                .toList();
        if (versions.isEmpty()) throw Problem.notFound("tariff-version");
        return new TariffSchedule(tariff.id(), versions);
    }

    private static Long hundredths(BigDecimal kwh, String field) {
        if (kwh == null) return null;
        try {
            return kwh.movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw Problem.badRequest("quote-usage", field + ": at most two decimals");
        }
    }

    private static RegisterSnapshot snapshot(ReadIn r, String field) {
        return new RegisterSnapshot(
                r.day(),
                hundredths(r.total(), field + ".total"),
                hundredths(r.t1(), field + ".t1"),
                hundredths(r.t2(), field + ".t2"),
                hundredths(r.t3(), field + ".t3"),
                hundredths(r.t4(), field + ".t4"),
                hundredths(r.reactive1(), field + ".reactive1"),
                hundredths(r.reactive2(), field + ".reactive2"),
                r.quality() == null ? "ACTUAL" : r.quality());
    }

    private Usage usage(QuoteIn in, TariffVersion version) {
        boolean reads = in.meters() != null && !in.meters().isEmpty();
        if (reads == (in.quantities() != null))
            throw Problem.badRequest("quote-usage", "meters or quantities, one of the two");
        List<MeterSegment> meters = new ArrayList<>();
        try {
            if (reads) {
                for (int i = 0; i < in.meters().size(); i++) {
                    MeterIn m = in.meters().get(i);
                    meters.add(new MeterSegment(
                            m.meterId(),
                            m.assetNumber() == null ? "M" + m.meterId() : m.assetNumber(),
                            m.multiplier(),
                            snapshot(m.start(), "meters[" + i + "].start"),
                            snapshot(m.end(), "meters[" + i + "].end"),
                            m.maxDemandKw(),
                            m.purpose() == null ? MeterSegment.MAIN : m.purpose()));
                }
            } else meters.addAll(quantities(in, version));
            AccountIn a =
                    in.account() == null ? new AccountIn(null, null, null, null, null, null, null, null) : in.account();
            List<CapacityChange> changes = a.capacityChanges() == null
                    ? List.of()
                    : a.capacityChanges().stream()
                            .map(c -> new CapacityChange(c.from(), c.to(), c.kva()))
                            .toList();
            AccountFacts facts = new AccountFacts(
                    0,
                    "QUOTE",
                    a.tierYearStart(),
                    a.tierUsedBefore() == null
                            ? Kwh.ZERO
                            : new Kwh(a.tierUsedBefore().setScale(Kwh.SCALE)),
                    a.persons() == null ? 0 : a.persons(),
                    a.capacityKva(),
                    a.contractedDemandKw(),
                    changes,
                    a.movedInOn(),
                    a.movedOutOn());
            return new Usage(in.from(), in.to(), meters, facts);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw Problem.badRequest("quote-usage", e.getMessage());
        }
    }

    /** Quantities as one meter read from zero to the quantities over the period (and one lighting sub-meter). */
    private static List<MeterSegment> quantities(QuoteIn in, TariffVersion version) {
        QuantitiesIn q = in.quantities();
        Map<TouPeriod, BigDecimal> periods = q.periods() == null ? Map.of() : q.periods();
        BigDecimal total = q.total();
        if (total == null) total = periods.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Long[] t = new Long[4];
        for (var e : periods.entrySet()) {
            if (e.getKey() == version.energy().remainder()) continue;
            String register = null;
            for (var r : version.energy().registers().entrySet()) if (r.getValue() == e.getKey()) register = r.getKey();
            if (register == null)
                throw Problem.badRequest("quote-usage", "periods." + e.getKey() + ": the tariff does not price it");
            t[register.charAt(1) - '1'] = hundredths(e.getValue(), "periods." + e.getKey());
        }
        if (version.energy().timeOfUse())
            for (String r : version.energy().registers().keySet())
                if (t[r.charAt(1) - '1'] == null) t[r.charAt(1) - '1'] = 0L;
        LocalDate before = in.from().minusDays(1);
        Long reactive = hundredths(q.reactive(), "reactive");
        RegisterSnapshot start = new RegisterSnapshot(
                before,
                0,
                t[0] == null ? null : 0L,
                t[1] == null ? null : 0L,
                t[2] == null ? null : 0L,
                t[3] == null ? null : 0L,
                reactive == null ? null : 0L,
                reactive == null ? null : 0L,
                "ACTUAL");
        RegisterSnapshot end = new RegisterSnapshot(
                in.to(),
                hundredths(total, "total"),
                t[0],
                t[1],
                t[2],
                t[3],
                reactive,
                reactive == null ? null : 0L,
                "ACTUAL");
        List<MeterSegment> out = new ArrayList<>();
        out.add(new MeterSegment(0, "QUOTE", 1, start, end, q.maxDemandKw(), MeterSegment.MAIN));
        if (q.lighting() != null && q.lighting().signum() > 0)
            out.add(new MeterSegment(
                    0,
                    "QUOTE-LIGHTING",
                    1,
                    new RegisterSnapshot(before, 0, null, null, null, null, null, null, "ACTUAL"),
                    new RegisterSnapshot(
                            in.to(),
                            hundredths(q.lighting(), "lighting"),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            "ACTUAL"),
                    null,
                    MeterSegment.LIGHTING));
        return out;
    }
}
