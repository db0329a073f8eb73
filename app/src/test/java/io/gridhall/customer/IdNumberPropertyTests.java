package io.gridhall.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdNumberPropertyTests {

    /** A valid ID number built from a seed: area, a real birth date 1900-2024, sequence and its check character. */
    static String validId(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        LocalDate birth = LocalDate.of(1900, 1, 1).plusDays(r.nextInt(45_000));
        String first17 = "%06d".formatted(110_000 + r.nextInt(760_000))
                + "%04d%02d%02d".formatted(birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth())
                + "%03d".formatted(r.nextInt(1000));
        return first17 + IdNumbers.checkCharacter(first17);
    }

    @Test
    void acceptsEveryNumberWithItsCheckCharacter() {
        qt().forAll(longs().all()).checkAssert(seed -> {
            String id = validId(seed);
            assertThat(IdNumbers.isValid(id)).as(id).isTrue();
            assertThat(IdNumbers.isValid(id.toLowerCase())).isTrue();
        });
    }

    @Test
    void rejectsAnySingleDigitChange() {
        qt().forAll(longs().all(), integers().between(0, 16), integers().between(1, 9))
                .checkAssert((seed, at, delta) -> {
                    String id = validId(seed);
                    char changed = (char) ('0' + (id.charAt(at) - '0' + delta) % 10);
                    // a changed birth-date digit may also make an impossible date: rejected either way
                    assertThat(IdNumbers.isValid(id.substring(0, at) + changed + id.substring(at + 1)))
                            .isFalse();
                });
    }

    @Test
    void neverThrowsOnArbitraryInput() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 25)).checkAssert(IdNumbers::isValid);
    }

    @Test
    void knowsThePublishedExample() {
        assertThat(IdNumbers.isValid("11010519491231002X")).isTrue();
        assertThat(IdNumbers.isValid("110105194912310021")).isFalse();
        assertThat(IdNumbers.isValid("110105194902310028")).isFalse(); // 31 February
        assertThat(IdNumbers.isValid(null)).isFalse();
    }
}
