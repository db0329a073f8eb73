package io.gridhall.grid;

import io.gridhall.identity.BranchId;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The grid module's facade: the supply topology as other modules see it. Queries do not check branch
 * scopes; callers that serve people do (each view carries its branch).
 */
public interface Grid {

    List<BranchView> branches();

    Optional<BranchView> branch(BranchId id);

    Optional<NodeView> node(NodeRef ref);

    /** The kind of place a branch serves (city, countryside, remote); empty for an unknown branch. */
    Optional<ServiceArea> serviceArea(BranchId branch);

    /** Classifies a branch (the demo, data migration); false for an unknown branch. */
    boolean classifyBranch(BranchId branch, ServiceArea area);

    /**
     * The transformer area nearest to a point (WGS-84) within {@code withinMetres}: where a fault reported on a map
     * most likely is. An area of one of the {@code preferred} branches (the caller's) comes first when one is within
     * reach, so that a clerk clicking near a border gets their own branch's area; with none preferred (a customer,
     * staff of every branch), or none of theirs within reach, the nearest of any branch. Uses grid's earth-distance
     * index.
     */
    Optional<NodeLabel> nearestArea(BigDecimal lat, BigDecimal lon, long withinMetres, Collection<BranchId> preferred);

    /** Code and name of the nodes of one level, by id, in one query (no counts); unknown ids are absent. */
    Map<Long, NodeLabel> labels(NodeType type, Collection<Long> ids);

    /** The nodes directly below a node, with counts of meters and accounts below each. */
    List<NodeView> children(NodeRef parent);

    /** Branch, substation, line, area, box and meter of an account's (first in-service) metering point. */
    Optional<SupplyPath> supplyPath(long supplyAccountId);

    /** The meters of each account, keyed by account id; accounts without meters are absent. */
    Map<Long, List<MeterView>> metersOfAccounts(Collection<Long> supplyAccountIds);

    /**
     * The meters that metered each account on some day of {@code from..to}, with the days they did, oldest first
     * (a meter replaced inside the period gives two): what billing rates. Accounts without any are absent.
     */
    Map<Long, List<MeteringPointView>> meteringPoints(Collection<Long> supplyAccountIds, LocalDate from, LocalDate to);

    Optional<MeterView> meter(long meterId);

    /** Meters by id, with where they hang, in one query; unknown ids are absent. */
    Map<Long, MeterView> meters(Collection<Long> meterIds);

    Optional<MeterView> meterByAssetNumber(String assetNumber);

    Optional<MeterView> meterByCommAddress(String commAddress);

    /** Supply accounts below a node (a meter counts as a node), one page, ordered by account id. */
    AccountPage downstreamAccounts(NodeRef node, int page, int size);

    /** Every supply account below a node, streamed from the database in account-id order: for outages and loss. */
    void forEachDownstreamAccount(NodeRef node, LongConsumer consumer);

    long countDownstreamAccounts(NodeRef node);

    /** Rows per table, for the demo's summary and the console's dashboard. */
    Map<String, Long> counts();

    /** GeoJSON FeatureCollection of the substations, lines and areas of a branch within an optional bounding box. */
    Map<String, Object> map(BranchId branch, BoundingBox bbox);

    record BoundingBox(BigDecimal west, BigDecimal south, BigDecimal east, BigDecimal north) {}

    // ---- bulk import (the demo generator, data migration); rows carry ids taken from allocateIds ----

    /**
     * Ends the meter's link in force on {@code lastDay} (a meter replaced or moved to another account; the new link is
     * imported with {@link MeteringPointRow#validFrom()} the day after). False when the meter has no link in force, or
     * one that starts after {@code lastDay}.
     */
    boolean endMeteringPoint(long meterId, LocalDate lastDay);

    /** Reserves n consecutive-in-order ids of a level for rows about to be imported. */
    long[] allocateIds(NodeType type, int n);

    /** Inserts every row of the batch with COPY, in one transaction; publishes {@link MetersInstalled} for its meters. */
    void importRows(ImportBatch batch);

    record BranchRow(BranchId id, String code, String name, String region, BigDecimal lat, BigDecimal lon) {}

    record SubstationRow(
            long id, BranchId branchId, String code, String name, int voltageKv, BigDecimal lat, BigDecimal lon) {}

    record LineRow(long id, BranchId branchId, long substationId, String code, String name) {}

    record AreaRow(
            long id,
            BranchId branchId,
            long substationId,
            long lineId,
            String code,
            String name,
            int capacityKva,
            boolean dedicated,
            BigDecimal lat,
            BigDecimal lon) {}

    record BoxRow(
            long id,
            BranchId branchId,
            long substationId,
            long lineId,
            long areaId,
            String code,
            BigDecimal lat,
            BigDecimal lon) {}

    record MeterRow(
            long id,
            BranchId branchId,
            long substationId,
            long lineId,
            long areaId,
            long boxId,
            String assetNumber,
            String commAddress,
            MeterView.FeeControl feeControl,
            int ctRatio,
            int ptRatio,
            MeterView.Phase phase,
            String manufacturer,
            String model,
            LocalDate installedOn) {}

    /**
     * @param validFrom the link's first day, null: since the meter was installed
     * @param validTo the link's last day, null: in force
     */
    record MeteringPointRow(long meterId, long supplyAccountId, LocalDate validFrom, LocalDate validTo) {

        /** A link in force since the meter was installed. */
        public MeteringPointRow(long meterId, long supplyAccountId) {
            this(meterId, supplyAccountId, null, null);
        }
    }

    record ImportBatch(
            List<BranchRow> branches,
            List<SubstationRow> substations,
            List<LineRow> lines,
            List<AreaRow> areas,
            List<BoxRow> boxes,
            List<MeterRow> meters,
            List<MeteringPointRow> points) {

        public ImportBatch {
            branches = List.copyOf(branches);
            substations = List.copyOf(substations);
            lines = List.copyOf(lines);
            areas = List.copyOf(areas);
            boxes = List.copyOf(boxes);
            meters = List.copyOf(meters);
            points = List.copyOf(points);
        }
    }
}
