package io.gridhall.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MobileNumberProperties {

    @Provide
    Arbitrary<String> mobiles() {
        return Arbitraries.integers().between(3, 9)
                .flatMap(second -> Arbitraries.strings().numeric().ofLength(9).map(rest -> "1" + second + rest));
    }

    @Provide
    Arbitrary<String> decorations() {
        return Arbitraries.of("", "+86", "+86 ", "0086", "86", "86-");
    }

    @Property
    void acceptsEveryMainlandMobileWithOrWithoutCountryCodeAndSpacing(
            @ForAll("mobiles") String mobile, @ForAll("decorations") String prefix) {
        String typed = prefix + mobile.substring(0, 3) + " " + mobile.substring(3, 7) + "-" + mobile.substring(7);
        assertThat(MobileNumber.parse(typed)).hasValueSatisfying(m -> assertThat(m.value()).isEqualTo(mobile));
        assertThat(MobileNumber.parse(mobile)).hasValueSatisfying(m -> assertThat(m.value()).isEqualTo(mobile));
    }

    @Property
    void whatItAcceptsIsAlwaysElevenDigitsStartingOneThreeToNine(@ForAll String input) {
        MobileNumber.parse(input).ifPresent(m -> assertThat(m.value()).matches("1[3-9]\\d{9}"));
    }

    @Property
    void rejectsASecondDigitBelowThree(@ForAll("mobiles") String mobile) {
        for (char c : new char[] {'0', '1', '2'}) {
            assertThat(MobileNumber.parse("1" + c + mobile.substring(2))).isEmpty();
        }
    }

    @Property
    void rejectsWrongLengths(@ForAll("mobiles") String mobile) {
        assertThat(MobileNumber.parse(mobile.substring(1))).isEmpty();
        assertThat(MobileNumber.parse(mobile + "0")).isEmpty();
    }

    @Example
    void neverPrintsTheFullNumber() {
        assertThat(MobileNumber.parse("13812345678").orElseThrow().toString()).isEqualTo("138****5678");
        assertThat(MobileNumber.parse(null)).isEmpty();
        assertThat(MobileNumber.parse("１３８１２３４５６７８")).as("full-width digits are not accepted").isEmpty();
    }
}
