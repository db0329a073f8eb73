package io.gridhall.identity.internal;

import io.gridhall.identity.PersonalDataVault;
import io.gridhall.notification.ContactVault;
import org.springframework.stereotype.Component;

/** Lends the personal data vault to the notification module, which sits below identity, for its addresses. */
@Component
class NotificationVault implements ContactVault {

    private final PersonalDataVault vault;

    NotificationVault(PersonalDataVault vault) {
        this.vault = vault;
    }

    @Override
    public byte[] encrypt(String plaintext, String field) {
        return vault.encrypt(plaintext, field);
    }

    @Override
    public String decrypt(byte[] ciphertext, String field) {
        return vault.decrypt(ciphertext, field);
    }

    @Override
    public byte[] lookupHash(String value, String field) {
        return vault.lookupHash(value, field);
    }
}
