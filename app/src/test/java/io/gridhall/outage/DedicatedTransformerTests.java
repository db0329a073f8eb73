package io.gridhall.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.notification.Notifications;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * INFO-1: a dedicated transformer's status in the portal. Test topology: area 2 is dedicated (accounts 2-4, meters
 * 3-5), area 1 public; user 2 is bound to account 2 only, user 1 to account 1 only.
 */
@SpringBootTest
@ActiveProfiles("test")
class DedicatedTransformerTests {

    @Autowired
    DedicatedTransformers transformers;

    @Autowired
    Outages outages;

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    Notifications notifications;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    Neighbourhoods.Neighbourhood n;
    Actor owner;
    OffsetDateTime now;

    @BeforeEach
    void neighbourhood() {
        n = Neighbourhoods.neighbourhood(grid, customers, notifications);
        owner = new Actor(new UserId(n.users()[2]), Actor.Kind.CUSTOMER, "客户", Set.of(), Set.of());
        now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void onlyDedicatedTransformersAreShownOnUntilAnOutageAndOnAgainSinceItsRestoration() {
        Actor publicOnly = new Actor(new UserId(n.users()[1]), Actor.Kind.CUSTOMER, "客户", Set.of(), Set.of());
        assertThat(transformers.mine(publicOnly)).isEmpty();

        TransformerStatus before = transformers.mine(owner).getFirst();
        assertThat(before.areaId()).isEqualTo(n.grid().area2());
        assertThat(before.supplied()).isTrue();
        assertThat(before.since()).isNull();

        Actor dispatcher = Actors.staff(n.grid().branch(), Role.REPAIR_DISPATCHER);
        OutageView fault = outages.openFault(
                dispatcher,
                new Outages.Details(
                        List.of(NodeRef.area(n.grid().area2())), "专变高压侧故障", now.minusMinutes(30), now.plusHours(2)));
        TransformerStatus off = transformers.mine(owner).getFirst();
        assertThat(off.supplied()).isFalse();
        assertThat(off.since()).isAtSameInstantAs(now.minusMinutes(30));
        assertThat(off.expectedRestorationAt()).isAtSameInstantAs(now.plusHours(2));
        assertThat(off.outageId()).isEqualTo(fault.id().value());

        outages.restore(dispatcher, fault.id(), now.minusMinutes(1), null);
        TransformerStatus on = transformers.mine(owner).getFirst();
        assertThat(on.supplied()).isTrue();
        assertThat(on.since()).isAtSameInstantAs(now.minusMinutes(1));
        assertThat(on.expectedRestorationAt()).isNull();
    }

    @Test
    void theMetersSignalsAloneTellTheTransformerIsOff() {
        jdbc.sql("insert into outage.meter_loss (meter_id, branch_id, area_id, line_id, lost_at, source)"
                        + " values (?, ?, ?, ?, ?, 'CONCENTRATOR_SILENT')")
                .params(
                        n.grid().meters()[3],
                        n.grid().branch().value(),
                        n.grid().area2(),
                        n.grid().line(),
                        now.minusMinutes(7))
                .update();

        TransformerStatus off = transformers.mine(owner).getFirst();

        assertThat(off.supplied()).isFalse();
        assertThat(off.since()).isAtSameInstantAs(now.minusMinutes(7));
        assertThat(off.outageId()).isNull();
    }
}
