package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The withholding file format of docs/formats/withholding-file.md: a golden file, byte positions as documented, a
 * round trip of random files, and every malformed file refused with its line and field.
 */
class WithholdingFileTests {

    static final WithholdingFile.Header HEADER = new WithholdingFile.Header(
            "WH202611102000000042", "102", YearMonth.of(2026, 11), LocalDate.of(2026, 12, 6));

    static List<WithholdingFile.Detail> details() {
        return List.of(
                new WithholdingFile.Detail(1, "8000000001", "6222021001000000017", "张三", 12345, null),
                new WithholdingFile.Detail(2, "8000000002", "6222021001000000025", "欧阳娜娜", 100, null),
                new WithholdingFile.Detail(
                        3, "8000000003", "6217000010000000031", "A杭州某某电子科技有限公司第一分公司营业部", 1_234_567_89L, null));
    }

    static byte[] golden(String file, byte[] actual) throws IOException {
        if (Boolean.getBoolean("golden.write")) Files.write(Path.of("src/test/resources/payment/golden", file), actual);
        try (InputStream in = WithholdingFileTests.class.getResourceAsStream("/payment/golden/" + file)) {
            assertThat(in).as("golden file %s", file).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void writesTheDocumentedFileByteForByte() throws IOException {
        byte[] file = WithholdingFile.write(HEADER, details());
        assertThat(file).isEqualTo(golden("withholding-sent.txt", file));
        assertThat(file.length).isEqualTo(5 * 122);
        // positions as the format document gives them (1-based, inclusive)
        String header = new String(file, 0, 120, WithholdingFile.GBK);
        assertThat(header.substring(0, 1)).isEqualTo("H");
        assertThat(header.substring(1, 21)).isEqualTo("WH202611102000000042");
        assertThat(header.substring(21, 24)).isEqualTo("102");
        assertThat(header.substring(24, 30)).isEqualTo("202611");
        assertThat(header.substring(30, 38)).isEqualTo("20261206");
        byte[] d1 = Arrays.copyOfRange(file, 122, 242);
        assertThat(ascii(d1, 1, 1)).isEqualTo("D");
        assertThat(ascii(d1, 2, 7)).isEqualTo("000001");
        assertThat(ascii(d1, 8, 27)).isEqualTo("8000000001          ");
        assertThat(ascii(d1, 28, 59)).startsWith("6222021001000000017 ");
        assertThat(new String(Arrays.copyOfRange(d1, 59, 99), WithholdingFile.GBK))
                .isEqualTo("张三" + " ".repeat(36));
        assertThat(ascii(d1, 100, 114)).isEqualTo("000000000012345");
        assertThat(ascii(d1, 115, 120)).isEqualTo("      ");
        assertThat(d1[120 - 1]).isEqualTo((byte) ' ');
        assertThat(file[242]).isEqualTo((byte) '\r');
        assertThat(file[243]).isEqualTo((byte) '\n');
        byte[] t = Arrays.copyOfRange(file, 4 * 122, 4 * 122 + 120);
        assertThat(ascii(t, 1, 1)).isEqualTo("T");
        assertThat(ascii(t, 2, 21)).isEqualTo("WH202611102000000042");
        assertThat(ascii(t, 22, 27)).isEqualTo("000003");
        assertThat(ascii(t, 28, 45)).isEqualTo("000000000123469234");
        assertThat(ascii(t, 46, 69)).isEqualTo("0".repeat(24));
    }

    @Test
    void aNameLongerThanFortyBytesIsCutAtAWholeCharacter() {
        byte[] file = WithholdingFile.write(HEADER, details());
        WithholdingFile.Detail third = WithholdingFile.read(file).details().get(2);
        assertThat(third.holderName()).isEqualTo("A杭州某某电子科技有限公司第一分公司营业");
        assertThat(third.holderName().getBytes(WithholdingFile.GBK)).hasSize(39);
    }

    @Test
    void theBanksReturnFileIsReadWithItsResultsAndTotals() throws IOException {
        List<WithholdingFile.Detail> returned = new ArrayList<>(details());
        returned.set(0, returned.get(0).withResult("0000"));
        returned.set(1, returned.get(1).withResult("1001"));
        returned.set(2, returned.get(2).withResult("0000"));
        byte[] file = WithholdingFile.write(HEADER, returned);
        assertThat(file).isEqualTo(golden("withholding-returned.txt", file));
        WithholdingFile.Parsed p = WithholdingFile.read(file);
        assertThat(p.header()).isEqualTo(HEADER);
        assertThat(p.details()).extracting(WithholdingFile.Detail::resultCode).containsExactly("0000", "1001", "0000");
        assertThat(p.trailer())
                .isEqualTo(new WithholdingFile.Trailer("WH202611102000000042", 3, 123_469_234, 2, 123_469_234 - 100));
    }

    @Test
    void anyFileReadsBackAsWritten() {
        Gen<String> names = lists().of(integers().between(0, 7).map(i -> "张王李赵欧阳娜A".substring(i, i + 1)))
                .ofSizeBetween(1, 20)
                .map(l -> String.join("", l));
        Gen<WithholdingFile.Detail> detail = longs().between(1, 999_999_999_999_999L)
                .zip(
                        longs().between(0, 99_999_999_999L),
                        names,
                        integers().between(0, 3),
                        (fen, acc, name, r) -> new WithholdingFile.Detail(
                                0,
                                "8" + acc,
                                "62" + String.format("%017d", acc),
                                name,
                                fen,
                                r == 0 ? null : r == 1 ? "0000" : "100" + r));
        qt().forAll(lists().of(detail).ofSizeBetween(0, 30)).checkAssert(ds -> {
            List<WithholdingFile.Detail> numbered = new ArrayList<>();
            for (WithholdingFile.Detail d : ds)
                numbered.add(new WithholdingFile.Detail(
                        numbered.size() + 1,
                        d.accountNumber(),
                        d.bankAccount(),
                        d.holderName(),
                        d.fen(),
                        d.resultCode()));
            byte[] file = WithholdingFile.write(HEADER, numbered);
            assertThat(file.length).isEqualTo((numbered.size() + 2) * 122);
            WithholdingFile.Parsed p = WithholdingFile.read(file);
            assertThat(p.header()).isEqualTo(HEADER);
            assertThat(p.details()).isEqualTo(numbered);
        });
    }

    @Test
    void aTrailerWhoseCountOrTotalDiffersIsRefusedNamingTheField() {
        byte[] file = WithholdingFile.write(HEADER, details());
        refused(patch(file, 4, 22, "000002"), 5, "count");
        refused(patch(file, 4, 28, "000000000123469235"), 5, "total");
        refused(patch(file, 4, 46, "000001"), 5, "succeeded");
        refused(patch(file, 4, 2, "WH202611102000000043"), 5, "batchNumber");
    }

    @Test
    void malformedRecordsAreRefusedNamingTheLineAndField() {
        byte[] file = WithholdingFile.write(HEADER, details());
        refused(new byte[0], 1, "record");
        refused(Arrays.copyOf(file, file.length - 1), 5, "length");
        refused(Arrays.copyOf(file, 122), 2, "trailer");
        refused(patch(file, 0, 1, "X"), 1, "recordType");
        refused(patch(file, 0, 22, "1X2"), 1, "bankCode");
        refused(patch(file, 0, 25, "202613"), 1, "month");
        refused(patch(file, 0, 31, "20260231"), 1, "fileDate");
        refused(patch(file, 0, 100, "x"), 1, "filler");
        refused(patch(file, 2, 2, "000003"), 3, "seq");
        refused(patch(file, 2, 100, "00000000000001x"), 3, "amount");
        refused(patch(file, 2, 100, "000000000000000"), 3, "amount");
        refused(patch(file, 2, 115, "00A0"), 3, "resultCode");
        refused(patch(file, 2, 8, " ".repeat(20)), 3, "accountNumber");
        byte[] bad = file.clone();
        bad[122 * 2 + 59] = (byte) 0xFF; // not GBK
        refused(bad, 3, "holderName");
        byte[] lf = file.clone();
        lf[122 + 120] = '\n';
        refused(lf, 2, "length");
    }

    static byte[] patch(byte[] file, int record, int position, String ascii) {
        byte[] copy = file.clone();
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, copy, record * 122 + position - 1, b.length);
        return copy;
    }

    static void refused(byte[] file, int line, String field) {
        assertThatThrownBy(() -> WithholdingFile.read(file))
                .isInstanceOfSatisfying(WithholdingFile.Malformed.class, e -> {
                    assertThat(e.line).as("line").isEqualTo(line);
                    assertThat(e.field).as("field").isEqualTo(field);
                });
    }

    static String ascii(byte[] record, int from, int to) {
        return new String(record, from - 1, to - from + 1, StandardCharsets.ISO_8859_1);
    }
}
