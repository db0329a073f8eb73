package io.gridhall.identity.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.CustomerSignedUp;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.identity.UserId;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Portal customers: signed up by their first successful sign-in with a one-time code. */
@Service
public class CustomerAccounts {

    static final String PHONE_FIELD = "identity.customer_user.phone";

    private final JdbcClient jdbc;
    private final OneTimeCodes codes;
    private final PersonalDataVault vault;
    private final Audit audit;
    private final java.time.Clock clock;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Consents consents;

    CustomerAccounts(
            JdbcClient jdbc,
            OneTimeCodes codes,
            PersonalDataVault vault,
            Audit audit,
            java.time.Clock clock,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events,
            Consents consents) {
        this.jdbc = jdbc;
        this.consents = consents;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.codes = codes;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
    }

    /** Checks the code and returns the customer, creating them on first sign-in. */
    public Actor signIn(MobileNumber phone, String code, String clientIp) {
        OneTimeCodes.Outcome outcome = codes.check(phone, OtpPurpose.SIGN_IN, code);
        if (outcome.result() != OneTimeCodes.Result.OK) {
            audit.record(
                    null,
                    "customer.sign-in.failed",
                    "phone",
                    phone.toString(),
                    Map.of("reason", outcome.result().name(), "ip", clientIp));
            throw outcome.problem();
        }
        Actor actor = tx.execute(status -> signedIn(phone, outcome.consent(), clientIp));
        if (actor == null) throw Problem.forbidden("account-disabled");
        return actor;
    }

    private Actor signedIn(MobileNumber phone, java.util.Map<String, String> consent, String clientIp) {
        Timestamp now = Timestamp.from(clock.instant());
        var row = jdbc.sql("""
                INSERT INTO identity.customer_user (phone_hash, phone_encrypted, created_at, last_sign_in_at)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (phone_hash) DO UPDATE SET last_sign_in_at = excluded.last_sign_in_at
                RETURNING id, disabled, (xmax = 0) AS created
                """)
                .params(codes.phoneHash(phone), vault.encrypt(phone.value(), PHONE_FIELD), now, now)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3)})
                .single();
        Actor actor = new Actor(
                new UserId((Long) row[0]),
                Actor.Kind.CUSTOMER,
                PersonalData.maskPhone(phone.value()),
                Set.of(),
                Set.of());
        if ((Boolean) row[1]) {
            audit.record(
                    actor,
                    "customer.sign-in.refused",
                    "customer",
                    actor.userId().value() + "",
                    Map.of("reason", "disabled", "ip", clientIp));
            return null;
        }
        if ((Boolean) row[2]) {
            audit.record(actor, "customer.sign-up", "customer", actor.userId().value() + "", Map.of("ip", clientIp));
            events.publishEvent(new CustomerSignedUp(actor.userId(), phone.value()));
        }
        // the consent given with the code request: recorded for a new account, and for an existing one
        // that had not accepted the current versions yet
        if (consent != null
                && ((Boolean) row[2] || consents.of(actor.userId()).stream().anyMatch(Consents.Status::pending))) {
            consents.record(actor, consent, now.toInstant(), Consents.CHANNEL_SIGN_UP, clientIp);
        }
        audit.record(actor, "customer.sign-in", "customer", actor.userId().value() + "", Map.of("ip", clientIp));
        return actor;
    }

    public Optional<MobileNumber> phoneOf(UserId customer) {
        return jdbc.sql("SELECT phone_encrypted FROM identity.customer_user WHERE id = ?")
                .param(customer.value())
                .query((rs, i) -> new MobileNumber(vault.decrypt(rs.getBytes(1), PHONE_FIELD)))
                .optional();
    }
}
