package io.gridhall.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.gridhall.billing.LineExplanation;
import io.gridhall.billing.LineSource;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;
import tools.jackson.databind.json.JsonMapper;

/** The hand-written explanation JSON reads back as what it was, and as Jackson's own writing of it does. */
class ExplanationJsonTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Text with what JSON must escape: quotes, backslashes, control characters, and CJK and emoji. */
    private static Gen<String> text() {
        Gen<Character> c = SourceDSL.integers()
                .between(0, 9)
                .zip(SourceDSL.integers().between(0, 0x7f), (kind, ascii) -> switch (kind) {
                    case 0 -> '"';
                    case 1 -> '\\';
                    case 2 -> (char) (ascii % 0x20);
                    case 3 -> '峰';
                    case 4 -> '×';
                    case 5 -> '\uD83D';
                    default -> (char) Math.max(0x20, ascii);
                });
        return SourceDSL.lists().of(c).ofSizeBetween(0, 24).map(list -> {
            StringBuilder b = new StringBuilder();
            for (char x : list) b.append(x == '\uD83D' ? "\uD83D\uDE00" : String.valueOf(x));
            return b.toString();
        });
    }

    private static Gen<LineSource> source() {
        Gen<BigDecimal> value = SourceDSL.longs()
                .between(-10_000_000_000L, 10_000_000_000L)
                .zip(SourceDSL.integers().between(0, 6), BigDecimal::valueOf);
        return text().zip(
                        text(),
                        value,
                        SourceDSL.integers().between(0, 3),
                        (asset, register, v, nulls) -> new LineSource(
                                nulls == 1 ? "FACT" : "REGISTER",
                                nulls == 1
                                        ? null
                                        : 1_000_000_007L + v.unscaledValue().longValue() % 1000,
                                nulls == 2 ? null : asset,
                                nulls == 1
                                        ? null
                                        : LocalDate.of(2026, 11, 30).minusDays(Math.floorMod(v.intValue(), 400)),
                                register,
                                nulls == 3 ? null : v,
                                nulls == 1 ? null : "ESTIMATED",
                                1 + Math.floorMod(v.intValue(), 500)));
    }

    @Test
    void readsBackAsTheExplanationItWasAndAsJacksonsOwnWriting() {
        Gen<LineExplanation> explanations = text().zip(
                        text(),
                        SourceDSL.lists().of(source()).ofSizeBetween(0, 6),
                        SourceDSL.integers().between(1, 99),
                        (tariff, formula, sources, version) -> new LineExplanation(tariff, version, formula, sources));
        qt().withExamples(300).forAll(explanations).checkAssert(e -> {
            String ours = ExplanationJson.write(e);
            assertThat(JSON.readValue(ours, LineExplanation.class))
                    .usingRecursiveComparison()
                    .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                    .isEqualTo(e);
            assertThat(JSON.readTree(ours)).isEqualTo(JSON.readTree(JSON.writeValueAsString(e)));
        });
    }

    @Test
    void writesTheShapeTheBillLinesHold() {
        LineExplanation e = new LineExplanation(
                "CN-ZJ-RES-TIERED",
                1,
                "120 kWh × 0.538000 = 64.56",
                List.of(new LineSource(
                        "REGISTER",
                        7L,
                        "3301000001",
                        LocalDate.of(2026, 11, 30),
                        "TOTAL",
                        new BigDecimal("1234.50"),
                        "ACTUAL",
                        50)));
        assertThat(ExplanationJson.write(e))
                .isEqualTo("{\"tariffId\":\"CN-ZJ-RES-TIERED\",\"tariffVersion\":1,\"formula\":\"120 kWh × 0.538000 ="
                        + " 64.56\",\"sources\":[{\"kind\":\"REGISTER\",\"meterId\":7,\"assetNumber\":\"3301000001\","
                        + "\"day\":\"2026-11-30\",\"register\":\"TOTAL\",\"value\":1234.50,\"quality\":\"ACTUAL\","
                        + "\"multiplier\":50}]}");
    }
}
