package io.gridhall.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.identity.Actor;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/** Issue 7: staff TOTP secrets were stored in clear. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class TotpSecretsTests {

    static final String SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA";

    @Autowired
    TotpSecrets secrets;

    @Autowired
    StaffSignIn signIn;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Test
    void sealsSecretsLeftInClearByAnEarlierVersionAndSignInStillWorks() {
        String username = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        Timestamp now = Timestamp.from(clock.instant());
        // a row as version 2 of the identity schema wrote it
        jdbc.sql("""
                        INSERT INTO identity.staff (username, display_name, password_hash, totp_secret, roles, branches,
                            created_at, password_changed_at)
                        VALUES (?, '老员工', ?, ?, '{COUNTER_CLERK}', '{1}', ?, ?)""")
                .params(username, passwords.encode("Secret-123"), SECRET, now, now)
                .update();

        assertThat(secrets.sealClearSecrets()).isGreaterThanOrEqualTo(1);
        assertThat(secrets.sealClearSecrets()).as("idempotent").isZero();

        assertThat(jdbc.sql(
                                "SELECT count(*) FROM identity.staff WHERE totp_secret IS NOT NULL OR totp_secret_enc IS NULL")
                        .query(Long.class)
                        .single())
                .as("no member of staff keeps a clear secret, or none at all")
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM identity.staff t WHERE t::text LIKE ?")
                        .param("%" + SECRET + "%")
                        .query(Long.class)
                        .single())
                .isZero();

        long id = signIn.password(username, "Secret-123", "10.9.9.9");
        Actor actor = signIn.totp(id, TotpCodes.at(SECRET, clock.instant()), "10.9.9.9");
        assertThat(actor.userId().value()).isEqualTo(id);
    }
}
