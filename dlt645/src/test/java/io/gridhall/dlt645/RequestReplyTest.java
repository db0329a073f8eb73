package io.gridhall.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestReplyTest {

    private static final MeterAddress METER = MeterAddress.of("000000000042");
    private static final LocalDateTime UNTIL = LocalDateTime.of(2026, 12, 1, 8, 0, 0);

    @Test
    void controlCommandGoesThroughTheSecurityInterface() throws DecodeException {
        ControlSecurity reversing = new ControlSecurity() {
            @Override
            public byte[] seal(MeterAddress meter, ControlType type, LocalDateTime validUntil) {
                byte[] plain = ControlSecurity.PLAIN.seal(meter, type, validUntil);
                byte[] out = plain.clone();
                for (int i = 0; i < out.length; i++) {
                    out[i] = plain[plain.length - 1 - i];
                }
                return out;
            }

            @Override
            public Opened open(MeterAddress meter, byte[] sealed) throws DecodeException {
                return ControlSecurity.PLAIN.open(meter, seal2(sealed));
            }

            private byte[] seal2(byte[] b) {
                byte[] out = b.clone();
                for (int i = 0; i < out.length; i++) {
                    out[i] = b[b.length - 1 - i];
                }
                return out;
            }
        };
        var request = new Request.Control(
                METER,
                new ControlCommand(Password.parse("98000000"), new OperatorCode(7), ControlType.DIRECT_CLOSE, UNTIL));

        Frame frame = request.toFrame(reversing);

        assertThat(Arrays.copyOfRange(frame.data(), 8, 16))
                .isNotEqualTo(ControlSecurity.PLAIN.seal(METER, ControlType.DIRECT_CLOSE, UNTIL));
        assertThat(Request.parse(frame, reversing)).isEqualTo(request);
    }

    @Test
    void everyControlTypeRoundTrips() throws DecodeException {
        for (ControlType type : ControlType.values()) {
            var request = new Request.Control(
                    METER, new ControlCommand(Password.parse("02000000"), new OperatorCode(1), type, UNTIL));
            assertThat(Request.parse(request.toFrame(), ControlSecurity.PLAIN)).isEqualTo(request);
        }
    }

    @Test
    void unknownControlTypeIsATypedError() {
        byte[] data = new Request.Control(
                        METER,
                        new ControlCommand(Password.parse("02000000"), new OperatorCode(1), ControlType.TRIP, UNTIL))
                .toFrame()
                .data();
        data[8] = 0x55;
        Frame frame = new Frame(METER, ControlCode.request(FunctionCode.CONTROL), data);

        assertThatThrownBy(() -> Request.parse(frame, ControlSecurity.PLAIN))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadValue.class));
    }

    @Test
    void commandExpiresAfterItsValidUntilTime() {
        var command = new ControlCommand(Password.parse("02000000"), new OperatorCode(1), ControlType.TRIP, UNTIL);

        assertThat(command.isValidAt(UNTIL)).isTrue();
        assertThat(command.isValidAt(UNTIL.plusSeconds(1))).isFalse();
    }

    @Test
    void passwordIsNeverPrinted() {
        assertThat(Password.parse("02123456").toString()).doesNotContain("123456");
    }

    @Test
    void freezeUses99AsEvery() throws DecodeException {
        Frame frame = Request.Freeze.now(METER).toFrame();

        assertThat(frame.data()).containsExactly(0x99, 0x99, 0x99, 0x99);
        assertThat(((Request.Freeze) Request.parse(frame, ControlSecurity.PLAIN)).immediate())
                .isTrue();
    }

    @Test
    void abnormalErrorFlagsDecode() {
        var reply = new Reply.Abnormal(METER, FunctionCode.READ, 0x7F);

        assertThat(reply.errors()).containsExactlyInAnyOrder(ErrorFlag.values());
        assertThat(new Reply.Abnormal(METER, FunctionCode.CONTROL, 0x11).controlErrors())
                .containsExactlyInAnyOrder(ControlErrorFlag.OTHER_ERROR, ControlErrorFlag.COMMAND_EXPIRED);
    }

    @Test
    void requestAndReplyParsersRefuseTheOtherDirection() {
        Frame request = new Request.Read(METER, DataItems.FORWARD_ACTIVE_TOTAL).toFrame();
        Frame reply = new Reply.AddressReply(METER).toFrame();

        assertThatThrownBy(() -> Reply.parse(request)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> Request.parse(reply, ControlSecurity.PLAIN)).isInstanceOf(DecodeException.class);
    }

    @Test
    void writeAddressRefusesAnAddressNoMeterCanHave() {
        for (String data : List.of("AA 00 00 00 00 00", "99 99 99 99 99 99", "1F 00 00 00 00 00", "01 00 00 00 00")) {
            Frame frame =
                    new Frame(MeterAddress.WILDCARD, ControlCode.request(FunctionCode.WRITE_ADDRESS), Hex.parse(data));

            assertThatThrownBy(() -> Request.parse(frame, ControlSecurity.PLAIN))
                    .as(data)
                    .isInstanceOf(DecodeException.class);
        }
        assertThatThrownBy(() -> new Request.WriteAddress(MeterAddress.BROADCAST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void baudRateFeatureByteHasExactlyOneRateBit() throws DecodeException {
        for (int z : new int[] {0x00, 0x01, 0x03, 0x80, 0x0A}) {
            Frame request = new Frame(METER, ControlCode.request(FunctionCode.CHANGE_BAUD_RATE), new byte[] {(byte) z});
            Frame reply =
                    new Frame(METER, ControlCode.normalReply(FunctionCode.CHANGE_BAUD_RATE), new byte[] {(byte) z});

            assertThatThrownBy(() -> Request.parse(request, ControlSecurity.PLAIN))
                    .isInstanceOfSatisfying(
                            DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadValue.class));
            assertThatThrownBy(() -> Reply.parse(reply)).isInstanceOf(DecodeException.class);
        }
        Frame tooLong =
                new Frame(METER, ControlCode.normalReply(FunctionCode.CHANGE_BAUD_RATE), new byte[] {0x20, 0x20});
        assertThatThrownBy(() -> Reply.parse(tooLong))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadLength.class));
        assertThat(BaudRate.fromFeatureByte(0x40)).isEqualTo(BaudRate.B19200);
        assertThat(BaudRate.of(9600)).contains(BaudRate.B9600);
        assertThat(BaudRate.of(115200)).isEmpty();
    }

    @Test
    void aTimeSyncSentToOneMeterIsReadBackWithItsAddress() throws DecodeException {
        // issue 7: it used to come back as broadcast
        var sync = new Request.TimeSync(METER, UNTIL);

        assertThat(Request.parse(sync.toFrame(), ControlSecurity.PLAIN).address())
                .isEqualTo(METER);
        assertThat(new Request.TimeSync(UNTIL).address()).isEqualTo(MeterAddress.BROADCAST);
    }

    @Test
    void unsupportedRequestFunctionIsATypedError() {
        Frame changePassword = new Frame(METER, ControlCode.request(FunctionCode.CHANGE_PASSWORD), new byte[12]);

        assertThatThrownBy(() -> Request.parse(changePassword, ControlSecurity.PLAIN))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.error()).isInstanceOf(DecodeError.UnexpectedFrame.class));
    }
}
