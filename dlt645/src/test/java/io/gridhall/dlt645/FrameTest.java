package io.gridhall.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameTest {

    private static final String WORKED_EXAMPLE = "68 12 90 78 56 34 12 68 11 04 33 33 34 33 68 16";
    private static final MeterAddress METER = MeterAddress.of("123456789012");

    @Test
    void encodesTheWorkedExampleOfTheStandardByteForByte() {
        Frame frame = new Request.Read(METER, DataItems.FORWARD_ACTIVE_TOTAL).toFrame();

        assertThat(Hex.format(frame.encode())).isEqualTo(WORKED_EXAMPLE);
    }

    @Test
    void checksumOfTheWorkedExampleIsTheSumMod256From68ToTheEndOfData() {
        byte[] bytes = Hex.parse(WORKED_EXAMPLE);
        // 68+12+90+78+56+34+12+68+11+04+33+33+34+33 = 0x368, mod 256 = 0x68
        assertThat(Frame.checksum(bytes, 0, 14)).isEqualTo(0x68);
        assertThat(bytes[14] & 0xFF).isEqualTo(0x68);
    }

    @Test
    void decodesTheWorkedExample() throws DecodeException {
        Frame frame = Frame.decode(Hex.parse(WORKED_EXAMPLE));

        assertThat(frame.address()).isEqualTo(METER);
        assertThat(frame.control()).isEqualTo(ControlCode.request(FunctionCode.READ));
        assertThat(frame.data()).containsExactly(0x00, 0x00, 0x01, 0x00);
        assertThat(Request.parse(frame, ControlSecurity.PLAIN))
                .isEqualTo(new Request.Read(METER, DataIdentifier.parse("00 01 00 00")));
    }

    @Test
    void writesUpToFourPreambleBytesAndToleratesAnyNumberOnDecode() throws DecodeException {
        Frame frame = Frame.decode(Hex.parse(WORKED_EXAMPLE));

        assertThat(Hex.format(frame.encode(4))).isEqualTo("FE FE FE FE " + WORKED_EXAMPLE);
        assertThat(Frame.decode(Hex.parse("FE ".repeat(9) + WORKED_EXAMPLE))).isEqualTo(frame);
        assertThatThrownBy(() -> frame.encode(5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsABadChecksum() {
        assertThat(errorOf("68 12 90 78 56 34 12 68 11 04 33 33 34 33 69 16"))
                .isEqualTo(new DecodeError.BadChecksum(0x68, 0x69));
    }

    @Test
    void rejectsAMissingEndByte() {
        assertThat(errorOf("68 12 90 78 56 34 12 68 11 04 33 33 34 33 68 17"))
                .isEqualTo(new DecodeError.MissingEndByte(0x17));
    }

    @Test
    void rejectsATruncatedFrame() {
        assertThat(errorOf("68 12 90 78 56 34 12 68 11 04 33 33")).isInstanceOf(DecodeError.Truncated.class);
        assertThat(errorOf("")).isInstanceOf(DecodeError.Truncated.class);
    }

    @Test
    void rejectsTrailingBytesAsABadLength() {
        assertThat(errorOf(WORKED_EXAMPLE + " 00")).isInstanceOf(DecodeError.BadLength.class);
    }

    @Test
    void rejectsAnAddressThatIsNotBcd() {
        byte[] bytes = new Frame(METER, ControlCode.request(FunctionCode.READ), new byte[4]).encode();
        bytes[1] = 0x1B;
        bytes[bytes.length - 2] = (byte) Frame.checksum(bytes, 0, bytes.length - 2);

        assertThat(errorOf(Hex.format(bytes))).isEqualTo(new DecodeError.BadBcdDigit("address", 0x1B));
    }

    @Test
    void rejectsAnUnknownFunction() {
        byte[] bytes = Hex.parse(WORKED_EXAMPLE);
        bytes[8] = 0x1F;
        bytes[14] = (byte) Frame.checksum(bytes, 0, 14);

        assertThat(errorOf(Hex.format(bytes))).isEqualTo(new DecodeError.UnknownFunction(0x1F));
    }

    @Test
    void controlCodeCarriesDirectionAbnormalAndFollowUpBits() throws DecodeException {
        assertThat(ControlCode.fromByte(0x91)).isEqualTo(ControlCode.normalReply(FunctionCode.READ));
        assertThat(ControlCode.fromByte(0xD1)).isEqualTo(ControlCode.abnormalReply(FunctionCode.READ));
        assertThat(ControlCode.fromByte(0xB1))
                .isEqualTo(ControlCode.normalReply(FunctionCode.READ).withFollowUp(true));
        assertThat(ControlCode.abnormalReply(FunctionCode.CONTROL).toByte()).isEqualTo(0xDC);
        for (FunctionCode f : FunctionCode.values()) {
            assertThat(ControlCode.fromByte(f.code()).function()).isEqualTo(f);
        }
    }

    @Test
    void dataIsImmutable() {
        byte[] data = {1, 2, 3};
        Frame frame = new Frame(METER, ControlCode.request(FunctionCode.READ), data);
        data[0] = 9;
        frame.data()[1] = 9;

        assertThat(frame.data()).containsExactly(1, 2, 3);
    }

    private static DecodeError errorOf(String hex) {
        try {
            Frame.decode(Hex.parse(hex));
        } catch (DecodeException e) {
            return e.error();
        }
        throw new AssertionError("decoded " + hex);
    }
}
