package io.gridhall.dlt645;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameScannerTest {

    private static final byte[] EXAMPLE = Hex.parse("68 12 90 78 56 34 12 68 11 04 33 33 34 33 68 16");

    @Test
    void findsSeveralFramesInOneRead() {
        byte[] two = concat(EXAMPLE, EXAMPLE);

        FrameScanner.Result result = new FrameScanner().feed(two);

        assertThat(result.frames()).hasSize(2);
        assertThat(result.skippedBytes()).isZero();
    }

    @Test
    void joinsAFrameSplitAcrossReadsByteByByte() {
        FrameScanner scanner = new FrameScanner();
        List<Frame> frames = new ArrayList<>();
        for (byte b : EXAMPLE) {
            frames.addAll(scanner.feed(new byte[] {b}).frames());
        }

        assertThat(frames).hasSize(1);
        assertThat(scanner.pendingBytes()).isZero();
    }

    @Test
    void skipsGarbageAndCountsItButNotThePreamble() {
        byte[] stream = concat(Hex.parse("00 01 02"), Hex.parse("FE FE FE FE"), EXAMPLE, Hex.parse("16 16"));

        FrameScanner.Result result = new FrameScanner().feed(ByteBuffer.wrap(stream));

        assertThat(result.frames()).hasSize(1);
        assertThat(result.skippedBytes()).isEqualTo(5);
    }

    @Test
    void aNoise68InFrontOfAFrameDoesNotHideTheFrame() {
        byte[] stream = concat(Hex.parse("68 68 00 68"), EXAMPLE);

        FrameScanner scanner = new FrameScanner();
        List<Frame> frames = scanner.feed(stream).frames();

        assertThat(frames).hasSize(1);
        assertThat(scanner.totalSkippedBytes()).isEqualTo(4);
    }

    @Test
    void reportsACorruptedFrameAndFindsTheNextOne() {
        byte[] corrupted = EXAMPLE.clone();
        corrupted[14] ^= 0x01;

        FrameScanner.Result result = new FrameScanner().feed(concat(corrupted, EXAMPLE));

        assertThat(result.frames()).hasSize(1);
        assertThat(result.rejected()).containsExactly(new DecodeError.BadChecksum(0x68, 0x69));
    }

    @Test
    void waitsForTheRestOfAFrame() {
        FrameScanner scanner = new FrameScanner();

        assertThat(scanner.feed(EXAMPLE, 0, 11).frames()).isEmpty();
        assertThat(scanner.pendingBytes()).isEqualTo(11);
        assertThat(scanner.feed(EXAMPLE, 11, 5).frames()).hasSize(1);
    }

    @Test
    void aLengthAboveTheLimitIsNoise() {
        byte[] big = new Frame(MeterAddress.of(1), ControlCode.normalReply(FunctionCode.READ), new byte[201]).encode();

        FrameScanner.Result result = new FrameScanner().feed(concat(big, EXAMPLE));

        assertThat(result.frames()).hasSize(1);
        assertThat(new FrameScanner(255).feed(big).frames()).hasSize(1);
    }

    @Test
    void aStray68WithAPlausibleHeaderDoesNotHoldBackTheFrameBehindIt() {
        // 68, six address bytes, 68, a read reply and L = 0xC8: a header that announces 200 bytes
        // that never come (issue 7).
        byte[] stray = Hex.parse("68 11 11 11 11 11 11 68 91 C8");
        FrameScanner scanner = new FrameScanner();

        assertThat(scanner.feed(stray).frames()).isEmpty();
        assertThat(scanner.pendingBytes()).isEqualTo(10);
        FrameScanner.Result result = scanner.feed(EXAMPLE);

        assertThat(result.frames()).containsExactly(decode(EXAMPLE));
        assertThat(result.skippedBytes()).isEqualTo(10);
        assertThat(scanner.pendingBytes()).isZero();
    }

    @Test
    void aTruncatedFrameDoesNotHoldBackTheNextOne() {
        byte[] truncated = java.util.Arrays.copyOf(EXAMPLE, 12);

        FrameScanner.Result result = new FrameScanner().feed(concat(truncated, EXAMPLE));

        assertThat(result.frames()).hasSize(1);
        assertThat(result.skippedBytes()).isEqualTo(12);
    }

    @Test
    void aMissingSecond68IsNoiseBeforeTheHeaderIsComplete() {
        FrameScanner scanner = new FrameScanner();

        // 68 and seven bytes: the eighth is not the second 68, so no frame starts here
        FrameScanner.Result result = scanner.feed(Hex.parse("68 12 90 78 56 34 12 00"));

        assertThat(result.skippedBytes()).isEqualTo(8);
        assertThat(scanner.pendingBytes()).isZero();
    }

    @Test
    void anAddressByteThatIsNotBcdOrAaIsNoiseAtOnce() {
        FrameScanner scanner = new FrameScanner();

        scanner.feed(Hex.parse("68 1F"));

        assertThat(scanner.pendingBytes()).isZero();
        assertThat(scanner.totalSkippedBytes()).isEqualTo(2);
    }

    @Test
    void idleGivesUpAPartialFrameSoTheNextReplyIsNotSwallowed() {
        FrameScanner scanner = new FrameScanner();
        scanner.feed(Arrays.copyOf(EXAMPLE, 11));

        FrameScanner.Result idle = scanner.idle();

        assertThat(idle.frames()).isEmpty();
        assertThat(idle.skippedBytes()).isEqualTo(11);
        assertThat(scanner.pendingBytes()).isZero();
        assertThat(scanner.feed(EXAMPLE).frames()).hasSize(1);
    }

    @Test
    void aPartialFrameFollowedByAReplyCostsOnlyItsOwnBytesEvenWithoutIdle() {
        // The partial frame takes its missing bytes from the reply and fails its checksum; the
        // failed candidate costs one byte at a time until the reply is reached.
        FrameScanner scanner = new FrameScanner();
        scanner.feed(Arrays.copyOf(EXAMPLE, 11));

        assertThat(scanner.feed(EXAMPLE).frames()).hasSize(1);
        assertThat(scanner.totalSkippedBytes()).isEqualTo(11);
    }

    @Test
    void idleDeliversNothingTwiceAndKeepsCountingNoise() {
        FrameScanner scanner = new FrameScanner();
        assertThat(scanner.feed(concat(EXAMPLE, Hex.parse("68 AA"))).frames()).hasSize(1);

        assertThat(scanner.idle().skippedBytes()).isEqualTo(2);
        assertThat(scanner.idle().skippedBytes()).isZero();
        assertThat(scanner.totalSkippedBytes()).isEqualTo(2);
    }

    private static Frame decode(byte[] bytes) {
        try {
            return Frame.decode(bytes);
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
