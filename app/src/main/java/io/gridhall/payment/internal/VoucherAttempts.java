package io.gridhall.payment.internal;

import io.gridhall.shared.Problem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Throttles voucher redemptions so codes cannot be guessed at speed, as binding attempts and service passwords are
 * throttled: at most {@code gridhall.payment.vouchers.max-failures} refused codes (unknown, used or expired) per user
 * and {@code max-failures-per-ip} per source address within {@code failure-window}; beyond that every attempt is 429
 * {@code voucher-too-many-attempts} with the seconds to wait, before any code is looked at. Failures are written in a
 * transaction of their own, so the refused request's rollback keeps them. Neither the code nor its hash is kept.
 */
@Component
public class VoucherAttempts {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate separately;
    private final int perUser;
    private final int perIp;
    private final Duration window;

    VoucherAttempts(
            JdbcClient jdbc,
            Clock clock,
            PlatformTransactionManager transactions,
            @Value("${gridhall.payment.vouchers.max-failures:10}") int perUser,
            @Value("${gridhall.payment.vouchers.max-failures-per-ip:30}") int perIp,
            @Value("${gridhall.payment.vouchers.failure-window:1h}") Duration window) {
        if (perUser < 1 || perIp < 1 || window.isNegative() || window.isZero())
            throw new IllegalArgumentException("voucher attempt limits must be positive");
        this.jdbc = jdbc;
        this.clock = clock;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.perUser = perUser;
        this.perIp = perIp;
        this.window = window;
    }

    /** 429 with the wait when the user or the address has used up its failures within the window. */
    public void checkAllowed(long userId, String clientIp) {
        Instant since = clock.instant().minus(window);
        refuseIfAtLimit("user_id = ?", userId, perUser, since);
        refuseIfAtLimit("client_ip = ?", address(clientIp), perIp, since);
    }

    /** Whether a refusal of a redemption is one that counts: a code that is unknown, used or expired. */
    public static boolean counts(Problem refused) {
        return switch (refused.code()) {
            case "voucher-used", "voucher-expired" -> true;
            case "not-found" ->
                "voucher"
                        .equals(
                                refused.getBody().getProperties() == null
                                        ? null
                                        : refused.getBody().getProperties().get("object"));
            default -> false;
        };
    }

    public void recordFailure(long userId, String clientIp) {
        // as PostgreSQL keeps it: a time rounded up past the clock would count as a failure still to come
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        separately.executeWithoutResult(status -> jdbc.sql(
                        "INSERT INTO payment.voucher_failure (user_id, client_ip, failed_at) VALUES (?, ?, ?)")
                .params(userId, address(clientIp), Timestamp.from(now))
                .update());
    }

    /** Failures older than the window count for nothing; a day's worth (or one window) is kept for looking into. */
    @Scheduled(cron = "${gridhall.purge-cron:0 17 3 * * *}", zone = "${gridhall.time-zone:Asia/Shanghai}")
    int purge() {
        Duration keep = window.compareTo(Duration.ofDays(1)) > 0 ? window : Duration.ofDays(1);
        return jdbc.sql("DELETE FROM payment.voucher_failure WHERE failed_at < ?")
                .param(Timestamp.from(clock.instant().minus(keep)))
                .update();
    }

    private static String address(String clientIp) {
        if (clientIp == null || clientIp.isBlank()) return "unknown";
        return clientIp.length() > 64 ? clientIp.substring(0, 64) : clientIp;
    }

    private void refuseIfAtLimit(String where, Object subject, int limit, Instant since) {
        var row = jdbc.sql("SELECT count(*), min(failed_at) FROM (SELECT failed_at FROM payment.voucher_failure WHERE "
                        + where + " AND failed_at > ? ORDER BY failed_at DESC LIMIT ?) latest")
                .params(subject, Timestamp.from(since), limit)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getTimestamp(2)})
                .single();
        if ((Long) row[0] >= limit) {
            // free again once the oldest of the last `limit` failures leaves the window
            Instant freed = ((Timestamp) row[1]).toInstant().plus(window);
            long seconds = Math.max(1, Duration.between(clock.instant(), freed).toSeconds());
            throw Problem.tooManyRequests("voucher-too-many-attempts", seconds);
        }
    }
}
