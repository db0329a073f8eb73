package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;
import tools.jackson.databind.json.JsonMapper;

/** Money in JSON: one form everywhere the API emits it, a number of yuan with two decimals. */
class MoneyJsonTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Line(String code, Money amount, List<Money> parts) {}

    @Test
    void isWrittenAsANumberOfYuanWithTwoDecimals() {
        assertThat(JSON.writeValueAsString(new Line("x", Money.yuan("1614"), List.of(Money.fen(-13880), Money.ZERO))))
                .isEqualTo("{\"code\":\"x\",\"amount\":1614.00,\"parts\":[-138.80,0.00]}");
    }

    @Test
    void isReadFromANumberOrDecimalStringOfYuanAndFromTheFormerFenObject() {
        assertThat(JSON.readValue("{\"amount\": 12.3}", Line.class).amount()).isEqualTo(Money.fen(1230));
        assertThat(JSON.readValue("{\"amount\": \"-0.05\"}", Line.class).amount())
                .isEqualTo(Money.fen(-5));
        assertThat(JSON.readValue("{\"amount\": 7}", Line.class).amount()).isEqualTo(Money.fen(700));
        // event publications stored before money had one form
        assertThat(JSON.readValue("{\"amount\": {\"fen\": 161400}}", Line.class).amount())
                .isEqualTo(Money.fen(161400));
    }

    @Test
    void refusesMoreThanTwoDecimalsAndWhatIsNotAnAmount() {
        for (String bad : new String[] {"12.345", "\"1.001\"", "\"abc\"", "true", "{\"yuan\": 1}"})
            assertThatThrownBy(() -> JSON.readValue("{\"amount\": " + bad + "}", Line.class))
                    .as(bad)
                    .isInstanceOf(RuntimeException.class);
    }

    @Test
    void everyAmountSurvivesTheRoundTripToTheFen() {
        QuickTheory.qt()
                .forAll(SourceDSL.longs().between(-1_000_000_000_000_00L, 1_000_000_000_000_00L))
                .checkAssert(fen -> {
                    Line line = new Line("x", Money.fen(fen), List.of());
                    assertThat(JSON.readValue(JSON.writeValueAsString(line), Line.class)
                                    .amount())
                            .isEqualTo(Money.fen(fen));
                });
    }
}
