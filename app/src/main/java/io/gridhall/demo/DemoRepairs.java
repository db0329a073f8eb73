package io.gridhall.demo;

import io.gridhall.customer.Customers;
import io.gridhall.grid.BranchView;
import io.gridhall.grid.Grid;
import io.gridhall.grid.ServiceArea;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.StaffDirectory;
import io.gridhall.identity.UserId;
import io.gridhall.outage.CrewSkill;
import io.gridhall.outage.RepairStatus;
import io.gridhall.outage.Repairs;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The demo's repair (OUT-3..OUT-6): branches classified city, countryside and remote; three crews and two third-party
 * teams of the first branch (one crew with the demo crew member {@code repair-crew.1}, free for a new job), a crew in
 * each other branch, a fault in progress
 * (reported by phone, a crew on the way) and ten days of finished jobs, two of them late.
 */
@Component
@Profile("demo")
class DemoRepairs {

    private static final Logger log = LoggerFactory.getLogger(DemoRepairs.class);
    static final List<ServiceArea> AREAS = List.of(ServiceArea.CITY, ServiceArea.COUNTRYSIDE, ServiceArea.REMOTE);

    private final Repairs repairs;
    private final Grid grid;
    private final Customers customers;
    private final StaffDirectory staffDirectory;
    private final Clock clock;

    DemoRepairs(Repairs repairs, Grid grid, Customers customers, StaffDirectory staffDirectory, Clock clock) {
        this.repairs = repairs;
        this.grid = grid;
        this.customers = customers;
        this.staffDirectory = staffDirectory;
        this.clock = clock;
    }

    private static BigDecimal at(BigDecimal v, String delta) {
        return v.add(new BigDecimal(delta));
    }

    /**
     * @param dispatchers the demo dispatcher of each branch, in the branches' order (null where none)
     * @param faultAccountId an account of the transformer area whose fault the demo's outage names next: its caller's
     *     report is the repair in progress
     */
    void seed(List<BranchId> branches, List<UserId> dispatchers, UserId crewMemberId, Long faultAccountId) {
        for (int i = 0; i < branches.size() && i < AREAS.size(); i++)
            grid.classifyBranch(branches.get(i), AREAS.get(i));
        BranchId branch = branches.getFirst();
        BranchView centre = grid.branch(branch).orElseThrow();
        Actor dispatcher = dispatcher(branch, dispatchers.getFirst());
        // a second crew member, so the job in progress has a crew other than the demo crew member's
        UserId secondId = staffDirectory.create(new StaffDirectory.NewStaff(
                "repair-crew-b.1",
                "钱工",
                DemoLoad.STAFF_PASSWORD,
                DemoLoad.totpSecret("repair-crew-b.1"),
                Set.of(Role.REPAIR_CREW),
                Set.of(branch)));
        Actor second = new Actor(secondId, Actor.Kind.STAFF, "抢修员", Set.of(Role.REPAIR_CREW), Set.of(branch));
        LocalTime eight = LocalTime.of(8, 0);
        Repairs.CrewView one = repairs.createCrew(
                dispatcher,
                new Repairs.NewCrew(
                        branch,
                        "城关抢修一班",
                        Set.of(CrewSkill.LOW_VOLTAGE, CrewSkill.METER),
                        eight,
                        eight,
                        List.of(crewMemberId.value()),
                        at(centre.lat(), "0.004000"),
                        at(centre.lon(), "0.003000"),
                        "13905710001"));
        Repairs.CrewView two = repairs.createCrew(
                dispatcher,
                new Repairs.NewCrew(
                        branch,
                        "城关抢修二班",
                        Set.of(CrewSkill.LOW_VOLTAGE, CrewSkill.CABLE),
                        eight,
                        eight,
                        List.of(secondId.value()),
                        at(centre.lat(), "-0.021000"),
                        at(centre.lon(), "0.016000"),
                        "13905710002"));
        repairs.createCrew(
                dispatcher,
                new Repairs.NewCrew(
                        branch,
                        "城关配电运维班",
                        Set.of(CrewSkill.MEDIUM_VOLTAGE, CrewSkill.CABLE),
                        eight,
                        LocalTime.of(17, 30),
                        List.of(),
                        centre.lat(),
                        centre.lon(),
                        null));
        // the other branches: one crew on 24-hour duty each (its base: the branch's office)
        for (int b = 1; b < branches.size() && b < dispatchers.size(); b++) {
            if (dispatchers.get(b) == null) continue;
            BranchView other = grid.branch(branches.get(b)).orElseThrow();
            repairs.createCrew(
                    dispatcher(branches.get(b), dispatchers.get(b)),
                    new Repairs.NewCrew(
                            branches.get(b),
                            other.name().replace("供电所", "") + "抢修班",
                            Set.of(CrewSkill.LOW_VOLTAGE, CrewSkill.METER),
                            eight,
                            eight,
                            List.of(),
                            other.lat(),
                            other.lon(),
                            null));
        }

        repairs.registerTeam(
                dispatcher,
                new Repairs.NewTeam(
                        branch,
                        "富春县恒通电力工程有限公司",
                        List.of("承装（修、试）电力设施许可证 四级", "安全生产许可证"),
                        List.of("富春街道", "城东街道", "城南街道"),
                        "王建国",
                        "13705710001"));
        repairs.registerTeam(
                dispatcher,
                new Repairs.NewTeam(
                        branch,
                        "富春县安居水电维修服务部",
                        List.of("低压电工作业证（特种作业操作证）"),
                        List.of("城东街道", "鹿山街道"),
                        "李红梅",
                        "13805710002"));

        List<Long> accounts = customers.billableAccountIds(branch).stream()
                .filter(id -> grid.supplyPath(id).isPresent())
                .limit(12)
                .toList();
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MINUTES);
        if (!accounts.isEmpty()) {
            int[][] history = { // days ago, minutes to dispatch, to arrive, to repair: two arrive after 45 minutes
                {9, 4, 28, 75},
                {8, 6, 38, 96},
                {7, 9, 52, 130},
                {6, 3, 30, 64},
                {5, 5, 41, 88},
                {4, 12, 61, 150},
                {3, 4, 22, 55},
                {2, 7, 44, 101}
            };
            String[] faults = {"全屋无电", "表箱内开关烧坏", "楼道无电", "电表后进户线断线", "半个小区停电", "闻到焦味后跳闸", "插座冒火花", "进户线松动"};
            for (int i = 0; i < history.length; i++) {
                int[] h = history[i];
                repairs.importPastJob(new Repairs.PastJob(
                        accounts.get(i % accounts.size()),
                        faults[i],
                        (i % 2 == 0 ? one : two).id(),
                        now.minusDays(h[0]).withHour(1 + i).withMinute(10),
                        h[1],
                        h[2],
                        h[3],
                        dispatcher.userId().value()));
            }
        }
        // the fault in progress: a caller's report (before the outage is published), crew two on its way
        if (faultAccountId != null) {
            Repairs.Receipt receipt = repairs.report(
                    dispatcher,
                    new Repairs.Report(
                            faultAccountId, null, null, now.minusMinutes(45), "来电：整个小区停电", "13957100000", List.of()));
            if (receipt.job() != null) {
                repairs.dispatch(dispatcher, receipt.job().id(), two.id());
                repairs.recordStep(second, receipt.job().id(), RepairStatus.ACCEPTED, null, null, null);
                repairs.recordStep(second, receipt.job().id(), RepairStatus.DEPARTED, null, null, "已带备用开关出发");
            }
        }
        log.info("Demo repairs: crews, 2 teams, 8 finished jobs and one in progress in branch {}", branch.value());
    }

    private static Actor dispatcher(BranchId branch, UserId id) {
        return new Actor(id, Actor.Kind.STAFF, "调度员", Set.of(Role.REPAIR_DISPATCHER), Set.of(branch));
    }
}
