package io.gridhall.identity.internal;

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
class ServicePasswordThrottleTests {

    @Autowired
    AccountServicePasswords passwords;

    @Autowired
    JdbcClient jdbc;

    @Test
    void wrongPasswordsCountPerAccountInTheSharedThrottleUntilTheFifthHoldsTheAccount() {
        long account = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        for (int i = 0; i < AccountServicePasswords.MAX_FAILURES_PER_HOUR; i++)
            assertThat(passwords.verify(account, "000000")).isFalse();

        assertThat(jdbc.sql("SELECT count(*) FROM platform.throttled_attempt WHERE purpose = ? AND subject = ?")
                        .params(AccountServicePasswords.PURPOSE, "account:" + account)
                        .query(Long.class)
                        .single())
                .isEqualTo(AccountServicePasswords.MAX_FAILURES_PER_HOUR);
        assertThatThrownBy(() -> passwords.verify(account, "000000"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.code()).isEqualTo("service-password-throttled"));
    }
}
