package io.gridhall.metering.internal;

import static io.gridhall.metering.MeteringFixtures.fullDay;
import static io.gridhall.metering.MeteringFixtures.withSlots;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.Quality;
import io.gridhall.metering.RegisterRead;
import io.gridhall.metering.internal.ValidationRules.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationRulesTests {

    final ValidationRules rules = new ValidationRules(ValidationRules.Settings.DEFAULTS);
    final LocalDate day = LocalDate.of(2026, 5, 10);

    RegisterRead reg(LocalDate d, long total) {
        return RegisterRead.total(7, d, total, null);
    }

    @Test
    void aCompleteDayHasNoGapButMissingSlotsOrNoRowDo() {
        assertThat(rules.gap(7, day, fullDay(7, day, 10))).isEmpty();
        assertThat(rules.gap(7, day, withSlots(fullDay(7, day, 10), 20, 24, 'M', 0)))
                .hasValueSatisfying(f -> {
                    assertThat(f.type()).isEqualTo(Type.GAP);
                    assertThat(f.detail()).containsEntry("missingSlots", 4).containsEntry("firstSlot", 21);
                });
        assertThat(rules.gap(7, day, null))
                .hasValueSatisfying(f -> assertThat(f.detail()).containsEntry("missingSlots", 96));
    }

    @Test
    void aSlotFarAboveTheMetersOwnRecentMaximumIsASpike() {
        IntervalDay normal = withSlots(fullDay(7, day, 2_000), 40, 41, 'A', 5_900);
        assertThat(rules.spikes(normal, 2_000)).isEmpty();
        IntervalDay spiky = withSlots(fullDay(7, day, 2_000), 40, 41, 'A', 6_100);
        assertThat(rules.spikes(spiky, 2_000))
                .singleElement()
                .satisfies(f -> assertThat(f.slot()).isEqualTo(41));
    }

    @Test
    void smallValuesAndEstimatesAreNeverSpikes() {
        assertThat(rules.spikes(withSlots(fullDay(7, day, 10), 3, 4, 'A', 4_000), 10))
                .as("below floor")
                .isEmpty();
        assertThat(rules.spikes(withSlots(fullDay(7, day, 2_000), 3, 4, 'E', 90_000), 2_000))
                .isEmpty();
        assertThat(rules.spikes(fullDay(7, day, 90_000), null)).as("no history").isEmpty();
    }

    @Test
    void aRegisterBelowTheDayBeforeIsFlagged() {
        assertThat(rules.decreasing(reg(day.minusDays(1), 1000), reg(day, 1000)))
                .isEmpty();
        assertThat(rules.decreasing(reg(day.minusDays(1), 1000), reg(day, 999)))
                .hasValueSatisfying(f -> assertThat(f.type()).isEqualTo(Type.DECREASING_REGISTER));
    }

    @Test
    void threeDaysWithoutUseAreFlaggedButTwoAreNot() {
        List<RegisterRead> two =
                List.of(reg(day.minusDays(3), 5), reg(day.minusDays(2), 6), reg(day.minusDays(1), 6), reg(day, 6));
        assertThat(rules.zeroUse(two)).isEmpty();
        List<RegisterRead> three =
                List.of(reg(day.minusDays(3), 6), reg(day.minusDays(2), 6), reg(day.minusDays(1), 6), reg(day, 6));
        assertThat(rules.zeroUse(three))
                .hasValueSatisfying(f -> assertThat(f.day()).isEqualTo(day));
        List<RegisterRead> withAHole =
                List.of(reg(day.minusDays(4), 6), reg(day.minusDays(2), 6), reg(day.minusDays(1), 6), reg(day, 6));
        assertThat(rules.zeroUse(withAHole)).as("not consecutive").isEmpty();
    }

    @Test
    void intervalsMustAddUpToTheRegisterDeltaWithinTolerance() {
        // 96 x 0.1 kWh = 9.6 kWh; registers in 0.01 kWh
        IntervalDay d = fullDay(7, day, 1_000);
        assertThat(rules.sumMismatch(d, reg(day.minusDays(1), 10_000), reg(day, 10_960)))
                .isEmpty();
        assertThat(rules.sumMismatch(d, reg(day.minusDays(1), 10_000), reg(day, 10_970)))
                .as("within 2%")
                .isEmpty();
        assertThat(rules.sumMismatch(d, reg(day.minusDays(1), 10_000), reg(day, 11_200)))
                .hasValueSatisfying(f -> assertThat(f.detail())
                        .containsEntry("intervalSum", 96_000L)
                        .containsEntry("registerDelta", 120_000L));
        assertThat(rules.sumMismatch(withSlots(d, 0, 1, 'M', 0), reg(day.minusDays(1), 10_000), reg(day, 11_200)))
                .as("incomplete days are gaps, not mismatches")
                .isEmpty();
    }

    @Test
    void aMeterClockMoreThanFiveMinutesOffIsDrift() {
        Instant at = Instant.parse("2026-05-10T16:05:00Z");
        RegisterRead ok = new RegisterRead(
                7, day, 1L, null, null, null, null, null, null, null, Quality.ACTUAL, at.plusSeconds(299), at);
        RegisterRead off = new RegisterRead(
                7, day, 1L, null, null, null, null, null, null, null, Quality.ACTUAL, at.minusSeconds(400), at);
        assertThat(rules.clockDrift(ok)).isEmpty();
        assertThat(rules.clockDrift(off))
                .hasValueSatisfying(f -> assertThat(f.detail()).containsEntry("driftSeconds", -400L));
    }
}
