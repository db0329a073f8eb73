package io.gridhall.outage.internal;

import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeLabel;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.outage.OutageChange;
import io.gridhall.outage.OutageChanged;
import io.gridhall.outage.OutageId;
import io.gridhall.outage.OutageKind;
import io.gridhall.outage.OutageNode;
import io.gridhall.outage.OutageStatus;
import io.gridhall.outage.OutageVersionView;
import io.gridhall.outage.OutageView;
import io.gridhall.outage.Outages;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Outage notices (OUT-1, OUT-7): every write locks the outage row, checks the move against
 * {@link OutageStatus#canMoveTo}, writes the new state and an append-only version, audits it, publishes
 * {@link OutageChanged} and, once the outage is published, queues the notice for everyone affected, all in one
 * transaction: a failure anywhere leaves no version, no audit row and no message.
 */
@Service
@Transactional
class OutageNotices implements Outages {

    static final int MAX_NODES = 50;

    private final OutageRecords records;
    private final AffectedAccounts affected;
    private final OutageNotifying notifying;
    private final OutageMap maps;
    private final Grid grid;
    private final Audit audit;
    private final ApplicationEventPublisher events;
    private final NoticePeriods notice;
    private final Clock clock;

    OutageNotices(
            OutageRecords records,
            AffectedAccounts affected,
            OutageNotifying notifying,
            OutageMap maps,
            Grid grid,
            Audit audit,
            ApplicationEventPublisher events,
            NoticePeriods notice,
            Clock clock) {
        this.records = records;
        this.affected = affected;
        this.notifying = notifying;
        this.maps = maps;
        this.grid = grid;
        this.audit = audit;
        this.events = events;
        this.notice = notice;
        this.clock = clock;
    }

    /** The named nodes, checked, with their branch and the accounts below each now. */
    private record Resolved(BranchId branch, List<OutageNode> nodes, long estimated) {}

    /**
     * Checks the details and names the nodes (grid's labels: one query per level, no counts). {@code estimate}: also
     * count the accounts below each node, for a draft's board line; published outages count exactly when matching.
     */
    private Resolved resolve(Actor actor, Details details, boolean estimate) {
        if (details.nodes().isEmpty()) throw Problem.badRequest("outage-nodes-missing");
        Set<NodeRef> distinct = new LinkedHashSet<>(details.nodes());
        if (distinct.size() > MAX_NODES) throw Problem.badRequest("outage-nodes-too-many", MAX_NODES);
        if (details.cause() == null || details.cause().isBlank()) throw Problem.badRequest("outage-cause-missing");
        if (details.startsAt() == null || details.expectedRestorationAt() == null) {
            throw Problem.badRequest("outage-times-missing");
        }
        if (!details.expectedRestorationAt().isAfter(details.startsAt())) {
            throw Problem.badRequest("outage-times-order");
        }
        Map<NodeType, List<Long>> byLevel = new LinkedHashMap<>();
        for (NodeRef ref : distinct) {
            if (!AffectedAccounts.nameable(ref.type())) throw Problem.badRequest("outage-node-level");
            byLevel.computeIfAbsent(ref.type(), k -> new ArrayList<>()).add(ref.id());
        }
        Map<NodeRef, NodeLabel> labels = new HashMap<>();
        byLevel.forEach((type, ids) -> grid.labels(type, ids).values().forEach(l -> labels.put(l.ref(), l)));
        List<OutageNode> nodes = new ArrayList<>();
        Set<BranchId> branches = new HashSet<>();
        long estimated = 0;
        for (NodeRef ref : distinct) {
            NodeLabel label = labels.get(ref);
            if (label == null || !actor.sees(label.branchId())) throw Problem.notFound("grid-node");
            branches.add(label.branchId());
            nodes.add(new OutageNode(ref.type(), ref.id(), label.code(), label.name()));
            if (estimate) estimated += grid.countDownstreamAccounts(ref);
        }
        if (branches.size() > 1) throw Problem.badRequest("outage-nodes-branches");
        return new Resolved(branches.iterator().next(), nodes, estimated);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private OutageRecords.Current locked(Actor actor, OutageId id) {
        actor.require(Permission.REPAIR_DISPATCH);
        return records.find(id, actor.branchScope(), true).orElseThrow(() -> Problem.notFound("outage"));
    }

    private static void requireMove(OutageView outage, OutageChange change) {
        if (!outage.status().canMoveTo(change.to())) {
            throw Problem.conflict("outage-status", outage.status().name(), change.name())
                    .with("status", outage.status().name());
        }
    }

    private static String reason(OutageChange change, String reason) {
        if (change.needsReason() && !MeaningfulReason.Check.isMeaningful(reason)) {
            throw Problem.badRequest("reason-required");
        }
        return reason == null || reason.isBlank() ? null : reason.strip();
    }

    private void requireNotice(OutageKind kind, OffsetDateTime startsAt) {
        Duration period = notice.of(kind);
        OffsetDateTime earliest = now().plus(period);
        if (startsAt.isBefore(earliest)) {
            throw new Problem(HttpStatus.CONFLICT, "outage-notice-too-short", period.toHours())
                    .with("noticeHours", period.toHours())
                    .with("earliestStart", earliest);
        }
    }

    // ---- writes ----

    @Override
    public OutageView draft(Actor actor, OutageKind kind, Details details) {
        actor.require(Permission.REPAIR_DISPATCH);
        if (kind == null || !kind.announced()) throw Problem.badRequest("outage-kind-draft");
        Resolved r = resolve(actor, details, true);
        OffsetDateTime now = now();
        OutageId id = records.insert(
                r.branch(),
                kind,
                OutageStatus.DRAFT,
                details.cause().strip(),
                details.startsAt(),
                details.expectedRestorationAt(),
                r.nodes(),
                r.estimated(),
                actor.userId().value(),
                now);
        return recorded(actor, id, OutageChange.DRAFTED, null, 0, now);
    }

    @Override
    public OutageView openFault(Actor actor, Details details) {
        actor.require(Permission.REPAIR_DISPATCH);
        Resolved r = resolve(actor, details, false);
        OffsetDateTime now = now();
        OutageId id = records.insert(
                r.branch(),
                OutageKind.FAULT,
                OutageStatus.PUBLISHED,
                details.cause().strip(),
                details.startsAt(),
                details.expectedRestorationAt(),
                r.nodes(),
                r.estimated(),
                actor.userId().value(),
                now);
        records.update(
                id,
                1,
                OutageStatus.PUBLISHED,
                details.cause().strip(),
                details.startsAt(),
                details.expectedRestorationAt(),
                null,
                r.nodes(),
                r.estimated(),
                null,
                null,
                true,
                now);
        long[] accounts = affected.keep(id, 1, r.nodes(), true);
        records.setAffected(id, accounts.length);
        OutageView opened = records.find(id, null, false).orElseThrow().view();
        long told = notifying.tell(opened, OutageChange.OPENED, null, accounts);
        return recorded(actor, id, OutageChange.OPENED, null, told, now);
    }

    @Override
    public OutageView edit(Actor actor, OutageId id, Details details) {
        OutageView o = locked(actor, id).view();
        requireMove(o, OutageChange.EDITED);
        Resolved r = resolve(actor, details, true);
        if (!r.branch().equals(o.branchId())) throw Problem.badRequest("outage-nodes-branches");
        OffsetDateTime now = now();
        records.update(
                id,
                o.version() + 1,
                OutageStatus.DRAFT,
                details.cause().strip(),
                details.startsAt(),
                details.expectedRestorationAt(),
                null,
                r.nodes(),
                r.estimated(),
                actor.userId().value(),
                null,
                false,
                now);
        return recorded(actor, id, OutageChange.EDITED, null, 0, now);
    }

    @Override
    public OutageView approve(Actor actor, OutageId id) {
        OutageRecords.Current current = locked(actor, id);
        OutageView o = current.view();
        requireMove(o, OutageChange.APPROVED);
        if (o.status() != OutageStatus.DRAFT)
            throw Problem.conflict("outage-status", o.status().name(), "APPROVED");
        long me = actor.userId().value();
        if (me == current.editedBy() || me == o.draftedBy()) throw Problem.forbidden("outage-second-person");
        OffsetDateTime now = now();
        records.update(
                id,
                o.version() + 1,
                OutageStatus.APPROVED,
                o.cause(),
                o.startsAt(),
                o.expectedRestorationAt(),
                null,
                o.nodes(),
                o.estimatedAccounts(),
                null,
                me,
                false,
                now);
        return recorded(actor, id, OutageChange.APPROVED, null, 0, now);
    }

    @Override
    public OutageView publish(Actor actor, OutageId id) {
        OutageView o = locked(actor, id).view();
        requireMove(o, OutageChange.PUBLISHED);
        if (o.status() != OutageStatus.APPROVED)
            throw Problem.conflict("outage-status", o.status().name(), "PUBLISHED");
        requireNotice(o.kind(), o.startsAt());
        OffsetDateTime now = now();
        int version = o.version() + 1;
        records.update(
                id,
                version,
                OutageStatus.PUBLISHED,
                o.cause(),
                o.startsAt(),
                o.expectedRestorationAt(),
                null,
                o.nodes(),
                o.estimatedAccounts(),
                null,
                null,
                true,
                now);
        long[] accounts = affected.keep(id, version, o.nodes(), true);
        records.setAffected(id, accounts.length);
        OutageView published = records.find(id, null, false).orElseThrow().view();
        long told = notifying.tell(published, OutageChange.PUBLISHED, null, accounts);
        return recorded(actor, id, OutageChange.PUBLISHED, null, told, now);
    }

    @Override
    public OutageView revise(Actor actor, OutageId id, Details details, String reason) {
        OutageView o = locked(actor, id).view();
        if (o.status() != OutageStatus.PUBLISHED) {
            throw Problem.conflict("outage-status", o.status().name(), "REVISED");
        }
        Resolved r = resolve(actor, details, false);
        if (!r.branch().equals(o.branchId())) throw Problem.badRequest("outage-nodes-branches");
        Set<OutageNode> before = new HashSet<>(o.nodes());
        Set<OutageNode> after = new HashSet<>(r.nodes());
        if (!after.containsAll(before)) throw Problem.badRequest("outage-area-narrowed");
        boolean widened = after.size() > before.size();
        boolean moved = !details.startsAt().isEqual(o.startsAt());
        boolean later = details.expectedRestorationAt().isAfter(o.expectedRestorationAt());
        boolean earlier = details.expectedRestorationAt().isBefore(o.expectedRestorationAt());
        OutageChange change;
        if (widened) change = OutageChange.WIDENED;
        else if (moved || earlier) change = OutageChange.RESCHEDULED;
        else if (later) change = OutageChange.DELAYED;
        else if (!details.cause().strip().equals(o.cause())) change = OutageChange.RESCHEDULED;
        else throw Problem.badRequest("outage-unchanged");
        String why = reason(change, reason);
        // an announced outage moved earlier must still be announced in time; later is always allowed
        if (o.kind().announced() && details.startsAt().isBefore(o.startsAt())) {
            requireNotice(o.kind(), details.startsAt());
        }
        OffsetDateTime now = now();
        int version = o.version() + 1;
        List<OutageNode> nodes = new ArrayList<>(o.nodes());
        r.nodes().stream().filter(n -> !before.contains(n)).forEach(nodes::add);
        records.update(
                id,
                version,
                OutageStatus.PUBLISHED,
                details.cause().strip(),
                details.startsAt(),
                details.expectedRestorationAt(),
                null,
                nodes,
                r.estimated(),
                actor.userId().value(),
                null,
                false,
                now);
        long[] accounts = widened ? affected.keep(id, version, nodes, false) : affected.kept(id);
        records.setAffected(id, accounts.length);
        OutageView revised = records.find(id, null, false).orElseThrow().view();
        long told = notifying.tell(revised, change, why, accounts);
        return recorded(actor, id, change, why, told, now);
    }

    @Override
    public OutageView cancel(Actor actor, OutageId id, String reason) {
        OutageView o = locked(actor, id).view();
        requireMove(o, OutageChange.CANCELLED);
        String why = reason(OutageChange.CANCELLED, reason);
        OffsetDateTime now = now();
        records.update(
                id,
                o.version() + 1,
                OutageStatus.CANCELLED,
                o.cause(),
                o.startsAt(),
                o.expectedRestorationAt(),
                null,
                o.nodes(),
                o.estimatedAccounts(),
                null,
                null,
                false,
                now);
        long told = 0;
        if (o.publishedAt() != null) {
            OutageView cancelled = records.find(id, null, false).orElseThrow().view();
            told = notifying.tell(cancelled, OutageChange.CANCELLED, why, affected.kept(id));
        }
        return recorded(actor, id, OutageChange.CANCELLED, why, told, now);
    }

    @Override
    public OutageView restore(Actor actor, OutageId id, OffsetDateTime restoredAt, String reason) {
        OutageView o = locked(actor, id).view();
        requireMove(o, OutageChange.RESTORED);
        OffsetDateTime now = now();
        OffsetDateTime at = restoredAt == null ? now : restoredAt;
        if (at.isAfter(now)) throw Problem.badRequest("outage-restored-in-future");
        if (at.isBefore(o.startsAt())) throw Problem.conflict("outage-not-started");
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        records.update(
                id,
                o.version() + 1,
                OutageStatus.RESTORED,
                o.cause(),
                o.startsAt(),
                o.expectedRestorationAt(),
                at,
                o.nodes(),
                o.estimatedAccounts(),
                null,
                null,
                false,
                now);
        OutageView restored = records.find(id, null, false).orElseThrow().view();
        long told = notifying.tell(restored, OutageChange.RESTORED, why, affected.kept(id));
        return recorded(actor, id, OutageChange.RESTORED, why, told, now);
    }

    /** Appends the version of the state just written, audits it and publishes the event. */
    private OutageView recorded(
            Actor actor, OutageId id, OutageChange change, String reason, long told, OffsetDateTime now) {
        OutageView state = records.find(id, null, false).orElseThrow().view();
        records.appendVersion(id, change, reason, state, told, actor.userId().value(), now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", state.version());
        details.put("kind", state.kind().name());
        details.put("status", state.status().name());
        details.put("nodes", state.nodes().size());
        details.put("startsAt", state.startsAt().toString());
        details.put("expectedRestorationAt", state.expectedRestorationAt().toString());
        if (reason != null) details.put("reason", reason);
        if (state.publishedAt() != null) {
            details.put("affectedAccounts", state.affectedAccounts());
            details.put("notifiedUsers", told);
        }
        audit.record(
                actor,
                "outage." + change.name().toLowerCase(java.util.Locale.ROOT),
                "outage",
                Long.toString(id.value()),
                details);
        events.publishEvent(new OutageChanged(
                id, state.branchId(), state.version(), change, state.status(), state.affectedAccounts()));
        return state;
    }

    // ---- reads ----

    @Override
    @Transactional(readOnly = true)
    public Optional<OutageView> find(Actor actor, OutageId id) {
        actor.require(Permission.REPAIR_DISPATCH);
        return records.find(id, actor.branchScope(), false).map(OutageRecords.Current::view);
    }

    @Override
    @Transactional(readOnly = true)
    public List<OutageVersionView> history(Actor actor, OutageId id) {
        find(actor, id).orElseThrow(() -> Problem.notFound("outage"));
        return records.history(id);
    }

    @Override
    @Transactional(readOnly = true)
    public List<OutageView> board(Actor actor, BranchId branch, Collection<OutageStatus> statuses, int limit) {
        actor.require(Permission.REPAIR_DISPATCH);
        if (!actor.sees(branch)) throw Problem.notFound("branch");
        return records.board(branch, statuses == null ? List.of() : statuses, Math.clamp(limit, 1, 500));
    }

    @Override
    @Transactional(readOnly = true)
    public Map<Long, List<OutageView>> ofAccounts(Collection<Long> supplyAccountIds, int recentDays) {
        OffsetDateTime since = now().minusDays(Math.clamp(recentDays, 0, 365));
        Map<Long, List<OutageView>> byAccount = new LinkedHashMap<>();
        for (OutageRecords.AccountOutage row : records.ofAccounts(supplyAccountIds, since)) {
            byAccount
                    .computeIfAbsent(row.supplyAccountId(), k -> new ArrayList<>())
                    .add(row.outage());
        }
        return byAccount;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Object> map(BranchId branch) {
        return maps.featureCollection(branch);
    }

    @Override
    @Transactional(readOnly = true)
    public List<Long> affectedAccounts(Actor actor, OutageId id, int page, int size) {
        find(actor, id).orElseThrow(() -> Problem.notFound("outage"));
        return records.affectedPage(id, Math.max(page, 0), Math.clamp(size, 1, 1000));
    }
}
