package io.gridhall.outage.web;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.outage.OutageView;
import io.gridhall.outage.Outages;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The portal's outage page (OUT-2): outages of the caller's bound accounts, and a map of their branches'. */
@Tag(name = "Portal: outages")
@RestController
@RequestMapping("/api/v1/portal/outages")
@ApiResponse(responseCode = "403", description = "Not a portal customer")
class PortalOutagesApi {

    /** Restored and cancelled outages stay on the page this long. */
    static final int RECENT_DAYS = 7;

    /** What a customer sees of an outage: no staff ids, no other accounts. */
    record OutageOut(
            long id,
            String kind,
            String status,
            String cause,
            OffsetDateTime startsAt,
            OffsetDateTime expectedRestorationAt,
            OffsetDateTime restoredAt,
            List<String> places,
            int version) {
        static OutageOut of(OutageView o) {
            return new OutageOut(
                    o.id().value(),
                    o.kind().name(),
                    o.status().name(),
                    o.cause(),
                    o.startsAt(),
                    o.expectedRestorationAt(),
                    o.restoredAt(),
                    o.nodes().stream().map(n -> n.name()).toList(),
                    o.version());
        }
    }

    record AccountOutages(long supplyAccountId, String accountNumber, String address, List<OutageOut> outages) {}

    private final Customers customers;
    private final Outages outages;

    PortalOutagesApi(Customers customers, Outages outages) {
        this.customers = customers;
        this.outages = outages;
    }

    @GetMapping
    @Operation(summary = "Each bound account with its current outages and those ended in the last 7 days")
    List<AccountOutages> mine(@AuthenticationPrincipal Actor actor) {
        if (!actor.isCustomer()) throw Problem.forbidden("portal-customers-only");
        List<SupplyAccountView> accounts = customers.portalAccounts(actor.userId());
        Map<Long, List<OutageView>> byAccount =
                outages.ofAccounts(accounts.stream().map(SupplyAccountView::id).toList(), RECENT_DAYS);
        List<AccountOutages> out = new ArrayList<>();
        for (SupplyAccountView a : accounts) {
            out.add(new AccountOutages(
                    a.id(),
                    a.accountNumber(),
                    PersonalData.maskAddress(a.address()),
                    byAccount.getOrDefault(a.id(), List.of()).stream()
                            .map(OutageOut::of)
                            .toList()));
        }
        return out;
    }

    @GetMapping("/map")
    @Operation(
            summary = "GeoJSON of the published outages in the branches of the caller's accounts",
            description = "Points in [lon, lat] WGS-84 with cause, start and expected restoration")
    Map<String, Object> map(@AuthenticationPrincipal Actor actor) {
        if (!actor.isCustomer()) throw Problem.forbidden("portal-customers-only");
        Set<BranchId> branches = new LinkedHashSet<>();
        customers.portalAccounts(actor.userId()).forEach(a -> branches.add(a.branchId()));
        List<Object> features = new ArrayList<>();
        for (BranchId b : branches) {
            Object f = outages.map(b).get("features");
            if (f instanceof List<?> list) features.addAll(list);
        }
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("features", features);
        return fc;
    }
}
