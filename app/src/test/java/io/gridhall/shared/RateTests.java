package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RateTests {

    @Test
    void chargesRoundOnceHalfUpToTheFen() {
        assertThat(Rate.of("0.538").charge(Kwh.of("120"))).isEqualTo(Money.yuan("64.56"));
        // 0.4883 x 0.1 = 0.04883 -> 0.05 (half up of 4.883 fen)
        assertThat(Rate.of("0.4883").charge(Kwh.of("0.1"))).isEqualTo(Money.fen(5));
        // exactly half a fen rounds up, and away from zero for a negative quantity
        assertThat(Rate.of("0.005").charge(Kwh.of("1"))).isEqualTo(Money.fen(1));
        assertThat(Rate.of("0.005").charge(Kwh.of("-1"))).isEqualTo(Money.fen(-1));
        assertThat(Rate.of("0.004999").charge(Kwh.of("1"))).isEqualTo(Money.ZERO);
    }

    @Test
    void keepsSixDecimalsAndRefusesMore() {
        assertThat(Rate.of("0.5").yuanPerUnit()).isEqualByComparingTo("0.500000");
        assertThat(Rate.of("0.5").toString()).isEqualTo("0.500000");
        assertThatThrownBy(() -> Rate.of("0.1234567")).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void chargesQuantitiesInOtherUnits() {
        assertThat(Rate.of("30").charge(new BigDecimal("630"))).isEqualTo(Money.yuan("18900.00"));
        assertThat(Rate.of("0.05").plus(Rate.of("0.4883"))).isEqualTo(Rate.of("0.5383"));
    }
}
