package io.gridhall.dlt645;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds frames in a byte stream that arrives in arbitrary chunks: a frame split across reads,
 * several frames in one read, FE wake-up bytes, and line noise between frames.
 *
 * <p>The scanner never decides on incomplete bytes: it waits until a candidate frame is complete
 * and only then checks it, so the frames found do not depend on how the stream was split. A
 * candidate that fails (bad checksum, missing end byte, ...) costs one byte: scanning resumes at
 * the byte after its 0x68, because that 0x68 may have been noise in front of a real frame.
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
            int length;
            try {
                length = Frame.frameLength(buffer, start, end - start, maxDataLength);
            } catch (DecodeException headerIsNoise) {
                // A 0x68 that does not start a plausible header is noise; it is not worth reporting.
                start++;
                skipped++;
                continue;
            }
            if (length < 0) {
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
}
