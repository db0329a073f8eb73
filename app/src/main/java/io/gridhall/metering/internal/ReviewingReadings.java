package io.gridhall.metering.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.Permission;
import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.Quality;
import io.gridhall.shared.Problem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The exception review list, resolving exceptions, and staff edits of interval values (audited). */
@Service
public class ReviewingReadings {

    public record ExceptionView(
            long id,
            long meterId,
            String address,
            Long branchId,
            Long areaId,
            LocalDate day,
            String type,
            int channel,
            int slot,
            String detail,
            String status,
            Instant foundAt,
            Instant resolvedAt,
            String resolution) {}

    private final JdbcClient jdbc;
    private final Meters meters;
    private final Readings readings;
    private final Partitions partitions;
    private final Audit audit;
    private final Clock clock;

    ReviewingReadings(
            JdbcClient jdbc, Meters meters, Readings readings, Partitions partitions, Audit audit, Clock clock) {
        this.partitions = partitions;
        this.jdbc = jdbc;
        this.meters = meters;
        this.readings = readings;
        this.audit = audit;
        this.clock = clock;
    }

    /** The meter if the actor may see it; otherwise 404, never telling "exists elsewhere" apart. */
    public Meters.Meter visibleMeter(Actor actor, long meterId) {
        actor.require(Permission.METER_READ);
        return meters.byId(meterId).filter(m -> sees(actor, m.branchId())).orElseThrow(() -> Problem.notFound("meter"));
    }

    /** Whether the actor's branch scope ({@link Actor#branchScope()}) holds the branch; a meter of none: all only. */
    static boolean sees(Actor actor, Long branch) {
        List<Long> scope = actor.branchScope();
        return actor.isStaff() && (scope == null || (branch != null && scope.contains(branch)));
    }

    @Transactional(readOnly = true)
    public List<ExceptionView> exceptions(
            Actor actor, Long branch, String type, LocalDate day, String status, int limit) {
        actor.require(Permission.METER_READ);
        if (branch != null && !sees(actor, branch)) return List.of();
        List<Long> scope = branch != null ? List.of(branch) : actor.branchScope();
        Long[] branches = scope == null ? null : scope.toArray(Long[]::new);
        return jdbc.sql("""
                select e.id, e.meter_id, m.address, m.branch_id, m.area_id, e.day, e.type, e.channel, e.slot,
                       e.detail::text as detail, e.status, e.found_at, e.resolved_at, e.resolution
                from metering.reading_exception e join metering.meter m on m.meter_id = e.meter_id
                where (cast(:branches as bigint[]) is null or m.branch_id = any(cast(:branches as bigint[])))
                  and (cast(:type as text) is null or e.type = :type)
                  and (cast(:day as date) is null or e.day = :day)
                  and (cast(:status as text) is null or e.status = :status)
                order by e.day desc, e.id desc limit :limit""")
                .param("branches", branches)
                .param("type", type)
                .param("day", day)
                .param("status", status)
                .param("limit", limit)
                .query(ExceptionView.class)
                .list();
    }

    @Transactional
    public void resolve(Actor actor, long exceptionId, String resolution) {
        actor.require(Permission.BILLING);
        Long meterId = jdbc.sql("select meter_id from metering.reading_exception where id = :id for update")
                .param("id", exceptionId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> Problem.notFound("exception"));
        // an exception of a meter in another branch is refused exactly like one that does not exist
        actor.require(Permission.METER_READ);
        meters.byId(meterId).filter(m -> sees(actor, m.branchId())).orElseThrow(() -> Problem.notFound("exception"));
        int changed = jdbc.sql("""
                update metering.reading_exception set status = 'RESOLVED', resolved_at = :at, resolved_by = :by,
                    resolution = :resolution
                where id = :id and status = 'OPEN'""")
                .param("at", Timestamp.from(clock.instant()))
                .param("by", actor.userId().value())
                .param("resolution", resolution)
                .param("id", exceptionId)
                .update();
        if (changed == 0) throw Problem.conflict("exception-resolved", exceptionId);
        audit.record(
                actor,
                "metering.exception.resolve",
                "reading-exception",
                String.valueOf(exceptionId),
                Map.of("meterId", meterId, "resolution", resolution));
    }

    /** Sets one slot to a value given by staff, marked EDITED; the old value and the reason are kept. */
    @Transactional
    public IntervalDay edit(
            Actor actor, long meterId, Channel channel, LocalDate day, int slot, int units, String reason) {
        actor.require(Permission.BILLING);
        visibleMeter(actor, meterId);
        if (slot < 1 || slot > 96) throw Problem.badRequest("bad-slot", slot);
        ReadingIntake.requireReadingDay(day, LocalDate.now(clock).plusDays(1));
        partitions.ensureFor(List.of(day)); // before this transaction touches the partitioned table
        IntervalDay current = jdbc.sql("""
                select meter_id, channel, day, slots, quality from metering.interval_day
                where meter_id = :m and channel = :c and day = :d for update""")
                .param("m", meterId)
                .param("c", channel.code())
                .param("d", day)
                .query((rs, n) -> Readings.intervalDay(rs))
                .optional()
                .orElse(null);
        if (current == null) {
            // a day nobody delivered: it starts as missing
            jdbc.sql("""
                    insert into metering.interval_day (meter_id, channel, day, slots, quality)
                    values (:m, :c, :d, array_fill(0, array[96]), repeat('M', 96))""")
                    .param("m", meterId)
                    .param("c", channel.code())
                    .param("d", day)
                    .update();
            current = IntervalDay.empty(meterId, channel, day);
        }
        int oldValue = current.value(slot - 1);
        Quality oldQuality = current.quality(slot - 1);
        jdbc.sql("""
                update metering.interval_day set slots[:slot] = :v, quality = overlay(quality placing 'D' from :slot for 1)
                where meter_id = :m and channel = :c and day = :d""")
                .param("slot", slot)
                .param("v", units)
                .param("m", meterId)
                .param("c", channel.code())
                .param("d", day)
                .update();
        jdbc.sql("""
                insert into metering.reading_edit (meter_id, channel, day, slot, old_value, old_q, new_value, reason,
                    edited_by, edited_at)
                values (:m, :c, :d, :slot, :old, :oldq, :v, :reason, :by, :at)""")
                .param("m", meterId)
                .param("c", channel.code())
                .param("d", day)
                .param("slot", slot)
                .param("old", oldValue)
                .param("oldq", String.valueOf(oldQuality.letter()))
                .param("v", units)
                .param("reason", reason)
                .param("by", actor.userId().value())
                .param("at", Timestamp.from(clock.instant()))
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("channel", channel.name());
        details.put("day", day.toString());
        details.put("slot", slot);
        details.put("old", oldValue);
        details.put("oldQuality", oldQuality.name());
        details.put("new", units);
        details.put("reason", reason);
        audit.record(actor, "metering.interval.edit", "meter", String.valueOf(meterId), details);
        return readings.interval(meterId, channel, day).orElseThrow();
    }
}
