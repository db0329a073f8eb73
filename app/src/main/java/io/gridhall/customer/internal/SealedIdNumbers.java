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
        // an organisation may be registered before its credit code is known (issue #8: the import failed on it)
        return idNumber == null || idNumber.isBlank() ? null : vault.encrypt(IdNumbers.normalise(idNumber), FIELD);
    }

    @Override
    public String decrypt(byte[] sealed) {
        return sealed == null ? null : vault.decrypt(sealed, FIELD);
    }

    @Override
    public byte[] lookupHash(String idNumber) {
        return idNumber == null || idNumber.isBlank() ? null : vault.lookupHash(IdNumbers.normalise(idNumber), FIELD);
    }
}
