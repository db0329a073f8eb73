package io.gridhall.metering.internal;

import io.gridhall.metering.MeterEnrolment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
            archiveConcentrators(
                    chunk.stream().map(MeterEnrolment::concentratorId).toArray(String[]::new));
        }
    }

    /** The concentrators meters were placed behind enter the archive (the head-end accepts only those). */
    private void archiveConcentrators(String[] ids) {
        if (ids.length == 0) return;
        jdbc.sql("""
                insert into metering.concentrator (concentrator_id)
                select distinct c from unnest(:ids::varchar[]) as c where c ~ '^[0-9A-Z]{12}$'
                on conflict do nothing""").param("ids", ids).update();
    }

    /**
     * What loading routes did: the routes of the meters in scope (changed or not), how many changed, how many were
     * already so, and the addresses not enrolled or outside the scope.
     */
    public record Routing(Map<String, String> routes, int changed, int unchanged, List<String> unknown) {}

    /** Records each meter's concentrator; returns the routes of the meters that are enrolled. */
    public Map<String, String> route(Map<String, String> concentratorOfMeter) {
        return route(concentratorOfMeter, null).routes();
    }

    /**
     * Records each meter's concentrator, in set-based chunks, for meters in the given branches only (null: all
     * branches). Addresses not enrolled or in other branches are reported as unknown, the same way.
     */
    public Routing route(Map<String, String> concentratorOfMeter, List<Long> branchScope) {
        Map<String, String> routed = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        int[] counts = new int[2];
        List<Map.Entry<String, String>> all = List.copyOf(concentratorOfMeter.entrySet());
        Long[] branches = branchScope == null ? new Long[0] : branchScope.toArray(Long[]::new);
        for (int i = 0; i < all.size(); i += 5000) {
            List<Map.Entry<String, String>> chunk = all.subList(i, Math.min(all.size(), i + 5000));
            Set<String> seen = new HashSet<>();
            // the CTE reads the rows before the update, so "was" is the concentrator before this file
            jdbc.sql("""
                    with target as (
                        select m.meter_id, m.address, m.concentrator_id as was, r.concentrator
                        from unnest(:addresses::varchar[], :concentrators::varchar[]) as r(address, concentrator)
                        join metering.meter m on m.address = r.address
                        where :allBranches or m.branch_id = any(:branches::bigint[])),
                    changed as (
                        update metering.meter m set concentrator_id = t.concentrator
                        from target t
                        where m.meter_id = t.meter_id and m.concentrator_id is distinct from t.concentrator
                        returning m.meter_id)
                    select address, concentrator, was is not distinct from concentrator as same from target""")
                    .param("addresses", chunk.stream().map(Map.Entry::getKey).toArray(String[]::new))
                    .param(
                            "concentrators",
                            chunk.stream().map(Map.Entry::getValue).toArray(String[]::new))
                    .param("allBranches", branchScope == null)
                    .param("branches", branches)
                    .query(rs -> {
                        routed.put(rs.getString(1), rs.getString(2));
                        seen.add(rs.getString(1));
                        counts[rs.getBoolean(3) ? 1 : 0]++;
                    });
            chunk.stream().map(Map.Entry::getKey).filter(a -> !seen.contains(a)).forEach(unknown::add);
        }
        archiveConcentrators(routed.values().stream().distinct().toArray(String[]::new));
        return new Routing(routed, counts[0], counts[1], unknown);
    }

    /** One concentrator or DTU as the archive and the replies know it, counted over the meters in scope. */
    public record ConcentratorCount(String concentratorId, int archived, int answered) {}

    /**
     * Per concentrator: the meters the archive puts behind it and the meters that last answered on it (given as
     * address -> link), counting meters in the given branches only (null: all).
     */
    public List<ConcentratorCount> concentrators(Map<String, String> answeredOn, List<Long> branchScope) {
        return jdbc.sql("""
                        with visible as (
                            select address, concentrator_id from metering.meter
                            where active and (:allBranches or branch_id = any(:branches::bigint[]))),
                        archived as (
                            select concentrator_id as id, count(*) as n from visible
                            where concentrator_id is not null group by concentrator_id),
                        answered as (
                            select a.link as id, count(*) as n
                            from unnest(:addresses::varchar[], :links::varchar[]) as a(address, link)
                            join visible v on v.address = a.address
                            group by a.link)
                        select coalesce(archived.id, answered.id) as concentrator_id,
                               coalesce(archived.n, 0) as archived, coalesce(answered.n, 0) as answered
                        from archived full join answered on answered.id = archived.id
                        order by 1""")
                .param("allBranches", branchScope == null)
                .param("branches", branchScope == null ? new Long[0] : branchScope.toArray(Long[]::new))
                .param("addresses", answeredOn.keySet().toArray(String[]::new))
                .param(
                        "links",
                        answeredOn.keySet().stream().map(answeredOn::get).toArray(String[]::new))
                .query(ConcentratorCount.class)
                .list();
    }

    /** A meter behind a concentrator: placed there by the archive, or seen answering on it (or both). */
    public record ConcentratorMeter(long meterId, String address, boolean archived, boolean answered) {}

    /** The meters of the branches in scope that the archive places behind a concentrator or that answered on it. */
    public List<ConcentratorMeter> behind(String concentratorId, Set<String> answered, List<Long> branchScope) {
        return jdbc.sql("""
                        select meter_id, address, concentrator_id is not distinct from :id as archived,
                               address = any(:answered::varchar[]) as answered
                        from metering.meter
                        where active and (:allBranches or branch_id = any(:branches::bigint[]))
                          and (concentrator_id = :id or address = any(:answered::varchar[]))
                        order by address limit 2000""")
                .param("id", concentratorId)
                .param("answered", answered.toArray(String[]::new))
                .param("allBranches", branchScope == null)
                .param("branches", branchScope == null ? new Long[0] : branchScope.toArray(Long[]::new))
                .query(ConcentratorMeter.class)
                .list();
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

    /** address -> meter id for the given addresses, every branch (the demo's own deliveries). */
    public Map<String, Long> idsByAddress(Collection<String> addresses) {
        return idsByAddress(addresses, null);
    }

    /**
     * address -> meter id for the given addresses of meters in the given branches (null: all), for resolving what a
     * caller delivers: a meter of another branch is absent, exactly like one never enrolled.
     */
    public Map<String, Long> idsByAddress(Collection<String> addresses, List<Long> branchScope) {
        Map<String, Long> ids = new HashMap<>();
        jdbc.sql("""
                select address, meter_id from metering.meter
                where address = any(:a) and (:allBranches or branch_id = any(:branches::bigint[]))""")
                .param("a", addresses.toArray(String[]::new))
                .param("allBranches", branchScope == null)
                .param("branches", branchScope == null ? new Long[0] : branchScope.toArray(Long[]::new))
                .query(rs -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                });
        return ids;
    }

    /** Which of the given meters lie outside the given branches (null: none do), unknown ids included. */
    public Set<Long> outside(Collection<Long> meterIds, List<Long> branchScope) {
        if (branchScope == null || meterIds.isEmpty()) return Set.of();
        Set<Long> inside = new HashSet<>(jdbc.sql("""
                        select meter_id from metering.meter
                        where meter_id = any(:ids) and branch_id = any(:branches::bigint[])""")
                .param("ids", meterIds.toArray(Long[]::new))
                .param("branches", branchScope.toArray(Long[]::new))
                .query(Long.class)
                .list());
        Set<Long> out = new HashSet<>(meterIds);
        out.removeAll(inside);
        return out;
    }
}
