package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.shared.Problem;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@MeteringTest
class ReadingStorageTests {

    @Autowired
    MeterReadings readings;

    @Autowired
    JdbcClient jdbc;

    static ReadingDelivery delivery(List<IntervalDay> intervals, List<RegisterRead> registers) {
        return new ReadingDelivery(UUID.randomUUID().toString(), ReadingSource.API, intervals, registers);
    }

    @Test
    void storesADayOfIntervalsAndReadsItBack() {
        long meter = aMeterId();
        LocalDate day = LocalDate.of(2026, 3, 14);
        IntervalDay stored = withSlots(fullDay(meter, day, 1234), 90, 96, 'M', 0);
        readings.store(delivery(List.of(stored), List.of()));
        assertThat(readings.intervals(meter, Channel.FORWARD_ACTIVE, day)).contains(stored);
    }

    @Test
    void aRepeatedDeliveryUnderANewKeyChangesNothing() {
        long meter = aMeterId();
        LocalDate day = LocalDate.of(2026, 3, 15);
        IntervalDay d = fullDay(meter, day, 500);
        RegisterRead r = RegisterRead.total(meter, day, 123_456, null);
        StoredBatch first = readings.store(delivery(List.of(d), List.of(r)));
        assertThat(first.intervalRows()).isEqualTo(1);
        assertThat(first.registerRows()).isEqualTo(1);
        long xmin = jdbc.sql("select xmin::text::bigint from metering.interval_day where meter_id = :m")
                .param("m", meter)
                .query(Long.class)
                .single();

        StoredBatch again = readings.store(delivery(List.of(d), List.of(r)));

        assertThat(again.intervalRows()).isZero();
        assertThat(again.registerRows()).isZero();
        assertThat(again.conflicts()).isZero();
        assertThat(jdbc.sql("select xmin::text::bigint from metering.interval_day where meter_id = :m")
                        .param("m", meter)
                        .query(Long.class)
                        .single())
                .as("no new row version")
                .isEqualTo(xmin);
    }

    @Test
    void theSameIdempotencyKeyReplaysTheFirstResult() {
        long meter = aMeterId();
        var d = new ReadingDelivery(
                "key-" + meter, ReadingSource.API, List.of(fullDay(meter, LocalDate.of(2026, 3, 16), 7)), List.of());
        StoredBatch first = readings.store(d);
        StoredBatch second = readings.store(d);
        assertThat(second.replayed()).isTrue();
        assertThat(second.batchId()).isEqualTo(first.batchId());
        assertThat(second.intervalRows()).isEqualTo(1);
    }

    @Test
    void refusesAReusedKeyWithOtherContent() {
        long meter = aMeterId();
        LocalDate day = LocalDate.of(2026, 3, 16);
        readings.store(
                new ReadingDelivery("key-" + meter, ReadingSource.API, List.of(fullDay(meter, day, 7)), List.of()));
        assertThatThrownBy(() -> readings.store(new ReadingDelivery(
                        "key-" + meter, ReadingSource.API, List.of(fullDay(meter, day, 8)), List.of())))
                .isInstanceOf(Problem.class)
                .satisfies(p -> assertThat(((Problem) p).code()).isEqualTo("idempotency-key-reused"));
    }

    @Test
    void aDifferentActualValueKeepsTheFirstAndFlagsAConflict() {
        long meter = aMeterId();
        LocalDate day = LocalDate.of(2026, 3, 17);
        readings.store(delivery(List.of(fullDay(meter, day, 100)), List.of()));
        StoredBatch second =
                readings.store(delivery(List.of(withSlots(fullDay(meter, day, 100), 10, 12, 'A', 999)), List.of()));

        assertThat(second.conflicts()).isEqualTo(2);
        assertThat(readings.intervals(meter, Channel.FORWARD_ACTIVE, day)
                        .orElseThrow()
                        .value(10))
                .isEqualTo(100);
        assertThat(jdbc.sql("""
                select count(*) from metering.reading_exception where meter_id = :m and type = 'CONFLICT' and slot in (11, 12)""").param("m", meter).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aLaterDeliveryFillsMissingSlotsAndReplacesEstimatesButNeverActuals() {
        long meter = aMeterId();
        LocalDate day = LocalDate.of(2026, 3, 18);
        IntervalDay partial = withSlots(withSlots(fullDay(meter, day, 100), 0, 4, 'M', 0), 4, 8, 'E', 50);
        readings.store(delivery(List.of(partial), List.of()));

        IntervalDay late = withSlots(
                withSlots(IntervalDay.empty(meter, Channel.FORWARD_ACTIVE, day), 0, 8, 'A', 70), 8, 12, 'E', 1);
        StoredBatch result = readings.store(delivery(List.of(late), List.of()));

        IntervalDay now = readings.intervals(meter, Channel.FORWARD_ACTIVE, day).orElseThrow();
        assertThat(result.intervalRows()).isEqualTo(1);
        assertThat(now.value(0)).isEqualTo(70);
        assertThat(now.quality(0)).isEqualTo(Quality.ACTUAL);
        assertThat(now.value(5)).as("actual replaces estimate").isEqualTo(70);
        assertThat(now.value(9)).as("an estimate never overwrites an actual").isEqualTo(100);
        assertThat(now.quality(9)).isEqualTo(Quality.ACTUAL);
    }

    @Test
    void concurrentFirstDeliveriesOfTheSameDaysStoreThemOnce() throws Exception {
        long meter = aMeterId();
        List<IntervalDay> days = new java.util.ArrayList<>();
        for (int d = 0; d < 20; d++)
            days.add(fullDay(meter, LocalDate.of(2026, 3, 1).plusDays(d), 40 + d));
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<StoredBatch>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return readings.store(delivery(days, List.of()));
                }));
            }
            start.countDown();
            int stored = 0;
            for (var r : results) stored += r.get().intervalRows();
            assertThat(stored).as("each day inserted by exactly one delivery").isEqualTo(20);
        }
        assertThat(jdbc.sql("select count(*) from metering.interval_day where meter_id = :m")
                        .param("m", meter)
                        .query(Long.class)
                        .single())
                .isEqualTo(20);
        assertThat(jdbc.sql("select count(*) from metering.reading_exception where meter_id = :m")
                        .param("m", meter)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void createsMonthlyPartitionsOnDemandAcrossAMonthBoundary() {
        long meter = aMeterId();
        LocalDate lastOfMonth = LocalDate.of(2031, 1, 31);
        LocalDate firstOfNext = LocalDate.of(2031, 2, 1);
        readings.store(delivery(
                List.of(fullDay(meter, lastOfMonth, 1), fullDay(meter, firstOfNext, 2)),
                List.of(
                        RegisterRead.total(meter, lastOfMonth, 10, null),
                        RegisterRead.total(meter, firstOfNext, 20, null))));

        assertThat(jdbc.sql(
                                "select tableoid::regclass::text from metering.interval_day where meter_id = :m order by day")
                        .param("m", meter)
                        .query(String.class)
                        .list())
                .containsExactly("metering.interval_day_2031_01", "metering.interval_day_2031_02");
        assertThat(jdbc.sql(
                                "select tableoid::regclass::text from metering.daily_register where meter_id = :m order by day")
                        .param("m", meter)
                        .query(String.class)
                        .list())
                .containsExactly("metering.daily_register_2031_01", "metering.daily_register_2031_02");
    }

    @Test
    void anActualRegisterReplacesAnEstimateButADifferentActualIsAConflict() {
        long meter = aMeterId();
        LocalDate day = LocalDate.of(2026, 3, 19);
        readings.store(delivery(
                List.of(),
                List.of(new RegisterRead(
                        meter, day, 1000L, null, null, null, null, null, null, null, Quality.ESTIMATED, null, null))));
        readings.store(delivery(List.of(), List.of(RegisterRead.total(meter, day, 1010, null))));
        StoredBatch conflicting =
                readings.store(delivery(List.of(), List.of(RegisterRead.total(meter, day, 1020, null))));

        RegisterRead stored = readings.registers(meter, day, day).getFirst();
        assertThat(stored.total()).isEqualTo(1010);
        assertThat(stored.quality()).isEqualTo(Quality.ACTUAL);
        assertThat(conflicting.conflicts()).isEqualTo(1);
    }
}
