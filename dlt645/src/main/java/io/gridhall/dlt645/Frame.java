package io.gridhall.dlt645;

import java.util.Arrays;

/**
 * One DL/T 645-2007 frame: {@code 68 A0..A5 68 C L DATA CS 16}, optionally after FE wake-up bytes.
 *
 * <p>{@code data} holds the plain DATA bytes; the +0x33 masking exists only on the wire, so that no
 * caller can forget to add or remove it.
 */
public record Frame(MeterAddress address, ControlCode control, byte[] data) {

    public static final int START = 0x68;
    public static final int END = 0x16;
    public static final int PREAMBLE = 0xFE;
    /** Bytes of a frame without DATA: 68, 6 address bytes, 68, C, L, CS, 16. */
    public static final int OVERHEAD = 12;
    /** L is one byte. */
    public static final int MAX_DATA_LENGTH = 255;
    /** The standard allows at most 4 FE bytes before a frame. */
    public static final int MAX_PREAMBLE = 4;

    private static final int MASK = 0x33;

    public Frame {
        if (address == null || control == null || data == null) {
            throw new IllegalArgumentException("address, control and data are required");
        }
        if (data.length > MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("DATA longer than 255 bytes: " + data.length);
        }
        data = data.clone();
    }

    public Frame(MeterAddress address, ControlCode control) {
        this(address, control, new byte[0]);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** The frame without preamble. */
    public byte[] encode() {
        return encode(0);
    }

    /** The frame after {@code preamble} FE bytes (0 to 4). */
    public byte[] encode(int preamble) {
        if (preamble < 0 || preamble > MAX_PREAMBLE) {
            throw new IllegalArgumentException("preamble must be 0..4 FE bytes: " + preamble);
        }
        byte[] out = new byte[preamble + OVERHEAD + data.length];
        Arrays.fill(out, 0, preamble, (byte) PREAMBLE);
        int p = preamble;
        out[p] = (byte) START;
        System.arraycopy(address.toWire(), 0, out, p + 1, 6);
        out[p + 7] = (byte) START;
        out[p + 8] = (byte) control.toByte();
        out[p + 9] = (byte) data.length;
        for (int i = 0; i < data.length; i++) {
            out[p + 10 + i] = (byte) (data[i] + MASK);
        }
        int cs = p + 10 + data.length;
        out[cs] = (byte) checksum(out, p, cs);
        out[cs + 1] = (byte) END;
        return out;
    }

    /** Sum mod 256 of {@code bytes[from..to)}: from the first 68 to the end of DATA. */
    public static int checksum(byte[] bytes, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /** Decodes exactly one frame, with any number of FE bytes before it and nothing after it. */
    public static Frame decode(byte[] bytes) throws DecodeException {
        int p = 0;
        while (p < bytes.length && (bytes[p] & 0xFF) == PREAMBLE) {
            p++;
        }
        int length = frameLength(bytes, p, bytes.length - p, MAX_DATA_LENGTH);
        if (length < 0) {
            throw new DecodeException(new DecodeError.Truncated("frame", -length, bytes.length - p));
        }
        if (p + length != bytes.length) {
            throw new DecodeException(new DecodeError.BadLength("frame", p + length, bytes.length));
        }
        return decodeAt(bytes, p);
    }

    /**
     * Checks the header at {@code offset} and returns the whole frame length, or minus the number of
     * bytes needed when fewer than that are available.
     */
    static int frameLength(byte[] bytes, int offset, int available, int maxDataLength) throws DecodeException {
        if (available < 1) {
            return -10;
        }
        if ((bytes[offset] & 0xFF) != START) {
            throw new DecodeException(new DecodeError.MissingStartByte(0, bytes[offset] & 0xFF));
        }
        if (available < 10) {
            return -10;
        }
        if ((bytes[offset + 7] & 0xFF) != START) {
            throw new DecodeException(new DecodeError.MissingStartByte(7, bytes[offset + 7] & 0xFF));
        }
        int length = bytes[offset + 9] & 0xFF;
        if (length > maxDataLength) {
            throw new DecodeException(new DecodeError.BadLength("L", maxDataLength, length));
        }
        int total = OVERHEAD + length;
        return available < total ? -total : total;
    }

    /** Whether the complete candidate at {@code offset} (header already plausible) decodes. */
    static boolean isValidAt(byte[] bytes, int offset) {
        int length = bytes[offset + 9] & 0xFF;
        int csAt = offset + 10 + length;
        return checksum(bytes, offset, csAt) == (bytes[csAt] & 0xFF) && (bytes[csAt + 1] & 0xFF) == END;
    }

    /** Decodes a frame whose header {@link #frameLength} accepted and whose bytes are all present. */
    static Frame decodeAt(byte[] bytes, int offset) throws DecodeException {
        int length = bytes[offset + 9] & 0xFF;
        int csAt = offset + 10 + length;
        int expected = checksum(bytes, offset, csAt);
        int actual = bytes[csAt] & 0xFF;
        if (expected != actual) {
            throw new DecodeException(new DecodeError.BadChecksum(expected, actual));
        }
        if ((bytes[csAt + 1] & 0xFF) != END) {
            throw new DecodeException(new DecodeError.MissingEndByte(bytes[csAt + 1] & 0xFF));
        }
        MeterAddress address = MeterAddress.fromWire(bytes, offset + 1);
        ControlCode control = ControlCode.fromByte(bytes[offset + 8]);
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (bytes[offset + 10 + i] - MASK);
        }
        return new Frame(address, control, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f
                && address.equals(f.address)
                && control.equals(f.control)
                && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return (address.hashCode() * 31 + control.hashCode()) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Frame[" + address + " " + control + " data=" + Hex.format(data) + "]";
    }
}
