package io.gridhall.customer.internal;

import io.gridhall.shared.Problem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Throttles binding attempts so the six ID-number digits (a million values) cannot be guessed: at most
 * {@value #PER_USER} failures an hour per portal user and {@value #PER_ACCOUNT} per account whose number and name
 * were right. Failures are written in a transaction of their own, so the failing request's rollback keeps them.
 */
@Component
class BindAttempts {

    static final int PER_USER = 10;
    static final int PER_ACCOUNT = 5;
    static final Duration WINDOW = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate separately;

    BindAttempts(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** 429 with the wait when the user, or the account if known, has used up its failures for the hour. */
    void checkAllowed(long userId, Long accountId) {
        Instant since = clock.instant().minus(WINDOW);
        refuseIfAtLimit("user_id", userId, PER_USER, since);
        if (accountId != null) refuseIfAtLimit("account_id", accountId, PER_ACCOUNT, since);
    }

    void recordFailure(long userId, Long accountId) {
        separately.executeWithoutResult(status -> jdbc.sql(
                        "INSERT INTO customer.bind_failure (user_id, account_id, failed_at) VALUES (?, ?, ?)")
                .params(userId, accountId, Timestamp.from(clock.instant()))
                .update());
    }

    /** Failures older than the window count for nothing; a day's worth is kept for looking into attacks. */
    @Scheduled(cron = "${gridhall.purge-cron:0 17 3 * * *}", zone = "${gridhall.time-zone:Asia/Shanghai}")
    int purge() {
        return jdbc.sql("DELETE FROM customer.bind_failure WHERE failed_at < ?")
                .param(Timestamp.from(clock.instant().minus(Duration.ofDays(1))))
                .update();
    }

    private void refuseIfAtLimit(String column, long id, int limit, Instant since) {
        var row = jdbc.sql("SELECT count(*), min(failed_at) FROM customer.bind_failure WHERE " + column
                        + " = ? AND failed_at > ?")
                .params(id, Timestamp.from(since))
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getTimestamp(2)})
                .single();
        if ((Long) row[0] >= limit) {
            Instant freed = ((Timestamp) row[1]).toInstant().plus(WINDOW);
            long seconds = Math.max(1, Duration.between(clock.instant(), freed).toSeconds());
            throw Problem.tooManyRequests("bind-too-many-attempts", seconds);
        }
    }
}
