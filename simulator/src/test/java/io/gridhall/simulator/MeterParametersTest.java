package io.gridhall.simulator;

import static io.gridhall.simulator.Meters.aMeter;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.dlt645.DataIdentifier;
import io.gridhall.dlt645.ErrorFlag;
import io.gridhall.dlt645.FunctionCode;
import io.gridhall.dlt645.OperatorCode;
import io.gridhall.dlt645.Password;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import io.gridhall.dlt645.TouTables;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A simulated meter takes time-of-use parameter writes (0x14) as a real one does (issue 9). */
class MeterParametersTest {

    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final Password FLEET = Password.parse("02000000");

    final MutableClock clock = new MutableClock(START);
    final VirtualMeter meter = Meters.offline(aMeter(71, CustomerClass.RESIDENTIAL, FeeControl.NONE), "", clock);

    Optional<Reply> write(DataIdentifier id, Password password, byte[] value) {
        return meter.handle(new Request.Write(meter.address(), id, password, new OperatorCode(7), value), START);
    }

    Reply refused(ErrorFlag flag) {
        return Reply.Abnormal.of(meter.address(), FunctionCode.WRITE, Set.of(flag));
    }

    @Test
    void storesAWrittenZoneTableAndAnswersItsRead() {
        byte[] zones = TouTables.zones(List.of(new TouTables.Zone(1, 1, 1), new TouTables.Zone(7, 1, 2)));

        assertThat(write(TouTables.zoneTable(2), FLEET, zones))
                .contains(new Reply.Acknowledged(meter.address(), FunctionCode.WRITE));

        assertThat(meter.handle(new Request.Read(meter.address(), TouTables.zoneTable(2)), START))
                .contains(
                        new Reply.ReadData(meter.address(), TouTables.zoneTable(2), zones, false, OptionalInt.empty()));
        assertThat(meter.parameter(TouTables.zoneTable(2)))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(zones));
    }

    @Test
    void refusesAWrongPasswordAndALevelThatMayNotWriteParameters() {
        byte[] count = TouTables.count(2);

        assertThat(write(TouTables.ZONE_COUNT, Password.parse("02123456"), count))
                .contains(refused(ErrorFlag.PASSWORD_ERROR_OR_UNAUTHORISED));
        meter.changePassword(Password.parse("04000000"));
        assertThat(write(TouTables.ZONE_COUNT, Password.parse("04000000"), count))
                .as("a level-04 password may not set parameters")
                .contains(refused(ErrorFlag.PASSWORD_ERROR_OR_UNAUTHORISED));
        assertThat(meter.parameter(TouTables.ZONE_COUNT)).isEmpty();
    }

    @Test
    void refusesValuesBeyondTheMetersLimitsWithTheStandardsErrorBits() {
        assertThat(write(TouTables.ZONE_COUNT, FLEET, new byte[] {0x15}))
                .contains(refused(ErrorFlag.ANNUAL_TIME_ZONE_COUNT_EXCEEDED));
        assertThat(write(TouTables.DAY_SLOT_COUNT, FLEET, new byte[] {0x15}))
                .contains(refused(ErrorFlag.DAILY_SLOT_COUNT_EXCEEDED));
        assertThat(write(TouTables.TARIFF_COUNT, FLEET, new byte[] {0x05}))
                .contains(refused(ErrorFlag.TARIFF_COUNT_EXCEEDED));
        assertThat(write(TouTables.dayTable(2, 1), FLEET, new byte[] {0x05, 0x00, 0x08}))
                .as("a slot counting T5")
                .contains(refused(ErrorFlag.TARIFF_COUNT_EXCEEDED));
        assertThat(write(TouTables.zoneTable(2), FLEET, new byte[] {0x01, 0x31, 0x02}))
                .as("February 31st")
                .contains(refused(ErrorFlag.OTHER_ERROR));
        assertThat(write(TouTables.holiday(1), FLEET, new byte[] {0x01, 0x1A, 0x01, 0x26}))
                .as("not BCD")
                .contains(refused(ErrorFlag.OTHER_ERROR));
        assertThat(write(DataIdentifier.of(0x04, 0x09, 0x09, 0x09), FLEET, new byte[] {1}))
                .contains(refused(ErrorFlag.NO_DATA_REQUESTED));
        assertThat(meter.parameter(TouTables.ZONE_COUNT)).isEmpty();
    }

    @Test
    void acceptsAHolidayAndASwitchTime() {
        assertThat(write(TouTables.holiday(1), FLEET, TouTables.holiday(LocalDate.of(2026, 10, 1), 3)))
                .contains(new Reply.Acknowledged(meter.address(), FunctionCode.WRITE));
        assertThat(write(TouTables.ZONE_SWITCH_TIME, FLEET, TouTables.switchTime(LocalDateTime.of(2027, 1, 1, 0, 0))))
                .contains(new Reply.Acknowledged(meter.address(), FunctionCode.WRITE));
    }
}
