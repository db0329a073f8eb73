package io.gridhall.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.shared.Problem;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpeningHoursTests {

    static final OpeningHours HALL = OpeningHours.parse(List.of(
            "08:30-12:00,13:30-17:30",
            "08:30-12:00,13:30-17:30",
            "08:30-12:00,13:30-17:30",
            "08:30-12:00,13:30-17:30",
            "08:30-12:00,13:30-17:30",
            "09:00-12:00",
            ""));

    // 2026-12-07 is a Monday
    static LocalDateTime at(int day, int hour, int minute) {
        return LocalDateTime.of(2026, 12, day, hour, minute);
    }

    @Test
    void isOpenInsideAnIntervalAndClosedAtItsEndAndAtLunch() {
        assertThat(HALL.openAt(at(7, 8, 29))).isFalse();
        assertThat(HALL.openAt(at(7, 8, 30))).isTrue();
        assertThat(HALL.openAt(at(7, 11, 59))).isTrue();
        assertThat(HALL.openAt(at(7, 12, 0))).isFalse();
        assertThat(HALL.openAt(at(7, 13, 30))).isTrue();
        assertThat(HALL.openAt(at(7, 17, 30))).isFalse();
    }

    @Test
    void followsTheDayOfTheWeek() {
        assertThat(HALL.openAt(at(12, 10, 0))).as("Saturday morning").isTrue();
        assertThat(HALL.openAt(at(12, 14, 0))).as("Saturday afternoon").isFalse();
        assertThat(HALL.openAt(at(13, 10, 0))).as("Sunday").isFalse();
    }

    @Test
    void aTerminalIsOpenAllDayIncludingTheLastMinute() {
        OpeningHours always = OpeningHours.daily("00:00-24:00");
        assertThat(always.openAt(at(13, 0, 0))).isTrue();
        assertThat(always.openAt(LocalDateTime.of(2026, 12, 13, 23, 59, 59))).isTrue();
        assertThat(always.texts()).containsOnly("00:00-24:00");
    }

    @Test
    void readsBackWhatItWrites() {
        assertThat(OpeningHours.parse(HALL.texts())).isEqualTo(HALL);
        assertThat(HALL.texts().get(6)).isEmpty();
    }

    @Test
    void refusesMalformedOverlappingOrBackwardHours() {
        for (String bad : List.of(
                "8:30-17:00",
                "08:30-08:30",
                "17:00-08:30",
                "08:00-12:00,11:00-14:00",
                "00:00-24:30",
                "25:00-26:00",
                "08:00-12:00,",
                "morning",
                "08:00-24:00,09:00-10:00"))
            assertThatThrownBy(() -> OpeningHours.daily(bad))
                    .as(bad)
                    .isInstanceOf(Problem.class)
                    .extracting(e -> ((Problem) e).code())
                    .isEqualTo("opening-hours-invalid");
        assertThatThrownBy(() -> OpeningHours.parse(List.of("", "", ""))).isInstanceOf(Problem.class);
    }
}
