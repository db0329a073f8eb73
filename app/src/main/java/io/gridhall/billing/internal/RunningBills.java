package io.gridhall.billing.internal;

import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillType;
import io.gridhall.billing.internal.AuditingBills.Candidate;
import io.gridhall.billing.internal.Bills.Finding;
import io.gridhall.billing.internal.Bills.NewBill;
import io.gridhall.billing.internal.GatheringUsage.Gathered;
import io.gridhall.billing.internal.GatheringUsage.Skip;
import io.gridhall.billing.internal.rating.RatedBill;
import io.gridhall.billing.internal.rating.RatingException;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.shared.Problem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Billing runs (MR-3): one branch, one month, chunked. A run is claimed by one worker at a time with {@code FOR UPDATE
 * SKIP LOCKED} under a lease; claiming raises the run's fence, and every chunk commits its bills, lines and findings
 * together with its DONE state only while the run's fence is still the worker's. A worker that dies (SIGKILL, a lost
 * node) leaves its lease to run out; the next claim takes the run over and redoes exactly the chunks that did not
 * commit. Exactly once per (account, period, bill type) is also the database's unique key, so even a fenced-out
 * worker's late commit cannot double a bill.
 */
@Service
public class RunningBills {

    private static final Logger log = LoggerFactory.getLogger(RunningBills.class);

    /** Called at named points of a chunk; tests throw from it to prove that a run restarts at any point. */
    interface Checkpoint {
        void at(String point);
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Customers customers;
    private final Grid grid;
    private final GatheringUsage gathering;
    private final Pricing pricing;
    private final AuditingBills auditing;
    private final Bills bills;
    private final Audit audit;
    private final BillingSettings settings;
    volatile Checkpoint checkpoint = point -> {};

    RunningBills(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            Clock clock,
            Customers customers,
            Grid grid,
            GatheringUsage gathering,
            Pricing pricing,
            AuditingBills auditing,
            Bills bills,
            Audit audit,
            BillingSettings settings) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.customers = customers;
        this.grid = grid;
        this.gathering = gathering;
        this.pricing = pricing;
        this.auditing = auditing;
        this.bills = bills;
        this.audit = audit;
        this.settings = settings;
    }

    /**
     * Queues the run of a branch and month, or answers the run there is (one per branch and month). The caller needs
     * BILLING and must see the branch; an unknown branch or one the caller may not see is 404 {@code branch}.
     */
    public BillingRunView start(Actor actor, BranchId branch, YearMonth period) {
        actor.require(io.gridhall.identity.Permission.BILLING);
        if (!actor.sees(branch) || grid.branch(branch).isEmpty()) throw Problem.notFound("branch");
        return tx.execute(status -> {
            Optional<Long> created = jdbc.sql("""
                            insert into billing.billing_run (branch_id, period_from, period_to, requested_by,
                                                             requested_by_id, requested_at)
                            values (:branch, :from, :to, :by, :byId, :now)
                            on conflict (branch_id, period_from) do nothing returning id""")
                    .param("branch", branch.value())
                    .param("from", period.atDay(1))
                    .param("to", period.atEndOfMonth())
                    .param("by", actor.displayName())
                    .param("byId", actor.userId().value())
                    .param("now", utc(clock.instant()))
                    .query(Long.class)
                    .optional();
            long id = created.orElseGet(
                    () -> jdbc.sql("select id from billing.billing_run where branch_id = ? and period_from = ?")
                            .params(branch.value(), period.atDay(1))
                            .query(Long.class)
                            .single());
            // a run that failed (its last error shown) is queued again by asking for it again
            int requeued = jdbc.sql("""
                            update billing.billing_run set status = 'QUEUED', failures = 0, finished_at = null
                             where id = ? and status = 'FAILED'""").param(id).update();
            if (created.isPresent() || requeued > 0) {
                audit.record(
                        actor,
                        "billing.run.start",
                        "billing_run",
                        Long.toString(id),
                        Map.of("branch", branch.value(), "period", period.toString()));
            }
            return view(id).orElseThrow();
        });
    }

    /** A claimed run: the worker's fence and what to bill. */
    record Claim(long runId, long fence, long branchId, LocalDate from, LocalDate to) {}

    /** Claims a queued run, or a running one whose lease ran out, and works it to the end; false when none is due. */
    public boolean workDue(String owner) {
        return workDue(owner, clock.instant());
    }

    boolean workDue(String owner, Instant now) {
        Optional<Claim> claim = claim(owner, now);
        if (claim.isEmpty()) return false;
        work(claim.get());
        return true;
    }

    Optional<Claim> claim(String owner, Instant now) {
        return tx.execute(status -> jdbc.sql("""
                        update billing.billing_run r
                           set status = 'RUNNING', lease_owner = :owner, lease_until = :until, fence = r.fence + 1,
                               started_at = coalesce(r.started_at, :now)
                         where r.id = (select id from billing.billing_run
                                        where status = 'QUEUED' or (status = 'RUNNING' and lease_until < :now)
                                        order by id limit 1 for update skip locked)
                        returning r.id, r.fence, r.branch_id, r.period_from, r.period_to""")
                .param("owner", owner)
                .param("until", utc(now.plus(settings.runs().lease())))
                .param("now", utc(now))
                .query((rs, n) -> new Claim(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getObject(4, LocalDate.class),
                        rs.getObject(5, LocalDate.class)))
                .optional());
    }

    /**
     * Plans the run if it is not, then bills every chunk not yet done, in order. The next chunk is gathered, rated and
     * audited on a second thread while this one commits the current chunk (PostgreSQL writing one chunk while the JVM
     * rates the next), one chunk ahead at most; every commit still checks the fence, and a chunk prepared for a worker
     * that was fenced out is dropped.
     */
    void work(Claim claim) {
        try {
            plan(claim);
            List<Integer> pending = jdbc.sql(
                            "select chunk_no from billing.run_chunk where run_id = ? and status = 'PENDING' order by 1")
                    .param(claim.runId())
                    .query(Integer.class)
                    .list();
            if (!billChunks(claim, pending)) return; // fenced out: another worker has the run
            tx.executeWithoutResult(status -> jdbc.sql("""
                            update billing.billing_run set status = 'COMPLETED', finished_at = :now, lease_owner = null,
                                   lease_until = null, last_error = null
                             where id = :id and fence = :fence""")
                    .param("now", utc(clock.instant()))
                    .param("id", claim.runId())
                    .param("fence", claim.fence())
                    .update());
        } catch (RuntimeException e) {
            log.warn("Billing run {} stopped; it is taken up again after a pause", claim.runId(), e);
            // any node takes it up again after the pause, with what went wrong; FAILED after too many in a row
            tx.executeWithoutResult(status -> jdbc.sql("""
                            update billing.billing_run
                               set lease_until = :retry, last_error = :error, failures = failures + 1,
                                   status = case when failures + 1 >= :max then 'FAILED' else status end,
                                   finished_at = case when failures + 1 >= :max then :now end
                             where id = :id and fence = :fence""")
                    .param("retry", utc(clock.instant().plus(settings.runs().retryAfter())))
                    .param("max", settings.runs().maxFailures())
                    .param("now", utc(clock.instant()))
                    .param("error", String.valueOf(e.getMessage()))
                    .param("id", claim.runId())
                    .param("fence", claim.fence())
                    .update());
        }
    }

    /**
     * Commits the chunks in order, preparing each next one while the current one commits.
     *
     * @return false when the run's fence moved on (another worker took it over)
     */
    private boolean billChunks(Claim claim, List<Integer> chunks) {
        if (chunks.isEmpty()) return true;
        // one thread, one chunk ahead: closing waits for a chunk still being prepared (it writes nothing)
        try (ExecutorService ahead = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .name("billing-run-" + claim.runId() + "-ahead")
                .daemon()
                .factory())) {
            Future<Prepared> next = ahead.submit(() -> prepare(claim, chunks.getFirst()));
            for (int i = 0; i < chunks.size(); i++) {
                Prepared current = done(next);
                int following = i + 1;
                next = following < chunks.size() ? ahead.submit(() -> prepare(claim, chunks.get(following))) : null;
                if (!commit(claim, current)) {
                    if (next != null) next.cancel(false);
                    return false;
                }
            }
            return true;
        }
    }

    /** The prepared chunk, or what stopped its preparation, thrown here as it was thrown there. */
    private static Prepared done(Future<Prepared> chunk) {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a chunk was prepared", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Splits the branch's billable accounts into chunks once, under the fence. */
    private void plan(Claim claim) {
        tx.executeWithoutResult(status -> {
            if (!fenced(claim)) return;
            boolean planned = jdbc.sql("select accounts is not null from billing.billing_run where id = ?")
                    .param(claim.runId())
                    .query(Boolean.class)
                    .single();
            if (planned) return;
            checkpoint.at("plan");
            List<Long> ids = customers.billableAccountIds(new BranchId(claim.branchId()));
            int size = Math.max(1, settings.runs().chunkSize());
            for (int i = 0, chunk = 0; i < ids.size(); i += size, chunk++) {
                List<Long> part = ids.subList(i, Math.min(ids.size(), i + size));
                jdbc.sql("insert into billing.run_chunk (run_id, chunk_no, account_ids) values (?, ?, ?)")
                        .params(claim.runId(), chunk, part.toArray(Long[]::new))
                        .update();
            }
            jdbc.sql("update billing.billing_run set accounts = ? where id = ?")
                    .params(ids.size(), claim.runId())
                    .update();
        });
    }

    /** Locks the run row and tells whether the claim still holds it (its fence is the run's); renews the lease. */
    private boolean fenced(Claim claim) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        update billing.billing_run set lease_until = greatest(lease_until, :until), failures = 0
                         where id = :id and fence = :fence and status = 'RUNNING'""")
                        .param("until", utc(now.plus(settings.runs().lease())))
                        .param("id", claim.runId())
                        .param("fence", claim.fence())
                        .update()
                == 1;
    }

    /** A chunk gathered, rated and audited, ready to commit. */
    record Prepared(int chunkNo, Made made) {}

    /** Gathers, rates and audits one chunk, outside any transaction; writes nothing. */
    Prepared prepare(Claim claim, int chunkNo) {
        checkpoint.at("gather");
        Long[] accountIds = jdbc.sql("select account_ids from billing.run_chunk where run_id = ? and chunk_no = ?")
                .params(claim.runId(), chunkNo)
                .query((rs, n) -> (Long[]) rs.getArray(1).getArray())
                .single();
        Made made = make(Arrays.asList(accountIds), claim.from(), claim.to(), claim.runId(), chunkNo);
        checkpoint.at("rated");
        return new Prepared(chunkNo, made);
    }

    /**
     * Commits a prepared chunk's bills, lines, findings and skips with its DONE state in one transaction, under the
     * fence; a chunk another worker committed meanwhile is left as it is.
     *
     * @return false when the run's fence moved on (another worker took it over)
     */
    boolean commit(Claim claim, Prepared chunk) {
        int chunkNo = chunk.chunkNo();
        Made made = chunk.made();
        Boolean committed = tx.execute(status -> {
            if (!fenced(claim)) return false;
            String state = jdbc.sql("select status from billing.run_chunk where run_id = ? and chunk_no = ? for update")
                    .params(claim.runId(), chunkNo)
                    .query(String.class)
                    .single();
            if (!"PENDING".equals(state)) return true;
            checkpoint.at("insert");
            bills.insert(made.bills(), clock.instant());
            checkpoint.at("inserted");
            for (Map.Entry<Long, Skip> skip : made.skipped().entrySet()) {
                jdbc.sql("""
                                insert into billing.run_skip (run_id, supply_account_id, reason) values (?, ?, ?)
                                on conflict do nothing""")
                        .params(claim.runId(), skip.getKey(), skip.getValue().name())
                        .update();
            }
            int held = (int) made.bills().stream()
                    .filter(b -> b.status() == BillStatus.HELD)
                    .count();
            jdbc.sql("""
                            update billing.run_chunk set status = 'DONE', bills = ?, held = ?, skipped = ?, done_at = ?
                             where run_id = ? and chunk_no = ?""")
                    .params(
                            made.bills().size(),
                            held,
                            made.skipped().size(),
                            utc(clock.instant()),
                            claim.runId(),
                            chunkNo)
                    .update();
            checkpoint.at("commit");
            return true;
        });
        checkpoint.at("committed");
        return Boolean.TRUE.equals(committed);
    }

    /** Bills made for some accounts, and why the others got none. */
    record Made(List<NewBill> bills, Map<Long, Skip> skipped) {}

    /**
     * Gathers, rates and audits REGULAR bills for the accounts over a period: a run's chunk, or one account a clerk
     * recalculates ({@code supersedes} the held bill it replaces).
     */
    Made make(List<Long> accountIds, LocalDate from, LocalDate to, Long runId, Integer chunkNo) {
        return make(accountIds, from, to, runId, chunkNo, null);
    }

    Made make(List<Long> accountIds, LocalDate from, LocalDate to, Long runId, Integer chunkNo, Long supersedes) {
        List<Gathered> gathered = gathering.gather(accountIds, from, to);
        Map<Long, Skip> skipped = new java.util.LinkedHashMap<>();
        Map<Long, Boolean> billed = alreadyBilled(accountIds, from, supersedes);
        List<Candidate> candidates = new ArrayList<>();
        for (Gathered g : gathered) {
            if (Boolean.TRUE.equals(billed.get(g.account().id()))) {
                skipped.put(g.account().id(), Skip.ALREADY_BILLED);
            } else if (g.skip() != null) {
                skipped.put(g.account().id(), g.skip());
            } else {
                Optional<RatedBill> rated;
                try {
                    rated = pricing.rate(g.usage());
                } catch (RatingException e) {
                    // one account the engine refuses never stops the others: it is recorded with the reason
                    log.info("Account {} not rated: {}", g.account().id(), e.getMessage());
                    skipped.put(g.account().id(), Skip.NOT_RATABLE);
                    continue;
                }
                if (rated.isEmpty()) skipped.put(g.account().id(), Skip.NO_TARIFF);
                else candidates.add(new Candidate(g, rated.get()));
            }
        }
        List<List<Finding>> findings = auditing.audit(candidates);
        List<NewBill> made = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            List<Finding> f = findings.get(i);
            RatedBill r = c.rated();
            made.add(new NewBill(
                    c.gathered().account().id(),
                    c.gathered().account().accountNumber(),
                    c.gathered().account().branchId(),
                    BillType.REGULAR,
                    auditing.holds(f) ? BillStatus.HELD : BillStatus.AUDIT_PASSED,
                    from,
                    to,
                    r.energy(),
                    r.total(),
                    r.estimated(),
                    r.tariffId(),
                    r.tariffVersion(),
                    c.gathered().usage().account().tierYearStart(),
                    c.gathered().usage().account().tierUsedBefore(),
                    r.tierUsedAfter(),
                    r.lines(),
                    f,
                    null,
                    supersedes,
                    null,
                    null,
                    null,
                    runId,
                    chunkNo,
                    null));
        }
        return new Made(made, skipped);
    }

    /** Accounts that already have a REGULAR bill for the period from another run or chunk (not for a recalculation). */
    private Map<Long, Boolean> alreadyBilled(List<Long> accountIds, LocalDate from, Long supersedes) {
        if (supersedes != null || accountIds.isEmpty()) return Map.of();
        Map<Long, Boolean> billed = new java.util.HashMap<>();
        jdbc.sql("""
                        select distinct supply_account_id from billing.bill
                         where supply_account_id = any(:ids) and period_from = :from and type = 'REGULAR'
                           and supersedes is null""")
                .param("ids", accountIds.toArray(Long[]::new))
                .param("from", from)
                .query(rs -> {
                    billed.put(rs.getLong(1), true);
                });
        return billed;
    }

    public Optional<BillingRunView> view(long runId) {
        return views("r.id = :id", Map.of("id", runId)).stream().findFirst();
    }

    /** The runs of the branches (null: all), newest first. */
    public List<BillingRunView> list(List<Long> branches, int limit) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("branches", branches == null ? null : branches.toArray(Long[]::new));
        p.put("limit", Math.clamp(limit, 1, 200));
        return views("(cast(:branches as bigint[]) is null or r.branch_id = any(:branches))", p);
    }

    private List<BillingRunView> views(String where, Map<String, ?> params) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        select r.*,
                               (select count(*) from billing.run_chunk c where c.run_id = r.id) as chunks,
                               (select count(*) from billing.run_chunk c where c.run_id = r.id and c.status = 'DONE') as done,
                               (select coalesce(sum(skipped), 0) from billing.run_chunk c where c.run_id = r.id) as skipped,
                               (select max(done_at) from billing.run_chunk c where c.run_id = r.id) as last_done,
                               (select coalesce(sum(array_length(account_ids, 1)), 0) from billing.run_chunk c
                                 where c.run_id = r.id and c.status = 'DONE') as accounts_done,
                               b.*
                          from billing.billing_run r
                          cross join lateral (
                                select count(*) as bills,
                                       count(*) filter (where status = 'PENDING_AUDIT') as pending_audit,
                                       count(*) filter (where status = 'AUDIT_PASSED') as passed,
                                       count(*) filter (where status = 'HELD') as held,
                                       count(*) filter (where status in ('ISSUED', 'REVERSED')) as issued
                                  from billing.bill x where x.run_id = r.id and x.status <> 'SUPERSEDED') b
                        """ + " where " + where + " order by r.id desc"
                        + (params.containsKey("limit") ? " limit :limit" : ""))
                .params(params)
                .query((rs, n) -> {
                    Instant started = instant(rs.getTimestamp("started_at"));
                    Instant finished = instant(rs.getTimestamp("finished_at"));
                    Instant lastDone = instant(rs.getTimestamp("last_done"));
                    int bills = rs.getInt("bills");
                    long accountsDone = rs.getLong("accounts_done");
                    Integer accounts = (Integer) rs.getObject("accounts");
                    BigDecimal perSecond = null;
                    Long left = null;
                    Instant end = finished != null ? finished : lastDone;
                    if (started != null && end != null && accountsDone > 0) {
                        long millis = Math.max(1, Duration.between(started, end).toMillis());
                        perSecond = BigDecimal.valueOf(bills * 1000L)
                                .divide(BigDecimal.valueOf(millis), 1, RoundingMode.HALF_UP);
                        if (accounts != null && finished == null) {
                            long remaining = accounts - accountsDone;
                            left = Math.max(
                                    0,
                                    remaining * millis / accountsDone / 1000
                                            - Duration.between(end, now).toSeconds());
                        }
                    }
                    if (finished != null) left = 0L;
                    return new BillingRunView(
                            rs.getLong("id"),
                            rs.getLong("branch_id"),
                            rs.getObject("period_from", LocalDate.class),
                            rs.getObject("period_to", LocalDate.class),
                            rs.getString("status"),
                            rs.getString("requested_by"),
                            instant(rs.getTimestamp("requested_at")),
                            started,
                            finished,
                            instant(rs.getTimestamp("released_at")),
                            accounts,
                            rs.getInt("chunks"),
                            rs.getInt("done"),
                            bills,
                            rs.getInt("pending_audit"),
                            rs.getInt("passed"),
                            rs.getInt("held"),
                            rs.getInt("issued"),
                            rs.getInt("skipped"),
                            perSecond,
                            left,
                            rs.getString("last_error"));
                })
                .list();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
