package io.gridhall.demo;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.SupplyPath;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.outage.OutageKind;
import io.gridhall.outage.OutageView;
import io.gridhall.outage.Outages;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * With profile {@code demo}: the outages a running utility has on the day (issue 11), around the first demo
 * customer's account so that customer sees them in the portal: a planned maintenance outage of their line ten days
 * ahead (drafted, approved by the branch manager, published), a fault of their transformer area in progress, and
 * yesterday's fault on the same line, delayed once and restored. Made through the outage facade by the branch's
 * demo dispatcher and manager, so the history, the audit log and the kept accounts are real.
 */
@Component
@Profile("demo")
class DemoOutages {

    private static final Logger log = LoggerFactory.getLogger(DemoOutages.class);

    private final Outages outages;
    private final Customers customers;
    private final Grid grid;
    private final Clock clock;

    DemoOutages(Outages outages, Customers customers, Grid grid, Clock clock) {
        this.outages = outages;
        this.customers = customers;
        this.grid = grid;
        this.clock = clock;
    }

    /** The account whose transformer area has the demo's fault in progress (the branch's first demo customer's). */
    Long faultAccount(List<DemoGenerator.Example> examples, BranchId branch) {
        return firstPath(examples, branch).map(SupplyPath::supplyAccountId).orElse(null);
    }

    private Optional<SupplyPath> firstPath(List<DemoGenerator.Example> examples, BranchId branch) {
        return examples.stream()
                .flatMap(e -> e.accountNumbers().stream())
                .map(customers::accountByNumber)
                .flatMap(Optional::stream)
                .filter(a -> a.branchId().equals(branch))
                .map(a -> grid.supplyPath(a.id()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    void seed(List<DemoGenerator.Example> examples, BranchId branch, UserId dispatcherId, UserId managerId) {
        Optional<SupplyPath> path = firstPath(examples, branch);
        if (path.isEmpty()) {
            log.info("Demo outages: no demo customer in branch {}; none made", branch.value());
            return;
        }
        Actor dispatcher =
                new Actor(dispatcherId, Actor.Kind.STAFF, "调度员", Set.of(Role.REPAIR_DISPATCHER), Set.of(branch));
        Actor manager = new Actor(managerId, Actor.Kind.STAFF, "所长", Set.of(Role.BRANCH_MANAGER), Set.of(branch));
        NodeRef line = NodeRef.line(path.get().line().id());
        NodeRef area = NodeRef.area(path.get().area().id());
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime morning = ZonedDateTime.now(clock)
                .plusDays(10)
                .truncatedTo(ChronoUnit.DAYS)
                .withHour(8);

        OutageView planned = outages.draft(
                dispatcher,
                OutageKind.PLANNED,
                new Outages.Details(
                        List.of(line),
                        "10kV线路计划检修",
                        morning.toOffsetDateTime(),
                        morning.plusHours(9).toOffsetDateTime()));
        outages.approve(manager, planned.id());
        outages.publish(dispatcher, planned.id());

        OutageView yesterday = outages.openFault(
                dispatcher, new Outages.Details(List.of(line), "线路遭雷击跳闸", now.minusHours(28), now.minusHours(26)));
        outages.revise(
                dispatcher,
                yesterday.id(),
                new Outages.Details(List.of(line), "线路遭雷击跳闸", now.minusHours(28), now.minusHours(24)),
                "绝缘子更换耗时较长");
        outages.restore(dispatcher, yesterday.id(), now.minusHours(24).plusMinutes(40), "故障绝缘子已更换");

        outages.openFault(
                dispatcher, new Outages.Details(List.of(area), "台区低压出线故障", now.minusMinutes(40), now.plusHours(2)));
        log.info(
                "Demo outages: a planned outage, a fault in progress and yesterday's restored fault in branch {}",
                branch.value());
    }
}
