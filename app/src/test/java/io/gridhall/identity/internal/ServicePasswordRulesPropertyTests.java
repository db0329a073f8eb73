package io.gridhall.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class ServicePasswordRulesPropertyTests {

    @Test
    void acceptsExactlyTheSixDigitCodesThatAreNeitherRepeatsNorRuns() {
        qt().forAll(integers().between(0, 999_999)).checkAssert(n -> {
            String pin = String.format("%06d", n);
            boolean repeat = pin.chars().distinct().count() == 1;
            boolean up = "0123456789".contains(pin);
            boolean down = "9876543210".contains(pin);
            assertThat(ServicePasswordRules.weakness(pin).isEmpty()).as(pin).isEqualTo(!repeat && !up && !down);
        });
    }

    @Test
    void refusesEveryRepeatAndRun() {
        for (int d = 0; d <= 9; d++) {
            assertThat(ServicePasswordRules.weakness(Integer.toString(d).repeat(6)))
                    .contains("service-password-weak");
        }
        for (int start = 0; start <= 4; start++) {
            assertThat(ServicePasswordRules.weakness("0123456789".substring(start, start + 6)))
                    .contains("service-password-weak");
            assertThat(ServicePasswordRules.weakness("9876543210".substring(start, start + 6)))
                    .contains("service-password-weak");
        }
    }

    @Test
    void refusesAnythingButSixDigits() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 10))
                .assuming(input -> !input.matches("[0-9]{6}"))
                .checkAssert(input ->
                        assertThat(ServicePasswordRules.weakness(input)).contains("service-password-format"));
    }
}
