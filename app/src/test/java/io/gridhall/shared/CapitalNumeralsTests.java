package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapitalNumeralsTests {

    @ParameterizedTest
    @CsvSource({
        "0, 零元整",
        "0.05, 伍分",
        "0.50, 伍角整",
        "0.55, 伍角伍分",
        "1, 壹元整",
        "1.05, 壹元零伍分",
        "10, 壹拾元整",
        "15, 壹拾伍元整",
        "100.50, 壹佰元伍角整",
        "138.80, 壹佰叁拾捌元捌角整",
        "1005.30, 壹仟零伍元叁角整",
        "1010, 壹仟零壹拾元整",
        "1680.32, 壹仟陆佰捌拾元叁角贰分",
        "10000, 壹万元整",
        "10005, 壹万零伍元整",
        "100010.07, 壹拾万零壹拾元零柒分",
        "107000.53, 壹拾万柒仟元伍角叁分",
        "10001000, 壹仟万壹仟元整",
        "100000000, 壹亿元整",
        "100010000, 壹亿零壹万元整",
        "100000001, 壹亿零壹元整",
        "1000000000000, 壹万亿元整",
        "1000500000000, 壹万零伍亿元整",
        "1000000000005, 壹万亿零伍元整",
        "1000010000000, 壹万亿壹仟万元整",
        "-138.80, 负壹佰叁拾捌元捌角整",
    })
    void writesAmountsAsBillsAndChequesDo(String yuan, String words) {
        assertThat(CapitalNumerals.of(Money.yuan(yuan))).isEqualTo(words);
    }

    @Test
    void readsBackAsTheSameAmountForEveryAmount() {
        qt().forAll(longs().between(-99_999_999_999_999_99L, 99_999_999_999_999_99L))
                .checkAssert(fen ->
                        assertThat(read(CapitalNumerals.of(Money.fen(fen)))).isEqualTo(fen));
    }

    @Test
    void neverWritesTwoZerosInARowNorEndsTheYuanWithZero() {
        qt().forAll(longs().between(1, 99_999_999_999_999_99L)).checkAssert(fen -> {
            String words = CapitalNumerals.of(Money.fen(fen));
            assertThat(words).doesNotContain("零零", "零元", "零万", "零亿").as(words);
            if (fen != 0) assertThat(words).doesNotStartWith("零");
        });
    }

    @Test
    void refusesAmountsBeyondTheLargestUnit() {
        assertThatThrownBy(() -> CapitalNumerals.of(Money.fen(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CapitalNumerals.of(Money.fen(Long.MIN_VALUE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** An independent reader: digits times their unit, sections closed by 万 and 亿. */
    static long read(String words) {
        boolean negative = words.startsWith("负");
        String w = negative ? words.substring(1) : words;
        long yuanFen = 0;
        long total = 0; // whole sections already closed by 亿
        long section = 0; // the part below 亿 so far
        long group = 0; // the part below 万 so far
        int digit = 0;
        for (char c : w.toCharArray()) {
            int d = "零壹贰叁肆伍陆柒捌玖".indexOf(c);
            if (d >= 0) {
                digit = d;
                continue;
            }
            switch (c) {
                case '拾' -> group += digit * 10L;
                case '佰' -> group += digit * 100L;
                case '仟' -> group += digit * 1000L;
                case '万' -> {
                    section += (group + digit) * 10_000L;
                    group = 0;
                }
                case '亿' -> {
                    total = (total + section + group + digit) * 100_000_000L;
                    section = 0;
                    group = 0;
                }
                case '元' -> {
                    yuanFen = (total + section + group + digit) * 100;
                }
                case '角' -> yuanFen += digit * 10L;
                case '分' -> yuanFen += digit;
                case '整' -> {}
                default -> throw new IllegalArgumentException("unexpected " + c + " in " + words);
            }
            digit = 0;
        }
        return negative ? -yuanFen : yuanFen;
    }
}
