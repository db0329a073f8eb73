package io.gridhall.payment.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.payment.OpeningHours;
import io.gridhall.payment.Outlet;
import io.gridhall.payment.OutletKind;
import io.gridhall.payment.Outlets;
import io.gridhall.payment.Position;
import io.gridhall.shared.Problem;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The outlets' table and the nearest-first search (ADR 0015). */
@Service
class FindingOutlets implements Outlets {

    private static final String COLUMNS =
            "outlet_id, branch_id, kind, name, address, phone, lat, lon, hours, active, version";

    private final JdbcClient jdbc;
    private final Audit audit;

    FindingOutlets(JdbcClient jdbc, Audit audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Outlet.Nearby> nearest(Position from, OutletKind kind, int radiusMetres, int limit) {
        if (radiusMetres < 1 || radiusMetres > MAX_RADIUS_METRES)
            throw Problem.badRequest("outlet-radius", 1, MAX_RADIUS_METRES / 1000);
        if (limit < 1 || limit > MAX_RESULTS) throw Problem.badRequest("bad-limit", 1, MAX_RESULTS);
        // the box finds the candidates through the GiST index; the distance trims the box's corners and orders
        return jdbc.sql("select " + COLUMNS + """
                        , round(public.earth_distance(public.ll_to_earth(cast(:lat as float8), cast(:lon as float8)),
                                                      public.ll_to_earth(lat::float8, lon::float8)))::bigint as metres
                        from payment.outlet
                        where active and (cast(:kind as text) is null or kind = :kind)
                          and public.earth_box(public.ll_to_earth(cast(:lat as float8), cast(:lon as float8)), :radius)
                              @> public.ll_to_earth(lat::float8, lon::float8)
                          and public.earth_distance(public.ll_to_earth(cast(:lat as float8), cast(:lon as float8)),
                                                    public.ll_to_earth(lat::float8, lon::float8)) <= :radius
                        order by metres, outlet_id
                        limit :limit""")
                .param("lat", from.lat())
                .param("lon", from.lon())
                .param("kind", kind == null ? null : kind.name())
                .param("radius", radiusMetres)
                .param("limit", limit)
                .query((rs, n) -> new Outlet.Nearby(outlet(rs), rs.getLong("metres")))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Position> centreOf(BranchId branch) {
        return jdbc.sql("""
                        select round(avg(lat), 6) as lat, round(avg(lon), 6) as lon from payment.outlet
                        where branch_id = :branch and active having count(*) > 0""")
                .param("branch", branch.value())
                .query((rs, n) -> new Position(rs.getBigDecimal("lat"), rs.getBigDecimal("lon")))
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Outlet> ofBranches(Collection<Long> branchIds) {
        Long[] ids = branchIds == null ? null : branchIds.toArray(Long[]::new);
        return jdbc.sql(
                        "select " + COLUMNS + " from payment.outlet"
                                + " where cast(:ids as bigint[]) is null or branch_id = any(:ids) order by kind, name, outlet_id")
                .param("ids", ids)
                .query((rs, n) -> outlet(rs))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Outlet> outlet(long id) {
        return jdbc.sql("select " + COLUMNS + " from payment.outlet where outlet_id = :id")
                .param("id", id)
                .query((rs, n) -> outlet(rs))
                .optional();
    }

    @Override
    @Transactional
    public Outlet open(BranchId branch, Outlet.Details d, Actor actor) {
        actor.require(Permission.PAYMENT_COLLECT);
        if (!actor.sees(branch)) throw Problem.notFound("branch");
        long id = jdbc.sql("""
                        insert into payment.outlet (branch_id, kind, name, address, phone, lat, lon, hours, active)
                        values (:branch, :kind, :name, :address, :phone, :lat, :lon, :hours, :active)
                        returning outlet_id""")
                .param("branch", branch.value())
                .params(columns(d))
                .query(Long.class)
                .single();
        Outlet created = outlet(id).orElseThrow();
        audit.record(actor, "payment.outlet-open", "outlet", String.valueOf(id), details(created));
        return created;
    }

    @Override
    @Transactional
    public Outlet change(long id, int version, Outlet.Details d, Actor actor) {
        actor.require(Permission.PAYMENT_COLLECT);
        Outlet before = jdbc.sql("select " + COLUMNS + " from payment.outlet where outlet_id = :id for update")
                .param("id", id)
                .query((rs, n) -> outlet(rs))
                .optional()
                .filter(o -> actor.sees(o.branchId()))
                .orElseThrow(() -> Problem.notFound("outlet"));
        if (before.version() != version) throw Problem.conflict("outlet-changed", before.version());
        jdbc.sql("""
                        update payment.outlet set kind = :kind, name = :name, address = :address, phone = :phone,
                            lat = :lat, lon = :lon, hours = :hours, active = :active, version = version + 1
                        where outlet_id = :id""").param("id", id).params(columns(d)).update();
        Outlet after = outlet(id).orElseThrow();
        Map<String, Object> details = details(after);
        details.put("before", details(before));
        audit.record(actor, "payment.outlet-change", "outlet", String.valueOf(id), details);
        return after;
    }

    @Override
    @Transactional
    public int load(List<Outlet> outlets) {
        if (outlets.isEmpty()) return 0;
        int n = outlets.size();
        Long[] branches = new Long[n];
        String[] kinds = new String[n];
        String[] names = new String[n];
        String[] addresses = new String[n];
        String[] phones = new String[n];
        BigDecimal[] lats = new BigDecimal[n];
        BigDecimal[] lons = new BigDecimal[n];
        String[] hours = new String[n];
        for (int i = 0; i < n; i++) {
            Outlet o = outlets.get(i);
            branches[i] = o.branchId().value();
            kinds[i] = o.kind().name();
            names[i] = o.name();
            addresses[i] = o.address();
            phones[i] = o.phone();
            lats[i] = o.position().lat();
            lons[i] = o.position().lon();
            // seven texts joined by '|': a text[][] parameter would need a rectangular array
            hours[i] = String.join("|", o.hours().texts());
        }
        return jdbc.sql("""
                        insert into payment.outlet (branch_id, kind, name, address, phone, lat, lon, hours)
                        select b, k, nm, a, p, la, lo, string_to_array(h, '|')
                        from unnest(:branches, :kinds, :names, :addresses, :phones, :lats, :lons, :hours)
                             as t(b, k, nm, a, p, la, lo, h)""")
                .param("branches", branches)
                .param("kinds", kinds)
                .param("names", names)
                .param("addresses", addresses)
                .param("phones", phones)
                .param("lats", lats)
                .param("lons", lons)
                .param("hours", hours)
                .update();
    }

    private static Map<String, Object> columns(Outlet.Details d) {
        if (d.kind() == null || d.position() == null || d.hours() == null) throw Problem.badRequest("outlet-invalid");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", d.kind().name());
        p.put("name", d.name());
        p.put("address", d.address());
        p.put(
                "phone",
                d.phone() == null || d.phone().isBlank() ? null : d.phone().strip());
        p.put("lat", d.position().lat());
        p.put("lon", d.position().lon());
        p.put("hours", d.hours().texts().toArray(String[]::new));
        p.put("active", d.active());
        return p;
    }

    private static Map<String, Object> details(Outlet o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("branchId", o.branchId().value());
        m.put("kind", o.kind().name());
        m.put("name", o.name());
        m.put("address", o.address());
        m.put("lat", o.position().lat().toPlainString());
        m.put("lon", o.position().lon().toPlainString());
        m.put("hours", o.hours().texts());
        m.put("active", o.active());
        m.put("version", o.version());
        return m;
    }

    private static Outlet outlet(ResultSet rs) throws SQLException {
        Array hours = rs.getArray("hours");
        return new Outlet(
                rs.getLong("outlet_id"),
                new BranchId(rs.getLong("branch_id")),
                OutletKind.valueOf(rs.getString("kind")),
                rs.getString("name"),
                rs.getString("address"),
                rs.getString("phone"),
                new Position(rs.getBigDecimal("lat"), rs.getBigDecimal("lon")),
                OpeningHours.parse(Arrays.asList((String[]) hours.getArray())),
                rs.getBoolean("active"),
                rs.getInt("version"));
    }
}
