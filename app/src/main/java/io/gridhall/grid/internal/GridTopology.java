package io.gridhall.grid.internal;

import io.gridhall.grid.AccountPage;
import io.gridhall.grid.BranchView;
import io.gridhall.grid.Grid;
import io.gridhall.grid.MeterView;
import io.gridhall.grid.MeteringPointView;
import io.gridhall.grid.MetersInstalled;
import io.gridhall.grid.NodeLabel;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import io.gridhall.grid.NodeView;
import io.gridhall.grid.ServiceArea;
import io.gridhall.grid.SupplyPath;
import io.gridhall.identity.BranchId;
import io.gridhall.shared.BulkCopy;
import io.gridhall.shared.TableCounts;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The topology in schema {@code grid}; the path is denormalised onto each meter (see V1__topology.sql). */
@Service
@Transactional(readOnly = true)
class GridTopology implements Grid {

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final DataSource dataSource;
    private final ApplicationEventPublisher events;

    GridTopology(JdbcClient jdbc, DataSource dataSource, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.dataSource = dataSource;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(5000);
    }

    /** How each level is stored: its table, the meter column that points at it, and its parent. */
    enum Level {
        BRANCH(NodeType.BRANCH, """
                select id, id as branch_id, code, name, status, null::bigint as parent_id, lat, lon,
                       region as d1, null::text as d2 from grid.branch""", "branch_id", null, null),
        SUBSTATION(NodeType.SUBSTATION, """
                select id, branch_id, code, name, status, branch_id as parent_id, lat, lon,
                       voltage_kv::text as d1, null::text as d2 from grid.substation""", "substation_id", NodeType.BRANCH, "branch_id"),
        LINE(NodeType.LINE, """
                select id, branch_id, code, name, status, substation_id as parent_id, null::numeric as lat,
                       null::numeric as lon, voltage_kv::text as d1, null::text as d2 from grid.line""", "line_id", NodeType.SUBSTATION, "substation_id"),
        AREA(NodeType.AREA, """
                select id, branch_id, code, name, status, line_id as parent_id, lat, lon,
                       capacity_kva::text as d1, ownership as d2 from grid.transformer_area""", "area_id", NodeType.LINE, "line_id"),
        BOX(NodeType.BOX, """
                select id, branch_id, code, code as name, status, area_id as parent_id, lat, lon,
                       null::text as d1, null::text as d2 from grid.meter_box""", "box_id", NodeType.AREA, "area_id"),
        METER(NodeType.METER, """
                select id, branch_id, asset_number as code, comm_address as name, status, box_id as parent_id,
                       null::numeric as lat, null::numeric as lon, fee_control as d1, phase as d2 from grid.meter""", "id", NodeType.BOX, "box_id");

        final NodeType type;
        final String select;
        final String meterColumn;
        final NodeType parentType;
        final String parentColumn;

        Level(NodeType type, String select, String meterColumn, NodeType parentType, String parentColumn) {
            this.type = type;
            this.select = select;
            this.meterColumn = meterColumn;
            this.parentType = parentType;
            this.parentColumn = parentColumn;
        }

        static Level of(NodeType type) {
            return valueOf(type.name());
        }

        Map<String, Object> details(ResultSet rs) throws SQLException {
            String d1 = rs.getString("d1");
            String d2 = rs.getString("d2");
            Map<String, Object> m = new LinkedHashMap<>();
            switch (this) {
                case BRANCH -> m.put("region", d1);
                case SUBSTATION, LINE -> m.put("voltageKv", Integer.valueOf(d1));
                case AREA -> {
                    m.put("capacityKva", Integer.valueOf(d1));
                    m.put("ownership", d2);
                }
                case METER -> {
                    m.put("feeControl", d1);
                    m.put("phase", d2);
                }
                case BOX -> {}
            }
            return m;
        }
    }

    private record Counts(long meters, long accounts) {}

    private NodeView nodeView(Level level, ResultSet rs, Counts counts) throws SQLException {
        long parentId = rs.getLong("parent_id");
        NodeRef parent = level.parentType == null || rs.wasNull() ? null : new NodeRef(level.parentType, parentId);
        return new NodeView(
                new NodeRef(level.type, rs.getLong("id")),
                new BranchId(rs.getLong("branch_id")),
                rs.getString("code"),
                rs.getString("name"),
                rs.getString("status"),
                parent,
                rs.getBigDecimal("lat"),
                rs.getBigDecimal("lon"),
                level.details(rs),
                counts.meters,
                counts.accounts);
    }

    @Override
    public List<BranchView> branches() {
        return jdbc.sql("select id, code, name, region, lat, lon, status from grid.branch order by id")
                .query(GridTopology::branchView)
                .list();
    }

    @Override
    public Optional<BranchView> branch(BranchId id) {
        return jdbc.sql("select id, code, name, region, lat, lon, status from grid.branch where id = ?")
                .param(id.value())
                .query(GridTopology::branchView)
                .optional();
    }

    @Override
    public Optional<ServiceArea> serviceArea(BranchId branch) {
        return jdbc.sql("select service_area from grid.branch where id = ?")
                .param(branch.value())
                .query(String.class)
                .optional()
                .map(ServiceArea::valueOf);
    }

    @Override
    @Transactional
    public boolean classifyBranch(BranchId branch, ServiceArea area) {
        return jdbc.sql("update grid.branch set service_area = ? where id = ?")
                        .param(area.name())
                        .param(branch.value())
                        .update()
                == 1;
    }

    @Override
    public Optional<NodeLabel> nearestArea(
            BigDecimal lat, BigDecimal lon, long withinMetres, Collection<BranchId> preferred) {
        Long[] branches = preferred == null
                ? new Long[0]
                : preferred.stream().map(BranchId::value).toArray(Long[]::new);
        return jdbc.sql("""
                        select id, branch_id, code, name from grid.transformer_area
                        where public.earth_box(public.ll_to_earth(:lat, :lon), :r)
                              @> public.ll_to_earth(lat::float8, lon::float8)
                          and public.earth_distance(public.ll_to_earth(:lat, :lon),
                                                    public.ll_to_earth(lat::float8, lon::float8)) <= :r
                        order by branch_id = any(:preferred) desc,
                                 public.earth_distance(public.ll_to_earth(:lat, :lon),
                                                       public.ll_to_earth(lat::float8, lon::float8)), id
                        limit 1""")
                .param("preferred", branches)
                .param("lat", lat)
                .param("lon", lon)
                .param("r", withinMetres)
                .query((rs, n) -> new NodeLabel(
                        NodeRef.area(rs.getLong("id")),
                        new BranchId(rs.getLong("branch_id")),
                        rs.getString("code"),
                        rs.getString("name")))
                .optional();
    }

    private static BranchView branchView(ResultSet rs, int n) throws SQLException {
        return new BranchView(
                new BranchId(rs.getLong("id")),
                rs.getString("code"),
                rs.getString("name"),
                rs.getString("region"),
                rs.getBigDecimal("lat"),
                rs.getBigDecimal("lon"),
                rs.getString("status"));
    }

    @Override
    public Optional<NodeView> node(NodeRef ref) {
        Level level = Level.of(ref.type());
        Counts counts = counts(level, ref.id());
        return jdbc.sql("select * from (" + level.select + ") n where id = ?")
                .param(ref.id())
                .query((rs, n) -> nodeView(level, rs, counts))
                .optional();
    }

    @Override
    public Map<Long, NodeLabel> labels(NodeType type, Collection<Long> ids) {
        if (ids.isEmpty()) return Map.of();
        Level level = Level.of(type);
        Map<Long, NodeLabel> labels = new HashMap<>();
        jdbc.sql("select id, branch_id, code, name from (" + level.select + ") n where id = any(?)")
                .param(ids.toArray(Long[]::new))
                .query(rs -> {
                    labels.put(
                            rs.getLong("id"),
                            new NodeLabel(
                                    new NodeRef(type, rs.getLong("id")),
                                    new BranchId(rs.getLong("branch_id")),
                                    rs.getString("code"),
                                    rs.getString("name")));
                });
        return labels;
    }

    private Counts counts(Level level, long id) {
        return jdbc.sql("select count(*) as meters, count(distinct mp.supply_account_id) as accounts"
                        + " from grid.meter m left join grid.metering_point mp on mp.meter_id = m.id and mp.valid_to is null"
                        + " where m." + level.meterColumn + " = ?")
                .param(id)
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    @Override
    public List<NodeView> children(NodeRef parent) {
        Optional<NodeType> childType = parent.type().child();
        if (childType.isEmpty()) return List.of();
        Level parentLevel = Level.of(parent.type());
        Level child = Level.of(childType.get());
        Map<Long, Counts> counts = new HashMap<>();
        jdbc.sql("select m." + child.meterColumn + ", count(*), count(distinct mp.supply_account_id)"
                        + " from grid.meter m left join grid.metering_point mp on mp.meter_id = m.id and mp.valid_to is null"
                        + " where m." + parentLevel.meterColumn + " = ? group by 1")
                .param(parent.id())
                .query(rs -> {
                    counts.put(rs.getLong(1), new Counts(rs.getLong(2), rs.getLong(3)));
                });
        return jdbc.sql("select * from (" + child.select + ") n where parent_id = ? order by code")
                .param(parent.id())
                .query((rs, n) -> nodeView(child, rs, counts.getOrDefault(rs.getLong("id"), new Counts(0, 0))))
                .list();
    }

    private static final String METER_COLUMNS = """
            m.id, m.branch_id, m.asset_number, m.comm_address, m.fee_control, m.ct_ratio, m.pt_ratio, m.phase,
            m.manufacturer, m.model, m.installed_on, m.status, m.substation_id, m.line_id, m.area_id, m.box_id,
            mp.supply_account_id""";

    private static MeterView meterView(ResultSet rs, int n) throws SQLException {
        long account = rs.getLong("supply_account_id");
        Long accountId = rs.wasNull() ? null : account;
        return new MeterView(
                rs.getLong("id"),
                new BranchId(rs.getLong("branch_id")),
                rs.getString("asset_number"),
                rs.getString("comm_address"),
                MeterView.FeeControl.valueOf(rs.getString("fee_control")),
                rs.getInt("ct_ratio"),
                rs.getInt("pt_ratio"),
                MeterView.Phase.valueOf(rs.getString("phase")),
                rs.getString("manufacturer"),
                rs.getString("model"),
                rs.getObject("installed_on", java.time.LocalDate.class),
                rs.getString("status"),
                rs.getLong("substation_id"),
                rs.getLong("line_id"),
                rs.getLong("area_id"),
                rs.getLong("box_id"),
                accountId);
    }

    @Override
    public Optional<SupplyPath> supplyPath(long supplyAccountId) {
        return jdbc.sql("select " + METER_COLUMNS + """
                        , b.code as b_code, b.name as b_name, b.status as b_status,
                        s.code as s_code, s.name as s_name, s.status as s_status,
                        l.code as l_code, l.name as l_name, l.status as l_status,
                        a.code as a_code, a.name as a_name, a.status as a_status,
                        x.code as x_code, x.status as x_status
                        from grid.metering_point mp
                        join grid.meter m on m.id = mp.meter_id
                        join grid.branch b on b.id = m.branch_id
                        join grid.substation s on s.id = m.substation_id
                        join grid.line l on l.id = m.line_id
                        join grid.transformer_area a on a.id = m.area_id
                        join grid.meter_box x on x.id = m.box_id
                        where mp.supply_account_id = ? and mp.valid_to is null
                        order by (mp.status = 'IN_SERVICE') desc, (m.status = 'IN_SERVICE') desc, m.id
                        limit 1""")
                .param(supplyAccountId)
                .query((rs, n) -> {
                    MeterView meter = meterView(rs, n);
                    return new SupplyPath(
                            supplyAccountId,
                            meter.branchId(),
                            new SupplyPath.Node(
                                    meter.branchId().value(),
                                    rs.getString("b_code"),
                                    rs.getString("b_name"),
                                    rs.getString("b_status")),
                            new SupplyPath.Node(
                                    meter.substationId(),
                                    rs.getString("s_code"),
                                    rs.getString("s_name"),
                                    rs.getString("s_status")),
                            new SupplyPath.Node(
                                    meter.lineId(),
                                    rs.getString("l_code"),
                                    rs.getString("l_name"),
                                    rs.getString("l_status")),
                            new SupplyPath.Node(
                                    meter.areaId(),
                                    rs.getString("a_code"),
                                    rs.getString("a_name"),
                                    rs.getString("a_status")),
                            new SupplyPath.Node(
                                    meter.boxId(),
                                    rs.getString("x_code"),
                                    rs.getString("x_code"),
                                    rs.getString("x_status")),
                            meter);
                })
                .optional();
    }

    @Override
    public Map<Long, List<MeterView>> metersOfAccounts(Collection<Long> supplyAccountIds) {
        if (supplyAccountIds.isEmpty()) return Map.of();
        Map<Long, List<MeterView>> result = new LinkedHashMap<>();
        jdbc.sql(
                        "select " + METER_COLUMNS
                                + " from grid.metering_point mp join grid.meter m on m.id = mp.meter_id"
                                + " where mp.supply_account_id = any(?) and mp.valid_to is null order by mp.supply_account_id, m.id")
                .param(supplyAccountIds.toArray(Long[]::new))
                .query(GridTopology::meterView)
                .list()
                .forEach(m -> result.computeIfAbsent(m.supplyAccountId(), k -> new ArrayList<>())
                        .add(m));
        return result;
    }

    @Override
    public Map<Long, List<MeteringPointView>> meteringPoints(
            Collection<Long> supplyAccountIds, LocalDate from, LocalDate to) {
        if (supplyAccountIds.isEmpty()) return Map.of();
        Map<Long, List<MeteringPointView>> result = new LinkedHashMap<>();
        jdbc.sql("select " + METER_COLUMNS + ", mp.valid_from, mp.valid_to"
                        + " from grid.metering_point mp join grid.meter m on m.id = mp.meter_id"
                        + " where mp.supply_account_id = any(?) and coalesce(mp.valid_from, ?) <= ?"
                        + " and coalesce(mp.valid_to, ?) >= ?"
                        + " order by mp.supply_account_id, coalesce(mp.valid_from, m.installed_on), m.id")
                .param(supplyAccountIds.toArray(Long[]::new))
                .param(to)
                .param(to)
                .param(from)
                .param(from)
                .query((rs, n) -> new MeteringPointView(
                        meterView(rs, n),
                        rs.getObject("valid_from", LocalDate.class),
                        rs.getObject("valid_to", LocalDate.class)))
                .list()
                .forEach(p -> result.computeIfAbsent(p.meter().supplyAccountId(), k -> new ArrayList<>())
                        .add(p));
        return result;
    }

    private Optional<MeterView> meterWhere(String condition, Object value) {
        return jdbc.sql("select " + METER_COLUMNS + " from grid.meter m left join grid.metering_point mp"
                        + " on mp.meter_id = m.id and mp.valid_to is null where " + condition)
                .param(value)
                .query(GridTopology::meterView)
                .optional();
    }

    @Override
    public Optional<MeterView> meter(long meterId) {
        return meterWhere("m.id = ?", meterId);
    }

    @Override
    public Map<Long, MeterView> meters(Collection<Long> meterIds) {
        if (meterIds.isEmpty()) return Map.of();
        Map<Long, MeterView> result = new HashMap<>();
        jdbc.sql("select " + METER_COLUMNS + " from grid.meter m left join grid.metering_point mp"
                        + " on mp.meter_id = m.id and mp.valid_to is null where m.id = any(?)")
                .param(meterIds.toArray(Long[]::new))
                .query(GridTopology::meterView)
                .list()
                .forEach(m -> result.put(m.id(), m));
        return result;
    }

    @Override
    public Optional<MeterView> meterByAssetNumber(String assetNumber) {
        return meterWhere("m.asset_number = ?", assetNumber == null ? "" : assetNumber.strip());
    }

    @Override
    public Optional<MeterView> meterByCommAddress(String commAddress) {
        String a = commAddress == null ? "" : commAddress.strip();
        if (!a.matches("[0-9]{12}")) return Optional.empty();
        return meterWhere("m.comm_address = ?", a);
    }

    private static String downstream(NodeRef node) {
        return " from grid.meter m join grid.metering_point mp on mp.meter_id = m.id and mp.valid_to is null where m."
                + Level.of(node.type()).meterColumn + " = ?";
    }

    @Override
    public AccountPage downstreamAccounts(NodeRef node, int page, int size) {
        int p = Math.max(page, 0);
        int s = Math.clamp(size, 1, 1000);
        List<Long> ids = jdbc.sql(
                        "select distinct mp.supply_account_id" + downstream(node) + " order by 1 limit ? offset ?")
                .param(node.id())
                .param(s)
                .param((long) p * s)
                .query(Long.class)
                .list();
        // a short first page is the whole answer: no second query
        long total = p == 0 && ids.size() < s ? ids.size() : countDownstreamAccounts(node);
        return new AccountPage(ids, p, s, total);
    }

    @Override
    public void forEachDownstreamAccount(NodeRef node, LongConsumer consumer) {
        streaming.query(
                "select distinct mp.supply_account_id" + downstream(node) + " order by 1",
                rs -> {
                    consumer.accept(rs.getLong(1));
                },
                node.id());
    }

    @Override
    public long countDownstreamAccounts(NodeRef node) {
        return jdbc.sql("select count(distinct mp.supply_account_id)" + downstream(node))
                .param(node.id())
                .query(Long.class)
                .single();
    }

    @Override
    public Map<String, Long> counts() {
        return TableCounts.of(
                jdbc,
                "grid",
                List.of("branch", "substation", "line", "transformer_area", "meter_box", "meter", "metering_point"));
    }

    @Override
    public Map<String, Object> map(BranchId branch, BoundingBox bbox) {
        return new GridMap(jdbc).featureCollection(branch, bbox);
    }

    @Override
    @Transactional
    public boolean endMeteringPoint(long meterId, LocalDate lastDay) {
        return jdbc.sql("""
                        update grid.metering_point set valid_to = :last
                         where meter_id = :meter and valid_to is null and (valid_from is null or valid_from <= :last)""").param("meter", meterId).param("last", lastDay).update() == 1;
    }

    @Override
    @Transactional
    public long[] allocateIds(NodeType type, int n) {
        String sequence = switch (type) {
            case BRANCH -> "grid.branch_id_seq";
            case SUBSTATION -> "grid.substation_id_seq";
            case LINE -> "grid.line_id_seq";
            case AREA -> "grid.transformer_area_id_seq";
            case BOX -> "grid.meter_box_id_seq";
            case METER -> "grid.meter_id_seq";
        };
        return BulkCopy.allocateIds(jdbc, sequence, n);
    }

    @Override
    @Transactional
    public void importRows(ImportBatch b) {
        BulkCopy.copy(dataSource, "grid.branch", "id, code, name, region, lat, lon", b.branches(), r ->
                new Object[] {r.id().value(), r.code(), r.name(), r.region(), r.lat(), r.lon()});
        BulkCopy.copy(
                dataSource,
                "grid.substation",
                "id, branch_id, code, name, voltage_kv, lat, lon",
                b.substations(),
                r -> new Object[] {r.id(), r.branchId().value(), r.code(), r.name(), r.voltageKv(), r.lat(), r.lon()});
        BulkCopy.copy(dataSource, "grid.line", "id, branch_id, substation_id, code, name", b.lines(), r ->
                new Object[] {r.id(), r.branchId().value(), r.substationId(), r.code(), r.name()});
        BulkCopy.copy(
                dataSource,
                "grid.transformer_area",
                "id, branch_id, substation_id, line_id, code, name, capacity_kva, ownership, lat, lon",
                b.areas(),
                r -> new Object[] {
                    r.id(),
                    r.branchId().value(),
                    r.substationId(),
                    r.lineId(),
                    r.code(),
                    r.name(),
                    r.capacityKva(),
                    r.dedicated() ? "DEDICATED" : "PUBLIC",
                    r.lat(),
                    r.lon()
                });
        BulkCopy.copy(
                dataSource,
                "grid.meter_box",
                "id, branch_id, substation_id, line_id, area_id, code, lat, lon",
                b.boxes(),
                r -> new Object[] {
                    r.id(), r.branchId().value(), r.substationId(), r.lineId(), r.areaId(), r.code(), r.lat(), r.lon()
                });
        BulkCopy.copy(
                dataSource,
                "grid.meter",
                "id, branch_id, substation_id, line_id, area_id, box_id, asset_number,"
                        + " comm_address, fee_control, ct_ratio, pt_ratio, phase, manufacturer, model, installed_on",
                b.meters(),
                r -> new Object[] {
                    r.id(),
                    r.branchId().value(),
                    r.substationId(),
                    r.lineId(),
                    r.areaId(),
                    r.boxId(),
                    r.assetNumber(),
                    r.commAddress(),
                    r.feeControl(),
                    r.ctRatio(),
                    r.ptRatio(),
                    r.phase(),
                    r.manufacturer(),
                    r.model(),
                    r.installedOn()
                });
        BulkCopy.copy(
                dataSource, "grid.metering_point", "meter_id, supply_account_id, valid_from, valid_to", b.points(), r ->
                        new Object[] {r.meterId(), r.supplyAccountId(), r.validFrom(), r.validTo()});
        if (!b.meters().isEmpty()) events.publishEvent(installed(b));
    }

    static MetersInstalled installed(ImportBatch b) {
        Map<Long, Long> accountOfMeter = new HashMap<>();
        b.points().stream()
                .filter(p -> p.validTo() == null)
                .forEach(p -> accountOfMeter.put(p.meterId(), p.supplyAccountId()));
        return new MetersInstalled(b.meters().stream()
                .map(m -> new MetersInstalled.Installed(
                        m.id(), m.commAddress(), m.branchId(), m.areaId(), m.feeControl(), accountOfMeter.get(m.id())))
                .toList());
    }
}
