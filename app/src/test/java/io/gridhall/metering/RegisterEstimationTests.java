package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.metering.internal.ValidatingReadings;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Daily registers estimated by VEE, as stored, and how actual reads take their place. */
@MeteringTest
class RegisterEstimationTests {

    @Autowired
    MeterReadings readings;

    @Autowired
    ValidatingReadings vee;

    @Autowired
    JdbcClient jdbc;

    long m;
    final LocalDate day = LocalDate.of(2026, 5, 20);

    @BeforeEach
    void enrol() {
        MeterEnrolment meter = aMeter(aBranch(), 12);
        readings.enrol(List.of(meter));
        m = meter.meterId();
    }

    void store(List<IntervalDay> intervals, List<RegisterRead> registers) {
        readings.store(new ReadingDelivery(UUID.randomUUID().toString(), ReadingSource.API, intervals, registers));
    }

    static RegisterRead tou(long meter, LocalDate day, long t1, long t2, long t3, long t4) {
        return new RegisterRead(
                meter, day, t1 + t2 + t3 + t4, t1, t2, t3, t4, null, 100L, null, Quality.ACTUAL, null, null);
    }

    RegisterRead registerOn(LocalDate d) {
        return readings.registers(m, d, d).stream().findFirst().orElse(null);
    }

    List<String> findings(String status) {
        return jdbc.sql("""
                select type from metering.reading_exception where meter_id = :m and day = :d and status = :s
                order by type""")
                .param("m", m)
                .param("d", day)
                .param("s", status)
                .query(String.class)
                .list();
    }

    @Test
    void aDayWithCompleteIntervalsGetsTheDayBeforePlusTheirSumSharedInTheMetersTouSplit() {
        // a week of use split 1:2:3:4 over the tariffs, then the day's 9.6 kWh of intervals without a register
        RegisterRead weekBefore = tou(m, day.minusDays(8), 10_000, 20_000, 30_000, 40_000);
        RegisterRead dayBefore = tou(m, day.minusDays(1), 10_100, 20_200, 30_300, 40_400);
        store(List.of(fullDay(m, day, 1_000)), List.of(weekBefore, dayBefore));

        ValidatingReadings.Summary summary = vee.run(day, List.of(m));

        assertThat(summary.estimatedRegisters()).isEqualTo(1);
        RegisterRead e = registerOn(day);
        assertThat(e.quality()).isEqualTo(Quality.ESTIMATED);
        assertThat(e.total()).isEqualTo(101_000 + 960);
        assertThat(List.of(e.t1(), e.t2(), e.t3(), e.t4())).containsExactly(10_196L, 20_392L, 30_588L, 40_784L);
        assertThat(e.t1() + e.t2() + e.t3() + e.t4()).isEqualTo(e.total());
        assertThat(e.reverse()).as("null stays null").isNull();
        assertThat(e.reactive1()).as("flat: the reads show no reactive use").isEqualTo(100L);
        assertThat(jdbc.sql("select source from metering.daily_register where meter_id = :m and day = :d")
                        .param("m", m)
                        .param("d", day)
                        .query(Integer.class)
                        .single())
                .isEqualTo(ReadingSource.ESTIMATOR.code());
        assertThat(registerOn(day.minusDays(1))).as("actual untouched").isEqualTo(dayBefore);
        assertThat(findings("OPEN")).containsExactly("MISSING_REGISTER");

        ValidatingReadings.Summary again = vee.run(day, List.of(m));
        assertThat(again.estimatedRegisters()).as("rerunning changes nothing").isZero();
        assertThat(again.findings()).isZero();
        assertThat(again.superseded()).isZero();
        assertThat(registerOn(day)).isEqualTo(e);
    }

    @Test
    void withoutIntervalsTheDayIsInterpolatedBetweenActualReadsAndTheActualReplacesTheEstimate() {
        store(
                List.of(),
                List.of(
                        RegisterRead.total(m, day.minusDays(2), 1_000, null),
                        RegisterRead.total(m, day.plusDays(2), 1_041, null)));

        vee.run(day, List.of(m));
        assertThat(registerOn(day).total()).isEqualTo(1_020);
        assertThat(registerOn(day).quality()).isEqualTo(Quality.ESTIMATED);

        // the meter's own read arrives later: it replaces the estimate, and validating the day again
        // resolves the finding as superseded
        store(List.of(), List.of(RegisterRead.total(m, day, 1_019, null)));
        assertThat(registerOn(day).quality()).isEqualTo(Quality.ACTUAL);
        assertThat(registerOn(day).total()).isEqualTo(1_019);
        ValidatingReadings.Summary again = vee.run(day, List.of(m));
        assertThat(again.estimatedRegisters()).isZero();
        assertThat(findings("RESOLVED")).contains("MISSING_REGISTER");
        assertThat(jdbc.sql("""
                        select resolution from metering.reading_exception
                        where meter_id = :m and day = :d and type = 'MISSING_REGISTER'""")
                        .param("m", m)
                        .param("d", day)
                        .query(String.class)
                        .single())
                .isEqualTo(ValidatingReadings.SUPERSEDED);
        assertThat(registerOn(day).total()).as("never overwritten by VEE").isEqualTo(1_019);
    }

    @Test
    void farFromAnyReadNothingIsEstimatedButTheMissingRegisterIsFlagged() {
        store(List.of(), List.of(RegisterRead.total(m, day.minusDays(20), 1_000, null)));

        ValidatingReadings.Summary summary = vee.run(day, List.of(m));

        assertThat(summary.estimatedRegisters()).isZero();
        assertThat(registerOn(day)).isNull();
        assertThat(findings("OPEN")).contains("MISSING_REGISTER", "GAP");
    }

    @Test
    void extrapolatesAtTheMeanDailyUseOfTheLastFourWeeks() {
        store(
                List.of(),
                List.of(
                        RegisterRead.total(m, day.minusDays(24), 1_000, null),
                        RegisterRead.total(m, day.minusDays(4), 1_200, null)));

        vee.run(day, List.of(m));

        assertThat(registerOn(day).total()).as("10 a day for 4 days").isEqualTo(1_240);
    }
}
