package io.gridhall.identity.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.Permission;
import io.gridhall.identity.ServicePasswords;
import io.gridhall.shared.Problem;
import io.gridhall.shared.Throttle;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Service passwords, Argon2id-hashed per supply account, with failures throttled per account ({@link Throttle}). */
@Service
class AccountServicePasswords implements ServicePasswords {

    static final String PURPOSE = "identity.service-password";
    static final int MAX_FAILURES_PER_HOUR = 5;

    private final JdbcClient jdbc;
    private final PasswordEncoder hashing;
    private final Audit audit;
    private final Clock clock;
    private final OneTimeCodes codes;
    private final CustomerAccounts customers;
    private final Throttle throttle;
    private final TransactionTemplate separately;

    AccountServicePasswords(
            JdbcClient jdbc,
            PasswordEncoder hashing,
            Audit audit,
            Clock clock,
            OneTimeCodes codes,
            CustomerAccounts customers,
            Throttle throttle,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.hashing = hashing;
        this.audit = audit;
        this.clock = clock;
        this.codes = codes;
        this.customers = customers;
        this.throttle = throttle;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public boolean verify(long supplyAccountId, String password) {
        List<Throttle.Limit> limits = limits(supplyAccountId);
        throttle.check(PURPOSE, "service-password-throttled", limits);
        String hash = jdbc.sql("SELECT password_hash FROM identity.service_password WHERE supply_account_id = ?")
                .param(supplyAccountId)
                .query(String.class)
                .optional()
                .orElse(null);
        if (hash != null && password != null && hashing.matches(password, hash)) return true;
        // Counted in a transaction of its own: the caller usually answers a failure with an error.
        separately.executeWithoutResult(s -> {
            throttle.record(PURPOSE, limits);
            audit.record(
                    null,
                    "service-password.verify-failed",
                    "supply-account",
                    Long.toString(supplyAccountId),
                    Map.of("set", hash != null));
        });
        return false;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean isSet(long supplyAccountId) {
        return jdbc.sql("SELECT count(*) FROM identity.service_password WHERE supply_account_id = ?")
                        .param(supplyAccountId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    @Override
    @Transactional
    public void set(Actor actor, long supplyAccountId, String newPassword) {
        if (actor == null) throw new Problem(org.springframework.http.HttpStatus.UNAUTHORIZED, "not-signed-in");
        if (actor.isStaff()) actor.require(Permission.CUSTOMER_WRITE);
        ServicePasswordRules.weakness(newPassword).ifPresent(code -> {
            throw Problem.badRequest(code);
        });
        boolean replaced = isSet(supplyAccountId);
        jdbc.sql("""
                INSERT INTO identity.service_password (supply_account_id, password_hash, set_at, set_by)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (supply_account_id) DO UPDATE
                  SET password_hash = excluded.password_hash, set_at = excluded.set_at, set_by = excluded.set_by
                """)
                .params(
                        supplyAccountId,
                        hashing.encode(newPassword),
                        Timestamp.from(clock.instant()),
                        actor.userId().value())
                .update();
        // A new password deserves a fresh count of failures.
        throttle.forget(PURPOSE, subject(supplyAccountId));
        audit.record(
                actor,
                replaced ? "service-password.change" : "service-password.set",
                "supply-account",
                Long.toString(supplyAccountId),
                Map.of());
    }

    @Override
    @Transactional
    public void resetWithOtp(Actor actor, long supplyAccountId, String otpCode, String newPassword) {
        if (actor == null || !actor.isCustomer()) throw Problem.forbidden("customers-only");
        // Reject a weak password before spending the code on it.
        ServicePasswordRules.weakness(newPassword).ifPresent(code -> {
            throw Problem.badRequest(code);
        });
        MobileNumber phone = customers.phoneOf(actor.userId()).orElseThrow(() -> Problem.notFound("customer"));
        OneTimeCodes.Outcome outcome = codes.check(phone, OtpPurpose.SERVICE_PASSWORD_RESET, otpCode);
        if (outcome.result() != OneTimeCodes.Result.OK) {
            separately.executeWithoutResult(s -> audit.record(
                    actor,
                    "service-password.reset-failed",
                    "supply-account",
                    Long.toString(supplyAccountId),
                    Map.of("reason", outcome.result().name())));
            throw outcome.problem();
        }
        set(actor, supplyAccountId, newPassword);
    }

    private static String subject(long supplyAccountId) {
        return "account:" + supplyAccountId;
    }

    private static List<Throttle.Limit> limits(long supplyAccountId) {
        return List.of(new Throttle.AtMost(subject(supplyAccountId), MAX_FAILURES_PER_HOUR, Duration.ofHours(1)));
    }
}
