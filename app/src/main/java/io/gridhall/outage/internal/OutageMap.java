package io.gridhall.outage.internal;

import io.gridhall.identity.BranchId;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * GeoJSON (RFC 7946, [lon, lat], WGS-84) of the places a branch's published outages affect, for the console's and
 * the portal's Leaflet maps: one Point per kept transformer area or meter box, drawn over grid's own map.
 */
@Component
class OutageMap {

    private final JdbcClient jdbc;

    OutageMap(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Object> featureCollection(BranchId branch) {
        List<Map<String, Object>> features = new ArrayList<>();
        jdbc.sql("""
                        select p.node_type, p.node_id, p.code, p.name, p.lat, p.lon, p.accounts,
                               o.id, o.kind, o.status, o.cause, o.starts_at, o.expected_restoration_at
                        from outage.outage o join outage.affected_place p on p.outage_id = o.id
                        where o.branch_id = :branch and o.status = 'PUBLISHED' and p.lat is not null and p.lon is not null
                        order by o.starts_at, o.id, p.code""").param("branch", branch.value()).query(rs -> {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("type", "outage-place");
            props.put("outageId", rs.getLong("id"));
            props.put("kind", rs.getString("kind"));
            props.put("status", rs.getString("status"));
            props.put("cause", rs.getString("cause"));
            props.put(
                    "startsAt", rs.getObject("starts_at", OffsetDateTime.class).toString());
            props.put(
                    "expectedRestorationAt",
                    rs.getObject("expected_restoration_at", OffsetDateTime.class)
                            .toString());
            props.put("nodeType", rs.getString("node_type").toLowerCase(java.util.Locale.ROOT));
            props.put("nodeId", rs.getLong("node_id"));
            props.put("code", rs.getString("code"));
            props.put("name", rs.getString("name"));
            props.put("accounts", rs.getLong("accounts"));
            BigDecimal lon = rs.getBigDecimal("lon");
            BigDecimal lat = rs.getBigDecimal("lat");
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("type", "Feature");
            feature.put("geometry", Map.of("type", "Point", "coordinates", List.of(lon, lat)));
            feature.put("properties", props);
            features.add(feature);
        });
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("features", features);
        return fc;
    }
}
