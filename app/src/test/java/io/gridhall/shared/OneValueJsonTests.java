package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.BillId;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.UserId;
import io.gridhall.outage.OutageId;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;
import tools.jackson.databind.json.JsonMapper;

/** Ids and energies in JSON: the bare value, as an app reads any other number, never a {@code {"value": n}} object. */
class OneValueJsonTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Line(BillId bill, BranchId branch, OutageId outage, UserId user, Kwh energy, List<Kwh> parts) {}

    @Test
    void isWrittenAsTheBareValue() {
        Line line = new Line(
                new BillId(501), new BranchId(11), new OutageId(7), new UserId(3), Kwh.of("300.5"), List.of(Kwh.ZERO));
        assertThat(JSON.writeValueAsString(line))
                .isEqualTo(
                        "{\"bill\":501,\"branch\":11,\"outage\":7,\"user\":3,\"energy\":300.5000,\"parts\":[0.0000]}");
    }

    @Test
    void isReadFromTheBareValueAStringOfItAndTheFormerValueObject() {
        Line read = JSON.readValue("""
                {"bill": 501, "branch": "11", "outage": {"value": 7}, "user": {"value": "3"},
                 "energy": {"value": 300.5}, "parts": ["1.25", 2]}""", Line.class);
        assertThat(read)
                .isEqualTo(new Line(
                        new BillId(501),
                        new BranchId(11),
                        new OutageId(7),
                        new UserId(3),
                        Kwh.of("300.5"),
                        List.of(Kwh.of("1.25"), Kwh.of("2"))));
    }

    @Test
    void refusesWhatIsNotOneAndNeverRounds() {
        for (String bad : new String[] {
            "12.5", "12.0", "\"12a\"", "\"\"", "true", "[1]", "{\"id\": 1}", "{\"value\": {}}", "99999999999999999999"
        })
            assertThatThrownBy(() -> JSON.readValue("{\"bill\": " + bad + "}", Line.class))
                    .as(bad)
                    .isInstanceOf(RuntimeException.class);
        for (String bad : new String[] {"1.00001", "\"0.00001\"", "\"kWh\"", "false"})
            assertThatThrownBy(() -> JSON.readValue("{\"energy\": " + bad + "}", Line.class))
                    .as(bad)
                    .isInstanceOf(RuntimeException.class);
        assertThat(JSON.readValue("{\"bill\": null}", Line.class).bill()).isNull();
    }

    @Test
    void everyIdAndEnergySurvivesTheRoundTrip() {
        QuickTheory.qt()
                .forAll(SourceDSL.longs().all(), SourceDSL.longs().between(-1_000_000_000_0000L, 1_000_000_000_0000L))
                .checkAssert((id, tenThousandths) -> {
                    Line line = new Line(
                            new BillId(id),
                            new BranchId(id),
                            new OutageId(id),
                            new UserId(id),
                            new Kwh(BigDecimal.valueOf(tenThousandths, Kwh.SCALE)),
                            List.of());
                    assertThat(JSON.readValue(JSON.writeValueAsString(line), Line.class))
                            .isEqualTo(line);
                });
    }
}
