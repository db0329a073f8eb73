package io.gridhall.payment.web;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.payment.OpeningHours;
import io.gridhall.payment.Outlet;
import io.gridhall.payment.OutletKind;
import io.gridhall.payment.Outlets;
import io.gridhall.payment.Position;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Payment: outlet finder (PAY-6)")
@RestController
@RequestMapping("/api/v1/payment/outlets")
class OutletsApi {

    static final String DEGREES = "^-?[0-9]{1,3}(\\.[0-9]{1,8})?$";

    record OutletOut(
            long id,
            long branchId,
            OutletKind kind,
            String name,
            String address,
            String phone,
            BigDecimal lat,
            BigDecimal lon,
            List<String> hours,
            boolean openNow,
            boolean active,
            int version,
            Long metres) {}

    /**
     * The answer of a search: where it was measured from ({@code MY_POSITION} or the {@code ACCOUNT_AREA} of an
     * account) and the outlets nearest first.
     */
    record NearestOut(String from, BigDecimal lat, BigDecimal lon, List<OutletOut> outlets) {}

    record OutletIn(
            @NotNull Long branchId,
            @NotNull OutletKind kind,
            @NotBlank @Size(max = 60) String name,
            @NotBlank @Size(max = 120) String address,
            @Pattern(regexp = "^$|^[0-9][0-9-]{4,19}$") String phone,
            @NotNull @Pattern(regexp = DEGREES) String lat,
            @NotNull @Pattern(regexp = DEGREES) String lon,
            @NotNull @Size(min = 7, max = 7) List<@NotNull @Size(max = 60) String> hours,
            boolean active) {}

    private final Outlets outlets;
    private final Customers customers;
    private final Clock clock;

    OutletsApi(Outlets outlets, Customers customers, Clock clock) {
        this.outlets = outlets;
        this.customers = customers;
        this.clock = clock;
    }

    @Operation(
            summary = "Outlets where one can pay in person, nearest first",
            description = "From the caller's position (lat and lon, WGS-84 degrees), or, without one, from the area of"
                    + " a supply account the portal customer may pay (the centre of its branch's outlets). Distances"
                    + " are great-circle metres (PostgreSQL earthdistance). openNow is by the utility's clock.")
    @ApiResponse(responseCode = "200", description = "the outlets, nearest first")
    @ApiResponse(responseCode = "400", description = "a bad position, radius or limit, or neither position nor account")
    @ApiResponse(responseCode = "404", description = "an account the caller may not see")
    @GetMapping
    NearestOut nearest(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) String lat,
            @RequestParam(required = false) String lon,
            @RequestParam(required = false) Long accountId,
            @RequestParam(required = false) OutletKind kind,
            @RequestParam(defaultValue = "30") int radiusKm,
            @RequestParam(defaultValue = "20") int limit) {
        if (radiusKm < 1 || radiusKm > Outlets.MAX_RADIUS_METRES / 1000)
            throw Problem.badRequest("outlet-radius", 1, Outlets.MAX_RADIUS_METRES / 1000);
        Position from;
        String basis;
        if (lat != null || lon != null) {
            if (lat == null || lon == null || !lat.matches(DEGREES) || !lon.matches(DEGREES))
                throw Problem.badRequest("position-invalid");
            from = Position.of(lat, lon);
            basis = "MY_POSITION";
        } else if (accountId != null) {
            SupplyAccountView account = visible(actor, accountId);
            from = outlets.centreOf(account.branchId()).orElse(null);
            basis = "ACCOUNT_AREA";
            if (from == null) return new NearestOut(basis, null, null, List.of());
        } else throw Problem.badRequest("position-invalid");
        LocalDateTime now = LocalDateTime.now(clock);
        List<OutletOut> found = outlets.nearest(from, kind, radiusKm * 1000, limit).stream()
                .map(n -> out(n.outlet(), now, n.metres()))
                .toList();
        return new NearestOut(basis, from.lat(), from.lon(), found);
    }

    @Operation(summary = "The outlets of the caller's branches, for staff to manage (PAYMENT_COLLECT)")
    @ApiResponse(responseCode = "200", description = "the outlets by kind and name")
    @GetMapping("/managed")
    List<OutletOut> managed(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long branch) {
        actor.require(Permission.PAYMENT_COLLECT);
        List<Long> scope =
                branch == null ? actor.branchScope() : actor.sees(new BranchId(branch)) ? List.of(branch) : List.of();
        LocalDateTime now = LocalDateTime.now(clock);
        return outlets.ofBranches(scope).stream().map(o -> out(o, now, null)).toList();
    }

    @Operation(summary = "Open an outlet in a branch of the caller's (PAYMENT_COLLECT), audited")
    @ApiResponse(responseCode = "201", description = "the outlet")
    @ApiResponse(responseCode = "400", description = "invalid fields, position or opening hours")
    @ApiResponse(responseCode = "404", description = "a branch the caller may not see")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    OutletOut open(@AuthenticationPrincipal Actor actor, @Valid @RequestBody OutletIn in) {
        Outlet o = outlets.open(new BranchId(in.branchId()), details(in), actor);
        return out(o, LocalDateTime.now(clock), null);
    }

    @Operation(
            summary = "Change an outlet (PAYMENT_COLLECT, its branch), audited",
            description = "The version is the one the change was made to: 409 outlet-changed when another change came"
                    + " first. An outlet is closed for good by making it inactive; the branch cannot change.")
    @ApiResponse(responseCode = "200", description = "the outlet")
    @ApiResponse(responseCode = "404", description = "unknown outlet, or of a branch the caller may not see")
    @ApiResponse(responseCode = "409", description = "changed since the given version")
    @PutMapping("/{id}")
    OutletOut change(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long id,
            @RequestParam int version,
            @Valid @RequestBody OutletIn in) {
        Outlet before = outlets.outlet(id)
                .filter(o -> actor.isStaff() && actor.sees(o.branchId()))
                .orElseThrow(() -> Problem.notFound("outlet"));
        if (before.branchId().value() != in.branchId()) throw Problem.badRequest("outlet-branch-fixed");
        return out(outlets.change(id, version, details(in), actor), LocalDateTime.now(clock), null);
    }

    private static Outlet.Details details(OutletIn in) {
        return new Outlet.Details(
                in.kind(),
                in.name().strip(),
                in.address().strip(),
                in.phone(),
                Position.of(in.lat(), in.lon()),
                OpeningHours.parse(in.hours()),
                in.active());
    }

    private SupplyAccountView visible(Actor actor, long accountId) {
        if (actor.isCustomer())
            return customers.portalAccounts(actor.userId()).stream()
                    .filter(a -> a.id() == accountId)
                    .findFirst()
                    .orElseThrow(() -> Problem.notFound("supply-account"));
        return customers
                .account(accountId)
                .filter(a -> actor.sees(a.branchId()))
                .orElseThrow(() -> Problem.notFound("supply-account"));
    }

    static OutletOut out(Outlet o, LocalDateTime now, Long metres) {
        return new OutletOut(
                o.id(),
                o.branchId().value(),
                o.kind(),
                o.name(),
                o.address(),
                o.phone(),
                o.position().lat(),
                o.position().lon(),
                o.hours().texts(),
                o.active() && o.hours().openAt(now),
                o.active(),
                o.version(),
                metres);
    }
}
