package io.gridhall.billing.internal;

import io.gridhall.billing.internal.rating.MeterProgramming;
import io.gridhall.billing.internal.rating.TariffVersion;
import io.gridhall.billing.internal.rating.TouPeriod;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.grid.Grid;
import io.gridhall.grid.MeteringPointView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.metering.CommandCounts;
import io.gridhall.metering.CommandState;
import io.gridhall.metering.MeterCommandStatus;
import io.gridhall.metering.MeterCommands;
import io.gridhall.metering.ParameterWrite;
import io.gridhall.metering.ProgramMeter;
import io.gridhall.metering.ProgramOutcome;
import io.gridhall.shared.AfterCommitWorker;
import io.gridhall.shared.AfterCommitWorkers;
import io.gridhall.shared.Problem;
import jakarta.annotation.PreDestroy;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends a tariff's time-of-use calendar to the meters of a branch (下发时段/节假日到电表, MR-3): the writes of {@link
 * MeterProgramming} for the tariff version's schedule and a year, as one metering programming job per meter of the
 * branch whose account is on the tariff, carried out by metering's command path (ADR 0009). Starting a campaign plans
 * it (a PENDING row per meter, one statement) and returns; after the commit its meters are handed to metering in
 * chunks ({@link MeterCommands#programAll}), each chunk its own transaction turning its rows QUEUED with their command
 * or REFUSED with metering's reason, so a large tariff holds no long transaction, a meter that cannot be programmed
 * stops nothing, and a crash or a failed chunk leaves the rest PENDING for the next node to take up under a lease
 * ({@link #enqueueDue}): each meter once per campaign (the job's key) and once per attempt (the command's intent).
 * Progress and failures come from those jobs; a clerk retries the failed ones. Starting and retrying are audited and
 * branch-scoped.
 */
@Service
public class ProgrammingMeters {

    /**
     * What the meters of a campaign have come to, as counts (each meter: {@link #meters}).
     *
     * @param state ENQUEUEING while meters are still being handed to metering, then ENQUEUED
     * @param pending meters not yet handed to metering (or handed again after a retry)
     * @param failed meters whose job failed, expired or was superseded, and those metering refused (REFUSED)
     */
    public record CampaignView(
            UUID id,
            String tariffId,
            int version,
            String scheduleId,
            long branchId,
            int year,
            LocalDateTime activeFrom,
            int writes,
            String requestedBy,
            Instant requestedAt,
            String state,
            int meters,
            int pending,
            int waiting,
            int sent,
            int confirmed,
            int alreadyCurrent,
            int failed) {}

    /**
     * Where one meter of a campaign stands.
     *
     * @param state the job's command state (REQUESTED, SENT, ACKNOWLEDGED, VERIFIED, FAILED, EXPIRED, SUPERSEDED),
     *     PENDING while not yet handed to metering, or REFUSED when metering took no job for the meter
     * @param alreadyCurrent VERIFIED without a write: the meter carried the program already
     * @param failure for a failed meter, the reason code ({@link MeterCommandStatus#failure()}, or a {@link
     *     ProgramOutcome.Refusal}), {@code lastError} its words; null otherwise
     */
    public record MeterOutcome(
            long meterId,
            String asset,
            long accountId,
            String state,
            boolean alreadyCurrent,
            String failure,
            String lastError,
            int retries) {}

    /** A page of a campaign's meters: {@code total} meters in all, this page from {@code offset}. */
    public record MeterPage(int total, int offset, List<MeterOutcome> meters) {}

    /** The most meters on one page. */
    static final int MAX_PAGE = 200;

    private record JobCounts(int meters, int pending, int refused, List<UUID> queued) {}

    private record Campaign(
            UUID id,
            String tariffId,
            int version,
            String scheduleId,
            long branchId,
            int year,
            LocalDateTime activeFrom,
            int writes,
            String requestedBy,
            Instant requestedAt,
            String state) {}

    private record Job(
            long meterId, long accountId, String asset, UUID commandId, int retries, String state, String refusal) {}

    /** A meter to program: the meter of an account on the tariff. */
    record Target(long meterId, long accountId, String asset) {}

    /**
     * Where a test stops a chunk as a crash would: {@code read} (its rows locked, nothing handed to metering) or
     * {@code handed} (metering recorded the jobs, the rows not yet updated).
     */
    interface Checkpoint {
        void at(int chunk, String point);
    }

    private static final Logger log = LoggerFactory.getLogger(ProgrammingMeters.class);

    private volatile Checkpoint checkpoint = (chunk, point) -> {};

    /** Tests: set on the bean itself (through its transactional proxy). */
    void checkpoint(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    private final JdbcClient jdbc;
    private final Tariffs tariffs;
    private final Customers customers;
    private final Grid grid;
    private final MeterCommands commands;
    private final Audit audit;
    private final TransactionTemplate tx;
    private final BillingSettings.MeterPrograms settings;
    private final Clock clock;
    private final ZoneId zone;
    /** Hands campaigns to metering after their transaction commits (ADR 0023); the poller takes up the rest. */
    private final AfterCommitWorker handing;

    ProgrammingMeters(
            JdbcClient jdbc,
            Tariffs tariffs,
            Customers customers,
            Grid grid,
            MeterCommands commands,
            Audit audit,
            TransactionTemplate tx,
            BillingSettings settings,
            Clock clock,
            AfterCommitWorkers workers) {
        this.jdbc = jdbc;
        this.tariffs = tariffs;
        this.customers = customers;
        this.grid = grid;
        this.commands = commands;
        this.audit = audit;
        this.tx = tx;
        this.settings = settings.meterPrograms();
        this.clock = clock;
        this.zone = clock.getZone(); // the meters' clocks and the switch time are the utility's local time
        this.handing = workers.start("meter-program", 100, Duration.ofSeconds(10));
    }

    @PreDestroy
    void stop() {
        handing.close();
    }

    /**
     * The writes that program the version's schedule with {@code year}'s holidays, switching at {@code activeFrom}:
     * the tariff's own register mapping, the region's for the periods it leaves out.
     *
     * @throws Problem 404 tariff, 409 tariff-no-schedule or meter-program-impossible
     */
    public List<MeterProgramming.Parameter> program(String tariffId, int version, int year, LocalDateTime activeFrom) {
        TariffVersion v = tariffs.version(tariffId, version).orElseThrow(() -> Problem.notFound("tariff"));
        if (v.energy().schedule() == null) throw Problem.conflict("tariff-no-schedule", tariffId);
        try {
            return MeterProgramming.of(v.energy().schedule(), registers(v), year, activeFrom);
        } catch (MeterProgramming.NotProgrammable e) {
            throw Problem.conflict("meter-program-impossible").with("reason", e.getMessage());
        }
    }

    /** T1..T4 to periods: the tariff's own mapping wins; the region's fills in the periods it leaves out. */
    public Map<String, TouPeriod> registers(TariffVersion v) {
        Map<String, TouPeriod> registers = new TreeMap<>(tariffs.pack().registers(tariffs.region()));
        registers.values().removeIf(p -> v.energy().registers().containsValue(p));
        registers.putAll(v.energy().registers());
        return registers;
    }

    /**
     * Starts a programming job for every meter of the branch whose account is on the tariff (its metering point
     * today): plans the campaign and returns it ENQUEUEING; its meters are handed to metering in chunks once this
     * commits. A meter whose job for the same writes is open or confirmed keeps it (metering does not duplicate it).
     */
    @Transactional
    public CampaignView start(
            Actor actor, String tariffId, int version, BranchId branch, int year, LocalDateTime activeFrom) {
        actor.require(Permission.BILLING);
        if (!actor.sees(branch) || grid.branch(branch).isEmpty()) throw Problem.notFound("branch");
        String category = tariffs.tariff(tariffId)
                .orElseThrow(() -> Problem.notFound("tariff"))
                .category();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        List<Long> onTariff = customers.accounts(customers.billableAccountIds(branch)).stream()
                .filter(a -> category.equals(a.tariffCategory()))
                .map(SupplyAccountView::id)
                .toList();
        Map<Long, List<MeteringPointView>> points = grid.meteringPoints(onTariff, today, today);
        List<Target> targets = new ArrayList<>();
        for (Long account : onTariff) {
            for (MeteringPointView p : points.getOrDefault(account, List.of())) {
                if (p.covers(today))
                    targets.add(new Target(p.meter().id(), account, p.meter().assetNumber()));
            }
        }
        UUID id = plan(actor, tariffId, version, branch, year, activeFrom, targets);
        enqueueAfterCommit(id);
        return view(actor, id);
    }

    /**
     * Records the campaign ENQUEUEING with a PENDING row per target (one statement; a meter listed twice is one row),
     * audited; hands nothing to metering yet.
     *
     * @throws Problem 400 meter-program-year or meter-program-active-from, 404 tariff, 409 tariff-no-schedule or
     *     meter-program-impossible
     */
    @Transactional
    UUID plan(
            Actor actor,
            String tariffId,
            int version,
            BranchId branch,
            int year,
            LocalDateTime activeFrom,
            List<Target> targets) {
        actor.require(Permission.BILLING);
        if (!actor.sees(branch)) throw Problem.notFound("branch");
        if (year < 2000 || year > 2099 || activeFrom.getYear() < 2000 || activeFrom.getYear() > 2099)
            throw Problem.badRequest("meter-program-year");
        Instant switchAt = activeFrom.atZone(zone).toInstant();
        if (!switchAt.isAfter(clock.instant())) throw Problem.badRequest("meter-program-active-from");
        List<ParameterWrite> writes = writes(tariffId, version, year, activeFrom);
        String scheduleId = tariffs.version(tariffId, version)
                .orElseThrow()
                .energy()
                .schedule()
                .id();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into billing.meter_program_campaign (id, tariff_id, version, schedule_id, branch_id, year,
                    active_from, program_hash, writes, requested_by, requested_by_id, requested_at, state,
                    requested_by_roles, requested_by_branches)
                values (:id, :tariff, :version, :schedule, :branch, :year, :from, :hash, :writes, :by, :byId, :now,
                    'ENQUEUEING', :roles, :branches)""")
                .param("id", id)
                .param("tariff", tariffId)
                .param("version", version)
                .param("schedule", scheduleId)
                .param("branch", branch.value())
                .param("year", year)
                .param("from", activeFrom)
                .param("hash", hash(writes))
                .param("writes", writes.size())
                .param("by", actor.displayName())
                .param("byId", actor.userId().value())
                .param("now", Timestamp.from(clock.instant()))
                .param("roles", actor.roles().stream().map(Role::name).sorted().toArray(String[]::new))
                .param(
                        "branches",
                        actor.branches().stream().map(BranchId::value).sorted().toArray(Long[]::new))
                .update();
        int meters = jdbc.sql("""
                        insert into billing.meter_program_job (campaign_id, meter_id, account_id, asset, state)
                        select :c, t.meter, t.account, t.asset, 'PENDING'
                        from unnest(cast(:meters as bigint[]), cast(:accounts as bigint[]), cast(:assets as text[]))
                             as t(meter, account, asset)
                        on conflict do nothing""")
                .param("c", id)
                .param("meters", targets.stream().map(Target::meterId).toArray(Long[]::new))
                .param("accounts", targets.stream().map(Target::accountId).toArray(Long[]::new))
                .param("assets", targets.stream().map(Target::asset).toArray(String[]::new))
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tariff", tariffId);
        details.put("version", version);
        details.put("schedule", scheduleId);
        details.put("branch", branch.value());
        details.put("year", year);
        details.put("activeFrom", activeFrom.toString());
        details.put("meters", meters);
        audit.record(actor, "billing.meter-program.start", "meter_program_campaign", id.toString(), details);
        return id;
    }

    /** Sends again to each meter of the campaign whose job FAILED or EXPIRED or was refused; audited when any. */
    @Transactional
    public CampaignView retryFailed(Actor actor, UUID id) {
        Campaign c = campaign(actor, id);
        Instant switchAt = c.activeFrom().atZone(zone).toInstant();
        if (!switchAt.isAfter(clock.instant())) throw Problem.conflict("meter-program-too-late");
        List<Job> jobs = jobs(id);
        Map<UUID, MeterCommandStatus> status = statuses(jobs);
        List<Long> retried = new ArrayList<>();
        for (Job j : jobs) {
            if (j.state().equals("REFUSED")) retried.add(j.meterId());
            if (!j.state().equals("QUEUED")) continue;
            MeterCommandStatus s = status.get(j.commandId());
            if (s != null && (s.state() == CommandState.FAILED || s.state() == CommandState.EXPIRED))
                retried.add(j.meterId());
        }
        if (!retried.isEmpty()) {
            // handed to metering again in chunks, each with the intent of its new attempt
            jdbc.sql("""
                    update billing.meter_program_job set state = 'PENDING', refusal = null, retries = retries + 1
                    where campaign_id = :c and meter_id = any(:meters)""")
                    .param("c", id)
                    .param("meters", retried.toArray(Long[]::new))
                    .update();
            jdbc.sql("""
                    update billing.meter_program_campaign set state = 'ENQUEUEING', lease_until = null, last_error = null
                    where id = :c""").param("c", id).update();
            audit.record(
                    actor,
                    "billing.meter-program.retry",
                    "meter_program_campaign",
                    id.toString(),
                    Map.of("meters", retried.size()));
            enqueueAfterCommit(id);
        }
        return view(actor, id);
    }

    /** Hands the campaign to metering once this transaction commits; what the worker cannot take, the poller does. */
    private void enqueueAfterCommit(UUID id) {
        handing.afterCommit(id.toString(), () -> enqueue(id));
    }

    /** Takes up the campaigns still ENQUEUEING that no node holds (a crash, a failed chunk); the poller calls it. */
    public void enqueueDue() {
        jdbc.sql("""
                        select id from billing.meter_program_campaign
                        where state = 'ENQUEUEING' and (lease_until is null or lease_until < :now)
                        order by requested_at limit 20""")
                .param("now", Timestamp.from(clock.instant()))
                .query(UUID.class)
                .list()
                .forEach(this::enqueue);
    }

    void enqueue(UUID id) {
        enqueue(id, clock.instant(), settings.chunkSize());
    }

    /**
     * Claims the campaign if no node holds it at {@code now} and hands its PENDING meters to metering, a chunk per
     * transaction, for whoever started it; ENQUEUED when none is left. A failed chunk is rolled back whole and the
     * campaign taken up again after the pause.
     *
     * @return false when another node holds it or a chunk failed
     */
    boolean enqueue(UUID id, Instant now, int chunkSize) {
        record Claimed(
                String tariffId,
                int version,
                int year,
                LocalDateTime activeFrom,
                String scheduleId,
                long requestedById,
                String requestedBy,
                String[] requestedByRoles,
                Long[] requestedByBranches) {}
        Optional<Claimed> claim = tx.execute(t -> jdbc.sql("""
                        update billing.meter_program_campaign set lease_until = :until
                        where id = :id and state = 'ENQUEUEING' and (lease_until is null or lease_until < :now)
                        returning tariff_id, version, year, active_from, schedule_id, requested_by_id, requested_by,
                                  requested_by_roles, requested_by_branches""")
                .param("until", Timestamp.from(now.plus(settings.lease())))
                .param("id", id)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Claimed(
                        rs.getString(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getObject(4, LocalDateTime.class),
                        rs.getString(5),
                        rs.getLong(6),
                        rs.getString(7),
                        (String[]) rs.getArray(8).getArray(),
                        (Long[]) rs.getArray(9).getArray()))
                .optional());
        if (claim.isEmpty()) return false;
        Claimed c = claim.get();
        // the chunks act for the clerk who asked, in their branches (and their intent scope, so a meter's job is found
        // again by its intent after a crash)
        Actor requester = new Actor(
                new UserId(c.requestedById()),
                Actor.Kind.STAFF,
                c.requestedBy(),
                Arrays.stream(c.requestedByRoles()).map(Role::valueOf).collect(Collectors.toSet()),
                Arrays.stream(c.requestedByBranches()).map(BranchId::new).collect(Collectors.toSet()));
        Instant switchAt = c.activeFrom().atZone(zone).toInstant();
        String reason =
                "time-of-use " + c.scheduleId() + " " + c.year() + " (" + c.tariffId() + " v" + c.version() + ")";
        try {
            List<ParameterWrite> writes = writes(c.tariffId(), c.version(), c.year(), c.activeFrom());
            for (int chunk = 0; ; chunk++) {
                int number = chunk;
                Integer handed = tx.execute(t -> {
                    List<Job> jobs = jdbc.sql("""
                                    select meter_id, account_id, asset, command_id, retries, state, refusal
                                    from billing.meter_program_job where campaign_id = :id and state = 'PENDING'
                                    order by meter_id limit :limit for update skip locked""")
                            .param("id", id)
                            .param("limit", Math.max(1, chunkSize))
                            .query(Job.class)
                            .list();
                    if (jobs.isEmpty()) return 0;
                    checkpoint.at(number, "read");
                    List<ProgramOutcome> outcomes = commands.programAll(
                            requester,
                            jobs.stream()
                                    .map(j -> new ProgramMeter(
                                            intent(id, j.meterId(), j.retries()),
                                            j.meterId(),
                                            writes,
                                            switchAt,
                                            j.retries() == 0 ? reason : reason + ", retry " + j.retries()))
                                    .toList());
                    checkpoint.at(number, "handed");
                    jdbc.sql("""
                                    update billing.meter_program_job j
                                       set state = case when o.refusal is null then 'QUEUED' else 'REFUSED' end,
                                           command_id = coalesce(o.command, j.command_id), refusal = o.refusal
                                    from unnest(cast(:meters as bigint[]), cast(:commands as uuid[]),
                                                cast(:refusals as text[])) as o(meter, command, refusal)
                                    where j.campaign_id = :id and j.meter_id = o.meter""")
                            .param("id", id)
                            .param(
                                    "meters",
                                    outcomes.stream()
                                            .map(ProgramOutcome::meterId)
                                            .toArray(Long[]::new))
                            .param(
                                    "commands",
                                    outcomes.stream()
                                            .map(ProgramOutcome::commandId)
                                            .toArray(UUID[]::new))
                            .param(
                                    "refusals",
                                    outcomes.stream()
                                            .map(o -> o.refusal() == null
                                                    ? null
                                                    : o.refusal().name())
                                            .toArray(String[]::new))
                            .update();
                    jdbc.sql("update billing.meter_program_campaign set lease_until = :until where id = :id")
                            .param("until", Timestamp.from(clock.instant().plus(settings.lease())))
                            .param("id", id)
                            .update();
                    return jobs.size();
                });
                if (handed == null || handed == 0) break;
            }
            tx.executeWithoutResult(t -> jdbc.sql("""
                            update billing.meter_program_campaign set state = 'ENQUEUED', lease_until = null,
                                   last_error = null
                            where id = :id and not exists (select 1 from billing.meter_program_job
                                                           where campaign_id = :id and state = 'PENDING')""").param("id", id).update());
            return true;
        } catch (RuntimeException e) {
            log.warn("Meter program campaign {} stopped; it is taken up again after a pause", id, e);
            String error = String.valueOf(e.getMessage());
            tx.executeWithoutResult(t -> jdbc.sql("""
                            update billing.meter_program_campaign set lease_until = :retry, last_error = :error
                            where id = :id""")
                    .param("retry", Timestamp.from(clock.instant().plus(settings.retryAfter())))
                    .param("error", error.length() > 500 ? error.substring(0, 500) : error)
                    .param("id", id)
                    .update());
            return false;
        }
    }

    private List<ParameterWrite> writes(String tariffId, int version, int year, LocalDateTime activeFrom) {
        return program(tariffId, version, year, activeFrom).stream()
                .map(p -> new ParameterWrite(p.id(), p.value(), p.meaning()))
                .toList();
    }

    /** The campaigns of the branches the caller sees, newest first. */
    @Transactional(readOnly = true)
    public List<CampaignView> list(Actor actor, int limit) {
        actor.require(Permission.BILLING);
        List<Long> scope = actor.branchScope();
        return jdbc
                .sql("""
                        select id from billing.meter_program_campaign
                        where cast(:scope as bigint[]) is null or branch_id = any(cast(:scope as bigint[]))
                        order by requested_at desc limit :limit""")
                .param("scope", scope == null ? null : scope.toArray(Long[]::new))
                .param("limit", Math.max(1, Math.min(limit, 200)))
                .query(UUID.class)
                .list()
                .stream()
                .map(i -> view(actor, i))
                .toList();
    }

    /**
     * A campaign with the counts of its meters, polled while it runs: one statement over the campaign's rows here, one
     * in metering over the states of the commands they were handed as ({@link MeterCommands#count}); no meter is
     * loaded. A handed-over meter whose command metering does not know counts as failed.
     */
    @Transactional(readOnly = true)
    public CampaignView view(Actor actor, UUID id) {
        Campaign c = campaign(actor, id);
        JobCounts jobs = jdbc.sql("""
                        select count(*) as meters,
                               count(*) filter (where state = 'PENDING') as pending,
                               count(*) filter (where state = 'REFUSED') as refused,
                               coalesce(array_agg(command_id) filter (where state = 'QUEUED'), '{}') as queued
                        from billing.meter_program_job where campaign_id = :id""")
                .param("id", id)
                .query((rs, n) ->
                        new JobCounts(rs.getInt("meters"), rs.getInt("pending"), rs.getInt("refused"), List.of((UUID[])
                                rs.getArray("queued").getArray())))
                .single();
        CommandCounts commands = this.commands.count(jobs.queued());
        int confirmed = commands.of(CommandState.VERIFIED) - commands.alreadyCurrent();
        int waiting = commands.of(CommandState.REQUESTED);
        int sent = commands.of(CommandState.SENT) + commands.of(CommandState.ACKNOWLEDGED);
        int failed = jobs.refused() + jobs.queued().size() - waiting - sent - confirmed - commands.alreadyCurrent();
        return new CampaignView(
                c.id(),
                c.tariffId(),
                c.version(),
                c.scheduleId(),
                c.branchId(),
                c.year(),
                c.activeFrom(),
                c.writes(),
                c.requestedBy(),
                c.requestedAt(),
                c.state(),
                jobs.meters(),
                jobs.pending(),
                waiting,
                sent,
                confirmed,
                commands.alreadyCurrent(),
                failed);
    }

    /**
     * A page of the campaign's meters with where each stands: the failed first (what a person acts on: REFUSED, FAILED,
     * EXPIRED, SUPERSEDED), then those on their way (PENDING, REQUESTED, SENT, ACKNOWLEDGED), then the done
     * (VERIFIED), by meter within each. Read on demand, never polled: the order needs each command's state, which
     * metering gives for the campaign's commands in one statement.
     */
    @Transactional(readOnly = true)
    public MeterPage meters(Actor actor, UUID id, int offset, int limit) {
        campaign(actor, id);
        List<Job> jobs = jobs(id);
        Map<UUID, MeterCommandStatus> status = statuses(jobs);
        List<MeterOutcome> all = jobs.stream()
                .map(j -> outcome(j, status))
                .sorted(Comparator.comparingInt(ProgrammingMeters::rank).thenComparingLong(MeterOutcome::meterId))
                .toList();
        int from = Math.clamp(offset, 0, all.size());
        int to = Math.min(all.size(), from + Math.clamp(limit, 1, MAX_PAGE));
        return new MeterPage(all.size(), from, List.copyOf(all.subList(from, to)));
    }

    private static MeterOutcome outcome(Job j, Map<UUID, MeterCommandStatus> status) {
        return switch (j.state()) {
            case "PENDING" ->
                new MeterOutcome(j.meterId(), j.asset(), j.accountId(), "PENDING", false, null, null, j.retries());
            case "REFUSED" ->
                new MeterOutcome(
                        j.meterId(), j.asset(), j.accountId(), "REFUSED", false, j.refusal(), null, j.retries());
            default -> {
                MeterCommandStatus s = status.get(j.commandId());
                CommandState state = s == null ? CommandState.FAILED : s.state();
                boolean failed = state == CommandState.FAILED
                        || state == CommandState.EXPIRED
                        || state == CommandState.SUPERSEDED;
                yield new MeterOutcome(
                        j.meterId(),
                        j.asset(),
                        j.accountId(),
                        state.name(),
                        s != null && s.alreadyCurrent(),
                        !failed ? null : s == null ? "UNKNOWN" : s.failure() != null ? s.failure() : state.name(),
                        s == null ? null : s.lastError(),
                        j.retries());
            }
        };
    }

    /** Failed first, then on their way, then done. */
    private static int rank(MeterOutcome o) {
        return switch (o.state()) {
            case "REFUSED", "FAILED", "EXPIRED", "SUPERSEDED" -> 0;
            case "VERIFIED" -> 2;
            default -> 1;
        };
    }

    private Campaign campaign(Actor actor, UUID id) {
        actor.require(Permission.BILLING);
        return jdbc.sql("""
                        select id, tariff_id, version, schedule_id, branch_id, year, active_from, writes, requested_by,
                               requested_at, state
                        from billing.meter_program_campaign where id = :id""")
                .param("id", id)
                .query(Campaign.class)
                .optional()
                .filter(c -> actor.sees(new BranchId(c.branchId())))
                .orElseThrow(() -> Problem.notFound("meter-program"));
    }

    private List<Job> jobs(UUID id) {
        return jdbc.sql("""
                        select meter_id, account_id, asset, command_id, retries, state, refusal
                        from billing.meter_program_job where campaign_id = :id order by meter_id""").param("id", id).query(Job.class).list();
    }

    private Map<UUID, MeterCommandStatus> statuses(List<Job> jobs) {
        return commands
                .statuses(jobs.stream()
                        .filter(j -> j.state().equals("QUEUED"))
                        .map(Job::commandId)
                        .toList())
                .stream()
                .collect(Collectors.toMap(MeterCommandStatus::commandId, Function.identity()));
    }

    /** The intent of a campaign's job for a meter: fixed, so asking again within the campaign is the same job. */
    static String intent(UUID campaign, long meterId, int retry) {
        return "tou:" + campaign + ":" + meterId + (retry == 0 ? "" : ":" + retry);
    }

    private static String hash(List<ParameterWrite> writes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (ParameterWrite w : writes) {
                sha.update(w.id().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                sha.update(w.value());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
