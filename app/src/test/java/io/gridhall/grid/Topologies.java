package io.gridhall.grid;

import io.gridhall.grid.Grid.AreaRow;
import io.gridhall.grid.Grid.BoxRow;
import io.gridhall.grid.Grid.BranchRow;
import io.gridhall.grid.Grid.ImportBatch;
import io.gridhall.grid.Grid.LineRow;
import io.gridhall.grid.Grid.MeterRow;
import io.gridhall.grid.Grid.MeteringPointRow;
import io.gridhall.grid.Grid.SubstationRow;
import io.gridhall.identity.BranchId;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh, unique topology for one test: a branch with one substation, one line, two areas; area 1 has two boxes
 * (2 and 1 meters), area 2 one box with 3 meters. Accounts get random ids; account 0 has two meters.
 */
public final class Topologies {

    public record Small(
            BranchId branch,
            long substation,
            long line,
            long area1,
            long area2,
            long box1,
            long box2,
            long box3,
            long[] meters,
            long[] accounts,
            String[] assetNumbers,
            String[] commAddresses) {}

    private Topologies() {}

    public static Small small(Grid grid) {
        return small(grid, randomAccounts(5));
    }

    public static long[] randomAccounts(int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) a[i] = ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_000_000_000_000L);
        java.util.Arrays.sort(a);
        return a;
    }

    public static Small small(Grid grid, long[] accounts) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        BranchId branch = new BranchId(grid.allocateIds(NodeType.BRANCH, 1)[0]);
        long substation = grid.allocateIds(NodeType.SUBSTATION, 1)[0];
        long line = grid.allocateIds(NodeType.LINE, 1)[0];
        long[] areas = grid.allocateIds(NodeType.AREA, 2);
        long[] boxes = grid.allocateIds(NodeType.BOX, 3);
        long[] meters = grid.allocateIds(NodeType.METER, 6);
        BigDecimal lat = new BigDecimal("30.200000");
        BigDecimal lon = new BigDecimal("120.100000");
        long[] boxOf = {boxes[0], boxes[0], boxes[1], boxes[2], boxes[2], boxes[2]};
        long[] areaOf = {areas[0], areas[0], areas[0], areas[1], areas[1], areas[1]};
        String[] assets = new String[6];
        String[] addresses = new String[6];
        List<MeterRow> meterRows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assets[i] = "T" + tag + "-" + i;
            addresses[i] = String.format("%012d", ThreadLocalRandom.current().nextLong(0, 1_000_000_000_000L));
            meterRows.add(new MeterRow(
                    meters[i],
                    branch,
                    substation,
                    line,
                    areaOf[i],
                    boxOf[i],
                    assets[i],
                    addresses[i],
                    i < 5 ? MeterView.FeeControl.REMOTE : MeterView.FeeControl.NONE,
                    i < 5 ? 1 : 50,
                    1,
                    i < 5 ? MeterView.Phase.SINGLE : MeterView.Phase.THREE,
                    "正泰",
                    "DDZY666",
                    LocalDate.of(2021, 5, 1)));
        }
        // account 0 has meters 0 and 1; accounts 1..4 meters 2..5
        List<MeteringPointRow> points = List.of(
                new MeteringPointRow(meters[0], accounts[0]),
                new MeteringPointRow(meters[1], accounts[0]),
                new MeteringPointRow(meters[2], accounts[1]),
                new MeteringPointRow(meters[3], accounts[2]),
                new MeteringPointRow(meters[4], accounts[3]),
                new MeteringPointRow(meters[5], accounts[4]));
        grid.importRows(new ImportBatch(
                List.of(new BranchRow(branch, "B" + tag, "测试供电所" + tag, "测试县", lat, lon)),
                List.of(new SubstationRow(substation, branch, "S" + tag, "城东变", 110, lat, lon)),
                List.of(new LineRow(line, branch, substation, "L" + tag, "10kV城东线")),
                List.of(
                        new AreaRow(
                                areas[0],
                                branch,
                                substation,
                                line,
                                "A1" + tag,
                                "城东1号台区",
                                400,
                                false,
                                new BigDecimal("30.210000"),
                                new BigDecimal("120.110000")),
                        new AreaRow(
                                areas[1],
                                branch,
                                substation,
                                line,
                                "A2" + tag,
                                "城东2号台区",
                                630,
                                true,
                                new BigDecimal("30.250000"),
                                new BigDecimal("120.150000"))),
                List.of(
                        new BoxRow(boxes[0], branch, substation, line, areas[0], "X1" + tag, lat, lon),
                        new BoxRow(boxes[1], branch, substation, line, areas[0], "X2" + tag, lat, lon),
                        new BoxRow(boxes[2], branch, substation, line, areas[1], "X3" + tag, lat, lon)),
                meterRows,
                points));
        return new Small(
                branch,
                substation,
                line,
                areas[0],
                areas[1],
                boxes[0],
                boxes[1],
                boxes[2],
                meters,
                accounts,
                assets,
                addresses);
    }
}
