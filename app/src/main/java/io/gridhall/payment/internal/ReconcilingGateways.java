package io.gridhall.payment.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.Permission;
import io.gridhall.payment.Gateway;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The morning reconciliation (ADR 0018): per gateway and Beijing day a run fetches the gateway's trade bill through
 * its download API (outside any transaction, under a lease on the run), stores the file and its lines, and matches
 * them three ways ({@link BillMatching}) against our credits and the ledger. What does not match is listed once per
 * run, kind and transaction, for a person to resolve; nothing is corrected by itself. A gateway that gives no bill
 * leaves the run OPEN to be asked again.
 */
@Service
public class ReconcilingGateways {

    private static final Logger log = LoggerFactory.getLogger(ReconcilingGateways.class);
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    public enum RunState {
        OPEN,
        DONE
    }

    public enum Resolution {
        /** MISSING_AT_US: the payment is credited from the bill, under the transaction's key (once, ever). */
        CREDITED,
        /** MISSING_AT_US: the gateway gave the money back (or will); nothing is posted. */
        REFUNDED_AT_GATEWAY,
        /** Any other: looked at and accepted, with a note saying why. */
        ACCEPTED
    }

    public record RunView(
            long runId,
            Gateway gateway,
            LocalDate day,
            RunState state,
            int attempts,
            String lastError,
            Instant fetchedAt,
            Instant completedAt,
            Instant nextAttemptAt,
            Integer matched,
            Integer gatewayLines,
            Money gatewaySum,
            Integer ourCount,
            Money ourSum,
            Money ledgerSum,
            /** The run's discrepancies open and resolved that the viewer sees (all, for the scheduler). */
            int open,
            int resolved,
            /**
             * Whether the counts and sums above are of the viewer's branches (staff of some branches: the bill's lines
             * and our credits of accounts of their branches; none for a run stored before lines were placed), not the
             * whole bill's.
             */
            boolean ofBranches) {

        /** Whether the bill's sum, ours and the ledger's agree. */
        public boolean sumsAgree() {
            return gatewaySum != null && gatewaySum.equals(ourSum) && ourSum.equals(ledgerSum);
        }
    }

    public record DiscrepancyView(
            long discrepancyId,
            long runId,
            Gateway gateway,
            LocalDate day,
            BillMatching.Kind kind,
            String transactionId,
            String orderNumber,
            String ourOrderNumber,
            Money gatewayAmount,
            Money ourAmount,
            Money ledgerAmount,
            Instant completedAt,
            String refundNumber,
            boolean open,
            Resolution resolution,
            String note,
            String resolvedBy,
            Instant resolvedAt,
            Long postingId)
            implements ResolvingDiscrepancies.Discrepancy<Resolution> {}

    /**
     * A line of a run's bill as the gateway wrote it (a refund's amount negative, with our refund number), and whether
     * its transaction matched one to one.
     */
    public record BillLineView(
            long runId,
            int lineNo,
            String transactionId,
            String orderNumber,
            String refundNumber,
            Money amount,
            Instant completedAt,
            boolean matched) {}

    private final JdbcClient jdbc;
    private final TakingGatewayPayments payments;
    private final Map<Gateway, GatewayBills> bills = new EnumMap<>(Gateway.class);
    private final ReconciliationSettings settings;
    private final Audit audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ResolvingDiscrepancies resolving;
    private final Discrepancies source = new Discrepancies();

    ReconcilingGateways(
            JdbcClient jdbc,
            TakingGatewayPayments payments,
            List<GatewayBills> bills,
            ReconciliationSettings settings,
            Audit audit,
            Clock clock,
            PlatformTransactionManager transactions,
            ResolvingDiscrepancies resolving) {
        this.jdbc = jdbc;
        this.resolving = resolving;
        this.payments = payments;
        bills.forEach(b -> this.bills.put(b.gateway(), b));
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    public List<Gateway> gateways() {
        return List.copyOf(bills.keySet());
    }

    // ---- runs ----

    /** The morning's work: a run per gateway for the day. */
    void reconcileAll(LocalDate day) {
        for (Gateway g : bills.keySet()) {
            try {
                reconcile(g, day);
            } catch (RuntimeException e) {
                log.warn("Reconciling {} of {} failed; it is asked again later", g, day, e);
            }
        }
    }

    /** Runs that are due again (the gateway gave no bill before); answers how many were tried. */
    int retryDue() {
        Instant now = clock.instant();
        List<Object[]> due = jdbc.sql("""
                        select gateway, day from payment.reconciliation_run
                        where state = 'OPEN' and next_attempt_at <= :now and (lease_until is null or lease_until < :now)
                        order by next_attempt_at limit 50""")
                .param("now", utc(now))
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getObject(2, LocalDate.class)})
                .list();
        for (Object[] d : due) {
            Gateway g = Gateway.valueOf((String) d[0]);
            if (bills.containsKey(g)) reconcile(g, (LocalDate) d[1]);
        }
        return due.size();
    }

    /** A person asks for a day's run of a gateway (again): staff with PAYMENT_APPROVE. Audited. */
    public RunView reconcile(Actor actor, Gateway gateway, LocalDate day) {
        actor.require(Permission.PAYMENT_APPROVE);
        if (!bills.containsKey(gateway)) throw Problem.badRequest("gateway-unavailable", gateway);
        if (!day.isBefore(LocalDate.ofInstant(clock.instant(), BEIJING)))
            throw Problem.badRequest("reconciliation-day", day);
        RunView r = reconcile(gateway, day);
        r = run(gateway, day, ResolvingDiscrepancies.scope(actor)).orElse(r);
        audit.record(
                actor,
                "payment.reconciliation.run",
                "reconciliation-run",
                String.valueOf(r.runId()),
                Map.of(
                        "gateway",
                        gateway.name(),
                        "day",
                        day.toString(),
                        "state",
                        r.state().name()));
        return r;
    }

    /**
     * Reconciles one gateway's day: claims the run (creating it), fetches the bill outside any transaction, then
     * stores and matches it in one. Another node's claim in force answers the run as it stands.
     */
    RunView reconcile(Gateway gateway, LocalDate day) {
        GatewayBills source = bills.get(gateway);
        if (source == null) throw new IllegalArgumentException("no bills for " + gateway);
        Instant now = clock.instant();
        Integer attempt = tx.execute(s -> {
            jdbc.sql("""
                            insert into payment.reconciliation_run (gateway, day, state, created_at, next_attempt_at)
                            values (:g, :day, 'OPEN', :now, :now) on conflict (gateway, day) do nothing""")
                    .param("g", gateway.name())
                    .param("day", day)
                    .param("now", utc(now))
                    .update();
            return jdbc.sql("""
                            update payment.reconciliation_run set attempts = attempts + 1, lease_until = :lease
                            where gateway = :g and day = :day and (lease_until is null or lease_until < :now)
                            returning attempts""")
                    .param("g", gateway.name())
                    .param("day", day)
                    .param("now", utc(now))
                    .param("lease", utc(now.plus(settings.lease())))
                    .query(Integer.class)
                    .optional()
                    .orElse(null);
        });
        if (attempt == null) return run(gateway, day, null).orElseThrow(); // another node works it now
        byte[] file;
        List<GatewayBills.BillLine> lines;
        try {
            file = source.download(day);
            lines = source.read(file);
        } catch (GatewayTimeout | IllegalArgumentException e) {
            String error = (e instanceof GatewayTimeout ? "no bill: " : "refused the bill: ") + e.getMessage();
            log.warn("Reconciling {} of {}: {}; asking again in {}", gateway, day, error, settings.retryInterval());
            tx.executeWithoutResult(s -> jdbc.sql("""
                            update payment.reconciliation_run
                            set lease_until = null, last_error = left(:error, 500), next_attempt_at = :next
                            where gateway = :g and day = :day and attempts = :attempt""")
                    .param("error", error)
                    .param("next", utc(clock.instant().plus(settings.retryInterval())))
                    .param("g", gateway.name())
                    .param("day", day)
                    .param("attempt", attempt)
                    .update());
            return run(gateway, day, null).orElseThrow();
        }
        tx.executeWithoutResult(s -> store(gateway, day, attempt, file, lines));
        return run(gateway, day, null).orElseThrow();
    }

    private void store(Gateway gateway, LocalDate day, int attempt, byte[] file, List<GatewayBills.BillLine> lines) {
        Long runId = jdbc.sql("""
                        select run_id from payment.reconciliation_run
                        where gateway = :g and day = :day and attempts = :attempt for update""")
                .param("g", gateway.name())
                .param("day", day)
                .param("attempt", attempt)
                .query(Long.class)
                .optional()
                .orElse(null);
        if (runId == null) {
            log.warn("Reconciling {} of {}: the lease ran out and another node took the run over", gateway, day);
            return;
        }
        Instant now = clock.instant();
        List<BillMatching.Ours> ours = ours(gateway, day, lines);
        BillMatching.Result result = BillMatching.match(lines, ours);
        // each line and each of ours placed in the branches of the accounts of the orders of its transaction (the
        // bill's and ours, as its discrepancies are), so that staff of some branches see theirs
        Map<BillMatching.Key, Set<String>> orders = new HashMap<>();
        lines.forEach(l -> orders.computeIfAbsent(BillMatching.Key.of(l), k -> new HashSet<>())
                .add(l.orderNumber()));
        ours.forEach(o -> orders.computeIfAbsent(BillMatching.Key.of(o), k -> new HashSet<>())
                .add(o.orderNumber()));
        Map<String, Set<Long>> ofOrder = accountsOfOrders(
                orders.values().stream().flatMap(Set::stream).collect(java.util.stream.Collectors.toSet()));
        java.util.function.Function<BillMatching.Key, Set<Long>> accountsOf = key -> {
            Set<Long> accounts = new HashSet<>();
            orders.get(key).forEach(o -> accounts.addAll(ofOrder.getOrDefault(o, Set.of())));
            return accounts;
        };
        Set<BillMatching.Key> matched = new HashSet<>();
        for (BillMatching.Finding f : result.findings())
            if (f.kind() == BillMatching.Kind.MATCHED) matched.add(BillMatching.Key.of(f));
        List<Set<Long>> accounts = new java.util.ArrayList<>(lines.size() + ours.size());
        lines.forEach(l -> accounts.add(accountsOf.apply(BillMatching.Key.of(l))));
        ours.forEach(o -> accounts.add(accountsOf.apply(BillMatching.Key.of(o))));
        String[] placed = resolving.placements(accounts, true); // the lines', then ours
        jdbc.sql("delete from payment.reconciliation_bill_line where run_id = :r")
                .param("r", runId)
                .update();
        jdbc.sql("delete from payment.reconciliation_run_figures where run_id = :r")
                .param("r", runId)
                .update();
        if (!lines.isEmpty()) {
            int n = lines.size();
            Long[] no = new Long[n];
            String[] txn = new String[n];
            String[] order = new String[n];
            String[] refund = new String[n];
            Long[] amount = new Long[n];
            Long[] at = new Long[n];
            Boolean[] isMatched = new Boolean[n];
            for (int i = 0; i < n; i++) {
                GatewayBills.BillLine l = lines.get(i);
                no[i] = (long) i + 1;
                txn[i] = l.transactionId();
                order[i] = l.orderNumber();
                refund[i] = l.refundNumber();
                amount[i] = l.amount().fen();
                at[i] = l.completedAt().toEpochMilli();
                isMatched[i] = matched.contains(BillMatching.Key.of(l));
            }
            String[] branches = java.util.Arrays.copyOf(placed, n);
            jdbc.sql("""
                            insert into payment.reconciliation_bill_line (run_id, line_no, transaction_id,
                                order_number, amount, completed_at, refund_number, matched, branch_ids)
                            select :r, no, txn, ord, amount, to_timestamp(at / 1000.0), refund, matched,
                                cast(branches as bigint[])
                            from unnest(:no, :txn, :order, :amount, :at, :refund, :matched, :branches)
                                as t(no, txn, ord, amount, at, refund, matched, branches)""")
                    .param("r", runId)
                    .param("no", no)
                    .param("txn", txn)
                    .param("order", order)
                    .param("amount", amount)
                    .param("at", at)
                    .param("refund", refund)
                    .param("matched", isMatched)
                    .param("branches", branches)
                    .update();
        }
        // the run's figures by placement: [lines, matched, bill's sum, our count, our sum, ledger's sum]
        Map<String, long[]> figures = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            long[] f = figures.computeIfAbsent(placed[i], k -> new long[6]);
            f[0]++;
            if (matched.contains(BillMatching.Key.of(lines.get(i)))) f[1]++;
            f[2] = Math.addExact(f[2], lines.get(i).amount().fen());
        }
        for (int i = 0; i < ours.size(); i++) {
            BillMatching.Ours o = ours.get(i);
            long[] f = figures.computeIfAbsent(placed[lines.size() + i], k -> new long[6]);
            f[3]++;
            f[4] = Math.addExact(f[4], o.amount().fen());
            if (o.ledger() != null) f[5] = Math.addExact(f[5], o.ledger().fen());
        }
        if (!figures.isEmpty()) {
            String[] placement = figures.keySet().toArray(String[]::new);
            Long[][] columns = new Long[6][placement.length];
            for (int i = 0; i < placement.length; i++)
                for (int c = 0; c < 6; c++) columns[c][i] = figures.get(placement[i])[c];
            jdbc.sql("""
                            insert into payment.reconciliation_run_figures (run_id, branch_ids, lines, matched,
                                gateway_sum, our_count, our_sum, ledger_sum)
                            select :r, cast(branches as bigint[]), lines, matched, gsum, ours, osum, lsum
                            from unnest(:branches, :lines, :matched, :gsum, :ours, :osum, :lsum)
                                as t(branches, lines, matched, gsum, ours, osum, lsum)""")
                    .param("r", runId)
                    .param("branches", placement)
                    .param("lines", columns[0])
                    .param("matched", columns[1])
                    .param("gsum", columns[2])
                    .param("ours", columns[3])
                    .param("osum", columns[4])
                    .param("lsum", columns[5])
                    .update();
        }
        for (BillMatching.Finding f : result.discrepancies())
            jdbc.sql("""
                            insert into payment.reconciliation_discrepancy
                                (run_id, kind, transaction_id, order_number, our_order_number, gateway_amount,
                                 our_amount, ledger_amount, completed_at, found_at, state, refund_number)
                            values (:r, :kind, :txn, :order, :ours, :ga, :oa, :la, :at, :now, 'OPEN', :refund)
                            on conflict (run_id, kind, transaction_id, (coalesce(refund_number, ''))) do nothing""")
                    .param("r", runId)
                    .param("kind", f.kind().name())
                    .param("txn", f.transactionId())
                    .param("order", f.orderNumber())
                    .param("ours", f.ourOrderNumber())
                    .param("ga", fen(f.gatewayAmount()))
                    .param("oa", fen(f.ourAmount()))
                    .param("la", fen(f.ledgerAmount()))
                    .param("at", utc(f.completedAt()))
                    .param("now", utc(now))
                    .param("refund", f.refundNumber())
                    .update();
        resolving.place(source);
        jdbc.sql("""
                        update payment.reconciliation_run set state = 'DONE', lease_until = null, last_error = null,
                            next_attempt_at = null, fetched_at = :now, completed_at = :now, bill_file = :file,
                            bill_sha256 = :sha, matched = :matched, gateway_lines = :lines, gateway_sum = :gsum,
                            our_count = :ours, our_sum = :osum, ledger_sum = :lsum, by_branch = true
                        where run_id = :r""")
                .param("now", utc(now))
                .param("file", file)
                .param("sha", sha256(file))
                .param("matched", (int) result.matched())
                .param("lines", lines.size())
                .param("gsum", result.gatewaySum().fen())
                .param("ours", ours.size())
                .param("osum", result.ourSum().fen())
                .param("lsum", result.ledgerSum().fen())
                .param("r", runId)
                .update();
        log.info(
                "Reconciled {} of {}: {} lines, {} matched, {} discrepancies; sums {} (gateway) {} (ours) {} (ledger)",
                gateway,
                day,
                lines.size(),
                result.matched(),
                result.discrepancies().size(),
                result.gatewaySum(),
                result.ourSum(),
                result.ledgerSum());
    }

    /**
     * Our side: the credits of the day (by the gateway's time of payment, Beijing) and of any transaction the bill
     * lists, each with what the ledger posted under its key on the GATEWAY book; and our refunds through the gateway
     * settled that day or named by the bill (a PENDING one the bill names has no posting yet), each with what its
     * reversal posted on the GATEWAY book.
     */
    private List<BillMatching.Ours> ours(Gateway gateway, LocalDate day, List<GatewayBills.BillLine> lines) {
        String[] txns = lines.stream()
                .filter(l -> !l.isRefund())
                .map(GatewayBills.BillLine::transactionId)
                .distinct()
                .toArray(String[]::new);
        String[] refunds = lines.stream()
                .filter(GatewayBills.BillLine::isRefund)
                .map(GatewayBills.BillLine::refundNumber)
                .distinct()
                .toArray(String[]::new);
        OffsetDateTime from = utc(day.atStartOfDay(BEIJING).toInstant());
        OffsetDateTime to = utc(day.plusDays(1).atStartOfDay(BEIJING).toInstant());
        List<BillMatching.Ours> out = new java.util.ArrayList<>(jdbc.sql("""
                        select p.transaction_id, o.order_number, p.amount,
                            (select sum(e.amount) from payment.posting po join payment.entry e using (posting_id)
                             where po.idempotency_key = 'gateway:' || p.gateway || ':' || p.transaction_id
                               and e.book = 'GATEWAY') as ledger
                        from payment.gateway_payment p join payment.payment_order o using (order_id)
                        where p.gateway = :g
                          and ((p.paid_at >= :from and p.paid_at < :to) or p.transaction_id = any(:txns))""")
                .param("g", gateway.name())
                .param("from", from)
                .param("to", to)
                .param("txns", txns)
                .query((rs, n) -> new BillMatching.Ours(
                        rs.getString(1),
                        rs.getString(2),
                        Money.fen(rs.getLong(3)),
                        rs.getObject(4) == null ? null : Money.fen(rs.getLong(4))))
                .list());
        out.addAll(jdbc.sql("""
                        select g.transaction_id, g.order_number, g.amount,
                            (select sum(e.amount) from payment.entry e
                             where e.posting_id = g.posting_id and e.book = 'GATEWAY') as ledger,
                            g.refund_number
                        from payment.gateway_refund g
                        where g.gateway = :g
                          and ((g.state = 'SUCCEEDED' and g.settled_at >= :from and g.settled_at < :to)
                               or (g.state <> 'REFUSED' and g.refund_number = any(:refunds)))""")
                .param("g", gateway.name())
                .param("from", from)
                .param("to", to)
                .param("refunds", refunds)
                .query((rs, n) -> new BillMatching.Ours(
                        rs.getString(1),
                        rs.getString(2),
                        Money.fen(-rs.getLong(3)),
                        rs.getObject(4) == null ? null : Money.fen(rs.getLong(4)),
                        rs.getString(5)))
                .list());
        return out;
    }

    /** The supply accounts each of our orders pays, by order number (none for a number that is not ours). */
    private Map<String, Set<Long>> accountsOfOrders(Set<String> numbers) {
        Map<String, Set<Long>> ofOrder = new HashMap<>();
        if (numbers.isEmpty()) return ofOrder;
        jdbc.sql("""
                        select o.order_number, l.supply_account_id
                        from payment.payment_order o join payment.payment_order_line l using (order_id)
                        where o.order_number = any(:numbers)""")
                .param("numbers", numbers.toArray(String[]::new))
                .query((rs, n) -> ofOrder.computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                        .add(rs.getLong(2)))
                .list();
        return ofOrder;
    }

    // ---- reading ----

    /** The most discrepancies a list answers; it says when there were more. */
    static final int LIST_LIMIT = 1000;

    /**
     * The runs of a period, newest day first: staff with PAYMENT_APPROVE. The counts and sums are of what the actor
     * sees ({@link #runs(Long[])}): the whole bill's for staff of all branches; the open and resolved counts are of the
     * discrepancies the actor sees.
     */
    public List<RunView> runs(Actor actor, LocalDate from, LocalDate to) {
        actor.require(Permission.PAYMENT_APPROVE);
        Long[] scope = ResolvingDiscrepancies.scope(actor);
        return jdbc.sql(runs(scope) + " where r.day between :from and :to order by r.day desc, r.gateway")
                .param("scope", scope)
                .param("from", from)
                .param("to", to)
                .query(ReconcilingGateways::runView)
                .list();
    }

    /** A run, its counts of the discrepancies of the branches in {@code scope} (null: all). */
    Optional<RunView> run(Gateway gateway, LocalDate day, Long[] scope) {
        return jdbc.sql(runs(scope) + " where r.gateway = :g and r.day = :day")
                .param("scope", scope)
                .param("g", gateway.name())
                .param("day", day)
                .query(ReconcilingGateways::runView)
                .optional();
    }

    public RunView run(Actor actor, long runId) {
        actor.require(Permission.PAYMENT_APPROVE);
        Long[] scope = ResolvingDiscrepancies.scope(actor);
        return jdbc.sql(runs(scope) + " where r.run_id = :r")
                .param("scope", scope)
                .param("r", runId)
                .query(ReconcilingGateways::runView)
                .optional()
                .orElseThrow(() -> Problem.notFound("reconciliation-run"));
    }

    /**
     * A run's discrepancies (open first), or every open one when {@code runId} is null, that the actor sees
     * ({@link ResolvingDiscrepancies#sees}), at most {@link #LIST_LIMIT}.
     */
    public Listed<DiscrepancyView> discrepancies(Actor actor, Long runId) {
        actor.require(Permission.PAYMENT_APPROVE);
        return Listed.of(
                jdbc.sql(DISCREPANCIES
                                + (runId == null ? " where d.state = 'OPEN'" : " where d.run_id = :r")
                                + " and " + ResolvingDiscrepancies.sees("d")
                                + " order by d.state desc, r.day desc, d.kind, d.transaction_id, d.discrepancy_id"
                                + " limit :limit")
                        .param("r", runId == null ? 0L : runId)
                        .param("scope", ResolvingDiscrepancies.scope(actor))
                        .param("limit", LIST_LIMIT + 1)
                        .query(ReconcilingGateways::discrepancyView)
                        .list(),
                LIST_LIMIT);
    }

    /**
     * A run's bill lines in the bill's order that the actor sees ({@link ResolvingDiscrepancies#sees}: staff of some
     * branches those of orders of accounts of their branches, not those of orders not ours), at most
     * {@link #LIST_LIMIT}; an unknown run is 404.
     */
    public Listed<BillLineView> lines(Actor actor, long runId) {
        run(actor, runId);
        return Listed.of(
                jdbc.sql(LINES + " where l.run_id = :r and " + ResolvingDiscrepancies.sees("l")
                                + " order by l.line_no limit :limit")
                        .param("r", runId)
                        .param("scope", ResolvingDiscrepancies.scope(actor))
                        .param("limit", LIST_LIMIT + 1)
                        .query(ReconcilingGateways::lineView)
                        .list(),
                LIST_LIMIT);
    }

    /** One line of a run's bill, if the actor sees it ({@link #lines}); else 404, as a line that is not there. */
    public BillLineView line(Actor actor, long runId, int lineNo) {
        actor.require(Permission.PAYMENT_APPROVE);
        return jdbc.sql(LINES + " where l.run_id = :r and l.line_no = :n and " + ResolvingDiscrepancies.sees("l"))
                .param("r", runId)
                .param("n", lineNo)
                .param("scope", ResolvingDiscrepancies.scope(actor))
                .query(ReconcilingGateways::lineView)
                .optional()
                .orElseThrow(() -> Problem.notFound("reconciliation-bill-line"));
    }

    /** Places the discrepancies found before branches were kept (ADR 0018), when the application starts. */
    @EventListener(ApplicationReadyEvent.class)
    void placeDiscrepancies() {
        int placed = resolving.place(source);
        if (placed > 0) log.info("Placed {} gateway discrepancies in their branches", placed);
    }

    // ---- resolving ----

    /**
     * A person resolves a discrepancy with an action and a note ({@link ResolvingDiscrepancies}: PAYMENT_APPROVE and
     * the branches of the accounts of its orders). MISSING_AT_US is CREDITED (the payment posted through the same
     * path and key as a notification: a notification arriving before or after credits nothing more) or
     * REFUNDED_AT_GATEWAY; every other kind is ACCEPTED. Audited.
     */
    public DiscrepancyView resolve(Actor actor, long discrepancyId, Resolution action, String note) {
        return resolving.resolve(actor, discrepancyId, action, note, source);
    }

    /** The gateways' discrepancies as {@link ResolvingDiscrepancies} resolves them. */
    private final class Discrepancies implements ResolvingDiscrepancies.Source<DiscrepancyView, Resolution> {

        @Override
        public String table() {
            return "payment.reconciliation_discrepancy";
        }

        @Override
        public Optional<DiscrepancyView> find(long id) {
            return jdbc.sql(DISCREPANCIES + " where d.discrepancy_id = :id")
                    .param("id", id)
                    .query(ReconcilingGateways::discrepancyView)
                    .optional();
        }

        @Override
        public List<DiscrepancyView> unplaced(int limit) {
            return jdbc.sql(DISCREPANCIES + " where d.branch_ids is null order by d.discrepancy_id limit :limit")
                    .param("limit", limit)
                    .query(ReconcilingGateways::discrepancyView)
                    .list();
        }

        /** Those of its orders (the bill's and ours), which a credit pays. */
        @Override
        public Map<Long, Set<Long>> accounts(List<DiscrepancyView> ds) {
            Set<String> numbers = new HashSet<>();
            for (DiscrepancyView d : ds) {
                if (d.orderNumber() != null) numbers.add(d.orderNumber());
                if (d.ourOrderNumber() != null) numbers.add(d.ourOrderNumber());
            }
            Map<String, Set<Long>> ofOrder = accountsOfOrders(numbers);
            Map<Long, Set<Long>> out = new HashMap<>();
            for (DiscrepancyView d : ds) {
                Set<Long> accounts = new HashSet<>(ofOrder.getOrDefault(d.orderNumber(), Set.of()));
                accounts.addAll(ofOrder.getOrDefault(d.ourOrderNumber(), Set.of()));
                out.put(d.discrepancyId(), accounts);
            }
            return out;
        }

        @Override
        public boolean fits(DiscrepancyView d, Resolution action) {
            return (d.kind() == BillMatching.Kind.MISSING_AT_US) != (action == Resolution.ACCEPTED);
        }

        @Override
        public Long post(DiscrepancyView d, Resolution action, String note, Actor actor) {
            return action == Resolution.CREDITED ? credit(d) : null;
        }

        @Override
        public String actionProblem() {
            return "reconciliation-action";
        }

        @Override
        public String auditAction() {
            return "payment.reconciliation.resolve";
        }

        @Override
        public String auditObject() {
            return "reconciliation-discrepancy";
        }

        @Override
        public Map<String, Object> details(DiscrepancyView d) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("gateway", d.gateway().name());
            details.put("day", d.day().toString());
            details.put("transactionId", d.transactionId());
            return details;
        }
    }

    /** Credits the bill's payment as the gateway's own answer would; answers the posting (this one or the first). */
    private long credit(DiscrepancyView d) {
        GatewayAdapter adapter =
                payments.adapter(d.gateway()).orElseThrow(() -> Problem.badRequest("gateway-unavailable", d.gateway()));
        if (d.gatewayAmount() == null || d.gatewayAmount().fen() <= 0)
            throw Problem.conflict("reconciliation-cannot-credit", "not a payment");
        try {
            payments.credit(
                    adapter,
                    new GatewayAdapter.TradeStatus(
                            GatewayAdapter.TradeState.PAID,
                            adapter.merchantId(), // the bill is the gateway's for our merchant and app
                            adapter.appId(),
                            d.orderNumber(),
                            d.transactionId(),
                            d.gatewayAmount(),
                            d.completedAt()),
                    "RECONCILIATION");
        } catch (NotificationRefused e) {
            throw Problem.conflict("reconciliation-cannot-credit", e.getMessage());
        }
        return jdbc.sql("select posting_id from payment.gateway_payment where gateway = :g and transaction_id = :t")
                .param("g", d.gateway().name())
                .param("t", d.transactionId())
                .query(Long.class)
                .single();
    }

    // ---- rows ----

    /** The open and resolved counts of the discrepancies of run {@code r} the actor sees, as {@code c}. */
    private static final String SEEN_DISCREPANCIES = """
            cross join lateral (
                select count(*) filter (where d.state = 'OPEN') as open,
                    count(*) filter (where d.state = 'RESOLVED') as resolved
                from payment.reconciliation_discrepancy d
                where d.run_id = r.run_id and """ + ResolvingDiscrepancies.sees("d") + ") c";

    /** Runs with the whole bill's counts and sums (staff of all branches, the scheduler). */
    private static final String RUNS = """
            select r.run_id, r.gateway, r.day, r.state, r.attempts, r.last_error, r.fetched_at, r.completed_at,
                r.next_attempt_at, r.matched, r.gateway_lines, r.gateway_sum, r.our_count, r.our_sum, r.ledger_sum,
                c.open, c.resolved, false
            from payment.reconciliation_run r
            """ + SEEN_DISCREPANCIES;

    /**
     * Runs with the counts and sums of the bill's lines and our side the actor sees, each placed in its branches when
     * the run stored it; none for a run stored before (its lines are not placed until the day is run again).
     */
    private static final String RUNS_OF_BRANCHES = """
            select r.run_id, r.gateway, r.day, r.state, r.attempts, r.last_error, r.fetched_at, r.completed_at,
                r.next_attempt_at, case when r.by_branch then b.matched end, case when r.by_branch then b.lines end,
                case when r.by_branch then b.gateway_sum end, case when r.by_branch then b.our_count end,
                case when r.by_branch then b.our_sum end, case when r.by_branch then b.ledger_sum end,
                c.open, c.resolved, true
            from payment.reconciliation_run r
            cross join lateral (
                select cast(coalesce(sum(f.lines), 0) as int) as lines,
                    cast(coalesce(sum(f.matched), 0) as int) as matched,
                    cast(coalesce(sum(f.gateway_sum), 0) as bigint) as gateway_sum,
                    cast(coalesce(sum(f.our_count), 0) as int) as our_count,
                    cast(coalesce(sum(f.our_sum), 0) as bigint) as our_sum,
                    cast(coalesce(sum(f.ledger_sum), 0) as bigint) as ledger_sum
                from payment.reconciliation_run_figures f
                where f.run_id = r.run_id and """ + ResolvingDiscrepancies.sees("f") + """
            ) b
            """ + SEEN_DISCREPANCIES;

    /** Runs as the viewer of {@code scope} sees them: the whole bill's figures for null (all branches). */
    private static String runs(Long[] scope) {
        return scope == null ? RUNS : RUNS_OF_BRANCHES;
    }

    private static final String LINES = """
            select l.run_id, l.line_no, l.transaction_id, l.order_number, l.refund_number, l.amount, l.completed_at,
                l.matched
            from payment.reconciliation_bill_line l""";

    private static final String DISCREPANCIES = """
            select d.discrepancy_id, d.run_id, r.gateway, r.day, d.kind, d.transaction_id, d.order_number,
                d.our_order_number, d.gateway_amount, d.our_amount, d.ledger_amount, d.completed_at, d.state,
                d.resolution, d.note, d.resolved_by_name, d.resolved_at, d.posting_id, d.refund_number
            from payment.reconciliation_discrepancy d join payment.reconciliation_run r using (run_id)""";

    private static RunView runView(ResultSet rs, int n) throws SQLException {
        return new RunView(
                rs.getLong(1),
                Gateway.valueOf(rs.getString(2)),
                rs.getObject(3, LocalDate.class),
                RunState.valueOf(rs.getString(4)),
                rs.getInt(5),
                rs.getString(6),
                instant(rs, 7),
                instant(rs, 8),
                instant(rs, 9),
                rs.getObject(10, Integer.class),
                rs.getObject(11, Integer.class),
                money(rs, 12),
                rs.getObject(13, Integer.class),
                money(rs, 14),
                money(rs, 15),
                rs.getInt(16),
                rs.getInt(17),
                rs.getBoolean(18));
    }

    private static BillLineView lineView(ResultSet rs, int n) throws SQLException {
        return new BillLineView(
                rs.getLong(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Money.fen(rs.getLong(6)),
                instant(rs, 7),
                rs.getBoolean(8));
    }

    private static DiscrepancyView discrepancyView(ResultSet rs, int n) throws SQLException {
        String resolution = rs.getString(14);
        return new DiscrepancyView(
                rs.getLong(1),
                rs.getLong(2),
                Gateway.valueOf(rs.getString(3)),
                rs.getObject(4, LocalDate.class),
                BillMatching.Kind.valueOf(rs.getString(5)),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                money(rs, 9),
                money(rs, 10),
                money(rs, 11),
                instant(rs, 12),
                rs.getString(19),
                "OPEN".equals(rs.getString(13)),
                resolution == null ? null : Resolution.valueOf(resolution),
                rs.getString(15),
                rs.getString(16),
                instant(rs, 17),
                rs.getObject(18, Long.class));
    }

    private static Money money(ResultSet rs, int column) throws SQLException {
        Long v = rs.getObject(column, Long.class);
        return v == null ? null : Money.fen(v);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Long fen(Money m) {
        return m == null ? null : m.fen();
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
