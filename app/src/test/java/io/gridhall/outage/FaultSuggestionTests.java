package io.gridhall.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.metering.MeterPowerLost;
import io.gridhall.metering.MeterPowerRestored;
import io.gridhall.metering.SupplySignalSource;
import io.gridhall.notification.Notifications;
import io.gridhall.shared.Problem;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Faults detected from the meters (issue 11 section 2): supply signals published as metering publishes them, the
 * suggestion on the highest node that explains them, confirmed into a fault outage and restored the same way.
 * Test topology: one substation with one line, area 1 with meters 0-2 (accounts 0 and 1; meters 0 and 1 in box 1,
 * meter 2 in box 2), area 2 with meters 3-5 (accounts 2-4, all in box 3); every meter behind a concentrator the
 * head-end has seen, so all six are watched. Test profile: 2 meters at least.
 */
@SpringBootTest
@ActiveProfiles("test")
class FaultSuggestionTests {

    @Autowired
    FaultSuggestions suggestions;

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
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Clock clock;

    Neighbourhoods.Neighbourhood n;
    Actor dispatcher;

    @BeforeEach
    void neighbourhood() {
        n = Neighbourhoods.neighbourhood(grid, customers, notifications);
        dispatcher = Actors.staff(n.grid().branch(), Role.REPAIR_DISPATCHER);
        String concentrator = "T" + Neighbourhoods.digits(11);
        jdbc.sql("update metering.meter set concentrator_id = :c where meter_id = any(:ids)")
                .param("c", concentrator)
                .param("ids", java.util.Arrays.stream(n.grid().meters()).boxed().toArray(Long[]::new))
                .update();
        jdbc.sql("insert into metering.concentrator (concentrator_id, last_up_at) values (:c, now())")
                .param("c", concentrator)
                .update();
    }

    private void lose(int... meters) {
        Instant at = clock.instant();
        List<MeterPowerLost.Meter> list = new ArrayList<>();
        for (int i : meters) {
            list.add(new MeterPowerLost.Meter(
                    n.grid().meters()[i],
                    n.grid().branch().value(),
                    i < 3 ? n.grid().area1() : n.grid().area2(),
                    at,
                    SupplySignalSource.CONCENTRATOR_SILENT));
        }
        tx.executeWithoutResult(s -> events.publishEvent(new MeterPowerLost(list)));
        awaitKept(meters, true);
    }

    private void restore(int... meters) {
        Instant at = clock.instant();
        List<MeterPowerRestored.Meter> list = new ArrayList<>();
        for (int i : meters) {
            list.add(new MeterPowerRestored.Meter(
                    n.grid().meters()[i],
                    n.grid().branch().value(),
                    i < 3 ? n.grid().area1() : n.grid().area2(),
                    at.minusSeconds(600),
                    at,
                    SupplySignalSource.EVENT_RECORD));
        }
        tx.executeWithoutResult(s -> events.publishEvent(new MeterPowerRestored(list)));
        awaitKept(meters, false);
    }

    /** The listener keeps the signal and explains again in one transaction: once the row shows, both are done. */
    private void awaitKept(int[] meters, boolean lost) {
        Long[] ids = java.util.Arrays.stream(meters)
                .mapToObj(i -> n.grid().meters()[i])
                .toArray(Long[]::new);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from outage.meter_loss"
                                        + " where meter_id = any(:ids) and (restored_at is null) = :lost")
                                .param("ids", ids)
                                .param("lost", lost)
                                .query(Long.class)
                                .single()
                        == meters.length);
    }

    private Optional<FaultSuggestionView> on(NodeRef node) {
        return suggestions.board(dispatcher, n.grid().branch()).stream()
                .filter(s -> s.nodeType().equals(node.type().name()) && s.nodeId() == node.id())
                .findFirst();
    }

    private long messages(OutageView o) {
        return jdbc.sql("select count(*) from notification.message where starts_with(idempotency_key, ?)")
                .param("outage:" + o.id().value() + ":v" + o.version() + ":")
                .query(Long.class)
                .single();
    }

    @Test
    void mostOfAnAreaLosingSupplySuggestsThatAreaOnceAndTheConfirmationTellsItsCustomers() {
        lose(0, 2);

        FaultSuggestionView s = on(NodeRef.area(n.grid().area1())).orElseThrow();
        assertThat(s.status()).isEqualTo(SuggestionStatus.SUGGESTED);
        assertThat(s.metersLost()).isEqualTo(2);
        assertThat(s.metersWatched()).isEqualTo(3);
        assertThat(s.accounts()).isEqualTo(2);
        assertThat(s.lat()).isNotNull();

        // the third meter reports: the same suggestion, updated
        lose(1);
        assertThat(suggestions.board(dispatcher, n.grid().branch())).hasSize(1);
        assertThat(on(NodeRef.area(n.grid().area1())).orElseThrow().metersLost())
                .isEqualTo(3);

        FaultSuggestionView confirmed = suggestions.confirm(dispatcher, s.id(), null, null);
        assertThat(confirmed.status()).isEqualTo(SuggestionStatus.CONFIRMED);
        OutageView outage =
                outages.find(dispatcher, new OutageId(confirmed.outageId())).orElseThrow();
        assertThat(outage.kind()).isEqualTo(OutageKind.FAULT);
        assertThat(outage.status()).isEqualTo(OutageStatus.PUBLISHED);
        assertThat(outage.nodes())
                .extracting(OutageNode::id)
                .containsExactly(n.grid().area1());
        assertThat(outages.affectedAccounts(dispatcher, outage.id(), 0, 10))
                .containsExactly(n.accounts()[0], n.accounts()[1]);
        assertThat(messages(outage)).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from identity.audit_log where action = 'outage.suggestion.confirmed'"
                                + " and object_id = ?")
                        .param(Long.toString(s.id()))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThatThrownBy(() -> suggestions.confirm(dispatcher, s.id(), null, null))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("outage-suggestion-status"));

        // the meters answer again: the restoration is for the dispatcher to confirm, then the customers are told
        restore(0, 1, 2);
        FaultSuggestionView back = on(NodeRef.area(n.grid().area1())).orElseThrow();
        assertThat(back.status()).isEqualTo(SuggestionStatus.RESTORATION_SUGGESTED);
        assertThat(back.metersLost()).isZero();
        assertThat(back.backAt()).isNotNull();
        assertThat(outages.find(dispatcher, outage.id()).orElseThrow().status()).isEqualTo(OutageStatus.PUBLISHED);

        FaultSuggestionView restored = suggestions.confirmRestoration(dispatcher, s.id());
        assertThat(restored.status()).isEqualTo(SuggestionStatus.RESTORED);
        OutageView after = outages.find(dispatcher, outage.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(OutageStatus.RESTORED);
        assertThat(messages(after)).isEqualTo(2);
        assertThat(suggestions.board(dispatcher, n.grid().branch())).isEmpty();
    }

    @Test
    void lossesInBothAreasOfTheLineSuggestTheLineAndTakeInTheBoxsSuggestion() {
        // only box 1's meters: the box, not its area nor its line
        lose(0, 1);
        FaultSuggestionView box = on(NodeRef.box(n.grid().box1())).orElseThrow();
        assertThat(suggestions.board(dispatcher, n.grid().branch())).containsExactly(box);

        lose(3, 4);

        FaultSuggestionView line = on(NodeRef.line(n.grid().line())).orElseThrow();
        assertThat(line.metersLost()).isEqualTo(4);
        assertThat(line.metersWatched()).isEqualTo(6);
        assertThat(line.areasHit()).isEqualTo(2);
        assertThat(suggestions.board(dispatcher, n.grid().branch())).containsExactly(line);
        assertThat(jdbc.sql("select status || ':' || merged_into from outage.outage_suggestion where id = ?")
                        .param(box.id())
                        .query(String.class)
                        .single())
                .isEqualTo("MERGED:" + line.id());
    }

    @Test
    void oneMeterAloneSuggestsNothingAndMetersBackBeforeAnyoneDecidedLetTheSuggestionLapse() {
        lose(3);
        assertThat(suggestions.board(dispatcher, n.grid().branch())).isEmpty();

        lose(4);
        // all of area 2's losses are in box 3: the box is the lowest node that explains them
        FaultSuggestionView s = on(NodeRef.box(n.grid().box3())).orElseThrow();
        assertThat(on(NodeRef.area(n.grid().area2()))).isEmpty();
        restore(3, 4);

        assertThat(suggestions.board(dispatcher, n.grid().branch())).isEmpty();
        assertThat(jdbc.sql("select status from outage.outage_suggestion where id = ?")
                        .param(s.id())
                        .query(String.class)
                        .single())
                .isEqualTo("LAPSED");
    }

    @Test
    void aDismissalNeedsAReasonIsAuditedAndTheSameLossDoesNotComeBack() {
        lose(0, 2);
        FaultSuggestionView s = on(NodeRef.area(n.grid().area1())).orElseThrow();

        assertThatThrownBy(() -> suggestions.dismiss(dispatcher, s.id(), " "))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("reason-required"));
        FaultSuggestionView dismissed = suggestions.dismiss(dispatcher, s.id(), "集中器通信故障，非停电");

        assertThat(dismissed.status()).isEqualTo(SuggestionStatus.DISMISSED);
        assertThat(dismissed.reason()).isEqualTo("集中器通信故障，非停电");
        assertThat(jdbc.sql("select count(*) from identity.audit_log where action = 'outage.suggestion.dismissed'"
                                + " and object_id = ?")
                        .param(Long.toString(s.id()))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        lose(1);
        assertThat(suggestions.board(dispatcher, n.grid().branch())).isEmpty();
        assertThatThrownBy(() -> suggestions.confirm(dispatcher, s.id(), null, null))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("outage-suggestion-status"));
    }

    @Test
    void anotherBranchsDispatcherNeitherSeesNorDecides() {
        lose(0, 2);
        FaultSuggestionView s = on(NodeRef.area(n.grid().area1())).orElseThrow();
        Actor stranger = Actors.staff(
                new BranchId(n.grid().branch().value()
                        + 1_000_000
                        + ThreadLocalRandom.current().nextInt(1000)),
                Role.REPAIR_DISPATCHER);

        assertThatThrownBy(() -> suggestions.confirm(stranger, s.id(), null, null))
                .isInstanceOfSatisfying(
                        Problem.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(404));
        assertThatThrownBy(() -> suggestions.board(stranger, n.grid().branch()))
                .isInstanceOfSatisfying(
                        Problem.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(404));
        assertThat(on(NodeRef.area(n.grid().area1())).orElseThrow().status()).isEqualTo(SuggestionStatus.SUGGESTED);
    }

    @Test
    void aDarkMeterBoxIsConfirmedAsAnOutageOfTheBoxAndRestoredTheSameWay() {
        lose(3, 4, 5);
        FaultSuggestionView s = on(NodeRef.box(n.grid().box3())).orElseThrow();
        assertThat(s.metersLost()).isEqualTo(3);
        assertThat(s.metersWatched()).isEqualTo(3);
        assertThat(s.areasHit()).isEqualTo(1);
        assertThat(jdbc.sql("select substation_id from outage.outage_suggestion where id = ?")
                        .param(s.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(n.grid().substation());

        FaultSuggestionView confirmed = suggestions.confirm(dispatcher, s.id(), null, null);
        OutageView outage =
                outages.find(dispatcher, new OutageId(confirmed.outageId())).orElseThrow();
        assertThat(outage.nodes())
                .extracting(OutageNode::id)
                .containsExactly(n.grid().box3());
        assertThat(outages.affectedAccounts(dispatcher, outage.id(), 0, 10))
                .containsExactly(n.accounts()[2], n.accounts()[3], n.accounts()[4]);

        // two of three back is not 90 %; all three are
        restore(3, 4);
        assertThat(on(NodeRef.box(n.grid().box3())).orElseThrow().status()).isEqualTo(SuggestionStatus.CONFIRMED);
        restore(5);
        assertThat(on(NodeRef.box(n.grid().box3())).orElseThrow().status())
                .isEqualTo(SuggestionStatus.RESTORATION_SUGGESTED);
        assertThat(suggestions.confirmRestoration(dispatcher, s.id()).status()).isEqualTo(SuggestionStatus.RESTORED);
        assertThat(outages.find(dispatcher, outage.id()).orElseThrow().status()).isEqualTo(OutageStatus.RESTORED);
    }
}
