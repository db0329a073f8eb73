package io.gridhall.outage.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeView;
import io.gridhall.grid.SupplyPath;
import io.gridhall.identity.Actor;
import io.gridhall.outage.DedicatedTransformers;
import io.gridhall.outage.OutageStatus;
import io.gridhall.outage.OutageView;
import io.gridhall.outage.Outages;
import io.gridhall.outage.TransformerStatus;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * INFO-1: a dedicated transformer is off while a published outage covering the account has started, or while a
 * meter of its area has lost supply by the meters' signals; on again since the outage's restoration or the last
 * meter's return, whichever is later.
 */
@Service
@Transactional(readOnly = true)
class DedicatedTransformerStatus implements DedicatedTransformers {

    private final Customers customers;
    private final Grid grid;
    private final Outages outages;
    private final JdbcClient jdbc;
    private final Clock clock;

    DedicatedTransformerStatus(Customers customers, Grid grid, Outages outages, JdbcClient jdbc, Clock clock) {
        this.customers = customers;
        this.grid = grid;
        this.outages = outages;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record Losses(OffsetDateTime firstOpen, OffsetDateTime lastBack) {}

    @Override
    public List<TransformerStatus> mine(Actor actor) {
        if (!actor.isCustomer()) throw Problem.forbidden("portal-customers-only");
        List<SupplyAccountView> accounts = customers.portalAccounts(actor.userId());
        Map<Long, List<OutageView>> byAccount =
                outages.ofAccounts(accounts.stream().map(SupplyAccountView::id).toList(), PortalDays.RECENT);
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<TransformerStatus> out = new ArrayList<>();
        for (SupplyAccountView a : accounts) {
            Optional<SupplyPath.Node> area = grid.supplyPath(a.id()).map(SupplyPath::area);
            if (area.isEmpty()) continue;
            Optional<NodeView> view = grid.node(NodeRef.area(area.get().id()));
            if (view.isEmpty() || !"DEDICATED".equals(view.get().details().get("ownership"))) continue;
            Losses losses = jdbc.sql("select min(lost_at) filter (where restored_at is null), max(restored_at)"
                            + " from outage.meter_loss where area_id = :a")
                    .param("a", area.get().id())
                    .query((rs, n) ->
                            new Losses(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class)))
                    .single();
            List<OutageView> list = byAccount.getOrDefault(a.id(), List.of());
            Optional<OutageView> current = list.stream()
                    .filter(o -> o.status() == OutageStatus.PUBLISHED
                            && !o.startsAt().isAfter(now))
                    .min(Comparator.comparing(OutageView::startsAt));
            Optional<OffsetDateTime> lastRestored = list.stream()
                    .map(OutageView::restoredAt)
                    .filter(java.util.Objects::nonNull)
                    .max(Comparator.naturalOrder());
            boolean off = current.isPresent() || losses.firstOpen() != null;
            OffsetDateTime since;
            if (off) {
                since = earliest(current.map(OutageView::startsAt).orElse(null), losses.firstOpen());
            } else {
                since = latest(lastRestored.orElse(null), losses.lastBack());
            }
            out.add(new TransformerStatus(
                    a.id(),
                    area.get().id(),
                    area.get().code(),
                    area.get().name(),
                    !off,
                    since,
                    current.map(OutageView::expectedRestorationAt).orElse(null),
                    current.map(o -> o.id().value()).orElse(null)));
        }
        return out;
    }

    private static OffsetDateTime earliest(OffsetDateTime a, OffsetDateTime b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static OffsetDateTime latest(OffsetDateTime a, OffsetDateTime b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /** How far back the portal looks for restorations. */
    static final class PortalDays {
        static final int RECENT = 7;

        private PortalDays() {}
    }
}
