package io.gridhall.dlt645;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CodecPropertiesTest {

  @Property(tries = 300)
  void anyFrameSurvivesEncodeAndDecode(@ForAll("frames") Frame frame, @ForAll @IntRange(max = 4) int preamble)
      throws DecodeException {
    assertThat(Frame.decode(frame.encode(preamble))).isEqualTo(frame);
  }

  @Property(tries = 300)
  void anyAddressSurvivesTheWire(@ForAll("addresses") MeterAddress address) throws DecodeException {
    assertThat(MeterAddress.fromWire(address.toWire(), 0)).isEqualTo(address);
  }

  @Property(tries = 500)
  void anyValueInRangeSurvivesItsFormat(@ForAll("itemsWithValues") ItemWithValues sample) throws DecodeException {
    byte[] wire = sample.item().encode(sample.values());

    assertThat(wire).hasSize(sample.item().length());
    assertThat(sample.item().decode(wire)).isEqualTo(sample.values());
  }

  @Property(tries = 200)
  void readRepliesSurviveTheFrame(@ForAll("itemsWithValues") ItemWithValues sample,
      @ForAll("addresses") MeterAddress address) throws DecodeException {
    Reply.ReadData reply = Reply.ReadData.of(address, sample.item(), sample.values());

    Reply parsed = Reply.parse(Frame.decode(reply.toFrame().encode()));

    assertThat(parsed).isEqualTo(reply);
    assertThat(((Reply.ReadData) parsed).values()).isEqualTo(sample.values());
  }

  @Property(tries = 200)
  void controlCommandsSurviveTheFrame(@ForAll("addresses") MeterAddress address,
      @ForAll @IntRange(max = 0xFFFFFF) int secret, @ForAll ControlType type,
      @ForAll("times") LocalDateTime until) throws DecodeException {
    var request = new Request.Control(address,
        new ControlCommand(new Password(2, secret), new OperatorCode(secret), type, until));

    assertThat(Request.parse(Frame.decode(request.toFrame().encode()), ControlSecurity.PLAIN)).isEqualTo(request);
  }

  @Property(tries = 200)
  void anySplitOfAStreamGivesTheSameFrames(@ForAll("streams") Stream stream, @ForAll("cuts") List<Integer> cuts) {
    FrameScanner scanner = new FrameScanner();
    List<Frame> found = new ArrayList<>();
    int from = 0;
    for (int cut : cuts.stream().map(c -> c % (stream.bytes().length + 1)).sorted().toList()) {
      found.addAll(scanner.feed(stream.bytes(), from, cut - from).frames());
      from = cut;
    }
    found.addAll(scanner.feed(stream.bytes(), from, stream.bytes().length - from).frames());

    assertThat(found).isEqualTo(stream.frames());
  }

  @Property(tries = 200)
  void splitsDoNotChangeWhatIsFoundEvenInArbitraryNoise(@Size(max = 600) @ForAll byte[] noise,
      @ForAll("cuts") List<Integer> cuts) {
    FrameScanner whole = new FrameScanner();
    List<Frame> expected = whole.feed(noise).frames();
    FrameScanner split = new FrameScanner();
    List<Frame> found = new ArrayList<>();
    int from = 0;
    for (int cut : cuts.stream().map(c -> c % (noise.length + 1)).sorted().toList()) {
      found.addAll(split.feed(noise, from, cut - from).frames());
      from = cut;
    }
    found.addAll(split.feed(noise, from, noise.length - from).frames());

    assertThat(found).isEqualTo(expected);
    assertThat(split.totalSkippedBytes()).isEqualTo(whole.totalSkippedBytes());
  }

  record ItemWithValues(DataItem item, List<DataValue> values) {}

  record Stream(byte[] bytes, List<Frame> frames) {}

  @Provide
  Arbitrary<MeterAddress> addresses() {
    return Arbitraries.longs().between(0, 999_999_999_999L).map(MeterAddress::of);
  }

  @Provide
  Arbitrary<LocalDateTime> times() {
    return Arbitraries.longs().between(0, 99L * 365 * 86400)
        .map(s -> LocalDateTime.of(2000, 1, 1, 0, 0).plusSeconds(s));
  }

  @Provide
  Arbitrary<Frame> frames() {
    Arbitrary<ControlCode> controls = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
        Arbitraries.of(true, false), Arbitraries.of(FunctionCode.class)).as(ControlCode::new);
    Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    return Combinators.combine(addresses(), controls, data).as(Frame::new);
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 100_000).list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<Stream> streams() {
    // Noise without 0x68: a 0x68 in noise may announce a long frame that swallows the real frames
    // behind it until the stream ends; that case is covered by the split-only property above.
    Arbitrary<byte[]> noise = Arbitraries.bytes().filter(b -> b != 0x68).array(byte[].class).ofMaxSize(20);
    Arbitrary<List<Frame>> frames = frames().list().ofMaxSize(6);
    return Combinators.combine(frames, noise.list().ofSize(7), Arbitraries.integers().between(0, 4))
        .as((fs, noises, preamble) -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          for (int i = 0; i < fs.size(); i++) {
            out.writeBytes(noises.get(i));
            out.writeBytes(fs.get(i).encode(preamble));
          }
          out.writeBytes(noises.get(6));
          return new Stream(out.toByteArray(), fs);
        });
  }

  @Provide
  Arbitrary<ItemWithValues> itemsWithValues() {
    return Arbitraries.of(DataItems.all()).flatMap(item ->
        value(item.format()).list().ofSize(item.count()).map(values -> new ItemWithValues(item, values)));
  }

  private Arbitrary<DataValue> value(DataFormat format) {
    return switch (format) {
      case DATE -> times().map(t -> new DataValue.Day(t.toLocalDate()));
      case TIME -> times().map(t -> new DataValue.TimeOfDay(t.toLocalTime()));
      case TIMESTAMP -> times().map(t -> new DataValue.Timestamp(t.withSecond(0)));
      case STATUS_WORD -> Arbitraries.integers().between(0, 0xFFFF).map(DataValue.StatusBits::new);
      default -> {
        BigInteger max = format.maxMagnitude().unscaledValue();
        Arbitrary<BigInteger> unscaled = Arbitraries.bigIntegers()
            .between(format.signed() ? max.negate() : BigInteger.ZERO, max);
        yield unscaled.map(u -> new DataValue.Decimal(new BigDecimal(u, format.scale())));
      }
    };
  }

  static OptionalInt none() {
    return OptionalInt.empty();
  }
}
