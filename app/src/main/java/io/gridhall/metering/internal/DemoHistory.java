package io.gridhall.metering.internal;

import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.Quality;
import io.gridhall.metering.ReadingDelivery;
import io.gridhall.metering.ReadingSource;
import io.gridhall.metering.RegisterRead;
import io.gridhall.simulator.CustomerClass;
import io.gridhall.simulator.MeterSpec;
import io.gridhall.simulator.Registers;
import io.gridhall.simulator.Scenario;
import io.gridhall.simulator.Simulator;
import io.gridhall.simulator.SimulatorConfig;
import io.gridhall.simulator.VirtualMeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The demo utility's metering history (profile {@code demo}): routes the roster's meters to their
 * concentrators (the grid's import has enrolled them) and writes their daily registers and 15-minute
 * intervals for the last days, deterministic from the seed. The
 * registers are the simulator's own (the same seed and roster the demo's simulator runs with), so the
 * history ends where the live reads begin; each day's intervals follow the simulator's load shape of
 * the meter's class for that day and add up exactly to the register delta.
 *
 * <p>The demo's imperfections are a {@link Scenario} generated once from the seed, with the history, and kept
 * beside the roster ({@code gridhall.demo.scenario}): the live simulator runs it on every start, and the history
 * holds what the head-end would have collected under it (a meter that stopped answering leaves no registers or
 * slots from then on; a bypassed or reverse-wired meter's forward register stands still). VEE then runs over the
 * history of the meters the scenario names, so the exception review has its findings at first start.
 */
@Component
@Profile("demo")
public class DemoHistory {

    /** @param findings VEE findings over the history of the meters the scenario names */
    public record Summary(int meters, int days, int intervalRows, int registerRows, int findings) {}

    private static final Logger log = LoggerFactory.getLogger(DemoHistory.class);
    private static final int CHUNK = 250;

    private final Readings stored;
    private final Meters meters;
    private final MeterReadings readings;
    private final Clock clock;
    private final Path roster;
    private final long seed;
    private final int days;
    private final HeadEnd headEnd;
    private final boolean simulate;
    private volatile Simulator simulator;
    private final int meteredMeters;
    private final Concentrators concentrators;
    private final ValidatingReadings validating;
    private final Path scenarioFile;
    private final Duration areaFaultAfter;

    DemoHistory(
            Readings stored,
            Meters meters,
            MeterReadings readings,
            Clock clock,
            @Value("${gridhall.demo.roster:${GRIDHALL_DATA:./data}/meters.csv}") String roster,
            @Value("${gridhall.demo.seed:42}") long seed,
            @Value("${gridhall.demo.history-days:92}") int days,
            HeadEnd headEnd,
            @Value("${gridhall.demo.simulator:true}") boolean simulate,
            @Value("${gridhall.demo.metered-meters:20000}") int meteredMeters,
            Concentrators concentrators,
            ValidatingReadings validating,
            @Value("${gridhall.demo.scenario:${GRIDHALL_DATA:./data}/scenario.txt}") String scenarioFile,
            @Value("${gridhall.demo.area-fault-after:PT2M}") Duration areaFaultAfter) {
        this.areaFaultAfter = areaFaultAfter;
        this.meteredMeters = meteredMeters;
        this.concentrators = concentrators;
        this.validating = validating;
        this.scenarioFile = Path.of(scenarioFile);
        this.headEnd = headEnd;
        this.simulate = simulate;
        this.stored = stored;
        this.meters = meters;
        this.readings = readings;
        this.clock = clock;
        this.roster = Path.of(roster);
        this.seed = seed;
        this.days = days;
    }

    /** After the demo generator (an application runner) has written the roster, before the ready banner. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void onReady() {
        if (!Files.exists(roster)) {
            log.info("Metering history: no meter roster at {}; not generating", roster.toAbsolutePath());
            return;
        }
        // the grid's import enrols the meters, so "no registers yet" is what tells a fresh demo
        Scenario scenario;
        if (stored.noRegisters()) {
            scenario = history();
        } else {
            log.info("Metering history: readings already stored; not generating");
            scenario = readScenario(scenarioFile);
        }
        if (simulate) startSimulator(scenario);
    }

    /** The scenario kept with the history; none when the file is missing (a demo from before it was kept). */
    static Scenario readScenario(Path file) {
        if (!Files.exists(file)) return Scenario.EMPTY;
        try {
            return Scenario.parse(Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The demo's meters, live: the simulator in this process dials the head-end with the same roster
     * and seed as the history, so polls and on-demand reads continue where the history ends.
     */
    private void startSimulator(Scenario scenario) {
        List<MeterSpec> specs = metered(readRoster(roster));
        // each simulated concentrator registers with a secret of its own, fresh at every start: the archive keeps
        // only its keyed hash, as it would for a real DTU's registration packet
        java.security.SecureRandom random = new java.security.SecureRandom();
        Map<String, String> secrets = new java.util.LinkedHashMap<>();
        for (MeterSpec s : specs) {
            secrets.computeIfAbsent(s.concentratorId(), id -> {
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                return java.util.HexFormat.of().formatHex(bytes);
            });
        }
        concentrators.setSecrets(secrets);
        simulator = Simulator.start(SimulatorConfig.builder(
                        new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), headEnd.port()))
                .meters(specs)
                .registrationSecrets(secrets)
                .seed(seed)
                .scenario(scenario)
                .clock(clock)
                .build());
        log.info(
                "Demo meters: {} simulated meters behind {} concentrators dial the head-end on port {}",
                specs.size(),
                simulator.concentrators().size(),
                headEnd.port());
        areaFault(specs);
    }

    /**
     * A fault in progress for the supply watch to find (issue 11): the last simulated transformer area loses supply a
     * little after start (its concentrator registers first, so the head-end knows to watch it) for three hours. Not
     * kept in the scenario file: every start has its own.
     */
    private void areaFault(List<MeterSpec> specs) {
        if (areaFaultAfter.isZero() || areaFaultAfter.isNegative() || specs.isEmpty()) return;
        String concentrator = specs.getLast().concentratorId();
        java.time.LocalDateTime from = java.time.LocalDateTime.now(clock.withZone(SimulatorConfig.CHINA))
                .plus(areaFaultAfter)
                .withNano(0);
        script(Scenario.parse("concentrator " + concentrator + " power-off from " + from + " to " + from.plusHours(3)));
        log.info("Demo fault: the transformer area of concentrator {} loses supply at {}", concentrator, from);
    }

    /**
     * Adds directives to the live simulator's scenario (a transformer area's supply loss, say), for the demo and its
     * browser journeys; nothing when no simulator runs.
     */
    public void script(Scenario more) {
        Simulator s = simulator;
        if (s != null) s.script(more);
    }

    /** The concentrators the live simulator runs, in roster order; empty when none runs. */
    public List<String> simulatedConcentrators() {
        Simulator s = simulator;
        return s == null
                ? List.of()
                : s.concentrators().stream()
                        .map(io.gridhall.simulator.VirtualConcentrator::id)
                        .toList();
    }

    @jakarta.annotation.PreDestroy
    void stopSimulator() {
        if (simulator != null) simulator.close();
    }

    private Scenario history() {
        long started = System.nanoTime();
        LocalDate lastDay = LocalDate.now(clock).minusDays(1);
        Scenario scenario = Scenario.generate(metered(readRoster(roster)), seed, lastDay);
        try {
            if (scenarioFile.toAbsolutePath().getParent() != null)
                Files.createDirectories(scenarioFile.toAbsolutePath().getParent());
            Files.writeString(
                    scenarioFile,
                    "# The demo's imperfections (seed " + seed + ", history up to " + lastDay
                            + "), run by the live simulator on every start\n" + scenario.toText());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo scenario " + scenarioFile, e);
        }
        Summary summary = fromRoster(roster, lastDay, scenario);
        log.info(
                "Metering history: {} meters, {} days, {} interval rows, {} register rows, {} findings in {} s"
                        + " (scenario of {} directives in {})",
                summary.meters(),
                summary.days(),
                summary.intervalRows(),
                summary.registerRows(),
                summary.findings(),
                (System.nanoTime() - started) / 1_000_000_000L,
                scenario.rules().size(),
                scenarioFile.toAbsolutePath());
        return scenario;
    }

    /**
     * Routes every roster meter to its concentrator, so the head-end does not look for meters whose
     * concentrator is not simulated, and writes the metered meters' history up to lastDay.
     */
    public Summary fromRoster(Path file, LocalDate lastDay) {
        return fromRoster(file, lastDay, Scenario.EMPTY);
    }

    public Summary fromRoster(Path file, LocalDate lastDay, Scenario scenario) {
        List<MeterSpec> all = readRoster(file);
        Map<String, String> routes = new HashMap<>();
        all.forEach(s -> routes.put(s.address().digits(), s.concentratorId()));
        readings.route(routes);
        List<MeterSpec> specs = metered(all);
        return generate(
                specs,
                meters.idsByAddress(
                        specs.stream().map(s -> s.address().digits()).toList()),
                lastDay,
                coveringThreeMonths(lastDay, days),
                scenario);
    }

    /**
     * At least {@code days}, and enough for the demo's billing to bill its last three complete months: from the last
     * day of the month before them (the first period's start read) to {@code lastDay}.
     */
    static int coveringThreeMonths(LocalDate lastDay, int days) {
        LocalDate firstRead =
                lastDay.plusDays(1).withDayOfMonth(1).minusMonths(3).minusDays(1);
        return Math.max(days, (int) java.time.temporal.ChronoUnit.DAYS.between(firstRead, lastDay) + 1);
    }

    /**
     * The roster in the simulator's format (concentrator_id,meter_address,customer_class,fee_control),
     * reading the customer module's class names too: LARGE_INDUSTRIAL is the simulator's INDUSTRIAL.
     */
    /**
     * The meters that get history and a live simulation: whole concentrators, in roster order, up to
     * {@code gridhall.demo.metered-meters}. A million-customer demo would otherwise write ~57 GB of history and
     * simulate a million meters on two cores; the rest of its meters simply have no readings.
     */
    List<MeterSpec> metered(List<MeterSpec> all) {
        List<MeterSpec> kept = new ArrayList<>();
        String current = null;
        for (MeterSpec spec : all) {
            if (!spec.concentratorId().equals(current)) {
                if (kept.size() >= meteredMeters) break;
                current = spec.concentratorId();
            }
            kept.add(spec);
        }
        if (kept.size() < all.size()) {
            log.info("Demo meters: history and live readings for the first {} of {} meters", kept.size(), all.size());
        }
        return kept;
    }

    static List<MeterSpec> readRoster(Path file) {
        try {
            List<MeterSpec> specs = new ArrayList<>();
            for (String line : Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)) {
                String[] cells = line.strip().split(",", -1);
                if (cells.length != 4 || cells[0].equalsIgnoreCase("concentrator_id") || cells[0].startsWith("#")) {
                    continue;
                }
                String cls = cells[2].strip().toUpperCase(java.util.Locale.ROOT);
                CustomerClass customerClass = switch (cls) {
                    case "LARGE_INDUSTRIAL", "INDUSTRIAL" -> CustomerClass.INDUSTRIAL;
                    case "COMMERCIAL" -> CustomerClass.COMMERCIAL;
                    case "AGRICULTURAL" -> CustomerClass.AGRICULTURAL;
                    default -> CustomerClass.RESIDENTIAL;
                };
                specs.add(new MeterSpec(
                        cells[0].strip(),
                        io.gridhall.dlt645.MeterAddress.of(cells[1].strip()),
                        customerClass,
                        io.gridhall.simulator.FeeControl.valueOf(
                                cells[3].strip().toUpperCase(java.util.Locale.ROOT))));
            }
            return specs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code days} days of history ending with {@code lastDay} for the enrolled meters among
     * {@code specs} (ids by address), in chunks with their own idempotency keys (a rerun stores nothing twice).
     */
    public Summary generate(List<MeterSpec> specs, Map<String, Long> byAddress, LocalDate lastDay, int days) {
        return generate(specs, byAddress, lastDay, days, Scenario.EMPTY);
    }

    /**
     * As {@link #generate(List, Map, LocalDate, int)}, with the readings the head-end would have collected under
     * the scenario, then VEE over the days of the meters it names.
     */
    public Summary generate(
            List<MeterSpec> specs, Map<String, Long> byAddress, LocalDate lastDay, int days, Scenario scenario) {
        List<MeterSpec> known = specs.stream()
                .filter(s -> byAddress.containsKey(s.address().digits()))
                .toList();
        if (known.isEmpty()) return new Summary(0, days, 0, 0, 0);
        Simulator simulator = Simulator.offline(SimulatorConfig.builder(new InetSocketAddress(0))
                .meters(known)
                .seed(seed)
                .scenario(scenario)
                .clock(clock)
                .build());
        ZoneId zone = SimulatorConfig.CHINA;
        LocalDate firstDay = lastDay.minusDays(days - 1L);
        Map<CustomerClass, Map<LocalDate, long[]>> shapes = shapes(simulator, firstDay, lastDay, zone);

        int intervalRows = 0;
        int registerRows = 0;
        List<VirtualMeter> all = new ArrayList<>(simulator.meters());
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<IntervalDay> intervals = new ArrayList<>();
            List<RegisterRead> registers = new ArrayList<>();
            for (VirtualMeter vm : all.subList(i, Math.min(all.size(), i + CHUNK))) {
                long meterId = byAddress.get(vm.address().digits());
                Instant firstFreeze = firstDay.atStartOfDay(zone).toInstant();
                Registers before = vm.registersAt(firstFreeze);
                // the daily freeze is read ten minutes after midnight, if the meter answers then
                if (vm.answersAt(firstFreeze.plusSeconds(600)))
                    registers.add(register(meterId, firstDay.minusDays(1), before, firstFreeze));
                for (LocalDate d = firstDay; !d.isAfter(lastDay); d = d.plusDays(1)) {
                    Instant start = d.atStartOfDay(zone).toInstant();
                    Instant end = d.plusDays(1).atStartOfDay(zone).toInstant();
                    Registers after = vm.registersAt(end);
                    if (vm.answersAt(end.plusSeconds(600))) registers.add(register(meterId, d, after, end));
                    long delta = hundredths(after.forwardTotal()) - hundredths(before.forwardTotal());
                    // each quarter is read a minute after it ends
                    boolean[] answered = new boolean[IntervalDay.SLOTS];
                    boolean any = false;
                    for (int q = 0; q < IntervalDay.SLOTS; q++) {
                        answered[q] = vm.answersAt(start.plusSeconds(900L * (q + 1) + 60));
                        any |= answered[q];
                    }
                    if (any) {
                        intervals.add(day(
                                meterId,
                                d,
                                Math.max(0, delta) * 100,
                                shapes.get(vm.spec().customerClass()).get(d),
                                answered));
                    }
                    before = after;
                }
            }
            if (intervals.isEmpty() && registers.isEmpty()) continue;
            long first = intervals.isEmpty()
                    ? registers.getFirst().meterId()
                    : intervals.getFirst().meterId();
            var stored = readings.store(new ReadingDelivery(
                    // the chunk's first meter and size make the key specific to these meters
                    "demo:history:" + seed + ":" + lastDay + ":" + days + ":" + first + ":" + intervals.size() + ":"
                            + registers.size(),
                    ReadingSource.DEMO,
                    intervals,
                    registers));
            if (!stored.replayed()) {
                intervalRows += stored.intervalRows();
                registerRows += stored.registerRows();
            }
        }
        return new Summary(
                all.size(), days, intervalRows, registerRows, validate(scenario, byAddress, firstDay, lastDay));
    }

    /**
     * VEE over the history of the meters the scenario names, from the day before its first directive starts:
     * the other meters' days are complete and consistent, and validating them all would take minutes at start.
     * The nightly run validates every meter from the next day on.
     */
    private int validate(Scenario scenario, Map<String, Long> byAddress, LocalDate firstDay, LocalDate lastDay) {
        if (validating == null || scenario.rules().isEmpty()) return 0;
        List<Long> ids = scenario.rules().stream()
                .filter(r -> r.meter() != null)
                .map(r -> byAddress.get(r.meter().digits()))
                .filter(java.util.Objects::nonNull)
                .distinct()
                .sorted()
                .toList();
        if (ids.isEmpty()) return 0;
        LocalDate from = scenario.rules().stream()
                .map(r -> r.from().equals(java.time.LocalDateTime.MIN)
                        ? firstDay
                        : r.from().toLocalDate().minusDays(1))
                .filter(d -> !d.isBefore(firstDay))
                .min(LocalDate::compareTo)
                .orElse(firstDay);
        int findings = 0;
        for (LocalDate d = from; !d.isAfter(lastDay); d = d.plusDays(1)) {
            findings += validating.run(d, ids).findings();
        }
        return findings;
    }

    /** Per class and day, the simulator's quarter-hour forward energy of one meter of that class. */
    private static Map<CustomerClass, Map<LocalDate, long[]>> shapes(
            Simulator simulator, LocalDate first, LocalDate last, ZoneId zone) {
        Map<CustomerClass, Map<LocalDate, long[]>> shapes = new EnumMap<>(CustomerClass.class);
        for (VirtualMeter vm : simulator.meters()) {
            CustomerClass c = vm.spec().customerClass();
            if (shapes.containsKey(c)) continue;
            Map<LocalDate, long[]> byDay = new HashMap<>();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                long[] shape = new long[IntervalDay.SLOTS];
                Instant start = d.atStartOfDay(zone).toInstant();
                long previous = hundredths(vm.registersAt(start).forwardTotal());
                for (int s = 0; s < IntervalDay.SLOTS; s++) {
                    long now = hundredths(
                            vm.registersAt(start.plusSeconds(900L * (s + 1))).forwardTotal());
                    shape[s] = Math.max(0, now - previous);
                    previous = now;
                }
                byDay.put(d, shape);
            }
            shapes.put(c, byDay);
        }
        return shapes;
    }

    static IntervalDay day(long meterId, LocalDate d, long units, long[] shape) {
        boolean[] all = new boolean[IntervalDay.SLOTS];
        Arrays.fill(all, true);
        return day(meterId, d, units, shape, all);
    }

    /** The day's slots as measured, missing where the meter did not answer the quarter's poll. */
    static IntervalDay day(long meterId, LocalDate d, long units, long[] shape, boolean[] answered) {
        boolean[] all = new boolean[IntervalDay.SLOTS];
        Arrays.fill(all, true);
        long[] out = new long[IntervalDay.SLOTS];
        Estimator.distribute(units, shape, all, out);
        int[] v = new int[IntervalDay.SLOTS];
        char[] q = new char[IntervalDay.SLOTS];
        for (int s = 0; s < v.length; s++) {
            v[s] = answered[s] ? Math.toIntExact(out[s]) : 0;
            q[s] = answered[s] ? Quality.ACTUAL.letter() : Quality.MISSING.letter();
        }
        return new IntervalDay(meterId, Channel.FORWARD_ACTIVE, d, v, q);
    }

    private static RegisterRead register(long meterId, LocalDate day, Registers r, Instant frozenAt) {
        List<BigDecimal> f = r.forwardActive();
        Instant readAt = frozenAt.plusSeconds(600);
        return new RegisterRead(
                meterId,
                day,
                hundredths(f.get(0)),
                hundredths(f.get(1)),
                hundredths(f.get(2)),
                hundredths(f.get(3)),
                hundredths(f.get(4)),
                hundredths(r.reverseTotal()),
                hundredths(r.reactive1().getFirst()),
                hundredths(r.reactive2().getFirst()),
                Quality.ACTUAL,
                readAt,
                readAt);
    }

    static long hundredths(BigDecimal kwh) {
        return kwh.movePointRight(2).longValueExact();
    }
}
