package io.gridhall.simulator;

import io.gridhall.dlt645.ControlErrorFlag;
import io.gridhall.dlt645.ControlType;
import io.gridhall.dlt645.DataIdentifier;
import io.gridhall.dlt645.DataItem;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
import io.gridhall.dlt645.ErrorFlag;
import io.gridhall.dlt645.FunctionCode;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.Password;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import io.gridhall.dlt645.StatusWord3;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One simulated meter.
 *
 * <p>Energy is a function of (seed, address, time) and of the events that changed what the meter
 * measures: scripted anomalies and relay operations. Without such events the registers at any
 * moment are the seeded initial reading plus the integral of the class's 15-minute load profile,
 * scaled by a seeded meter size and a seeded factor per day; events scale the integral between
 * them. So a meter can be asked about any moment, including months back, without storing history.
 *
 * <p>Thread-safe: the concentrator's read loop and tests call it concurrently.
 */
public final class VirtualMeter {

    private static final long DAY_MS = MeterLoad.DAY_MS;
    private static final BigDecimal WS_PER_KWH = BigDecimal.valueOf(3_600_000);
    private static final BigDecimal CAPACITIVE_RATIO = new BigDecimal("0.02");
    private static final BigDecimal HARMONIC_PF_DROP = new BigDecimal("0.080");
    private static final BigDecimal TWO_THIRDS = new BigDecimal("0.6666666667");
    private static final BigDecimal NOMINAL_VOLTS = new BigDecimal("220.0");
    /** Registers of XXXXXX.XX roll over like the meter's display. */
    private static final BigDecimal ROLLOVER = new BigDecimal("1000000");

    private final MeterSpec spec;
    private final SimulatorConfig config;
    private final ZoneId zone;
    private final Instant originInstant;
    private final long mix;
    private final MeterLoad load;
    private final List<Window> windows = new ArrayList<>();
    private final long driftMillisPerDay;
    private final SplittableRandom random;
    private final long initialMoneyFen;
    private final Instant moneyStart;

    /** Relay state from each instant on: true = closed. */
    private final TreeMap<Instant, Boolean> relay = new TreeMap<>();

    /** The meter's password (the fleet's, unless changed on site); remote control and parameter writes need it. */
    private Password password;

    private boolean protectedOn;
    private boolean alarmOn;
    /**
     * Status word 3 bit 6, the relay command state: set by a trip, cleared by "close permitted", a direct close or
     * protect. After "close permitted" it is clear while the relay stays open until the customer presses the button;
     * a local meter that opens its relay for lack of credit leaves it alone.
     */
    private boolean relayCommandOpen;

    private long syncOffsetMillis;
    private Instant lastSync;
    private Instant settledUntil;
    private BigDecimal moneyStartForwardWs;

    private record Window(Scenario.Rule rule, Instant from, Instant to) {
        boolean activeAt(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    private record Factors(BigDecimal forward, BigDecimal reversed, BigDecimal export) {}

    VirtualMeter(MeterSpec spec, SimulatorConfig config, LoadShape shape, Instant start) {
        this.spec = spec;
        this.config = config;
        this.zone = config.zone();
        this.password = config.password();
        this.originInstant = config.registerOrigin().atStartOfDay(zone).toInstant();
        this.mix = mix(config.seed() ^ mix(spec.address().toLong()));
        this.load = new MeterLoad(shape, spec.customerClass(), zone, config.registerOrigin(), mix);
        this.random = new SplittableRandom(mix(mix + 3));
        long drift = 0;
        boolean relayOpen = false;
        BigDecimal money = config.initialMoney();
        for (Scenario.Rule rule : config.scenario().rules()) {
            if (!rule.appliesTo(spec)) {
                continue;
            }
            windows.add(new Window(rule, instant(rule.from()), instant(rule.to())));
            switch (rule.kind()) {
                case DRIFT ->
                    drift = rule.value().multiply(BigDecimal.valueOf(1000)).longValue();
                case PROTECT -> protectedOn = true;
                case RELAY_OPEN -> relayOpen = true;
                case MONEY -> money = rule.value();
                default -> {}
            }
        }
        this.driftMillisPerDay = drift;
        this.initialMoneyFen = money != null
                ? money.movePointRight(2).longValueExact()
                : 5_000 + Long.remainderUnsigned(mix(mix + 4), 20_001);
        this.moneyStart = start;
        this.lastSync = start;
        this.settledUntil = start;
        relay.put(Instant.MIN, true);
        if (relayOpen) {
            relay.put(start, false);
            relayCommandOpen = true;
        }
    }

    /** A directive added while the simulation runs ({@link Simulator#script}): supply losses and imperfections. */
    synchronized void add(Scenario.Rule rule) {
        windows.add(new Window(rule, instant(rule.from()), instant(rule.to())));
    }

    private Instant instant(LocalDateTime t) {
        if (t.equals(LocalDateTime.MIN)) {
            return Instant.MIN;
        }
        if (t.equals(LocalDateTime.MAX)) {
            return Instant.MAX;
        }
        return t.atZone(zone).toInstant();
    }

    public MeterAddress address() {
        return spec.address();
    }

    public MeterSpec spec() {
        return spec;
    }

    // ---------------------------------------------------------------- energy

    /** Registers at {@code t}; after {@link #settle} so that a local meter's own trip is counted. */
    public synchronized Registers registersAt(Instant t) {
        settle(t);
        return registers(t);
    }

    private Registers registers(Instant t) {
        BigDecimal[][] ws = integrate(t);
        BigDecimal[] fwd = ws[0];
        BigDecimal[] rev = ws[1];
        BigDecimal[] q1 = new BigDecimal[4];
        BigDecimal[] q2 = new BigDecimal[4];
        BigDecimal ratio2 = spec.customerClass() == CustomerClass.INDUSTRIAL ? CAPACITIVE_RATIO : BigDecimal.ZERO;
        for (int i = 0; i < 4; i++) {
            q1[i] = fwd[i].multiply(spec.customerClass().reactiveRatio);
            q2[i] = fwd[i].multiply(ratio2);
        }
        return new Registers(display(fwd), display(rev), display(q1), display(q2));
    }

    private static List<BigDecimal> display(BigDecimal[] ws) {
        BigDecimal total = ws[0].add(ws[1]).add(ws[2]).add(ws[3]);
        List<BigDecimal> out = new ArrayList<>(5);
        out.add(kwh(total));
        for (BigDecimal w : ws) {
            out.add(kwh(w));
        }
        return out;
    }

    private static BigDecimal kwh(BigDecimal ws) {
        return ws.divide(WS_PER_KWH, 2, RoundingMode.FLOOR);
    }

    /** Unrounded watt-seconds per tariff: [0] forward, [1] reverse. */
    private BigDecimal[][] integrate(Instant t) {
        BigDecimal[] fwd = new BigDecimal[4];
        BigDecimal[] rev = new BigDecimal[4];
        for (int i = 0; i < 4; i++) {
            fwd[i] = BigDecimal.valueOf(load.initialForwardWs(i));
            rev[i] = BigDecimal.valueOf(load.initialReverseWs(i));
        }
        if (!t.isAfter(originInstant)) {
            return new BigDecimal[][] {fwd, rev};
        }
        TreeSet<Instant> points = new TreeSet<>();
        for (Window w : windows) {
            switch (w.rule().kind()) {
                case BYPASS, REVERSE, PHASE_LOSS, POWER_OFF -> {
                    points.add(w.from());
                    points.add(w.to());
                }
                default -> {}
            }
        }
        points.addAll(relay.keySet());
        Instant a = originInstant;
        long[] baseA = new long[4];
        long[] exportA = new long[4];
        for (Instant b : points.subSet(originInstant, false, t, false)) {
            long[] baseB = load.cumulativeWs(b, false);
            long[] exportB = load.cumulativeWs(b, true);
            accumulate(factorsAt(a), baseA, baseB, exportA, exportB, fwd, rev);
            a = b;
            baseA = baseB;
            exportA = exportB;
        }
        accumulate(factorsAt(a), baseA, load.cumulativeWs(t, false), exportA, load.cumulativeWs(t, true), fwd, rev);
        return new BigDecimal[][] {fwd, rev};
    }

    private static void accumulate(
            Factors f, long[] baseA, long[] baseB, long[] exportA, long[] exportB, BigDecimal[] fwd, BigDecimal[] rev) {
        for (int i = 0; i < 4; i++) {
            BigDecimal used = BigDecimal.valueOf(baseB[i] - baseA[i]);
            BigDecimal exported = BigDecimal.valueOf(exportB[i] - exportA[i]);
            if (f.forward().signum() != 0) {
                fwd[i] = fwd[i].add(used.multiply(f.forward()));
            }
            if (f.reversed().signum() != 0) {
                rev[i] = rev[i].add(used.multiply(f.reversed()));
            }
            if (f.export().signum() != 0) {
                rev[i] = rev[i].add(exported.multiply(f.export()));
            }
        }
    }

    /** What the meter measures from {@code s} until the next event. */
    private Factors factorsAt(Instant s) {
        if (!relayClosed(s)) {
            return new Factors(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        }
        BigDecimal f = BigDecimal.ONE;
        boolean reversed = false;
        for (Window w : windows) {
            if (!w.activeAt(s)) {
                continue;
            }
            switch (w.rule().kind()) {
                case BYPASS -> f = f.multiply(w.rule().value());
                // A lost phase voltage loses that phase's energy; a single-phase meter loses all of it.
                case PHASE_LOSS -> f = spec.customerClass().threePhase ? f.multiply(TWO_THIRDS) : BigDecimal.ZERO;
                case REVERSE -> reversed = true;
                case POWER_OFF -> f = BigDecimal.ZERO;
                default -> {}
            }
        }
        return reversed
                ? new Factors(BigDecimal.ZERO, f, BigDecimal.ONE)
                : new Factors(f, BigDecimal.ZERO, BigDecimal.ONE);
    }

    // ---------------------------------------------------------------- relay and money

    public synchronized boolean relayClosedAt(Instant t) {
        settle(t);
        return relayClosed(t);
    }

    private boolean relayClosed(Instant t) {
        return relay.floorEntry(t).getValue();
    }

    private void setRelay(Instant at, boolean closed) {
        relay.tailMap(at, true).clear();
        if (relayClosed(at) != closed) {
            relay.put(at, closed);
        }
    }

    public synchronized boolean isProtected() {
        return protectedOn;
    }

    /** Remaining money in yuan of a local-fee-control meter. */
    public synchronized Optional<BigDecimal> remainingMoney(Instant t) {
        if (spec.feeControl() != FeeControl.LOCAL) {
            return Optional.empty();
        }
        settle(t);
        return Optional.of(BigDecimal.valueOf(Math.max(creditFen(t), 0), 2));
    }

    /** Overdraft in yuan of a local-fee-control meter. */
    public synchronized Optional<BigDecimal> overdraft(Instant t) {
        if (spec.feeControl() != FeeControl.LOCAL) {
            return Optional.empty();
        }
        settle(t);
        return Optional.of(BigDecimal.valueOf(Math.max(-creditFen(t), 0), 2));
    }

    private long creditFen(Instant t) {
        if (moneyStartForwardWs == null) {
            moneyStartForwardWs = forwardWs(moneyStart);
        }
        BigDecimal usedKwh = forwardWs(t).subtract(moneyStartForwardWs).divide(WS_PER_KWH, MathContext.DECIMAL64);
        long costFen = usedKwh.multiply(config.pricePerKwh())
                .movePointRight(2)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
        return initialMoneyFen - costFen;
    }

    private BigDecimal forwardWs(Instant t) {
        BigDecimal[] fwd = integrate(t)[0];
        return fwd[0].add(fwd[1]).add(fwd[2]).add(fwd[3]);
    }

    /**
     * A local-fee-control meter trips itself when its money runs out. Evaluated lazily: find the
     * first moment after the last check at which the relay was closed and the credit was gone, to
     * the second, and open the relay there.
     */
    private void settle(Instant now) {
        if (spec.feeControl() != FeeControl.LOCAL || !now.isAfter(settledUntil)) {
            return;
        }
        Instant from = settledUntil;
        settledUntil = now;
        List<Instant> edges = new ArrayList<>();
        edges.add(from);
        edges.addAll(relay.subMap(from, false, now, false).keySet());
        edges.add(now);
        for (int i = 0; i < edges.size() - 1; i++) {
            Instant a = edges.get(i);
            Instant b = edges.get(i + 1);
            if (!relayClosed(a) || creditFen(b) > 0) {
                continue;
            }
            if (creditFen(a) <= 0) {
                setRelay(a, false);
                return;
            }
            long lo = a.getEpochSecond();
            long hi = b.getEpochSecond() + 1;
            while (hi - lo > 1) {
                long mid = (lo + hi) >>> 1;
                if (creditFen(Instant.ofEpochSecond(mid)) > 0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            setRelay(Instant.ofEpochSecond(Math.min(hi, b.getEpochSecond())), false);
            return;
        }
    }

    // ---------------------------------------------------------------- clock

    /** The meter's own clock at true time {@code t}: drifts until the next broadcast time sync. */
    public synchronized LocalDateTime meterTime(Instant t) {
        return LocalDateTime.ofInstant(t.plusMillis(offsetMillis(t)), zone);
    }

    private long offsetMillis(Instant t) {
        return syncOffsetMillis
                + driftMillisPerDay * Duration.between(lastSync, t).toMillis() / DAY_MS;
    }

    private Instant trueInstant(LocalDateTime meterLocal, Instant now) {
        return meterLocal.atZone(zone).toInstant().minusMillis(offsetMillis(now));
    }

    // ---------------------------------------------------------------- protocol

    private final MeterParameters parameters = new MeterParameters();

    /** The reply the meter would send to {@code request} at true time {@code now}, if any. */
    public synchronized Optional<Reply> handle(Request request, Instant now) {
        settle(now);
        MeterAddress me = spec.address();
        return switch (request) {
            case Request.Read read -> Optional.of(read(read.id(), now));
            case Request.ReadFollowUp f ->
                Optional.of(Reply.Abnormal.of(me, FunctionCode.READ_FOLLOW_UP, Set.of(ErrorFlag.NO_DATA_REQUESTED)));
            case Request.ReadAddress r -> Optional.of(new Reply.AddressReply(me));
            case Request.TimeSync sync -> {
                syncOffsetMillis = sync.time().atZone(zone).toInstant().toEpochMilli() - now.toEpochMilli();
                lastSync = now;
                yield Optional.empty();
            }
            // Broadcast freezes get no reply; ad-hoc freezes are acknowledged but not stored.
            case Request.Freeze freeze ->
                freeze.address().isBroadcast()
                        ? Optional.empty()
                        : Optional.of(new Reply.Acknowledged(me, FunctionCode.FREEZE));
            case Request.Control control -> Optional.of(control(control, now));
            // A simulated meter's programming key is never pressed: its address is its identity.
            case Request.WriteAddress w ->
                Optional.of(Reply.Abnormal.of(
                        me, FunctionCode.WRITE_ADDRESS, Set.of(ErrorFlag.PASSWORD_ERROR_OR_UNAUTHORISED)));
            // There is no serial line to switch: confirm the rate, as a meter does before switching.
            case Request.ChangeBaudRate change -> Optional.of(new Reply.BaudRateChanged(me, change.rate()));
            // Parameters (a time-of-use calendar pushed by the utility): checked and kept as written, behind the
            // password.
            case Request.Write write ->
                Optional.of(parameters
                        .write(write.id(), write.password(), password, write.value())
                        .<Reply>map(e -> Reply.Abnormal.of(me, FunctionCode.WRITE, Set.of(e)))
                        .orElseGet(() -> new Reply.Acknowledged(me, FunctionCode.WRITE)));
        };
    }

    /** The value last written to a parameter (0x14), empty when none was. */
    public synchronized Optional<byte[]> parameter(DataIdentifier id) {
        return parameters.read(id);
    }

    /** Sets this meter's own password, as a meter whose password was changed on site (writes need it from now on). */
    public synchronized void changePassword(Password own) {
        password = own;
    }

    private Reply control(Request.Control request, Instant now) {
        MeterAddress me = spec.address();
        var command = request.command();
        if (!command.password().equals(password)) {
            return Reply.Abnormal.control(me, Set.of(ControlErrorFlag.PASSWORD_ERROR_OR_UNAUTHORISED));
        }
        if (!command.isValidAt(meterTime(now))) {
            return Reply.Abnormal.control(me, Set.of(ControlErrorFlag.COMMAND_EXPIRED));
        }
        switch (command.type()) {
            case TRIP -> {
                if (protectedOn) {
                    return Reply.Abnormal.control(me, Set.of(ControlErrorFlag.PROTECTED));
                }
                setRelay(now, false);
                relayCommandOpen = true;
            }
            case CLOSE_PERMITTED, DIRECT_CLOSE -> {
                if (spec.feeControl() == FeeControl.LOCAL && creditFen(now) <= 0) {
                    // A local meter without money re-trips at once; real meters refuse the close.
                    return Reply.Abnormal.control(me, Set.of(ControlErrorFlag.OTHER_ERROR));
                }
                if (!relayClosed(now)) {
                    Instant at = command.type() == ControlType.DIRECT_CLOSE ? now : now.plus(config.closeButtonDelay());
                    relay.tailMap(now, false).clear();
                    relay.put(at, true);
                }
                relayCommandOpen = false;
            }
            case ALARM_ON -> alarmOn = true;
            case ALARM_OFF -> alarmOn = false;
            case PROTECT_ON -> {
                protectedOn = true;
                // Protecting a customer restores supply.
                setRelay(now, true);
                relayCommandOpen = false;
            }
            case PROTECT_OFF -> protectedOn = false;
        }
        return new Reply.Acknowledged(me, FunctionCode.CONTROL);
    }

    private Reply read(DataIdentifier id, Instant now) {
        MeterAddress me = spec.address();
        Optional<byte[]> written = parameters.read(id);
        if (written.isPresent()) return new Reply.ReadData(me, id, written.get(), false, java.util.OptionalInt.empty());
        Optional<DataItem> item = DataItems.find(id);
        Optional<List<DataValue>> values = item.flatMap(i -> values(i, now));
        if (values.isEmpty()) {
            return Reply.Abnormal.of(me, FunctionCode.READ, Set.of(ErrorFlag.NO_DATA_REQUESTED));
        }
        return Reply.ReadData.of(me, item.get(), values.get());
    }

    private Optional<List<DataValue>> values(DataItem item, Instant now) {
        DataIdentifier id = item.id();
        int di3 = id.di3();
        int di2 = id.di2();
        int di1 = id.di1();
        int di0 = id.di0();
        if (di3 == 0x00 && di2 <= 0x04) {
            Instant at = di0 == 0 ? now : settlementInstant(di0, now);
            return Optional.of(energy(registers(at), di2, di1));
        }
        if (id.equals(DataItems.REMAINING_MONEY) || id.equals(DataItems.OVERDRAFT)) {
            if (spec.feeControl() != FeeControl.LOCAL) {
                return Optional.empty();
            }
            long credit = creditFen(now);
            long fen = id.equals(DataItems.REMAINING_MONEY) ? Math.max(credit, 0) : Math.max(-credit, 0);
            return Optional.of(List.of(new DataValue.Decimal(BigDecimal.valueOf(fen, 2))));
        }
        if (di3 == 0x02) {
            return instantaneous(item, now);
        }
        if (id.equals(DataItems.DATE)) {
            return Optional.of(List.of(new DataValue.Day(meterTime(now).toLocalDate())));
        }
        if (id.equals(DataItems.TIME)) {
            return Optional.of(
                    List.of(new DataValue.TimeOfDay(meterTime(now).toLocalTime().withNano(0))));
        }
        if (di3 == 0x04 && di2 == 0x00 && di1 == 0x05) {
            List<DataValue> words = new ArrayList<>();
            for (int w = 1; w <= 7; w++) {
                if (di0 == 0xFF || di0 == w) {
                    words.add(new DataValue.StatusBits(statusWord(w, now)));
                }
            }
            return Optional.of(words);
        }
        Optional<DataValue> plate = nameplate(id);
        if (plate.isPresent()) {
            return Optional.of(List.of(plate.get()));
        }
        if (id.equals(DataItems.LOSS_OF_VOLTAGE)) {
            return Optional.of(lossOfVoltage(now));
        }
        if (id.equals(DataItems.POWER_OFF_COUNT)) {
            return Optional.of(List.of(count(powerOffs(now).size())));
        }
        if (di3 == 0x03 && di2 == 0x11 && di1 == 0x00 && di0 >= 1 && di0 <= DataItems.EVENT_RECORDS) {
            return Optional.of(powerOffRecord(di0, now));
        }
        if (id.equals(DataItems.COVER_OPEN_COUNT)) {
            return Optional.of(List.of(count(coverOpenEvents(now))));
        }
        if (id.equals(DataItems.TERMINAL_COVER_OPEN_COUNT) || id.equals(DataItems.PROGRAMMING_COUNT)) {
            return Optional.of(List.of(count(0)));
        }
        if (di3 == 0x05 && di2 == 0x06) {
            LocalDateTime frozenAt =
                    meterTime(now).toLocalDate().minusDays(di0 - 1L).atStartOfDay();
            if (di1 == 0x00) {
                return Optional.of(List.of(new DataValue.Timestamp(frozenAt)));
            }
            Registers r = registers(trueInstant(frozenAt, now));
            return switch (di1) {
                case 0x01 -> Optional.of(decimals(r.forwardActive()));
                case 0x02 -> Optional.of(decimals(r.reverseActive()));
                case 0x03 -> Optional.of(decimals(r.reactive1()));
                case 0x04 -> Optional.of(decimals(r.reactive2()));
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /** Nameplate items of a typical single-phase or three-phase smart meter of the customer class. */
    private Optional<DataValue> nameplate(DataIdentifier id) {
        boolean three = spec.customerClass().threePhase;
        String text;
        if (id.equals(DataItems.COMMUNICATION_ADDRESS) || id.equals(DataItems.METER_NUMBER)) {
            text = spec.address().digits();
        } else if (id.equals(DataItems.RATED_VOLTAGE)) {
            text = three ? "3x220V" : "220V";
        } else if (id.equals(DataItems.RATED_CURRENT)) {
            text = three ? "1.5A" : "5A";
        } else if (id.equals(DataItems.MAXIMUM_CURRENT)) {
            text = three ? "6A" : "60A";
        } else if (id.equals(DataItems.ACTIVE_ACCURACY_CLASS)) {
            text = three ? "1.0" : "2.0";
        } else if (id.equals(DataItems.REACTIVE_ACCURACY_CLASS)) {
            text = "2.0";
        } else if (id.equals(DataItems.METER_MODEL)) {
            text = three ? "DTZY-SIM" : "DDZY-SIM";
        } else if (id.equals(DataItems.PROTOCOL_VERSION)) {
            text = "DL/T645-2007";
        } else if (id.equals(DataItems.ACTIVE_CONSTANT)) {
            return Optional.of(count(three ? 6400 : 1200));
        } else {
            return Optional.empty();
        }
        return Optional.of(new DataValue.Text(text));
    }

    /** 03 01 00 00: per phase A, B, C the number of losses of voltage begun and their minutes so far. */
    private List<DataValue> lossOfVoltage(Instant now) {
        List<DataValue> out = new ArrayList<>(6);
        for (int phase = 0; phase < 3; phase++) {
            long count = 0;
            long minutes = 0;
            for (Window w : windows) {
                if (w.rule().kind() == Scenario.Kind.PHASE_LOSS
                        && w.rule().phase() == phase
                        && !w.from().isAfter(now)) {
                    count++;
                    Instant until = w.to().isAfter(now) ? now : w.to();
                    minutes += Duration.between(w.from(), until).toMinutes();
                }
            }
            out.add(count(count));
            out.add(count(minutes));
        }
        return out;
    }

    /** Supply losses begun by {@code now}, oldest first. */
    private List<Window> powerOffs(Instant now) {
        return windows.stream()
                .filter(w ->
                        w.rule().kind() == Scenario.Kind.POWER_OFF && !w.from().isAfter(now))
                .sorted(java.util.Comparator.comparing(Window::from))
                .toList();
    }

    /**
     * 03 11 00 0n: the n-th last power-off, its start and end by the meter's clock; an end not yet reached, or a
     * record not written, is absent (all zero on the wire).
     */
    private List<DataValue> powerOffRecord(int n, Instant now) {
        List<Window> all = powerOffs(now);
        if (all.size() < n) {
            return List.of(new DataValue.Absent(), new DataValue.Absent());
        }
        Window w = all.get(all.size() - n);
        DataValue start = new DataValue.Timestamp(meterTime(w.from()).withNano(0));
        DataValue end = w.to().isAfter(now)
                ? new DataValue.Absent()
                : new DataValue.Timestamp(meterTime(w.to()).withNano(0));
        return List.of(start, end);
    }

    /** The moment of the n-th last settlement (00:00 on the 1st of a month, by the meter's clock). */
    private Instant settlementInstant(int n, Instant now) {
        LocalDate last = meterTime(now).toLocalDate().withDayOfMonth(1);
        return trueInstant(last.minusMonths(n - 1L).atStartOfDay(), now);
    }

    private static List<DataValue> energy(Registers r, int kind, int tariff) {
        List<BigDecimal> values = switch (kind) {
            case 0 -> r.combinedActive();
            case 1 -> r.forwardActive();
            case 2 -> r.reverseActive();
            case 3 -> r.reactive1();
            default -> r.reactive2();
        };
        List<DataValue> all = decimals(values);
        return tariff == 0xFF ? all : List.of(all.get(tariff));
    }

    private static List<DataValue> decimals(List<BigDecimal> values) {
        List<DataValue> out = new ArrayList<>(values.size());
        for (BigDecimal v : values) {
            out.add(new DataValue.Decimal(v.remainder(ROLLOVER)));
        }
        return out;
    }

    private static DataValue count(long n) {
        return new DataValue.Decimal(BigDecimal.valueOf(n));
    }

    private long coverOpenEvents(Instant now) {
        return windows.stream()
                .filter(w ->
                        w.rule().kind() == Scenario.Kind.COVER_OPEN && !w.from().isAfter(now))
                .count();
    }

    private boolean active(Scenario.Kind kind, Instant t) {
        for (Window w : windows) {
            if (w.rule().kind() == kind && w.activeAt(t)) {
                return true;
            }
        }
        return false;
    }

    private int statusWord(int word, Instant now) {
        boolean reversed = active(Scenario.Kind.REVERSE, now) && relayClosed(now);
        return switch (word) {
            case 1 -> reversed ? 1 << 4 : 0;
            case 2 -> reversed ? (spec.customerClass().threePhase ? 0b111 : 0b001) : 0;
            case 3 -> {
                int bits = 0;
                if (!relayClosed(now)) {
                    bits |= 1 << StatusWord3.RELAY_OPEN;
                }
                if (relayCommandOpen) {
                    bits |= 1 << StatusWord3.RELAY_COMMAND_OPEN;
                }
                if (alarmOn) {
                    bits |= 1 << StatusWord3.PRE_TRIP_ALARM;
                }
                if (spec.feeControl() == FeeControl.LOCAL) {
                    bits |= 0b10 << StatusWord3.METER_TYPE_LOW;
                }
                if (protectedOn) {
                    bits |= 1 << StatusWord3.PROTECTED;
                }
                yield bits;
            }
            case 4, 5, 6 -> {
                int phase = word - 4;
                int bits = 0;
                for (Window w : windows) {
                    if (w.activeAt(now)
                            && w.rule().kind() == Scenario.Kind.PHASE_LOSS
                            && w.rule().phase() == phase) {
                        bits |= 1; // loss of voltage
                    }
                    if (w.activeAt(now) && w.rule().kind() == Scenario.Kind.SAG) {
                        bits |= 1 << 1; // under-voltage
                    }
                }
                yield bits;
            }
            case 7 -> {
                boolean coverRecentlyOpened = windows.stream()
                        .anyMatch(w -> w.rule().kind() == Scenario.Kind.COVER_OPEN
                                && !w.from().isAfter(now)
                                && w.from().isAfter(now.minus(Duration.ofDays(1))));
                yield coverRecentlyOpened ? 1 << 9 : 0;
            }
            default -> 0;
        };
    }

    /** Instantaneous quantities at {@code now}. */
    public synchronized Instantaneous instantaneousAt(Instant now) {
        settle(now);
        CustomerClass c = spec.customerClass();
        long watts = load.wattsAt(now);
        Factors f = factorsAt(now);
        BigDecimal totalW = BigDecimal.valueOf(watts).multiply(f.forward().add(f.reversed()));
        boolean reversed = f.reversed().signum() != 0;
        long minute = now.getEpochSecond() / 60;
        BigDecimal[] volts = new BigDecimal[3];
        BigDecimal sag = BigDecimal.ONE;
        for (Window w : windows) {
            if (w.activeAt(now) && w.rule().kind() == Scenario.Kind.SAG) {
                sag = sag.multiply(w.rule().value());
            }
        }
        for (int p = 0; p < 3; p++) {
            if (p > 0 && !c.threePhase) {
                volts[p] = new BigDecimal("0.0");
                continue;
            }
            long jitter = Long.remainderUnsigned(mix(mix ^ minute * 31 + p), 61) - 30;
            volts[p] = NOMINAL_VOLTS
                    .add(BigDecimal.valueOf(jitter, 1))
                    .multiply(sag)
                    .setScale(1, RoundingMode.HALF_UP);
        }
        for (Window w : windows) {
            if (w.activeAt(now)
                    && w.rule().kind() == Scenario.Kind.PHASE_LOSS
                    && w.rule().phase() < 3) {
                volts[w.rule().phase()] = new BigDecimal("0.3");
            }
        }
        BigDecimal pf = c.powerFactor;
        if (active(Scenario.Kind.HARMONICS, now)) {
            pf = pf.subtract(HARMONIC_PF_DROP);
        }
        int phases = c.threePhase ? 3 : 1;
        BigDecimal[] phaseKw = new BigDecimal[3];
        BigDecimal[] amps = new BigDecimal[3];
        BigDecimal totalKw = BigDecimal.ZERO;
        for (int p = 0; p < 3; p++) {
            boolean live = p < phases && volts[p].compareTo(BigDecimal.TEN) > 0;
            BigDecimal w = live ? totalW.divide(BigDecimal.valueOf(phases), MathContext.DECIMAL64) : BigDecimal.ZERO;
            phaseKw[p] = w.movePointLeft(3).setScale(4, RoundingMode.HALF_UP);
            amps[p] = live && w.signum() > 0
                    ? w.divide(volts[p].multiply(pf), 3, RoundingMode.HALF_UP)
                    : new BigDecimal("0.000");
            totalKw = totalKw.add(phaseKw[p]);
        }
        if (reversed) {
            totalKw = totalKw.negate();
            for (int p = 0; p < 3; p++) {
                phaseKw[p] = phaseKw[p].negate();
            }
        }
        BigDecimal signedPf = reversed ? pf.negate() : pf;
        long freqJitter = Long.remainderUnsigned(mix(mix ^ minute * 17), 11) - 5;
        return new Instantaneous(
                List.of(volts),
                List.of(amps),
                totalKw,
                List.of(phaseKw),
                totalKw.multiply(c.reactiveRatio).setScale(4, RoundingMode.HALF_UP),
                signedPf.setScale(3),
                new BigDecimal("50.00").add(BigDecimal.valueOf(freqJitter, 2)));
    }

    /** Instantaneous values as a meter shows them. */
    public record Instantaneous(
            List<BigDecimal> voltages,
            List<BigDecimal> currents,
            BigDecimal activePower,
            List<BigDecimal> phaseActivePower,
            BigDecimal reactivePower,
            BigDecimal powerFactor,
            BigDecimal frequency) {}

    private Optional<List<DataValue>> instantaneous(DataItem item, Instant now) {
        Instantaneous v = instantaneousAt(now);
        int di2 = item.id().di2();
        int di1 = item.id().di1();
        List<BigDecimal> values = switch (di2) {
            case 0x01 -> v.voltages();
            case 0x02 -> v.currents();
            case 0x03 -> withTotal(v.activePower(), v.phaseActivePower());
            case 0x04 -> withTotal(v.reactivePower(), phaseReactive(v));
            case 0x05 -> {
                List<BigDecimal> q = phaseReactive(v);
                List<BigDecimal> s = new ArrayList<>(3);
                for (int p = 0; p < 3; p++) {
                    s.add(apparent(v.phaseActivePower().get(p), q.get(p)));
                }
                yield withTotal(apparent(v.activePower(), v.reactivePower()), s);
            }
            case 0x06 -> {
                BigDecimal[] pf = new BigDecimal[3];
                for (int p = 0; p < 3; p++) {
                    pf[p] = v.voltages().get(p).compareTo(BigDecimal.TEN) > 0
                            ? v.powerFactor()
                            : new BigDecimal("0.000");
                }
                yield withTotal(v.powerFactor(), List.of(pf));
            }
            case 0x80 -> item.id().equals(DataItems.FREQUENCY) ? List.of(v.frequency()) : List.<BigDecimal>of();
            default -> List.of();
        };
        if (values.isEmpty()) {
            return Optional.empty();
        }
        // Voltages and currents have no total: index 0..2 is phase A..C; the others start with the total.
        int phaseB = di2 == 0x01 || di2 == 0x02 ? 1 : 2;
        List<DataValue> decimals = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            // A single-phase meter has no phases B and C: FF bytes in a block, no data alone.
            boolean absent = di2 != 0x80 && !spec.customerClass().threePhase && i >= phaseB;
            decimals.add(absent ? new DataValue.Absent() : new DataValue.Decimal(values.get(i)));
        }
        if (item.isBlock() || di2 == 0x80) {
            return Optional.of(decimals);
        }
        int index = phaseB == 1 ? di1 - 1 : di1;
        return index >= 0 && index < decimals.size() && !(decimals.get(index) instanceof DataValue.Absent)
                ? Optional.of(List.of(decimals.get(index)))
                : Optional.empty();
    }

    private List<BigDecimal> phaseReactive(Instantaneous v) {
        return v.phaseActivePower().stream()
                .map(p -> p.multiply(spec.customerClass().reactiveRatio).setScale(4, RoundingMode.HALF_UP))
                .toList();
    }

    /** S = sqrt(P^2 + Q^2), XX.XXXX kVA. */
    private static BigDecimal apparent(BigDecimal p, BigDecimal q) {
        return p.multiply(p).add(q.multiply(q)).sqrt(MathContext.DECIMAL64).setScale(4, RoundingMode.HALF_UP);
    }

    private static List<BigDecimal> withTotal(BigDecimal total, List<BigDecimal> phases) {
        List<BigDecimal> out = new ArrayList<>(4);
        out.add(total);
        out.addAll(phases);
        return out;
    }

    // ---------------------------------------------------------------- imperfections

    /** Whether the meter answers its concentrator at {@code t} (not OFFLINE by the scenario, and supplied). */
    public synchronized boolean answersAt(Instant t) {
        return !offlineAt(t);
    }

    synchronized boolean offlineAt(Instant t) {
        return active(Scenario.Kind.OFFLINE, t) || active(Scenario.Kind.POWER_OFF, t);
    }

    /** Whether the meter has supply at {@code t}. */
    public synchronized boolean suppliedAt(Instant t) {
        return !active(Scenario.Kind.POWER_OFF, t);
    }

    /** Whether an imperfection with a rate strikes this reply; draws from the meter's own stream. */
    synchronized boolean strikes(Scenario.Kind kind, Instant t) {
        for (Window w : windows) {
            if (w.rule().kind() == kind && w.activeAt(t)) {
                return random.nextInt(1000) < w.rule().ratePermille();
            }
        }
        return false;
    }

    synchronized Optional<Duration> lateBy(Instant t) {
        for (Window w : windows) {
            if (w.rule().kind() == Scenario.Kind.LATE
                    && w.activeAt(t)
                    && random.nextInt(1000) < w.rule().ratePermille()) {
                return Optional.of(w.rule().delay());
            }
        }
        return Optional.empty();
    }

    private static long mix(long z) {
        return MeterLoad.mix(z);
    }

    @Override
    public String toString() {
        return "VirtualMeter[" + spec + "]";
    }
}
