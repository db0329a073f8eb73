package io.gridhall.outage.internal;

import io.gridhall.grid.Grid;
import io.gridhall.grid.MeterView;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import io.gridhall.grid.NodeView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.metering.MeterPowerLost;
import io.gridhall.metering.MeterPowerRestored;
import io.gridhall.metering.MeterSupply;
import io.gridhall.outage.FaultSuggestionView;
import io.gridhall.outage.FaultSuggestions;
import io.gridhall.outage.OutageId;
import io.gridhall.outage.OutageStatus;
import io.gridhall.outage.OutageView;
import io.gridhall.outage.Outages;
import io.gridhall.outage.SuggestionStatus;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Problem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Faults detected from the meters (issue 11 section 2, ADR 0013). Metering's supply signals are kept per meter with
 * the transformer area and line they were lost in; after each batch the lines concerned are explained again
 * ({@link LossExplanation}) from the meters lost within the window, against the meters the head-end watches there.
 * A node that explains them gets one open suggestion, updated as more meters report; a dispatcher confirms it (a fault
 * outage through {@link Outages#openFault}, so the affected accounts are kept and told) or dismisses it with a reason.
 * Once most of its meters answer again, a confirmed suggestion asks for the restoration to be confirmed the same way.
 * Evaluations take one advisory lock, so two batches arriving together never suggest the same node twice.
 */
@Service
@Transactional
class DetectingFaults implements FaultSuggestions {

    private static final Logger log = LoggerFactory.getLogger(DetectingFaults.class);
    static final String CAUSE = "故障停电（电能表停电信号研判，待查明原因）";
    static final String RESTORED_REASON = "电能表恢复供电信号";
    private static final String OPEN = "('SUGGESTED', 'CONFIRMED', 'RESTORATION_SUGGESTED')";

    private final JdbcClient jdbc;
    private final Grid grid;
    private final MeterSupply supply;
    private final Outages outages;
    private final Audit audit;
    private final Clock clock;
    private final FaultDetection settings;

    DetectingFaults(
            JdbcClient jdbc,
            Grid grid,
            MeterSupply supply,
            Outages outages,
            Audit audit,
            Clock clock,
            FaultDetection settings) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.supply = supply;
        this.outages = outages;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    // ---- signals

    @ApplicationModuleListener
    void on(MeterPowerLost lost) {
        lost(lost);
    }

    @ApplicationModuleListener
    void on(MeterPowerRestored restored) {
        restored(restored);
    }

    /** Keeps the losses with their box, area and line, then explains again. */
    void lost(MeterPowerLost event) {
        Map<Long, MeterView> placed = grid.meters(
                event.meters().stream().map(MeterPowerLost.Meter::meterId).toList());
        Map<Long, Long> lineOfArea = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        List<Long> branches = new ArrayList<>();
        List<Long> boxes = new ArrayList<>();
        List<Long> areas = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        List<Timestamp> at = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (MeterPowerLost.Meter m : event.meters()) {
            MeterView meter = placed.get(m.meterId());
            Long area = meter != null ? Long.valueOf(meter.areaId()) : m.areaId();
            Long line = meter != null
                    ? Long.valueOf(meter.lineId())
                    : area == null
                            ? null
                            : lineOfArea.computeIfAbsent(
                                    area,
                                    a -> grid.node(NodeRef.area(a))
                                            .map(NodeView::parent)
                                            .filter(p -> p.type() == NodeType.LINE)
                                            .map(NodeRef::id)
                                            .orElse(null));
            ids.add(m.meterId());
            branches.add(m.branchId());
            boxes.add(meter == null ? null : meter.boxId());
            areas.add(area);
            lines.add(line);
            at.add(Timestamp.from(m.lostAt()));
            sources.add(m.source().name());
        }
        jdbc.sql("""
                insert into outage.meter_loss (meter_id, branch_id, box_id, area_id, line_id, lost_at, restored_at,
                    source)
                select id, branch, box, area, line, lost, null, src
                from unnest(:ids, :branches, :boxes, :areas, :lines, :at, :src)
                    as t(id, branch, box, area, line, lost, src)
                on conflict (meter_id) do update set branch_id = excluded.branch_id, box_id = excluded.box_id,
                    area_id = excluded.area_id, line_id = excluded.line_id, lost_at = excluded.lost_at,
                    restored_at = null, source = excluded.source""")
                .param("ids", ids.toArray(Long[]::new))
                .param("branches", branches.toArray(Long[]::new))
                .param("boxes", boxes.toArray(Long[]::new))
                .param("areas", areas.toArray(Long[]::new))
                .param("lines", lines.toArray(Long[]::new))
                .param("at", at.toArray(Timestamp[]::new))
                .param("src", sources.toArray(String[]::new))
                .update();
        evaluate();
    }

    /** Marks the meters back, then explains again. */
    void restored(MeterPowerRestored event) {
        jdbc.sql("""
                update outage.meter_loss l set restored_at = t.back, lost_at = least(l.lost_at, t.lost)
                from unnest(:ids, :lost, :back) as t(id, lost, back)
                where l.meter_id = t.id and l.restored_at is null""")
                .param(
                        "ids",
                        event.meters().stream()
                                .map(MeterPowerRestored.Meter::meterId)
                                .toArray(Long[]::new))
                .param(
                        "lost",
                        event.meters().stream()
                                .map(m -> Timestamp.from(m.lostAt()))
                                .toArray(Timestamp[]::new))
                .param(
                        "back",
                        event.meters().stream()
                                .map(m -> Timestamp.from(m.restoredAt()))
                                .toArray(Timestamp[]::new))
                .update();
        evaluate();
    }

    // ---- explaining

    /** Meters watched at or below a node, lost within the window, lost now, the first loss and the last return. */
    private record Counts(long watched, long recent, long current, Instant firstLost, Instant lastBack) {

        static final Counts NONE = new Counts(0, 0, 0, null, null);

        Counts plus(Counts o) {
            return new Counts(
                    watched + o.watched,
                    recent + o.recent,
                    current + o.current,
                    firstLost == null || (o.firstLost != null && o.firstLost.isBefore(firstLost))
                            ? o.firstLost
                            : firstLost,
                    lastBack == null || (o.lastBack != null && o.lastBack.isAfter(lastBack)) ? o.lastBack : lastBack);
        }

        /** Losses of meters no longer watched do not count beyond the meters watched. */
        Counts clamped() {
            return new Counts(watched, Math.min(recent, watched), Math.min(current, watched), firstLost, lastBack);
        }
    }

    /** One substation's part of the topology as the evaluation sees it: each node's parent and counts. */
    private record Tree(NodeRef root, Map<NodeRef, NodeRef> parent, Map<NodeRef, Counts> counts) {

        Counts of(NodeRef node) {
            return counts.getOrDefault(node, Counts.NONE);
        }

        boolean below(NodeRef node, NodeRef ancestor) {
            for (NodeRef n = node; n != null; n = parent.get(n)) if (n.equals(ancestor)) return true;
            return false;
        }

        List<NodeRef> ancestors(NodeRef node) {
            List<NodeRef> up = new ArrayList<>();
            for (NodeRef n = parent.get(node); n != null; n = parent.get(n)) up.add(n);
            return up;
        }

        List<NodeRef> descendants(NodeRef node) {
            return counts.keySet().stream()
                    .filter(n -> !n.equals(node) && below(n, node))
                    .toList();
        }

        int areasHit(NodeRef node) {
            if (node.type() == NodeType.BOX) return of(node).current() > 0 ? 1 : 0;
            return (int) counts.entrySet().stream()
                    .filter(e ->
                            e.getKey().type() == NodeType.AREA && e.getValue().current() > 0 && below(e.getKey(), node))
                    .count();
        }

        Long lineOf(NodeRef node) {
            for (NodeRef n = node; n != null; n = parent.get(n)) if (n.type() == NodeType.LINE) return n.id();
            return null;
        }
    }

    /** Explains every substation with recent losses or an open suggestion; returns the open suggestions touched. */
    int evaluate() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('outage.fault-suggestions'))")
                .query()
                .singleValue();
        Instant now = clock.instant();
        Instant since = now.minus(settings.window());
        List<Long> lines = jdbc.sql("select distinct line_id from outage.meter_loss"
                        + " where restored_at is null and lost_at >= :since and line_id is not null"
                        + " union select line_id from outage.outage_suggestion where status in " + OPEN
                        + " and substation_id is null and line_id is not null order by 1")
                .param("since", Timestamp.from(since))
                .query(Long.class)
                .list();
        java.util.SortedSet<Long> substations = new java.util.TreeSet<>(
                jdbc.sql("select distinct substation_id from outage.outage_suggestion where status in " + OPEN
                                + " and substation_id is not null")
                        .query(Long.class)
                        .list());
        for (long line : lines) {
            grid.node(NodeRef.line(line))
                    .map(NodeView::parent)
                    .filter(p -> p.type() == NodeType.SUBSTATION)
                    .ifPresentOrElse(
                            p -> substations.add(p.id()), () -> log.warn("Line {} has no substation above it", line));
        }
        int touched = 0;
        for (long substation : substations) touched += evaluateSubstation(substation, now, since);
        return touched;
    }

    private int evaluateSubstation(long substation, Instant now, Instant since) {
        Tree tree = tree(substation, since);
        List<LossExplanation.Place> places = new ArrayList<>();
        tree.counts()
                .forEach((node, c) ->
                        places.add(new LossExplanation.Place(node, tree.parent().get(node), c.watched(), c.recent())));
        for (LossExplanation.Explained e : LossExplanation.explain(places, settings.rule())) {
            suggest(e, substation, tree, now);
        }
        return update(substation, tree, now);
    }

    /** The substation's lines and areas, and the boxes of the areas with losses or an open box suggestion. */
    private Tree tree(long substation, Instant since) {
        NodeRef root = NodeRef.substation(substation);
        Map<NodeRef, NodeRef> parent = new HashMap<>();
        List<Long> lines = new ArrayList<>();
        List<Long> areas = new ArrayList<>();
        for (NodeView line : grid.children(root)) {
            if (line.ref().type() != NodeType.LINE) continue;
            parent.put(line.ref(), root);
            lines.add(line.ref().id());
            for (NodeView area : grid.children(line.ref())) {
                if (area.ref().type() != NodeType.AREA) continue;
                parent.put(area.ref(), line.ref());
                areas.add(area.ref().id());
            }
        }
        Map<NodeRef, Counts> own = new HashMap<>();
        supply.watchedMetersOfAreas(areas)
                .forEach((area, n) -> own.put(NodeRef.area(area), new Counts(n, 0, 0, null, null)));
        record Loss(long area, Long box, Counts counts) {}
        List<Loss> losses = jdbc.sql("""
                select area_id, box_id,
                       count(*) filter (where restored_at is null and lost_at >= :since) as recent,
                       count(*) filter (where restored_at is null) as current,
                       min(lost_at) filter (where restored_at is null) as first_lost,
                       max(restored_at) as last_back
                from outage.meter_loss where line_id = any(:lines) and area_id is not null
                group by area_id, box_id""")
                .param("since", Timestamp.from(since))
                .param("lines", lines.toArray(Long[]::new))
                .query((rs, n) -> {
                    Timestamp first = rs.getTimestamp("first_lost");
                    Timestamp back = rs.getTimestamp("last_back");
                    return new Loss(
                            rs.getLong("area_id"),
                            rs.getObject("box_id", Long.class),
                            new Counts(
                                    0,
                                    rs.getLong("recent"),
                                    rs.getLong("current"),
                                    first == null ? null : first.toInstant(),
                                    back == null ? null : back.toInstant()));
                })
                .list();
        // the boxes matter where meters are dark, and under an open box suggestion (for its restoration)
        java.util.Set<Long> detailed = new java.util.HashSet<>();
        for (Loss l : losses) if (l.counts().current() > 0) detailed.add(l.area());
        jdbc.sql("select node_id from outage.outage_suggestion where status in " + OPEN
                        + " and node_type = 'BOX' and substation_id = :substation")
                .param("substation", substation)
                .query(Long.class)
                .list()
                .forEach(
                        box -> grid.node(NodeRef.box(box)).map(NodeView::parent).ifPresent(a -> detailed.add(a.id())));
        detailed.retainAll(areas);
        for (MeterView m : grid.meters(supply.watchedMeters(detailed)).values()) {
            if (!detailed.contains(m.areaId())) continue;
            NodeRef box = NodeRef.box(m.boxId());
            parent.put(box, NodeRef.area(m.areaId()));
            own.merge(box, new Counts(1, 0, 0, null, null), Counts::plus);
        }
        for (Loss l : losses) {
            NodeRef area = NodeRef.area(l.area());
            if (!parent.containsKey(area)) continue;
            own.merge(area, l.counts(), Counts::plus);
            NodeRef box = l.box() == null ? null : NodeRef.box(l.box());
            if (box != null && parent.containsKey(box)) own.merge(box, l.counts(), Counts::plus);
        }
        // areas and boxes count their own meters; lines and the substation add up their areas
        Map<NodeRef, Counts> counts = new LinkedHashMap<>();
        own.forEach((node, c) -> counts.put(node, c.clamped()));
        for (NodeRef area : parent.keySet()) {
            if (area.type() != NodeType.AREA) continue;
            Counts c = counts.getOrDefault(area, Counts.NONE);
            counts.putIfAbsent(area, c);
            for (NodeRef up = parent.get(area); up != null; up = parent.get(up)) {
                counts.merge(up, c, Counts::plus);
            }
        }
        counts.putIfAbsent(root, Counts.NONE);
        return new Tree(root, parent, counts);
    }

    private static String[] refs(List<NodeRef> nodes) {
        return nodes.stream().map(n -> n.type().name() + ":" + n.id()).toArray(String[]::new);
    }

    private void suggest(LossExplanation.Explained e, long substation, Tree tree, Instant now) {
        NodeRef node = e.node();
        List<NodeRef> selfAndAbove = new ArrayList<>();
        selfAndAbove.add(node);
        selfAndAbove.addAll(tree.ancestors(node));
        boolean covered = jdbc.sql("select count(*) from outage.outage_suggestion where status in " + OPEN
                                + " and node_type || ':' || node_id = any(:refs)")
                        .param("refs", refs(selfAndAbove))
                        .query(Long.class)
                        .single()
                > 0;
        if (covered) return;
        Instant firstLost =
                tree.of(node).firstLost() == null ? now : tree.of(node).firstLost();
        // a dispatcher said no to this loss: only losses after that may suggest the node again
        boolean dismissed = jdbc.sql("select count(*) from outage.outage_suggestion where status = 'DISMISSED'"
                                + " and node_type || ':' || node_id = any(:refs) and decided_at >= :first")
                        .param("refs", refs(selfAndAbove))
                        .param("first", Timestamp.from(firstLost))
                        .query(Long.class)
                        .single()
                > 0;
        if (dismissed) return;
        Optional<NodeView> view = grid.node(node);
        if (view.isEmpty()) return;
        NodeView v = view.get();
        long id = jdbc.sql("""
                insert into outage.outage_suggestion (branch_id, node_type, node_id, node_code, node_name, line_id,
                    substation_id, lat, lon, status, first_lost_at, meters_watched, meters_lost, peak_lost, areas_hit,
                    accounts, suggested_at, updated_at)
                values (:branch, :type, :id, :code, :name, :line, :substation, :lat, :lon, 'SUGGESTED', :first,
                    :watched, :lost, :lost, :areas, :accounts, :now, :now)
                returning id""")
                .param("branch", v.branchId().value())
                .param("type", node.type().name())
                .param("id", node.id())
                .param("code", v.code())
                .param("name", v.name())
                .param("line", tree.lineOf(node), java.sql.Types.BIGINT)
                .param("substation", substation)
                .param("lat", v.lat())
                .param("lon", v.lon())
                .param("first", Timestamp.from(firstLost))
                .param("watched", (int) e.watched())
                .param("lost", (int) e.lost())
                .param("areas", e.areas())
                .param("accounts", v.accounts())
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
        List<NodeRef> below = tree.descendants(node);
        if (!below.isEmpty()) {
            // the nodes below suggested on their own are explained by this one now
            jdbc.sql("update outage.outage_suggestion set status = 'MERGED', merged_into = :into, updated_at = :now"
                            + " where status = 'SUGGESTED' and node_type || ':' || node_id = any(:refs)")
                    .param("into", id)
                    .param("now", Timestamp.from(now))
                    .param("refs", refs(below))
                    .update();
        }
        log.info(
                "Fault suggested on {} {} ({}): {} of {} watched meters lost supply",
                node.type(),
                v.code(),
                id,
                e.lost(),
                e.watched());
    }

    private record Open(long id, NodeRef node, SuggestionStatus status, int peak) {}

    /** Counts of the substation's open suggestions from the meters without supply now, and what follows from them. */
    private int update(long substation, Tree tree, Instant now) {
        List<Long> lines = tree.parent().entrySet().stream()
                .filter(e -> e.getKey().type() == NodeType.LINE)
                .map(e -> e.getKey().id())
                .toList();
        List<Open> open = jdbc.sql("select id, node_type, node_id, status, peak_lost from outage.outage_suggestion"
                        + " where (substation_id = :substation or (substation_id is null and line_id = any(:lines)))"
                        + " and status in " + OPEN + " order by id")
                .param("substation", substation)
                .param("lines", lines.toArray(Long[]::new))
                .query((rs, n) -> new Open(
                        rs.getLong(1),
                        new NodeRef(NodeType.valueOf(rs.getString(2)), rs.getLong(3)),
                        SuggestionStatus.valueOf(rs.getString(4)),
                        rs.getInt(5)))
                .list();
        for (Open o : open) {
            Counts c = tree.of(o.node());
            long watched = c.watched();
            long current = c.current();
            int hit = tree.areasHit(o.node());
            int peak = (int) Math.max(o.peak(), current);
            Instant back = c.lastBack();
            SuggestionStatus next = o.status();
            boolean stillOut = settings.rule().qualifies(watched, current);
            boolean mostlyBack = current * 100 <= (long) (100 - settings.restoredPercent()) * peak;
            switch (o.status()) {
                case SUGGESTED -> {
                    if (!stillOut) next = SuggestionStatus.LAPSED;
                }
                case CONFIRMED -> {
                    if (mostlyBack) next = SuggestionStatus.RESTORATION_SUGGESTED;
                }
                case RESTORATION_SUGGESTED -> {
                    if (stillOut) next = SuggestionStatus.CONFIRMED;
                }
                default -> {}
            }
            jdbc.sql("""
                    update outage.outage_suggestion set meters_watched = :watched, meters_lost = :lost,
                        peak_lost = :peak, areas_hit = greatest(:hit, 1), status = :status, back_at = :back,
                        substation_id = :substation, updated_at = :now
                    where id = :id""")
                    .param("watched", (int) watched)
                    .param("lost", (int) current)
                    .param("peak", peak)
                    .param("hit", hit)
                    .param("status", next.name())
                    .param(
                            "back",
                            next == SuggestionStatus.RESTORATION_SUGGESTED && back != null
                                    ? Timestamp.from(back)
                                    : null,
                            java.sql.Types.TIMESTAMP)
                    .param("substation", substation)
                    .param("now", Timestamp.from(now))
                    .param("id", o.id())
                    .update();
            if (next != o.status()) {
                log.info("Fault suggestion {} on {}: {} -> {}", o.id(), o.node(), o.status(), next);
            }
        }
        return open.size();
    }

    // ---- decisions

    private static final String COLUMNS = """
            id, branch_id, node_type, node_id, node_code, node_name, lat, lon, status, first_lost_at, meters_watched,
            meters_lost, peak_lost, areas_hit, accounts, suggested_at, updated_at, back_at, outage_id, merged_into,
            reason""";

    private static FaultSuggestionView view(ResultSet rs, int n) throws SQLException {
        return new FaultSuggestionView(
                rs.getLong("id"),
                new BranchId(rs.getLong("branch_id")),
                rs.getString("node_type"),
                rs.getLong("node_id"),
                rs.getString("node_code"),
                rs.getString("node_name"),
                rs.getBigDecimal("lat"),
                rs.getBigDecimal("lon"),
                SuggestionStatus.valueOf(rs.getString("status")),
                rs.getObject("first_lost_at", OffsetDateTime.class),
                rs.getInt("meters_watched"),
                rs.getInt("meters_lost"),
                rs.getInt("peak_lost"),
                rs.getInt("areas_hit"),
                rs.getLong("accounts"),
                rs.getObject("suggested_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("back_at", OffsetDateTime.class),
                rs.getObject("outage_id", Long.class),
                rs.getObject("merged_into", Long.class),
                rs.getString("reason"));
    }

    @Override
    @Transactional(readOnly = true)
    public List<FaultSuggestionView> board(Actor actor, BranchId branch) {
        actor.require(Permission.REPAIR_DISPATCH);
        if (!actor.sees(branch)) throw Problem.notFound("branch");
        return jdbc.sql("select " + COLUMNS + " from outage.outage_suggestion where branch_id = :branch and status in "
                        + OPEN + " order by suggested_at desc, id desc limit 200")
                .param("branch", branch.value())
                .query(DetectingFaults::view)
                .list();
    }

    private FaultSuggestionView locked(Actor actor, long id) {
        actor.require(Permission.REPAIR_DISPATCH);
        return jdbc.sql("select " + COLUMNS + " from outage.outage_suggestion where id = :id for update")
                .param("id", id)
                .query(DetectingFaults::view)
                .optional()
                .filter(s -> actor.sees(s.branchId()))
                .orElseThrow(() -> Problem.notFound("outage-suggestion"));
    }

    private static void requireMove(FaultSuggestionView s, SuggestionStatus to, String action) {
        if (!s.status().canMoveTo(to)) {
            throw Problem.conflict("outage-suggestion-status", s.status().name(), action)
                    .with("status", s.status().name());
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public FaultSuggestionView confirm(Actor actor, long id, String cause, OffsetDateTime expectedRestorationAt) {
        FaultSuggestionView s = locked(actor, id);
        requireMove(s, SuggestionStatus.CONFIRMED, "CONFIRM");
        OffsetDateTime now = now();
        String why = cause == null || cause.isBlank() ? CAUSE : cause.strip();
        OffsetDateTime expected = expectedRestorationAt == null ? now.plusHours(4) : expectedRestorationAt;
        OffsetDateTime start = s.firstLostAt().isAfter(now) ? now : s.firstLostAt();
        OutageView outage = outages.openFault(
                actor,
                new Outages.Details(
                        List.of(new NodeRef(NodeType.valueOf(s.nodeType()), s.nodeId())), why, start, expected));
        jdbc.sql("""
                update outage.outage_suggestion set status = 'CONFIRMED', outage_id = :outage, decided_by = :by,
                    decided_at = :now, updated_at = :now
                where id = :id""")
                .param("outage", outage.id().value())
                .param("by", actor.userId().value())
                .param("now", now)
                .param("id", id)
                .update();
        audit.record(
                actor,
                "outage.suggestion.confirmed",
                "outage-suggestion",
                Long.toString(id),
                Map.of(
                        "outage", outage.id().value(),
                        "node", s.nodeType() + ":" + s.nodeId(),
                        "metersLost", s.metersLost(),
                        "metersWatched", s.metersWatched()));
        return find(id);
    }

    @Override
    public FaultSuggestionView dismiss(Actor actor, long id, String reason) {
        FaultSuggestionView s = locked(actor, id);
        if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        requireMove(s, SuggestionStatus.DISMISSED, "DISMISS");
        OffsetDateTime now = now();
        jdbc.sql("""
                update outage.outage_suggestion set status = 'DISMISSED', reason = :reason, decided_by = :by,
                    decided_at = :now, updated_at = :now
                where id = :id""")
                .param("reason", reason.strip())
                .param("by", actor.userId().value())
                .param("now", now)
                .param("id", id)
                .update();
        audit.record(
                actor,
                "outage.suggestion.dismissed",
                "outage-suggestion",
                Long.toString(id),
                Map.of("node", s.nodeType() + ":" + s.nodeId(), "reason", reason.strip()));
        return find(id);
    }

    @Override
    public FaultSuggestionView confirmRestoration(Actor actor, long id) {
        FaultSuggestionView s = locked(actor, id);
        requireMove(s, SuggestionStatus.RESTORED, "RESTORE");
        OffsetDateTime now = now();
        OutageId outageId = new OutageId(s.outageId());
        OutageView outage = outages.find(actor, outageId).orElseThrow(() -> Problem.notFound("outage"));
        if (outage.status() == OutageStatus.PUBLISHED) {
            OffsetDateTime at = s.backAt() == null || s.backAt().isAfter(now) ? now : s.backAt();
            if (at.isBefore(outage.startsAt())) at = outage.startsAt();
            outages.restore(actor, outageId, at, RESTORED_REASON);
        }
        jdbc.sql("""
                update outage.outage_suggestion set status = 'RESTORED', decided_by = :by, decided_at = :now,
                    updated_at = :now
                where id = :id""")
                .param("by", actor.userId().value())
                .param("now", now)
                .param("id", id)
                .update();
        audit.record(
                actor,
                "outage.suggestion.restored",
                "outage-suggestion",
                Long.toString(id),
                Map.of("outage", outageId.value(), "node", s.nodeType() + ":" + s.nodeId()));
        return find(id);
    }

    private FaultSuggestionView find(long id) {
        return jdbc.sql("select " + COLUMNS + " from outage.outage_suggestion where id = :id")
                .param("id", id)
                .query(DetectingFaults::view)
                .single();
    }

    /** For tests and the demo: a suggestion as it stands, whatever its status. */
    Optional<FaultSuggestionView> suggestionOn(NodeRef node) {
        return jdbc.sql("select " + COLUMNS + " from outage.outage_suggestion where node_type = :type and node_id = :id"
                        + " order by id desc limit 1")
                .param("type", node.type().name())
                .param("id", node.id())
                .query(DetectingFaults::view)
                .optional();
    }
}
