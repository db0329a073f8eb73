package io.gridhall.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataFormatTest {

    @Test
    void energyIsXxxxxxDotXxLowByteFirst() throws DecodeException {
        byte[] wire = DataFormat.ENERGY.encode(DataValue.Decimal.of("123456.78"));

        assertThat(Hex.format(wire)).isEqualTo("78 56 34 12");
        assertThat(DataFormat.ENERGY.decode(wire, 0)).isEqualTo(DataValue.Decimal.of("123456.78"));
    }

    @Test
    void decodedNumbersKeepTheScaleOfTheFormat() throws DecodeException {
        DataValue.Decimal v = (DataValue.Decimal) DataFormat.ENERGY.decode(Hex.parse("00 00 00 00"), 0);

        assertThat(v.value().scale()).isEqualTo(2);
        assertThat(v.value()).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void signedFormatsUseTheTopBitOfTheHighestByte() throws DecodeException {
        assertThat(Hex.format(DataFormat.CURRENT.encode(DataValue.Decimal.of("-1.234"))))
                .isEqualTo("34 12 80");
        assertThat(DataFormat.POWER.decode(Hex.parse("56 34 92"), 0)).isEqualTo(DataValue.Decimal.of("-12.3456"));
        assertThat(DataFormat.POWER_FACTOR.decode(Hex.parse("50 89"), 0)).isEqualTo(DataValue.Decimal.of("-0.950"));
        assertThat(DataFormat.POWER_FACTOR.decode(Hex.parse("50 09"), 0)).isEqualTo(DataValue.Decimal.of("0.950"));
    }

    @Test
    void voltageAndFrequency() throws DecodeException {
        assertThat(DataFormat.VOLTAGE.decode(Hex.parse("01 22"), 0)).isEqualTo(DataValue.Decimal.of("220.1"));
        assertThat(DataFormat.FREQUENCY.decode(Hex.parse("98 49"), 0)).isEqualTo(DataValue.Decimal.of("49.98"));
    }

    @Test
    void refusesValuesOutOfRangeOrWithTooManyDecimals() {
        assertThatThrownBy(() -> DataFormat.ENERGY.encode(DataValue.Decimal.of("1000000.00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataFormat.ENERGY.encode(DataValue.Decimal.of("1.001")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataFormat.ENERGY.encode(DataValue.Decimal.of("-1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataFormat.CURRENT.encode(DataValue.Decimal.of("800.000")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DataFormat.CURRENT.maxMagnitude()).isEqualTo(new BigDecimal("799.999"));
        assertThatThrownBy(() -> DataFormat.VOLTAGE.encode(new DataValue.StatusBits(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsFewerDecimalsThanTheFormat() {
        assertThat(Hex.format(DataFormat.ENERGY.encode(DataValue.Decimal.of("5"))))
                .isEqualTo("00 05 00 00");
    }

    @Test
    void reportsNonBcdDigits() {
        assertThatThrownBy(() -> DataFormat.ENERGY.decode(Hex.parse("7A 56 34 12"), 0))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadBcdDigit.class));
    }

    @Test
    void reportsTruncatedValues() {
        assertThatThrownBy(() -> DataFormat.ENERGY.decode(Hex.parse("78 56"), 0))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.Truncated.class));
    }

    @Test
    void dateIsYymmddwwWithSundayZero() throws DecodeException {
        // 2026-11-22 is a Sunday.
        byte[] wire = DataFormat.DATE.encode(new DataValue.Day(LocalDate.of(2026, 11, 22)));

        assertThat(Hex.format(wire)).isEqualTo("00 22 11 26");
        assertThat(DataFormat.DATE.decode(wire, 0)).isEqualTo(new DataValue.Day(LocalDate.of(2026, 11, 22)));
    }

    @Test
    void refusesImpossibleDatesAndTimes() {
        assertThatThrownBy(() -> DataFormat.DATE.decode(Hex.parse("01 31 02 26"), 0))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadValue.class));
        assertThatThrownBy(() -> DataFormat.TIME.decode(Hex.parse("00 60 12"), 0))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadValue.class));
    }

    @Test
    void timeAndTimestamp() throws DecodeException {
        assertThat(Hex.format(DataFormat.TIME.encode(new DataValue.TimeOfDay(LocalTime.of(14, 5, 30)))))
                .isEqualTo("30 05 14");
        assertThat(DataFormat.TIMESTAMP.decode(Hex.parse("00 00 22 11 26"), 0))
                .isEqualTo(new DataValue.Timestamp(LocalDateTime.of(2026, 11, 22, 0, 0)));
    }

    @Test
    void statusWordIsBinaryLowByteFirst() throws DecodeException {
        DataValue.StatusBits word = (DataValue.StatusBits) DataFormat.STATUS_WORD.decode(Hex.parse("50 10"), 0);

        assertThat(word.bits()).isEqualTo(0x1050);
        assertThat(StatusWord3.relayOpen(word)).isTrue();
        assertThat(StatusWord3.isProtected(word)).isTrue();
    }

    @Test
    void registryKnowsTheIdentifiersOfTheBrief() {
        assertThat(DataItems.find(DataIdentifier.parse("00010000"))
                        .orElseThrow()
                        .format())
                .isEqualTo(DataFormat.ENERGY);
        assertThat(DataItems.find(DataIdentifier.parse("00000000"))
                        .orElseThrow()
                        .format())
                .isEqualTo(DataFormat.SIGNED_ENERGY);
        assertThat(DataItems.find(DataIdentifier.parse("0201FF00"))
                        .orElseThrow()
                        .count())
                .isEqualTo(3);
        assertThat(DataItems.find(DataIdentifier.parse("0203FF00"))
                        .orElseThrow()
                        .count())
                .isEqualTo(4);
        assertThat(DataItems.find(DataIdentifier.parse("02800002"))
                        .orElseThrow()
                        .unit())
                .isEqualTo("Hz");
        assertThat(DataItems.find(DataIdentifier.parse("0001000C"))
                        .orElseThrow()
                        .name())
                .isEqualTo("forward active energy total at settlement day -12");
        assertThat(DataItems.find(DataIdentifier.parse("0001000D"))).isEmpty();
        assertThat(DataItems.find(DataIdentifier.parse("0506013E"))
                        .orElseThrow()
                        .count())
                .isEqualTo(5);
        assertThat(DataItems.find(DataIdentifier.parse("00900200"))
                        .orElseThrow()
                        .unit())
                .isEqualTo("yuan");
        assertThat(DataItems.find(DataIdentifier.parse("03300D00"))
                        .orElseThrow()
                        .format())
                .isEqualTo(DataFormat.COUNT);
        for (String id : List.of(
                "00010100",
                "00010400",
                "00020000",
                "00030000",
                "00040000",
                "02010300",
                "0202FF00",
                "0206FF00",
                "04000101",
                "04000102",
                "04000501",
                "04000507",
                "00900201")) {
            assertThat(DataItems.find(DataIdentifier.parse(id))).as(id).isPresent();
        }
    }

    @Test
    void blockValuesDecodeInOrder() throws DecodeException {
        DataItem block = DataItems.require(DataItems.VOLTAGE_BLOCK);

        assertThat(block.decode(Hex.parse("01 22 98 21 00 00")))
                .containsExactly(
                        DataValue.Decimal.of("220.1"), DataValue.Decimal.of("219.8"), DataValue.Decimal.of("0.0"));
        assertThatThrownBy(() -> block.decode(Hex.parse("01 22")))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadLength.class));
    }

    @Test
    void unknownIdentifiersAreATypedError() {
        assertThatThrownBy(() -> DataItems.require(DataIdentifier.parse("7F7F7F7F")))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.error()).isInstanceOf(DecodeError.UnknownDataIdentifier.class));
    }
}
