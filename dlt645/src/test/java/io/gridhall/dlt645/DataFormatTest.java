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
    void asciiIsReversedOnTheWireAndLosesItsPadding() throws DecodeException {
        byte[] wire = DataFormat.ASCII_6.encode(new DataValue.Text("220V"));

        assertThat(Hex.format(wire)).isEqualTo("00 00 56 30 32 32");
        assertThat(DataFormat.ASCII_6.decode(wire, 0)).isEqualTo(new DataValue.Text("220V"));
        assertThat(DataFormat.ASCII_6.decode(Hex.parse("20 20 56 30 32 32"), 0)).isEqualTo(new DataValue.Text("220V"));
        assertThat(DataFormat.ASCII_4.decode(Hex.parse("00 00 00 00"), 0)).isEqualTo(new DataValue.Text(""));
        assertThatThrownBy(() -> DataFormat.ASCII_4.encode(new DataValue.Text("12345")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataFormat.ASCII_4.encode(new DataValue.Text("\u00e9")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asciiRefusesControlBytesAndANulInsideTheText() {
        assertThatThrownBy(() -> DataFormat.ASCII_4.decode(Hex.parse("41 07 42 43"), 0))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadValue.class));
        assertThatThrownBy(() -> DataFormat.ASCII_4.decode(Hex.parse("41 00 42 43"), 0))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadValue.class));
    }

    @Test
    void ffBytesAreAnAbsentValueExceptInStatusWords() throws DecodeException {
        assertThat(DataFormat.VOLTAGE.decode(Hex.parse("FF FF"), 0)).isEqualTo(new DataValue.Absent());
        assertThat(DataFormat.CURRENT.decode(Hex.parse("FF FF FF"), 0)).isEqualTo(new DataValue.Absent());
        assertThat(DataFormat.DATE.decode(Hex.parse("FF FF FF FF"), 0)).isEqualTo(new DataValue.Absent());
        assertThat(DataFormat.ASCII_6.decode(Hex.parse("FF FF FF FF FF FF"), 0)).isEqualTo(new DataValue.Absent());
        assertThat(DataFormat.STATUS_WORD.decode(Hex.parse("FF FF"), 0)).isEqualTo(new DataValue.StatusBits(0xFFFF));
        assertThat(Hex.format(DataFormat.VOLTAGE.encode(new DataValue.Absent())))
                .isEqualTo("FF FF");
        assertThatThrownBy(() -> DataFormat.STATUS_WORD.encode(new DataValue.Absent()))
                .isInstanceOf(IllegalArgumentException.class);
        // FF in only some bytes is still a bad digit, not an absent value
        assertThatThrownBy(() -> DataFormat.VOLTAGE.decode(Hex.parse("FF 22"), 0))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadBcdDigit.class));
    }

    @Test
    void aSinglePhaseMetersVoltageBlockKeepsItsPhaseAndMarksTheOthersAbsent() throws DecodeException {
        DataItem block = DataItems.require(DataItems.VOLTAGE_BLOCK);

        assertThat(block.decode(Hex.parse("03 23 FF FF FF FF")))
                .containsExactly(DataValue.Decimal.of("230.3"), new DataValue.Absent(), new DataValue.Absent());
    }

    @Test
    void aWeekdayThatDoesNotMatchTheDateIsReported() {
        // 2026-11-22 is a Sunday (0), the meter says Wednesday (3); issue 7
        assertThatThrownBy(() -> DataFormat.DATE.decode(Hex.parse("03 22 11 26"), 0))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.error())
                                .isEqualTo(new DecodeError.WeekdayMismatch(LocalDate.of(2026, 11, 22), 3)));
    }

    @Test
    void dateTimeDigitsAndIdentifiers() throws DecodeException {
        assertThat(DataFormat.DATE_TIME.decode(Hex.parse("25 40 10 05 06 17"), 0))
                .isEqualTo(new DataValue.Timestamp(LocalDateTime.of(2017, 6, 5, 10, 40, 25)));
        assertThat(DataFormat.DIGITS_12.decode(Hex.parse("18 55 60 06 00 00"), 0))
                .isEqualTo(new DataValue.Text("000006605518"));
        assertThat(DataFormat.IDENTIFIER.decode(Hex.parse("00 0D 30 03"), 0)).isEqualTo(new DataValue.Text("03300D00"));
        assertThat(DataFormat.IDENTIFIER.decode(Hex.parse("FF FF FF FF"), 0)).isEqualTo(new DataValue.Absent());
        assertThat(DataFormat.ANGLE.decode(Hex.parse("50 31"), 0)).isEqualTo(DataValue.Decimal.of("315.0"));
        assertThat(DataFormat.TEMPERATURE.decode(Hex.parse("05 80"), 0)).isEqualTo(DataValue.Decimal.of("-0.5"));
        assertThat(DataFormat.PRICE.decode(Hex.parse("50 52 00 00"), 0)).isEqualTo(DataValue.Decimal.of("0.5250"));
        assertThatThrownBy(() -> DataFormat.DIGITS_12.encode(new DataValue.Text("12345")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registryCoversTheTablesOfAppendixA() {
        assertThat(DataItems.all()).hasSizeGreaterThan(1500);
        DataItem apparent = DataItems.find(DataItems.APPARENT_POWER_BLOCK).orElseThrow();
        assertThat(apparent.unit()).isEqualTo("kVA");
        assertThat(apparent.count()).isEqualTo(4);
        assertThat(DataItems.find(DataIdentifier.parse("00090000"))
                        .orElseThrow()
                        .unit())
                .isEqualTo("kVAh");
        assertThat(DataItems.find(DataIdentifier.parse("00150000"))
                        .orElseThrow()
                        .name())
                .isEqualTo("phase A forward active energy");
        assertThat(DataItems.find(DataIdentifier.parse("0046000C"))
                        .orElseThrow()
                        .name())
                .isEqualTo("phase C reverse apparent energy at settlement day -12");
        DataItem demand = DataItems.find(DataItems.FORWARD_ACTIVE_DEMAND_BLOCK).orElseThrow();
        assertThat(demand.fields()).containsExactly(DataFormat.POWER, DataFormat.TIMESTAMP);
        assertThat(demand.length()).isEqualTo(40);
        assertThat(DataItems.find(DataItems.RATED_VOLTAGE).orElseThrow().format())
                .isEqualTo(DataFormat.ASCII_6);
        assertThat(DataItems.find(DataItems.METER_NUMBER).orElseThrow().format())
                .isEqualTo(DataFormat.DIGITS_12);
        assertThat(DataItems.find(DataItems.ACTIVE_CONSTANT).orElseThrow().unit())
                .isEqualTo("imp/kWh");
        assertThat(DataItems.find(DataItems.LOSS_OF_VOLTAGE).orElseThrow().valueCount())
                .isEqualTo(6);
        assertThat(DataItems.find(DataIdentifier.parse("03300001"))
                        .orElseThrow()
                        .length())
                .isEqualTo(50);
        assertThat(DataItems.find(DataIdentifier.parse("03300301"))
                        .orElseThrow()
                        .length())
                .isEqualTo(14);
        assertThat(DataItems.find(DataIdentifier.parse("03300401"))
                        .orElseThrow()
                        .length())
                .isEqualTo(16);
        assertThat(DataItems.find(DataIdentifier.parse("03300D0A"))
                        .orElseThrow()
                        .length())
                .isEqualTo(60);
        assertThat(DataItems.find(DataIdentifier.parse("03110001"))
                        .orElseThrow()
                        .length())
                .isEqualTo(12);
        assertThat(DataItems.find(DataIdentifier.parse("020A01FF"))
                        .orElseThrow()
                        .count())
                .isEqualTo(21);
        assertThat(DataItems.find(DataIdentifier.parse("0280000B"))
                        .orElseThrow()
                        .format())
                .isEqualTo(DataFormat.PRICE);
        assertThat(DataItems.find(DataIdentifier.parse("03300D0B"))).isEmpty();
        assertThat(DataItems.find(DataIdentifier.parse("020A0116"))).isEmpty();
        for (DataItem item : DataItems.all()) {
            // every reply fits a frame: 4 bytes of identifier plus the values
            assertThat(4 + item.length()).as(item.name()).isLessThanOrEqualTo(FrameScanner.DEFAULT_MAX_DATA_LENGTH);
        }
    }

    @Test
    void unknownIdentifiersAreATypedError() {
        assertThatThrownBy(() -> DataItems.require(DataIdentifier.parse("7F7F7F7F")))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.error()).isInstanceOf(DecodeError.UnknownDataIdentifier.class));
    }
}
