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
import io.gridhall.metering.CommandState;
import io.gridhall.metering.MeterCommandStatus;
import io.gridhall.metering.MeterCommands;
import io.gridhall.metering.ParameterWrite;
import io.gridhall.metering.ProgramMeter;
import io.gridhall.shared.Problem;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends a tariff's time-of-use calendar to the meters of a branch (下发时段/节假日到电表, MR-3): the writes of {@link
 * MeterProgramming} for the tariff version's schedule and a year, as one metering programming job per meter of the
 * branch whose account is on the tariff, carried out by metering's command path (ADR 0009). Progress and failures
 * come from those jobs; a clerk retries the failed ones. Starting and retrying are audited and branch-scoped.
 */
@Service
public class ProgrammingMeters {

    /** What the meters of a campaign have come to: counts, and each failed meter with its reason. */
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
            int meters,
            int waiting,
            int sent,
            int confirmed,
            int alreadyCurrent,
            int failed,
            List<MeterOutcome> failures) {}

    /** @param failure the reason code ({@link MeterCommandStatus#failure()}), {@code lastError} its words */
    public record MeterOutcome(
            long meterId, String asset, long accountId, String state, String failure, String lastError, int retries) {}

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
            Instant requestedAt) {}

    private record Job(long meterId, long accountId, String asset, UUID commandId, int retries) {}

    private final JdbcClient jdbc;
    private final Tariffs tariffs;
    private final Customers customers;
    private final Grid grid;
    private final MeterCommands commands;
    private final Audit audit;
    private final Clock clock;
    private final ZoneId zone;

    ProgrammingMeters(
            JdbcClient jdbc,
            Tariffs tariffs,
            Customers customers,
            Grid grid,
            MeterCommands commands,
            Audit audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.tariffs = tariffs;
        this.customers = customers;
        this.grid = grid;
        this.commands = commands;
        this.audit = audit;
        this.clock = clock;
        this.zone = clock.getZone(); // the meters' clocks and the switch time are the utility's local time
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
     * today). A meter whose job for the same writes is open or confirmed keeps it (metering does not duplicate it).
     */
    @Transactional
    public CampaignView start(
            Actor actor, String tariffId, int version, BranchId branch, int year, LocalDateTime activeFrom) {
        actor.require(Permission.BILLING);
        if (!actor.sees(branch) || grid.branch(branch).isEmpty()) throw Problem.notFound("branch");
        if (year < 2000 || year > 2099 || activeFrom.getYear() < 2000 || activeFrom.getYear() > 2099)
            throw Problem.badRequest("meter-program-year");
        Instant switchAt = activeFrom.atZone(zone).toInstant();
        if (!switchAt.isAfter(clock.instant())) throw Problem.badRequest("meter-program-active-from");
        String category = tariffs.tariff(tariffId)
                .orElseThrow(() -> Problem.notFound("tariff"))
                .category();
        List<MeterProgramming.Parameter> parameters = program(tariffId, version, year, activeFrom);
        List<ParameterWrite> writes = parameters.stream()
                .map(p -> new ParameterWrite(p.id(), p.value(), p.meaning()))
                .toList();
        String scheduleId = tariffs.version(tariffId, version)
                .orElseThrow()
                .energy()
                .schedule()
                .id();

        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        List<Long> onTariff = customers.accounts(customers.billableAccountIds(branch)).stream()
                .filter(a -> category.equals(a.tariffCategory()))
                .map(SupplyAccountView::id)
                .toList();
        Map<Long, List<MeteringPointView>> points = grid.meteringPoints(onTariff, today, today);

        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into billing.meter_program_campaign (id, tariff_id, version, schedule_id, branch_id, year,
                    active_from, program_hash, writes, requested_by, requested_by_id, requested_at)
                values (:id, :tariff, :version, :schedule, :branch, :year, :from, :hash, :writes, :by, :byId, :now)""")
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
                .param("now", Timestamp.from(now))
                .update();
        String reason = "time-of-use " + scheduleId + " " + year + " (" + tariffId + " v" + version + ")";
        int meters = 0;
        for (Long account : onTariff) {
            for (MeteringPointView p : points.getOrDefault(account, List.of())) {
                if (!p.covers(today)) continue;
                var job = commands.program(
                        actor,
                        new ProgramMeter(
                                intent(id, p.meter().id(), 0), p.meter().id(), writes, switchAt, reason));
                jdbc.sql("""
                        insert into billing.meter_program_job (campaign_id, meter_id, account_id, asset, command_id)
                        values (:c, :m, :a, :asset, :cmd) on conflict do nothing""")
                        .param("c", id)
                        .param("m", p.meter().id())
                        .param("a", account)
                        .param("asset", p.meter().assetNumber())
                        .param("cmd", job.commandId())
                        .update();
                meters++;
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tariff", tariffId);
        details.put("version", version);
        details.put("schedule", scheduleId);
        details.put("branch", branch.value());
        details.put("year", year);
        details.put("activeFrom", activeFrom.toString());
        details.put("meters", meters);
        audit.record(actor, "billing.meter-program.start", "meter_program_campaign", id.toString(), details);
        return view(actor, id);
    }

    /** Sends again to each meter of the campaign whose job FAILED or EXPIRED; audited when there was one. */
    @Transactional
    public CampaignView retryFailed(Actor actor, UUID id) {
        Campaign c = campaign(actor, id);
        Instant switchAt = c.activeFrom().atZone(zone).toInstant();
        if (!switchAt.isAfter(clock.instant())) throw Problem.conflict("meter-program-too-late");
        List<Job> jobs = jobs(id);
        Map<UUID, MeterCommandStatus> status = statuses(jobs);
        List<ParameterWrite> writes = null;
        List<Long> retried = new ArrayList<>();
        for (Job j : jobs) {
            MeterCommandStatus s = status.get(j.commandId());
            if (s == null || (s.state() != CommandState.FAILED && s.state() != CommandState.EXPIRED)) continue;
            if (writes == null)
                writes = program(c.tariffId(), c.version(), c.year(), c.activeFrom()).stream()
                        .map(p -> new ParameterWrite(p.id(), p.value(), p.meaning()))
                        .toList();
            var job = commands.program(
                    actor,
                    new ProgramMeter(
                            intent(id, j.meterId(), j.retries() + 1),
                            j.meterId(),
                            writes,
                            switchAt,
                            "time-of-use " + c.scheduleId() + " " + c.year() + ", retry " + (j.retries() + 1)));
            jdbc.sql("""
                    update billing.meter_program_job set command_id = :cmd, retries = retries + 1
                    where campaign_id = :c and meter_id = :m""")
                    .param("cmd", job.commandId())
                    .param("c", id)
                    .param("m", j.meterId())
                    .update();
            retried.add(j.meterId());
        }
        if (!retried.isEmpty())
            audit.record(
                    actor,
                    "billing.meter-program.retry",
                    "meter_program_campaign",
                    id.toString(),
                    Map.of("meters", retried.size()));
        return view(actor, id);
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

    @Transactional(readOnly = true)
    public CampaignView view(Actor actor, UUID id) {
        Campaign c = campaign(actor, id);
        List<Job> jobs = jobs(id);
        Map<UUID, MeterCommandStatus> status = statuses(jobs);
        int waiting = 0, sent = 0, confirmed = 0, current = 0, failed = 0;
        List<MeterOutcome> failures = new ArrayList<>();
        for (Job j : jobs) {
            MeterCommandStatus s = status.get(j.commandId());
            CommandState state = s == null ? CommandState.FAILED : s.state();
            switch (state) {
                case REQUESTED -> waiting++;
                case SENT, ACKNOWLEDGED -> sent++;
                case VERIFIED -> {
                    if (s.alreadyCurrent()) current++;
                    else confirmed++;
                }
                default -> {
                    failed++;
                    failures.add(new MeterOutcome(
                            j.meterId(),
                            j.asset(),
                            j.accountId(),
                            state.name(),
                            s == null ? "UNKNOWN" : s.failure() != null ? s.failure() : state.name(),
                            s == null ? null : s.lastError(),
                            j.retries()));
                }
            }
        }
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
                jobs.size(),
                waiting,
                sent,
                confirmed,
                current,
                failed,
                failures);
    }

    private Campaign campaign(Actor actor, UUID id) {
        actor.require(Permission.BILLING);
        return jdbc.sql("""
                        select id, tariff_id, version, schedule_id, branch_id, year, active_from, writes, requested_by,
                               requested_at
                        from billing.meter_program_campaign where id = :id""")
                .param("id", id)
                .query(Campaign.class)
                .optional()
                .filter(c -> actor.sees(new BranchId(c.branchId())))
                .orElseThrow(() -> Problem.notFound("meter-program"));
    }

    private List<Job> jobs(UUID id) {
        return jdbc.sql("""
                        select meter_id, account_id, asset, command_id, retries from billing.meter_program_job
                        where campaign_id = :id order by meter_id""").param("id", id).query(Job.class).list();
    }

    private Map<UUID, MeterCommandStatus> statuses(List<Job> jobs) {
        return commands.statuses(jobs.stream().map(Job::commandId).toList()).stream()
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
