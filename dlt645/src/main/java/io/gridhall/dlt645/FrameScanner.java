package io.gridhall.dlt645;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds frames in a byte stream that arrives in arbitrary chunks: a frame split across reads,
 * several frames in one read, FE wake-up bytes, and line noise between frames.
 *
 * <p>Every 0x68 starts a candidate frame. A candidate is given up, at the cost of one byte, as
 * soon as the bytes already present prove it cannot be a frame: an address byte that is neither
 * BCD nor AA, no second 0x68 at offset 7, an unknown function in the control code, a length above
 * the limit; and, once complete, a bad checksum or end byte (these are {@link Result#rejected()}).
 * Scanning resumes at the byte after its 0x68, because that 0x68 may have been noise in front of
 * a real frame.
 *
 * <p>A candidate that may still be a frame but is not complete yet (a stray 0x68 whose bytes look
 * like a header, a truncated frame) is waited for, except when a complete valid frame already
 * follows it in the buffered bytes: then it is given up and the frame behind it is delivered at
 * once, so a noise 0x68 or a cut-off frame never holds a meter's reply back. (The price: a frame
 * whose DATA itself contains a complete valid frame would be cut; with the +0x33 masking and the
 * checksum that does not happen by chance.) When the link goes quiet, {@link #idle()} gives up a
 * partial frame that will never be completed.
 *
 * <p>So the frames found do not depend on how the stream was split, only on when it was idle.
 *
 * <p>Not thread-safe: one scanner per connection, as a Netty decoder or a read loop would use it.
 */
public final class FrameScanner {

    /** The standard limits L to 200 for reads; a bound keeps noise from stalling the scanner long. */
    public static final int DEFAULT_MAX_DATA_LENGTH = 200;

    private final int maxDataLength;
    private byte[] buffer = new byte[256];
    private int start;
    private int end;
    private long totalSkipped;
    private long totalRejected;

    public FrameScanner() {
        this(DEFAULT_MAX_DATA_LENGTH);
    }

    public FrameScanner(int maxDataLength) {
        if (maxDataLength < 0 || maxDataLength > Frame.MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("max data length must be 0..255: " + maxDataLength);
        }
        this.maxDataLength = maxDataLength;
    }

    /**
     * What one chunk produced.
     *
     * @param frames complete valid frames in stream order
     * @param skippedBytes bytes discarded as noise (FE wake-up bytes are not counted)
     * @param rejected complete candidates that failed to decode, in stream order
     */
    public record Result(List<Frame> frames, int skippedBytes, List<DecodeError> rejected) {
        public Result {
            frames = List.copyOf(frames);
            rejected = List.copyOf(rejected);
        }
    }

    public Result feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    public Result feed(byte[] chunk, int offset, int length) {
        append(chunk, offset, length);
        return scan();
    }

    /** Consumes all remaining bytes of {@code chunk}. */
    public Result feed(ByteBuffer chunk) {
        int length = chunk.remaining();
        ensureCapacity(length);
        chunk.get(buffer, end, length);
        end += length;
        return scan();
    }

    /** Bytes held back because they may be the start of a frame not yet complete. */
    public int pendingBytes() {
        return end - start;
    }

    public long totalSkippedBytes() {
        return totalSkipped;
    }

    public long totalRejected() {
        return totalRejected;
    }

    /** Forgets held-back bytes, e.g. after a reconnect. */
    public void reset() {
        start = 0;
        end = 0;
    }

    /**
     * The link is idle: no more bytes of a frame in progress will come (the standard allows at most
     * 500 ms between the bytes of a frame; a head-end calls this on its idle or reply timeout).
     * Gives up the pending partial frame and delivers whatever complete frames were held behind
     * it; the given-up bytes count as skipped.
     */
    public Result idle() {
        return scan(true);
    }

    private void append(byte[] chunk, int offset, int length) {
        ensureCapacity(length);
        System.arraycopy(chunk, offset, buffer, end, length);
        end += length;
    }

    private void ensureCapacity(int extra) {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end + extra > buffer.length) {
            byte[] bigger = new byte[Math.max(buffer.length * 2, end + extra)];
            System.arraycopy(buffer, 0, bigger, 0, end);
            buffer = bigger;
        }
    }

    private Result scan() {
        return scan(false);
    }

    private Result scan(boolean endOfData) {
        List<Frame> frames = new ArrayList<>();
        List<DecodeError> rejected = new ArrayList<>();
        int skipped = 0;
        while (start < end) {
            int b = buffer[start] & 0xFF;
            if (b == Frame.PREAMBLE) {
                start++;
                continue;
            }
            if (b != Frame.START) {
                start++;
                skipped++;
                continue;
            }
            int length = candidateLength(start);
            if (length == IMPOSSIBLE) {
                // A 0x68 that does not start a plausible header is noise; it is not worth reporting.
                start++;
                skipped++;
                continue;
            }
            if (length < 0) {
                if (endOfData || validFrameFrom(start + 1)) {
                    start++;
                    skipped++;
                    continue;
                }
                break;
            }
            try {
                frames.add(Frame.decodeAt(buffer, start));
                start += length;
            } catch (DecodeException e) {
                rejected.add(e.error());
                start++;
                skipped++;
            }
        }
        totalSkipped += skipped;
        totalRejected += rejected.size();
        if (start == end) {
            start = 0;
            end = 0;
        }
        return new Result(frames, skipped, rejected);
    }

    private static final int IMPOSSIBLE = Integer.MIN_VALUE;

    /**
     * For the 0x68 at {@code at}: the frame length when all its bytes are present, minus the
     * length (or -10 before L is known) when not all are, or {@link #IMPOSSIBLE} when the bytes
     * present already rule a frame out.
     */
    private int candidateLength(int at) {
        int available = end - at;
        for (int i = 1; i <= 6 && i < available; i++) {
            int a = buffer[at + i] & 0xFF;
            if (a != 0xAA && !Bcd.isBcd(a)) {
                return IMPOSSIBLE;
            }
        }
        if (available > 7 && (buffer[at + 7] & 0xFF) != Frame.START) {
            return IMPOSSIBLE;
        }
        if (available > 8 && FunctionCode.of(buffer[at + 8] & 0x1F).isEmpty()) {
            return IMPOSSIBLE;
        }
        if (available < 10) {
            return -10;
        }
        int dataLength = buffer[at + 9] & 0xFF;
        if (dataLength > maxDataLength) {
            return IMPOSSIBLE;
        }
        int total = Frame.OVERHEAD + dataLength;
        return available < total ? -total : total;
    }

    /** Whether a complete valid frame starts at or after {@code from} in the buffered bytes. */
    private boolean validFrameFrom(int from) {
        for (int q = from; q < end; q++) {
            if ((buffer[q] & 0xFF) != Frame.START) {
                continue;
            }
            int length = candidateLength(q);
            if (length > 0 && Frame.isValidAt(buffer, q)) {
                return true;
            }
        }
        return false;
    }
}
