package io.gridhall.customer.internal;

import io.gridhall.customer.IdNumbers;
import io.gridhall.identity.PersonalDataVault;
import org.springframework.stereotype.Component;

/** ID numbers sealed with identity's personal data vault (AES-GCM + HMAC). */
@Component
class SealedIdNumbers implements IdNumberProtection {

    private static final String FIELD = "customer.id_number";
    private final PersonalDataVault vault;

    SealedIdNumbers(PersonalDataVault vault) {
        this.vault = vault;
    }

    @Override
    public byte[] encrypt(String idNumber) {
        return vault.encrypt(IdNumbers.normalise(idNumber), FIELD);
    }

    @Override
    public String decrypt(byte[] sealed) {
        return vault.decrypt(sealed, FIELD);
    }

    @Override
    public byte[] lookupHash(String idNumber) {
        return idNumber == null ? null : vault.lookupHash(IdNumbers.normalise(idNumber), FIELD);
    }
}
