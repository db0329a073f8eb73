package io.gridhall.customer.internal;

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
 * Phones and e-mail addresses sealed with identity's personal data vault (AES-GCM + HMAC). At start-up, phones still in
 * clear from before version 3 of the customer schema (contacts, pending phone changes, pre-bindings) and contacts'
 * e-mails from before version 6 are sealed and their clear columns emptied, in batches, idempotently; nodes starting
 * together skip each other's rows.
 */
@Component
class SealedContacts implements ContactProtection, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SealedContacts.class);
    private static final String FIELD = "customer.phone";
    private static final String EMAIL = "customer.email";

    private final PersonalDataVault vault;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    SealedContacts(PersonalDataVault vault, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public byte[] encrypt(String phone) {
        return phone == null || phone.isBlank() ? null : vault.encrypt(phone.strip(), FIELD);
    }

    @Override
    public String decrypt(byte[] sealed) {
        return sealed == null ? null : vault.decrypt(sealed, FIELD);
    }

    @Override
    public byte[] lookupHash(String phone) {
        String normalised = Phones.normalise(phone);
        return normalised == null ? null : vault.lookupHash(normalised, FIELD);
    }

    @Override
    public byte[] sealEmail(String email) {
        return email == null || email.isBlank() ? null : vault.encrypt(email.strip(), EMAIL);
    }

    @Override
    public String openEmail(byte[] sealed) {
        return sealed == null ? null : vault.decrypt(sealed, EMAIL);
    }

    @Override
    public byte[] emailHash(String email) {
        return email == null || email.isBlank()
                ? null
                : vault.lookupHash(email.strip().toLowerCase(java.util.Locale.ROOT), EMAIL);
    }

    @Override
    public void afterSingletonsInstantiated() {
        int sealed = sealClearPhones();
        if (sealed > 0) log.info("Sealed {} phone numbers that were stored in clear", sealed);
        int emails = sealClearEmails();
        if (emails > 0) log.info("Sealed {} e-mail addresses that were stored in clear", emails);
    }

    /** Seals every contact's e-mail still in clear; returns how many rows changed. */
    int sealClearEmails() {
        return ClearRows.rewrite(
                jdbc,
                tx,
                """
                select id, email from customer.contact where email is not null
                order by id limit ? for update skip locked""",
                c -> jdbc.sql("update customer.contact set email_enc = ?, email = null where id = ?")
                        .params(sealEmail(c.text(0)), c.id())
                        .update());
    }

    /** Seals every phone still in clear; returns how many rows changed. */
    int sealClearPhones() {
        int total = 0;
        total += ClearRows.rewrite(
                jdbc,
                tx,
                """
                select id, coalesce(phone, phone_norm) from customer.contact
                where phone is not null or phone_norm is not null order by id limit ? for update skip locked""",
                c -> jdbc.sql("""
                                update customer.contact set phone_enc = ?, phone_hash = ?, phone = null, phone_norm = null
                                where id = ?""")
                        .params(encrypt(c.text(0)), lookupHash(c.text(0)), c.id())
                        .update());
        total += ClearRows.rewrite(
                jdbc,
                tx,
                """
                select id, new_phone from customer.contact_change where new_phone is not null
                order by id limit ? for update skip locked""",
                c -> jdbc.sql("update customer.contact_change set new_phone_hash = ?, new_phone = null where id = ?")
                        .params(lookupHash(c.text(0)), c.id())
                        .update());
        // pre-bindings have no id: the account and the clear number name the row
        total += ClearRows.rewrite(jdbc, tx, """
                select supply_account_id, phone_norm from customer.portal_prebinding where phone_norm is not null
                order by supply_account_id limit ? for update skip locked""", c -> {
            jdbc.sql("""
                                    insert into customer.portal_prebinding (phone_hash, supply_account_id) values (?, ?)
                                    on conflict do nothing""").params(lookupHash(c.text(0)), c.id()).update();
            jdbc.sql("delete from customer.portal_prebinding where supply_account_id = ? and phone_norm = ?")
                    .params(c.id(), c.text(0))
                    .update();
        });
        return total;
    }
}
