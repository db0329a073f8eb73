package io.gridhall.notification.internal;

import io.gridhall.notification.ContactVault;
import io.gridhall.shared.ClearRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's addresses sealed with identity's personal data vault (through {@link ContactVault}): deliveries,
 * contacts and the dev inbox keep only ciphertext, opened when a message is queued or handed to its channel. At
 * start-up, addresses still in clear from before version 3 of the notification schema are sealed and their clear
 * columns emptied, in batches, idempotently; nodes starting together skip each other's rows.
 */
@Component
class SealedAddresses implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SealedAddresses.class);
    private static final String FIELD = "notification.address";

    private final ContactVault vault;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    SealedAddresses(ContactVault vault, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Null for a missing address. */
    byte[] seal(String address) {
        return address == null || address.isBlank() ? null : vault.encrypt(address.strip(), FIELD);
    }

    String open(byte[] sealed) {
        return sealed == null ? null : vault.decrypt(sealed, FIELD);
    }

    /** The sealed address, or for a row an earlier version wrote, the clear one. */
    String open(byte[] sealed, String clear) {
        return sealed == null ? clear : open(sealed);
    }

    byte[] lookupHash(String address) {
        return address == null || address.isBlank() ? null : vault.lookupHash(address.strip(), FIELD);
    }

    @Override
    public void afterSingletonsInstantiated() {
        int sealed = sealClearAddresses();
        if (sealed > 0) log.info("Sealed {} notification addresses that were stored in clear", sealed);
    }

    /** Seals every address still in clear; returns how many rows changed. */
    int sealClearAddresses() {
        int total = 0;
        total += ClearRows.rewrite(
                jdbc,
                tx,
                """
                select id, address from notification.delivery where address is not null
                order by id limit ? for update skip locked""",
                r -> jdbc.sql("update notification.delivery set address_enc = ?, address = null where id = ?")
                        .params(seal(r.text(0)), r.id())
                        .update());
        total += ClearRows.rewrite(
                jdbc,
                tx,
                """
                select id, address from notification.dev_inbox where address is not null
                order by id limit ? for update skip locked""",
                r -> jdbc.sql("""
                                update notification.dev_inbox set address_enc = ?, address_hash = ?, address = null
                                where id = ?""")
                        .params(seal(r.text(0)), lookupHash(r.text(0)), r.id())
                        .update());
        total += ClearRows.rewrite(
                jdbc,
                tx,
                """
                select user_id, phone, email, wechat_open_id from notification.contact
                where phone is not null or email is not null or wechat_open_id is not null
                order by user_id limit ? for update skip locked""",
                r -> jdbc.sql("""
                                update notification.contact
                                   set phone_enc = coalesce(cast(? as bytea), phone_enc), email_enc = coalesce(cast(? as bytea), email_enc),
                                       wechat_open_id_enc = coalesce(cast(? as bytea), wechat_open_id_enc),
                                       phone = null, email = null, wechat_open_id = null
                                 where user_id = ?""")
                        .params(seal(r.text(0)), seal(r.text(1)), seal(r.text(2)), r.id())
                        .update());
        return total;
    }
}
