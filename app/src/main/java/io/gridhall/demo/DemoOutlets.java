package io.gridhall.demo;

import io.gridhall.grid.BranchView;
import io.gridhall.grid.Grid;
import io.gridhall.payment.OpeningHours;
import io.gridhall.payment.Outlet;
import io.gridhall.payment.OutletKind;
import io.gridhall.payment.Outlets;
import io.gridhall.payment.Position;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * With profile {@code demo}: the places to pay in person around each demo branch (PAY-6), once, after the demo
 * utility is generated: the branch's business hall at its centre, bank branches, agents (shops, a post office) and
 * self-service terminals within a few kilometres, with realistic hours. Deterministic for a seed.
 */
@Component
@Profile("demo")
class DemoOutlets {

    private static final Logger log = LoggerFactory.getLogger(DemoOutlets.class);

    static final String WORKDAY = "08:30-12:00,13:30-17:30";
    static final String BANK = "09:00-17:00";
    static final String SHOP = "07:30-21:30";

    private static final List<String> BANKS =
            List.of("中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "中国邮政储蓄银行", "浙江农商银行", "交通银行");
    private static final List<String> SHOPS = List.of("联华便利店", "好又多超市", "邻里生活超市", "中国邮政营业所", "兴旺副食店", "乐购便利");
    private static final List<String> PLACES = List.of("花园小区", "人民广场", "文化中心", "汽车站", "菜市场", "中心医院", "实验学校", "工业园区");
    private static final List<String> ROADS = List.of("富春路", "江滨路", "迎宾大道", "桂花路", "青云街", "春江路", "体育场路", "新华路");

    private final Outlets outlets;
    private final Grid grid;
    private final long seed;

    DemoOutlets(Outlets outlets, Grid grid, @Value("${gridhall.demo.seed:42}") long seed) {
        this.outlets = outlets;
        this.grid = grid;
        this.seed = seed;
    }

    /** After the demo utility exists (runners run before readiness); a failure is only logged. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void seed() {
        try {
            if (!outlets.ofBranches(null).isEmpty()) return;
            List<Outlet> all = new ArrayList<>();
            for (BranchView b : grid.branches()) all.addAll(around(b, seed));
            int n = outlets.load(all);
            if (n > 0)
                log.info(
                        "Demo outlets: {} places to pay around {} branches",
                        n,
                        grid.branches().size());
        } catch (RuntimeException e) {
            log.warn("Demo outlets not made: {}", e.getMessage());
        }
    }

    /** A branch's outlets: one hall, three banks, four agents, four terminals (one inside the hall). */
    static List<Outlet> around(BranchView b, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 31 + b.code().hashCode());
        String town = b.name().replace("供电所", "");
        String area = b.region();
        List<Outlet> out = new ArrayList<>();
        Position centre = new Position(b.lat(), b.lon());
        OpeningHours hall = OpeningHours.parse(List.of(WORKDAY, WORKDAY, WORKDAY, WORKDAY, WORKDAY, "09:00-12:00", ""));
        out.add(outlet(
                b,
                OutletKind.BUSINESS_HALL,
                town + "供电营业厅",
                address(area, random),
                "0571-6" + digits(random, 7),
                centre,
                hall));
        out.add(outlet(
                b,
                OutletKind.SELF_SERVICE,
                town + "供电营业厅24小时自助终端",
                address(area, random),
                null,
                centre,
                OpeningHours.daily("00:00-24:00")));
        OpeningHours bank = OpeningHours.parse(List.of(BANK, BANK, BANK, BANK, BANK, "09:00-16:00", "09:00-16:00"));
        for (int i = 0; i < 3; i++)
            out.add(outlet(
                    b,
                    OutletKind.BANK_BRANCH,
                    BANKS.get(random.nextInt(BANKS.size())) + town + (i == 0 ? "支行" : "分理处" + (i + 1)),
                    address(area, random),
                    "0571-6" + digits(random, 7),
                    near(centre, random, 3_000),
                    bank));
        for (int i = 0; i < 4; i++)
            out.add(outlet(
                    b,
                    OutletKind.AGENT,
                    SHOPS.get(random.nextInt(SHOPS.size())) + "（" + PLACES.get(random.nextInt(PLACES.size())) + "店）代收点",
                    address(area, random),
                    "13" + digits(random, 9),
                    near(centre, random, 4_000),
                    OpeningHours.daily(SHOP)));
        for (int i = 0; i < 3; i++)
            out.add(outlet(
                    b,
                    OutletKind.SELF_SERVICE,
                    town + PLACES.get(random.nextInt(PLACES.size())) + "自助缴费机",
                    address(area, random),
                    null,
                    near(centre, random, 5_000),
                    OpeningHours.daily(i == 0 ? "00:00-24:00" : "06:00-22:00")));
        return out;
    }

    private static Outlet outlet(
            BranchView b, OutletKind kind, String name, String address, String phone, Position at, OpeningHours hours) {
        return new Outlet(0, b.id(), kind, name, address, phone, at, hours, true, 0);
    }

    private static String address(String area, SplittableRandom random) {
        return area + ROADS.get(random.nextInt(ROADS.size())) + (1 + random.nextInt(300)) + "号";
    }

    private static String digits(SplittableRandom random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(random.nextInt(10));
        return s.toString();
    }

    /** Within about {@code metres} of the centre, in micro-degrees (1e-6 degree of latitude is about 0.11 m). */
    private static Position near(Position centre, SplittableRandom random, int metres) {
        int micro = metres * 9; // about 9 micro-degrees per metre
        return new Position(
                centre.lat().add(BigDecimal.valueOf(random.nextInt(-micro, micro + 1), 6)),
                centre.lon().add(BigDecimal.valueOf(random.nextInt(-micro, micro + 1), 6)));
    }
}
