package io.gridhall.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/** Reading the concentrator archive CSV (QuickTheories, see ADR 0005). */
class ConcentratorArchiveParsingTests {

    private static final String ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private final ConcentratorArchive archive = new ConcentratorArchive(null, null, null, null);

    record Row(String id, String address) {}

    static Gen<Row> rows() {
        return in -> {
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 12; i++) id.append(ID_CHARS.charAt((int) in.next(Constraint.between(0, 35))));
            // few addresses, so some repeat
            return new Row(id.toString(), String.format("%012d", in.next(Constraint.between(0, 40))));
        };
    }

    ConcentratorArchive.Parsed parse(String text) {
        return archive.parseCsv(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wellFormedRowsInEitherColumnOrderAreReadUnlessAnAddressGetsTwoConcentrators() {
        qt().forAll(lists().of(rows()).ofSizeBetween(1, 30), integers().between(0, 1))
                .checkAssert((rows, order) -> {
                    StringBuilder csv = new StringBuilder(
                            order == 0
                                    ? "\uFEFFconcentrator_id,meter_address\r\n"
                                    : "meter_address , concentrator_id\r\n");
                    Map<String, String> expected = new LinkedHashMap<>();
                    boolean conflict = false;
                    for (Row r : rows) {
                        csv.append(order == 0 ? r.id() + "," + r.address() : r.address() + "," + r.id())
                                .append("\r\n");
                        String was = expected.putIfAbsent(r.address(), r.id());
                        conflict |= was != null && !was.equals(r.id());
                    }
                    ConcentratorArchive.Parsed parsed = parse(csv.toString());
                    assertThat(parsed.rows()).isEqualTo(rows.size());
                    if (conflict) {
                        assertThat(parsed.routes()).isEmpty();
                        assertThat(parsed.errors())
                                .isNotEmpty()
                                .allSatisfy(e -> assertThat(e.code()).isEqualTo("conflicting-concentrator"));
                    } else {
                        assertThat(parsed.errors()).isEmpty();
                        assertThat(parsed.routes()).isEqualTo(expected);
                    }
                });
    }

    @Test
    void anyMalformedCellRejectsItsRow() {
        for (String bad : List.of("C8348800001", "c83488000001", "C834880000012", "C83488-00001", "集中器0000001")) {
            var parsed = parse("concentrator_id,meter_address\nC83488000001,000000000001\n" + bad + ",000000000002\n");
            assertThat(parsed.errors()).singleElement().satisfies(e -> {
                assertThat(e.row()).isEqualTo(3);
                assertThat(e.field()).isEqualTo("concentrator_id");
            });
            assertThat(parsed.routes()).isEmpty();
        }
        for (String bad : List.of("", "12345678901", "1234567890123", "12345678901A", " ")) {
            var parsed = parse("concentrator_id,meter_address\nC83488000001," + bad + "\n");
            assertThat(parsed.errors())
                    .singleElement()
                    .satisfies(e -> assertThat(e.field()).isEqualTo("meter_address"));
        }
        assertThat(parse("concentrator_id,meter_address\nC83488000001\n").errors())
                .singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo("required"));
    }

    @Test
    void aRegistrationSecretOnAnyRowOfItsConcentratorIsReadAndNeverEchoed() {
        var parsed = parse("""
                meter_address,concentrator_id,registration_secret
                000000000001,C83488000001,
                000000000002,C83488000001,s3cret-Pass
                000000000003,C83488000002,
                """);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.secrets()).containsExactly(Map.entry("C83488000001", "s3cret-Pass"));
        assertThat(parsed.toString()).doesNotContain("s3cret-Pass");

        for (String bad : List.of("short", "has blank", "x".repeat(65), "密钥密钥密钥密钥")) {
            var rejected =
                    parse("concentrator_id,meter_address,registration_secret\nC83488000001,000000000001," + bad + "\n");
            assertThat(rejected.errors()).singleElement().satisfies(e -> {
                assertThat(e.code()).isEqualTo("bad-registration-secret");
                assertThat(e.args()).as("the secret is not echoed").isEmpty();
            });
            assertThat(rejected.secrets()).isEmpty();
        }
        var conflicting = parse("concentrator_id,meter_address,registration_secret\n"
                + "C83488000001,000000000001,first-secret\nC83488000001,000000000002,other-secret\n");
        assertThat(conflicting.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("conflicting-registration-secret");
            assertThat(e.row()).isEqualTo(3);
            assertThat(e.args().toString()).doesNotContain("secret");
        });
    }
}
