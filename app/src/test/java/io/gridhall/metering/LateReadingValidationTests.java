package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridhall.metering.internal.ValidatingReadings;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Readings that arrive after their day was validated make VEE validate that day again for their meters. */
@MeteringTest
@RecordApplicationEvents
class LateReadingValidationTests {

    @Autowired
    MeterReadings readings;

    @Autowired
    ValidatingReadings vee;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    ApplicationEvents events;

    long m;
    LocalDate yesterday;
    boolean markedYesterday;

    @BeforeEach
    void enrol() {
        MeterEnrolment meter = aMeter(aBranch(), 13);
        readings.enrol(List.of(meter));
        m = meter.meterId();
        yesterday = LocalDate.now(clock).minusDays(1);
    }

    /** Yesterday counts as validated by the nightly run; only the meters of this test are really run. */
    void nightlyRanFor(LocalDate day) {
        markedYesterday = jdbc.sql("""
                insert into metering.vee_run (day, started_at, finished_at) values (:d, :at, :at)
                on conflict (day) do nothing""")
                        .param("d", day)
                        .param("at", Timestamp.from(clock.instant()))
                        .update()
                > 0;
    }

    @AfterEach
    void forgetTheRun() {
        // other tests store yesterday's readings too; they should not be validated again behind their back
        if (markedYesterday) {
            jdbc.sql("delete from metering.vee_run where day = :d")
                    .param("d", yesterday)
                    .update();
        }
    }

    StoredBatch store(ReadingSource source, List<IntervalDay> intervals, List<RegisterRead> registers) {
        return readings.store(new ReadingDelivery(UUID.randomUUID().toString(), source, intervals, registers));
    }

    Map<String, String> findings() {
        return jdbc
                .sql("""
                select type, status || ' ' || coalesce(resolution, '') from metering.reading_exception
                where meter_id = :m and day = :d""")
                .param("m", m)
                .param("d", yesterday)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void aLateBackFillReplacesTheEstimatesAndSupersedesTheFindings() {
        // the meter went offline at 10:00 yesterday, before its midnight freeze
        store(
                ReadingSource.HEAD_END,
                List.of(withSlots(fullDay(m, yesterday, 1_000), 40, 96, 'M', 0)),
                List.of(RegisterRead.total(m, yesterday.minusDays(1), 50_000, null)));
        nightlyRanFor(yesterday);
        vee.run(yesterday, List.of(m));
        IntervalDay estimated =
                readings.intervals(m, Channel.FORWARD_ACTIVE, yesterday).orElseThrow();
        assertThat(estimated.count(Quality.ESTIMATED)).isEqualTo(56);
        assertThat(readings.registers(m, yesterday, yesterday))
                .singleElement()
                .satisfies(r -> assertThat(r.quality()).isEqualTo(Quality.ESTIMATED));
        assertThat(findings()).containsEntry("GAP", "OPEN ").containsEntry("MISSING_REGISTER", "OPEN ");

        // it reconnects at noon today and the head-end back-fills yesterday
        StoredBatch backFill = store(
                ReadingSource.HEAD_END,
                List.of(withSlots(fullDay(m, yesterday, 500), 0, 40, 'M', 0)),
                List.of(RegisterRead.total(m, yesterday, 50_000 + 400 + 280, null)));
        assertThat(events.stream(ReadingBatchStored.class).toList().getLast().lateDays())
                .containsExactly(new ReadingBatchStored.LateDay(yesterday, List.of(m)));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(findings())
                        .containsEntry("GAP", "RESOLVED " + ValidatingReadings.SUPERSEDED)
                        .containsEntry("MISSING_REGISTER", "RESOLVED " + ValidatingReadings.SUPERSEDED));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(publications(backFill, "completion_date is not null"))
                        .as("the registry saw the listener finish")
                        .isEqualTo(1));
        IntervalDay after =
                readings.intervals(m, Channel.FORWARD_ACTIVE, yesterday).orElseThrow();
        assertThat(after.count(Quality.ACTUAL)).isEqualTo(96);
        assertThat(after.value(40)).isEqualTo(500);
        assertThat(after.sum()).isEqualTo(40 * 1_000 + 56 * 500);
        assertThat(readings.registers(m, yesterday, yesterday)).singleElement().satisfies(r -> {
            assertThat(r.quality()).isEqualTo(Quality.ACTUAL);
            assertThat(r.total()).isEqualTo(50_680);
        });
    }

    @Test
    void aPartialBackFillRescalesTheRemainingEstimatesToTheRegister() {
        store(
                ReadingSource.HEAD_END,
                List.of(withSlots(fullDay(m, yesterday, 1_000), 40, 96, 'M', 0)),
                List.of(
                        RegisterRead.total(m, yesterday.minusDays(1), 50_000, null),
                        RegisterRead.total(m, yesterday, 51_000, null)));
        nightlyRanFor(yesterday);
        vee.run(yesterday, List.of(m));
        assertThat(readings.intervals(m, Channel.FORWARD_ACTIVE, yesterday)
                        .orElseThrow()
                        .sum())
                .isEqualTo(100_000);

        // half of the missing slots arrive, far above the estimate; the rest still adds up to the register
        IntervalDay middle = withSlots(withSlots(fullDay(m, yesterday, 1_500), 0, 40, 'M', 0), 68, 96, 'M', 0);
        store(ReadingSource.API, List.of(middle), List.of());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            IntervalDay d =
                    readings.intervals(m, Channel.FORWARD_ACTIVE, yesterday).orElseThrow();
            assertThat(d.count(Quality.ACTUAL)).isEqualTo(68);
            assertThat(d.sum()).isEqualTo(100_000);
        });
        assertThat(findings()).containsEntry("GAP", "OPEN ");
    }

    @Test
    void todaysReadingsDaysNotYetValidatedAndTheEstimatorsOwnAskForNothing() {
        LocalDate today = LocalDate.now(clock);
        StoredBatch todays = store(ReadingSource.HEAD_END, List.of(fullDay(m, today, 10)), List.of());
        store(ReadingSource.API, List.of(fullDay(m, LocalDate.of(2019, 3, 4), 10)), List.of());
        nightlyRanFor(yesterday);
        store(ReadingSource.ESTIMATOR, List.of(fullDay(m, yesterday, 10)), List.of());

        assertThat(events.stream(ReadingBatchStored.class))
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.lateDays()).isEmpty());
        assertThat(publications(todays, "true"))
                .as("nothing for the listener, not even a row in the registry")
                .isZero();
    }

    int publications(StoredBatch batch, String condition) {
        return jdbc.sql("select count(*) from platform.event_publication where serialized_event like :id and "
                        + condition)
                .param("id", "%" + batch.batchId() + "%")
                .query(Integer.class)
                .single();
    }
}
