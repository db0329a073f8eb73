package io.gridhall.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Properties of the codec, checked on generated frames, values and streams. */
class CodecPropertiesTest {

    private static final Gen<MeterAddress> ADDRESSES =
            longs().between(0, 999_999_999_999L).map(MeterAddress::of);
    private static final Gen<LocalDateTime> TIMES = longs().between(0, 99L * 365 * 86400)
            .map(s -> LocalDateTime.of(2000, 1, 1, 0, 0).plusSeconds(s));
    private static final Gen<Byte> ANY_BYTE = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
    private static final Gen<ControlCode> CONTROLS = booleans()
            .all()
            .zip(booleans().all(), booleans().all(), Generate.enumValues(FunctionCode.class), ControlCode::new);
    private static final Gen<Frame> FRAMES =
            ADDRESSES.zip(CONTROLS, Generate.byteArrays(integers().between(0, 200), ANY_BYTE), Frame::new);
    private static final Gen<List<Integer>> CUTS =
            lists().of(integers().between(0, 100_000)).ofSizeBetween(0, 12);

    record ItemWithValues(DataItem item, List<DataValue> values) {}

    record Stream(byte[] bytes, List<Frame> frames) {}

    @Test
    void anyFrameSurvivesEncodeAndDecode() {
        qt().withExamples(300)
                .forAll(FRAMES, integers().between(0, 4))
                .checkAssert((frame, preamble) ->
                        assertThat(decode(frame.encode(preamble))).isEqualTo(frame));
    }

    @Test
    void anyAddressSurvivesTheWire() {
        qt().withExamples(300).forAll(ADDRESSES).checkAssert(address -> {
            try {
                assertThat(MeterAddress.fromWire(address.toWire(), 0)).isEqualTo(address);
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void anyValueInRangeSurvivesItsFormat() {
        qt().withExamples(500).forAll(itemsWithValues()).checkAssert(sample -> {
            byte[] wire = sample.item().encode(sample.values());
            assertThat(wire).hasSize(sample.item().length());
            try {
                assertThat(sample.item().decode(wire)).isEqualTo(sample.values());
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void readRepliesSurviveTheFrame() {
        qt().withExamples(200).forAll(itemsWithValues(), ADDRESSES).checkAssert((sample, address) -> {
            Reply.ReadData reply = Reply.ReadData.of(address, sample.item(), sample.values());
            try {
                Reply parsed = Reply.parse(decode(reply.toFrame().encode()));
                assertThat(parsed).isEqualTo(reply);
                assertThat(((Reply.ReadData) parsed).values()).isEqualTo(sample.values());
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void controlCommandsSurviveTheFrame() {
        qt().withExamples(200)
                .forAll(ADDRESSES, integers().between(0, 0xFFFFFF), Generate.enumValues(ControlType.class), TIMES)
                .checkAssert((address, secret, type, until) -> {
                    var request = new Request.Control(
                            address,
                            new ControlCommand(new Password(2, secret), new OperatorCode(secret), type, until));
                    try {
                        assertThat(Request.parse(decode(request.toFrame().encode()), ControlSecurity.PLAIN))
                                .isEqualTo(request);
                    } catch (DecodeException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void anySplitOfAStreamWithNoiseGivesTheFramesBack() {
        qt().withExamples(200)
                .forAll(streams(), CUTS)
                .checkAssert((stream, cuts) ->
                        assertThat(scanInPieces(stream.bytes(), cuts)).isEqualTo(stream.frames()));
    }

    @Test
    void splitsDoNotChangeWhatIsFoundEvenInArbitraryBytes() {
        qt().withExamples(200)
                .forAll(Generate.byteArrays(integers().between(0, 600), ANY_BYTE), CUTS)
                .checkAssert((noise, cuts) -> {
                    FrameScanner whole = new FrameScanner();
                    List<Frame> expected = whole.feed(noise).frames();
                    assertThat(scanInPieces(noise, cuts)).isEqualTo(expected);
                });
    }

    @Test
    void skippedByteCountDoesNotDependOnTheSplit() {
        qt().withExamples(100).forAll(streams(), CUTS).checkAssert((stream, cuts) -> {
            FrameScanner whole = new FrameScanner();
            whole.feed(stream.bytes());
            FrameScanner split = new FrameScanner();
            feedInPieces(split, stream.bytes(), cuts);
            assertThat(split.totalSkippedBytes()).isEqualTo(whole.totalSkippedBytes());
        });
    }

    private static List<Frame> scanInPieces(byte[] bytes, List<Integer> cuts) {
        return feedInPieces(new FrameScanner(), bytes, cuts);
    }

    private static List<Frame> feedInPieces(FrameScanner scanner, byte[] bytes, List<Integer> cuts) {
        List<Frame> found = new ArrayList<>();
        int from = 0;
        for (int cut : cuts.stream().map(c -> c % (bytes.length + 1)).sorted().toList()) {
            found.addAll(scanner.feed(bytes, from, cut - from).frames());
            from = cut;
        }
        found.addAll(scanner.feed(bytes, from, bytes.length - from).frames());
        return found;
    }

    private static Frame decode(byte[] bytes) {
        try {
            return Frame.decode(bytes);
        } catch (DecodeException e) {
            throw new AssertionError(e.error().describe(), e);
        }
    }

    private static Gen<Stream> streams() {
        // Noise without 0x68: a 0x68 in noise may announce a long frame that swallows the real frames
        // behind it until the stream ends; the arbitrary-bytes property covers that case.
        Gen<byte[]> noise = Generate.byteArrays(integers().between(0, 20), ANY_BYTE)
                .map(b -> {
                    byte[] out = b.clone();
                    for (int i = 0; i < out.length; i++) {
                        if (out[i] == 0x68) {
                            out[i] = 0x69;
                        }
                    }
                    return out;
                });
        return lists().of(FRAMES)
                .ofSizeBetween(0, 6)
                .zip(lists().of(noise).ofSize(7), integers().between(0, 4), (frames, noises, preamble) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (int i = 0; i < frames.size(); i++) {
                        out.writeBytes(noises.get(i));
                        out.writeBytes(frames.get(i).encode(preamble));
                    }
                    out.writeBytes(noises.get(6));
                    return new Stream(out.toByteArray(), frames);
                });
    }

    private static Gen<ItemWithValues> itemsWithValues() {
        return Generate.pick(DataItems.all())
                .flatMap(item -> lists().of(value(item.format()))
                        .ofSize(item.count())
                        .map(values -> new ItemWithValues(item, values)));
    }

    private static Gen<DataValue> value(DataFormat format) {
        return switch (format) {
            case DATE -> TIMES.map(t -> new DataValue.Day(t.toLocalDate()));
            case TIME -> TIMES.map(t -> new DataValue.TimeOfDay(t.toLocalTime()));
            case TIMESTAMP -> TIMES.map(t -> new DataValue.Timestamp(t.withSecond(0)));
            case STATUS_WORD -> integers().between(0, 0xFFFF).map(DataValue.StatusBits::new);
            default -> {
                long max = format.maxMagnitude().unscaledValue().longValueExact();
                yield longs().between(format.signed() ? -max : 0, max)
                        .map(u -> new DataValue.Decimal(BigDecimal.valueOf(u, format.scale())));
            }
        };
    }
}
