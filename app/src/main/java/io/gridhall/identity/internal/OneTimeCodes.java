package io.gridhall.identity.internal;

import io.gridhall.identity.PersonalDataVault;
import io.gridhall.notification.Channel;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.shared.Problem;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Six-digit codes sent by SMS: stored as keyed hashes, valid 5 minutes, 5 attempts each, and a new code
 * replaces the previous one. Sending is limited per phone (1 a minute, 5 an hour) and per client address
 * (20 an hour); the code rows themselves are the counters, so the limits hold across app nodes.
 */
@Service
public class OneTimeCodes {

    public static final Duration VALIDITY = Duration.ofMinutes(5);
    static final int MAX_ATTEMPTS = 5;
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(60);
    static final int MAX_PER_PHONE_HOUR = 5;
    static final int MAX_PER_IP_HOUR = 20;

    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;
    private final PersonalDataVault vault;
    private final ObjectProvider<Notifications> notifications;
    private final Clock clock;

    OneTimeCodes(JdbcClient jdbc, PersonalDataVault vault, ObjectProvider<Notifications> notifications, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.notifications = notifications;
        this.clock = clock;
    }

    public enum Result {
        OK,
        WRONG,
        EXPIRED,
        MISSING,
        EXHAUSTED
    }

    /** @param consent the documents' versions accepted with the code request (sign-up), or null */
    public record Outcome(Result result, int remainingAttempts, Map<String, String> consent) {

        Outcome(Result result, int remainingAttempts) {
            this(result, remainingAttempts, null);
        }

        /** The problem to answer a failed check with. */
        public Problem problem() {
            return switch (result) {
                case WRONG ->
                    Problem.badRequest("otp-wrong", remainingAttempts).with("remainingAttempts", remainingAttempts);
                case EXPIRED -> Problem.badRequest("otp-expired");
                case EXHAUSTED -> Problem.badRequest("otp-exhausted");
                case MISSING -> Problem.badRequest("otp-missing");
                case OK -> throw new IllegalStateException("not a failure");
            };
        }
    }

    /** @param consent the documents' versions the customer accepted with this request, or null */
    @Transactional
    public void send(
            MobileNumber phone, OtpPurpose purpose, Map<String, String> consent, String clientIp, Locale locale) {
        Notifications sender = notifications.getIfAvailable();
        if (sender == null) throw new Problem(HttpStatus.SERVICE_UNAVAILABLE, "sms-unavailable");
        byte[] phoneHash = phoneHash(phone);
        // One sender per phone at a time, so two quick requests cannot both pass the per-minute limit.
        jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                .param(ByteBuffer.wrap(phoneHash).getLong())
                .query()
                .singleRow();
        Instant now = clock.instant();
        Timestamp hourAgo = Timestamp.from(now.minus(Duration.ofHours(1)));
        var recent = jdbc.sql("""
                SELECT count(*) AS n, min(created_at) AS first, max(created_at) AS last
                FROM identity.otp_code WHERE phone_hash = ? AND created_at > ?
                """)
                .params(phoneHash, hourAgo)
                .query((rs, i) -> new Object[] {rs.getLong("n"), rs.getTimestamp("first"), rs.getTimestamp("last")})
                .single();
        if ((Long) recent[0] > 0) {
            Instant last = ((Timestamp) recent[2]).toInstant();
            Duration since = Duration.between(last, now);
            if (since.compareTo(MIN_INTERVAL) < 0) {
                throw Problem.tooManyRequests("otp-too-soon", seconds(MIN_INTERVAL.minus(since)));
            }
            if ((Long) recent[0] >= MAX_PER_PHONE_HOUR) {
                Instant first = ((Timestamp) recent[1]).toInstant();
                throw Problem.tooManyRequests(
                        "otp-hourly-limit", seconds(Duration.between(now, first.plus(Duration.ofHours(1)))));
            }
        }
        var fromIp = jdbc.sql("""
                SELECT count(*) AS n, min(created_at) AS first FROM identity.otp_code
                WHERE client_ip = ? AND created_at > ?
                """)
                .params(clientIp, hourAgo)
                .query((rs, i) -> new Object[] {rs.getLong("n"), rs.getTimestamp("first")})
                .single();
        if ((Long) fromIp[0] >= MAX_PER_IP_HOUR) {
            Instant first = ((Timestamp) fromIp[1]).toInstant();
            throw Problem.tooManyRequests(
                    "otp-ip-limit", seconds(Duration.between(now, first.plus(Duration.ofHours(1)))));
        }
        // A new code retires the one before: only the latest can be used.
        jdbc.sql("""
                UPDATE identity.otp_code SET expires_at = ? WHERE phone_hash = ? AND purpose = ?
                  AND consumed_at IS NULL AND expires_at > ?
                """)
                .params(Timestamp.from(now), phoneHash, purpose.name(), Timestamp.from(now))
                .update();
        String code = String.format("%06d", random.nextInt(1_000_000));
        long id = jdbc.sql("""
                INSERT INTO identity.otp_code
                  (phone_hash, purpose, code_hash, client_ip, created_at, expires_at, consent)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)
                .params(
                        phoneHash,
                        purpose.name(),
                        codeHash(phone, purpose, code),
                        clientIp,
                        Timestamp.from(now),
                        Timestamp.from(now.plus(VALIDITY)),
                        consent == null ? null : LegalDocuments.encode(consent))
                .query(Long.class)
                .single();
        sender.send(new Notify(
                "identity.otp." + id,
                Notify.Recipient.phone(phone.value()),
                purpose.template,
                Map.of("code", code, "minutes", Long.toString(VALIDITY.toMinutes())),
                Set.of(Channel.SMS),
                locale));
    }

    /**
     * Checks a code and uses it up when right. Runs in its own transaction so a wrong attempt counts
     * even when the caller then fails.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Outcome check(MobileNumber phone, OtpPurpose purpose, String code) {
        Instant now = clock.instant();
        byte[] phoneHash = phoneHash(phone);
        var row = jdbc.sql("""
                SELECT id, code_hash, expires_at, attempts, consumed_at IS NOT NULL, consent FROM identity.otp_code
                WHERE phone_hash = ? AND purpose = ?
                ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE
                """)
                .params(phoneHash, purpose.name())
                .query((rs, i) -> new Object[] {
                    rs.getLong(1),
                    rs.getBytes(2),
                    rs.getTimestamp(3).toInstant(),
                    rs.getInt(4),
                    rs.getBoolean(5),
                    rs.getString(6)
                })
                .optional();
        // Only the latest code counts; once used, there is none until a new one is sent.
        if (row.isEmpty() || (Boolean) row.get()[4]) return new Outcome(Result.MISSING, 0);
        long id = (Long) row.get()[0];
        Instant expires = (Instant) row.get()[2];
        int attempts = (Integer) row.get()[3];
        if (!now.isBefore(expires)) return new Outcome(Result.EXPIRED, 0);
        if (attempts >= MAX_ATTEMPTS) return new Outcome(Result.EXHAUSTED, 0);
        boolean right = code != null
                && code.matches("\\d{6}")
                && MessageDigest.isEqual((byte[]) row.get()[1], codeHash(phone, purpose, code));
        if (!right) {
            jdbc.sql("UPDATE identity.otp_code SET attempts = attempts + 1 WHERE id = ?")
                    .param(id)
                    .update();
            int left = MAX_ATTEMPTS - attempts - 1;
            return left == 0 ? new Outcome(Result.EXHAUSTED, 0) : new Outcome(Result.WRONG, left);
        }
        jdbc.sql("UPDATE identity.otp_code SET consumed_at = ? WHERE id = ?")
                .params(Timestamp.from(now), id)
                .update();
        String consent = (String) row.get()[5];
        return new Outcome(Result.OK, MAX_ATTEMPTS - attempts, consent == null ? null : LegalDocuments.decode(consent));
    }

    /** Codes are only useful for minutes; a day of rows is kept for the rate limits and for support. */
    @org.springframework.scheduling.annotation.Scheduled(cron = "0 17 * * * *")
    @Transactional
    public void purgeOld() {
        jdbc.sql("DELETE FROM identity.otp_code WHERE created_at < ?")
                .param(Timestamp.from(clock.instant().minus(Duration.ofDays(1))))
                .update();
    }

    byte[] phoneHash(MobileNumber phone) {
        return vault.lookupHash(phone.value(), "phone");
    }

    private byte[] codeHash(MobileNumber phone, OtpPurpose purpose, String code) {
        return vault.lookupHash(phone.value() + ":" + purpose.name() + ":" + code, "otp");
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
