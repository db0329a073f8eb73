package io.gridhall.identity;

/**
 * Encrypts personal fields at rest (AES-256-GCM) and gives keyed hashes (HMAC-SHA256) to find rows by
 * a personal value without storing it in clear, e.g. an ID number. Store the ciphertext and the hash
 * as {@code bytea}; the two use separate keys.
 */
public interface PersonalDataVault {

    /**
     * @param field what the value is, e.g. {@code customer.id_number}; bound to the ciphertext as
     *     associated data, so a value copied into another column does not decrypt there
     */
    byte[] encrypt(String plaintext, String field);

    /** Fails with {@link IllegalStateException} when the ciphertext was altered or belongs to another field. */
    String decrypt(byte[] ciphertext, String field);

    /**
     * A deterministic keyed hash (32 bytes) of a normalised value, for equality lookups and unique
     * constraints. Normalise first (strip, upper-case the X of an ID number): the hash is of the exact text.
     */
    byte[] lookupHash(String value, String field);
}
