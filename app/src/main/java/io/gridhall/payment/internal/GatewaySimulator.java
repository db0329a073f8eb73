package io.gridhall.payment.internal;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.shared.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a gateway does on its side, without the network (demo and tests only): it keeps the trades our adapter opens,
 * lets the "customer" pay or leave at a cashier, sends signed notifications late, out of order and repeatedly on the
 * gateway's own retry schedule (compressed by {@code speedUp}) until one is acknowledged (and sometimes again after),
 * leaves some queries and closes unanswered, and writes a daily trade bill in the gateway's shape. The wire shape
 * (what is signed and how) is the subclass's.
 */
abstract class GatewaySimulator implements GatewayTransport, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewaySimulator.class);
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    enum SimState {
        NOT_PAID,
        PAID,
        CLOSED
    }

    /** A trade as the gateway keeps it. */
    static final class SimTrade {
        final String orderNumber;
        final long amount;
        final String description;
        final Instant createdAt;
        final Instant expiresAt;
        final String codeUrl;
        volatile SimState state = SimState.NOT_PAID;
        volatile String transactionId;
        volatile Instant paidAt;
        /** What the bill says was paid, when a test scripts a gateway's error; else the amount. */
        volatile Long billedAmount;
        /** How often the bill lists the trade (a test scripts a gateway's duplicate line). */
        volatile int billCopies = 1;
        /** What was refunded of it so far, in fen. */
        long refunded;

        long billed() {
            Long b = billedAmount;
            return b == null ? amount : b;
        }

        SimTrade(
                String orderNumber,
                long amount,
                String description,
                Instant createdAt,
                Instant expiresAt,
                String codeUrl) {
            this.orderNumber = orderNumber;
            this.amount = amount;
            this.description = description;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
            this.codeUrl = codeUrl;
        }
    }

    /** A refund as the gateway keeps it (by our refund number): it pays back part of a paid trade. */
    record SimRefund(String refundNumber, String orderNumber, String refundId, long amount, Instant at) {}

    /** Why a refund was not taken. */
    enum RefundRefusal {
        NO_TRADE,
        NOT_PAID,
        MORE_THAN_PAID,
        /** Paid longer ago than the gateway takes refunds of ({@link RefundingThroughGateways#REFUND_WINDOW}). */
        TOO_OLD
    }

    /** A refund taken ({@code refund} set) or refused ({@code refusal} set). */
    record RefundAnswer(SimRefund refund, RefundRefusal refusal) {}

    /** What the cashier page shows. */
    record Cashier(
            Gateway gateway,
            String orderNumber,
            Money amount,
            String description,
            String codeUrl,
            SimState state,
            Instant expiresAt) {}

    /** One signed notification as it goes on the wire. */
    record Delivery(Map<String, String> headers, byte[] body) {}

    /** Where notifications go: our endpoint's handling, as the controller calls it. */
    interface Receiver {
        PaymentOrders.Answer receive(Gateway gateway, Map<String, String> headers, byte[] body);
    }

    protected final Clock clock;
    protected final Random dice;
    private final GatewaySettings.Simulator settings;
    private final Receiver receiver;
    private final Map<String, SimTrade> trades = new ConcurrentHashMap<>();
    private final Map<String, SimRefund> refunds = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService timer;
    private volatile int timeoutPercent;
    private final Map<String, Integer> refundsAsked = new ConcurrentHashMap<>();
    private volatile java.util.function.BooleanSupplier beforeRefund;

    GatewaySimulator(Clock clock, GatewaySettings.Simulator settings, Receiver receiver) {
        this.clock = clock;
        this.settings = settings;
        this.receiver = receiver;
        this.dice = settings.seed() == null ? new Random() : new Random(settings.seed());
        this.timeoutPercent = settings.queryTimeoutPercent();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulated-" + gateway().name().toLowerCase(java.util.Locale.ROOT) + "-notify");
            t.setDaemon(true);
            return t;
        });
    }

    abstract Gateway gateway();

    /** The gateway's retry schedule after an unacknowledged notification (real time; about 25 hours in all). */
    abstract List<Duration> retries();

    /** A freshly signed notification that the trade was paid. */
    abstract Delivery notification(SimTrade trade);

    abstract boolean acknowledged(PaymentOrders.Answer answer);

    abstract String newTransactionId();

    /**
     * The day's trade bill (the trades paid and the refunds made that day in Beijing time), in the gateway's own shape
     * and encoding.
     */
    abstract byte[] billFile(LocalDate day);

    // ---- the trade book ----

    SimTrade open(String orderNumber, long amount, String description, Instant expiresAt, String codeUrl) {
        return trades.computeIfAbsent(
                orderNumber, n -> new SimTrade(n, amount, description, clock.instant(), expiresAt, codeUrl));
    }

    Optional<SimTrade> trade(String orderNumber) {
        return Optional.ofNullable(trades.get(orderNumber));
    }

    /** Closes an unpaid trade; false when it was paid. */
    synchronized boolean closeTrade(SimTrade t) {
        if (t.state == SimState.PAID) return false;
        t.state = SimState.CLOSED;
        return true;
    }

    List<SimTrade> paidOn(LocalDate day) {
        List<SimTrade> out = new ArrayList<>();
        for (SimTrade t : trades.values())
            if (t.state == SimState.PAID
                    && LocalDate.ofInstant(t.paidAt, BEIJING).equals(day)) out.add(t);
        out.sort(Comparator.comparing((SimTrade t) -> t.paidAt).thenComparing(t -> t.orderNumber));
        return out;
    }

    /** The lines of the day's bill: each paid trade as often as the bill lists it. */
    List<SimTrade> billedOn(LocalDate day) {
        List<SimTrade> out = new ArrayList<>();
        for (SimTrade t : paidOn(day)) for (int i = 0; i < t.billCopies; i++) out.add(t);
        return out;
    }

    /**
     * Refunds part of a paid trade, once per refund number (the same number again answers the same refund, whatever
     * its amount now); refused when the trade was not paid, was paid longer ago than refunds are taken, or more than
     * was paid would be refunded in all.
     */
    synchronized RefundAnswer refundTrade(String orderNumber, String refundNumber, long amount) {
        refundsAsked.merge(refundNumber, 1, Integer::sum);
        SimRefund earlier = refunds.get(refundNumber);
        if (earlier != null) return new RefundAnswer(earlier, null);
        SimTrade t = trades.get(orderNumber);
        if (t == null) return new RefundAnswer(null, RefundRefusal.NO_TRADE);
        if (t.state != SimState.PAID) return new RefundAnswer(null, RefundRefusal.NOT_PAID);
        if (t.paidAt != null
                && t.paidAt.plus(RefundingThroughGateways.REFUND_WINDOW).isBefore(clock.instant()))
            return new RefundAnswer(null, RefundRefusal.TOO_OLD);
        // partial refunds, each under its own number, up to what is left of the trade
        if (amount <= 0 || t.refunded + amount > t.amount) return new RefundAnswer(null, RefundRefusal.MORE_THAN_PAID);
        t.refunded += amount;
        SimRefund r = new SimRefund(refundNumber, orderNumber, newRefundId(), amount, clock.instant());
        refunds.put(refundNumber, r);
        return new RefundAnswer(r, null);
    }

    /** The trade the gateway's own transaction id names. */
    Optional<SimTrade> tradeOfTransaction(String transactionId) {
        return trades.values().stream()
                .filter(t -> transactionId.equals(t.transactionId))
                .findFirst();
    }

    /** A refund as the day's bill lists it: the refund with the trade it paid back. */
    record BilledRefund(SimRefund refund, SimTrade trade) {}

    /** The refunds made on a day (Beijing time), as the day's bill lists them. */
    List<BilledRefund> refundedOn(LocalDate day) {
        List<BilledRefund> out = new ArrayList<>();
        for (SimRefund r : refunds.values())
            if (LocalDate.ofInstant(r.at(), BEIJING).equals(day))
                out.add(new BilledRefund(r, trades.get(r.orderNumber())));
        out.sort(Comparator.comparing((BilledRefund b) -> b.refund().at())
                .thenComparing(b -> b.refund().refundNumber()));
        return out;
    }

    Optional<SimRefund> refund(String refundNumber) {
        return Optional.ofNullable(refunds.get(refundNumber));
    }

    /** The gateway's own id of a refund. */
    String newRefundId() {
        return "50" + DateTimeFormatter.BASIC_ISO_DATE.format(clock.instant().atZone(BEIJING))
                + String.format("%016d", nextSequence() * 7907 % 10_000_000_000_000_000L);
    }

    /**
     * A refund that goes unanswered: half of them are lost before the gateway acts, half after it acted (the caller
     * must ask to know which).
     *
     * @throws GatewayTimeout before or after {@code act} ran
     */
    <T> T refundAnswered(java.util.function.Supplier<T> act) {
        java.util.function.BooleanSupplier before = beforeRefund;
        if (before != null && !before.getAsBoolean())
            throw new GatewayTimeout("simulated " + gateway() + " never received the refund");
        if (!timesOut()) return act.get();
        boolean after;
        synchronized (dice) {
            after = dice.nextBoolean();
        }
        if (after) act.get();
        throw new GatewayTimeout("simulated " + gateway() + " did not answer the refund in time");
    }

    /** How many refund requests under this number reached the gateway (each is the same refund). */
    int refundsAsked(String refundNumber) {
        return refundsAsked.getOrDefault(refundNumber, 0);
    }

    /**
     * Runs before each refund request reaches the gateway, on the caller's thread (it may wait there: a slow network);
     * when it answers false the request is lost on the way, as a dying node's, and the caller hears nothing. Null: none.
     */
    void beforeRefund(java.util.function.BooleanSupplier hook) {
        this.beforeRefund = hook;
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    /** Whether this query or close goes unanswered (the dice), as {@code queryTimeoutPercent} says. */
    boolean timesOut() {
        int p = timeoutPercent;
        if (p <= 0) return false;
        synchronized (dice) {
            return dice.nextInt(100) < p;
        }
    }

    void timeoutPercent(int percent) {
        this.timeoutPercent = percent;
    }

    // ---- the cashier ----

    Optional<Cashier> cashier(String orderNumber) {
        return trade(orderNumber)
                .map(t -> new Cashier(
                        gateway(), t.orderNumber, Money.fen(t.amount), t.description, t.codeUrl, t.state, t.expiresAt));
    }

    /** The customer confirms the payment: the trade is paid and the notifications start. False if it cannot be. */
    boolean pay(String orderNumber) {
        SimTrade t = trades.get(orderNumber);
        if (t == null) return false;
        synchronized (this) {
            if (t.state != SimState.NOT_PAID || clock.instant().isAfter(t.expiresAt)) return false;
            t.transactionId = newTransactionId();
            t.paidAt = clock.instant();
            t.state = SimState.PAID;
        }
        log.info("Simulated {} cashier: order {} paid", gateway(), orderNumber);
        if (settings.sendNotifications()) schedule(t, 0, randomDelay(Duration.ofSeconds(10)), false);
        return true;
    }

    /**
     * The trade was paid at {@code at}, whatever the time now (tests of a past day's bill): no notification is sent.
     * False if it cannot be.
     */
    synchronized boolean paidAt(String orderNumber, Instant at) {
        SimTrade t = trades.get(orderNumber);
        if (t == null || t.state != SimState.NOT_PAID) return false;
        t.transactionId = newTransactionId();
        t.paidAt = at;
        t.state = SimState.PAID;
        return true;
    }

    /** The refund was made at {@code at}, whatever the time now (tests of a past day's bill). False if unknown. */
    synchronized boolean refundedAt(String refundNumber, Instant at) {
        SimRefund r = refunds.get(refundNumber);
        if (r == null) return false;
        refunds.put(refundNumber, new SimRefund(r.refundNumber(), r.orderNumber(), r.refundId(), r.amount(), at));
        return true;
    }

    /** The customer leaves the cashier without paying: the trade stays open until it expires or is closed. */
    boolean cancel(String orderNumber) {
        SimTrade t = trades.get(orderNumber);
        return t != null && t.state == SimState.NOT_PAID;
    }

    // ---- notifications ----

    private void schedule(SimTrade t, int attempt, Duration delay, boolean duplicate) {
        long millis = Math.max(0, delay.toMillis() / Math.max(1, settings.speedUp()));
        timer.schedule(() -> send(t, attempt, duplicate), millis, TimeUnit.MILLISECONDS);
    }

    private void send(SimTrade t, int attempt, boolean duplicate) {
        boolean ok;
        try {
            Delivery d = notification(t);
            ok = acknowledged(receiver.receive(gateway(), lowerCase(d.headers()), d.body()));
        } catch (RuntimeException e) {
            log.warn("Simulated {} could not deliver a notification: {}", gateway(), e.toString());
            ok = false;
        }
        if (duplicate) return;
        List<Duration> retries = retries();
        if (!ok && attempt < retries.size()) schedule(t, attempt + 1, retries.get(attempt), false);
        if (ok && rolls(settings.duplicatePercent())) {
            // real gateways do send a notification again after it was taken, now and then: once soon, once late
            schedule(t, attempt, randomDelay(Duration.ofMinutes(1)), true);
            schedule(t, attempt, randomDelay(Duration.ofHours(25)), true);
        }
    }

    private boolean rolls(int percent) {
        synchronized (dice) {
            return percent > 0 && dice.nextInt(100) < percent;
        }
    }

    private Duration randomDelay(Duration max) {
        synchronized (dice) {
            return Duration.ofMillis(dice.nextLong(Math.max(1, max.toMillis())));
        }
    }

    static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> out = new java.util.HashMap<>();
        headers.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
