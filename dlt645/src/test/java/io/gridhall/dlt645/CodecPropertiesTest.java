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

    /** Bytes of frames between noise; {@code ends} holds the index after each frame's last byte. */
    record Stream(byte[] bytes, List<Frame> frames, List<Integer> ends) {}

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

    @Test
    void everyFrameComesOutOfAnyNoiseOnceTheLinkIsIdle() {
        qt().withExamples(300).forAll(streamsWithAnyNoise(), CUTS).checkAssert((stream, cuts) -> {
            FrameScanner scanner = new FrameScanner();
            List<Frame> found = feedInPieces(scanner, stream.bytes(), cuts);
            found.addAll(scanner.idle().frames());
            assertThat(found).isEqualTo(stream.frames());
            assertThat(scanner.pendingBytes()).isZero();
        });
    }

    @Test
    void noFrameWaitsBehindACandidateThatIsNotAFrame() {
        qt().withExamples(300).forAll(streamsWithAnyNoise(), CUTS).checkAssert((stream, cuts) -> {
            FrameScanner scanner = new FrameScanner();
            List<Integer> stops = new ArrayList<>(stream.ends());
            cuts.forEach(c -> stops.add(c % (stream.bytes().length + 1)));
            List<Frame> delivered = new ArrayList<>();
            int from = 0;
            for (int stop : stops.stream().distinct().sorted().toList()) {
                delivered.addAll(scanner.feed(stream.bytes(), from, stop - from).frames());
                from = stop;
                int done = stream.ends().indexOf(stop) + 1;
                if (done > 0) {
                    // the frame ending here is out at once, without waiting for more bytes or idleness
                    assertThat(delivered).isEqualTo(stream.frames().subList(0, done));
                }
            }
        });
    }

    @Test
    void addressedTimeSyncWriteAddressAndBaudRateSurviveTheFrame() {
        qt().withExamples(200)
                .forAll(
                        ADDRESSES,
                        // 999999999999 is the broadcast address, no meter's own
                        longs().between(0, 999_999_999_998L).map(MeterAddress::of),
                        TIMES,
                        Generate.enumValues(BaudRate.class))
                .checkAssert((to, other, time, rate) -> {
                    try {
                        for (Request request : List.of(
                                new Request.TimeSync(to, time),
                                new Request.TimeSync(time),
                                new Request.WriteAddress(other),
                                new Request.WriteAddress(to, other),
                                new Request.ChangeBaudRate(to, rate))) {
                            assertThat(Request.parse(decode(request.toFrame().encode()), ControlSecurity.PLAIN))
                                    .isEqualTo(request);
                        }
                        Reply changed = new Reply.BaudRateChanged(to, rate);
                        assertThat(Reply.parse(decode(changed.toFrame().encode())))
                                .isEqualTo(changed);
                    } catch (DecodeException e) {
                        throw new AssertionError(e);
                    }
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

    /** Frames between noise without 0x68, so that the skipped-byte count is exact. */
    private static Gen<Stream> streams() {
        return streams(false);
    }

    /**
     * Frames between noise that may hold 0x68s, truncated frames and stray headers: candidates
     * that are not frames.
     */
    private static Gen<Stream> streamsWithAnyNoise() {
        return streams(true);
    }

    private static Gen<Stream> streams(boolean any68) {
        Gen<byte[]> random = Generate.byteArrays(integers().between(0, 20), ANY_BYTE)
                .map(b -> {
                    byte[] out = b.clone();
                    for (int i = 0; i < out.length && !any68; i++) {
                        if (out[i] == 0x68) {
                            out[i] = 0x69;
                        }
                    }
                    return out;
                });
        // A truncated frame: a plausible header announcing up to 200 bytes that never come.
        Gen<byte[]> truncated = FRAMES.zip(integers().between(1, 211), (f, n) -> {
            byte[] whole = f.encode();
            return java.util.Arrays.copyOf(whole, Math.min(n, whole.length - 1));
        });
        Gen<byte[]> noise =
                any68 ? integers().between(0, 3).zip(random, truncated, (pick, r, t) -> pick == 0 ? t : r) : random;
        return lists().of(FRAMES)
                .ofSizeBetween(0, 6)
                .zip(lists().of(noise).ofSize(7), integers().between(0, 4), (frames, noises, preamble) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    List<Integer> ends = new ArrayList<>();
                    for (int i = 0; i < frames.size(); i++) {
                        out.writeBytes(noises.get(i));
                        out.writeBytes(frames.get(i).encode(preamble));
                        ends.add(out.size());
                    }
                    out.writeBytes(noises.get(6));
                    return new Stream(out.toByteArray(), frames, ends);
                });
    }

    private static Gen<ItemWithValues> itemsWithValues() {
        return Generate.pick(DataItems.all()).flatMap(item -> {
            Gen<List<DataValue>> values = Generate.constant(List.of());
            for (int i = 0; i < item.valueCount(); i++) {
                Gen<DataValue> next = value(item.formatOf(i));
                values = values.zip(next, (list, v) -> {
                    List<DataValue> more = new ArrayList<>(list);
                    more.add(v);
                    return List.copyOf(more);
                });
            }
            return values.map(v -> new ItemWithValues(item, v));
        });
    }

    /** A value of the format; one in ten is absent (FF bytes) where the format allows it. */
    private static Gen<DataValue> value(DataFormat format) {
        Gen<DataValue> present = presentValue(format);
        if (!format.mayBeAbsent()) {
            return present;
        }
        return integers().between(0, 9).zip(present, (d, v) -> d == 0 ? new DataValue.Absent() : v);
    }

    private static Gen<DataValue> presentValue(DataFormat format) {
        return switch (format.kind()) {
            case DATE -> TIMES.map(t -> new DataValue.Day(t.toLocalDate()));
            case TIME -> TIMES.map(t -> new DataValue.TimeOfDay(t.toLocalTime()));
            case TIMESTAMP -> TIMES.map(t -> new DataValue.Timestamp(t.withSecond(0)));
            case DATE_TIME -> TIMES.map(DataValue.Timestamp::new);
            case STATUS -> integers().between(0, 0xFFFF).map(DataValue.StatusBits::new);
            case DIGITS ->
                lists().of(integers().between(0, 9))
                        .ofSize(format.length() * 2)
                        .map(ds -> new DataValue.Text(
                                ds.stream().map(String::valueOf).reduce("", String::concat)));
            // FFFFFFFF is an unused slot (absent), not an identifier.
            case IDENTIFIER -> longs().between(0, 0xFFFFFFFEL).map(v -> new DataValue.Text(String.format("%08X", v)));
            case ASCII ->
                lists().of(integers().between(0x20, 0x7E))
                        .ofSizeBetween(0, format.length())
                        .map(cs -> {
                            StringBuilder text = new StringBuilder();
                            cs.forEach(c -> text.append((char) c.intValue()));
                            // Trailing spaces are padding on the wire and do not come back.
                            return new DataValue.Text(text.toString().stripTrailing());
                        });
            case NUMBER -> {
                long max = format.maxMagnitude().unscaledValue().longValueExact();
                yield longs().between(format.signed() ? -max : 0, max)
                        .map(u -> new DataValue.Decimal(BigDecimal.valueOf(u, format.scale())));
            }
        };
    }
}
