package io.gridhall.identity.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.identity.Role;
import io.gridhall.identity.StaffDirectory;
import io.gridhall.identity.UserId;
import io.gridhall.shared.Problem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff accounts: the directory other modules use, and the administration behind the staff admin API. */
@Service
public class StaffAccounts implements StaffDirectory {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,39}");

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Audit audit;
    private final Clock clock;
    private final ObjectProvider<FindByIndexNameSessionRepository<?>> sessions;
    private final TotpSecrets secrets;

    StaffAccounts(
            JdbcClient jdbc,
            PasswordEncoder passwords,
            Audit audit,
            Clock clock,
            ObjectProvider<FindByIndexNameSessionRepository<?>> sessions,
            TotpSecrets secrets) {
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.sessions = sessions;
    }

    /** A member of staff as administrators see them; never the password hash or TOTP secret. */
    public record StaffView(
            long id,
            String username,
            String displayName,
            Set<Role> roles,
            Set<Long> branches,
            boolean disabled,
            Instant lockedUntil,
            Instant lastSignInAt) {}

    /** The new account and, once only, the TOTP enrolment URI to show as a QR code. */
    public record Created(long id, String username, String totpUri) {}

    static String sessionPrincipal(UserId id) {
        return "staff:" + id.value();
    }

    @Override
    @Transactional
    public UserId create(NewStaff staff) {
        validate(staff);
        if (exists(staff.username())) throw Problem.conflict("username-taken", staff.username());
        UserId id = insert(staff, passwords.encode(staff.password()));
        audit.record(null, "staff.create", "staff", Long.toString(id.value()), Map.of("username", staff.username()));
        return id;
    }

    /** Hashing dominates: existing usernames are skipped before hashing, and the rest hash in parallel. */
    @Override
    @Transactional
    public List<UserId> createAll(List<NewStaff> staff) {
        staff.forEach(StaffAccounts::validate);
        List<String> names = staff.stream().map(NewStaff::username).distinct().toList();
        Set<String> existing = new TreeSet<>(jdbc.sql("SELECT username FROM identity.staff WHERE username = ANY(?)")
                .param(names.toArray(String[]::new))
                .query(String.class)
                .list());
        Map<String, NewStaff> fresh = new LinkedHashMap<>();
        staff.stream().filter(s -> !existing.contains(s.username())).forEach(s -> fresh.putIfAbsent(s.username(), s));
        Map<String, String> hashes = fresh.values().parallelStream()
                .collect(Collectors.toConcurrentMap(NewStaff::username, s -> passwords.encode(s.password())));
        for (NewStaff s : fresh.values()) insertIfAbsent(s, hashes.get(s.username()));
        Map<String, Long> ids = new HashMap<>();
        jdbc.sql("SELECT id, username FROM identity.staff WHERE username = ANY(?)")
                .param(names.toArray(String[]::new))
                .query((rs, i) -> ids.put(rs.getString(2), rs.getLong(1)))
                .list();
        if (!fresh.isEmpty()) {
            audit.record(
                    null,
                    "staff.create-all",
                    "staff",
                    null,
                    Map.of("created", fresh.size(), "skipped", existing.size()));
        }
        return staff.stream().map(s -> new UserId(ids.get(s.username()))).toList();
    }

    @Transactional(readOnly = true)
    public List<StaffView> list(Actor admin, int page, int size) {
        admin.require(Permission.STAFF_ADMIN);
        boolean all = admin.has(Permission.ALL_BRANCHES);
        Long[] branches = admin.branches().stream().map(BranchId::value).toArray(Long[]::new);
        return jdbc.sql("""
                SELECT * FROM identity.staff WHERE (? OR branches && ?::bigint[])
                ORDER BY username LIMIT ? OFFSET ?
                """)
                .params(all, branches, size, (long) page * size)
                .query((rs, i) -> view(rs))
                .list();
    }

    @Transactional
    public Created createByAdmin(Actor admin, NewStaff staff) {
        admin.require(Permission.STAFF_ADMIN);
        requireBranchesVisible(admin, staff.branches());
        validate(staff);
        if (exists(staff.username())) throw Problem.conflict("username-taken", staff.username());
        String secret = staff.totpSecret() == null ? Totp.newSecret() : staff.totpSecret();
        NewStaff withSecret = new NewStaff(
                staff.username(), staff.displayName(), staff.password(), secret, staff.roles(), staff.branches());
        UserId id = insert(withSecret, passwords.encode(staff.password()));
        audit.record(
                admin,
                "staff.create",
                "staff",
                Long.toString(id.value()),
                Map.of("username", staff.username(), "roles", names(staff.roles()), "branches", ids(staff.branches())));
        String uri = "otpauth://totp/GridHall:" + URLEncoder.encode(staff.username(), StandardCharsets.UTF_8)
                + "?secret=" + secret + "&issuer=GridHall&digits=6&period=30";
        return new Created(id.value(), staff.username(), uri);
    }

    @Transactional
    public void setDisabled(Actor admin, long staffId, boolean disabled) {
        StaffView target = visible(admin, staffId);
        if (disabled && target.id() == admin.userId().value()) throw Problem.badRequest("cannot-disable-self");
        jdbc.sql("UPDATE identity.staff SET disabled = ? WHERE id = ?")
                .params(disabled, staffId)
                .update();
        audit.record(
                admin,
                disabled ? "staff.disable" : "staff.enable",
                "staff",
                Long.toString(staffId),
                Map.of("username", target.username()));
        if (disabled) endSessions(new UserId(staffId));
    }

    @Transactional
    public void resetPassword(Actor admin, long staffId, String newPassword) {
        StaffView target = visible(admin, staffId);
        checkPassword(target.username(), newPassword);
        jdbc.sql("UPDATE identity.staff SET password_hash = ?, password_changed_at = ? WHERE id = ?")
                .params(passwords.encode(newPassword), Timestamp.from(clock.instant()), staffId)
                .update();
        audit.record(
                admin, "staff.password-reset", "staff", Long.toString(staffId), Map.of("username", target.username()));
        endSessions(new UserId(staffId));
    }

    @Transactional
    public void setAccess(Actor admin, long staffId, Set<Role> roles, Set<BranchId> branches) {
        StaffView before = visible(admin, staffId);
        requireBranchesVisible(admin, branches);
        jdbc.sql("UPDATE identity.staff SET roles = ?, branches = ? WHERE id = ?")
                .params(names(roles).toArray(String[]::new), ids(branches).toArray(Long[]::new), staffId)
                .update();
        audit.record(
                admin,
                "staff.access",
                "staff",
                Long.toString(staffId),
                Map.of(
                        "username",
                        before.username(),
                        "rolesBefore",
                        names(before.roles()),
                        "roles",
                        names(roles),
                        "branchesBefore",
                        new TreeSet<>(before.branches()),
                        "branches",
                        ids(branches)));
        // Roles live in the session's Actor: sign the person out so the change applies at once.
        endSessions(new UserId(staffId));
    }

    /** A member of staff's TOTP code now, and how many seconds it stays current (demo inbox only). */
    public record CurrentCode(String username, String code, int secondsLeft) {}

    /** Demo only: the current code of every active member of staff, for the developer inbox. */
    @Transactional(readOnly = true)
    public List<CurrentCode> currentCodeList() {
        long step = Totp.step(clock.instant());
        int left = (int) ((step + 1) * Totp.STEP_SECONDS - clock.instant().getEpochSecond());
        return jdbc.sql(
                        "SELECT username, totp_secret_enc FROM identity.staff WHERE NOT disabled ORDER BY username LIMIT 500")
                .query((rs, i) -> new CurrentCode(rs.getString(1), Totp.code(secrets.open(rs.getBytes(2)), step), left))
                .list();
    }

    private StaffView visible(Actor admin, long staffId) {
        admin.require(Permission.STAFF_ADMIN);
        StaffView v = jdbc.sql("SELECT * FROM identity.staff WHERE id = ?")
                .param(staffId)
                .query((rs, i) -> view(rs))
                .optional()
                .orElseThrow(() -> Problem.notFound("staff"));
        boolean sees =
                admin.has(Permission.ALL_BRANCHES) || v.branches().stream().anyMatch(b -> admin.sees(new BranchId(b)));
        if (!sees) throw Problem.notFound("staff");
        return v;
    }

    private static void requireBranchesVisible(Actor admin, Set<BranchId> branches) {
        for (BranchId b : branches) {
            if (!admin.sees(b)) throw Problem.notFound("branch");
        }
    }

    private void endSessions(UserId staff) {
        FindByIndexNameSessionRepository<?> repo = sessions.getIfAvailable();
        if (repo == null) return;
        repo.findByPrincipalName(sessionPrincipal(staff)).keySet().forEach(repo::deleteById);
    }

    private boolean exists(String username) {
        return jdbc.sql("SELECT count(*) FROM identity.staff WHERE username = ?")
                        .param(username)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private UserId insert(NewStaff s, String hash) {
        Timestamp now = Timestamp.from(clock.instant());
        long id = jdbc.sql("""
                INSERT INTO identity.staff (username, display_name, password_hash, totp_secret_enc, roles, branches,
                    created_at, password_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)
                .params(
                        s.username(),
                        s.displayName(),
                        hash,
                        secrets.seal(s.totpSecret() == null ? Totp.newSecret() : s.totpSecret()),
                        names(s.roles()).toArray(String[]::new),
                        ids(s.branches()).toArray(Long[]::new),
                        now,
                        now)
                .query(Long.class)
                .single();
        return new UserId(id);
    }

    private void insertIfAbsent(NewStaff s, String hash) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                INSERT INTO identity.staff (username, display_name, password_hash, totp_secret_enc, roles, branches,
                    created_at, password_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING
                """)
                .params(
                        s.username(),
                        s.displayName(),
                        hash,
                        secrets.seal(s.totpSecret() == null ? Totp.newSecret() : s.totpSecret()),
                        names(s.roles()).toArray(String[]::new),
                        ids(s.branches()).toArray(Long[]::new),
                        now,
                        now)
                .update();
    }

    static void validate(NewStaff s) {
        if (s.username() == null || !USERNAME.matcher(s.username()).matches())
            throw Problem.badRequest("username-invalid");
        if (s.displayName() == null || s.displayName().isBlank()) throw Problem.badRequest("display-name-required");
        if (s.totpSecret() != null) {
            try {
                if (Base32.decode(s.totpSecret()).length < 10) throw Problem.badRequest("totp-secret-invalid");
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("totp-secret-invalid");
            }
        }
        checkPassword(s.username(), s.password());
    }

    /** At least 8 characters with a letter and a digit, and not the username. */
    static void checkPassword(String username, String password) {
        if (password == null
                || password.length() < 8
                || password.length() > 128
                || password.chars().noneMatch(Character::isLetter)
                || password.chars().noneMatch(Character::isDigit)
                || password.equalsIgnoreCase(username)) {
            throw Problem.badRequest("password-weak");
        }
    }

    static StaffView view(ResultSet rs) throws SQLException {
        Timestamp locked = rs.getTimestamp("locked_until");
        Timestamp last = rs.getTimestamp("last_sign_in_at");
        return new StaffView(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                roles(rs.getArray("roles")),
                branchIds(rs.getArray("branches")),
                rs.getBoolean("disabled"),
                locked == null ? null : locked.toInstant(),
                last == null ? null : last.toInstant());
    }

    static Set<Role> roles(Array array) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object o : (Object[]) array.getArray()) {
            try {
                roles.add(Role.valueOf((String) o));
            } catch (IllegalArgumentException ignored) {
                // a role retired from the code grants nothing
            }
        }
        return roles;
    }

    static Set<Long> branchIds(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray())
                .map(o -> ((Number) o).longValue())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> names(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().toList();
    }

    private static List<Long> ids(Set<BranchId> branches) {
        List<Long> ids = new ArrayList<>(branches.stream().map(BranchId::value).toList());
        ids.sort(null);
        return ids;
    }
}
