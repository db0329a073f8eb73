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
            boolean bound,
            String ownerPhone,
            String ownerEmail) {

        /** The owner's phone and e-mail, masked: only in one account's details, to a user who bound it. */
        PortalAccount withOwner(String phone, String email) {
            return new PortalAccount(
                    id,
                    accountNumber,
                    accountName,
                    address,
                    customerClass,
                    tariffCategory,
                    status,
                    openedOn,
                    bound,
                    PersonalData.maskPhone(phone),
                    PersonalData.maskEmail(email));
        }
    }

    public record Equipment(
            long accountId,
            SupplyPath.Node branch,
            SupplyPath.Node substation,
            SupplyPath.Node line,
            SupplyPath.Node transformerArea,
            SupplyPath.Node meterBox,
            List<CustomerDesk.MeterSummary> meters) {}

    /** {@code phone} or {@code email} holds the new value masked, as the field changed says. */
    public record ChangeStatus(String status, ContactField field, String phone, String email, Long expiresInSeconds) {

        ChangeStatus(String status, ContactField field, String masked, Long expiresInSeconds) {
            this(
                    status,
                    field,
                    field == ContactField.PHONE ? masked : null,
                    field == ContactField.EMAIL ? masked : null,
                    expiresInSeconds);
        }
    }

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
                bound,
                null,
                null);
    }

    /** The account if this user may see it; an unbound account is 404 like an unknown one. */
    private SupplyAccountView visible(long user, long accountId) {
        if (!records.portalMaySee(user, accountId)) throw Problem.notFound("supply-account");
        return records.account(accountId).orElseThrow(() -> Problem.notFound("supply-account"));
    }

    @Transactional(readOnly = true)
    public PortalAccount get(Actor actor, long accountId) {
        long user = userOf(actor);
        SupplyAccountView account = visible(user, accountId);
        boolean bound = records.isBound(user, accountId);
        PortalAccount shown = masked(account, bound);
        if (!bound) return shown;
        return records.contacts(account.customerId()).stream()
                .filter(k -> k.role() == io.gridhall.customer.ContactRole.OWNER)
                .findFirst()
                .map(k -> shown.withOwner(k.phone(), k.email()))
                .orElse(shown);
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

    /** What a customer may change on the portal (INFO-2); the supply address itself is changed at the counter. */
    public enum ContactField {
        PHONE,
        EMAIL
    }

    /**
     * Step one (no code): sends a one-time code to the new phone by SMS, or to the new e-mail address by e-mail. Step
     * two (with the code): checks it and makes the new phone or address the owner's. Only a user who bound the account
     * itself may change it. The code is bound to the field and the new value: a code sent for one never confirms
     * another.
     */
    @Transactional(noRollbackFor = Problem.class)
    public ChangeStatus changeContact(Actor actor, long accountId, ContactField field, String newValue, String code) {
        long user = userOf(actor);
        SupplyAccountView account = visible(user, accountId);
        if (!records.isBound(user, accountId)) throw Problem.notFound("supply-account");
        Instant now = clock.instant();
        if (code == null || code.isBlank()) return sendCode(user, accountId, field, newValue, now);
        var pending = jdbc.sql("""
                        select id, field, new_phone_hash, new_email_hash, code_hash, expires_at, attempts
                        from customer.contact_change
                        where user_id = ? and supply_account_id = ? and completed_at is null
                        order by id desc limit 1 for update""")
                .params(user, accountId)
                .query((rs, n) -> new Pending(
                        rs.getLong("id"),
                        ContactField.valueOf(rs.getString("field")),
                        rs.getBytes(
                                ContactField.valueOf(rs.getString("field")) == ContactField.EMAIL
                                        ? "new_email_hash"
                                        : "new_phone_hash"),
                        rs.getBytes("code_hash"),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getInt("attempts")))
                .optional()
                .orElseThrow(() -> Problem.badRequest("otp-invalid"));
        byte[] valueHash = valueHash(field, newValue);
        boolean usable = pending.expiresAt().isAfter(now)
                && pending.attempts() < OTP_ATTEMPTS
                && pending.field() == field
                && pending.valueHash() != null
                && valueHash != null
                && MessageDigest.isEqual(pending.valueHash(), valueHash);
        if (!usable
                || !MessageDigest.isEqual(
                        pending.codeHash(), otpHash(user, accountId, field, newValue, code.strip()))) {
            jdbc.sql("update customer.contact_change set attempts = attempts + 1 where id = ?")
                    .param(pending.id())
                    .update();
            throw Problem.badRequest("otp-invalid");
        }
        jdbc.sql("update customer.contact_change set completed_at = ? where id = ?")
                .params(Timestamp.from(now), pending.id())
                .update();
        var owner = records.contacts(account.customerId()).stream()
                .filter(k -> k.role() == io.gridhall.customer.ContactRole.OWNER)
                .findFirst();
        String old;
        if (field == ContactField.EMAIL) {
            old = owner.map(CustomerRecords.ContactRecord::email).orElse(null);
            records.updateOwnerEmail(account.customerId(), newValue.strip());
        } else {
            old = owner.map(CustomerRecords.ContactRecord::phone).orElse(null);
            records.updateOwnerPhone(account.customerId(), newValue);
        }
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("field", field == ContactField.EMAIL ? "email" : "phone");
        details.put("old", mask(field, old));
        details.put("new", mask(field, newValue));
        details.put("accountId", String.valueOf(accountId));
        details.values().removeIf(java.util.Objects::isNull);
        audit.record(actor, "customer.contact-change", "customer", String.valueOf(account.customerId()), details);
        return new ChangeStatus("CHANGED", field, mask(field, newValue), null);
    }

    private record Pending(
            long id, ContactField field, byte[] valueHash, byte[] codeHash, Instant expiresAt, int attempts) {}

    private ChangeStatus sendCode(long user, long accountId, ContactField field, String newValue, Instant now) {
        refuseTooManyCodes(user, now);
        String otp = "%06d".formatted(random.nextInt(1_000_000));
        jdbc.sql("update customer.contact_change set completed_at = ? where user_id = ? and supply_account_id = ?"
                        + " and completed_at is null")
                .params(Timestamp.from(now), user, accountId)
                .update();
        boolean email = field == ContactField.EMAIL;
        long id = jdbc.sql("""
                        insert into customer.contact_change (user_id, supply_account_id, field, new_phone_hash,
                                                             new_email_hash, code_hash, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(
                        user,
                        accountId,
                        field.name(),
                        email ? null : valueHash(field, newValue),
                        email ? valueHash(field, newValue) : null,
                        otpHash(user, accountId, field, newValue, otp),
                        Timestamp.from(now.plus(OTP_VALIDITY)))
                .query(Long.class)
                .single();
        notifications.send(new Notify(
                "contact-change:" + id,
                email ? Notify.Recipient.email(newValue.strip()) : Notify.Recipient.phone(newValue),
                "otp.contact-change",
                Map.of("code", otp, "minutes", String.valueOf(OTP_VALIDITY.toMinutes())),
                Set.of(email ? Channel.EMAIL : Channel.SMS),
                locale()));
        return new ChangeStatus("CODE_SENT", field, mask(field, newValue), OTP_VALIDITY.toSeconds());
    }

    private byte[] valueHash(ContactField field, String value) {
        return field == ContactField.EMAIL ? phones.emailHash(value) : phones.lookupHash(value);
    }

    private static String mask(ContactField field, String value) {
        return field == ContactField.EMAIL ? PersonalData.maskEmail(value) : PersonalData.maskPhone(value);
    }

    /** The code's hash binds the user, the account, the field and the new value as compared (normalised). */
    private byte[] otpHash(long user, long account, ContactField field, String value, String code) {
        String normalised = field == ContactField.EMAIL
                ? value.strip().toLowerCase(Locale.ROOT)
                : String.valueOf(Phones.normalise(value));
        return vault.lookupHash(
                user + ":" + account + ":" + field + ":" + normalised + ":" + code, "customer.contact_change.code");
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
