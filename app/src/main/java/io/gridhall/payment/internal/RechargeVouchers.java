package io.gridhall.payment.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.Permission;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.Posted;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recharge vouchers (充值券): batches of single-use codes with a value and an expiry. A code is 16 characters from 32
 * unambiguous ones (80 random bits from {@link SecureRandom}), shown as four groups of four; only its SHA-256 is
 * stored, so the codes are shown once, in the answer that makes the batch. Redeeming marks the code used with one
 * conditional UPDATE and posts a TOP_UP on the VOUCHER book in the same transaction, so two redemptions of one code at
 * once credit one account once; the other finds it used.
 */
@Service
public class RechargeVouchers {

    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I
    public static final int MAX_CODES = 10_000;

    public record Batch(
            long batchId,
            String name,
            Money value,
            LocalDate expiresOn,
            int codes,
            int redeemed,
            String createdBy,
            Instant createdAt) {}

    /** A batch just made, with its codes: the only time they are shown. */
    public record Made(Batch batch, List<String> codes) {}

    public record Redeemed(long postingId, long supplyAccountId, Money value, boolean replayed) {}

    private final JdbcClient jdbc;
    private final Ledger ledger;
    private final Audit audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RechargeVouchers(JdbcClient jdbc, Ledger ledger, Audit audit, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
    }

    /** Makes a batch (PAYMENT_APPROVE): its codes are answered once and never again. Audited (without codes). */
    @Transactional
    public Made make(Actor actor, String name, Money value, LocalDate expiresOn, int count) {
        actor.require(Permission.PAYMENT_APPROVE);
        if (name == null || name.isBlank() || name.strip().length() > 100)
            throw Problem.badRequest("voucher-batch-name");
        if (value.fen() <= 0) throw Problem.badRequest("amount-not-positive");
        if (count < 1 || count > MAX_CODES) throw Problem.badRequest("voucher-batch-size", MAX_CODES);
        if (expiresOn.isBefore(LocalDate.now(clock))) throw Problem.badRequest("voucher-expiry-past");
        String creator =
                actor.displayName().length() > 100 ? actor.displayName().substring(0, 100) : actor.displayName();
        long id = jdbc.sql("""
                insert into payment.voucher_batch (name, value, expires_on, codes, created_by, created_by_name, created_at)
                values (:name, :value, :expires, :codes, :by, :byName, :at) returning batch_id""")
                .param("name", name.strip())
                .param("value", value.fen())
                .param("expires", expiresOn)
                .param("codes", count)
                .param("by", actor.userId().value())
                .param("byName", creator)
                .param("at", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        List<String> codes = new ArrayList<>(count);
        byte[][] hashes = new byte[count][];
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (codes.size() < count) {
            String code = newCode();
            if (!seen.add(code)) continue;
            hashes[codes.size()] = hash(code);
            codes.add(code);
        }
        int inserted = jdbc.sql("""
                insert into payment.voucher (code_hash, batch_id)
                select h, :batch from unnest(cast(:hashes as bytea[])) as t(h) on conflict do nothing""").param("batch", id).param("hashes", hashes).update();
        // 80 random bits: a collision with an earlier batch is as good as impossible, but it would be refused, not kept
        if (inserted != count) throw new IllegalStateException("voucher code collision; make the batch again");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name.strip());
        details.put("value", value.toString());
        details.put("expiresOn", expiresOn.toString());
        details.put("codes", count);
        audit.record(actor, "payment.voucher-batch.make", "voucher-batch", String.valueOf(id), details);
        return new Made(batch(id).orElseThrow(), List.copyOf(codes));
    }

    @Transactional(readOnly = true)
    public List<Batch> batches(Actor actor, int limit) {
        if (!actor.has(Permission.PAYMENT_APPROVE)) actor.require(Permission.PAYMENT_COLLECT);
        return jdbc.sql(SELECT + " group by b.batch_id order by b.batch_id desc limit :limit")
                .param("limit", Math.clamp(limit, 1, 500))
                .query((rs, n) -> map(rs))
                .list();
    }

    /**
     * Redeems a code for an account the caller may pay (checked by the caller): once per code. The key makes a retry
     * of the same redemption answer the first posting.
     */
    @Transactional
    public Redeemed redeem(Actor actor, String code, long accountId) {
        String normal = normalise(code);
        if (normal == null) throw Problem.notFound("voucher");
        byte[] h = hash(normal);
        record Row(long batchId, Money value, LocalDate expiresOn, Instant redeemedAt, Long account, Long posting) {}
        Row row = jdbc.sql("""
                select v.batch_id, b.value, b.expires_on, v.redeemed_at, v.supply_account_id, v.posting_id
                from payment.voucher v join payment.voucher_batch b on b.batch_id = v.batch_id
                where v.code_hash = :h for update of v""")
                .param("h", h)
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        Money.fen(rs.getLong(2)),
                        rs.getObject(3, LocalDate.class),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        rs.getObject(5, Long.class),
                        rs.getObject(6, Long.class)))
                .optional()
                .orElseThrow(() -> Problem.notFound("voucher"));
        if (row.redeemedAt() != null) throw Problem.conflict("voucher-used");
        if (LocalDate.now(clock).isAfter(row.expiresOn()))
            throw Problem.conflict("voucher-expired", row.expiresOn().toString());
        String key = "voucher:" + HexFormat.of().formatHex(h);
        Posted posted = ledger.pay(new Pay(
                key,
                PostingKind.TOP_UP,
                PaymentChannel.VOUCHER,
                List.of(new Pay.Share(accountId, row.value())),
                "V" + row.batchId(),
                actor.isStaff() ? actor : null));
        int marked = jdbc.sql("""
                update payment.voucher set redeemed_at = :at, supply_account_id = :account, posting_id = :posting
                where code_hash = :h and redeemed_at is null""")
                .param("at", Timestamp.from(clock.instant()))
                .param("account", accountId)
                .param("posting", posted.postingId())
                .param("h", h)
                .update();
        if (marked != 1) throw Problem.conflict("voucher-used");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("batch", row.batchId());
        details.put("accountId", accountId);
        details.put("value", row.value().toString());
        audit.record(actor, "payment.voucher.redeem", "voucher-batch", String.valueOf(row.batchId()), details);
        return new Redeemed(posted.postingId(), accountId, row.value(), posted.replayed());
    }

    private static final String SELECT = """
            select b.batch_id, b.name, b.value, b.expires_on, b.codes, count(v.redeemed_at), b.created_by_name,
                b.created_at
            from payment.voucher_batch b left join payment.voucher v on v.batch_id = b.batch_id""";

    private Optional<Batch> batch(long id) {
        return jdbc.sql(SELECT + " where b.batch_id = :id group by b.batch_id")
                .param("id", id)
                .query((rs, n) -> map(rs))
                .optional();
    }

    private static Batch map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Batch(
                rs.getLong(1),
                rs.getString(2),
                Money.fen(rs.getLong(3)),
                rs.getObject(4, LocalDate.class),
                rs.getInt(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getTimestamp(8).toInstant());
    }

    private String newCode() {
        StringBuilder s = new StringBuilder(19);
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) s.append('-');
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /** A code as typed: case, spaces and dashes do not matter; anything else than 16 code characters is no code. */
    static String normalise(String typed) {
        if (typed == null || typed.length() > 64) return null;
        String s = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        if (s.length() != 16) return null;
        for (char c : s.toCharArray()) if (ALPHABET.indexOf(c) < 0) return null;
        return s.substring(0, 4) + "-" + s.substring(4, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12);
    }

    static byte[] hash(String code) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
