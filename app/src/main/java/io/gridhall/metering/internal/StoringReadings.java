package io.gridhall.metering.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.metering.Channel;
import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.MeterDay;
import io.gridhall.metering.MeterEnrolment;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.ReadingBatchStored;
import io.gridhall.metering.ReadingDelivery;
import io.gridhall.metering.ReadingSource;
import io.gridhall.metering.RegisterRead;
import io.gridhall.metering.StoredBatch;
import io.gridhall.shared.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores deliveries of readings, all or nothing, once per idempotency key, and publishes one
 * {@link ReadingBatchStored} per stored batch.
 */
@Service
class StoringReadings implements MeterReadings {

    private final Readings readings;
    private final Meters meters;
    private final HeadEnd headEnd;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ValidatingReadings vee;
    private final Audit audit;

    StoringReadings(
            Readings readings,
            Meters meters,
            HeadEnd headEnd,
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            Clock clock,
            ValidatingReadings vee,
            Audit audit) {
        this.vee = vee;
        this.readings = readings;
        this.meters = meters;
        this.headEnd = headEnd;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    @Transactional
    public StoredBatch store(ReadingDelivery delivery) {
        return stored(delivery, null, null, 0);
    }

    @Override
    @Transactional
    public StoredBatch store(ReadingDelivery delivery, Actor importedBy, String fileName, int rejectedRows) {
        // a delivery by staff writes meters of their branches only, as they read them; others are unknown alike
        Set<Long> meterIds = new HashSet<>();
        delivery.intervals().forEach(d -> meterIds.add(d.meterId()));
        delivery.registers().forEach(r -> meterIds.add(r.meterId()));
        if (!meters.outside(meterIds, importedBy.branchScope()).isEmpty()) throw Problem.notFound("meter");
        return stored(delivery, importedBy, fileName, rejectedRows);
    }

    private StoredBatch stored(ReadingDelivery delivery, Actor importedBy, String fileName, int rejectedRows) {
        // Bulk ingestion commits asynchronously, for this transaction only (issue #7): a crash may lose the
        // deliveries acknowledged in the last few hundred milliseconds (3 x wal_writer_delay at most), never
        // part of one, and readings are delivered again (the head-end's catch-up re-reads missing days; a
        // lost file or API delivery is missing from the import history). Money paths never do this.
        jdbc.sql("SET LOCAL synchronous_commit = off").update();
        Instant now = clock.instant();
        Readings.Staged staged = Readings.stage(delivery.intervals(), delivery.registers());
        String hash = hash(staged);
        UUID batchId = UUID.randomUUID();
        // the unique key makes a concurrent repeat wait for the first and then find its row
        int inserted = jdbc.sql("""
                insert into metering.reading_batch (batch_id, idempotency_key, request_hash, source, received_at,
                    interval_rows, register_rows, meters, conflicts, rejected_rows, imported_by, imported_by_name,
                    file_name)
                values (:id, :key, :hash, :source, :at, 0, 0, 0, 0, :rejected, :by, :byName, :file)
                on conflict (idempotency_key) do nothing""")
                .param("id", batchId)
                .param("key", delivery.idempotencyKey())
                .param("hash", hash)
                .param("source", delivery.source().name())
                .param("at", Timestamp.from(now))
                .param("rejected", rejectedRows)
                .param("by", importedBy == null ? null : importedBy.userId().value())
                .param("byName", importedBy == null ? null : truncate(importedBy.displayName(), 100))
                .param("file", truncate(fileName, 255))
                .update();
        if (inserted == 0) return replay(delivery.idempotencyKey(), hash);

        Readings.Merged merged = readings.store(staged, delivery.source().code(), now);
        Set<Long> meterIds = new HashSet<>();
        delivery.intervals().forEach(d -> meterIds.add(d.meterId()));
        delivery.registers().forEach(r -> meterIds.add(r.meterId()));
        LocalDate first = Stream.concat(
                        delivery.intervals().stream().map(IntervalDay::day),
                        delivery.registers().stream().map(RegisterRead::day))
                .min(LocalDate::compareTo)
                .orElse(null);
        LocalDate last = Stream.concat(
                        delivery.intervals().stream().map(IntervalDay::day),
                        delivery.registers().stream().map(RegisterRead::day))
                .max(LocalDate::compareTo)
                .orElse(null);
        jdbc.sql("""
                update metering.reading_batch set interval_rows = :ir, register_rows = :rr, meters = :m,
                    first_day = :first, last_day = :last, conflicts = :c,
                    branches = (select array_agg(distinct branch_id order by branch_id) from metering.meter
                                where meter_id = any(:meterIds) and branch_id is not null)
                where batch_id = :id""")
                .param("meterIds", meterIds.toArray(Long[]::new))
                .param("ir", merged.intervalRows())
                .param("rr", merged.registerRows())
                .param("m", meterIds.size())
                .param("first", first)
                .param("last", last)
                .param("c", merged.conflicts())
                .param("id", batchId)
                .update();
        if (importedBy != null) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("source", delivery.source().name());
            if (fileName != null) details.put("fileName", fileName);
            details.put("intervalRows", merged.intervalRows());
            details.put("registerRows", merged.registerRows());
            details.put("meters", meterIds.size());
            if (first != null) details.put("firstDay", first.toString());
            if (last != null) details.put("lastDay", last.toString());
            details.put("conflicts", merged.conflicts());
            details.put("rejectedRows", rejectedRows);
            audit.record(importedBy, "metering.readings.import", "reading_batch", batchId.toString(), details);
        }
        events.publishEvent(new ReadingBatchStored(
                batchId,
                delivery.source().name(),
                meterIds.size(),
                merged.intervalRows(),
                merged.registerRows(),
                first,
                last,
                merged.conflicts(),
                lateDays(delivery, now)));
        return new StoredBatch(batchId, false, merged.intervalRows(), merged.registerRows(), merged.conflicts());
    }

    /**
     * Per day before today that VEE already ran for, the meters of the delivery with readings on it
     * (whether or not they changed anything: a repeat is cheap to validate again). The estimator's own
     * deliveries never ask for validation, which would loop.
     */
    private List<ReadingBatchStored.LateDay> lateDays(ReadingDelivery delivery, Instant now) {
        if (delivery.source() == ReadingSource.ESTIMATOR) return List.of();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        Map<LocalDate, Set<Long>> byDay = new TreeMap<>();
        delivery.intervals().stream()
                .filter(d -> d.day().isBefore(today))
                .forEach(d ->
                        byDay.computeIfAbsent(d.day(), k -> new TreeSet<>()).add(d.meterId()));
        delivery.registers().stream()
                .filter(r -> r.day().isBefore(today))
                .forEach(r ->
                        byDay.computeIfAbsent(r.day(), k -> new TreeSet<>()).add(r.meterId()));
        if (byDay.isEmpty()) return List.of();
        Set<LocalDate> validated = vee.validatedDays(byDay.keySet());
        return byDay.entrySet().stream()
                .filter(e -> validated.contains(e.getKey()))
                .map(e -> new ReadingBatchStored.LateDay(e.getKey(), List.copyOf(e.getValue())))
                .toList();
    }

    private StoredBatch replay(String key, String hash) {
        record Row(UUID batchId, String requestHash, int intervalRows, int registerRows, int conflicts) {}
        Row row = jdbc.sql("""
                select batch_id, request_hash, interval_rows, register_rows, conflicts
                from metering.reading_batch where idempotency_key = :key""").param("key", key).query(Row.class).single();
        if (!row.requestHash().equals(hash)) throw Problem.conflict("idempotency-key-reused", key);
        return new StoredBatch(row.batchId(), true, row.intervalRows(), row.registerRows(), row.conflicts());
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** A digest of the content, so a reused key with other content is refused rather than ignored. */
    static String hash(Readings.Staged staged) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(staged.intervalText());
            for (RegisterRead r : staged.registers()) {
                // not readAt: the time of receipt differs between a delivery and its repeat
                String line = String.join(
                        "|",
                        String.valueOf(r.meterId()),
                        String.valueOf(r.day()),
                        String.valueOf(r.total()),
                        String.valueOf(r.t1()),
                        String.valueOf(r.t2()),
                        String.valueOf(r.t3()),
                        String.valueOf(r.t4()),
                        String.valueOf(r.reverse()),
                        String.valueOf(r.reactive1()),
                        String.valueOf(r.reactive2()),
                        String.valueOf(r.quality()),
                        String.valueOf(r.meterTime()));
                sha.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    @Transactional
    public void enrol(List<MeterEnrolment> list) {
        meters.enrol(list);
        Map<String, String> routes = new HashMap<>();
        list.stream().filter(m -> m.concentratorId() != null).forEach(m -> routes.put(m.address(), m.concentratorId()));
        headEnd.route(routes);
    }

    @Override
    @Transactional
    public void route(Map<String, String> concentratorOfMeter) {
        headEnd.route(meters.route(concentratorOfMeter));
    }

    @Override
    @Transactional(readOnly = true)
    public List<RegisterRead> registers(long meterId, LocalDate from, LocalDate to) {
        return readings.registers(meterId, from, to);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<MeterDay, RegisterRead> registersNear(Collection<MeterDay> wanted, int daysBefore, int daysAfter) {
        return readings.registersNear(wanted, daysBefore, daysAfter);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<Long, List<IntervalDay>> intervals(
            Collection<Long> meterIds, Channel channel, LocalDate from, LocalDate to) {
        return readings.intervals(meterIds, channel, from, to);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<Long, java.math.BigDecimal> maxDemandKw(Collection<Long> meterIds, LocalDate from, LocalDate to) {
        Map<Long, java.math.BigDecimal> demand = new HashMap<>();
        if (meterIds.isEmpty()) return demand;
        // a slot holds 0.0001 kWh over a quarter hour: kW = slot x 4 / 10000
        jdbc.sql("""
                        select d.meter_id, max(v) from metering.interval_day d, unnest(d.slots) v
                         where d.meter_id = any(:meters) and d.channel = :channel and d.day between :from and :to
                         group by d.meter_id""")
                .param("meters", meterIds.toArray(Long[]::new))
                .param("channel", Channel.FORWARD_ACTIVE.code())
                .param("from", from)
                .param("to", to)
                .query(rs -> {
                    demand.put(
                            rs.getLong(1),
                            java.math.BigDecimal.valueOf(rs.getLong(2), 4).multiply(java.math.BigDecimal.valueOf(4)));
                });
        return demand;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<IntervalDay> intervals(long meterId, Channel channel, LocalDate day) {
        return readings.interval(meterId, channel, day);
    }
}
