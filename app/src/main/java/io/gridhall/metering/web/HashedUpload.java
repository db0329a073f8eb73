package io.gridhall.metering.web;

import io.gridhall.shared.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import org.springframework.web.multipart.MultipartFile;

/**
 * An uploaded file parsed in one pass while its SHA-256 is taken: the digest names the file's content (idempotency
 * key, audit object) without reading it twice. A file name with a NUL character is refused (400 {@code nul-character}).
 */
record HashedUpload<T>(T parsed, String sha256) {

    static <T> HashedUpload<T> read(MultipartFile file, Function<InputStream, T> parser) {
        String name = file.getOriginalFilename();
        if (name != null && name.indexOf('\0') >= 0) throw Problem.badRequest("nul-character");
        try (InputStream raw = file.getInputStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            T parsed = parser.apply(new DigestInputStream(raw, sha));
            return new HashedUpload<>(parsed, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
