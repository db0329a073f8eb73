package io.gridhall.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class MobileNumberPropertyTests {

    static Gen<String> mobiles() {
        return integers()
                .between(3, 9)
                .zip(longs().between(0, 999_999_999L), (second, rest) -> "1" + second + String.format("%09d", rest));
    }

    static final Gen<String> prefixes = Generate.pick(List.of("", "+86", "+86 ", "0086", "86", "86-"));

    @Test
    void acceptsEveryMainlandMobileWithOrWithoutCountryCodeAndSpacing() {
        qt().forAll(mobiles(), prefixes).checkAssert((mobile, prefix) -> {
            String typed = prefix + mobile.substring(0, 3) + " " + mobile.substring(3, 7) + "-" + mobile.substring(7);
            assertThat(MobileNumber.parse(typed))
                    .hasValueSatisfying(m -> assertThat(m.value()).isEqualTo(mobile));
            assertThat(MobileNumber.parse(mobile))
                    .hasValueSatisfying(m -> assertThat(m.value()).isEqualTo(mobile));
        });
    }

    @Test
    void whatItAcceptsIsAlwaysElevenDigitsStartingOneThreeToNine() {
        qt().forAll(strings().ascii().ofLengthBetween(0, 20))
                .checkAssert(input -> MobileNumber.parse(input)
                        .ifPresent(m -> assertThat(m.value()).matches("1[3-9]\\d{9}")));
        qt().forAll(strings().numericBetween(0, Integer.MAX_VALUE), strings().numericBetween(0, 99999))
                .checkAssert((a, b) -> MobileNumber.parse(a + b)
                        .ifPresent(m -> assertThat(m.value()).matches("1[3-9]\\d{9}")));
    }

    @Test
    void rejectsASecondDigitBelowThree() {
        qt().forAll(mobiles(), integers().between(0, 2))
                .checkAssert((mobile, second) -> assertThat(MobileNumber.parse("1" + second + mobile.substring(2)))
                        .isEmpty());
    }

    @Test
    void rejectsWrongLengths() {
        qt().forAll(mobiles()).checkAssert(mobile -> {
            assertThat(MobileNumber.parse(mobile.substring(1))).isEmpty();
            assertThat(MobileNumber.parse(mobile + "0")).isEmpty();
        });
    }

    @Test
    void neverPrintsTheFullNumber() {
        assertThat(MobileNumber.parse("13812345678").orElseThrow().toString()).isEqualTo("138****5678");
        assertThat(MobileNumber.parse(null)).isEmpty();
        assertThat(MobileNumber.parse("１３８１２３４５６７８"))
                .as("full-width digits are not accepted")
                .isEmpty();
    }
}
