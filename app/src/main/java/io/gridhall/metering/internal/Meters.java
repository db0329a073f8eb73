package io.gridhall.metering.internal;

import io.gridhall.metering.MeterEnrolment;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The meters metering reads: the projection of the grid's meters (address, branch, area, class). */
@Repository
public class Meters {

    public record Meter(
            long meterId,
            String address,
            Long branchId,
            Long areaId,
            String customerClass,
            String feeControl,
            boolean active,
            String concentratorId) {}

    private final JdbcClient jdbc;

    Meters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void enrol(List<MeterEnrolment> meters) {
        for (int i = 0; i < meters.size(); i += 1000) {
            List<MeterEnrolment> chunk = meters.subList(i, Math.min(meters.size(), i + 1000));
            jdbc.sql("""
                    insert into metering.meter (meter_id, address, branch_id, area_id, customer_class, fee_control,
                                concentrator_id)
                    select * from unnest(:ids::bigint[], :addresses::varchar[], :branches::bigint[], :areas::bigint[],
                                         :classes::varchar[], :fees::varchar[], :concentrators::varchar[])
                    on conflict (meter_id) do update set address = excluded.address, branch_id = excluded.branch_id,
                        area_id = excluded.area_id, customer_class = coalesce(excluded.customer_class, meter.customer_class),
                        fee_control = excluded.fee_control,
                        concentrator_id = coalesce(excluded.concentrator_id, meter.concentrator_id), active = true""")
                    .param("ids", chunk.stream().map(MeterEnrolment::meterId).toArray(Long[]::new))
                    .param(
                            "addresses",
                            chunk.stream().map(MeterEnrolment::address).toArray(String[]::new))
                    .param(
                            "branches",
                            chunk.stream().map(MeterEnrolment::branchId).toArray(Long[]::new))
                    .param("areas", chunk.stream().map(MeterEnrolment::areaId).toArray(Long[]::new))
                    .param(
                            "classes",
                            chunk.stream().map(MeterEnrolment::customerClass).toArray(String[]::new))
                    .param(
                            "fees",
                            chunk.stream().map(MeterEnrolment::feeControl).toArray(String[]::new))
                    .param(
                            "concentrators",
                            chunk.stream().map(MeterEnrolment::concentratorId).toArray(String[]::new))
                    .update();
        }
    }

    /** Records each meter's concentrator; returns the routes of the meters that are enrolled. */
    public Map<String, String> route(Map<String, String> concentratorOfMeter) {
        Map<String, String> routed = new HashMap<>();
        List<Map.Entry<String, String>> all = List.copyOf(concentratorOfMeter.entrySet());
        for (int i = 0; i < all.size(); i += 5000) {
            List<Map.Entry<String, String>> chunk = all.subList(i, Math.min(all.size(), i + 5000));
            jdbc.sql("""
                    update metering.meter m set concentrator_id = r.concentrator
                    from unnest(:addresses::varchar[], :concentrators::varchar[]) as r(address, concentrator)
                    where m.address = r.address
                    returning m.address, m.concentrator_id""")
                    .param("addresses", chunk.stream().map(Map.Entry::getKey).toArray(String[]::new))
                    .param(
                            "concentrators",
                            chunk.stream().map(Map.Entry::getValue).toArray(String[]::new))
                    .query(rs -> {
                        routed.put(rs.getString(1), rs.getString(2));
                    });
        }
        return routed;
    }

    /** address -> concentrator for the meters whose concentrator the archive names. */
    public Map<String, String> routes() {
        Map<String, String> routes = new HashMap<>();
        jdbc.sql("select address, concentrator_id from metering.meter where active and concentrator_id is not null")
                .query(rs -> {
                    routes.put(rs.getString(1), rs.getString(2));
                });
        return routes;
    }

    public Optional<Meter> byId(long meterId) {
        return jdbc.sql("select * from metering.meter where meter_id = :id")
                .param("id", meterId)
                .query(Meter.class)
                .optional();
    }

    public Optional<Meter> byAddress(String address) {
        return jdbc.sql("select * from metering.meter where address = :a")
                .param("a", address)
                .query(Meter.class)
                .optional();
    }

    public List<Meter> active() {
        return jdbc.sql("select * from metering.meter where active order by meter_id")
                .query(Meter.class)
                .list();
    }

    /** address -> meter id for the given addresses (import resolution). */
    public Map<String, Long> idsByAddress(Collection<String> addresses) {
        Map<String, Long> ids = new HashMap<>();
        jdbc.sql("select address, meter_id from metering.meter where address = any(:a)")
                .param("a", addresses.toArray(String[]::new))
                .query(rs -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                });
        return ids;
    }
}
