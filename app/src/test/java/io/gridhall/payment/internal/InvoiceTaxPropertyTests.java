package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.gridhall.shared.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The buyer's tax id check character (GB 32100-2015) and the tax split of an invoice line (PAY-11, #10). */
class InvoiceTaxPropertyTests {

    static final BigDecimal VAT = new BigDecimal("0.13");

    /** 17 characters of the code's alphabet. */
    static Gen<String> bodies() {
        return lists().of(integers().between(0, TaxIds.ALPHABET.length() - 1))
                .ofSize(17)
                .map(l -> l.stream()
                        .map(i -> String.valueOf(TaxIds.ALPHABET.charAt(i)))
                        .reduce("", String::concat));
    }

    @Test
    void acceptsAPublishedCodeAndRefusesItWithAnotherCheckCharacter() {
        assertThat(TaxIds.valid("91350100M000100Y43")).isTrue();
        assertThat(TaxIds.valid("91350100M000100Y44")).isFalse();
        assertThat(TaxIds.valid(TaxIds.normalise(" 91350100m000100y43 "))).isTrue();
    }

    @Test
    void refusesWrongLengthsAndCharactersOutsideTheAlphabet() {
        assertThat(TaxIds.valid(null)).isFalse();
        assertThat(TaxIds.valid("")).isFalse();
        assertThat(TaxIds.valid("91350100M000100Y4")).isFalse();
        assertThat(TaxIds.valid("91350100M000100Y430")).isFalse();
        // I, O, S, V and Z are not in the alphabet, in the body or as the check character
        for (char c : "IOSVZ".toCharArray()) {
            assertThat(TaxIds.valid("9135010" + c + "M000100Y43")).isFalse();
            assertThat(TaxIds.valid("91350100M000100Y4" + c)).isFalse();
        }
        // an old 15-digit taxpayer number carries no check character
        assertThat(TaxIds.valid("110108123456789")).isFalse();
    }

    @Test
    void everyCodeWithItsCheckCharacterIsValid() {
        qt().forAll(bodies())
                .checkAssert(
                        body -> assertThat(TaxIds.valid(TaxIds.withCheck(body))).isTrue());
    }

    @Test
    void anySingleChangedCharacterIsCaught() {
        // 31 is prime and no weight is 0 mod 31, so one substituted character always changes the check value
        qt().forAll(bodies(), integers().between(0, 17), integers().between(1, 30))
                .checkAssert((body, at, shift) -> {
                    String code = TaxIds.withCheck(body);
                    int v = TaxIds.ALPHABET.indexOf(code.charAt(at));
                    char other = TaxIds.ALPHABET.charAt((v + shift) % 31);
                    String changed = code.substring(0, at) + other + code.substring(at + 1);
                    assertThat(TaxIds.valid(changed)).as(changed).isFalse();
                });
    }

    @Test
    void aSplitAddsUpToTheAmountPaidAndStaysWithinTheFenThePlatformAllows() {
        qt().forAll(longs().between(1, 100_000_000_000L), integers().between(0, 17))
                .checkAssert((fen, pct) -> {
                    BigDecimal rate = BigDecimal.valueOf(pct, 2);
                    InvoiceAmounts a = InvoiceAmounts.split(new Money(fen), rate);
                    assertThat(a.net().plus(a.tax())).isEqualTo(new Money(fen));
                    assertThat(a.tax().fen()).isNotNegative();
                    assertThat(InvoiceAmounts.withinTolerance(a.net(), a.tax(), rate))
                            .isTrue();
                    InvoiceAmounts red = a.negate();
                    assertThat(red.net().plus(red.tax())).isEqualTo(new Money(-fen));
                });
    }

    @Test
    void splitsKnownAmountsAsAVatInvoiceShowsThem() {
        // 113.00 with 13 % VAT: 100.00 + 13.00
        assertThat(InvoiceAmounts.split(Money.yuan("113.00"), VAT))
                .isEqualTo(new InvoiceAmounts(Money.yuan("113.00"), Money.yuan("100.00"), Money.yuan("13.00")));
        // 100.00: 88.50 (88.4955... rounded half up once) + 11.50
        assertThat(InvoiceAmounts.split(Money.yuan("100.00"), VAT))
                .isEqualTo(new InvoiceAmounts(Money.yuan("100.00"), Money.yuan("88.50"), Money.yuan("11.50")));
        // one fen: 0.01 net, no tax
        assertThat(InvoiceAmounts.split(new Money(1), VAT))
                .isEqualTo(new InvoiceAmounts(new Money(1), new Money(1), Money.ZERO));
    }

    @Test
    void aTaxOffByMoreThanAFenIsOutsideTheTolerance() {
        assertThat(InvoiceAmounts.withinTolerance(Money.yuan("100.00"), Money.yuan("13.01"), VAT))
                .isTrue();
        assertThat(InvoiceAmounts.withinTolerance(Money.yuan("100.00"), Money.yuan("13.02"), VAT))
                .isFalse();
    }
}
