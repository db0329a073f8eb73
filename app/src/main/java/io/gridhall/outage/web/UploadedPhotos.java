package io.gridhall.outage.web;

import io.gridhall.outage.Repairs;
import io.gridhall.shared.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/**
 * The photos of a fault report as uploaded, from the portal or by staff taking a call: at most
 * {@link Repairs#MAX_PHOTOS}, {@link Repairs#MAX_PHOTO_BYTES} each (the type is checked by the bytes and location
 * data dropped in the repair desk), with the SHA-256 digests the idempotency check compares.
 */
record UploadedPhotos(List<Repairs.Photo> photos, List<String> sha256) {

    static UploadedPhotos of(List<MultipartFile> files) {
        List<MultipartFile> parts = files == null ? List.of() : files;
        if (parts.size() > Repairs.MAX_PHOTOS) throw Problem.badRequest("repair-photos-too-many", Repairs.MAX_PHOTOS);
        List<Repairs.Photo> photos = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (MultipartFile f : parts) {
            if (f.getSize() > Repairs.MAX_PHOTO_BYTES) throw Problem.badRequest("repair-photo-too-large", 5);
            try {
                byte[] bytes = f.getBytes();
                photos.add(new Repairs.Photo(f.getContentType(), bytes));
                digests.add(sha256(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new UploadedPhotos(List.copyOf(photos), List.copyOf(digests));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
