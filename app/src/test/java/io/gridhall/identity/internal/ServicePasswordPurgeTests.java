package io.gridhall.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ServicePasswordPurgeTests {

    @Autowired
    AccountServicePasswords passwords;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Test
    void thePurgeDropsFailuresOlderThanADayAndKeepsTheRecentOnes() {
        long account = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        for (Duration age : new Duration[] {Duration.ofDays(3), Duration.ofHours(25), Duration.ofHours(23)}) {
            jdbc.sql("INSERT INTO identity.service_password_failure (supply_account_id, failed_at) VALUES (?, ?)")
                    .params(account, Timestamp.from(clock.instant().minus(age)))
                    .update();
        }
        assertThat(passwords.verify(account, "000000")).isFalse();

        assertThat(passwords.purge()).isGreaterThanOrEqualTo(2);

        assertThat(jdbc.sql("SELECT count(*) FROM identity.service_password_failure WHERE supply_account_id = ?")
                        .param(account)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }
}
