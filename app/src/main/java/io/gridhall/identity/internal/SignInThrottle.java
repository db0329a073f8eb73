package io.gridhall.identity.internal;

import io.gridhall.identity.PersonalDataVault;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Growing delays after failed staff sign-ins, counted in PostgreSQL so they hold across nodes and restarts. There
 * is no lockout: a delay never exceeds its cap, and the tightest one applies to a username <em>from one source
 * address</em>, so an attacker elsewhere cannot keep the real person out. Three limits apply, each over the last
 * hour:
 *
 * <ul>
 *   <li>a username from one address: {@value #PAIR_FREE} free failures, then 1 s doubling up to 15 minutes;
 *   <li>a source address over all usernames: {@value #IP_FREE} free failures, then 1 s doubling up to 15 minutes;
 *   <li>a username over all addresses (a distributed guess): {@value #USERNAME_FREE} free failures, then 1 s
 *       doubling up to one minute, so a victim waits at most that long.
 * </ul>
 *
 * Unknown usernames count exactly like known ones; the key is an HMAC of the typed name, not the name.
 */
@Component
class SignInThrottle {

    static final int PAIR_FREE = 3;
    static final int IP_FREE = 20;
    static final int USERNAME_FREE = 10;
    static final Duration WINDOW = Duration.ofHours(1);
    static final Duration LONG_CAP = Duration.ofMinutes(15);
    static final Duration USERNAME_CAP = Duration.ofMinutes(1);
    static final Duration KEEP = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final PersonalDataVault vault;
    private final Clock clock;

    SignInThrottle(JdbcClient jdbc, PersonalDataVault vault, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.clock = clock;
    }

    /** The key of a typed username: case and surrounding spaces do not make another name. */
    byte[] key(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return vault.lookupHash(name, "identity.staff_sign_in.username");
    }

    /**
     * Serialises attempts on one username from one address for the rest of the transaction, so parallel guesses
     * cannot slip between the check and the count.
     */
    void serialise(byte[] key, String clientIp) {
        long lock = java.nio.ByteBuffer.wrap(vault.lookupHash(clientIp, "identity.staff_sign_in.lock"))
                        .getLong()
                ^ java.nio.ByteBuffer.wrap(key).getLong();
        jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                .param(lock)
                .query(Object.class)
                .single();
    }

    /** How long the caller must still wait before this attempt is even looked at; zero when it may go ahead. */
    Duration wait(byte[] key, String clientIp) {
        Instant now = clock.instant();
        Timestamp since = Timestamp.from(now.minus(WINDOW));
        Duration pair = delay(
                jdbc.sql("""
                        SELECT count(*), max(failed_at) FROM identity.staff_sign_in_failure
                        WHERE username_key = ? AND client_ip = ? AND failed_at > ?""")
                        .params(key, clientIp, since)
                        .query((rs, i) -> new Count(rs.getLong(1), rs.getTimestamp(2)))
                        .single(),
                PAIR_FREE,
                LONG_CAP,
                now);
        Duration ip = delay(
                jdbc.sql("""
                        SELECT count(*), max(failed_at) FROM identity.staff_sign_in_failure
                        WHERE client_ip = ? AND failed_at > ?""")
                        .params(clientIp, since)
                        .query((rs, i) -> new Count(rs.getLong(1), rs.getTimestamp(2)))
                        .single(),
                IP_FREE,
                LONG_CAP,
                now);
        Duration username = delay(
                jdbc.sql("""
                        SELECT count(*), max(failed_at) FROM identity.staff_sign_in_failure
                        WHERE username_key = ? AND failed_at > ?""")
                        .params(key, since)
                        .query((rs, i) -> new Count(rs.getLong(1), rs.getTimestamp(2)))
                        .single(),
                USERNAME_FREE,
                USERNAME_CAP,
                now);
        Duration longest = pair;
        if (ip.compareTo(longest) > 0) longest = ip;
        if (username.compareTo(longest) > 0) longest = username;
        return longest;
    }

    void failed(byte[] key, String clientIp) {
        // as PostgreSQL keeps it: a time rounded up past the clock would look like a failure still to come
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        jdbc.sql("INSERT INTO identity.staff_sign_in_failure (username_key, client_ip, failed_at) VALUES (?, ?, ?)")
                .params(key, clientIp, Timestamp.from(now))
                .update();
        jdbc.sql("DELETE FROM identity.staff_sign_in_failure WHERE failed_at < ?")
                .param(Timestamp.from(now.minus(KEEP)))
                .update();
    }

    /** A full sign-in from this address clears that username's failures from it. */
    void succeeded(byte[] key, String clientIp) {
        jdbc.sql("DELETE FROM identity.staff_sign_in_failure WHERE username_key = ? AND client_ip = ?")
                .params(key, clientIp)
                .update();
    }

    private record Count(long failures, Timestamp last) {}

    /** {@code free} failures cost nothing; each one after doubles the wait from one second, up to {@code cap}. */
    static Duration delay(long failures, int free, Duration cap) {
        if (failures < free) return Duration.ZERO;
        long exponent = failures - free;
        if (exponent >= 30) return cap;
        Duration d = Duration.ofSeconds(1L << exponent);
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private static Duration delay(Count count, int free, Duration cap, Instant now) {
        Duration delay = delay(count.failures(), free, cap);
        if (count.last() == null || delay.isZero()) return Duration.ZERO;
        Instant until = count.last().toInstant().plus(delay);
        return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
    }
}
