package io.gridhall.identity.internal;

import io.gridhall.identity.PersonalDataVault;
import io.gridhall.shared.ClearRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staff TOTP secrets at rest: sealed with the personal data vault (AES-256-GCM, bound to the field name), opened
 * only to check or show a code. At start-up, secrets still in clear from before version 3 of the identity schema are
 * sealed and their clear column emptied, in batches, idempotently (a second node starting at the same time skips
 * the rows the first one holds).
 */
@Component
class TotpSecrets implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TotpSecrets.class);
    static final String FIELD = "identity.staff.totp_secret";

    private final PersonalDataVault vault;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    TotpSecrets(PersonalDataVault vault, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    byte[] seal(String base32Secret) {
        return vault.encrypt(base32Secret, FIELD);
    }

    String open(byte[] sealed) {
        return vault.decrypt(sealed, FIELD);
    }

    @Override
    public void afterSingletonsInstantiated() {
        int sealed = sealClearSecrets();
        if (sealed > 0) log.info("Sealed {} staff TOTP secrets that were stored in clear", sealed);
    }

    /** Seals every secret still in clear; returns how many. */
    int sealClearSecrets() {
        return ClearRows.rewrite(
                jdbc,
                tx,
                """
                SELECT id, totp_secret FROM identity.staff WHERE totp_secret IS NOT NULL
                ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""",
                c -> jdbc.sql("UPDATE identity.staff SET totp_secret_enc = ?, totp_secret = NULL WHERE id = ?")
                        .params(seal(c.text(0)), c.id())
                        .update());
    }
}
