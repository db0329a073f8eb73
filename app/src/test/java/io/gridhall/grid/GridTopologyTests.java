package io.gridhall.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.grid.Grid.ImportBatch;
import io.gridhall.grid.Grid.MeteringPointRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class GridTopologyTests {

    @Autowired
    Grid grid;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    Topologies.Small t;

    @BeforeEach
    void topology() {
        t = Topologies.small(grid);
    }

    void place(long area, BigDecimal lat, BigDecimal lon) {
        jdbc.sql("update grid.transformer_area set lat = ?, lon = ? where id = ?")
                .params(lat, lon, area)
                .update();
    }

    @Test
    void theNearestAreaIsOneOfTheCallersBranchesWhenOneIsWithinReach() {
        // two branches meeting at a border, somewhere no other test builds: B's area 100 m from the click, A's 400 m
        var r = java.util.concurrent.ThreadLocalRandom.current();
        BigDecimal lat = BigDecimal.valueOf(r.nextInt(-45_000_000, -35_000_000), 6);
        BigDecimal lon = BigDecimal.valueOf(r.nextInt(150_000_000, 160_000_000), 6);
        Topologies.Small a = t;
        Topologies.Small b = Topologies.small(grid);
        place(b.area1(), lat.add(new BigDecimal("0.0009")), lon);
        place(a.area1(), lat.add(new BigDecimal("0.0036")), lon);
        place(a.area2(), lat.add(BigDecimal.ONE), lon);
        place(b.area2(), lat.add(BigDecimal.ONE), lon);

        // a customer, or staff of every branch: the nearest of any branch
        assertThat(grid.nearestArea(lat, lon, 1000, java.util.Set.of())
                        .orElseThrow()
                        .ref())
                .isEqualTo(NodeRef.area(b.area1()));
        // a clerk of A clicking near the border: A's nearest area, though B's is nearer
        var ofA = grid.nearestArea(lat, lon, 1000, java.util.Set.of(a.branch())).orElseThrow();
        assertThat(ofA.ref()).isEqualTo(NodeRef.area(a.area1()));
        assertThat(ofA.branchId()).isEqualTo(a.branch());
        // a clerk of both: the nearer
        assertThat(grid.nearestArea(lat, lon, 1000, java.util.Set.of(a.branch(), b.branch()))
                        .orElseThrow()
                        .ref())
                .isEqualTo(NodeRef.area(b.area1()));
        // nothing of the clerk's branches within reach: the nearest of any (the caller then refuses it)
        assertThat(grid.nearestArea(lat, lon, 300, java.util.Set.of(a.branch()))
                        .orElseThrow()
                        .ref())
                .isEqualTo(NodeRef.area(b.area1()));
        assertThat(grid.nearestArea(lat, lon, 50, java.util.Set.of(a.branch()))).isEmpty();
    }

    @Test
    void findsTheAccountsDownstreamOfEveryLevel() {
        long[] a = t.accounts();
        assertThat(grid.downstreamAccounts(NodeRef.substation(t.substation()), 0, 100)
                        .accountIds())
                .containsExactly(a[0], a[1], a[2], a[3], a[4]);
        assertThat(grid.downstreamAccounts(NodeRef.line(t.line()), 0, 100).total())
                .isEqualTo(5);
        assertThat(grid.downstreamAccounts(NodeRef.area(t.area1()), 0, 100).accountIds())
                .containsExactly(a[0], a[1]);
        assertThat(grid.downstreamAccounts(NodeRef.box(t.box3()), 0, 100).accountIds())
                .containsExactly(a[2], a[3], a[4]);
        assertThat(grid.downstreamAccounts(NodeRef.meter(t.meters()[1]), 0, 100).accountIds())
                .containsExactly(a[0]);
        assertThat(grid.countDownstreamAccounts(
                        new NodeRef(NodeType.BRANCH, t.branch().value())))
                .isEqualTo(5);
    }

    @Test
    void pagesDownstreamAccountsWithTheTotalOnEveryPage() {
        AccountPage first = grid.downstreamAccounts(NodeRef.line(t.line()), 0, 2);
        AccountPage last = grid.downstreamAccounts(NodeRef.line(t.line()), 2, 2);
        AccountPage beyond = grid.downstreamAccounts(NodeRef.line(t.line()), 9, 2);
        assertThat(first.accountIds()).containsExactly(t.accounts()[0], t.accounts()[1]);
        assertThat(last.accountIds()).containsExactly(t.accounts()[4]);
        assertThat(List.of(first.total(), last.total(), beyond.total())).containsOnly(5L);
        assertThat(beyond.accountIds()).isEmpty();
    }

    @Test
    void streamsEveryDownstreamAccountOnceInIdOrder() {
        List<Long> seen = new ArrayList<>();
        grid.forEachDownstreamAccount(NodeRef.line(t.line()), seen::add);
        assertThat(seen)
                .containsExactly(t.accounts()[0], t.accounts()[1], t.accounts()[2], t.accounts()[3], t.accounts()[4]);
    }

    @Test
    void labelsNodesOfOneLevelByIdAndLeavesUnknownIdsOut() {
        Map<Long, NodeLabel> areas = grid.labels(NodeType.AREA, List.of(t.area1(), t.area2(), -1L));
        assertThat(areas).containsOnlyKeys(t.area1(), t.area2());
        assertThat(areas.get(t.area2()).name()).isEqualTo("城东2号台区");
        assertThat(areas.get(t.area2()).code()).startsWith("A2");
        assertThat(areas.get(t.area2()).branchId()).isEqualTo(t.branch());
        assertThat(areas.get(t.area2()).ref()).isEqualTo(NodeRef.area(t.area2()));
        assertThat(grid.labels(NodeType.BRANCH, List.of(t.branch().value()))
                        .get(t.branch().value())
                        .name())
                .startsWith("测试供电所");
        assertThat(grid.labels(NodeType.AREA, List.of())).isEmpty();
    }

    @Test
    void countsMetersAndAccountsBelowEachChild() {
        List<NodeView> areas = grid.children(NodeRef.line(t.line()));
        assertThat(areas).extracting(n -> n.ref().id()).containsExactly(t.area1(), t.area2());
        assertThat(areas.get(0).meters()).isEqualTo(3);
        assertThat(areas.get(0).accounts()).isEqualTo(2);
        assertThat(areas.get(1).details())
                .containsEntry("ownership", "DEDICATED")
                .containsEntry("capacityKva", 630);
        assertThat(grid.children(NodeRef.meter(t.meters()[0]))).isEmpty();
        NodeView line = grid.node(NodeRef.line(t.line())).orElseThrow();
        assertThat(line.parent()).isEqualTo(NodeRef.substation(t.substation()));
        assertThat(line.meters()).isEqualTo(6);
        assertThat(line.status()).isEqualTo("IN_SERVICE");
    }

    @Test
    void tracesTheSupplyPathOfAnAccount() {
        SupplyPath path = grid.supplyPath(t.accounts()[2]).orElseThrow();
        assertThat(path.branchId()).isEqualTo(t.branch());
        assertThat(path.substation().name()).isEqualTo("城东变");
        assertThat(path.line().name()).isEqualTo("10kV城东线");
        assertThat(path.area().id()).isEqualTo(t.area2());
        assertThat(path.box().id()).isEqualTo(t.box3());
        assertThat(path.meter().assetNumber()).isEqualTo(t.assetNumbers()[3]);
        assertThat(grid.supplyPath(-1)).isEmpty();
    }

    @Test
    void listsTheMetersOfEachAccount() {
        Map<Long, List<MeterView>> meters = grid.metersOfAccounts(List.of(t.accounts()[0], t.accounts()[4], -5L));
        assertThat(meters.get(t.accounts()[0])).hasSize(2);
        assertThat(meters.get(t.accounts()[4]))
                .singleElement()
                .satisfies(m -> assertThat(m.ctRatio()).isEqualTo(50))
                .satisfies(m -> assertThat(m.feeControl()).isEqualTo(MeterView.FeeControl.NONE));
        assertThat(meters).doesNotContainKey(-5L);
    }

    @Test
    void looksMetersUpByAssetNumberAndCommunicationAddress() {
        assertThat(grid.meterByAssetNumber(t.assetNumbers()[2]))
                .get()
                .extracting(MeterView::supplyAccountId)
                .isEqualTo(t.accounts()[1]);
        assertThat(grid.meterByCommAddress(t.commAddresses()[2]))
                .get()
                .extracting(MeterView::id)
                .isEqualTo(t.meters()[2]);
        assertThat(grid.meterByCommAddress("12345")).isEmpty();
        assertThat(grid.meterByCommAddress("abcdefghijkl")).isEmpty();
    }

    @Test
    void refusesASecondMeteringPointForTheSameMeterAndRollsBackTheBatch() {
        long[] extra = Topologies.randomAccounts(1);
        ImportBatch batch = new ImportBatch(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(new MeteringPointRow(t.meters()[5], extra[0])));
        assertThatThrownBy(() -> grid.importRows(batch)).isInstanceOf(RuntimeException.class);
        assertThat(grid.supplyPath(extra[0])).isEmpty();
    }

    @Test
    void drawsTheBranchAsGeoJsonAndFiltersByBoundingBox() {
        Map<String, Object> all = grid.map(t.branch(), null);
        assertThat(all).containsEntry("type", "FeatureCollection");
        List<?> features = (List<?>) all.get("features");
        // substation, two areas, one line through both
        assertThat(features).hasSize(4);
        assertThat(features.toString()).contains("LineString", "城东1号台区");
        Map<String, Object> west = grid.map(
                t.branch(),
                new Grid.BoundingBox(
                        new BigDecimal("120.10"),
                        new BigDecimal("30.19"),
                        new BigDecimal("120.12"),
                        new BigDecimal("30.22")));
        String text = west.get("features").toString();
        assertThat(text).contains("城东1号台区", "城东变").doesNotContain("城东2号台区");
    }
}
