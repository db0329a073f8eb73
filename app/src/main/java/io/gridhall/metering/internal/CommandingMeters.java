package io.gridhall.metering.internal;

import io.gridhall.dlt645.ControlCommand;
import io.gridhall.dlt645.ControlSecurity;
import io.gridhall.dlt645.ControlType;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
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
import io.gridhall.metering.CommandState;
import io.gridhall.metering.MeterCommandSettled;
import io.gridhall.metering.MeterCommandView;
import io.gridhall.metering.MeterCommands;
import io.gridhall.metering.RequestCommand;
import io.gridhall.shared.Problem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Meter commands: recorded in a transaction with their audit entry, then carried out by a worker
 * that sends each due command once per pass, backs off after a timeout, gives up after the allowed
 * attempts, and verifies the outcome by reading status word 3. Every state change is guarded by the
 * state it leaves (so a racing supersede wins cleanly) and recorded as a step.
 */
@Service
public class CommandingMeters implements MeterCommands {

    private static final Logger log = LoggerFactory.getLogger(CommandingMeters.class);

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
            UUID supersededBy) {}

    private final JdbcClient jdbc;
    private final Meters meters;
    private final HeadEnd headEnd;
    private final ReadingMeters reading;
    private final Audit audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration timeout;
    private final Duration backoff;
    private final Password password;
    private final ControlSecurity security;
    private final AtomicBoolean working = new AtomicBoolean();

    CommandingMeters(
            JdbcClient jdbc,
            Meters meters,
            HeadEnd headEnd,
            ReadingMeters reading,
            Audit audit,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock,
            @Value("${gridhall.headend.command-attempts:3}") int maxAttempts,
            @Value("${gridhall.headend.timeout:PT5S}") Duration timeout,
            @Value("${gridhall.headend.command-backoff:PT30S}") Duration backoff,
            @Value("${gridhall.headend.control-password:02000000}") String password,
            ObjectProvider<ControlSecurity> security) {
        // the ESAM step: a deployment whose meters encrypt 0x1C provides a bean backed by its security module
        this.security = security.getIfAvailable(() -> ControlSecurity.PLAIN);
        this.jdbc = jdbc;
        this.meters = meters;
        this.headEnd = headEnd;
        this.reading = reading;
        this.audit = audit;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.backoff = backoff;
        this.password = Password.parse(password);
    }

    @Override
    @Transactional
    public MeterCommandView request(Actor operator, RequestCommand c) {
        operator.require(Permission.METER_COMMAND);
        Meters.Meter meter = meters.byId(c.meterId())
                .filter(m -> ReviewingReadings.sees(operator, m.branchId()))
                .orElseThrow(() -> Problem.notFound("meter"));
        Instant now = clock.instant();
        Optional<Row> existing = byIntent(c.intentId());
        if (existing.isPresent()) {
            Row e = existing.get();
            if (e.meterId() != c.meterId() || !e.action().equals(c.action().name())) {
                throw Problem.conflict("intent-reused", c.intentId());
            }
            return view(e);
        }
        if (!c.validUntil().isAfter(now)) throw Problem.badRequest("command-already-expired");
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                insert into metering.meter_command (command_id, intent_id, meter_id, action, state, valid_until,
                    requested_at, operator_id, operator_name, reason, max_attempts, next_attempt, updated_at)
                values (:id, :intent, :meter, :action, 'REQUESTED', :until, :now, :op, :opName, :reason, :max, :now, :now)
                on conflict (intent_id) do nothing""")
                .param("id", id)
                .param("intent", c.intentId())
                .param("meter", c.meterId())
                .param("action", c.action().name())
                .param("until", Timestamp.from(c.validUntil()))
                .param("now", Timestamp.from(now))
                .param("op", operator.userId().value())
                .param("opName", operator.displayName())
                .param("reason", c.reason())
                .param("max", maxAttempts)
                .update();
        if (inserted == 0) return request(operator, c); // a concurrent request with the same intent won
        step(id, null, CommandState.REQUESTED, now, "by " + operator.displayName());

        List<UUID> superseded = jdbc.sql("""
                select command_id from metering.meter_command
                where meter_id = :meter and command_id <> :id and state in ('REQUESTED', 'SENT')
                  and requested_at <= :now for update""")
                .param("meter", c.meterId())
                .param("id", id)
                .param("now", Timestamp.from(now))
                .query(UUID.class)
                .list();
        for (UUID old : superseded) {
            String from = jdbc.sql("select state from metering.meter_command where command_id = :id")
                    .param("id", old)
                    .query(String.class)
                    .single();
            if (move(old, CommandState.valueOf(from), CommandState.SUPERSEDED, "superseded by " + c.intentId(), id)) {
                Row r = byId(old).orElseThrow();
                events.publishEvent(new MeterCommandSettled(
                        old, r.intentId(), r.meterId(), CommandAction.valueOf(r.action()), CommandState.SUPERSEDED));
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("commandId", id.toString());
        details.put("intentId", c.intentId());
        details.put("address", meter.address());
        details.put("validUntil", c.validUntil().toString());
        if (c.reason() != null) details.put("reason", c.reason());
        if (!superseded.isEmpty())
            details.put("supersedes", superseded.stream().map(UUID::toString).toList());
        audit.record(
                operator,
                "meter.command." + c.action().name().toLowerCase(java.util.Locale.ROOT),
                "meter",
                String.valueOf(c.meterId()),
                details);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Thread.ofVirtual().name("meter-command").start(CommandingMeters.this::work);
                }
            });
        }
        return view(byId(id).orElseThrow());
    }

    @Override
    @Transactional(readOnly = true)
    public List<MeterCommandView> history(long meterId) {
        return jdbc
                .sql("select * from metering.meter_command where meter_id = :m order by requested_at desc limit 200")
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

    /** Carries out due commands; one pass at a time. */
    @Scheduled(fixedDelayString = "${gridhall.headend.command-poll:PT5S}")
    public void work() {
        if (!working.compareAndSet(false, true)) return;
        try {
            List<Row> due = jdbc.sql("""
                    select * from metering.meter_command
                    where state in ('REQUESTED', 'ACKNOWLEDGED') and next_attempt <= :now
                    order by requested_at limit 200""")
                    .param("now", Timestamp.from(clock.instant()))
                    .query(Row.class)
                    .list();
            for (Row r : due) {
                try {
                    if (r.state().equals("REQUESTED")) send(r);
                    else verify(r);
                } catch (RuntimeException e) {
                    log.warn("Command {} for meter {}: {}", r.commandId(), r.meterId(), e.getMessage());
                }
            }
        } finally {
            working.set(false);
        }
    }

    private void send(Row r) {
        Instant now = clock.instant();
        if (now.isAfter(r.validUntil())) {
            settle(r, CommandState.REQUESTED, CommandState.EXPIRED, "valid-until passed before sending");
            return;
        }
        Meters.Meter meter = meters.byId(r.meterId()).orElseThrow();
        int attempt = r.attempts() + 1;
        boolean claimed = Boolean.TRUE.equals(tx.execute(t -> {
            if (!move(r.commandId(), CommandState.REQUESTED, CommandState.SENT, "attempt " + attempt, null))
                return false;
            jdbc.sql("update metering.meter_command set attempts = :a where command_id = :id")
                    .param("a", attempt)
                    .param("id", r.commandId())
                    .update();
            return true;
        }));
        if (!claimed) return;
        LocalDateTime validUntil =
                LocalDateTime.ofInstant(r.validUntil(), clock.getZone()).withNano(0);
        ControlCommand command = new ControlCommand(
                password, new OperatorCode(r.operatorId() & 0xFFFF_FFFFL), ControlType.valueOf(r.action()), validUntil);
        Optional<Reply> reply =
                headEnd.exchange(new Request.Control(MeterAddress.of(meter.address()), command), timeout, security);
        if (reply.isEmpty()) {
            if (attempt >= r.maxAttempts()) {
                settle(r, CommandState.SENT, CommandState.FAILED, "no reply after " + attempt + " attempts");
            } else {
                tx.executeWithoutResult(t -> {
                    if (move(r.commandId(), CommandState.SENT, CommandState.REQUESTED, "no reply; retry", null)) {
                        jdbc.sql(
                                        "update metering.meter_command set next_attempt = :at, last_error = 'no reply' where command_id = :id")
                                .param("at", Timestamp.from(clock.instant().plus(backoff.multipliedBy(attempt))))
                                .param("id", r.commandId())
                                .update();
                    }
                });
            }
            return;
        }
        switch (reply.get()) {
            case Reply.Acknowledged a -> {
                tx.executeWithoutResult(
                        t -> move(r.commandId(), CommandState.SENT, CommandState.ACKNOWLEDGED, "meter accepted", null));
                verify(byId(r.commandId()).orElseThrow());
            }
            case Reply.Abnormal a ->
                settle(r, CommandState.SENT, CommandState.FAILED, "meter refused: " + a.controlErrors());
            default -> settle(r, CommandState.SENT, CommandState.FAILED, "unexpected reply " + reply.get());
        }
    }

    /** Reads status word 3 and checks the commanded state; bounded like sending. */
    private void verify(Row r) {
        if (!r.state().equals("ACKNOWLEDGED")) return;
        Meters.Meter meter = meters.byId(r.meterId()).orElseThrow();
        Optional<DataValue.StatusBits> status = reading.read(MeterAddress.of(meter.address()), DataItems.STATUS_WORD_3)
                .filter(v -> !v.isEmpty() && v.getFirst() instanceof DataValue.StatusBits)
                .map(v -> (DataValue.StatusBits) v.getFirst());
        int checks =
                jdbc.sql("""
                select count(*) from metering.meter_command_step where command_id = :id and note like 'verify%'""").param("id", r.commandId()).query(Integer.class).single();
        if (status.isPresent() && shows(CommandAction.valueOf(r.action()), status.get())) {
            settle(
                    r,
                    CommandState.ACKNOWLEDGED,
                    CommandState.VERIFIED,
                    "status word 3 = " + String.format("%04X", status.get().bits()));
            return;
        }
        String why = status.isEmpty()
                ? "status not read"
                : "status word 3 = " + String.format("%04X", status.get().bits());
        if (checks + 1 >= r.maxAttempts()
                && !CommandAction.CLOSE_PERMITTED.name().equals(r.action())) {
            settle(r, CommandState.ACKNOWLEDGED, CommandState.FAILED, "verify failed: " + why);
            return;
        }
        // a close-permitted command waits for the customer's button until it is no longer valid
        if (CommandAction.CLOSE_PERMITTED.name().equals(r.action())
                && clock.instant().isAfter(r.validUntil())) {
            settle(r, CommandState.ACKNOWLEDGED, CommandState.FAILED, "not closed by the customer before valid-until");
            return;
        }
        tx.executeWithoutResult(t -> {
            step(
                    r.commandId(),
                    CommandState.ACKNOWLEDGED,
                    CommandState.ACKNOWLEDGED,
                    clock.instant(),
                    "verify: " + why);
            jdbc.sql("update metering.meter_command set next_attempt = :at where command_id = :id")
                    .param("at", Timestamp.from(clock.instant().plus(backoff)))
                    .param("id", r.commandId())
                    .update();
        });
    }

    static boolean shows(CommandAction action, DataValue.StatusBits s) {
        return switch (action) {
            case TRIP -> s.isSet(StatusWord3.RELAY_OPEN);
            case CLOSE_PERMITTED, DIRECT_CLOSE -> !s.isSet(StatusWord3.RELAY_OPEN);
            case ALARM_ON -> s.isSet(StatusWord3.PRE_TRIP_ALARM);
            case ALARM_OFF -> !s.isSet(StatusWord3.PRE_TRIP_ALARM);
            case PROTECT_ON -> s.isSet(StatusWord3.PROTECTED);
            case PROTECT_OFF -> !s.isSet(StatusWord3.PROTECTED);
        };
    }

    private void settle(Row r, CommandState from, CommandState to, String note) {
        tx.executeWithoutResult(t -> {
            if (move(r.commandId(), from, to, note, null)) {
                if (to == CommandState.FAILED) {
                    jdbc.sql("update metering.meter_command set last_error = :e where command_id = :id")
                            .param("e", note.length() > 500 ? note.substring(0, 500) : note)
                            .param("id", r.commandId())
                            .update();
                }
                events.publishEvent(new MeterCommandSettled(
                        r.commandId(), r.intentId(), r.meterId(), CommandAction.valueOf(r.action()), to));
            }
        });
    }

    /** Moves a command from one state to another if it is still in the first; false when it was not. */
    boolean move(UUID id, CommandState from, CommandState to, String note, UUID supersededBy) {
        from.moveTo(to); // the table decides; an illegal move is a programming error
        Instant now = clock.instant();
        int changed = jdbc.sql("""
                update metering.meter_command set state = :to, updated_at = :now,
                    superseded_by = coalesce(:by, superseded_by)
                where command_id = :id and state = :from""")
                .param("to", to.name())
                .param("now", Timestamp.from(now))
                .param("by", supersededBy)
                .param("id", id)
                .param("from", from.name())
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
                .param("note", note)
                .update();
    }

    private Optional<Row> byIntent(String intent) {
        return jdbc.sql("select * from metering.meter_command where intent_id = :i")
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
                steps);
    }
}
