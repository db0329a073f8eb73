package io.gridhall.simulator;

import io.gridhall.dlt645.ControlSecurity;
import io.gridhall.dlt645.DecodeException;
import io.gridhall.dlt645.ErrorFlag;
import io.gridhall.dlt645.Frame;
import io.gridhall.dlt645.FrameScanner;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A concentrator or DTU: dials the head-end, registers with {@link DtuProtocol}, sends heartbeats
 * and answers DL/T 645 frames for the meters behind it. One virtual thread reads the connection;
 * blocking I/O on virtual threads keeps thousands of meters cheap on two cores, since a meter costs
 * nothing until it is asked something.
 */
public final class VirtualConcentrator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VirtualConcentrator.class.getName());
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final Duration SUPPLY_CHECK = Duration.ofMillis(250);

    private final String id;
    private final Map<MeterAddress, VirtualMeter> meters = new LinkedHashMap<>();
    private final SimulatorConfig config;
    private final Object writeLock = new Object();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Scenario.Rule> scripted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile Socket socket;
    private Thread thread;

    VirtualConcentrator(String id, List<VirtualMeter> meters, SimulatorConfig config) {
        this.id = id;
        for (VirtualMeter m : meters) {
            this.meters.put(m.address(), m);
        }
        this.config = config;
    }

    public String id() {
        return id;
    }

    public Collection<VirtualMeter> meters() {
        return meters.values();
    }

    /** How many times the concentrator has connected and registered. */
    public int connections() {
        return connections.get();
    }

    public boolean isConnected() {
        Socket s = socket;
        return s != null && s.isConnected() && !s.isClosed();
    }

    synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofVirtual().name("dtu-" + id).start(this::run);
        }
    }

    /**
     * Whether the concentrator has lost supply at {@code t} (a {@code concentrator <id> power-off} directive): it
     * then drops its connection, as its modem dies, and dials again once supply is back.
     */
    public boolean unpoweredAt(Instant t) {
        LocalDateTime local = LocalDateTime.ofInstant(t, config.zone());
        for (Scenario.Rule rule : config.scenario().rules()) {
            if (rule.kind() == Scenario.Kind.POWER_OFF && rule.concerns(id) && rule.activeAt(local)) {
                return true;
            }
        }
        for (Scenario.Rule rule : scripted) {
            if (rule.kind() == Scenario.Kind.POWER_OFF && rule.activeAt(local)) {
                return true;
            }
        }
        return false;
    }

    /** A directive about this concentrator added while the simulation runs ({@link Simulator#script}). */
    void add(Scenario.Rule rule) {
        scripted.add(rule);
    }

    private void run() {
        Duration backoff = config.reconnectInitialDelay();
        while (running) {
            if (unpoweredAt(config.clock().instant())) {
                try {
                    Thread.sleep(SUPPLY_CHECK);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            try (Socket s = new Socket()) {
                s.connect(config.headEnd(), CONNECT_TIMEOUT_MILLIS);
                s.setTcpNoDelay(true);
                socket = s;
                OutputStream out = s.getOutputStream();
                write(
                        out,
                        DtuProtocol.registration(
                                id, config.registrationSecrets().get(id)));
                connections.incrementAndGet();
                backoff = config.reconnectInitialDelay();
                Thread heartbeat = Thread.ofVirtual().name("dtu-hb-" + id).start(() -> heartbeat(out));
                Thread supply = Thread.ofVirtual().name("dtu-supply-" + id).start(() -> watchSupply(s));
                try {
                    serve(s.getInputStream(), out);
                } finally {
                    heartbeat.interrupt();
                    supply.interrupt();
                }
            } catch (IOException e) {
                if (running) {
                    LOG.log(Level.FINE, "concentrator " + id + " lost the head-end: " + e.getMessage());
                }
            } finally {
                socket = null;
            }
            if (!running) {
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(config.reconnectMaxDelay()) > 0) {
                backoff = config.reconnectMaxDelay();
            }
        }
    }

    /** Drops the connection the moment supply goes: a dead modem says goodbye to no one. */
    private void watchSupply(Socket s) {
        try {
            while (running && !s.isClosed()) {
                if (unpoweredAt(config.clock().instant())) {
                    LOG.log(Level.FINE, "concentrator " + id + " lost supply");
                    s.close();
                    return;
                }
                Thread.sleep(SUPPLY_CHECK);
            }
        } catch (InterruptedException | IOException stop) {
            // The connection ended anyway.
        }
    }

    private void heartbeat(OutputStream out) {
        try {
            while (running) {
                Thread.sleep(config.heartbeatInterval());
                write(out, DtuProtocol.HEARTBEAT_BYTES);
            }
        } catch (InterruptedException | IOException stop) {
            // The connection ended; the read loop reconnects.
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        FrameScanner scanner = new FrameScanner();
        byte[] buffer = new byte[4096];
        int n;
        while (running && (n = in.read(buffer)) > 0) {
            for (Frame frame : scanner.feed(buffer, 0, n).frames()) {
                dispatch(frame, out);
            }
        }
    }

    private void dispatch(Frame frame, OutputStream out) throws IOException {
        if (frame.control().reply()) {
            return;
        }
        Instant now = config.clock().instant();
        if (unpoweredAt(now)) {
            return;
        }
        Request request;
        try {
            request = Request.parse(frame, ControlSecurity.PLAIN);
        } catch (DecodeException e) {
            VirtualMeter meter = meters.get(frame.address());
            if (meter != null && !meter.offlineAt(now)) {
                send(
                        out,
                        meter,
                        Reply.Abnormal.of(meter.address(), frame.control().function(), Set.of(ErrorFlag.OTHER_ERROR)),
                        now);
            }
            return;
        }
        for (VirtualMeter meter : targets(request)) {
            if (meter.offlineAt(now)) {
                continue;
            }
            Optional<Reply> reply = meter.handle(request, now);
            if (reply.isPresent()) {
                send(out, meter, reply.get(), now);
            }
        }
    }

    private List<VirtualMeter> targets(Request request) {
        MeterAddress to = request.address();
        if (to.isBroadcast()) {
            // Meters act on broadcast time sync and freeze only, and never answer them.
            return request instanceof Request.TimeSync || request instanceof Request.Freeze
                    ? List.copyOf(meters.values())
                    : List.of();
        }
        if (to.isWildcard()) {
            List<VirtualMeter> reached = new ArrayList<>();
            for (VirtualMeter m : meters.values()) {
                if (to.reaches(m.address())) {
                    reached.add(m);
                }
            }
            return reached;
        }
        VirtualMeter meter = meters.get(to);
        return meter == null ? List.of() : List.of(meter);
    }

    private void send(OutputStream out, VirtualMeter meter, Reply reply, Instant now) throws IOException {
        // The meter has acted on the request by now; what follows only spoils the delivery.
        if (meter.strikes(Scenario.Kind.NO_REPLY, now)) {
            return;
        }
        byte[] bytes = reply.toFrame().encode(config.preamble());
        if (meter.strikes(Scenario.Kind.CORRUPT, now)) {
            bytes[bytes.length - 2] ^= 0x01;
        }
        int copies = meter.strikes(Scenario.Kind.DUPLICATE, now) ? 2 : 1;
        Optional<Duration> late = meter.lateBy(now);
        if (late.isEmpty()) {
            for (int i = 0; i < copies; i++) {
                write(out, bytes);
            }
            return;
        }
        Thread.ofVirtual().name("late-" + meter.address()).start(() -> {
            try {
                Thread.sleep(late.get());
                for (int i = 0; i < copies; i++) {
                    write(out, bytes);
                }
            } catch (InterruptedException | IOException lost) {
                // A late reply on a closed connection is lost, as it would be in the field.
            }
        });
    }

    private void write(OutputStream out, byte[] bytes) throws IOException {
        synchronized (writeLock) {
            out.write(bytes);
            out.flush();
        }
    }

    @Override
    public void close() {
        running = false;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
