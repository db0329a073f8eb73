package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import org.junit.jupiter.api.Test;

/** Issue #10: what an approver may pay back of a refund request, for any amounts asked and approved. */
class RefundBoundsPropertyTests {

    static final String NOTE = "客户同意只退部分";

    static String code(long asked, long approved, String note) {
        Problem p = catchThrowableOfType(
                Problem.class, () -> RefundBounds.check(Money.fen(asked), Money.fen(approved), note));
        return p == null ? null : p.code();
    }

    @Test
    void theAmountAskedIsAlwaysApprovableWithOrWithoutANote() {
        qt().forAll(longs().between(1, 9_999_999_999L)).checkAssert(asked -> {
            assertThat(code(asked, asked, null)).isNull();
            assertThat(code(asked, asked, NOTE)).isNull();
        });
    }

    @Test
    void lessThanWasAskedNeedsANoteAndNothingOrLessIsNeverApproved() {
        // approved = asked - less: always below what was asked, down to a million fen below nothing (no assumption
        // to filter on, which would leave QuickTheories too few examples)
        qt().forAll(longs().between(1, 9_999_999_999L), longs().between(1, 10_001_000_000L))
                .as((asked, less) -> new long[] {asked, asked - less})
                .checkAssert(pair -> {
                    long asked = pair[0], approved = pair[1];
                    if (approved <= 0) {
                        assertThat(code(asked, approved, NOTE)).isEqualTo("amount-not-positive");
                        assertThat(code(asked, approved, null)).isEqualTo("amount-not-positive");
                    } else {
                        assertThat(code(asked, approved, NOTE)).isNull();
                        assertThat(code(asked, approved, null)).isEqualTo("refund-lowered-note-required");
                        assertThat(code(asked, approved, "  ")).isEqualTo("refund-lowered-note-required");
                        assertThat(code(asked, approved, "x")).isEqualTo("refund-lowered-note-required");
                    }
                });
        assertThat(code(2, 1, null)).isEqualTo("refund-lowered-note-required");
        assertThat(code(1, 0, NOTE)).isEqualTo("amount-not-positive");
    }

    @Test
    void moreThanWasAskedIsNeverApprovedBySoMuchAsAFen() {
        qt().forAll(longs().between(1, 9_999_999_999L), longs().between(1, 1_000_000_000L))
                .checkAssert((asked, more) -> {
                    assertThat(code(asked, asked + more, NOTE)).isEqualTo("refund-approved-above-asked");
                    assertThat(code(asked, asked + more, null)).isEqualTo("refund-approved-above-asked");
                });
        assertThat(code(1, 2, NOTE)).isEqualTo("refund-approved-above-asked");
        assertThat(code(1, 1, null)).isNull();
        assertThat(code(2, 1, NOTE)).isNull();
    }
}
