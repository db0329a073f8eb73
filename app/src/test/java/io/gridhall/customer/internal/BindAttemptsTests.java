package io.gridhall.customer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.shared.Problem;
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

    @Test
    void aFailureCountsForTheUserAndForTheAccountOnlyWhenItsNumberAndNameWereRight() {
        var r = ThreadLocalRandom.current();
        long user = r.nextLong(1, Long.MAX_VALUE / 2);
        long account = r.nextLong(1, Long.MAX_VALUE / 2);
        attempts.recordFailure(user, null);
        attempts.recordFailure(user, account);

        assertThat(count("user:" + user)).isEqualTo(2);
        assertThat(count("account:" + account)).isEqualTo(1);
    }

    @Test
    void theAccountIsHeldAfterFiveFailuresFromAnyUsersAndTheUserAfterTen() {
        var r = ThreadLocalRandom.current();
        long account = r.nextLong(1, Long.MAX_VALUE / 2);
        for (int i = 0; i < BindAttempts.PER_ACCOUNT; i++) {
            long someone = r.nextLong(1, Long.MAX_VALUE / 2);
            attempts.checkAllowed(someone, account);
            attempts.recordFailure(someone, account);
        }
        long another = r.nextLong(1, Long.MAX_VALUE / 2);
        assertThatThrownBy(() -> attempts.checkAllowed(another, account))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("bind-too-many-attempts"));
        // the same user may still try other accounts
        attempts.checkAllowed(another, null);

        long user = r.nextLong(1, Long.MAX_VALUE / 2);
        for (int i = 0; i < BindAttempts.PER_USER; i++) {
            attempts.checkAllowed(user, null);
            attempts.recordFailure(user, null);
        }
        assertThatThrownBy(() -> attempts.checkAllowed(user, null))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("bind-too-many-attempts"));
    }

    long count(String subject) {
        return jdbc.sql("SELECT count(*) FROM platform.throttled_attempt WHERE purpose = ? AND subject = ?")
                .params(BindAttempts.PURPOSE, subject)
                .query(Long.class)
                .single();
    }
}
