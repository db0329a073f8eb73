package io.gridhall.shared;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Attempts counted in PostgreSQL, so that guessing (binding codes, service passwords, staff passwords, voucher codes)
 * and hammering (the public verification pages) slow down across nodes and restarts. Each caller names a purpose and
 * the {@link Limit}s it applies; an attempt is recorded once for every limit's subject (a user, an account, a source
 * address), and the longest wait over the limits applies. Rows live a day, or one window if that is longer, for
 * looking into attacks, then {@link #purge()} drops them.
 */
@Component
public class Throttle {

    static final Duration KEEP = Duration.ofDays(1);

    /** What one subject may do within a window; {@code subject} is the caller's, such as {@code "user:12"}. */
    public sealed interface Limit {
        String subject();

        Duration window();
    }

    /**
     * At most {@code attempts} within {@code window}; then nothing until the oldest of the last {@code attempts}
     * leaves the window.
     */
    public record AtMost(String subject, int attempts, Duration window) implements Limit {
        public AtMost {
            if (attempts < 1 || !window.isPositive()) throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * {@code free} attempts within {@code window} cost nothing; each one after doubles a wait counted from the last
     * attempt, from one second up to {@code cap}. There is no lockout: the wait never exceeds the cap.
     */
    public record Growing(String subject, int free, Duration window, Duration cap) implements Limit {
        public Growing {
            if (free < 0 || !window.isPositive() || !cap.isPositive())
                throw new IllegalArgumentException("limits must be positive");
        }

        /** The wait after {@code attempts} within the window, counted from the last of them. */
        public Duration delay(long attempts) {
            if (attempts < free) return Duration.ZERO;
            long exponent = attempts - free;
            if (exponent >= 30) return cap;
            Duration d = Duration.ofSeconds(1L << exponent);
            return d.compareTo(cap) > 0 ? cap : d;
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate separately;

    Throttle(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A source address as a subject: never blank, never longer than 64 characters. */
    public static String address(String clientIp) {
        if (clientIp == null || clientIp.isBlank()) return "ip:unknown";
        return "ip:" + (clientIp.length() > 64 ? clientIp.substring(0, 64) : clientIp);
    }

    /** 429 {@code problemCode} with the whole seconds to wait (at least one) while any limit holds. */
    public void check(String purpose, String problemCode, List<? extends Limit> limits) {
        Duration wait = wait(purpose, limits);
        if (!wait.isZero()) throw Problem.tooManyRequests(problemCode, seconds(wait));
    }

    /** The whole seconds a client is told to wait: rounded up, at least one. */
    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** How long the longest of the limits still holds; zero when the attempt may go ahead. */
    public Duration wait(String purpose, List<? extends Limit> limits) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (Limit limit : limits) {
            Instant until = switch (limit) {
                case AtMost m -> freedAt(purpose, m, now);
                case Growing g -> freedAt(purpose, g, now);
            };
            if (until != null && until.isAfter(now)) {
                Duration wait = Duration.between(now, until);
                if (wait.compareTo(longest) > 0) longest = wait;
            }
        }
        return longest;
    }

    /** Counts an attempt against every limit's subject, in the caller's transaction. */
    public void record(String purpose, List<? extends Limit> limits) {
        // as PostgreSQL keeps it: a time rounded up past the clock would count as an attempt still to come
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (Limit limit : limits) {
            Duration keep = limit.window().compareTo(KEEP) > 0 ? limit.window() : KEEP;
            jdbc.sql("""
                    INSERT INTO platform.throttled_attempt (purpose, subject, attempted_at, expires_at)
                    VALUES (?, ?, ?, ?)""")
                    .params(purpose, limit.subject(), Timestamp.from(now), Timestamp.from(now.plus(keep)))
                    .update();
        }
    }

    /** Counts an attempt in a transaction of its own, so the refusal's rollback keeps it. */
    public void recordSeparately(String purpose, List<? extends Limit> limits) {
        separately.executeWithoutResult(status -> record(purpose, limits));
    }

    /** Clears a subject's count, such as a username's failures from an address once it signed in. */
    public void forget(String purpose, String subject) {
        jdbc.sql("DELETE FROM platform.throttled_attempt WHERE purpose = ? AND subject = ?")
                .params(purpose, subject)
                .update();
    }

    /**
     * Serialises attempts on one subject for the rest of the caller's transaction, so parallel guesses cannot slip
     * between the check and the count.
     */
    public void serialise(String purpose, String subject) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(? || ' ' || ?, 13))")
                .params(purpose, subject)
                .query(Object.class)
                .single();
    }

    /** Drops the attempts that are past keeping; returns how many. */
    @Scheduled(cron = "${gridhall.purge-cron:0 17 3 * * *}", zone = "${gridhall.time-zone:Asia/Shanghai}")
    public int purge() {
        return jdbc.sql("DELETE FROM platform.throttled_attempt WHERE expires_at < ?")
                .param(Timestamp.from(clock.instant()))
                .update();
    }

    private Instant freedAt(String purpose, AtMost limit, Instant now) {
        record Latest(long attempts, Timestamp oldest) {}
        Latest latest = jdbc.sql("""
                SELECT count(*), min(attempted_at) FROM (
                    SELECT attempted_at FROM platform.throttled_attempt
                    WHERE purpose = ? AND subject = ? AND attempted_at > ?
                    ORDER BY attempted_at DESC LIMIT ?) latest""")
                .params(purpose, limit.subject(), Timestamp.from(now.minus(limit.window())), limit.attempts())
                .query((rs, n) -> new Latest(rs.getLong(1), rs.getTimestamp(2)))
                .single();
        // free again once the oldest of the last `attempts` leaves the window
        return latest.attempts() < limit.attempts()
                ? null
                : latest.oldest().toInstant().plus(limit.window());
    }

    private Instant freedAt(String purpose, Growing limit, Instant now) {
        record Count(long attempts, Timestamp last) {}
        Count count = jdbc.sql("""
                SELECT count(*), max(attempted_at) FROM platform.throttled_attempt
                WHERE purpose = ? AND subject = ? AND attempted_at > ?""")
                .params(purpose, limit.subject(), Timestamp.from(now.minus(limit.window())))
                .query((rs, n) -> new Count(rs.getLong(1), rs.getTimestamp(2)))
                .single();
        Duration delay = limit.delay(count.attempts());
        if (count.last() == null || delay.isZero()) return null;
        return count.last().toInstant().plus(delay);
    }
}
