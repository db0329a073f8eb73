package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** COPY rows rendered straight into UTF-8 bytes say what COPY's text format says, byte for byte. */
class BulkCopyTests {

    /** COPY's text format as PostgreSQL documents it, written the plain way: escape, then encode. */
    private static String expected(Object value) {
        if (value == null) return "\\N";
        if (value instanceof byte[] b) return "\\\\x" + java.util.HexFormat.of().formatHex(b);
        String s = value.toString();
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String rendered(Object... values) {
        BulkCopy.Rows rows = new BulkCopy.Rows();
        rows.row(values);
        return new String(rows.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Text with what COPY escapes, the rest of ASCII, Latin-1, CJK, a symbol and a character outside the BMP. */
    private static Gen<String> text() {
        Gen<Character> c = SourceDSL.integers()
                .between(0, 9)
                .zip(SourceDSL.integers().between(0, 0x7f), (kind, ascii) -> switch (kind) {
                    case 0 -> '\\';
                    case 1 -> "\t\n\r".charAt(ascii % 3);
                    case 2 -> '×';
                    case 3 -> '峰';
                    case 4 -> '−';
                    case 5 -> '\uD83D';
                    default -> (char) (int) ascii;
                });
        return SourceDSL.lists().of(c).ofSizeBetween(0, 40).map(list -> {
            StringBuilder b = new StringBuilder();
            for (char x : list) b.append(x == '\uD83D' ? "\uD83D\uDE00" : String.valueOf(x));
            return b.toString();
        });
    }

    @Test
    void textIsEscapedAndEncodedAsUtf8() {
        qt().forAll(text(), text())
                .checkAssert((a, b) -> assertThat(rendered(a, b)).isEqualTo(expected(a) + "\t" + expected(b) + "\n"));
    }

    @Test
    void numbersAreWrittenAsTheirDigits() {
        qt().forAll(SourceDSL.longs().all(), SourceDSL.integers().all())
                .checkAssert((l, i) -> assertThat(rendered(l, i)).isEqualTo(l + "\t" + i + "\n"));
        assertThat(rendered(0L, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, -7))
                .isEqualTo("0\t" + Long.MIN_VALUE + "\t" + Long.MAX_VALUE + "\t" + Integer.MIN_VALUE + "\t-7\n");
    }

    @Test
    void nullsFlagsBytesAndOtherValuesAreWrittenAsCopyReadsThem() {
        assertThat(rendered(
                        null,
                        true,
                        false,
                        new byte[] {0, (byte) 0xff, 0x10},
                        new BigDecimal("-12.3400"),
                        LocalDate.of(2026, 10, 31),
                        Instant.parse("2026-11-01T01:00:00Z")))
                .isEqualTo("\\N\ttrue\tfalse\t\\\\x00ff10\t-12.3400\t2026-10-31\t2026-11-01T01:00:00Z\n");
    }

    @Test
    void aLoneSurrogateIsWrittenAsAQuestionMarkAsJavasEncoderDoes() {
        String lone = "a\uD83Db\uDE00";
        assertThat(rendered(lone))
                .isEqualTo(new String(lone.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) + "\n");
    }

    @Test
    void rowsLongerThanTheBufferGrowIt() {
        String big = "峰".repeat(100_000);
        assertThat(rendered(big, 1L)).isEqualTo(big + "\t1\n");
    }
}
