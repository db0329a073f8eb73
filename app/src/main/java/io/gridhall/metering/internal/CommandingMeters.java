package io.gridhall.metering.internal;

import io.gridhall.dlt645.ControlCommand;
import io.gridhall.dlt645.ControlSecurity;
import io.gridhall.dlt645.ControlType;
import io.gridhall.dlt645.DataIdentifier;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
import io.gridhall.dlt645.DecodeException;
import io.gridhall.dlt645.ErrorFlag;
import io.gridhall.dlt645.FunctionCode;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.OperatorCode;
import io.gridhall.dlt645.Password;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import io.gridhall.dlt645.StatusWord3;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.Permission;
import io.gridhall.metering.CommandAction;
import io.gridhall.metering.CommandCounts;
import io.gridhall.metering.CommandState;
import io.gridhall.metering.MeterCommandSettled;
import io.gridhall.metering.MeterCommandStatus;
import io.gridhall.metering.MeterCommandView;
import io.gridhall.metering.MeterCommands;
import io.gridhall.metering.ParameterWrite;
import io.gridhall.metering.ProgramMeter;
import io.gridhall.metering.ProgramOutcome;
import io.gridhall.metering.RequestCommand;
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
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Meter commands, crash-safe like the notification outbox (ADR 0007): recorded in a transaction with their audit
 * entry, then carried out by passes that claim due commands with {@code FOR UPDATE SKIP LOCKED} under a lease. A
 * claimed REQUESTED command becomes SENT with its attempt counted; its exchange with the meter runs outside any
 * transaction; the outcome is recorded only if the attempt number still matches (fencing), so a node that comes back
 * late changes nothing. A SENT command whose lease runs out (the process died, or hung) is taken back by the next
 * pass: retried, expired, failed after the allowed attempts, or superseded when a newer intent waits. The lease is
 * renewed just before the frame leaves, so a node that waited too long for the link sends nothing.
 *
 * <p>Intents for one meter are carried out in order (seq): a newer command waits while an older one is SENT or
 * ACKNOWLEDGED, so a command whose outcome is unknown is never marked SUPERSEDED while its exchange runs; once that
 * exchange ends without a reply the newer intent follows it. An acknowledged command is verified by reading status
 * word 3 (each read counted, bounded like sending) against the bits its control type actually produces.
 */
@Service
public class CommandingMeters implements MeterCommands {

    private static final Logger log = LoggerFactory.getLogger(CommandingMeters.class);
    private static final int BATCH = 200;
    private static final int MAX_NOTE = 500;

    record Row(
            UUID commandId,
            String intentId,
            long meterId,
            String action,
            String state,
            Instant validUntil,
            Instant requestedAt,
            long operatorId,
            String operatorName,
            String reason,
            int attempts,
            int maxAttempts,
            String lastError,
            UUID supersededBy,
            int verifyChecks,
            long seq,
            String programHash,
            int writesDone,
            boolean alreadyCurrent,
            String failure) {

        boolean program() {
            return CommandAction.PROGRAM.name().equals(action);
        }
    }

    private final JdbcClient jdbc;
    private final Meters meters;
    private final MeterExchange exchange;
    private final Audit audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration lease;
    private final Password password;
    /** The password of parameter writes (0x14); never logged, never in a step or audit entry. */
    private final Password programPassword;

    private final ControlSecurity security;
    private final AtomicBoolean working = new AtomicBoolean();
    /** Starts a pass as soon as a request commits (ADR 0023); null: a test drives passes itself. */
    private final AfterCommitWorker passes;

    /**
     * How commands are carried out.
     *
     * @param maxAttempts sends (and verification reads) a command is allowed
     * @param backoff pause before a command that got no reply is sent again
     * @param lease how long a claimed command is held before another pass takes it back
     * @param password the control password (0x1C); never logged
     * @param programPassword the parameter password of writes (0x14); never logged, never in a step or audit entry
     * @param security the ESAM step of 0x1C frames
     * @param passes starts a pass as soon as a request commits (the application's worker); null: a test drives passes
     *     itself
     */
    record Options(
            int maxAttempts,
            Duration backoff,
            Duration lease,
            Password password,
            Password programPassword,
            ControlSecurity security,
            AfterCommitWorker passes) {

        /** The same password for controls and writes, as most meters are set up. */
        Options(int maxAttempts, Duration backoff, Duration lease, Password password, ControlSecurity security) {
            this(maxAttempts, backoff, lease, password, password, security, null);
        }
    }

    @Autowired
    CommandingMeters(
            JdbcClient jdbc,
            Meters meters,
            HeadEnd headEnd,
            Audit audit,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock,
            @Value("${gridhall.headend.command-attempts:3}") int maxAttempts,
            @Value("${gridhall.headend.timeout:PT5S}") Duration timeout,
            @Value("${gridhall.headend.command-backoff:PT30S}") Duration backoff,
            @Value("${gridhall.headend.command-lease:PT2M}") Duration lease,
            @Value("${gridhall.headend.control-password:02000000}") String password,
            @Value("${gridhall.headend.program-password:${gridhall.headend.control-password:02000000}}")
                    String programPassword,
            ObjectProvider<ControlSecurity> security,
            AfterCommitWorkers workers) {
        // the ESAM step: a deployment whose meters encrypt 0x1C provides a bean backed by its security module
        this(
                jdbc,
                meters,
                (request, sealing, beforeSend) -> headEnd.exchangeOnOwnLink(request, timeout, sealing, beforeSend),
                audit,
                events,
                tx,
                clock,
                new Options(
                        maxAttempts,
                        backoff,
                        lease,
                        Password.parse(password),
                        Password.parse(programPassword),
                        security.getIfAvailable(() -> ControlSecurity.PLAIN),
                        workers.start("meter-command", 4, Duration.ofSeconds(10))));
        if (lease.compareTo(timeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("gridhall.headend.command-lease must be at least twice the timeout");
        }
    }

    CommandingMeters(
            JdbcClient jdbc,
            Meters meters,
            MeterExchange exchange,
            Audit audit,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock,
            Options options) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.exchange = exchange;
        this.audit = audit;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.maxAttempts = options.maxAttempts();
        this.backoff = options.backoff();
        this.lease = options.lease();
        this.password = options.password();
        this.programPassword = options.programPassword();
        this.security = options.security();
        this.passes = options.passes();
    }

    @Override
    @Transactional
    public MeterCommandView request(Actor operator, RequestCommand c) {
        operator.require(Permission.METER_COMMAND);
        if (c.action() == CommandAction.PROGRAM) throw Problem.badRequest("command-program-not-here");
        Meters.Meter meter = meters.byId(c.meterId())
                .filter(m -> ReviewingReadings.sees(operator, m.branchId()))
                .orElseThrow(() -> Problem.notFound("meter"));
        Instant now = clock.instant();
        String scope = intentScope(operator.branchScope());
        Optional<Row> existing = byIntent(scope, c.intentId());
        if (existing.isPresent()) {
            Row e = existing.get();
            if (e.meterId() != c.meterId() || !e.action().equals(c.action().name())) {
                throw Problem.conflict("intent-reused", c.intentId());
            }
            return view(e);
        }
        if (!c.validUntil().isAfter(now)) throw Problem.badRequest("command-already-expired");
        String reason = c.reason() == null ? null : c.reason().strip();
        if (c.action() == CommandAction.TRIP && !meaningful(reason)) {
            // cutting a customer's supply is answered for: the reason goes into the audit entry
            throw Problem.badRequest("command-reason-required");
        }
        // one request per meter at a time: the supersede below sees every older intent
        jdbc.sql("select meter_id from metering.meter where meter_id = :m for update")
                .param("m", c.meterId())
                .query(Long.class)
                .single();
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                insert into metering.meter_command (command_id, intent_scope, intent_id, meter_id, action, state,
                    valid_until, requested_at, operator_id, operator_name, reason, max_attempts, next_attempt, updated_at)
                values (:id, :scope, :intent, :meter, :action, 'REQUESTED', :until, :now, :op, :opName, :reason, :max,
                    :now, :now)
                on conflict (intent_scope, intent_id) do nothing""")
                .param("id", id)
                .param("scope", scope)
                .param("intent", c.intentId())
                .param("meter", c.meterId())
                .param("action", c.action().name())
                .param("until", Timestamp.from(c.validUntil()))
                .param("now", Timestamp.from(now))
                .param("op", operator.userId().value())
                .param("opName", operator.displayName())
                .param("reason", reason == null || reason.isEmpty() ? null : reason)
                .param("max", maxAttempts)
                .update();
        if (inserted == 0) return request(operator, c); // a concurrent request with the same intent won
        step(id, null, CommandState.REQUESTED, now, "by " + operator.displayName());

        // only commands not yet sent are superseded; one being sent or verified finishes first (claim waits)
        List<Row> superseded = jdbc.sql("""
                select * from metering.meter_command
                where meter_id = :meter and command_id <> :id and state = 'REQUESTED' and action <> 'PROGRAM'
                for update""")
                .param("meter", c.meterId())
                .param("id", id)
                .query(Row.class)
                .list();
        List<String> supersededIds = new ArrayList<>();
        for (Row old : superseded) {
            if (settle(old, CommandState.REQUESTED, CommandState.SUPERSEDED, "superseded by " + c.intentId(), id)) {
                supersededIds.add(old.commandId().toString());
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("commandId", id.toString());
        details.put("intentId", c.intentId());
        details.put("address", meter.address());
        details.put("validUntil", c.validUntil().toString());
        if (reason != null && !reason.isEmpty()) details.put("reason", reason);
        if (!supersededIds.isEmpty()) details.put("supersedes", supersededIds);
        audit.record(
                operator,
                "meter.command." + c.action().name().toLowerCase(java.util.Locale.ROOT),
                "meter",
                String.valueOf(c.meterId()),
                details);
        passAfterCommit();
        return view(byId(id).orElseThrow());
    }

    private void passAfterCommit() {
        if (passes != null) passes.afterCommit("pass", this::work);
    }

    @PreDestroy
    void stop() {
        if (passes != null) passes.close();
    }

    @Override
    @Transactional
    public MeterCommandView program(Actor operator, ProgramMeter p) {
        ProgramOutcome o = programAll(operator, List.of(p)).getFirst();
        if (o.refusal() != null)
            throw switch (o.refusal()) {
                case METER_UNKNOWN -> Problem.notFound("meter");
                case INTENT_REUSED -> Problem.conflict("intent-reused", p.intentId());
                case ALREADY_EXPIRED -> Problem.badRequest("command-already-expired");
            };
        return view(byId(o.commandId()).orElseThrow());
    }

    /** A meter's program decided on in {@link #programAll}: a new job to insert. */
    private record NewJob(UUID id, ProgramMeter program, String hash, String reason, Meters.Meter meter) {}

    @Override
    @Transactional
    public List<ProgramOutcome> programAll(Actor operator, List<ProgramMeter> programs) {
        if (!operator.has(Permission.BILLING)) operator.require(Permission.METER_COMMAND);
        if (programs.isEmpty()) return List.of();
        Instant now = clock.instant();
        String scope = intentScope(operator.branchScope());
        Long[] meterIds =
                programs.stream().map(ProgramMeter::meterId).distinct().sorted().toArray(Long[]::new);
        // one request per meter at a time (as request and program one by one): locked in id order, no deadlock
        Map<Long, Meters.Meter> known = new HashMap<>();
        jdbc.sql("select * from metering.meter where meter_id = any(:ids) order by meter_id for update")
                .param("ids", meterIds)
                .query(Meters.Meter.class)
                .list()
                .forEach(m -> known.put(m.meterId(), m));
        Map<String, Row> byIntent = new HashMap<>();
        jdbc.sql("select * from metering.meter_command where intent_scope = :s and intent_id = any(:i)")
                .param("s", scope)
                .param("i", programs.stream().map(ProgramMeter::intentId).toArray(String[]::new))
                .query(Row.class)
                .list()
                .forEach(r -> byIntent.put(r.intentId(), r));
        // the same program for the same meter is one job: the open one, or the latest program if it was confirmed
        Map<String, UUID> same = new HashMap<>();
        jdbc.sql("""
                        select * from metering.meter_command where meter_id = any(:ids) and action = 'PROGRAM'
                          and state in ('REQUESTED', 'SENT', 'ACKNOWLEDGED')""")
                .param("ids", meterIds)
                .query(Row.class)
                .list()
                .forEach(r -> same.put(r.meterId() + "/" + r.programHash(), r.commandId()));
        jdbc.sql("""
                        select distinct on (meter_id) * from metering.meter_command
                        where meter_id = any(:ids) and action = 'PROGRAM' order by meter_id, seq desc""").param("ids", meterIds).query(Row.class).list().stream()
                .filter(r -> r.state().equals(CommandState.VERIFIED.name()))
                .forEach(r -> same.putIfAbsent(r.meterId() + "/" + r.programHash(), r.commandId()));

        List<ProgramOutcome> outcomes = new ArrayList<>(programs.size());
        List<NewJob> created = new ArrayList<>();
        for (ProgramMeter p : programs) {
            Meters.Meter meter = known.get(p.meterId());
            String hash = programHash(p.writes());
            Row existing = byIntent.get(p.intentId());
            ProgramOutcome.Refusal refusal = null;
            UUID job = null;
            if (meter == null || !ReviewingReadings.sees(operator, meter.branchId()))
                refusal = ProgramOutcome.Refusal.METER_UNKNOWN;
            else if (existing != null) {
                if (existing.meterId() != p.meterId() || !hash.equals(existing.programHash()))
                    refusal = ProgramOutcome.Refusal.INTENT_REUSED;
                else job = existing.commandId();
            } else if (!p.validUntil().isAfter(now)) refusal = ProgramOutcome.Refusal.ALREADY_EXPIRED;
            else job = same.get(p.meterId() + "/" + hash);
            if (refusal == null && job == null) {
                String reason = p.reason() == null || p.reason().isBlank()
                        ? null
                        : p.reason().strip();
                if (reason != null && reason.length() > MAX_NOTE) reason = reason.substring(0, MAX_NOTE);
                NewJob n = new NewJob(UUID.randomUUID(), p, hash, reason, meter);
                created.add(n);
                job = n.id();
                same.put(p.meterId() + "/" + hash, job);
                byIntent.put(
                        p.intentId(),
                        new Row(
                                job,
                                p.intentId(),
                                p.meterId(),
                                "PROGRAM",
                                "REQUESTED",
                                p.validUntil(),
                                now,
                                0,
                                null,
                                reason,
                                0,
                                maxAttempts,
                                null,
                                null,
                                0,
                                0,
                                hash,
                                0,
                                false,
                                null));
            }
            outcomes.add(new ProgramOutcome(p.intentId(), p.meterId(), job, refusal));
        }
        if (created.isEmpty()) return outcomes;

        List<UUID> inserted = jdbc.sql("""
                        insert into metering.meter_command (command_id, intent_scope, intent_id, meter_id, action, state,
                            valid_until, requested_at, operator_id, operator_name, reason, max_attempts, next_attempt,
                            updated_at, program_hash)
                        select n.id, :scope, n.intent, n.meter, 'PROGRAM', 'REQUESTED', n.until, :now, :op, :opName,
                               n.reason, :max, :now, :now, n.hash
                        from unnest(cast(:ids as uuid[]), cast(:intents as text[]), cast(:meters as bigint[]),
                                    cast(:untils as timestamptz[]), cast(:reasons as text[]), cast(:hashes as text[]))
                             with ordinality as n(id, intent, meter, until, reason, hash, ord)
                        order by n.ord
                        on conflict (intent_scope, intent_id) do nothing
                        returning command_id""")
                .param("scope", scope)
                .param("now", Timestamp.from(now))
                .param("op", operator.userId().value())
                .param("opName", operator.displayName())
                .param("max", maxAttempts)
                .param("ids", created.stream().map(NewJob::id).toArray(UUID[]::new))
                .param(
                        "intents",
                        created.stream().map(n -> n.program().intentId()).toArray(String[]::new))
                .param(
                        "meters",
                        created.stream().map(n -> n.program().meterId()).toArray(Long[]::new))
                .param(
                        "untils",
                        created.stream()
                                .map(n -> n.program().validUntil().toString())
                                .toArray(String[]::new))
                .param("reasons", created.stream().map(NewJob::reason).toArray(String[]::new))
                .param("hashes", created.stream().map(NewJob::hash).toArray(String[]::new))
                .query(UUID.class)
                .list();
        if (inserted.size() < created.size()) {
            // a concurrent request recorded the same intent first (for another meter: the same meter's would have
            // waited on its lock and seen it): decided as if it had been there, the job left out
            Set<UUID> in = Set.copyOf(inserted);
            List<NewJob> lost =
                    created.stream().filter(n -> !in.contains(n.id())).toList();
            created.removeAll(lost);
            for (NewJob n : lost) {
                ProgramMeter p = n.program();
                Row winner = byIntent(scope, p.intentId()).orElseThrow();
                boolean matches = winner.meterId() == p.meterId() && n.hash().equals(winner.programHash());
                outcomes.replaceAll(o -> o.commandId() != null && o.commandId().equals(n.id())
                        ? new ProgramOutcome(
                                p.intentId(),
                                p.meterId(),
                                matches ? winner.commandId() : null,
                                matches ? null : ProgramOutcome.Refusal.INTENT_REUSED)
                        : o);
            }
            if (created.isEmpty()) return outcomes;
        }
        Map<String, List<NewJob>> byProgram = new LinkedHashMap<>();
        created.forEach(
                n -> byProgram.computeIfAbsent(n.hash(), h -> new ArrayList<>()).add(n));
        byProgram.values().forEach(jobs -> {
            List<ParameterWrite> writes = jobs.getFirst().program().writes();
            jdbc.sql("""
                            insert into metering.meter_command_write (command_id, ord, data_id, value, meaning)
                            select c.id, w.ord, w.data_id, decode(w.value, 'hex'), w.meaning
                            from unnest(cast(:commands as uuid[])) as c(id)
                            cross join unnest(cast(:ids as text[]), cast(:values as text[]), cast(:meanings as text[]))
                                 with ordinality as w(data_id, value, meaning, ord)""")
                    .param("commands", jobs.stream().map(NewJob::id).toArray(UUID[]::new))
                    .param(
                            "ids",
                            writes.stream()
                                    .map(w -> w.id().toString().replace(" ", ""))
                                    .toArray(String[]::new))
                    .param(
                            "values",
                            writes.stream()
                                    .map(w -> HexFormat.of().formatHex(w.value()))
                                    .toArray(String[]::new))
                    .param(
                            "meanings",
                            writes.stream().map(ParameterWrite::meaning).toArray(String[]::new))
                    .update();
        });
        jdbc.sql("""
                        insert into metering.meter_command_step (command_id, seq, from_state, to_state, at, note)
                        select n.id, 1, null, 'REQUESTED', :at, n.note
                        from unnest(cast(:ids as uuid[]), cast(:notes as text[])) as n(id, note)""")
                .param("at", Timestamp.from(now))
                .param("ids", created.stream().map(NewJob::id).toArray(UUID[]::new))
                .param(
                        "notes",
                        created.stream()
                                .map(n -> "by " + operator.displayName() + ", "
                                        + n.program().writes().size() + " writes")
                                .toArray(String[]::new))
                .update();

        // a newer program supersedes the meter's programs not yet sent; its remote controls are left alone
        Map<Long, NewJob> newest = new LinkedHashMap<>();
        created.forEach(n -> newest.put(n.program().meterId(), n));
        Map<Long, List<String>> supersededIds = new HashMap<>();
        for (Row old : jdbc.sql("""
                        select * from metering.meter_command where meter_id = any(:meters)
                          and command_id <> all(:ids) and state = 'REQUESTED' and action = 'PROGRAM' order by seq
                        for update""")
                .param("meters", newest.keySet().toArray(Long[]::new))
                .param("ids", newest.values().stream().map(NewJob::id).toArray(UUID[]::new))
                .query(Row.class)
                .list()) {
            NewJob by = newest.get(old.meterId());
            if (settle(
                    old,
                    CommandState.REQUESTED,
                    CommandState.SUPERSEDED,
                    "superseded by " + by.program().intentId(),
                    by.id()))
                supersededIds
                        .computeIfAbsent(old.meterId(), m -> new ArrayList<>())
                        .add(old.commandId().toString());
        }
        for (NewJob n : created) {
            ProgramMeter p = n.program();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("commandId", n.id().toString());
            details.put("intentId", p.intentId());
            details.put("address", n.meter().address());
            details.put("writes", p.writes().size());
            details.put("programHash", n.hash());
            details.put("validUntil", p.validUntil().toString());
            if (n.reason() != null) details.put("reason", n.reason());
            if (newest.get(p.meterId()) == n && supersededIds.containsKey(p.meterId()))
                details.put("supersedes", supersededIds.get(p.meterId()));
            audit.record(operator, "meter.command.program", "meter", String.valueOf(p.meterId()), details);
        }
        passAfterCommit();
        return outcomes;
    }

    /** SHA-256 over each write's identifier and value, in order: the program's content. */
    static String programHash(List<ParameterWrite> writes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (ParameterWrite w : writes) {
                sha.update(w.id().toWire());
                byte[] v = w.value();
                sha.update((byte) v.length);
                sha.update(v);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    @Transactional(readOnly = true)
    public List<MeterCommandStatus> statuses(Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) return List.of();
        return jdbc.sql("""
                        select c.*, (select count(*) from metering.meter_command_write w where w.command_id = c.command_id)
                          as writes
                        from metering.meter_command c where c.command_id = any(:ids)""")
                .param("ids", commandIds.toArray(UUID[]::new))
                .query((rs, n) -> new MeterCommandStatus(
                        rs.getObject("command_id", UUID.class),
                        rs.getLong("meter_id"),
                        CommandAction.valueOf(rs.getString("action")),
                        CommandState.valueOf(rs.getString("state")),
                        rs.getBoolean("already_current"),
                        rs.getString("failure"),
                        rs.getString("last_error"),
                        rs.getInt("attempts"),
                        rs.getInt("writes_done"),
                        rs.getInt("writes")))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public CommandCounts count(Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) return CommandCounts.NONE;
        Map<CommandState, Integer> byState = new EnumMap<>(CommandState.class);
        int[] current = {0};
        jdbc.sql("""
                        select state, count(*) as n, count(*) filter (where already_current) as current
                        from metering.meter_command where command_id = any(:ids) group by state""").param("ids", commandIds.toArray(UUID[]::new)).query(rs -> {
            byState.put(CommandState.valueOf(rs.getString("state")), rs.getInt("n"));
            current[0] += rs.getInt("current");
        });
        return new CommandCounts(byState, current[0]);
    }

    /** A reason says something: at least two letters or digits, not only blanks and punctuation. */
    public static boolean meaningful(String reason) {
        return reason != null
                && reason.codePoints().filter(Character::isLetterOrDigit).count() >= 2;
    }

    @Override
    @Transactional(readOnly = true)
    public List<MeterCommandView> history(long meterId) {
        return jdbc
                .sql("select * from metering.meter_command where meter_id = :m order by seq desc limit 200")
                .param("m", meterId)
                .query(Row.class)
                .list()
                .stream()
                .map(this::view)
                .toList();
    }

    public Optional<MeterCommandView> find(UUID id) {
        return byId(id).map(this::view);
    }

    /** Carries out due commands; one pass at a time in this process, any number of processes. */
    @Scheduled(fixedDelayString = "${gridhall.headend.command-poll:PT5S}")
    public void work() {
        if (!working.compareAndSet(false, true)) return;
        try {
            int claimed;
            do {
                claimed = pass(null);
            } while (claimed == BATCH);
        } finally {
            working.set(false);
        }
    }

    /**
     * One pass: expire, take back expired leases, claim a batch and carry it out; returns how many were claimed.
     *
     * @param meterIds only these meters' commands (tests, one meter's commands on a clock of their own); null: all
     */
    int pass(List<Long> meterIds) {
        Long[] scope = meterIds == null ? null : meterIds.toArray(Long[]::new);
        expireUnsent(scope);
        recoverExpiredLeases(scope);
        List<Row> batch = claim(scope);
        for (Row r : batch) {
            try {
                carryOut(r);
            } catch (RuntimeException e) {
                // the lease takes the command back
                log.warn("Command {} for meter {}: {}", r.commandId(), r.meterId(), e.getMessage());
            }
        }
        return batch.size();
    }

    /** REQUESTED commands whose valid-until passed are EXPIRED: the meter would refuse them. */
    void expireUnsent(Long[] scope) {
        tx.executeWithoutResult(t -> jdbc.sql("""
                        select * from metering.meter_command where state = 'REQUESTED' and valid_until <= :now
                          and (cast(:scope as bigint[]) is null or meter_id = any(cast(:scope as bigint[])))
                        order by seq limit :limit for update skip locked""")
                .param("now", Timestamp.from(clock.instant()))
                .param("scope", scope)
                .param("limit", BATCH)
                .query(Row.class)
                .list()
                .forEach(r ->
                        settle(r, CommandState.REQUESTED, CommandState.EXPIRED, "valid-until passed before sending")));
    }

    /**
     * SENT commands whose lease ran out: the process that claimed them died or hung, so the exchange is over and its
     * outcome unknown. A newer intent for the meter follows it (SUPERSEDED); otherwise it is tried again (the controls
     * are idempotent), unless its attempts or its validity are used up.
     */
    int recoverExpiredLeases(Long[] scope) {
        Integer recovered = tx.execute(t -> {
            Instant now = clock.instant();
            List<Row> lapsed = jdbc.sql("""
                    select * from metering.meter_command where state = 'SENT' and lease_until < :now
                      and (cast(:scope as bigint[]) is null or meter_id = any(cast(:scope as bigint[])))
                    order by seq limit :limit for update skip locked""")
                    .param("now", Timestamp.from(now))
                    .param("scope", scope)
                    .param("limit", BATCH)
                    .query(Row.class)
                    .list();
            for (Row r : lapsed) {
                String why = "lease expired in attempt " + r.attempts() + "; outcome unknown";
                Optional<UUID> newer = newerIntent(r);
                if (newer.isPresent()) {
                    settle(
                            r,
                            CommandState.SENT,
                            CommandState.SUPERSEDED,
                            why + "; a newer intent follows",
                            newer.get());
                } else if (!now.isBefore(r.validUntil())) {
                    settle(r, CommandState.SENT, CommandState.EXPIRED, why + "; valid-until passed");
                } else if (r.attempts() >= r.maxAttempts()) {
                    settle(r, CommandState.SENT, CommandState.FAILED, why + " after " + r.attempts() + " attempts");
                } else if (moveFenced(r, CommandState.SENT, CommandState.REQUESTED, why + "; retry", null)) {
                    jdbc.sql("""
                            update metering.meter_command set lease_until = null, next_attempt = :now,
                                last_error = 'lease expired' where command_id = :id""")
                            .param("now", Timestamp.from(now))
                            .param("id", r.commandId())
                            .update();
                }
            }
            if (!lapsed.isEmpty()) log.warn("Took back {} meter commands whose sending lease expired", lapsed.size());
            return lapsed.size();
        });
        return recovered == null ? 0 : recovered;
    }

    /**
     * Claims due commands under a lease: REQUESTED ones become SENT (attempt counted), ACKNOWLEDGED ones are leased
     * for a verification read (read counted). A command waits while an older one for its meter is not settled.
     */
    List<Row> claim(Long[] scope) {
        Instant now = clock.instant();
        return tx.execute(t -> {
            List<Row> claimed = jdbc.sql("""
                    update metering.meter_command c
                       set state = case when c.state = 'REQUESTED' then 'SENT' else c.state end,
                           attempts = c.attempts + case when c.state = 'REQUESTED' then 1 else 0 end,
                           verify_checks = c.verify_checks + case when c.state = 'ACKNOWLEDGED' then 1 else 0 end,
                           lease_until = :leaseUntil, updated_at = :now
                     where c.command_id in (
                           select x.command_id from metering.meter_command x
                            where x.state in ('REQUESTED', 'ACKNOWLEDGED') and x.next_attempt <= :now
                              and (x.state = 'ACKNOWLEDGED' or x.valid_until > :now)
                              and (x.lease_until is null or x.lease_until < :now)
                              and (cast(:scope as bigint[]) is null or x.meter_id = any(cast(:scope as bigint[])))
                              and not exists (select 1 from metering.meter_command o
                                    where o.meter_id = x.meter_id and o.seq < x.seq
                                      and o.state in ('REQUESTED', 'SENT', 'ACKNOWLEDGED'))
                            order by x.seq
                            limit :limit
                            for update of x skip locked)
                    returning c.*""")
                    .param("leaseUntil", Timestamp.from(now.plus(lease)))
                    .param("scope", scope)
                    .param("now", Timestamp.from(now))
                    .param("limit", BATCH)
                    .query(Row.class)
                    .list();
            for (Row r : claimed) {
                if (r.state().equals(CommandState.SENT.name())) {
                    step(r.commandId(), CommandState.REQUESTED, CommandState.SENT, now, "attempt " + r.attempts());
                }
            }
            return claimed.stream()
                    .sorted(java.util.Comparator.comparingLong(Row::seq))
                    .toList();
        });
    }

    /** Sends a claimed SENT command, or verifies a claimed ACKNOWLEDGED one; outcomes are fenced by the claim. */
    void carryOut(Row r) {
        if (r.program()) {
            if (r.state().equals(CommandState.ACKNOWLEDGED.name())) readBack(r);
            else write(r);
            return;
        }
        if (r.state().equals(CommandState.ACKNOWLEDGED.name())) {
            verify(r);
            return;
        }
        Meters.Meter meter = meters.byId(r.meterId()).orElseThrow();
        LocalDateTime validUntil =
                LocalDateTime.ofInstant(r.validUntil(), clock.getZone()).withNano(0);
        ControlCommand command = new ControlCommand(
                password, new OperatorCode(r.operatorId() & 0xFFFF_FFFFL), ControlType.valueOf(r.action()), validUntil);
        Optional<Reply> reply = exchange.exchange(
                new Request.Control(MeterAddress.of(meter.address()), command), security, () -> renewLease(r));
        if (reply.isEmpty()) {
            noReply(r);
            return;
        }
        switch (reply.get()) {
            case Reply.Acknowledged a -> {
                acknowledged(r, "meter accepted").ifPresent(this::verify);
            }
            case Reply.Abnormal a ->
                settleFenced(r, CommandState.SENT, CommandState.FAILED, "meter refused: " + a.controlErrors());
            default -> settleFenced(r, CommandState.SENT, CommandState.FAILED, "unexpected reply " + reply.get());
        }
    }

    /** A program's writes, in order. */
    List<ParameterWrite> writes(UUID commandId) {
        return jdbc.sql("""
                        select data_id, value, meaning from metering.meter_command_write where command_id = :id
                        order by ord""")
                .param("id", commandId)
                .query((rs, n) ->
                        new ParameterWrite(DataIdentifier.parse(rs.getString(1)), rs.getBytes(2), rs.getString(3)))
                .list();
    }

    /** What reading a program's items back showed: all as written, one differs (its index), or a read unanswered. */
    private record Compared(boolean answered, int firstDifferent, String note) {
        boolean same() {
            return answered && firstDifferent < 0;
        }
    }

    /** Reads each item of the program (0x11) and compares its value with the write's; stops at the first difference. */
    private Compared compare(MeterAddress address, List<ParameterWrite> writes, BooleanSupplier beforeSend) {
        for (int i = 0; i < writes.size(); i++) {
            ParameterWrite w = writes.get(i);
            Optional<Reply> reply =
                    exchange.exchange(new Request.Read(address, w.id()), ControlSecurity.PLAIN, beforeSend);
            if (reply.isEmpty()) return new Compared(false, i, "no reply to reading " + w.id());
            boolean same = reply.get() instanceof Reply.ReadData d
                    && d.id().equals(w.id())
                    && Arrays.equals(d.payload(), w.value());
            if (!same) {
                String shown = reply.get() instanceof Reply.ReadData d
                        ? HexFormat.of().formatHex(d.payload()).toUpperCase(java.util.Locale.ROOT)
                        : reply.get() instanceof Reply.Abnormal a ? "refused " + a.errors() : "unexpected reply";
                return new Compared(true, i, w.id() + " (" + w.meaning() + ") reads " + shown);
            }
        }
        return new Compared(true, -1, "all " + writes.size() + " items as written");
    }

    /**
     * Sends a claimed SENT program: on its first attempt the meter's items are read first (a meter that carries the
     * program already is VERIFIED without a write); then each write from the first the meter has not acknowledged in
     * this attempt, one frame at a time, the lease renewed before each; an abnormal reply fails the job with the
     * meter's reason, no reply puts it back for a retry that resumes there. All acknowledged: read back.
     */
    private void write(Row r) {
        MeterAddress address =
                MeterAddress.of(meters.byId(r.meterId()).orElseThrow().address());
        List<ParameterWrite> writes = writes(r.commandId());
        if (r.attempts() == 1 && r.writesDone() == 0) {
            Compared before = compare(address, writes, () -> renewLease(r));
            if (!before.answered()) {
                noReply(r);
                return;
            }
            if (before.same()) {
                tx.executeWithoutResult(t -> {
                    if (!moveFenced(
                            r, CommandState.SENT, CommandState.ACKNOWLEDGED, "meter already carries the program", null))
                        return;
                    jdbc.sql("update metering.meter_command set already_current = true where command_id = :id")
                            .param("id", r.commandId())
                            .update();
                    settled(
                            r,
                            move(r.commandId(), CommandState.ACKNOWLEDGED, CommandState.VERIFIED, before.note(), null),
                            CommandState.VERIFIED,
                            before.note(),
                            null);
                });
                return;
            }
        }
        OperatorCode operator = new OperatorCode(r.operatorId() & 0xFFFF_FFFFL);
        for (int i = r.writesDone(); i < writes.size(); i++) {
            ParameterWrite w = writes.get(i);
            Optional<Reply> reply = exchange.exchange(
                    new Request.Write(address, w.id(), programPassword, operator, w.value()),
                    ControlSecurity.PLAIN,
                    () -> renewLease(r));
            if (reply.isEmpty()) {
                noReply(r);
                return;
            }
            String which = "write " + (i + 1) + "/" + writes.size() + " " + w.id() + " (" + w.meaning() + ")";
            switch (reply.get()) {
                case Reply.Acknowledged a
                when a.function() == FunctionCode.WRITE -> {
                    int done = i + 1;
                    int counted = jdbc.sql("""
                            update metering.meter_command set writes_done = :done
                            where command_id = :id and state = 'SENT' and attempts = :a""")
                            .param("done", done)
                            .param("id", r.commandId())
                            .param("a", r.attempts())
                            .update();
                    if (counted == 0) return; // a later claim took the job over
                }
                case Reply.Abnormal a -> {
                    failFenced(
                            r,
                            CommandState.SENT,
                            refusal(a.errors()),
                            "meter refused " + which + ": " + describe(a.errors()));
                    return;
                }
                default -> {
                    failFenced(r, CommandState.SENT, "UNEXPECTED_REPLY", "unexpected reply to " + which);
                    return;
                }
            }
        }
        acknowledged(r, "meter accepted " + writes.size() + " writes").ifPresent(this::readBack);
    }

    /**
     * The meter accepted what was sent: ACKNOWLEDGED (if this node still holds the command), leased at once for the
     * first check that reads it back; the command as it is then, or nothing when another node took it.
     */
    private Optional<Row> acknowledged(Row r, String event) {
        return tx.execute(t -> {
            if (!moveFenced(r, CommandState.SENT, CommandState.ACKNOWLEDGED, event, null)) return Optional.<Row>empty();
            jdbc.sql("""
                    update metering.meter_command set verify_checks = verify_checks + 1,
                        lease_until = :lease, last_error = null where command_id = :id""")
                    .param("lease", Timestamp.from(clock.instant().plus(lease)))
                    .param("id", r.commandId())
                    .update();
            return byId(r.commandId());
        });
    }

    /**
     * Reads a claimed ACKNOWLEDGED program back and compares it: all as written is VERIFIED; a difference means a
     * write did not take (or another programmer changed it since): written again from the start while attempts
     * remain, else FAILED; an unanswered read is tried again, bounded like sending.
     */
    private void readBack(Row r) {
        MeterAddress address =
                MeterAddress.of(meters.byId(r.meterId()).orElseThrow().address());
        Compared after = compare(address, writes(r.commandId()), () -> renewVerifyLease(r));
        if (after.same()) {
            settleFenced(r, CommandState.ACKNOWLEDGED, CommandState.VERIFIED, "read back: " + after.note());
            return;
        }
        if (after.answered()) {
            String note = "read back differs: " + after.note();
            if (r.attempts() < r.maxAttempts() && newerIntent(r).isEmpty()) {
                tx.executeWithoutResult(t -> {
                    if (moveFenced(
                            r, CommandState.ACKNOWLEDGED, CommandState.REQUESTED, note + "; write again", null)) {
                        jdbc.sql("""
                                update metering.meter_command set verify_checks = 0, writes_done = 0, lease_until = null,
                                    next_attempt = :at, last_error = :e where command_id = :id""")
                                .param("at", Timestamp.from(clock.instant().plus(backoff)))
                                .param("e", note.length() > MAX_NOTE ? note.substring(0, MAX_NOTE) : note)
                                .param("id", r.commandId())
                                .update();
                    }
                });
            } else {
                failFenced(r, CommandState.ACKNOWLEDGED, "READBACK_MISMATCH", note);
            }
            return;
        }
        if (r.verifyChecks() >= r.maxAttempts()) {
            failFenced(
                    r,
                    CommandState.ACKNOWLEDGED,
                    "NO_REPLY",
                    "read back: " + after.note() + " after " + r.verifyChecks() + " reads");
            return;
        }
        checkAgainLater(r, "read back: " + after.note());
    }

    /** Leaves an ACKNOWLEDGED command for the next verification read after the back-off. */
    private void checkAgainLater(Row r, String note) {
        tx.executeWithoutResult(t -> {
            int updated = jdbc.sql("""
                    update metering.meter_command set next_attempt = :at, lease_until = null, updated_at = :now
                    where command_id = :id and state = 'ACKNOWLEDGED' and verify_checks = :v""")
                    .param("at", Timestamp.from(clock.instant().plus(backoff)))
                    .param("now", Timestamp.from(clock.instant()))
                    .param("id", r.commandId())
                    .param("v", r.verifyChecks())
                    .update();
            if (updated == 1) {
                step(
                        r.commandId(),
                        CommandState.ACKNOWLEDGED,
                        CommandState.ACKNOWLEDGED,
                        clock.instant(),
                        "verify " + r.verifyChecks() + ": " + note);
            }
        });
    }

    /** Before each read of a verification: still this claim's, and its lease renewed. */
    private boolean renewVerifyLease(Row r) {
        return jdbc.sql("""
                        update metering.meter_command set lease_until = :lease
                        where command_id = :id and state = 'ACKNOWLEDGED' and verify_checks = :v""")
                        .param("lease", Timestamp.from(clock.instant().plus(lease)))
                        .param("id", r.commandId())
                        .param("v", r.verifyChecks())
                        .update()
                == 1;
    }

    /** The reason code of a refused write: the weightiest error flag of the meter's reply. */
    static String refusal(Set<ErrorFlag> flags) {
        for (ErrorFlag f : List.of(
                ErrorFlag.PASSWORD_ERROR_OR_UNAUTHORISED,
                ErrorFlag.ANNUAL_TIME_ZONE_COUNT_EXCEEDED,
                ErrorFlag.DAILY_SLOT_COUNT_EXCEEDED,
                ErrorFlag.TARIFF_COUNT_EXCEEDED,
                ErrorFlag.NO_DATA_REQUESTED,
                ErrorFlag.BAUD_RATE_CANNOT_CHANGE,
                ErrorFlag.OTHER_ERROR)) if (flags.contains(f)) return f.name();
        return "REFUSED";
    }

    /** The error flags of an abnormal reply to a write, in words (DL/T 645-2007 error status byte). */
    static String describe(Set<ErrorFlag> flags) {
        if (flags.isEmpty()) return "no reason given";
        return flags.stream()
                .map(f -> switch (f) {
                    case PASSWORD_ERROR_OR_UNAUTHORISED -> "wrong password, or its level may not write this item";
                    case ANNUAL_TIME_ZONE_COUNT_EXCEEDED -> "more time zones than the meter holds";
                    case DAILY_SLOT_COUNT_EXCEEDED -> "more day slots than the meter holds";
                    case TARIFF_COUNT_EXCEEDED -> "more tariffs than the meter counts";
                    case NO_DATA_REQUESTED -> "the meter has no such item";
                    case BAUD_RATE_CANNOT_CHANGE -> "baud rate cannot change";
                    case OTHER_ERROR -> "other error (a value the meter does not accept)";
                })
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** Just before the frame leaves: still this claim's command, and its lease renewed for the exchange. */
    private boolean renewLease(Row r) {
        return jdbc.sql("""
                        update metering.meter_command set lease_until = :lease
                        where command_id = :id and state = 'SENT' and attempts = :a""")
                        .param("lease", Timestamp.from(clock.instant().plus(lease)))
                        .param("id", r.commandId())
                        .param("a", r.attempts())
                        .update()
                == 1;
    }

    private void noReply(Row r) {
        tx.executeWithoutResult(t -> {
            Instant now = clock.instant();
            Optional<UUID> newer = newerIntent(r);
            if (newer.isPresent()) {
                settleFenced(r, CommandState.SENT, CommandState.SUPERSEDED, "no reply; a newer intent follows", newer);
            } else if (r.attempts() >= r.maxAttempts()) {
                settleFenced(r, CommandState.SENT, CommandState.FAILED, "no reply after " + r.attempts() + " attempts");
            } else if (!now.isBefore(r.validUntil())) {
                settleFenced(r, CommandState.SENT, CommandState.EXPIRED, "no reply; valid-until passed");
            } else if (moveFenced(r, CommandState.SENT, CommandState.REQUESTED, "no reply; retry", null)) {
                jdbc.sql("""
                        update metering.meter_command set next_attempt = :at, lease_until = null,
                            last_error = 'no reply' where command_id = :id""")
                        .param("at", Timestamp.from(now.plus(backoff.multipliedBy(r.attempts()))))
                        .param("id", r.commandId())
                        .update();
            }
        });
    }

    /** The newest intent of the same kind (remote control, or program) for the same meter after this one, if any. */
    private Optional<UUID> newerIntent(Row r) {
        return jdbc.sql("""
                select command_id from metering.meter_command where meter_id = :m and seq > :seq
                  and (action = 'PROGRAM') = :program
                order by seq desc limit 1""")
                .param("m", r.meterId())
                .param("seq", r.seq())
                .param("program", r.program())
                .query(UUID.class)
                .optional();
    }

    /** Reads status word 3 on the meter's own link and checks the bits the control produces; bounded like sending. */
    private void verify(Row r) {
        Meters.Meter meter = meters.byId(r.meterId()).orElseThrow();
        MeterAddress address = MeterAddress.of(meter.address());
        Optional<DataValue.StatusBits> status = exchange.exchange(
                        new Request.Read(address, DataItems.STATUS_WORD_3), ControlSecurity.PLAIN, () -> true)
                .flatMap(CommandingMeters::statusBits);
        String word = status.map(s -> "status word 3 = " + String.format("%04X", s.bits()))
                .orElse("status not read");
        if (status.isPresent() && shows(CommandAction.valueOf(r.action()), status.get())) {
            settleFenced(r, CommandState.ACKNOWLEDGED, CommandState.VERIFIED, word);
            return;
        }
        // the status contradicts the command twice (a relay may take a moment): the acknowledgement was not this
        // command's (a late or duplicate one from an earlier exchange), or the meter did not act; send it again
        boolean contradicted = status.isPresent() && r.verifyChecks() >= 2;
        if (contradicted && r.attempts() < r.maxAttempts() && newerIntent(r).isEmpty()) {
            tx.executeWithoutResult(t -> {
                if (moveFenced(r, CommandState.ACKNOWLEDGED, CommandState.REQUESTED, word + "; send again", null)) {
                    jdbc.sql("""
                            update metering.meter_command set verify_checks = 0, lease_until = null,
                                next_attempt = :at, last_error = :e where command_id = :id""")
                            .param("at", Timestamp.from(clock.instant().plus(backoff)))
                            .param("e", "not shown: " + word)
                            .param("id", r.commandId())
                            .update();
                }
            });
            return;
        }
        if (contradicted || r.verifyChecks() >= r.maxAttempts()) {
            settleFenced(r, CommandState.ACKNOWLEDGED, CommandState.FAILED, "verify failed: " + word);
            return;
        }
        checkAgainLater(r, word);
    }

    private static Optional<DataValue.StatusBits> statusBits(Reply reply) {
        if (!(reply instanceof Reply.ReadData data) || !data.id().equals(DataItems.STATUS_WORD_3))
            return Optional.empty();
        try {
            List<DataValue> values = data.values();
            return !values.isEmpty() && values.getFirst() instanceof DataValue.StatusBits bits
                    ? Optional.of(bits)
                    : Optional.empty();
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether status word 3 shows what the control type does to a meter (DL/T 645-2007 status word 3: bit 4 relay
     * state, bit 6 relay command state, bit 7 pre-trip alarm; bit 12 protect, State Grid). A trip opens the relay
     * and sets the command state; "close permitted" clears only the command state (the relay closes when the
     * customer presses the button, which may be never); a direct close closes the relay; protect (保电) and its
     * release, alarm and its release, set and clear their own bit.
     */
    static boolean shows(CommandAction action, DataValue.StatusBits s) {
        return switch (action) {
            case TRIP -> s.isSet(StatusWord3.RELAY_OPEN) && s.isSet(StatusWord3.RELAY_COMMAND_OPEN);
            case CLOSE_PERMITTED -> !s.isSet(StatusWord3.RELAY_COMMAND_OPEN);
            case DIRECT_CLOSE -> !s.isSet(StatusWord3.RELAY_OPEN) && !s.isSet(StatusWord3.RELAY_COMMAND_OPEN);
            case ALARM_ON -> s.isSet(StatusWord3.PRE_TRIP_ALARM);
            case ALARM_OFF -> !s.isSet(StatusWord3.PRE_TRIP_ALARM);
            case PROTECT_ON -> s.isSet(StatusWord3.PROTECTED);
            case PROTECT_OFF -> !s.isSet(StatusWord3.PROTECTED);
            case PROGRAM -> throw new IllegalArgumentException("a program is verified by reading back its writes");
        };
    }

    /** Moves to a final state if the command is still where it was; publishes the outcome; false when not. */
    private boolean settle(Row r, CommandState from, CommandState to, String note) {
        return settle(r, from, to, note, null);
    }

    private boolean settle(Row r, CommandState from, CommandState to, String note, UUID supersededBy) {
        return Boolean.TRUE.equals(
                tx.execute(t -> settled(r, move(r.commandId(), from, to, note, supersededBy), to, note, null)));
    }

    /** As settle, and only if no later claim took the command over (same attempt and verification read). */
    private boolean settleFenced(Row r, CommandState from, CommandState to, String note) {
        return settleFenced(r, from, to, note, Optional.empty());
    }

    private boolean settleFenced(Row r, CommandState from, CommandState to, String note, Optional<UUID> by) {
        return Boolean.TRUE.equals(
                tx.execute(t -> settled(r, moveFenced(r, from, to, note, by.orElse(null)), to, note, null)));
    }

    /** As settleFenced to FAILED, with the reason code ({@link MeterCommandStatus#failure()}). */
    private boolean failFenced(Row r, CommandState from, String failure, String note) {
        return Boolean.TRUE.equals(tx.execute(t ->
                settled(r, moveFenced(r, from, CommandState.FAILED, note, null), CommandState.FAILED, note, failure)));
    }

    /** The reason code of a final state reached without one given: from the state and the note. */
    static String failureOf(CommandState to, String note) {
        return switch (to) {
            case EXPIRED -> "EXPIRED";
            case FAILED ->
                note.startsWith("no reply") || note.contains("lease expired")
                        ? "NO_REPLY"
                        : note.startsWith("verify failed") ? "VERIFY_FAILED" : "REFUSED";
            default -> null;
        };
    }

    private boolean settled(Row r, boolean moved, CommandState to, String note, String failure) {
        if (!moved) {
            log.info("Command {} was taken over by a later claim; its result is dropped", r.commandId());
            return false;
        }
        jdbc.sql("""
                update metering.meter_command set lease_until = null,
                    last_error = case when :failed then :e else last_error end, failure = :failure
                where command_id = :id""")
                .param("failed", to == CommandState.FAILED)
                .param("e", note.length() > MAX_NOTE ? note.substring(0, MAX_NOTE) : note)
                .param("failure", failure != null ? failure : failureOf(to, note))
                .param("id", r.commandId())
                .update();
        events.publishEvent(new MeterCommandSettled(
                r.commandId(), r.intentId(), r.meterId(), CommandAction.valueOf(r.action()), to));
        return true;
    }

    /** Moves a command from one state to another if it is still in the first; false when it was not. */
    boolean move(UUID id, CommandState from, CommandState to, String note, UUID supersededBy) {
        return move(id, from, to, note, supersededBy, null, null);
    }

    private boolean moveFenced(Row r, CommandState from, CommandState to, String note, UUID supersededBy) {
        return move(r.commandId(), from, to, note, supersededBy, r.attempts(), r.verifyChecks());
    }

    private boolean move(
            UUID id,
            CommandState from,
            CommandState to,
            String note,
            UUID supersededBy,
            Integer attempts,
            Integer verifyChecks) {
        from.moveTo(to); // the table decides; an illegal move is a programming error
        Instant now = clock.instant();
        int changed = jdbc.sql("""
                update metering.meter_command set state = :to, updated_at = :now,
                    superseded_by = coalesce(:by, superseded_by)
                where command_id = :id and state = :from
                  and (cast(:attempts as int) is null or attempts = :attempts)
                  and (cast(:checks as int) is null or verify_checks = :checks)""")
                .param("to", to.name())
                .param("now", Timestamp.from(now))
                .param("by", supersededBy)
                .param("id", id)
                .param("from", from.name())
                .param("attempts", attempts)
                .param("checks", verifyChecks)
                .update();
        if (changed == 1) step(id, from, to, now, note);
        return changed == 1;
    }

    private void step(UUID id, CommandState from, CommandState to, Instant at, String note) {
        jdbc.sql("""
                insert into metering.meter_command_step (command_id, seq, from_state, to_state, at, note)
                values (:id, (select coalesce(max(seq), 0) + 1 from metering.meter_command_step where command_id = :id),
                        :from, :to, :at, :note)""")
                .param("id", id)
                .param("from", from == null ? null : from.name())
                .param("to", to.name())
                .param("at", Timestamp.from(at))
                .param("note", note.length() > MAX_NOTE ? note.substring(0, MAX_NOTE) : note)
                .update();
    }

    /**
     * The namespace of a caller's intent ids, as reading deliveries' keys are per branch scope: {@code *} for staff who
     * see every branch, else their sorted branch ids. Another branch's use of an intent id is never seen.
     */
    static String intentScope(List<Long> branchScope) {
        if (branchScope == null) return "*";
        return branchScope.stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    private Optional<Row> byIntent(String scope, String intent) {
        return jdbc.sql("select * from metering.meter_command where intent_scope = :s and intent_id = :i")
                .param("s", scope)
                .param("i", intent)
                .query(Row.class)
                .optional();
    }

    private Optional<Row> byId(UUID id) {
        return jdbc.sql("select * from metering.meter_command where command_id = :id")
                .param("id", id)
                .query(Row.class)
                .optional();
    }

    private MeterCommandView view(Row r) {
        List<MeterCommandView.Step> steps = jdbc.sql("""
                select from_state, to_state, at, note from metering.meter_command_step where command_id = :id order by seq""")
                .param("id", r.commandId())
                .query((rs, n) -> new MeterCommandView.Step(
                        rs.getString(1) == null ? null : CommandState.valueOf(rs.getString(1)),
                        CommandState.valueOf(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(),
                        rs.getString(4)))
                .list();
        return new MeterCommandView(
                r.commandId(),
                r.intentId(),
                r.meterId(),
                CommandAction.valueOf(r.action()),
                CommandState.valueOf(r.state()),
                r.validUntil(),
                r.requestedAt(),
                r.operatorName(),
                r.reason(),
                r.attempts(),
                r.lastError(),
                r.supersededBy(),
                r.failure(),
                r.alreadyCurrent(),
                r.writesDone(),
                r.program() ? writes(r.commandId()).size() : 0,
                steps);
    }
}
