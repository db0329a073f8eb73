package io.gridhall.customer.internal;

import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.customer.internal.CustomerRecords.CustomerRecord;
import io.gridhall.grid.Grid;
import io.gridhall.grid.SupplyPath;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.identity.ServicePasswords;
import io.gridhall.notification.Channel;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The customer's side (INFO-1, INFO-2, PAY-8): binding accounts, seeing them masked, their equipment, phone changes. */
@Service
public class PortalAccounts {

    public record PortalAccount(
            long id,
            String accountNumber,
            String accountName,
            String address,
            String customerClass,
            String tariffCategory,
            String status,
            LocalDate openedOn,
            boolean bound) {}

    public record Equipment(
            long accountId,
            SupplyPath.Node branch,
            SupplyPath.Node substation,
            SupplyPath.Node line,
            SupplyPath.Node transformerArea,
            SupplyPath.Node meterBox,
            List<CustomerDesk.MeterSummary> meters) {}

    public record ChangeStatus(String status, String phone, Long expiresInSeconds) {}

    static final Duration OTP_VALIDITY = Duration.ofMinutes(10);
    static final int OTP_ATTEMPTS = 5;

    private final CustomerRecords records;
    private final Grid grid;
    private final ServicePasswords servicePasswords;
    private final IdNumberProtection idNumbers;
    private final Notifications notifications;
    private final Audit audit;
    private final PersonalDataVault vault;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final BindAttempts attempts;

    private final ContactProtection phones;

    PortalAccounts(
            CustomerRecords records,
            Grid grid,
            ServicePasswords servicePasswords,
            IdNumberProtection idNumbers,
            Notifications notifications,
            Audit audit,
            PersonalDataVault vault,
            JdbcClient jdbc,
            Clock clock,
            BindAttempts attempts,
            ContactProtection phones) {
        this.attempts = attempts;
        this.phones = phones;
        this.records = records;
        this.grid = grid;
        this.servicePasswords = servicePasswords;
        this.idNumbers = idNumbers;
        this.notifications = notifications;
        this.audit = audit;
        this.vault = vault;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static long userOf(Actor actor) {
        if (!actor.isCustomer()) throw Problem.forbidden("portal-customers-only");
        return actor.userId().value();
    }

    @Transactional(readOnly = true)
    public List<PortalAccount> list(Actor actor) {
        long user = userOf(actor);
        return records.portalLines(user).stream()
                .map(line -> masked(line.account(), line.kind(), line.bound()))
                .toList();
    }

    private PortalAccount masked(SupplyAccountView a, boolean bound) {
        return masked(
                a, records.customer(a.customerId()).map(CustomerRecord::kind).orElse(CustomerKind.PERSON), bound);
    }

    private static PortalAccount masked(SupplyAccountView a, CustomerKind kind, boolean bound) {
        return new PortalAccount(
                a.id(),
                a.accountNumber(),
                CustomerDesk.maskName(kind, a.accountName()),
                PersonalData.maskAddress(a.address()),
                a.customerClass().name(),
                a.tariffCategory(),
                a.status(),
                a.openedOn(),
                bound);
    }

    /** The account if this user may see it; an unbound account is 404 like an unknown one. */
    private SupplyAccountView visible(long user, long accountId) {
        if (!records.portalMaySee(user, accountId)) throw Problem.notFound("supply-account");
        return records.account(accountId).orElseThrow(() -> Problem.notFound("supply-account"));
    }

    @Transactional(readOnly = true)
    public PortalAccount get(Actor actor, long accountId) {
        long user = userOf(actor);
        return masked(visible(user, accountId), records.isBound(user, accountId));
    }

    /**
     * Binds after checking the account name and one proof (service password or the last six characters of the
     * owner's ID number). Every failure is the same 404, so the form does not tell which part was wrong.
     */
    @Transactional
    public PortalAccount bind(
            Actor actor, String accountNumber, String accountName, String servicePassword, String idNumberLast6) {
        long user = userOf(actor);
        SupplyAccountView account = records.accountByNumber(accountNumber).orElse(null);
        boolean ok = account != null && sameText(account.accountName(), accountName);
        // only an account whose number and name were right counts against the account, so nobody can lock
        // another family out by typing its number
        Long guessed = ok ? account.id() : null;
        attempts.checkAllowed(user, guessed);
        if (ok) {
            if (servicePassword != null && !servicePassword.isBlank()) {
                ok = servicePasswords.verify(account.id(), servicePassword.strip());
            } else {
                String id = records.customer(account.customerId())
                        .map(CustomerRecord::idNumberSealed)
                        .map(idNumbers::decrypt)
                        .orElse(null);
                ok = id != null
                        && idNumberLast6 != null
                        && id.length() >= 6
                        && MessageDigest.isEqual(
                                id.substring(id.length() - 6).getBytes(),
                                idNumberLast6.strip().toUpperCase(Locale.ROOT).getBytes());
            }
        }
        if (!ok) {
            attempts.recordFailure(user, guessed);
            throw Problem.notFound("supply-account");
        }
        records.bind(user, account.id(), clock.instant());
        audit.record(
                actor,
                "portal.account.bind",
                "supply_account",
                String.valueOf(account.id()),
                Map.of(
                        "proof",
                        servicePassword != null && !servicePassword.isBlank() ? "service-password" : "id-number"));
        return masked(account, true);
    }

    private static boolean sameText(String a, String b) {
        return a != null && b != null && a.strip().equals(b.strip());
    }

    @Transactional
    public void unbind(Actor actor, long accountId) {
        long user = userOf(actor);
        if (records.unbind(user, accountId) == 0) throw Problem.notFound("supply-account");
        audit.record(actor, "portal.account.unbind", "supply_account", String.valueOf(accountId), Map.of());
    }

    @Transactional(readOnly = true)
    public Equipment equipment(Actor actor, long accountId) {
        long user = userOf(actor);
        SupplyAccountView account = visible(user, accountId);
        SupplyPath path = grid.supplyPath(account.id()).orElse(null);
        List<CustomerDesk.MeterSummary> meters =
                grid.metersOfAccounts(List.of(account.id())).getOrDefault(account.id(), List.of()).stream()
                        .map(CustomerDesk::meterSummary)
                        .toList();
        if (path == null) return new Equipment(account.id(), null, null, null, null, null, meters);
        return new Equipment(
                account.id(), path.branch(), path.substation(), path.line(), path.area(), path.box(), meters);
    }

    static final Duration RESEND_AFTER = Duration.ofSeconds(60);
    static final int CODES_PER_HOUR = 5;

    /** Codes go to numbers the user types, so a user may not turn the portal into an SMS cannon. */
    private void refuseTooManyCodes(long user, Instant now) {
        // a request's send time is its expiry less the validity
        var recent = jdbc.sql("select count(*), max(expires_at) from customer.contact_change"
                        + " where user_id = ? and expires_at > ?")
                .params(user, Timestamp.from(now.minus(Duration.ofHours(1)).plus(OTP_VALIDITY)))
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getTimestamp(2)})
                .single();
        if (recent[1] == null) return;
        Instant lastSent = ((Timestamp) recent[1]).toInstant().minus(OTP_VALIDITY);
        long wait = Duration.between(now, lastSent.plus(RESEND_AFTER)).toSeconds();
        if (wait > 0) throw Problem.tooManyRequests("otp-too-soon", wait);
        if ((Long) recent[0] >= CODES_PER_HOUR) {
            long hourly = Math.max(
                    1, Duration.between(now, lastSent.plus(Duration.ofHours(1))).toSeconds());
            throw Problem.tooManyRequests("otp-hourly-limit", hourly);
        }
    }

    /**
     * Step one (no code): sends a one-time code to the new phone. Step two (with the code): checks it and makes
     * the new phone the owner's. Only a user who bound the account itself may change it.
     */
    @Transactional(noRollbackFor = Problem.class)
    public ChangeStatus changePhone(Actor actor, long accountId, String newPhone, String code) {
        long user = userOf(actor);
        SupplyAccountView account = visible(user, accountId);
        if (!records.isBound(user, accountId)) throw Problem.notFound("supply-account");
        Instant now = clock.instant();
        if (code == null || code.isBlank()) {
            refuseTooManyCodes(user, now);
            String otp = "%06d".formatted(random.nextInt(1_000_000));
            jdbc.sql("update customer.contact_change set completed_at = ? where user_id = ? and supply_account_id = ?"
                            + " and completed_at is null")
                    .params(Timestamp.from(now), user, accountId)
                    .update();
            long id = jdbc.sql("""
                            insert into customer.contact_change (user_id, supply_account_id, new_phone_hash, code_hash,
                                                                 expires_at)
                            values (?, ?, ?, ?, ?) returning id""")
                    .params(
                            user,
                            accountId,
                            phones.lookupHash(newPhone),
                            otpHash(user, accountId, newPhone, otp),
                            Timestamp.from(now.plus(OTP_VALIDITY)))
                    .query(Long.class)
                    .single();
            notifications.send(new Notify(
                    "contact-change:" + id,
                    Notify.Recipient.phone(newPhone),
                    "otp.contact-change",
                    Map.of("code", otp, "minutes", String.valueOf(OTP_VALIDITY.toMinutes())),
                    Set.of(Channel.SMS),
                    locale()));
            return new ChangeStatus("CODE_SENT", PersonalData.maskPhone(newPhone), OTP_VALIDITY.toSeconds());
        }
        var pending = jdbc.sql("""
                        select id, new_phone_hash, code_hash, expires_at, attempts from customer.contact_change
                        where user_id = ? and supply_account_id = ? and completed_at is null
                        order by id desc limit 1 for update""")
                .params(user, accountId)
                .query((rs, n) -> new Object[] {
                    rs.getLong("id"),
                    rs.getBytes("new_phone_hash"),
                    rs.getBytes("code_hash"),
                    rs.getTimestamp("expires_at").toInstant(),
                    rs.getInt("attempts")
                })
                .optional()
                .orElseThrow(() -> Problem.badRequest("otp-invalid"));
        long id = (Long) pending[0];
        boolean usable = ((Instant) pending[3]).isAfter(now)
                && (Integer) pending[4] < OTP_ATTEMPTS
                && pending[1] != null
                && MessageDigest.isEqual((byte[]) pending[1], phones.lookupHash(newPhone));
        if (!usable || !MessageDigest.isEqual((byte[]) pending[2], otpHash(user, accountId, newPhone, code.strip()))) {
            jdbc.sql("update customer.contact_change set attempts = attempts + 1 where id = ?")
                    .param(id)
                    .update();
            throw Problem.badRequest("otp-invalid");
        }
        jdbc.sql("update customer.contact_change set completed_at = ? where id = ?")
                .params(Timestamp.from(now), id)
                .update();
        String oldPhone = records.contacts(account.customerId()).stream()
                .filter(k -> k.role() == io.gridhall.customer.ContactRole.OWNER)
                .map(CustomerRecords.ContactRecord::phone)
                .findFirst()
                .orElse(null);
        records.updateOwnerPhone(account.customerId(), newPhone);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("field", "phone");
        details.put("old", PersonalData.maskPhone(oldPhone));
        details.put("new", PersonalData.maskPhone(newPhone));
        details.put("accountId", String.valueOf(accountId));
        details.values().removeIf(java.util.Objects::isNull);
        audit.record(actor, "customer.contact-change", "customer", String.valueOf(account.customerId()), details);
        return new ChangeStatus("CHANGED", PersonalData.maskPhone(newPhone), null);
    }

    private byte[] otpHash(long user, long account, String phone, String code) {
        return vault.lookupHash(user + ":" + account + ":" + phone + ":" + code, "customer.contact_change.code");
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
