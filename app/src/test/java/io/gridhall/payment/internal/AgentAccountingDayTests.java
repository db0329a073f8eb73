package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The accounting day (会计日期) of an agent's payment: the Beijing day, or the next one from the cut-off (日切). */
class AgentAccountingDayTests {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    @Test
    void aPaymentFromTheCutOffOnBelongsToTheNextDay() {
        AgentSettings s = new AgentSettings(LocalTime.of(23, 0), Duration.ofMinutes(5));
        LocalDate day = LocalDate.of(2026, 12, 31);
        assertThat(s.accountingDay(day.atTime(22, 59, 59).atZone(BEIJING).toInstant()))
                .isEqualTo(day);
        assertThat(s.accountingDay(day.atTime(23, 0).atZone(BEIJING).toInstant()))
                .isEqualTo(day.plusDays(1));
        assertThat(s.accountingDay(day.plusDays(1).atStartOfDay(BEIJING).toInstant()))
                .isEqualTo(day.plusDays(1));
        // 15:30 UTC is 23:30 in Beijing: already the next accounting day (and the next year)
        assertThat(s.accountingDay(Instant.parse("2026-12-31T15:30:00Z"))).isEqualTo(LocalDate.of(2027, 1, 1));
    }

    @Test
    void theDayIsTheBeijingDayOrTheNextExactlyWhenTheTimeIsNotBeforeTheCutOff() {
        qt().forAll(longs().between(1_600_000_000L, 2_100_000_000L), integers().between(0, 24 * 60 - 1))
                .checkAssert((epoch, minute) -> {
                    LocalTime cutOff = LocalTime.MIDNIGHT.plusMinutes(minute);
                    AgentSettings s = new AgentSettings(cutOff, Duration.ofMinutes(5));
                    var local = Instant.ofEpochSecond(epoch).atZone(BEIJING);
                    LocalDate d = s.accountingDay(Instant.ofEpochSecond(epoch));
                    boolean after = !local.toLocalTime().isBefore(cutOff);
                    assertThat(d).isEqualTo(after ? local.toLocalDate().plusDays(1) : local.toLocalDate());
                });
    }
}
