package io.gridhall.outage.internal;

import io.gridhall.outage.Repairs;
import io.gridhall.shared.Problem;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Checks a fault photo by its bytes, not by what the client claims (JPEG or PNG, at most
 * {@link Repairs#MAX_PHOTO_BYTES}), and removes what could say where it was taken: a JPEG's APP1 segments (Exif,
 * XMP) and a PNG's {@code eXIf}, {@code tEXt}, {@code zTXt} and {@code iTXt} chunks. Image data is copied untouched.
 */
final class RepairPhotos {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private RepairPhotos() {}

    record Clean(String contentType, byte[] bytes) {}

    static Clean clean(Repairs.Photo photo) {
        byte[] b = photo.bytes();
        if (b == null || b.length == 0) throw Problem.badRequest("repair-photo-empty");
        if (b.length > Repairs.MAX_PHOTO_BYTES) throw Problem.badRequest("repair-photo-too-large", 5);
        try {
            if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) return new Clean("image/jpeg", jpeg(b));
            if (b.length > PNG.length && Arrays.equals(Arrays.copyOf(b, PNG.length), PNG))
                return new Clean("image/png", png(b));
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw Problem.badRequest("repair-photo-type");
        }
        throw Problem.badRequest("repair-photo-type");
    }

    /** Copies the segments before the scan, leaving out APP1 (Exif, XMP), then the rest as it is. */
    static byte[] jpeg(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(0xff);
        out.write(0xd8);
        int i = 2;
        while (true) {
            if (i + 4 > b.length || (b[i] & 0xff) != 0xff) throw new IllegalArgumentException("not a JPEG segment");
            int marker = b[i + 1] & 0xff;
            if (marker == 0xda || marker == 0xd9) { // start of scan or end: the rest is image data
                out.write(b, i, b.length - i);
                return out.toByteArray();
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (length < 2 || i + 2 + length > b.length) throw new IllegalArgumentException("bad JPEG segment length");
            if (marker != 0xe1) out.write(b, i, 2 + length);
            i += 2 + length;
        }
    }

    /** Copies the chunks, leaving out the metadata ones. */
    static byte[] png(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, PNG.length);
        int i = PNG.length;
        while (i < b.length) {
            if (i + 12 > b.length) throw new IllegalArgumentException("truncated PNG chunk");
            long length = ((long) (b[i] & 0xff) << 24)
                    | ((b[i + 1] & 0xff) << 16)
                    | ((b[i + 2] & 0xff) << 8)
                    | (b[i + 3] & 0xff);
            if (length > b.length - i - 12) throw new IllegalArgumentException("bad PNG chunk length");
            String type = new String(b, i + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int total = (int) length + 12;
            boolean metadata = type.equals("eXIf") || type.equals("tEXt") || type.equals("zTXt") || type.equals("iTXt");
            if (!metadata) out.write(b, i, total);
            i += total;
            if (type.equals("IEND")) break;
        }
        return out.toByteArray();
    }
}
