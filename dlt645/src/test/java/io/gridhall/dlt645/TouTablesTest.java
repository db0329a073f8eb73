package io.gridhall.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The time-of-use parameter layouts and the write request (0x14) that carries them. */
class TouTablesTest {

    private static final MeterAddress METER = MeterAddress.of("123456789012");

    @Test
    void identifiersOfTableA5() {
        assertThat(TouTables.zoneTable(1)).isEqualTo(DataIdentifier.parse("04010000"));
        assertThat(TouTables.zoneTable(2)).isEqualTo(DataIdentifier.parse("04020000"));
        assertThat(TouTables.dayTable(2, 8)).isEqualTo(DataIdentifier.parse("04020008"));
        assertThat(TouTables.holiday(1)).isEqualTo(DataIdentifier.parse("04030001"));
        assertThat(TouTables.holiday(254)).isEqualTo(DataIdentifier.parse("040300FE"));
        assertThatThrownBy(() -> TouTables.dayTable(3, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TouTables.dayTable(1, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TouTables.holiday(255)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void layoutsAreBcdEntryByEntryLowByteFirst() {
        // zone MMDDNN 07-01 table 2 goes out as 02 01 07
        assertThat(Hex.format(TouTables.zones(List.of(new TouTables.Zone(1, 1, 1), new TouTables.Zone(7, 1, 2)))))
                .isEqualTo("01 01 01 02 01 07");
        // slot hhmmNN 22:30 tariff 4 goes out as 04 30 22
        assertThat(Hex.format(TouTables.day(List.of(new TouTables.Slot(0, 0, 4), new TouTables.Slot(22, 30, 4)))))
                .isEqualTo("04 00 00 04 30 22");
        // holiday YYMMDDNN 2026-10-01 table 3 goes out as 03 01 10 26
        assertThat(Hex.format(TouTables.holiday(LocalDate.of(2026, 10, 1), 3))).isEqualTo("03 01 10 26");
        assertThat(Hex.format(TouTables.count2(39))).isEqualTo("39 00");
        assertThat(Hex.format(TouTables.count2(254))).isEqualTo("54 02");
        assertThat(Hex.format(TouTables.switchTime(LocalDateTime.of(2027, 1, 1, 0, 30))))
                .isEqualTo("30 00 01 01 27");
        // Saturday and Sunday rest: Monday..Friday bits 1..5
        assertThat(Hex.format(TouTables.weekendStatus(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY))))
                .isEqualTo("3E");
        assertThatThrownBy(() -> TouTables.zones(List.of(new TouTables.Zone(2, 30, 1))))
                .isInstanceOf(java.time.DateTimeException.class);
        assertThatThrownBy(() -> TouTables.day(List.of(new TouTables.Slot(0, 0, 5))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWriteGoesOutAndIsReadBackAsAMeterReadsIt() throws Exception {
        Request.Write w = new Request.Write(
                METER,
                TouTables.ZONE_COUNT,
                new Password(0x02, 0x123456),
                new OperatorCode(0x12345678L),
                TouTables.count(1));
        Frame f = w.toFrame();
        assertThat(Hex.format(f.encode()))
                .isEqualTo("68 12 90 78 56 34 12 68 14 0D 34 35 33 37 35 89 67 45 AB 89 67 45 34 F8 16");
        assertThat(Request.parse(Frame.decode(f.encode()), ControlSecurity.PLAIN))
                .isEqualTo(w);
        assertThatThrownBy(() -> new Request.Write(
                        MeterAddress.BROADCAST,
                        TouTables.ZONE_COUNT,
                        new Password(2, 0),
                        new OperatorCode(0),
                        TouTables.count(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
