package io.gridhall.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.gridhall.grid.Grid;
import io.gridhall.grid.MeterView;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.testing.Actors;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * OUT-1's matching is exact: over generated topologies (1-2 substations, 1-3 lines each, 1-3 areas per line, 1-3
 * boxes per area, 0-4 meters per box, accounts with one or several meters, possibly under different nodes), the
 * accounts an outage keeps are exactly those with a meter below at least one of the named nodes.
 */
@SpringBootTest
@ActiveProfiles("test")
class AffectedAccountsPropertyTests {

    @Autowired
    Grid grid;

    @Autowired
    Outages outages;

    /** A meter of the generated topology: its path and its account. */
    record Meter(long substation, long line, long area, long box, long account) {
        boolean below(NodeRef node) {
            return switch (node.type()) {
                case SUBSTATION -> substation == node.id();
                case LINE -> line == node.id();
                case AREA -> area == node.id();
                case BOX -> box == node.id();
                default -> false;
            };
        }
    }

    record Generated(BranchId branch, List<NodeRef> nameable, List<Meter> meters) {}

    Generated generate(long seed) {
        Random r = new Random(seed);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        BranchId branch = new BranchId(grid.allocateIds(NodeType.BRANCH, 1)[0]);
        BigDecimal lat = new BigDecimal("30.100000");
        BigDecimal lon = new BigDecimal("120.100000");
        List<Grid.SubstationRow> subs = new ArrayList<>();
        List<Grid.LineRow> lines = new ArrayList<>();
        List<Grid.AreaRow> areas = new ArrayList<>();
        List<Grid.BoxRow> boxes = new ArrayList<>();
        List<Grid.MeterRow> meterRows = new ArrayList<>();
        List<Grid.MeteringPointRow> points = new ArrayList<>();
        List<NodeRef> nameable = new ArrayList<>();
        List<Meter> meters = new ArrayList<>();
        // a pool smaller than the meters, so some accounts have meters in several places
        long[] pool = new long[1 + r.nextInt(40)];
        for (int i = 0; i < pool.length; i++)
            pool[i] = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        int n = 0;
        for (long s : grid.allocateIds(NodeType.SUBSTATION, 1 + r.nextInt(2))) {
            subs.add(new Grid.SubstationRow(s, branch, "PS" + tag + s, "变电站" + s, 35, lat, lon));
            nameable.add(NodeRef.substation(s));
            for (long l : grid.allocateIds(NodeType.LINE, 1 + r.nextInt(3))) {
                lines.add(new Grid.LineRow(l, branch, s, "PL" + tag + l, "线路" + l));
                nameable.add(NodeRef.line(l));
                for (long a : grid.allocateIds(NodeType.AREA, 1 + r.nextInt(3))) {
                    areas.add(new Grid.AreaRow(
                            a, branch, s, l, "PA" + tag + a, "台区" + a, 200, r.nextBoolean(), lat, lon));
                    nameable.add(NodeRef.area(a));
                    for (long b : grid.allocateIds(NodeType.BOX, 1 + r.nextInt(3))) {
                        boxes.add(new Grid.BoxRow(b, branch, s, l, a, "PX" + tag + b, lat, lon));
                        nameable.add(NodeRef.box(b));
                        int count = r.nextInt(5);
                        if (count == 0) continue;
                        for (long m : grid.allocateIds(NodeType.METER, count)) {
                            long account = pool[r.nextInt(pool.length)];
                            meterRows.add(new Grid.MeterRow(
                                    m,
                                    branch,
                                    s,
                                    l,
                                    a,
                                    b,
                                    "PM" + tag + m,
                                    String.format(
                                            "%012d", ThreadLocalRandom.current().nextLong(0, 1_000_000_000_000L)),
                                    MeterView.FeeControl.REMOTE,
                                    1,
                                    1,
                                    MeterView.Phase.SINGLE,
                                    "正泰",
                                    "DDZY666",
                                    LocalDate.of(2022, 1, 1)));
                            points.add(new Grid.MeteringPointRow(m, account));
                            meters.add(new Meter(s, l, a, b, account));
                            n++;
                        }
                    }
                }
            }
        }
        grid.importRows(new Grid.ImportBatch(
                List.of(new Grid.BranchRow(branch, "PB" + tag, "性质测试所" + tag, "测试县", lat, lon)),
                subs,
                lines,
                areas,
                boxes,
                meterRows,
                points));
        return new Generated(branch, nameable, meters);
    }

    @Test
    void theAffectedAccountsAreExactlyThoseWithAMeterBelowANamedNode() {
        qt().withExamples(20)
                .withShrinkCycles(0)
                .forAll(longs().all(), integers().between(1, 4))
                .checkAssert((seed, howMany) -> {
                    Generated g = generate(seed);
                    Random r = new Random(seed ^ howMany);
                    List<NodeRef> named = new ArrayList<>();
                    for (int i = 0; i < howMany; i++)
                        named.add(g.nameable().get(r.nextInt(g.nameable().size())));
                    Set<Long> expected = new TreeSet<>();
                    for (Meter m : g.meters()) {
                        if (named.stream().anyMatch(m::below)) expected.add(m.account());
                    }
                    Actor dispatcher = Actors.staff(g.branch(), Role.REPAIR_DISPATCHER);
                    OffsetDateTime start = OffsetDateTime.now().minusMinutes(10);
                    OutageView fault = outages.openFault(
                            dispatcher, new Outages.Details(named, "性质测试", start, start.plusHours(2)));
                    assertThat(fault.affectedAccounts()).isEqualTo(expected.size());
                    assertThat(outages.affectedAccounts(dispatcher, fault.id(), 0, 1000))
                            .containsExactlyElementsOf(expected);
                });
    }
}
