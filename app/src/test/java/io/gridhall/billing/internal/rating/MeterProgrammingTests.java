package io.gridhall.billing.internal.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.internal.rating.MeterProgramming.Parameter;
import io.gridhall.dlt645.DataIdentifier;
import io.gridhall.dlt645.Hex;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.OperatorCode;
import io.gridhall.dlt645.Password;
import io.gridhall.dlt645.TouTables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A schedule as the DL/T 645-2007 writes that program a meter's calendar (issue #9): golden frames, and a meter that
 * follows the written tables counts every quarter hour of the year in the register of the schedule's period.
 */
class MeterProgrammingTests {

    static final MeterAddress METER = MeterAddress.of("123456789012");
    static final Password PASSWORD = new Password(0x02, 0x123456);
    static final OperatorCode OPERATOR = new OperatorCode(0x12345678L);
    static final LocalDateTime ACTIVE = LocalDateTime.of(2026, 1, 1, 0, 0);
    static final Map<String, TouPeriod> ZJ = Tariffs.shipped().registers("CN-ZJ");

    static String frames(List<Parameter> program) {
        StringBuilder s = new StringBuilder();
        for (Parameter p : program)
            s.append("# ")
                    .append(p.meaning())
                    .append('\n')
                    .append(Hex.format(
                            p.write(METER, PASSWORD, OPERATOR).toFrame().encode()))
                    .append('\n');
        return s.toString();
    }

    static String golden(String name) throws IOException {
        try (InputStream in = MeterProgrammingTests.class.getResourceAsStream("/billing/golden/" + name)) {
            if (in == null) return null;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aWriteFrameByHand() {
        // 68 A0..A5 68 14 L, DI 04 00 02 01 low byte first, password 02 123456, operator 12345678, value 01; +33
        Parameter zones = MeterProgramming.of(
                        Tariffs.shipped("CN-ZJ-RES-TOU")
                                .versions()
                                .getFirst()
                                .energy()
                                .schedule(),
                        ZJ,
                        2026,
                        ACTIVE)
                .getFirst();
        assertThat(zones.id()).isEqualTo(TouTables.ZONE_COUNT);
        assertThat(Hex.format(zones.write(METER, PASSWORD, OPERATOR).toFrame().encode()))
                .isEqualTo("68 12 90 78 56 34 12 68 14 0D 34 35 33 37 35 89 67 45 AB 89 67 45 34 F8 16");
    }

    @Test
    void zhejiangResidentialTimeOfUseFor2026AsGoldenFrames() throws IOException {
        TouSchedule s =
                Tariffs.shipped("CN-ZJ-RES-TOU").versions().getFirst().energy().schedule();
        List<Parameter> program = MeterProgramming.of(s, ZJ, 2026, ACTIVE);
        String name = "meter-program-CN-ZJ-RES-TOU-2026.txt";
        String actual = frames(program);
        String expected = golden(name);
        if (expected == null) {
            Files.writeString(Path.of("target", name), actual);
            throw new AssertionError("no golden file " + name + "; wrote target/" + name + " to check and copy");
        }
        assertThat(actual).isEqualTo(expected);
        // one zone, one day table: 00:00 T4 (谷), 08:00 T2 (峰), 22:00 T4; 33 days off and 6 worked weekend days
        assertThat(program.stream().map(Parameter::meaning))
                .contains(
                        "年时区数 1",
                        "日时段表数 1",
                        "公共假日数 39",
                        "第二套时区表: 01-01→1",
                        "第二套第1日时段表: 00:00 T4 08:00 T2 22:00 T4",
                        "第1公共假日 2026-01-01 日时段表 1",
                        "第4公共假日 2026-01-04 日时段表 1",
                        "周休日 [SATURDAY, SUNDAY]");
        assertThat(program.getLast().id()).isEqualTo(TouTables.DAY_TABLE_SWITCH_TIME);
    }

    /** A meter's reading of the written tables: which tariff counts the quarter hour. */
    static int tariff(Map<DataIdentifier, byte[]> written, LocalDate day, int slot) {
        int table = -1;
        int holidays =
                bcd(written.get(TouTables.HOLIDAY_COUNT)[0]) + 100 * bcd(written.get(TouTables.HOLIDAY_COUNT)[1]);
        for (int n = 1; n <= holidays; n++) {
            byte[] h = written.get(TouTables.holiday(n));
            if (LocalDate.of(2000 + bcd(h[3]), bcd(h[2]), bcd(h[1])).equals(day)) table = bcd(h[0]);
        }
        int worked = written.get(TouTables.WEEKEND_STATUS)[0];
        if (table < 0 && (worked & (1 << (day.getDayOfWeek().getValue() % 7))) == 0)
            table = bcd(written.get(TouTables.WEEKEND_DAY_TABLE)[0]);
        if (table < 0) {
            byte[] zones = written.get(TouTables.zoneTable(2));
            for (int i = 0; i < zones.length; i += 3)
                if (!LocalDate.of(day.getYear(), bcd(zones[i + 2]), bcd(zones[i + 1]))
                        .isAfter(day)) table = bcd(zones[i]);
        }
        byte[] slots = written.get(TouTables.dayTable(2, table));
        int tariff = -1;
        for (int i = 0; i < slots.length; i += 3)
            if (bcd(slots[i + 2]) * 60 + bcd(slots[i + 1]) <= slot * 15) tariff = bcd(slots[i]);
        return tariff;
    }

    static int bcd(byte b) {
        return (b >> 4 & 0x0F) * 10 + (b & 0x0F);
    }

    /** Four periods on four registers: 尖峰 19-21 on summer workdays, flat weekends, holidays all valley. */
    static TouSchedule industry() {
        String region = IntervalRatingTests.REGION.replace("DEEP_VALLEY", "VALLEY");
        String tariff = IntervalRatingTests.TARIFF
                .replace(", DEEP_VALLEY: \"0.1234\"", "")
                .replace("{T1: SHARP, T2: PEAK, T3: VALLEY, T4: DEEP_VALLEY}", "{T1: SHARP, T2: PEAK, T4: VALLEY}");
        return TouScheduleTests.region(region, tariff).schedules("CN-XX").get("XX-IND");
    }

    @Test
    void aMeterFollowingTheWrittenTablesCountsEveryQuarterHourOfTheYearAsTheScheduleSays() {
        for (TouSchedule s : List.of(
                industry(),
                Tariffs.shipped("CN-ZJ-RES-TOU").versions().getFirst().energy().schedule(),
                Tariffs.shipped("CN-SH-RES-TOU").versions().getFirst().energy().schedule())) {
            Map<DataIdentifier, byte[]> written = new HashMap<>();
            for (Parameter p : MeterProgramming.of(s, ZJ, 2026, ACTIVE)) written.put(p.id(), p.value());
            for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() == 2026; d = d.plusDays(1)) {
                TouPeriod[] periods = s.periods(d);
                for (int q = 0; q < 96; q++)
                    assertThat(ZJ.get("T" + tariff(written, d, q)))
                            .as("%s %s slot %d", s.id(), d, q)
                            .isEqualTo(periods[q]);
            }
        }
    }

    @Test
    void theIndustryScheduleHasZonesForItsSeasonsAndHolidaysWithTheirTables() {
        List<String> meanings = MeterProgramming.of(industry(), ZJ, 2026, ACTIVE).stream()
                .map(Parameter::meaning)
                .toList();
        // day tables: summer workday 1, weekend 2, holiday 3, the rest's workday 4 (its weekend and holiday are 2, 3)
        assertThat(meanings)
                .contains(
                        "年时区数 3",
                        "日时段表数 4",
                        "第二套时区表: 01-01→4 07-01→1 09-01→4",
                        "第二套第1日时段表: 00:00 T4 08:00 T2 19:00 T1 21:00 T2 22:00 T4",
                        "第二套第3日时段表: 00:00 T4",
                        "公共假日数 23",
                        "第1公共假日 2026-01-01 日时段表 3",
                        "第4公共假日 2026-01-04 日时段表 4",
                        "周休日日时段表 2");
    }

    @Test
    void whatAMeterCannotHoldIsRefusedWithWhy() {
        // five periods, four registers
        Map<String, TouPeriod> regs =
                Map.of("T1", TouPeriod.SHARP, "T2", TouPeriod.PEAK, "T3", TouPeriod.FLAT, "T4", TouPeriod.DEEP_VALLEY);
        assertThatThrownBy(() -> MeterProgramming.of(IntervalRatingTests.schedule(), regs, 2026, ACTIVE))
                .isInstanceOf(MeterProgramming.NotProgrammable.class)
                .hasMessage("no register counts VALLEY of schedule XX-IND");
        assertThatThrownBy(() -> MeterProgramming.of(
                        Tariffs.shipped("CN-ZJ-RES-TOU")
                                .versions()
                                .getFirst()
                                .energy()
                                .schedule(),
                        ZJ,
                        2027,
                        ACTIVE))
                .isInstanceOf(MeterProgramming.NotProgrammable.class)
                .hasMessage("the holiday calendar has no 2027 (add the year to the pack)");
    }

    @Test
    void aScheduleWhoseWeekendsDifferBySeasonCannotBeProgrammed() {
        String region = """
                holidays:
                  years:
                    2026: {source: test, off: [2026-10-01]}
                timeOfUse:
                  - id: XX-WK
                    name: test
                    source: test
                    seasons:
                      - name: summer
                        months: [6, 7, 8]
                        workday: ["00:00-08:00 VALLEY", "08:00-24:00 PEAK"]
                        weekend: ["00:00-12:00 VALLEY", "12:00-24:00 PEAK"]
                      - name: rest
                        months: [1, 2, 3, 4, 5, 9, 10, 11, 12]
                        workday: ["00:00-08:00 VALLEY", "08:00-24:00 PEAK"]
                """;
        String tariff = """
                - id: XX-WK
                  name: test
                  customerClass: RESIDENTIAL
                  voltage: BELOW_1KV
                  category: RES_TOU
                  versions:
                    - version: 1
                      effectiveFrom: 2026-01-01
                      source: test
                      energy:
                        periods: {PEAK: "0.6", VALLEY: "0.3"}
                        remainder: PEAK
                        schedule: XX-WK
                """;
        TouSchedule s =
                TouScheduleTests.region(region, tariff).schedules("CN-XX").get("XX-WK");
        assertThatThrownBy(() -> MeterProgramming.of(s, ZJ, 2026, ACTIVE))
                .isInstanceOf(MeterProgramming.NotProgrammable.class)
                .hasMessage("schedule XX-WK's weekends differ between seasons; a meter has one weekend table for the"
                        + " year");
    }
}
