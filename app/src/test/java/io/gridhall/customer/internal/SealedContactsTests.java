package io.gridhall.customer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.customer.ContactRole;
import io.gridhall.customer.Customers;
import io.gridhall.identity.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 7: phones stored in clear before the customer schema's version 3, and contacts' e-mails before its version 6,
 * are sealed at start-up, once; what is written now is never in clear.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class SealedContactsTests {

    @Autowired
    SealedContacts phones;

    @Autowired
    CustomerRecords records;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    static String aPhone() {
        return "137" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
    }

    @Test
    void sealsPhonesLeftInClearByAnEarlierVersionAndKeepsThemUsable() {
        String phone = aPhone();
        String typed = "+86 " + phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
        String changeTo = aPhone();
        long customer = jdbc.sql("""
                        insert into customer.customer (branch_id, customer_class, kind, name)
                        values (1, 'RESIDENTIAL', 'PERSON', '旧数据') returning id""").query(Long.class).single();
        long account = jdbc.sql("""
                        insert into customer.supply_account (account_number, customer_id, account_name, address,
                               branch_id, tariff_category, opened_on)
                        values (?, ?, '旧数据', '旧地址1号', 1, 'RESIDENTIAL', current_date) returning id""")
                .params("8" + ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L), customer)
                .query(Long.class)
                .single();
        // rows as version 2 of the schema wrote them
        jdbc.sql("""
                        insert into customer.contact (customer_id, role, name, phone, phone_norm)
                        values (?, 'OWNER', '旧数据', ?, ?)""").params(customer, typed, phone).update();
        jdbc.sql("""
                        insert into customer.contact_change (user_id, supply_account_id, new_phone, code_hash, expires_at)
                        values (42, ?, ?, '\\x00', ?)""")
                .params(account, changeTo, Timestamp.from(Instant.now().plusSeconds(300)))
                .update();
        jdbc.sql("insert into customer.portal_prebinding (phone_norm, supply_account_id) values (?, ?)")
                .params(phone, account)
                .update();

        assertThat(phones.sealClearPhones()).isGreaterThanOrEqualTo(3);
        assertThat(phones.sealClearPhones()).as("idempotent").isZero();

        for (String table : new String[] {"contact", "contact_change", "portal_prebinding"}) {
            assertThat(jdbc.sql("select count(*) from customer." + table + " t where t::text like ? or t::text like ?")
                            .params("%" + phone.substring(3) + "%", "%" + changeTo.substring(3) + "%")
                            .query(Long.class)
                            .single())
                    .as("customer.%s still holds a phone in clear", table)
                    .isZero();
        }
        assertThat(records.contacts(customer))
                .singleElement()
                .satisfies(c -> assertThat(c.phone()).isEqualTo(typed));
        assertThat(jdbc.sql("select count(*) from customer.contact where phone_hash = ?")
                        .param(phones.lookupHash(phone))
                        .query(Long.class)
                        .single())
                .as("found by the keyed hash of the normalised number")
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from customer.contact_change where new_phone_hash = ?")
                        .param(phones.lookupHash(changeTo))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(customers.claimPrebindings(
                        new UserId(ThreadLocalRandom.current().nextLong(1, 1L << 40)), phone))
                .as("the sealed pre-binding still reaches its phone")
                .isEqualTo(1);
    }

    @Test
    void sealsEmailsLeftInClearByAnEarlierVersionAndKeepsThemReadable() {
        String mailbox = "old" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        String email = mailbox + "@example.cn";
        long customer = jdbc.sql("""
                        insert into customer.customer (branch_id, customer_class, kind, name)
                        values (1, 'RESIDENTIAL', 'PERSON', '旧邮箱') returning id""").query(Long.class).single();
        // a row as version 5 of the schema wrote it
        jdbc.sql("""
                        insert into customer.contact (customer_id, role, name, phone_enc, phone_hash, email)
                        values (?, 'OWNER', '旧邮箱', ?, ?, ?)""")
                .params(customer, phones.encrypt(aPhone()), phones.lookupHash(aPhone()), email)
                .update();

        assertThat(phones.sealClearEmails()).isGreaterThanOrEqualTo(1);
        assertThat(phones.sealClearEmails()).as("idempotent").isZero();

        assertThat(jdbc.sql("select count(*) from customer.contact t where t::text like ?")
                        .param("%" + mailbox + "%")
                        .query(Long.class)
                        .single())
                .as("customer.contact still holds the e-mail in clear")
                .isZero();
        assertThat(records.contacts(customer))
                .singleElement()
                .satisfies(c -> assertThat(c.email()).isEqualTo(email));
    }

    @Test
    void anEmailWrittenNowIsSealedAndAnotherFieldsKeyDoesNotOpenIt() {
        String mailbox = "new" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        long customer = jdbc.sql("""
                        insert into customer.customer (branch_id, customer_class, kind, name)
                        values (1, 'RESIDENTIAL', 'PERSON', '新邮箱') returning id""").query(Long.class).single();

        records.insertContact(customer, ContactRole.OWNER, "新邮箱", aPhone(), " " + mailbox + "@example.cn ");
        records.upsertOwnerContact(customer, "新邮箱", aPhone(), mailbox + "@example.com");

        assertThat(jdbc.sql("select count(*) from customer.contact t where t::text like ?")
                        .param("%" + mailbox + "%")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(records.contacts(customer))
                .singleElement()
                .satisfies(c -> assertThat(c.email()).isEqualTo(mailbox + "@example.com"));
        byte[] sealed = jdbc.sql("select email_enc from customer.contact where customer_id = ?")
                .param(customer)
                .query(byte[].class)
                .single();
        assertThatThrownBy(() -> phones.decrypt(sealed))
                .as("bound to its field: a phone's key does not open an e-mail")
                .isInstanceOf(IllegalStateException.class);
        records.upsertOwnerContact(customer, "新邮箱", aPhone(), null);
        assertThat(records.contacts(customer))
                .singleElement()
                .satisfies(c -> assertThat(c.email()).isNull());
    }
}
