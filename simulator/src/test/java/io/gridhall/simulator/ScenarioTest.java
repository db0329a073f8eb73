package io.gridhall.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.dlt645.MeterAddress;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void parsesTheExampleOfTheBrief() {
        Scenario s = Scenario.parse("meter 000000000123 bypass from 2026-11-01 factor 0.3");

        Scenario.Rule rule = s.rules().get(0);
        assertThat(rule.meter()).isEqualTo(MeterAddress.of(123));
        assertThat(rule.kind()).isEqualTo(Scenario.Kind.BYPASS);
        assertThat(rule.from()).isEqualTo(LocalDateTime.of(2026, 11, 1, 0, 0));
        assertThat(rule.to()).isEqualTo(LocalDateTime.MAX);
        assertThat(rule.value()).isEqualByComparingTo("0.3");
    }

    @Test
    void parsesEveryDirective() {
        Scenario s = Scenario.parse("""
        # imperfections
        meter * drift -1.5
        meter 1 offline from 2026-11-02T08:00 to 2026-11-02T09:30
        meter 1 no-reply rate 0.1
        meter 1 corrupt rate 0.05 from 2026-11-01
        meter 1 duplicate
        meter 1 late 3s rate 0.5
        # anomalies
        meter 2 reverse from 2026-11-01
        meter 2 phase-loss c from 2026-11-01 to 2026-11-03
        meter 2 cover-open at 2026-11-05T10:15
        meter 2 sag factor 0.7 from 2026-11-01T10:00 to 2026-11-01T10:05
        meter 2 harmonics from 2026-11-01
        meter 3 money 12.50
        meter 3 protect
        meter 3 relay open
        """);

        assertThat(s.rules())
                .extracting(Scenario.Rule::kind)
                .containsExactly(
                        Scenario.Kind.DRIFT,
                        Scenario.Kind.OFFLINE,
                        Scenario.Kind.NO_REPLY,
                        Scenario.Kind.CORRUPT,
                        Scenario.Kind.DUPLICATE,
                        Scenario.Kind.LATE,
                        Scenario.Kind.REVERSE,
                        Scenario.Kind.PHASE_LOSS,
                        Scenario.Kind.COVER_OPEN,
                        Scenario.Kind.SAG,
                        Scenario.Kind.HARMONICS,
                        Scenario.Kind.MONEY,
                        Scenario.Kind.PROTECT,
                        Scenario.Kind.RELAY_OPEN);
        assertThat(s.rules().get(0).meter()).isNull();
        assertThat(s.rules().get(0).value()).isEqualByComparingTo("-1.5");
        assertThat(s.rules().get(5).delay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.rules().get(7).phase()).isEqualTo(2);
        assertThat(s.rules().get(11).value()).isEqualTo(new BigDecimal("12.50"));
    }

    @Test
    void reportsTheLineOfAMistake() {
        assertThatThrownBy(() -> Scenario.parse("meter 1 drift 1\nmeter 1 bypass from 2026-11-01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("factor");
        assertThatThrownBy(() -> Scenario.parse("meter 1 teleport")).hasMessageContaining("unknown directive");
        assertThatThrownBy(() -> Scenario.parse("meter 1 offline from 2026-11-02 to 2026-11-01"))
                .hasMessageContaining("before");
        assertThatThrownBy(() -> Scenario.parse("meter 1 corrupt rate 2")).hasMessageContaining("rate");
    }

    @Test
    void aGeneratedDemoScenarioIsTheSameForTheSameSeedAndReadsBackFromItsText() {
        var meters = Fleet.generate(5000, 7);
        var day = java.time.LocalDate.of(2026, 12, 5);

        Scenario a = Scenario.generate(meters, 42, day);

        assertThat(Scenario.generate(meters, 42, day)).isEqualTo(a);
        assertThat(Scenario.generate(meters, 43, day)).isNotEqualTo(a);
        assertThat(Scenario.parse(a.toText())).isEqualTo(a);
        long offline = a.rules().stream()
                .filter(r -> r.kind() == Scenario.Kind.OFFLINE)
                .count();
        // a few percent of the meters stop answering, on or before the last day
        assertThat(offline).isBetween(100L, 200L);
        assertThat(a.rules()).allMatch(r -> !r.from().isAfter(day.atTime(23, 59)) && r.meter() != null);
        assertThat(a.rules())
                .extracting(Scenario.Rule::kind)
                .contains(Scenario.Kind.BYPASS, Scenario.Kind.REVERSE, Scenario.Kind.COVER_OPEN);
        // one meter, one imperfection
        assertThat(a.rules().stream().map(Scenario.Rule::meter).distinct().count())
                .isEqualTo(a.rules().size());
        // a lost phase stops only single-phase meters, so VEE sees it
        assertThat(a.rules().stream().filter(r -> r.kind() == Scenario.Kind.PHASE_LOSS))
                .allMatch(r ->
                        meters.stream().anyMatch(m -> m.address().equals(r.meter()) && !m.customerClass().threePhase));
    }

    @Test
    void everyDirectiveWritesBackAsItReads() {
        Scenario s = Scenario.parse("""
        meter * drift -1.5
        meter 1 offline from 2026-11-02T08:00 to 2026-11-02T09:30
        meter 1 no-reply rate 0.1
        meter 1 late 3s rate 0.5
        meter 2 phase-loss c from 2026-11-01 to 2026-11-03
        meter 2 cover-open at 2026-11-05T10:15
        meter 2 sag factor 0.7 from 2026-11-01T10:00 to 2026-11-01T10:05
        meter 2 bypass factor 0 from 2026-11-01
        meter 3 money 12.50
        meter 3 relay open
        """);

        assertThat(Scenario.parse(s.toText())).isEqualTo(s);
    }
}
