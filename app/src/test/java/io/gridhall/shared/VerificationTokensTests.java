package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerificationTokensTests {

    static final byte[] MAC = new byte[32];

    static {
        Arrays.fill(MAC, (byte) 0x5a);
    }

    @Test
    void aTokenNamesItsIdsAndCarriesSixteenBytesOfTheMac() {
        assertThat(VerificationTokens.of(MAC, 42)).isEqualTo("42.WlpaWlpaWlpaWlpaWlpaWg");
        assertThat(VerificationTokens.of(MAC, 42, 7)).isEqualTo("42-7.WlpaWlpaWlpaWlpaWlpaWg");
        assertThat(VerificationTokens.ids("42-7.WlpaWlpaWlpaWlpaWlpaWg", 2))
                .hasValueSatisfying(ids -> assertThat(ids).containsExactly(42, 7));
    }

    @Test
    void everyPositiveIdPairReadsBack() {
        qt().forAll(longs().between(1, Long.MAX_VALUE), longs().between(1, Long.MAX_VALUE))
                .checkAssert((a, b) -> assertThat(VerificationTokens.ids(VerificationTokens.of(MAC, a, b), 2))
                        .hasValueSatisfying(ids -> assertThat(ids).containsExactly(a, b)));
    }

    @Test
    void malformedTokensAndTheWrongNumberOfIdsNameNothing() {
        String mac = ".WlpaWlpaWlpaWlpaWlpaWg";
        for (String t : new String[] {
            null,
            "",
            "42",
            "0" + mac,
            "042" + mac,
            "-42" + mac,
            "42--7" + mac,
            "42-7" + mac + "=",
            "42-7.WlpaWlpaWlpaWlpaWlpaW",
            "42-7.WlpaWlpaWlpaWlpaWlpa+g",
            "9223372036854775808" + mac, // one more than a long holds
            "42-7" + mac + "\n"
        })
            assertThat(VerificationTokens.ids(t, 1).or(() -> VerificationTokens.ids(t, 2)))
                    .as(t)
                    .isEmpty();
        assertThat(VerificationTokens.ids("42" + mac, 2)).isEmpty();
        assertThat(VerificationTokens.ids("42-7" + mac, 1)).isEmpty();
    }

    @Test
    void onlyTheSameTextIsTheSameToken() {
        assertThat(VerificationTokens.same("42.WlpaWlpaWlpaWlpaWlpaWg", "42.WlpaWlpaWlpaWlpaWlpaWg"))
                .isTrue();
        // the last character's unused bits changed: the same bytes, another token
        assertThat(VerificationTokens.same("42.WlpaWlpaWlpaWlpaWlpaWg", "42.WlpaWlpaWlpaWlpaWlpaWh"))
                .isFalse();
        assertThat(VerificationTokens.same("42.WlpaWlpaWlpaWlpaWlpaWg", null)).isFalse();
    }

    @Test
    void aShortMacOrNoIdIsABug() {
        assertThatThrownBy(() -> VerificationTokens.of(new byte[8], 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerificationTokens.of(MAC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerificationTokens.of(MAC, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
