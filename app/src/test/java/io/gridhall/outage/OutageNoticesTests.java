package io.gridhall.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.customer.ContactRole;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.identity.Role;
import io.gridhall.notification.Notifications;
import io.gridhall.shared.Problem;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class OutageNoticesTests {

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

    @Autowired
    PersonalDataVault vault;

    Neighbourhoods.Neighbourhood n;
    Actor drafter;
    Actor approver;
    Actor stranger;
    OffsetDateTime now;

    @BeforeEach
    void neighbourhood() {
        n = Neighbourhoods.neighbourhood(grid, customers, notifications);
        drafter = Actors.staff(n.grid().branch(), Role.REPAIR_DISPATCHER);
        approver = Actors.staff(n.grid().branch(), Role.BRANCH_MANAGER);
        stranger = Actors.staff(new BranchId(n.grid().branch().value() + 1_000_000), Role.BRANCH_MANAGER);
        now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    private Outages.Details details(OffsetDateTime start, NodeRef... nodes) {
        return new Outages.Details(List.of(nodes), "10kV线路检修", start, start.plusHours(8));
    }

    private long messages(OutageView o) {
        return jdbc.sql("select count(*) from notification.message where starts_with(idempotency_key, ?)")
                .param("outage:" + o.id().value() + ":v" + o.version() + ":")
                .query(Long.class)
                .single();
    }

    private static Consumer<Throwable> problem(int status, String code) {
        return t -> {
            assertThat(t).isInstanceOf(Problem.class);
            assertThat(((Problem) t).getStatusCode().value()).isEqualTo(status);
            assertThat(((Problem) t).code()).isEqualTo(code);
        };
    }

    @Test
    void aPlannedOutageIsDraftedApprovedByASecondPersonPublishedAndToldToTheUsersBelowItsLine() {
        OutageView draft = outages.draft(
                drafter,
                OutageKind.PLANNED,
                details(now.plusDays(8), NodeRef.line(n.grid().line())));
        assertThat(draft.status()).isEqualTo(OutageStatus.DRAFT);
        assertThat(draft.estimatedAccounts()).isEqualTo(5);
        assertThat(draft.affectedAccounts()).isZero();
        assertThat(draft.nodes())
                .singleElement()
                .satisfies(node -> assertThat(node.name()).isEqualTo("10kV城东线"));

        assertThatThrownBy(() -> outages.approve(drafter, draft.id())).satisfies(problem(403, "outage-second-person"));
        assertThatThrownBy(() -> outages.publish(approver, draft.id())).satisfies(problem(409, "outage-status"));

        outages.approve(approver, draft.id());
        OutageView published = outages.publish(drafter, draft.id());

        assertThat(published.status()).isEqualTo(OutageStatus.PUBLISHED);
        assertThat(published.version()).isEqualTo(3);
        assertThat(published.affectedAccounts()).isEqualTo(5);
        assertThat(outages.affectedAccounts(drafter, draft.id(), 0, 100))
                .containsExactly(n.accounts()[0], n.accounts()[1], n.accounts()[2], n.accounts()[3], n.accounts()[4]);
        // four users (user 0 has two affected accounts and hears it once); account 4 has no portal user
        assertThat(messages(published)).isEqualTo(4);
        assertThat(jdbc.sql("""
                        select count(*) from notification.delivery d join notification.message m on m.id = d.message_id
                        where starts_with(m.idempotency_key, ?) and d.channel = 'SMS' and d.body like '%10kV城东线%'""")
                        .param("outage:" + published.id().value() + ":v3:")
                        .query(Long.class)
                        .single())
                .isEqualTo(4);
        assertThat(outages.history(drafter, draft.id()))
                .extracting(OutageVersionView::change)
                .containsExactly(OutageChange.DRAFTED, OutageChange.APPROVED, OutageChange.PUBLISHED);
        assertThat(outages.history(drafter, draft.id()).get(2).notifiedUsers()).isEqualTo(4);
    }

    @Test
    void publishingLaterThanTheNoticePeriodAllowsIsRefusedAndLeavesNothing() {
        OutageView draft = outages.draft(
                drafter,
                OutageKind.PLANNED,
                details(now.plusDays(6).plusHours(23), NodeRef.area(n.grid().area1())));
        outages.approve(approver, draft.id());

        assertThatThrownBy(() -> outages.publish(drafter, draft.id()))
                .satisfies(problem(409, "outage-notice-too-short"));
        OutageView after = outages.find(drafter, draft.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(OutageStatus.APPROVED);
        assertThat(outages.affectedAccounts(drafter, draft.id(), 0, 10)).isEmpty();

        // a temporary maintenance outage needs 24 hours only
        OutageView temporary = outages.draft(
                drafter,
                OutageKind.TEMPORARY,
                details(now.plusHours(25), NodeRef.area(n.grid().area1())));
        outages.approve(approver, temporary.id());
        assertThat(outages.publish(drafter, temporary.id()).affectedAccounts()).isEqualTo(2);
    }

    @Test
    void editingAnApprovedDraftSendsItBackForApprovalBySomeoneElse() {
        OutageView draft = outages.draft(
                drafter,
                OutageKind.PLANNED,
                details(now.plusDays(9), NodeRef.area(n.grid().area1())));
        outages.approve(approver, draft.id());
        OutageView edited = outages.edit(
                approver,
                draft.id(),
                details(now.plusDays(10), NodeRef.area(n.grid().area2())));
        assertThat(edited.status()).isEqualTo(OutageStatus.DRAFT);
        assertThat(edited.approvedBy()).isNull();
        assertThatThrownBy(() -> outages.approve(approver, draft.id())).satisfies(problem(403, "outage-second-person"));
        assertThatThrownBy(() -> outages.approve(drafter, draft.id())).satisfies(problem(403, "outage-second-person"));
        Actor third = Actors.staff(n.grid().branch(), Role.REPAIR_DISPATCHER);
        assertThat(outages.approve(third, draft.id()).status()).isEqualTo(OutageStatus.APPROVED);
    }

    @Test
    void aFaultWidenedDelayedAndRestoredKeepsEveryVersionAndTellsTheAffectedEachTime() {
        OutageView fault = outages.openFault(
                drafter,
                new Outages.Details(
                        List.of(NodeRef.area(n.grid().area1())), "台区变压器故障", now.minusMinutes(30), now.plusHours(3)));
        assertThat(fault.status()).isEqualTo(OutageStatus.PUBLISHED);
        assertThat(fault.affectedAccounts()).isEqualTo(2);
        assertThat(messages(fault)).isEqualTo(2); // users 0 and 1

        assertThatThrownBy(() -> outages.revise(
                        drafter,
                        fault.id(),
                        new Outages.Details(
                                List.of(
                                        NodeRef.area(n.grid().area1()),
                                        NodeRef.area(n.grid().area2())),
                                "台区变压器故障",
                                fault.startsAt(),
                                fault.expectedRestorationAt()),
                        "x"))
                .satisfies(problem(400, "reason-required"));
        OutageView widened = outages.revise(
                drafter,
                fault.id(),
                new Outages.Details(
                        List.of(
                                NodeRef.area(n.grid().area1()),
                                NodeRef.area(n.grid().area2())),
                        "台区变压器故障",
                        fault.startsAt(),
                        fault.expectedRestorationAt()),
                "故障波及相邻台区");
        assertThat(widened.affectedAccounts()).isEqualTo(5);
        assertThat(messages(widened)).isEqualTo(4);

        assertThatThrownBy(() -> outages.revise(
                        drafter,
                        fault.id(),
                        new Outages.Details(
                                List.of(NodeRef.area(n.grid().area2())),
                                "台区变压器故障",
                                fault.startsAt(),
                                fault.expectedRestorationAt()),
                        "范围调整说明"))
                .satisfies(problem(400, "outage-area-narrowed"));

        OutageView delayed = outages.revise(
                drafter,
                fault.id(),
                new Outages.Details(
                        List.of(
                                NodeRef.area(n.grid().area1()),
                                NodeRef.area(n.grid().area2())),
                        "台区变压器故障",
                        fault.startsAt(),
                        fault.expectedRestorationAt().plusHours(2)),
                "备品备件运输延误");
        assertThat(delayed.expectedRestorationAt())
                .isEqualTo(fault.expectedRestorationAt().plusHours(2));

        OutageView restored = outages.restore(drafter, fault.id(), null, null);
        assertThat(restored.status()).isEqualTo(OutageStatus.RESTORED);
        assertThat(restored.restoredAt()).isNotNull();
        assertThat(messages(restored)).isEqualTo(4);
        assertThatThrownBy(() -> outages.cancel(drafter, fault.id(), "不再需要停电"))
                .satisfies(problem(409, "outage-status"));

        List<OutageVersionView> history = outages.history(drafter, fault.id());
        assertThat(history)
                .extracting(OutageVersionView::change)
                .containsExactly(
                        OutageChange.OPENED, OutageChange.WIDENED, OutageChange.DELAYED, OutageChange.RESTORED);
        assertThat(history.get(1).reason()).isEqualTo("故障波及相邻台区");
        assertThat(history.get(0).affectedAccounts()).isEqualTo(2);
        assertThat(history.get(1).affectedAccounts()).isEqualTo(5);
        assertThat(history.get(2).expectedRestorationAt()).isEqualTo(delayed.expectedRestorationAt());
        assertThatThrownBy(() -> jdbc.sql("update outage.outage_version set reason = 'x' where outage_id = ?")
                        .param(fault.id().value())
                        .update())
                .hasMessageContaining("never changed");
    }

    @Test
    void customersWithoutAPortalUserAreToldBySmsAtTheOwnersPhoneOnTheirRecordEachVersion() {
        // account 4's customer has no portal user: an electrician's phone was kept first, then the owner's;
        // account 3's customer has a portal user (user 3) and a phone on record too
        long customer4 = customerOf(n.accounts()[4]);
        long customer3 = customerOf(n.accounts()[3]);
        customers.importRows(new Customers.ImportBatch(
                List.of(),
                List.of(),
                List.of(
                        new Customers.ContactRow(customer4, ContactRole.ELECTRICIAN, "电工", "13800000001", null),
                        new Customers.ContactRow(customer4, ContactRole.OWNER, "住户4", "13800000004", null),
                        new Customers.ContactRow(customer3, ContactRole.OWNER, "住户3", "13800000003", null)),
                List.of()));

        OutageView fault = outages.openFault(
                drafter,
                new Outages.Details(
                        List.of(NodeRef.area(n.grid().area2())), "台区变压器故障", now.minusMinutes(30), now.plusHours(3)));

        // users 0 and 2 (account 2) and 3 (account 3) in their channels, customer 4 by SMS
        assertThat(messages(fault)).isEqualTo(4);
        assertThat(outages.history(drafter, fault.id()).getLast().notifiedUsers())
                .isEqualTo(4);
        String key = "outage:" + fault.id().value() + ":v" + fault.version() + ":c";
        List<byte[]> sms =
                jdbc.sql("""
                        select d.address_enc from notification.delivery d join notification.message m on m.id = d.message_id
                        where starts_with(m.idempotency_key, ?) and d.channel = 'SMS' and m.user_id is null
                          and d.body like '%台区变压器故障%'""").param(key).query((rs, i) -> rs.getBytes(1)).list();
        assertThat(sms).hasSize(1);
        assertThat(vault.decrypt(sms.getFirst(), "notification.address")).isEqualTo("13800000004");
        assertThat(jdbc.sql("select count(*) from notification.message where idempotency_key = ?")
                        .param(key + customer4)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        // a later version is told to them too
        OutageView delayed = outages.revise(
                drafter,
                fault.id(),
                new Outages.Details(
                        List.of(NodeRef.area(n.grid().area2())),
                        "台区变压器故障",
                        fault.startsAt(),
                        fault.expectedRestorationAt().plusHours(2)),
                "更换变压器需要更多时间");
        assertThat(messages(delayed)).isEqualTo(4);
    }

    private long customerOf(long account) {
        return jdbc.sql("select customer_id from customer.supply_account where id = ?")
                .param(account)
                .query(Long.class)
                .single();
    }

    @Test
    void cancellingADraftTellsNobodyAndCancellingAPublishedOutageTellsEveryone() {
        OutageView draft = outages.draft(
                drafter,
                OutageKind.PLANNED,
                details(now.plusDays(8), NodeRef.box(n.grid().box3())));
        OutageView cancelledDraft = outages.cancel(drafter, draft.id(), "计划调整取消");
        assertThat(cancelledDraft.status()).isEqualTo(OutageStatus.CANCELLED);
        assertThat(messages(cancelledDraft)).isZero();

        OutageView other = outages.draft(
                drafter,
                OutageKind.PLANNED,
                details(now.plusDays(8), NodeRef.box(n.grid().box3())));
        outages.approve(approver, other.id());
        assertThat(outages.publish(drafter, other.id()).affectedAccounts()).isEqualTo(3);
        OutageView cancelled = outages.cancel(drafter, other.id(), "检修计划推迟至下月");
        // accounts 2, 3, 4: users 0 and 2 (both bound to account 2) and 3; account 4 has no portal user
        assertThat(messages(cancelled)).isEqualTo(3);
        assertThat(jdbc.sql("""
                        select d.body from notification.delivery d join notification.message m on m.id = d.message_id
                        where starts_with(m.idempotency_key, ?) and d.channel = 'IN_APP' limit 1""")
                        .param("outage:" + cancelled.id().value() + ":v" + cancelled.version() + ":")
                        .query(String.class)
                        .single())
                .contains("已取消")
                .contains("检修计划推迟至下月");
    }

    @Test
    void anotherBranchSeesNeitherTheOutagesNorTheNodes() {
        OutageView draft = outages.draft(
                drafter,
                OutageKind.PLANNED,
                details(now.plusDays(8), NodeRef.line(n.grid().line())));
        assertThat(outages.find(stranger, draft.id())).isEmpty();
        assertThatThrownBy(() -> outages.approve(stranger, draft.id())).satisfies(problem(404, "not-found"));
        assertThatThrownBy(() -> outages.history(stranger, draft.id())).satisfies(problem(404, "not-found"));
        assertThatThrownBy(() -> outages.openFault(
                        stranger, details(now, NodeRef.line(n.grid().line()))))
                .satisfies(problem(404, "not-found"));
        assertThatThrownBy(() -> outages.board(stranger, n.grid().branch(), List.of(), 10))
                .satisfies(problem(404, "not-found"));
        Actor clerk = Actors.staff(n.grid().branch(), Role.COUNTER_CLERK);
        assertThatThrownBy(() -> outages.draft(
                        clerk,
                        OutageKind.PLANNED,
                        details(now.plusDays(8), NodeRef.line(n.grid().line()))))
                .satisfies(problem(403, "permission-required"));
    }

    @Test
    void badDetailsAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> outages.draft(
                        drafter, OutageKind.PLANNED, new Outages.Details(List.of(), "检修", now, now.plusHours(1))))
                .satisfies(problem(400, "outage-nodes-missing"));
        assertThatThrownBy(() -> outages.draft(
                        drafter,
                        OutageKind.PLANNED,
                        new Outages.Details(
                                List.of(NodeRef.line(n.grid().line())), "检修", now.plusDays(8), now.plusDays(8))))
                .satisfies(problem(400, "outage-times-order"));
        assertThatThrownBy(() -> outages.draft(
                        drafter,
                        OutageKind.PLANNED,
                        details(now.plusDays(8), NodeRef.meter(n.grid().meters()[0]))))
                .satisfies(problem(400, "outage-node-level"));
        assertThatThrownBy(() -> outages.draft(
                        drafter,
                        OutageKind.FAULT,
                        details(now, NodeRef.line(n.grid().line()))))
                .satisfies(problem(400, "outage-kind-draft"));
        assertThat(outages.board(drafter, n.grid().branch(), List.of(), 10)).isEmpty();
    }

    @Test
    void theMapShowsTheAreasOfPublishedOutagesWithTheirExpectedRestoration() {
        OutageView fault = outages.openFault(
                drafter,
                new Outages.Details(
                        List.of(NodeRef.line(n.grid().line())), "线路跳闸", now.minusMinutes(5), now.plusHours(2)));
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> features = (List<java.util.Map<String, Object>>)
                outages.map(n.grid().branch()).get("features");
        assertThat(features).hasSize(2);
        assertThat(features)
                .extracting(f -> (Object) ((java.util.Map<?, ?>) f.get("properties")).get("name"))
                .containsExactlyInAnyOrder("城东1号台区", "城东2号台区");
        assertThat(((java.util.Map<?, ?>) features.get(0).get("properties")).get("expectedRestorationAt"))
                .isEqualTo(fault.expectedRestorationAt().toString());
        outages.restore(drafter, fault.id(), null, "抢修完毕");
        assertThat((List<?>) outages.map(n.grid().branch()).get("features")).isEmpty();
    }
}
