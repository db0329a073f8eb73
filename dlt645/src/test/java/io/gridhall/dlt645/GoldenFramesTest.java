package io.gridhall.dlt645;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Frames written by hand in src/test/resources/golden: each file has {@code #} description lines
 * and one line of hex. Decoding must give the described message and encoding it must give the same
 * bytes back.
 */
class GoldenFramesTest {

    private static final MeterAddress METER = MeterAddress.of("123456789012");

    @Test
    void readRequestOfTheStandard() throws Exception {
        Frame frame = decode("read-request-forward-active-total");

        assertThat(Request.parse(frame, ControlSecurity.PLAIN))
                .isEqualTo(new Request.Read(METER, DataItems.FORWARD_ACTIVE_TOTAL));
        assertThat(frame.encode()).isEqualTo(golden("read-request-forward-active-total"));
    }

    @Test
    void readReply() throws Exception {
        Reply reply = Reply.parse(decode("read-reply-forward-active-total"));

        assertThat(reply).isInstanceOfSatisfying(Reply.ReadData.class, r -> {
            assertThat(r.address()).isEqualTo(METER);
            assertThat(r.id()).isEqualTo(DataItems.FORWARD_ACTIVE_TOTAL);
            assertThat(r.more()).isFalse();
        });
        assertThat(((Reply.ReadData) reply).values()).containsExactly(DataValue.Decimal.of("123456.78"));
        assertThat(reply.toFrame().encode(4)).isEqualTo(golden("read-reply-forward-active-total"));
    }

    @Test
    void readReplyOfABlock() throws Exception {
        Reply.ReadData reply = (Reply.ReadData) Reply.parse(decode("read-reply-voltage-block"));

        assertThat(reply.values())
                .containsExactly(
                        DataValue.Decimal.of("220.1"), DataValue.Decimal.of("219.8"), DataValue.Decimal.of("0.0"));
        Reply.ReadData rebuilt =
                Reply.ReadData.of(MeterAddress.of(1), DataItems.require(DataItems.VOLTAGE_BLOCK), reply.values());
        assertThat(rebuilt.toFrame().encode()).isEqualTo(golden("read-reply-voltage-block"));
    }

    @Test
    void powerOffEventRecord() throws Exception {
        Reply.ReadData reply = (Reply.ReadData) Reply.parse(decode("read-reply-power-off-record"));

        assertThat(reply.id()).isEqualTo(DataItems.powerOffRecord(1));
        assertThat(reply.values())
                .containsExactly(
                        new DataValue.Timestamp(LocalDateTime.of(2026, 12, 6, 9, 30, 0)),
                        new DataValue.Timestamp(LocalDateTime.of(2026, 12, 6, 10, 45, 12)));
        Reply.ReadData rebuilt =
                Reply.ReadData.of(METER, DataItems.require(DataItems.powerOffRecord(1)), reply.values());
        assertThat(rebuilt.toFrame().encode()).isEqualTo(golden("read-reply-power-off-record"));
    }

    @Test
    void powerOffEventRecordWithoutAnEndYet() throws Exception {
        Reply.ReadData reply = (Reply.ReadData) Reply.parse(decode("read-reply-power-off-record-ongoing"));

        assertThat(reply.values())
                .containsExactly(
                        new DataValue.Timestamp(LocalDateTime.of(2026, 12, 6, 9, 30, 0)), new DataValue.Absent());
    }

    @Test
    void powerOffRecordsAreTheTenOfTheStandard() throws Exception {
        assertThat(DataItems.powerOffRecord(10)).isEqualTo(DataIdentifier.of(0x03, 0x11, 0x00, 0x0A));
        assertThat(DataItems.require(DataItems.powerOffRecord(1)).format()).isEqualTo(DataFormat.DATE_TIME);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> DataItems.powerOffRecord(11));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> DataItems.powerOffRecord(0));
    }

    @Test
    void abnormalReply() throws Exception {
        Reply reply = Reply.parse(decode("abnormal-reply-no-data"));

        assertThat(reply).isEqualTo(new Reply.Abnormal(METER, FunctionCode.READ, 0x02));
        assertThat(((Reply.Abnormal) reply).errors()).containsExactly(ErrorFlag.NO_DATA_REQUESTED);
        assertThat(Reply.Abnormal.of(METER, FunctionCode.READ, Set.of(ErrorFlag.NO_DATA_REQUESTED))
                        .toFrame()
                        .encode())
                .isEqualTo(golden("abnormal-reply-no-data"));
    }

    @Test
    void controlTrip() throws Exception {
        Request request = Request.parse(decode("control-trip"), ControlSecurity.PLAIN);
        ControlCommand expected = new ControlCommand(
                Password.parse("02123456"),
                OperatorCode.parse("00000001"),
                ControlType.TRIP,
                LocalDateTime.of(2026, 11, 22, 15, 30, 0));

        assertThat(request).isEqualTo(new Request.Control(METER, expected));
        assertThat(new Request.Control(METER, expected)
                        .toFrame(ControlSecurity.PLAIN)
                        .encode())
                .isEqualTo(golden("control-trip"));
    }

    @Test
    void controlAbnormalReply() throws Exception {
        Reply.Abnormal reply = (Reply.Abnormal) Reply.parse(decode("control-abnormal-protected"));

        assertThat(reply.function()).isEqualTo(FunctionCode.CONTROL);
        assertThat(reply.controlErrors()).containsExactly(ControlErrorFlag.PROTECTED);
        assertThat(Reply.Abnormal.control(METER, Set.of(ControlErrorFlag.PROTECTED))
                        .toFrame()
                        .encode())
                .isEqualTo(golden("control-abnormal-protected"));
    }

    @Test
    void timeSync() throws Exception {
        Request request = Request.parse(decode("time-sync"), ControlSecurity.PLAIN);

        assertThat(request).isEqualTo(new Request.TimeSync(LocalDateTime.of(2026, 11, 22, 14, 5, 30)));
        assertThat(request.address().isBroadcast()).isTrue();
        assertThat(request.toFrame().encode()).isEqualTo(golden("time-sync"));
    }

    @Test
    void readAddress() throws Exception {
        assertThat(Request.parse(decode("read-address-request"), ControlSecurity.PLAIN))
                .isEqualTo(new Request.ReadAddress());
        assertThat(new Request.ReadAddress().toFrame().encode()).isEqualTo(golden("read-address-request"));
        assertThat(Reply.parse(decode("read-address-reply"))).isEqualTo(new Reply.AddressReply(METER));
        assertThat(new Reply.AddressReply(METER).toFrame().encode()).isEqualTo(golden("read-address-reply"));
    }

    @Test
    void followUpReplyCarriesTheSequenceByte() throws Exception {
        Reply.ReadData first =
                new Reply.ReadData(METER, DataItems.FORWARD_ACTIVE_TOTAL, new byte[] {1}, true, OptionalInt.empty());
        Reply.ReadData next =
                new Reply.ReadData(METER, DataItems.FORWARD_ACTIVE_TOTAL, new byte[] {2}, false, OptionalInt.of(1));

        assertThat(first.toFrame().control().toByte()).isEqualTo(0xB1);
        assertThat(next.toFrame().control().toByte()).isEqualTo(0x92);
        assertThat(Reply.parse(next.toFrame())).isEqualTo(next);
        assertThat(Request.parse(
                        new Request.ReadFollowUp(METER, DataItems.FORWARD_ACTIVE_TOTAL, 1).toFrame(),
                        ControlSecurity.PLAIN))
                .isEqualTo(new Request.ReadFollowUp(METER, DataItems.FORWARD_ACTIVE_TOTAL, 1));
    }

    static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenFramesTest.class.getResourceAsStream("/golden/" + name + ".hex")) {
            assertThat(in).as(name).isNotNull();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .collect(Collectors.toList());
            return Hex.parse(String.join(" ", lines));
        }
    }

    private static Frame decode(String name) throws IOException, DecodeException {
        return Frame.decode(golden(name));
    }
}
