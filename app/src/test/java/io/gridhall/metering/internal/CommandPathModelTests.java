package io.gridhall.metering.internal;

import static io.gridhall.metering.MeteringFixtures.aBranch;
import static io.gridhall.metering.MeteringFixtures.aMeter;
import static io.gridhall.metering.MeteringFixtures.staff;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.dlt645.ControlSecurity;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.Password;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.metering.CommandAction;
import io.gridhall.metering.CommandState;
import io.gridhall.metering.MeterCommandView;
import io.gridhall.metering.MeterEnrolment;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.MeteringFixtures;
import io.gridhall.metering.MeteringTest;
import io.gridhall.metering.RequestCommand;
import io.gridhall.simulator.CustomerClass;
import io.gridhall.simulator.FeeControl;
import io.gridhall.simulator.MeterSpec;
import io.gridhall.simulator.Simulator;
import io.gridhall.simulator.SimulatorConfig;
import io.gridhall.simulator.VirtualMeter;
import io.gridhall.testing.MovingClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The meter command path as a model (issue 7): a seeded random walk per seed interleaves requests (new and repeated
 * intents), passes of the worker, link drops, lost requests, late and duplicate acknowledgements, process crashes
 * before and after a frame left (the bean is created anew and the lease runs out), and nodes that come back late.
 * After quiescence every command is final, the latest intent is verified and the meter's relay shows it, and the
 * meter never acted on an older intent after a newer one.
 *
 * <p>Each seed has a meter of its own and a clock in the future, so the application's own worker (real time)
 * never finds these commands due.
 */
@MeteringTest
@Timeout(300)
class CommandPathModelTests {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final Duration LEASE = Duration.ofSeconds(10);
    static final Duration BACKOFF = Duration.ofSeconds(1);
    static final int MAX_ATTEMPTS = 100;
    static final List<CommandAction> RELAY =
            List.of(CommandAction.TRIP, CommandAction.CLOSE_PERMITTED, CommandAction.DIRECT_CLOSE);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Meters meters;

    @Autowired
    MeterReadings readings;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    MeteringFixtures.RecordingAudit audit;

    /** The process died right after the frame left. */
    static final class Crash extends RuntimeException {
        Crash() {
            super("process died", null, false, false);
        }
    }

    /**
     * The meter's own link with a simulated meter behind it: it can be down, lose a request, deliver the reply late
     * (after the head-end gave up; it then arrives during the next exchange, where the head-end takes it if it answers
     * that request as {@link HeadEnd.Pending} matches, else drops it) or twice.
     */
    static final class ScriptedLine implements MeterExchange {
        final VirtualMeter meter;
        final MovingClock clock;
        final Random random;
        final Map<LocalDateTime, Integer> intentOf;
        final List<Integer> acted = new ArrayList<>();
        List<Reply> arriving = new ArrayList<>();
        boolean up = true;
        boolean reliable;
        boolean crashAfterSend;

        ScriptedLine(VirtualMeter meter, MovingClock clock, Random random, Map<LocalDateTime, Integer> intentOf) {
            this.meter = meter;
            this.clock = clock;
            this.random = random;
            this.intentOf = intentOf;
        }

        @Override
        public synchronized Optional<Reply> exchange(
                Request request, ControlSecurity security, BooleanSupplier beforeSend) {
            List<Reply> late = arriving;
            arriving = new ArrayList<>();
            if (!request.address().equals(meter.address()) || !up || !beforeSend.getAsBoolean())
                return Optional.empty();
            int fate = reliable ? 0 : random.nextInt(10);
            if (fate == 1) return Optional.empty(); // the request was lost on the way
            Optional<Reply> reply = meter.handle(request, clock.instant());
            if (request instanceof Request.Control c && reply.orElse(null) instanceof Reply.Acknowledged) {
                acted.add(intentOf.get(c.command().validUntil()));
            }
            if (crashAfterSend) throw new Crash();
            Optional<Reply> early = late.stream()
                    .filter(r -> new HeadEnd.Pending(request, null).answers(r))
                    .findFirst();
            if (fate == 2) { // this reply comes after the timeout
                reply.ifPresent(arriving::add);
                return early;
            }
            if (fate == 3) reply.ifPresent(arriving::add); // and once more
            return early.isPresent() ? early : reply;
        }
    }

    CommandingMeters node(MovingClock clock, MeterExchange line) {
        return new CommandingMeters(
                jdbc,
                meters,
                line,
                audit,
                events,
                tx,
                clock,
                new CommandingMeters.Options(
                        MAX_ATTEMPTS, BACKOFF, LEASE, Password.parse("02000000"), ControlSecurity.PLAIN));
    }

    record Zombie(CommandingMeters node, CommandingMeters.Row claimed) {}

    @Test
    void afterAnyInterleavingEveryCommandIsFinalAndTheRelayShowsTheLatestIntent() {
        for (long seed = 1; seed <= 24; seed++) walk(seed, 45);
    }

    void walk(long seed, int steps) {
        Random random = new Random(seed);
        long branch = aBranch();
        MeterEnrolment enrolled = aMeter(branch, 9);
        readings.enrol(List.of(enrolled));
        List<Long> scope = List.of(enrolled.meterId());
        Actor operator = staff(branch, Role.BRANCH_MANAGER);
        MovingClock clock = new MovingClock(
                LocalDateTime.of(2030, 3, 1, 10, 0)
                        .plusMinutes(random.nextInt(100_000))
                        .atZone(CHINA)
                        .toInstant(),
                CHINA);
        VirtualMeter meter = Simulator.offline(SimulatorConfig.builder(new InetSocketAddress("127.0.0.1", 9))
                        .meters(List.of(new MeterSpec(
                                "M00000000001",
                                MeterAddress.of(enrolled.address()),
                                CustomerClass.RESIDENTIAL,
                                FeeControl.REMOTE)))
                        .seed(seed)
                        .clock(clock)
                        .registerOrigin(LocalDateTime.ofInstant(clock.instant(), CHINA)
                                .toLocalDate()
                                .minusDays(2))
                        .build())
                .meter(MeterAddress.of(enrolled.address()))
                .orElseThrow();
        Map<LocalDateTime, Integer> intentOf = new HashMap<>();
        ScriptedLine line = new ScriptedLine(meter, clock, random, intentOf);
        LocalDateTime validBase =
                LocalDateTime.ofInstant(clock.instant(), CHINA).plusDays(1);
        List<RequestCommand> requested = new ArrayList<>();
        Map<String, UUID> commandOfIntent = new HashMap<>();
        List<Zombie> zombies = new ArrayList<>();
        CommandingMeters node = node(clock, line);
        String trace = "seed " + seed;

        for (int step = 0; step < steps; step++) {
            int roll = random.nextInt(100);
            if (roll < 22) {
                RequestCommand c;
                if (!requested.isEmpty() && random.nextInt(6) == 0) {
                    c = requested.get(random.nextInt(requested.size())); // the caller sends an intent again
                } else {
                    int index = requested.size();
                    LocalDateTime validUntil = validBase.plusSeconds(index);
                    intentOf.put(validUntil, index);
                    c = new RequestCommand(
                            "model-" + UUID.randomUUID(),
                            enrolled.meterId(),
                            RELAY.get(random.nextInt(RELAY.size())),
                            validUntil.atZone(CHINA).toInstant(),
                            "model walk");
                    requested.add(c);
                }
                CommandingMeters current = node;
                MeterCommandView view = tx.execute(t -> current.request(operator, c));
                UUID before = commandOfIntent.putIfAbsent(c.intentId(), view.commandId());
                assertThat(before == null ? view.commandId() : before)
                        .as("%s: the same intent is one command", trace)
                        .isEqualTo(view.commandId());
                trace += " R" + c.action().name().charAt(0);
            } else if (roll < 55) {
                node.pass(scope);
                trace += " P";
            } else if (roll < 68) {
                clock.advance(Duration.ofMillis(random.nextInt(3000)));
                trace += " t";
            } else if (roll < 73) {
                clock.advance(LEASE.plusSeconds(1));
                trace += " T";
            } else if (roll < 80) {
                line.up = !line.up;
                trace += line.up ? " U" : " D";
            } else if (roll < 88) {
                // the process dies with claimed work: before the frame left, or right after
                CommandingMeters dying = node;
                boolean afterSend = random.nextBoolean();
                for (CommandingMeters.Row r : dying.claim(scope.toArray(Long[]::new))) {
                    if (afterSend) {
                        line.crashAfterSend = true;
                        try {
                            dying.carryOut(r);
                        } catch (Crash expected) {
                            // nothing recorded
                        } finally {
                            line.crashAfterSend = false;
                        }
                    } else {
                        zombies.add(new Zombie(dying, r));
                    }
                }
                node = node(clock, line); // the bean anew after a restart
                trace += afterSend ? " C" : " c";
            } else if (roll < 94 && !zombies.isEmpty()) {
                // a node that hung comes back and finishes what it had claimed
                Zombie z = zombies.remove(random.nextInt(zombies.size()));
                z.node().carryOut(z.claimed());
                trace += " Z";
            } else {
                node = node(clock, line);
                trace += " N";
            }
        }

        line.up = true;
        line.reliable = true;
        zombies.clear();
        for (int i = 0; i < 500 && open(enrolled.meterId()) > 0; i++) {
            clock.advance(LEASE.plusSeconds(1));
            node.pass(scope);
        }

        List<CommandingMeters.Row> rows = rows(enrolled.meterId());
        String why = trace + " acted " + line.acted;
        assertThat(rows).as(why).allSatisfy(r -> {
            assertThat(CommandState.valueOf(r.state()).isFinal())
                    .as("%s: %s is final", why, r.intentId())
                    .isTrue();
            assertThat(r.attempts()).isLessThanOrEqualTo(r.maxAttempts());
        });
        assertThat(line.acted)
                .as("%s: the meter never acts on an older intent after a newer one", why)
                .isSorted();
        if (rows.isEmpty()) return;
        CommandingMeters.Row latest = rows.getLast();
        assertThat(latest.state()).as(why).isEqualTo(CommandState.VERIFIED.name());
        DataValue.StatusBits status = (DataValue.StatusBits) meter.handle(
                        new Request.Read(meter.address(), DataItems.STATUS_WORD_3), clock.instant())
                .map(r -> {
                    try {
                        return ((Reply.ReadData) r).values().getFirst();
                    } catch (io.gridhall.dlt645.DecodeException e) {
                        throw new AssertionError(e);
                    }
                })
                .orElseThrow();
        CommandAction intent = CommandAction.valueOf(latest.action());
        assertThat(CommandingMeters.shows(intent, status))
                .as("%s: the relay shows the latest intent %s", why, intent)
                .isTrue();
        if (intent == CommandAction.TRIP)
            assertThat(meter.relayClosedAt(clock.instant())).as(why).isFalse();
        if (intent == CommandAction.DIRECT_CLOSE)
            assertThat(meter.relayClosedAt(clock.instant())).as(why).isTrue();
        for (CommandingMeters.Row r : rows) {
            if (r.state().equals(CommandState.SUPERSEDED.name())) {
                assertThat(r.supersededBy()).as(why).isNotNull();
                long newer = rows.stream()
                        .filter(o -> o.commandId().equals(r.supersededBy()))
                        .findFirst()
                        .orElseThrow()
                        .seq();
                assertThat(newer).as("%s: superseded by a newer intent", why).isGreaterThan(r.seq());
            }
        }
    }

    int open(long meterId) {
        return jdbc.sql("""
                        select count(*) from metering.meter_command
                        where meter_id = :m and state in ('REQUESTED', 'SENT', 'ACKNOWLEDGED')""").param("m", meterId).query(Integer.class).single();
    }

    List<CommandingMeters.Row> rows(long meterId) {
        return jdbc.sql("select * from metering.meter_command where meter_id = :m order by seq")
                .param("m", meterId)
                .query(CommandingMeters.Row.class)
                .list();
    }
}
