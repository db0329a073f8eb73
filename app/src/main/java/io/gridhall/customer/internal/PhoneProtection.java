package io.gridhall.customer.internal;

/**
 * How phone numbers are kept at rest: encrypted as typed, plus a keyed hash of the normalised number ({@link
 * Phones#normalise}) for search and matching. The same seam as {@link IdNumberProtection}.
 */
interface PhoneProtection {

    byte[] encrypt(String phone);

    String decrypt(byte[] sealed);

    /** Null for a blank number. */
    byte[] lookupHash(String phone);
}
