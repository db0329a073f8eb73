package io.gridhall.outage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.outage.Repairs;
import io.gridhall.shared.Problem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Photos are checked by their bytes and lose what could say where they were taken (OUT-4). */
class RepairPhotosTests {

    static byte[] chunk(String type, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int n = data.length;
        b.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        b.writeBytes(t);
        b.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        long c = crc.getValue();
        b.writeBytes(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        return b.toByteArray();
    }

    static byte[] png() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.writeBytes(chunk("IHDR", new byte[13]));
        b.writeBytes(chunk("eXIf", "GPSLatitude 30.21".getBytes(StandardCharsets.US_ASCII)));
        b.writeBytes(chunk("tEXt", "Location\0home".getBytes(StandardCharsets.US_ASCII)));
        b.writeBytes(chunk("IDAT", new byte[] {1, 2, 3}));
        b.writeBytes(chunk("IEND", new byte[0]));
        return b.toByteArray();
    }

    @Test
    void aPngKeepsItsImageChunksAndLosesItsMetadata() {
        RepairPhotos.Clean clean = RepairPhotos.clean(new Repairs.Photo("image/png", png()));
        String text = new String(clean.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(clean.contentType()).isEqualTo("image/png");
        assertThat(text).contains("IHDR", "IDAT", "IEND").doesNotContain("eXIf", "GPS", "tEXt", "Location");
    }

    @Test
    void aJpegLosesItsExifSegment() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 6});
        b.writeBytes("JFIF".getBytes(StandardCharsets.US_ASCII));
        byte[] exif = "Exif\0\0GPSLatitude=30.21N".getBytes(StandardCharsets.ISO_8859_1);
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xe1, 0, (byte) (exif.length + 2)});
        b.writeBytes(exif);
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xda, 0, 4, 1, 2, 3, 4, (byte) 0xff, (byte) 0xd9});
        byte[] jpeg = b.toByteArray();
        RepairPhotos.Clean clean = RepairPhotos.clean(new Repairs.Photo("image/jpeg", jpeg));
        String text = new String(clean.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("JFIF").doesNotContain("Exif", "GPS");
        assertThat(clean.bytes()).endsWith((byte) 0xff, (byte) 0xd9);
    }

    @Test
    void whatTheClientClaimsDoesNotMatterOnlyTheBytes() {
        assertThatThrownBy(() -> RepairPhotos.clean(
                        new Repairs.Photo("image/jpeg", "<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("repair-photo-type"));
        assertThat(RepairPhotos.clean(new Repairs.Photo("application/octet-stream", png()))
                        .contentType())
                .isEqualTo("image/png");
        byte[] truncated = java.util.Arrays.copyOf(png(), 20);
        assertThatThrownBy(() -> RepairPhotos.clean(new Repairs.Photo("image/png", truncated)))
                .isInstanceOf(Problem.class);
        assertThatThrownBy(() ->
                        RepairPhotos.clean(new Repairs.Photo("image/jpeg", new byte[Repairs.MAX_PHOTO_BYTES + 1])))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("repair-photo-too-large"));
    }
}
