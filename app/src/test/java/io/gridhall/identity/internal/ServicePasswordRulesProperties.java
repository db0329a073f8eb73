package io.gridhall.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ServicePasswordRulesProperties {

    @Provide
    Arbitrary<String> sixDigits() {
        return Arbitraries.strings().numeric().ofLength(6);
    }

    @Property
    void acceptsExactlyTheSixDigitCodesThatAreNeitherRepeatsNorRuns(@ForAll("sixDigits") String pin) {
        boolean repeat = pin.chars().distinct().count() == 1;
        boolean up = "0123456789".contains(pin);
        boolean down = "9876543210".contains(pin);
        assertThat(ServicePasswordRules.weakness(pin).isEmpty()).isEqualTo(!repeat && !up && !down);
    }

    @Property
    void refusesEveryRepeatAndRun(@ForAll @IntRange(min = 0, max = 9) int d, @ForAll @IntRange(min = 0, max = 4) int start) {
        assertThat(ServicePasswordRules.weakness(Integer.toString(d).repeat(6))).contains("service-password-weak");
        assertThat(ServicePasswordRules.weakness("0123456789".substring(start, start + 6))).contains("service-password-weak");
        assertThat(ServicePasswordRules.weakness("9876543210".substring(start, start + 6))).contains("service-password-weak");
    }

    @Property
    void refusesAnythingButSixDigits(@ForAll String input) {
        if (!input.matches("[0-9]{6}")) {
            assertThat(ServicePasswordRules.weakness(input)).contains("service-password-format");
        }
    }
}
