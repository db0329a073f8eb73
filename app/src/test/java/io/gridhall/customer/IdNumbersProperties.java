package io.gridhall.customer;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class IdNumbersProperties {

    @Provide
    Arbitrary<String> validIds() {
        return Arbitraries.strings().numeric().ofLength(6).flatMap(area -> Arbitraries.integers().between(1900, 2024)
                .flatMap(year -> Arbitraries.integers().between(1, 12).flatMap(month -> Arbitraries.integers()
                        .between(1, 28).flatMap(day -> Arbitraries.strings().numeric().ofLength(3).map(seq -> {
                            String first17 = area + year + "%02d%02d".formatted(month, day) + seq;
                            return first17 + IdNumbers.checkCharacter(first17);
                        })))));
    }

    @Property
    void acceptsEveryNumberWithItsCheckCharacter(@ForAll("validIds") String id) {
        assertThat(IdNumbers.isValid(id)).isTrue();
        assertThat(IdNumbers.isValid(id.toLowerCase())).isTrue();
    }

    @Property
    void rejectsAnySingleDigitChange(@ForAll("validIds") String id, @ForAll @IntRange(min = 0, max = 16) int at,
            @ForAll @IntRange(min = 1, max = 9) int delta) {
        char changed = (char) ('0' + (id.charAt(at) - '0' + delta) % 10);
        String wrong = id.substring(0, at) + changed + id.substring(at + 1);
        // a changed digit in the birth date may make an impossible date: rejected either way
        assertThat(IdNumbers.isValid(wrong)).isFalse();
    }

    @Property
    void neverThrowsOnArbitraryInput(@ForAll @StringLength(max = 25) String anything) {
        IdNumbers.isValid(anything);
    }

    @Test
    void knowsThePublishedExample() {
        assertThat(IdNumbers.isValid("11010519491231002X")).isTrue();
        assertThat(IdNumbers.isValid("110105194912310021")).isFalse();
        assertThat(IdNumbers.isValid("110105194902310028")).isFalse(); // 31 February
        assertThat(IdNumbers.isValid(null)).isFalse();
    }
}
