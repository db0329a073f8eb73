package io.gridhall.identity.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.gridhall.identity.PersonalDataVault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Tink AEAD (AES-256-GCM) for personal fields and HMAC-SHA256 for lookups. Keys come from
 * {@code gridhall.crypto.keyset} (a Tink JSON keyset, base64) and {@code gridhall.crypto.lookup-key}
 * (32 bytes, base64); without them a development key pair is generated once and kept under
 * {@code gridhall.crypto.key-dir} (./data/keys), never in the repository.
 */
@Component
class FieldEncryption implements PersonalDataVault {

    private static final Logger log = LoggerFactory.getLogger(FieldEncryption.class);

    private final Aead aead;
    private final SecretKeySpec lookupKey;

    FieldEncryption(
            @Value("${gridhall.crypto.keyset:}") String keyset,
            @Value("${gridhall.crypto.lookup-key:}") String lookupKey,
            @Value("${gridhall.crypto.key-dir:${GRIDHALL_DATA:./data}/keys}") String keyDir) {
        try {
            AeadConfig.register();
            String json = keyset.isBlank() ? devKeyset(Path.of(keyDir)) : decode(keyset);
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
            this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
            byte[] key =
                    Base64.getDecoder().decode(lookupKey.isBlank() ? devLookupKey(Path.of(keyDir)) : lookupKey.strip());
            if (key.length < 32)
                throw new IllegalStateException("gridhall.crypto.lookup-key must hold at least 32 bytes");
            this.lookupKey = new SecretKeySpec(key, "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the personal data keys", e);
        }
    }

    @Override
    public byte[] encrypt(String plaintext, String field) {
        try {
            return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt " + field, e);
        }
    }

    @Override
    public String decrypt(byte[] ciphertext, String field) {
        try {
            return new String(aead.decrypt(ciphertext, field.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt " + field + ": wrong key, field or altered data", e);
        }
    }

    @Override
    public byte[] lookupHash(String value, String field) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookupKey);
            // The field name is part of the input so equal values in different fields hash apart.
            mac.update(field.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
    }

    private static String devKeyset(Path dir) throws GeneralSecurityException {
        Path file = dir.resolve("personal-data-keyset.json");
        if (Files.exists(file)) return read(file);
        log.warn("No gridhall.crypto.keyset configured: generating a development key in {}", file);
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        write(file, json);
        return json;
    }

    private static String devLookupKey(Path dir) {
        Path file = dir.resolve("personal-data-lookup.key");
        if (Files.exists(file)) return read(file);
        log.warn("No gridhall.crypto.lookup-key configured: generating a development key in {}", file);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String encoded = Base64.getEncoder().encodeToString(key);
        write(file, encoded);
        return encoded;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the development key in " + file, e);
        }
    }
}
