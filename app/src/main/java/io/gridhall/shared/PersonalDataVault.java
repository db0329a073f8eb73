package io.gridhall.shared;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Properties;

/**
 * Encrypts personal data at rest (Tink AES-256-GCM, the column name as associated data so a ciphertext cannot be
 * moved to another column) and gives keyed hashes (HMAC-SHA256) for exact lookups without decrypting.
 * Keys live in a keyset file outside the database; losing it loses the data, so production keeps it in a KMS.
 */
public final class PersonalDataVault {

    private final Aead aead;
    private final Mac mac;

    private PersonalDataVault(KeysetHandle aeadKeys, KeysetHandle macKeys) throws GeneralSecurityException {
        this.aead = aeadKeys.getPrimitive(RegistryConfiguration.get(), Aead.class);
        this.mac = macKeys.getPrimitive(RegistryConfiguration.get(), Mac.class);
    }

    /** Loads the keysets from the file, creating it with fresh keys (owner-readable only) when absent. */
    public static synchronized PersonalDataVault fromKeysetFile(Path file) {
        try {
            AeadConfig.register();
            MacConfig.register();
            Properties keys = new Properties();
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    keys.load(in);
                }
            } else {
                keys.setProperty("aead", TinkJsonProtoKeysetFormat.serializeKeyset(
                        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get()));
                keys.setProperty("mac", TinkJsonProtoKeysetFormat.serializeKeyset(
                        KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG),
                        InsecureSecretKeyAccess.get()));
                if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
                Path temp = file.resolveSibling(file.getFileName() + ".tmp");
                try (var out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    keys.store(out, "GridHall personal data keys: keep secret, back up, never commit");
                }
                try {
                    Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                try {
                    // another process may have created it meanwhile: keep theirs
                    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    Files.deleteIfExists(temp);
                    return fromKeysetFile(file);
                }
            }
            return new PersonalDataVault(
                    TinkJsonProtoKeysetFormat.parseKeyset(keys.getProperty("aead"), InsecureSecretKeyAccess.get()),
                    TinkJsonProtoKeysetFormat.parseKeyset(keys.getProperty("mac"), InsecureSecretKeyAccess.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the personal data keyset " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Invalid personal data keyset " + file, e);
        }
    }

    /** @param field where the value is stored, e.g. {@code customer.id_number}; bound as associated data */
    public byte[] encrypt(String plaintext, String field) {
        if (plaintext == null) return null;
        try {
            return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(byte[] ciphertext, String field) {
        if (ciphertext == null) return null;
        try {
            return new String(aead.decrypt(ciphertext, field.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption of " + field + " failed (wrong key?)", e);
        }
    }

    /** A keyed hash of a normalised value: equal inputs give equal hashes, and without the key nothing is learnt. */
    public byte[] lookupHash(String normalised) {
        if (normalised == null) return null;
        try {
            return mac.computeMac(normalised.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("hashing failed", e);
        }
    }
}
