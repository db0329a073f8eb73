package io.gridhall.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Frames from public sources in src/test/resources/golden/public: captured from real meters or
 * written down in other open-source DL/T 645 projects. Each file says in its {@code #} lines where
 * its frames come from; the few derived or hand-written ones say so. Only the bytes are taken.
 */
class PublicGoldenFramesTest {

    private static final MeterAddress CAPTURED = MeterAddress.of("000006605518");

    @Test
    void everyPublicFrameHasAValidChecksumAndNothingElseInItsFile() throws Exception {
        try (Stream<Path> files = Files.list(folder())) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".hex")).toList();
            assertThat(all).hasSizeGreaterThan(15);
            for (Path file : all) {
                String name = file.getFileName().toString().replace(".hex", "");
                FrameScanner scanner = new FrameScanner();
                FrameScanner.Result result = scanner.feed(GoldenFramesTest.golden("public/" + name));
                assertThat(result.frames()).as(name).isNotEmpty();
                assertThat(result.skippedBytes()).as(name).isZero();
                assertThat(result.rejected()).as(name).isEmpty();
                assertThat(scanner.pendingBytes()).as(name).isZero();
            }
        }
    }

    @Test
    void writeAddressCapturedFromARealDevice() throws Exception {
        Frame request = only("write-address-request");
        Frame reply = only("write-address-reply");

        Request.WriteAddress write = (Request.WriteAddress) Request.parse(request, ControlSecurity.PLAIN);
        assertThat(write).isEqualTo(new Request.WriteAddress(MeterAddress.of("000000098061")));
        assertThat(write.address().isWildcard()).isTrue();
        assertThat(write.toFrame().encode(4)).isEqualTo(bytes("write-address-request"));
        // the meter answers from its new address
        assertThat(Reply.parse(reply))
                .isEqualTo(new Reply.Acknowledged(MeterAddress.of("000000098061"), FunctionCode.WRITE_ADDRESS));
        assertThat(Reply.parse(reply).toFrame().encode(2)).isEqualTo(bytes("write-address-reply"));
    }

    @Test
    void aReplyWhoseTailArrivedFirstIsStillFound() throws Exception {
        // The same log shows "4F16" received on its own before the whole reply: the tail is noise.
        FrameScanner scanner = new FrameScanner();
        scanner.feed(Hex.parse("4F 16"));

        FrameScanner.Result result = scanner.feed(bytes("write-address-reply"));

        assertThat(result.frames()).containsExactly(only("write-address-reply"));
        assertThat(scanner.totalSkippedBytes()).isEqualTo(2);
    }

    @Test
    void asciiIsReadReversedAsTheStandardSaysEvenFromADeviceThatDoesNot() throws Exception {
        Reply.ReadData reply = (Reply.ReadData) Reply.parse(only("software-version-forward-order"));

        assertThat(reply.id()).isEqualTo(DataItems.SOFTWARE_VERSION);
        String text = ((DataValue.Text) reply.values().getFirst()).text();
        // No guessing: this device's text comes out reversed, with its padding in front.
        assertThat(new StringBuilder(text).reverse().toString().strip()).isEqualTo("PLCM16-II-NW(v2.0)-180606");
        assertThat(reply.toFrame().encode()).isEqualTo(bytes("software-version-forward-order"));
    }

    @Test
    void ratedVoltageAndTemperature() throws Exception {
        assertThat(values("rated-voltage-220V")).containsExactly(new DataValue.Text("220V"));
        assertThat(values("temperature")).containsExactly(DataValue.Decimal.of("23.9"));
        Reply.ReadData rated = (Reply.ReadData) Reply.parse(only("rated-voltage-220V"));
        assertThat(Reply.ReadData.of(rated.address(), DataItems.require(DataItems.RATED_VOLTAGE), rated.values())
                        .toFrame()
                        .encode(4))
                .isEqualTo(bytes("rated-voltage-220V"));
    }

    @Test
    void aRealMetersNameplateDateTimeAndEnergyInOneCapture() throws Exception {
        List<Frame> frames = frames("meter-000006605518-stream");
        assertThat(frames).hasSize(13);
        List<Reply> replies = new ArrayList<>();
        for (Frame f : frames) {
            replies.add(Reply.parse(f));
        }

        assertThat(replies.getFirst()).isEqualTo(new Reply.Abnormal(CAPTURED, FunctionCode.READ, 0x02));
        assertThat(valuesOf(replies.get(1))).containsExactly(new DataValue.TimeOfDay(LocalTime.of(18, 53, 32)));
        assertThat(valuesOf(replies.get(2))).containsExactly(new DataValue.Day(LocalDate.of(2018, 12, 29)));
        assertThat(valuesOf(replies.get(3))).containsExactly(new DataValue.Text("000006605518"));
        assertThat(valuesOf(replies.get(4))).containsExactly(new DataValue.Text("220.0V"));
        assertThat(valuesOf(replies.get(5))).containsExactly(DataValue.Decimal.of("1200"));
        assertThat(valuesOf(replies.get(6))).containsExactly(new DataValue.Text("5.0A"));
        assertThat(valuesOf(replies.get(7))).containsExactly(new DataValue.Text("2.0"));
        assertThat(valuesOf(replies.get(8))).containsExactly(DataValue.Decimal.of("230.93"));
        assertThat(valuesOf(replies.get(11))).containsExactly(DataValue.Decimal.of("221.76"));
        assertThat(valuesOf(replies.get(12))).containsExactly(DataValue.Decimal.of("9.17"));
        assertThat(((Reply.ReadData) replies.get(3)).id()).isEqualTo(DataItems.METER_NUMBER);
        assertThat(((Reply.ReadData) replies.get(5)).id()).isEqualTo(DataItems.ACTIVE_CONSTANT);
        assertThat(((Reply.ReadData) replies.get(7)).id()).isEqualTo(DataItems.ACTIVE_ACCURACY_CLASS);
        // every value encodes back to the captured bytes
        for (Reply r : replies) {
            if (r instanceof Reply.ReadData d) {
                DataItem item = DataItems.require(d.id());
                assertThat(item.encode(d.values())).as(item.name()).isEqualTo(d.payload());
            }
        }
    }

    @Test
    void everyCapturedFrameComesOutAtItsLastByteEvenBehindAStrayHeaderAndATruncatedFrame() throws Exception {
        byte[] captured = bytes("meter-000006605518-stream");
        List<Frame> expected = frames("meter-000006605518-stream");
        // a stray 68 whose header announces 200 bytes, and the first 15 bytes of a frame that never ends
        byte[] stray = Hex.parse("68 11 11 11 11 11 11 68 91 C8");
        byte[] truncated = Arrays.copyOf(bytes("rated-voltage-220V"), 15);
        byte[] stream = FrameScannerTest.concat(stray, captured, truncated, captured);
        List<Frame> twice = new ArrayList<>(expected);
        twice.addAll(expected);

        FrameScanner scanner = new FrameScanner();
        List<Frame> delivered = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            List<Frame> now = scanner.feed(stream, i, 1).frames();
            if (!now.isEmpty()) {
                // a frame is delivered at its own end byte, never later
                assertThat(stream[i]).isEqualTo((byte) Frame.END);
            }
            delivered.addAll(now);
        }

        assertThat(delivered).isEqualTo(twice);
        assertThat(scanner.pendingBytes()).isZero();
    }

    @Test
    void datesWithTheirWeekday() throws Exception {
        assertThat(values("date-2016-01-11-monday")).containsExactly(new DataValue.Day(LocalDate.of(2016, 1, 11)));
        assertThat(values("date-2015-05-21-thursday")).containsExactly(new DataValue.Day(LocalDate.of(2015, 5, 21)));
        Reply.ReadData monday = (Reply.ReadData) Reply.parse(only("date-2016-01-11-monday"));
        assertThat(Reply.ReadData.of(monday.address(), DataItems.require(DataItems.DATE), monday.values())
                        .toFrame()
                        .encode())
                .isEqualTo(bytes("date-2016-01-11-monday"));
    }

    @Test
    void aWeekdayThatDoesNotMatchTheDateIsATypedError() throws Exception {
        Reply.ReadData reply = (Reply.ReadData) Reply.parse(only("date-weekday-mismatch"));

        assertThatThrownBy(reply::values).isInstanceOfSatisfying(DecodeException.class, e -> {
            assertThat(e.error()).isEqualTo(new DecodeError.WeekdayMismatch(LocalDate.of(2016, 1, 11), 3));
            assertThat(e.getMessage()).isEqualTo("weekday 3 does not match 2016-01-11, a monday (1)");
        });
    }

    @Test
    void aDateThatIsNotBcdIsATypedError() throws Exception {
        Reply.ReadData reply = (Reply.ReadData) Reply.parse(only("date-not-bcd"));

        assertThatThrownBy(reply::values)
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isInstanceOf(DecodeError.BadBcdDigit.class));
    }

    @Test
    void aTimeSyncToOneMeterKeepsItsAddress() throws Exception {
        Request addressed = Request.parse(only("time-sync-addressed"), ControlSecurity.PLAIN);
        Request broadcast = Request.parse(only("time-sync-broadcast"), ControlSecurity.PLAIN);

        assertThat(addressed)
                .isEqualTo(new Request.TimeSync(
                        MeterAddress.of("111111111111"), LocalDateTime.of(2017, 6, 5, 10, 40, 25)));
        assertThat(addressed.toFrame().encode()).isEqualTo(bytes("time-sync-addressed"));
        assertThat(broadcast).isEqualTo(new Request.TimeSync(LocalDateTime.of(2017, 6, 5, 10, 22, 51)));
        assertThat(broadcast.address().isBroadcast()).isTrue();
        assertThat(broadcast.toFrame().encode()).isEqualTo(bytes("time-sync-broadcast"));
    }

    @Test
    void energyFromAnotherProjectsTest() throws Exception {
        Reply.ReadData reply = (Reply.ReadData) Reply.parse(only("read-energy-go645"));

        assertThat(reply.address()).isEqualTo(MeterAddress.of("218231000114"));
        assertThat(reply.values()).containsExactly(DataValue.Decimal.of("0.06"));
    }

    @Test
    void aSinglePhaseMetersThreePhaseBlocks() throws Exception {
        assertThat(values("single-phase-voltage-block-zeros"))
                .containsExactly(
                        DataValue.Decimal.of("230.3"), DataValue.Decimal.of("0.0"), DataValue.Decimal.of("0.0"));
        assertThat(values("single-phase-current-block-zeros"))
                .containsExactly(
                        DataValue.Decimal.of("0.188"), DataValue.Decimal.of("0.000"), DataValue.Decimal.of("0.000"));
        // FF for the absent phases: phase A is decoded, B and C are absent, the block is not rejected (issue 7)
        assertThat(values("single-phase-current-block-ff"))
                .containsExactly(DataValue.Decimal.of("0.000"), new DataValue.Absent(), new DataValue.Absent());
        Reply.ReadData ff = (Reply.ReadData) Reply.parse(only("single-phase-current-block-ff"));
        assertThat(Reply.ReadData.of(ff.address(), DataItems.require(DataItems.CURRENT_BLOCK), ff.values())
                        .toFrame()
                        .encode())
                .isEqualTo(bytes("single-phase-current-block-ff"));
        assertThat(Reply.parse(only("read-address-reply-sourcecm")))
                .isEqualTo(new Reply.AddressReply(MeterAddress.of("181226034194")));
    }

    @Test
    void aSinglePhaseMetersPowerBlockAndEventCounters() throws Exception {
        List<Frame> frames = frames("single-phase-power-block-ff-and-events");
        MeterAddress meter = MeterAddress.of("000000000032");

        assertThat(valuesOf(Reply.parse(frames.get(0))))
                .containsExactly(
                        DataValue.Decimal.of("0.0000"),
                        DataValue.Decimal.of("0.0000"),
                        new DataValue.Absent(),
                        new DataValue.Absent());
        assertThat(Reply.parse(frames.get(1)))
                .isEqualTo(Reply.Abnormal.of(meter, FunctionCode.READ, java.util.Set.of(ErrorFlag.NO_DATA_REQUESTED)));
        Reply.ReadData programming = (Reply.ReadData) Reply.parse(frames.get(2));
        assertThat(programming.id()).isEqualTo(DataItems.PROGRAMMING_COUNT);
        assertThat(programming.values()).containsExactly(DataValue.Decimal.of("1"));
        assertThat(valuesOf(Reply.parse(frames.get(4)))).containsExactly(DataValue.Decimal.of("0"));
        assertThat(valuesOf(Reply.parse(frames.get(5))))
                .containsExactly(new DataValue.TimeOfDay(LocalTime.of(16, 9, 25)));
        assertThat(values("cover-open-count-27")).containsExactly(DataValue.Decimal.of("27"));
    }

    @Test
    void apparentPowerWithActiveReactiveAndPowerFactorOfOneMeter() throws Exception {
        List<DataValue> values = new ArrayList<>();
        for (Frame f : frames("instantaneous-with-apparent-power")) {
            values.addAll(valuesOf(Reply.parse(f)));
        }

        assertThat(values)
                .containsExactly(
                        DataValue.Decimal.of("0.26"),
                        DataValue.Decimal.of("100.1"),
                        DataValue.Decimal.of("4.999"),
                        DataValue.Decimal.of("0.2512"),
                        DataValue.Decimal.of("0.4331"),
                        DataValue.Decimal.of("0.5006"),
                        DataValue.Decimal.of("0.501"));
        Reply.ReadData apparent = (Reply.ReadData)
                Reply.parse(frames("instantaneous-with-apparent-power").get(5));
        assertThat(apparent.id()).isEqualTo(DataItems.APPARENT_POWER_TOTAL);
        assertThat(DataItems.require(apparent.id()).unit()).isEqualTo("kVA");
    }

    @Test
    void changeBaudRateAndItsConfirmation() throws Exception {
        MeterAddress meter = MeterAddress.of("201901120001");

        assertThat(Request.parse(only("change-baud-rate"), ControlSecurity.PLAIN))
                .isEqualTo(new Request.ChangeBaudRate(meter, BaudRate.B2400));
        assertThat(new Request.ChangeBaudRate(meter, BaudRate.B2400).toFrame().encode())
                .isEqualTo(bytes("change-baud-rate"));
        assertThat(Reply.parse(only("baud-rate-changed-reply")))
                .isEqualTo(new Reply.BaudRateChanged(meter, BaudRate.B2400));
        assertThat(new Reply.BaudRateChanged(meter, BaudRate.B2400).toFrame().encode())
                .isEqualTo(bytes("baud-rate-changed-reply"));
    }

    @Test
    void aBaudRateSentWithoutTheMaskIsATypedError() throws Exception {
        assertThatThrownBy(() -> Request.parse(only("change-baud-rate-unmasked"), ControlSecurity.PLAIN))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> assertThat(e.error()).isEqualTo(new DecodeError.BadValue("baud rate feature byte", "D5")));
    }

    private static Path folder() throws URISyntaxException {
        return Path.of(
                PublicGoldenFramesTest.class.getResource("/golden/public").toURI());
    }

    private static byte[] bytes(String name) throws IOException {
        return GoldenFramesTest.golden("public/" + name);
    }

    private static List<Frame> frames(String name) throws IOException {
        FrameScanner scanner = new FrameScanner();
        List<Frame> frames = scanner.feed(bytes(name)).frames();
        assertThat(scanner.pendingBytes()).isZero();
        return frames;
    }

    private static Frame only(String name) throws IOException, DecodeException {
        return Frame.decode(bytes(name));
    }

    private static List<DataValue> values(String name) throws IOException, DecodeException {
        return valuesOf(Reply.parse(only(name)));
    }

    private static List<DataValue> valuesOf(Reply reply) throws DecodeException {
        return ((Reply.ReadData) reply).values();
    }
}
