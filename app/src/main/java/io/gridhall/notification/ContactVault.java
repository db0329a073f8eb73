package io.gridhall.notification;

/**
 * SPI the identity module implements with its personal data vault: the notification module sits below
 * identity, so it cannot use the vault itself. Seals the addresses the outbox keeps (phone numbers, e-mail
 * addresses, WeChat openids) at rest, and gives keyed hashes to find a row by an address.
 */
public interface ContactVault {

    /** AES-GCM ciphertext bound to {@code field}; see identity's {@code PersonalDataVault}. */
    byte[] encrypt(String plaintext, String field);

    /** Fails with {@link IllegalStateException} when the ciphertext was altered or belongs to another field. */
    String decrypt(byte[] ciphertext, String field);

    /** A deterministic keyed hash (32 bytes) of the exact text. */
    byte[] lookupHash(String value, String field);
}
