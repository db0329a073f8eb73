package io.gridhall.customer.internal;

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
class BindAttemptsTests {

    @Autowired
    BindAttempts attempts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Test
    void thePurgeDropsFailuresOlderThanADayAndKeepsTheRecentOnes() {
        long user = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        for (Duration age : new Duration[] {Duration.ofDays(3), Duration.ofHours(25), Duration.ofHours(23)}) {
            jdbc.sql("INSERT INTO customer.bind_failure (user_id, account_id, failed_at) VALUES (?, null, ?)")
                    .params(user, Timestamp.from(clock.instant().minus(age)))
                    .update();
        }
        attempts.recordFailure(user, null);

        assertThat(attempts.purge()).isGreaterThanOrEqualTo(2);

        assertThat(jdbc.sql("SELECT count(*) FROM customer.bind_failure WHERE user_id = ?")
                        .param(user)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }
}
