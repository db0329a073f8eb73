package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.OperatorCode;
import io.gridhall.dlt645.Password;
import io.gridhall.dlt645.Request;
import io.gridhall.dlt645.TouTables;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.metering.internal.HeadEnd;
import io.gridhall.shared.Problem;
import io.gridhall.simulator.CustomerClass;
import io.gridhall.simulator.FeeControl;
import io.gridhall.simulator.MeterSpec;
import io.gridhall.simulator.Scenario;
import io.gridhall.simulator.Simulator;
import io.gridhall.simulator.SimulatorConfig;
import io.gridhall.simulator.VirtualMeter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Programming meters' time-of-use calendar through the command path (issue 9): a small fleet behind one simulated
 * concentrator, among them meters that lose or delay replies for a while, one whose password was changed on site,
 * one that already carries the program and one that never answers.
 */
@MeteringTest
@Timeout(90)
class MeterProgramTests {

    @Autowired
    MeterCommands commands;

    @Autowired
    MeterReadings readings;

    @Autowired
    HeadEnd headEnd;

    @Autowired
    Clock clock;

    @Autowired
    MeteringFixtures.RecordingAudit audit;

    long branch;
    Actor clerk;
    Simulator simulator;
    final Map<String, MeterEnrolment> fleet = new HashMap<>();

    static final List<String> NAMES = List.of("plain", "silentAWhile", "late", "ownPassword", "current", "dead");

    @BeforeEach
    void start() {
        branch = aBranch();
        clerk = staff(branch, Role.BILLING_CLERK);
        String dtu = String.format("P%011d", ThreadLocalRandom.current().nextLong(1, 99_999_999_999L));
        Map<String, String> routes = new HashMap<>();
        List<MeterSpec> specs = new ArrayList<>();
        for (String name : NAMES) {
            MeterEnrolment m = aMeter(branch, 9);
            fleet.put(name, m);
            routes.put(m.address(), dtu);
            specs.add(new MeterSpec(dtu, MeterAddress.of(m.address()), CustomerClass.RESIDENTIAL, FeeControl.REMOTE));
        }
        readings.enrol(List.copyOf(fleet.values()));
        readings.route(routes);
        simulator = Simulator.start(
                SimulatorConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), headEnd.port()))
                        .meters(specs)
                        .scenario(Scenario.parse("meter " + fleet.get("dead").address() + " no-reply"))
                        .clock(clock)
                        .heartbeatInterval(Duration.ofSeconds(1))
                        .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> headEnd.links().contains(dtu));
        meter("ownPassword").changePassword(Password.parse("02654321"));
        // a meter programmed before (by hand, or by an earlier job): it carries the program already
        for (ParameterWrite w : program())
            meter("current")
                    .handle(
                            new Request.Write(
                                    meter("current").address(),
                                    w.id(),
                                    Password.parse("02000000"),
                                    new OperatorCode(1),
                                    w.value()),
                            clock.instant());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** Replies lost, and replies later than the head-end waits, for the next few seconds. */
    void troubleFor(Duration d) {
        LocalDateTime now =
                LocalDateTime.now(clock.withZone(SimulatorConfig.CHINA)).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime to = now.plus(d).plusSeconds(1);
        simulator.script(Scenario.parse(String.join(
                "\n",
                "meter " + fleet.get("silentAWhile").address() + " no-reply from " + now + " to " + to,
                "meter " + fleet.get("late").address() + " late 1500ms from " + now + " to " + to)));
    }

    VirtualMeter meter(String name) {
        return simulator.meter(MeterAddress.of(fleet.get(name).address())).orElseThrow();
    }

    /** A small calendar: two seasons, two day tables, two holidays, the weekend and the switch times. */
    static List<ParameterWrite> program() {
        LocalDateTime switchAt = LocalDateTime.of(2027, 1, 1, 0, 0);
        return List.of(
                new ParameterWrite(TouTables.ZONE_COUNT, TouTables.count(2), "年时区数 2"),
                new ParameterWrite(TouTables.DAY_TABLE_COUNT, TouTables.count(2), "日时段表数 2"),
                new ParameterWrite(TouTables.DAY_SLOT_COUNT, TouTables.count(2), "日时段数 2"),
                new ParameterWrite(TouTables.TARIFF_COUNT, TouTables.count(4), "费率数 4"),
                new ParameterWrite(TouTables.HOLIDAY_COUNT, TouTables.count2(2), "公共假日数 2"),
                new ParameterWrite(
                        TouTables.zoneTable(2),
                        TouTables.zones(List.of(new TouTables.Zone(1, 1, 1), new TouTables.Zone(7, 1, 2))),
                        "第二套时区表"),
                new ParameterWrite(
                        TouTables.dayTable(2, 1),
                        TouTables.day(List.of(new TouTables.Slot(8, 0, 2), new TouTables.Slot(22, 0, 4))),
                        "第二套第1日时段表"),
                new ParameterWrite(
                        TouTables.dayTable(2, 2),
                        TouTables.day(List.of(new TouTables.Slot(8, 0, 1), new TouTables.Slot(22, 0, 4))),
                        "第二套第2日时段表"),
                new ParameterWrite(TouTables.holiday(1), TouTables.holiday(LocalDate.of(2027, 1, 1), 2), "元旦"),
                new ParameterWrite(TouTables.holiday(2), TouTables.holiday(LocalDate.of(2027, 10, 1), 2), "国庆"),
                new ParameterWrite(
                        TouTables.WEEKEND_STATUS,
                        TouTables.weekendStatus(
                                java.util.EnumSet.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY)),
                        "周休日"),
                new ParameterWrite(TouTables.ZONE_SWITCH_TIME, TouTables.switchTime(switchAt), "切换时间"),
                new ParameterWrite(TouTables.DAY_TABLE_SWITCH_TIME, TouTables.switchTime(switchAt), "切换时间"));
    }

    ProgramMeter job(String name) {
        return new ProgramMeter(
                UUID.randomUUID().toString(),
                fleet.get(name).meterId(),
                program(),
                clock.instant().plusSeconds(600),
                "test calendar 2027");
    }

    MeterCommandStatus settled(MeterCommandView c) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> commands.statuses(List.of(c.commandId())).getFirst(),
                        s -> s.state().isFinal());
    }

    @Test
    void programsAFleetAndReportsEachMetersOutcomeWithItsReason() {
        Map<String, MeterCommandView> jobs = new java.util.LinkedHashMap<>();
        troubleFor(Duration.ofSeconds(2));
        for (String name : List.of("silentAWhile", "late", "plain", "ownPassword", "current", "dead"))
            jobs.put(name, commands.program(clerk, job(name)));
        assertThat(jobs.values()).allSatisfy(j -> {
            assertThat(j.action()).isEqualTo(CommandAction.PROGRAM);
            assertThat(j.writes()).isEqualTo(program().size());
        });

        Map<String, MeterCommandStatus> done = new HashMap<>();
        jobs.forEach((name, j) -> done.put(name, settled(j)));

        for (String name : List.of("plain", "silentAWhile", "late")) {
            assertThat(done.get(name).state()).as(name).isEqualTo(CommandState.VERIFIED);
            assertThat(done.get(name).alreadyCurrent()).as(name).isFalse();
            for (ParameterWrite w : program())
                assertThat(meter(name).parameter(w.id()))
                        .as(name + " " + w.id())
                        .hasValueSatisfying(v -> assertThat(v).isEqualTo(w.value()));
        }
        assertThat(done.get("silentAWhile").attempts())
                .as("retried on the back-off after the lost replies")
                .isGreaterThan(1);

        MeterCommandStatus refused = done.get("ownPassword");
        assertThat(refused.state()).isEqualTo(CommandState.FAILED);
        assertThat(refused.failure()).isEqualTo("PASSWORD_ERROR_OR_UNAUTHORISED");
        assertThat(refused.lastError()).contains("wrong password").doesNotContain("654321");
        assertThat(refused.attempts())
                .as("a refused password is not tried again")
                .isEqualTo(1);
        assertThat(meter("ownPassword").parameter(TouTables.zoneTable(2))).isEmpty();

        assertThat(done.get("current").state()).isEqualTo(CommandState.VERIFIED);
        assertThat(done.get("current").alreadyCurrent()).isTrue();
        assertThat(done.get("current").writesDone()).as("nothing written").isZero();

        MeterCommandStatus dead = done.get("dead");
        assertThat(dead.state()).isEqualTo(CommandState.FAILED);
        assertThat(dead.failure()).isEqualTo("NO_REPLY");
        assertThat(dead.attempts()).isEqualTo(3);

        assertThat(audit.about(String.valueOf(fleet.get("plain").meterId()))).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("meter.command.program");
            assertThat(e.details().toString()).doesNotContain("02000000");
        });

        // re-sending the same program is harmless: the same job, nothing sent again
        MeterCommandView again = commands.program(clerk, job("plain"));
        assertThat(again.commandId()).isEqualTo(jobs.get("plain").commandId());
        assertThat(again.state()).isEqualTo(CommandState.VERIFIED);
        // a failed one gets a new job when asked again (the clerk's retry)
        MeterCommandView retried = commands.program(clerk, job("ownPassword"));
        assertThat(retried.commandId()).isNotEqualTo(jobs.get("ownPassword").commandId());
        meter("ownPassword").changePassword(Password.parse("02000000"));
        assertThat(settled(retried).state()).isEqualTo(CommandState.VERIFIED);
    }

    @Test
    void theSameProgramForTheSameMeterIsOneJobWhileOpen() {
        MeterCommandView first = commands.program(clerk, job("dead"));
        MeterCommandView second = commands.program(clerk, job("dead"));
        assertThat(second.commandId()).isEqualTo(first.commandId());

        // the same intent id with another program is a conflict, like a reused control intent
        List<ParameterWrite> other = new ArrayList<>(program());
        other.set(0, new ParameterWrite(TouTables.ZONE_COUNT, TouTables.count(3), "年时区数 3"));
        assertThatThrownBy(() -> commands.program(
                        clerk,
                        new ProgramMeter(
                                first.intentId(),
                                fleet.get("dead").meterId(),
                                other,
                                clock.instant().plusSeconds(600),
                                null)))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("intent-reused"));
    }

    @Test
    void aProgramIsNotAskedForThroughRemoteControlAndNeedsAVisibleMeter() {
        assertThatThrownBy(() -> commands.request(
                        staff(branch, Role.BRANCH_MANAGER),
                        new RequestCommand(
                                "p-" + UUID.randomUUID(),
                                fleet.get("plain").meterId(),
                                CommandAction.PROGRAM,
                                clock.instant().plusSeconds(60),
                                "x")))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("command-program-not-here"));
        assertThatThrownBy(() -> commands.program(staff(aBranch(), Role.BILLING_CLERK), job("plain")))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("not-found"));
        assertThatThrownBy(() -> commands.program(staff(branch, Role.COUNTER_CLERK), job("plain")))
                .isInstanceOf(RuntimeException.class);
    }
}
