package io.gridhall.identity.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.UserId;
import io.gridhall.shared.Problem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staff sign-in in two steps, password then TOTP. Five failures in a row (either step) lock the account
 * for 15 minutes. Each step commits its counters and audit rows before answering, so a failure is never
 * rolled back by the error it answers with.
 */
@Service
public class StaffSignIn {

    static final int MAX_FAILURES = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Audit audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final String dummyHash;

    StaffSignIn(
            JdbcClient jdbc,
            PasswordEncoder passwords,
            Audit audit,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        // Unknown usernames cost one hash too, so timing does not tell which usernames exist.
        this.dummyHash = passwords.encode("not-a-password-0");
    }

    private record Row(
            long id,
            String username,
            String displayName,
            String passwordHash,
            String totpSecret,
            Set<io.gridhall.identity.Role> roles,
            Set<Long> branches,
            boolean disabled,
            Instant lockedUntil,
            long lastTotpStep) {}

    private sealed interface Step {}

    private record Passed(Row staff) implements Step {}

    private record Failed() implements Step {}

    private record Locked(long retryAfterSeconds) implements Step {}

    /** The password step; returns the staff id awaiting the second factor. */
    public long password(String username, String password, String clientIp) {
        Step step = tx.execute(s -> {
            Row staff = lock(username);
            if (staff == null) {
                passwords.matches(password == null ? "" : password, dummyHash);
                audit.record(
                        null,
                        "staff.sign-in.failed",
                        "staff",
                        null,
                        Map.of("username", String.valueOf(username), "reason", "unknown-user", "ip", clientIp));
                return new Failed();
            }
            Step locked = lockedNow(staff, clientIp);
            if (locked != null) return locked;
            boolean matches = password != null && passwords.matches(password, staff.passwordHash());
            if (!matches || staff.disabled()) {
                return fail(staff, matches ? "disabled" : "wrong-password", clientIp);
            }
            return new Passed(staff);
        });
        return switch (step) {
            case Passed p -> p.staff().id();
            case Locked l -> throw locked(l);
            case Failed f -> throw new Problem(HttpStatus.UNAUTHORIZED, "sign-in-failed");
        };
    }

    /** The TOTP step; returns the signed-in actor. */
    public Actor totp(long staffId, String code, String clientIp) {
        Step step = tx.execute(s -> {
            Row staff = jdbc.sql("SELECT * FROM identity.staff WHERE id = ? FOR UPDATE")
                    .param(staffId)
                    .query((rs, i) -> row(rs))
                    .optional()
                    .orElse(null);
            if (staff == null) return new Failed();
            Step locked = lockedNow(staff, clientIp);
            if (locked != null) return locked;
            if (staff.disabled()) return fail(staff, "disabled", clientIp);
            OptionalLong matched = Totp.match(staff.totpSecret(), code, clock.instant(), staff.lastTotpStep());
            if (matched.isEmpty()) return fail(staff, "wrong-totp", clientIp);
            jdbc.sql("""
                    UPDATE identity.staff SET last_totp_step = ?, failed_attempts = 0, locked_until = NULL,
                      last_sign_in_at = ? WHERE id = ?
                    """)
                    .params(matched.getAsLong(), Timestamp.from(clock.instant()), staffId)
                    .update();
            audit.record(actor(staff), "staff.sign-in", "staff", Long.toString(staffId), Map.of("ip", clientIp));
            return new Passed(staff);
        });
        return switch (step) {
            case Passed p -> actor(p.staff());
            case Locked l -> throw locked(l);
            case Failed f -> throw new Problem(HttpStatus.UNAUTHORIZED, "totp-wrong");
        };
    }

    private Step lockedNow(Row staff, String clientIp) {
        Instant now = clock.instant();
        if (staff.lockedUntil() != null && now.isBefore(staff.lockedUntil())) {
            audit.record(
                    null,
                    "staff.sign-in.refused",
                    "staff",
                    Long.toString(staff.id()),
                    Map.of("username", staff.username(), "reason", "locked", "ip", clientIp));
            return new Locked(
                    Math.max(1, Duration.between(now, staff.lockedUntil()).toSeconds()));
        }
        return null;
    }

    private Step fail(Row staff, String reason, String clientIp) {
        Instant now = clock.instant();
        // An expired lockout starts a fresh count.
        int failures = (staff.lockedUntil() != null ? 0 : currentFailures(staff.id())) + 1;
        audit.record(
                null,
                "staff.sign-in.failed",
                "staff",
                Long.toString(staff.id()),
                Map.of("username", staff.username(), "reason", reason, "ip", clientIp));
        if (failures >= MAX_FAILURES) {
            Instant until = now.plus(LOCKOUT);
            jdbc.sql("UPDATE identity.staff SET failed_attempts = 0, locked_until = ? WHERE id = ?")
                    .params(Timestamp.from(until), staff.id())
                    .update();
            audit.record(
                    null,
                    "staff.lockout",
                    "staff",
                    Long.toString(staff.id()),
                    Map.of("username", staff.username(), "until", until.toString(), "ip", clientIp));
            return new Locked(LOCKOUT.toSeconds());
        }
        jdbc.sql("UPDATE identity.staff SET failed_attempts = ?, locked_until = NULL WHERE id = ?")
                .params(failures, staff.id())
                .update();
        return new Failed();
    }

    private int currentFailures(long id) {
        return jdbc.sql("SELECT failed_attempts FROM identity.staff WHERE id = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    private static Problem locked(Locked l) {
        return Problem.tooManyRequests("account-locked", l.retryAfterSeconds());
    }

    private Row lock(String username) {
        if (username == null) return null;
        return jdbc.sql("SELECT * FROM identity.staff WHERE username = ? FOR UPDATE")
                .param(username)
                .query((rs, i) -> row(rs))
                .optional()
                .orElse(null);
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp locked = rs.getTimestamp("locked_until");
        return new Row(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                rs.getString("password_hash"),
                rs.getString("totp_secret"),
                StaffAccounts.roles(rs.getArray("roles")),
                StaffAccounts.branchIds(rs.getArray("branches")),
                rs.getBoolean("disabled"),
                locked == null ? null : locked.toInstant(),
                rs.getLong("last_totp_step"));
    }

    static Actor actor(Row staff) {
        return new Actor(
                new UserId(staff.id()),
                Actor.Kind.STAFF,
                staff.displayName(),
                staff.roles(),
                staff.branches().stream().map(BranchId::new).collect(Collectors.toSet()));
    }
}
