package io.gridhall.payment;

import io.gridhall.identity.Actor;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Reward points (积分, PAY-5) per supply account and the points mall (ADR 0015). Points are earned from the ledger's
 * {@link PaymentsPosted} by the earning rules (data, versioned), once per posting and account; a reversed payment's
 * points are taken back (as far as the balance goes: points already spent stay spent). Points expire at the end of the
 * year after the one they were earned in, oldest first. The balance is earned minus taken back, redeemed and expired,
 * and never below zero.
 *
 * <p>Queries do not check portal bindings; callers that serve people do.
 */
public interface RewardPoints {

    /** Earns and takes back points for the ledger's postings; a posting seen before changes nothing. */
    void earn(PaymentsPosted posted);

    /** Expires what was earned in the years that ended before last year; idempotent per account and year. */
    int expire(LocalDate today);

    Balance balance(long supplyAccountId, LocalDate today);

    /** The earning rules in force on the day, or empty before the first version begins. */
    Optional<Rules> rules(LocalDate day);

    /** One version of the earning rules, as customers are told them (resources {@code payment/points-rules.yaml}). */
    record Rules(
            int version,
            LocalDate from,
            java.util.Map<PaymentChannel, Long> pointsPerYuan,
            long onTimeBonusPercent,
            long maxPerPosting,
            long maxPerYear) {}

    /** The newest entries first. */
    List<Entry> history(long supplyAccountId, int limit);

    /**
     * What each of these ledger postings earned the account, net of what a reversal took back (payment records, PAY-1);
     * a posting that earned nothing is absent.
     */
    java.util.Map<Long, Long> earnedByPosting(long supplyAccountId, java.util.Collection<Long> postingIds);

    /** The mall's items, active ones only unless {@code all}. */
    List<MallItem> mall(boolean all);

    Optional<MallItem> item(long itemId);

    /**
     * Spends points on an item: 409 {@code points-insufficient} when the balance is short, 409 {@code sold-out} when
     * the stock is. Once per key; audited.
     */
    Redemption redeem(String key, long supplyAccountId, long itemId, int quantity, Actor customer);

    /** A new mall item (PAYMENT_COLLECT), audited. */
    MallItem addItem(MallItem.Details details, Actor staff);

    /** Changes an item at the given version (PAYMENT_COLLECT), audited: 409 {@code mall-item-changed} if it moved on. */
    MallItem changeItem(long itemId, int version, MallItem.Details details, Actor staff);

    /**
     * @param expiring points that expire at the end of this year unless spent first
     */
    record Balance(long supplyAccountId, long points, long expiring, LocalDate expiringOn) {}

    enum EntryKind {
        EARN,
        TAKE_BACK,
        REDEEM,
        EXPIRE
    }

    /**
     * One change of the balance.
     *
     * @param postingId the ledger posting that earned, or whose reversal took back
     * @param itemName the mall item redeemed (Chinese name)
     */
    record Entry(
            long id,
            EntryKind kind,
            long points,
            Instant at,
            Long postingId,
            Integer earnedYear,
            Long redemptionId,
            String itemName,
            String itemNameEn) {}

    record MallItem(
            long id,
            String nameZh,
            String nameEn,
            String descriptionZh,
            String descriptionEn,
            long pricePoints,
            int stock,
            boolean active,
            int version) {

        public record Details(
                String nameZh,
                String nameEn,
                String descriptionZh,
                String descriptionEn,
                long pricePoints,
                int stock,
                boolean active) {}
    }

    record Redemption(
            long id, long supplyAccountId, long itemId, int quantity, long points, Instant at, long balanceAfter) {}
}
