package io.gridhall.customer.internal;

/**
 * How a contact's phone and e-mail are kept at rest: encrypted as typed; a phone also with a keyed hash of the
 * normalised number ({@link Phones#normalise}) for search and matching. An e-mail is stored without a hash (nothing
 * looks a customer up by it); {@link #emailHash} only recognises the address of a pending change. The same seam as {@link IdNumberProtection}.
 */
interface ContactProtection {

    byte[] encrypt(String phone);

    String decrypt(byte[] sealed);

    /** Null for a blank number. */
    byte[] lookupHash(String phone);

    /** Null for a blank address. */
    byte[] sealEmail(String email);

    String openEmail(byte[] sealed);

    /** A keyed hash of the address stripped and in lower case, to recognise it again; null for a blank address. */
    byte[] emailHash(String email);
}
