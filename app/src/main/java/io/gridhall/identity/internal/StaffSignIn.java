package io.gridhall.identity.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.UserId;
import io.gridhall.shared.Problem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
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
 * Staff sign-in in two steps, password then TOTP. Failures at either step slow further attempts down with growing
 * delays ({@link SignInThrottle}) rather than locking the account, and an unknown username is answered exactly like
 * a wrong password, after the same password hash. Each step commits its failure rows and audit entries before
 * answering, so a failure is never rolled back by the error it answers with.
 */
@Service
public class StaffSignIn {

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Audit audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final SignInThrottle throttle;
    private final TotpSecrets secrets;
    private final String dummyHash;

    StaffSignIn(
            JdbcClient jdbc,
            PasswordEncoder passwords,
            Audit audit,
            Clock clock,
            PlatformTransactionManager transactions,
            SignInThrottle throttle,
            TotpSecrets secrets) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.throttle = throttle;
        this.secrets = secrets;
        // Unknown usernames cost one hash too, so timing does not tell which usernames exist.
        this.dummyHash = passwords.encode("not-a-password-0");
    }

    private record Row(
            long id,
            String username,
            String displayName,
            String passwordHash,
            byte[] totpSecret,
            Set<io.gridhall.identity.Role> roles,
            Set<Long> branches,
            boolean disabled,
            long lastTotpStep) {}

    private sealed interface Step {}

    private record Passed(Row staff) implements Step {}

    private record Failed() implements Step {}

    private record Throttled(long retryAfterSeconds) implements Step {}

    /** The password step; returns the staff id awaiting the second factor. */
    public long password(String username, String password, String clientIp) {
        byte[] key = throttle.key(username);
        Step step = tx.execute(s -> {
            throttle.serialise(key, clientIp);
            Step throttled = throttled(key, clientIp, username);
            if (throttled != null) return throttled;
            Row staff = find(username);
            if (staff == null) {
                passwords.matches(password == null ? "" : password, dummyHash);
                return fail(key, null, username, "unknown-user", clientIp);
            }
            boolean matches = password != null && passwords.matches(password, staff.passwordHash());
            if (!matches || staff.disabled()) {
                return fail(key, staff, username, matches ? "disabled" : "wrong-password", clientIp);
            }
            return new Passed(staff);
        });
        return switch (step) {
            case Passed p -> p.staff().id();
            case Throttled t -> throw throttled(t);
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
            byte[] key = throttle.key(staff.username());
            throttle.serialise(key, clientIp);
            Step throttled = throttled(key, clientIp, staff.username());
            if (throttled != null) return throttled;
            if (staff.disabled()) return fail(key, staff, staff.username(), "disabled", clientIp);
            OptionalLong matched =
                    Totp.match(secrets.open(staff.totpSecret()), code, clock.instant(), staff.lastTotpStep());
            if (matched.isEmpty()) return fail(key, staff, staff.username(), "wrong-totp", clientIp);
            jdbc.sql("UPDATE identity.staff SET last_totp_step = ?, last_sign_in_at = ? WHERE id = ?")
                    .params(matched.getAsLong(), Timestamp.from(clock.instant()), staffId)
                    .update();
            throttle.succeeded(key, clientIp);
            audit.record(actor(staff), "staff.sign-in", "staff", Long.toString(staffId), Map.of("ip", clientIp));
            return new Passed(staff);
        });
        return switch (step) {
            case Passed p -> actor(p.staff());
            case Throttled t -> throw throttled(t);
            case Failed f -> throw new Problem(HttpStatus.UNAUTHORIZED, "totp-wrong");
        };
    }

    /** Refuses without looking at the password or code while a delay runs; audited, but not counted again. */
    private Step throttled(byte[] key, String clientIp, String username) {
        Duration wait = throttle.wait(key, clientIp);
        if (wait.isZero()) return null;
        long seconds = io.gridhall.shared.Throttle.seconds(wait);
        audit.record(
                null,
                "staff.sign-in.refused",
                "staff",
                null,
                Map.of("username", String.valueOf(username), "reason", "throttled", "ip", clientIp));
        return new Throttled(seconds);
    }

    private Step fail(byte[] key, Row staff, String username, String reason, String clientIp) {
        throttle.failed(key, clientIp);
        audit.record(
                null,
                "staff.sign-in.failed",
                "staff",
                staff == null ? null : Long.toString(staff.id()),
                Map.of("username", String.valueOf(username), "reason", reason, "ip", clientIp));
        return new Failed();
    }

    private static Problem throttled(Throttled t) {
        return Problem.tooManyRequests("sign-in-throttled", t.retryAfterSeconds());
    }

    private Row find(String username) {
        if (username == null) return null;
        return jdbc.sql("SELECT * FROM identity.staff WHERE username = ?")
                .param(username)
                .query((rs, i) -> row(rs))
                .optional()
                .orElse(null);
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                rs.getString("password_hash"),
                rs.getBytes("totp_secret_enc"),
                StaffAccounts.roles(rs.getArray("roles")),
                StaffAccounts.branchIds(rs.getArray("branches")),
                rs.getBoolean("disabled"),
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
