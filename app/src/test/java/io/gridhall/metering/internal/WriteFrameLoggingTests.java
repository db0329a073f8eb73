package io.gridhall.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.dlt645.ControlCommand;
import io.gridhall.dlt645.ControlType;
import io.gridhall.dlt645.DataIdentifier;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.OperatorCode;
import io.gridhall.dlt645.Password;
import io.gridhall.dlt645.Request;
import io.gridhall.dlt645.TouTables;
import java.time.LocalDateTime;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The frame log never keeps a meter password: not the one that programs meters, not the one that trips them (issue 9). */
class WriteFrameLoggingTests {

    static final MeterAddress METER = MeterAddress.of("000000001234");

    @Test
    void keepsAWritesFrameWithThePasswordSecretZeroedAndTheLevelKept() {
        Request.Write write = new Request.Write(
                METER, TouTables.ZONE_COUNT, Password.parse("02654321"), new OperatorCode(7), TouTables.count(2));
        byte[] sent = write.toFrame().encode();

        byte[] logged = HeadEnd.logged(write, sent);

        String hex = HexFormat.of().formatHex(logged);
        // the secret 65 43 21 goes out low byte first, each +0x33: 54 76 98
        assertThat(HexFormat.of().formatHex(sent)).contains("547698");
        assertThat(hex).doesNotContain("547698");
        assertThat(logged)
                .isEqualTo(new Request.Write(
                                METER,
                                TouTables.ZONE_COUNT,
                                Password.parse("02000000"),
                                new OperatorCode(7),
                                TouTables.count(2))
                        .toFrame()
                        .encode());
    }

    @Test
    void keepsAControlFrameWithThePasswordSecretZeroedAndTheRestAsSent() {
        Request.Control trip = new Request.Control(
                METER,
                new ControlCommand(
                        Password.parse("02654321"),
                        new OperatorCode(7),
                        ControlType.TRIP,
                        LocalDateTime.of(2026, 12, 6, 18, 0)));
        byte[] sent = trip.toFrame().encode();

        byte[] logged = HeadEnd.logged(trip, sent);

        assertThat(HexFormat.of().formatHex(sent)).contains("547698");
        assertThat(HexFormat.of().formatHex(logged)).doesNotContain("547698");
        assertThat(logged)
                .isEqualTo(new Request.Control(
                                METER,
                                new ControlCommand(
                                        Password.parse("02000000"),
                                        new OperatorCode(7),
                                        ControlType.TRIP,
                                        LocalDateTime.of(2026, 12, 6, 18, 0)))
                        .toFrame()
                        .encode());
    }

    @Test
    void keepsOtherFramesAsSent() {
        byte[] read = new Request.Read(METER, DataIdentifier.of(0x00, 0x01, 0x00, 0x00))
                .toFrame()
                .encode();
        assertThat(HeadEnd.logged(new Request.Read(METER, DataIdentifier.of(0x00, 0x01, 0x00, 0x00)), read))
                .isSameAs(read);
    }
}
