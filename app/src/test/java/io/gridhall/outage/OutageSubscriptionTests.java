package io.gridhall.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.notification.Notifications;
import io.gridhall.shared.Problem;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** Subscriptions to an account's or a transformer area's outage notices (OUT-2). */
@SpringBootTest
@ActiveProfiles("test")
class OutageSubscriptionTests {

    @Autowired
    OutageSubscriptions subscriptions;

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
    Actor dispatcher;
    Actor follower;
    OffsetDateTime now;

    @BeforeEach
    void neighbourhood() {
        n = Neighbourhoods.neighbourhood(grid, customers, notifications);
        dispatcher = Actors.staff(n.grid().branch(), Role.REPAIR_DISPATCHER);
        // a portal customer with no account of their own in the neighbourhood
        follower = new Actor(
                new UserId(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L)),
                Actor.Kind.CUSTOMER,
                "客户",
                Set.of(),
                Set.of());
        now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    private String number(int i) {
        return customers.account(n.accounts()[i]).orElseThrow().accountNumber();
    }

    private OutageView fault(NodeRef node) {
        return outages.openFault(
                dispatcher, new Outages.Details(List.of(node), "台区低压出线故障", now.minusMinutes(5), now.plusHours(3)));
    }

    private List<Long> told(OutageView o) {
        return jdbc.sql("select substring(idempotency_key from '[0-9]+$')::bigint from notification.message"
                        + " where starts_with(idempotency_key, ?) order by 1")
                .param("outage:" + o.id().value() + ":v" + o.version() + ":")
                .query(Long.class)
                .list();
    }

    @Test
    void anAreaSubscriberHearsItsFaultsAndNotOthers() {
        SubscriptionView s = subscriptions.subscribe(follower, number(4), "住户4", true);
        assertThat(s.kind()).isEqualTo("AREA");
        assertThat(s.targetId()).isEqualTo(n.grid().area2());
        assertThat(s.label()).isEqualTo("城东2号台区");
        // the same again is the same subscription
        assertThat(subscriptions.subscribe(follower, number(3), "住户3", true).id())
                .isEqualTo(s.id());

        assertThat(told(fault(NodeRef.area(n.grid().area2()))))
                .contains(follower.userId().value());
        assertThat(told(fault(NodeRef.area(n.grid().area1()))))
                .doesNotContain(follower.userId().value());
    }

    @Test
    void anAccountSubscriberIsToldOnceEvenWhenAlsoBoundToAnAffectedAccount() {
        Actor user0 = new Actor(new UserId(n.users()[0]), Actor.Kind.CUSTOMER, "客户", Set.of(), Set.of());
        // user 0's own account needs no name
        subscriptions.subscribe(user0, number(0), null, false);
        subscriptions.subscribe(follower, number(1), "住户1", false);

        List<Long> told = told(fault(NodeRef.area(n.grid().area1())));

        assertThat(told)
                .containsOnlyOnce(n.users()[0])
                .contains(follower.userId().value());
        assertThat(told).doesNotHaveDuplicates();
    }

    @Test
    void anotherPersonsAccountNeedsItsHoldersNameAndAWrongOneLooksLikeAnUnknownNumber() {
        assertThatThrownBy(() -> subscriptions.subscribe(follower, number(2), "别人", false))
                .isInstanceOfSatisfying(
                        Problem.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(404));
        assertThatThrownBy(() -> subscriptions.subscribe(follower, number(2), null, true))
                .isInstanceOfSatisfying(
                        Problem.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(404));
        assertThatThrownBy(() -> subscriptions.subscribe(follower, "0000000000", "住户2", false))
                .isInstanceOfSatisfying(
                        Problem.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(404));
        assertThat(subscriptions.mine(follower)).isEmpty();
        assertThatThrownBy(() -> subscriptions.mine(dispatcher))
                .isInstanceOfSatisfying(
                        Problem.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(403));
    }

    @Test
    void onlyTheSubscriberEndsASubscriptionAndTheCapHolds() {
        SubscriptionView s = subscriptions.subscribe(follower, number(2), "住户2", false);
        Actor other = Actors.customer();

        assertThatThrownBy(() -> subscriptions.unsubscribe(other, s.id()))
                .isInstanceOfSatisfying(
                        Problem.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(404));
        subscriptions.unsubscribe(follower, s.id());
        assertThat(subscriptions.mine(follower)).isEmpty();

        for (int i = 0; i < OutageSubscriptions.MAX_PER_USER; i++) {
            jdbc.sql("insert into outage.subscription (user_id, kind, target_id, label, created_at)"
                            + " values (?, 'ACCOUNT', ?, 'x', now())")
                    .params(follower.userId().value(), -1L - i)
                    .update();
        }
        assertThatThrownBy(() -> subscriptions.subscribe(follower, number(2), "住户2", true))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.code()).isEqualTo("outage-subscriptions-too-many"));
    }
}
