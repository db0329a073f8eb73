package io.gridhall.grid.internal;

import io.gridhall.grid.Grid.BoundingBox;
import io.gridhall.identity.BranchId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * GeoJSON for the console's Leaflet map (no tiles): substations and transformer areas as Points, each 10 kV line
 * as a LineString from its substation through its areas in code order. Coordinates are [lon, lat] (RFC 7946).
 */
class GridMap {

    private final JdbcClient jdbc;

    GridMap(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Area filter: the GiST index on ll_to_earth finds candidates, the plain comparison trims the corners. */
    private static final String IN_BOX = """
             and (cast(:west as numeric) is null or (
                   public.earth_box(public.ll_to_earth((cast(:south as float8) + cast(:north as float8)) / 2,
                                                       (cast(:west as float8) + cast(:east as float8)) / 2),
                                    public.earth_distance(public.ll_to_earth(cast(:south as float8), cast(:west as float8)),
                                                          public.ll_to_earth(cast(:north as float8), cast(:east as float8))) / 2 + 100)
                   @> public.ll_to_earth(lat::float8, lon::float8)
                   and lat between :south and :north and lon between :west and :east))""";

    Map<String, Object> featureCollection(BranchId branch, BoundingBox bbox) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("branch", branch.value());
        params.put("west", bbox == null ? null : bbox.west());
        params.put("south", bbox == null ? null : bbox.south());
        params.put("east", bbox == null ? null : bbox.east());
        params.put("north", bbox == null ? null : bbox.north());
        List<Map<String, Object>> features = new ArrayList<>();

        jdbc.sql("select id, code, name, voltage_kv, status, lat, lon from grid.substation where branch_id = :branch "
                        + IN_BOX + " order by code")
                .params(params)
                .query(rs -> {
                    features.add(point(
                            rs.getBigDecimal("lon"),
                            rs.getBigDecimal("lat"),
                            props(
                                    "type",
                                    "substation",
                                    "id",
                                    rs.getLong("id"),
                                    "code",
                                    rs.getString("code"),
                                    "name",
                                    rs.getString("name"),
                                    "voltageKv",
                                    rs.getInt("voltage_kv"),
                                    "status",
                                    rs.getString("status"))));
                });

        Map<Long, List<List<BigDecimal>>> routes = new LinkedHashMap<>();
        Map<Long, Map<String, Object>> lineProps = new LinkedHashMap<>();
        jdbc.sql("""
                        select l.id, l.code, l.name, l.status, s.lat as s_lat, s.lon as s_lon
                        from grid.line l join grid.substation s on s.id = l.substation_id
                        where l.branch_id = :branch order by l.code""").param("branch", branch.value()).query(rs -> {
            long id = rs.getLong("id");
            List<List<BigDecimal>> route = new ArrayList<>();
            route.add(List.of(rs.getBigDecimal("s_lon"), rs.getBigDecimal("s_lat")));
            routes.put(id, route);
            lineProps.put(
                    id,
                    props(
                            "type",
                            "line",
                            "id",
                            id,
                            "code",
                            rs.getString("code"),
                            "name",
                            rs.getString("name"),
                            "status",
                            rs.getString("status")));
        });

        List<Long> linesInBox = new ArrayList<>();
        jdbc.sql("select id, line_id, code, name, capacity_kva, ownership, status, lat, lon from grid.transformer_area"
                        + " where branch_id = :branch " + IN_BOX + " order by line_id, code")
                .params(params)
                .query(rs -> {
                    long line = rs.getLong("line_id");
                    if (linesInBox.isEmpty() || linesInBox.getLast() != line) linesInBox.add(line);
                    BigDecimal lon = rs.getBigDecimal("lon");
                    BigDecimal lat = rs.getBigDecimal("lat");
                    List<List<BigDecimal>> route = routes.get(line);
                    if (route != null) route.add(List.of(lon, lat));
                    features.add(point(
                            lon,
                            lat,
                            props(
                                    "type",
                                    "area",
                                    "id",
                                    rs.getLong("id"),
                                    "lineId",
                                    line,
                                    "code",
                                    rs.getString("code"),
                                    "name",
                                    rs.getString("name"),
                                    "capacityKva",
                                    rs.getInt("capacity_kva"),
                                    "ownership",
                                    rs.getString("ownership"),
                                    "status",
                                    rs.getString("status"))));
                });
        for (Long line : linesInBox) {
            List<List<BigDecimal>> route = routes.get(line);
            if (route == null || route.size() < 2) continue;
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("type", "Feature");
            feature.put("geometry", Map.of("type", "LineString", "coordinates", route));
            feature.put("properties", lineProps.get(line));
            features.add(feature);
        }
        Map<String, Object> collection = new LinkedHashMap<>();
        collection.put("type", "FeatureCollection");
        collection.put("features", features);
        return collection;
    }

    private static Map<String, Object> point(BigDecimal lon, BigDecimal lat, Map<String, Object> properties) {
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("type", "Feature");
        feature.put("geometry", Map.of("type", "Point", "coordinates", List.of(lon, lat)));
        feature.put("properties", properties);
        return feature;
    }

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }
}
