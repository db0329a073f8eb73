package io.gridhall.customer.internal;

/**
 * How ID numbers are kept at rest: encrypted, plus a keyed hash for exact lookups. A small seam so the vault can be
 * swapped (identity's or a KMS-backed one) without touching the queries.
 */
interface IdNumberProtection {

    byte[] encrypt(String idNumber);

    String decrypt(byte[] sealed);

    byte[] lookupHash(String idNumber);
}
