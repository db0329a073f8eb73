package io.gridhall.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeterAddressTest {

    @Test
    void sendsTheLowByteFirst() {
        assertThat(Hex.format(MeterAddress.of("123456789012").toWire())).isEqualTo("12 90 78 56 34 12");
    }

    @Test
    void padsShortNumbersWithLeadingZeros() {
        assertThat(MeterAddress.of("123")).isEqualTo(new MeterAddress("000000000123"));
        assertThat(MeterAddress.of(123L).digits()).isEqualTo("000000000123");
    }

    @Test
    void knowsBroadcastAndWildcard() {
        assertThat(MeterAddress.of("999999999999").isBroadcast()).isTrue();
        assertThat(MeterAddress.of("AAAAAA123456").isWildcard()).isTrue();
        assertThat(MeterAddress.of("000000123456").isWildcard()).isFalse();
    }

    @Test
    void wildcardBytesReachAnyValueInTheirPlace() {
        MeterAddress meter = MeterAddress.of("000000123456");

        assertThat(MeterAddress.of("AAAAAA123456").reaches(meter)).isTrue();
        assertThat(MeterAddress.of("AAAAAA123457").reaches(meter)).isFalse();
        assertThat(MeterAddress.BROADCAST.reaches(meter)).isTrue();
        assertThat(MeterAddress.WILDCARD.reaches(meter)).isTrue();
    }

    @Test
    void refusesNonBcdDigits() {
        assertThatThrownBy(() -> new MeterAddress("12345678901B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MeterAddress("1234")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MeterAddress("A12345678901")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesWildcardBytesFromTheWire() throws DecodeException {
        assertThat(MeterAddress.fromWire(Hex.parse("AA AA AA AA AA AA"), 0)).isEqualTo(MeterAddress.WILDCARD);
    }
}
