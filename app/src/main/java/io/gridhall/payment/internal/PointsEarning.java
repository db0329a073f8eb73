package io.gridhall.payment.internal;

import io.gridhall.payment.PaymentsPosted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a group of {@link PaymentsPosted} events earns and takes back, decided in memory from what the database said
 * when the group's accounts were locked (ADR 0015): the same entries as earning the events one after the other in
 * their order, each seeing the entries of those before it. No I/O: the caller reads the facts in a few statements and
 * writes the entries in one.
 */
final class PointsEarning {

    private PointsEarning() {}

    /** What the database says, read under the accounts' locks before the group writes anything. */
    interface Facts {
        /** The ledger holds a reversal of the posting. */
        boolean reversed(long postingId);

        /** An entry under the key exists. */
        boolean written(String key);

        /** What of the account's part of the posting settled items before their due date. */
        long onTimeFen(long postingId, long account);

        /** Points the account earned in the year, net of points taken back. */
        long earnedInYear(long account, int year);

        long balance(long account);

        /** The accounts of a posting (one that is reversed), in id order. */
        List<Long> accountsOf(long postingId);

        /** The points earned under the key ({@code earn:<posting>:<account>}) and their year, or null. */
        long[] earned(String earnKey);
    }

    /** An entry to write; a take-back's posting is the posting reversed. */
    record Entry(long account, String kind, long points, String key, long postingId, int year, Integer ruleVersion) {}

    static String earnKey(long postingId, long account) {
        return "earn:" + postingId + ":" + account;
    }

    static String takeBackKey(long reversedPostingId, long account) {
        return "take-back:" + reversedPostingId + ":" + account;
    }

    /**
     * The events without the shares that cannot earn whatever the facts ({@link EarningRules.Version#canEarn}, no rule
     * in force on the day): planned, they give the same entries, and a group left with nothing needs no statement.
     */
    static List<PaymentsPosted> thatCanEarn(List<PaymentsPosted> events, EarningRules rules) {
        List<PaymentsPosted> out = new ArrayList<>(events.size());
        for (PaymentsPosted posted : events) {
            List<PaymentsPosted.Received> received = new ArrayList<>();
            boolean all = true;
            for (PaymentsPosted.Received r : posted.received()) {
                EarningRules.Version rule = rules.inForce(r.businessDate());
                all &= rule != null;
                if (rule == null) continue;
                List<PaymentsPosted.Share> shares = r.shares().stream()
                        .filter(s -> rule.canEarn(r.channel(), s.amount().fen()))
                        .toList();
                all &= shares.size() == r.shares().size();
                if (shares.size() == r.shares().size()) received.add(r);
                else if (!shares.isEmpty())
                    received.add(new PaymentsPosted.Received(
                            r.postingId(), r.kind(), r.channel(), r.businessDate(), shares));
            }
            if (!received.isEmpty() || !posted.reversed().isEmpty())
                out.add(all ? posted : new PaymentsPosted(received, posted.reversed()));
        }
        return out;
    }

    /**
     * An earning whose cap per year is left to the statement that writes it: {@code points} is capped per payment
     * only, {@code maxPerYear} is the rule's.
     */
    record Uncapped(
            long account, long points, String key, long postingId, int year, int ruleVersion, long maxPerYear) {}

    /** What of a share settled items before their due date, as the ledger allocated it in this transaction. */
    interface OnTime {
        long fen(long postingId, long account);
    }

    /**
     * What new payments earn before the cap per year, in event order: for the ledger's own event of payments it has
     * just posted (none reversed, none earned yet), with what settled on time as its allocation says. The cap per year
     * is applied where the year's earnings are read, in the write (see {@link EarningRules.Version#beforeYearCap}).
     */
    static List<Uncapped> uncapped(PaymentsPosted posted, EarningRules rules, OnTime onTime) {
        if (!posted.reversed().isEmpty()) throw new IllegalArgumentException("an event with reversals");
        List<Uncapped> out = new ArrayList<>();
        for (PaymentsPosted event : thatCanEarn(List.of(posted), rules))
            for (PaymentsPosted.Received r : event.received()) {
                EarningRules.Version rule = rules.inForce(r.businessDate());
                for (PaymentsPosted.Share s : r.shares()) {
                    long account = s.supplyAccountId();
                    long points = rule.beforeYearCap(r.channel(), s.amount().fen(), onTime.fen(r.postingId(), account));
                    if (points > 0)
                        out.add(new Uncapped(
                                account,
                                points,
                                earnKey(r.postingId(), account),
                                r.postingId(),
                                r.businessDate().getYear(),
                                rule.version(),
                                rule.maxPerYear()));
                }
            }
        return out;
    }

    static List<Entry> plan(List<PaymentsPosted> events, EarningRules rules, Facts facts) {
        List<Entry> entries = new ArrayList<>();
        Set<String> written = new HashSet<>();
        Map<String, long[]> earnedHere = new HashMap<>();
        Map<String, Long> earnedInYear = new HashMap<>(); // account:year -> what this group earned, net
        Map<Long, Long> balance = new HashMap<>(); // account -> what this group moved
        for (PaymentsPosted posted : events) {
            for (PaymentsPosted.Received r : posted.received()) {
                // a payment reversed before its points were earned earns none (the reversal's listener found nothing)
                if (facts.reversed(r.postingId())) continue;
                EarningRules.Version rule = rules.inForce(r.businessDate());
                if (rule == null) continue;
                int year = r.businessDate().getYear();
                for (PaymentsPosted.Share s : r.shares()) {
                    long account = s.supplyAccountId();
                    String key = earnKey(r.postingId(), account);
                    // earned before (the event delivered again): nothing twice
                    if (written.contains(key) || facts.written(key)) continue;
                    String yearKey = account + ":" + year;
                    long inYear = facts.earnedInYear(account, year) + earnedInYear.getOrDefault(yearKey, 0L);
                    long points =
                            rule.points(r.channel(), s.amount().fen(), facts.onTimeFen(r.postingId(), account), inYear);
                    if (points <= 0) continue;
                    entries.add(new Entry(account, "EARN", points, key, r.postingId(), year, rule.version()));
                    written.add(key);
                    earnedHere.put(key, new long[] {points, year});
                    earnedInYear.merge(yearKey, points, Long::sum);
                    balance.merge(account, points, Long::sum);
                }
            }
            for (PaymentsPosted.Reversed r : posted.reversed()) {
                for (long account : facts.accountsOf(r.reverses())) {
                    String earnKey = earnKey(r.reverses(), account);
                    long[] earned = earnedHere.containsKey(earnKey) ? earnedHere.get(earnKey) : facts.earned(earnKey);
                    String key = takeBackKey(r.reverses(), account);
                    if (earned == null || written.contains(key) || facts.written(key)) continue;
                    // as far as the balance goes: points already spent stay spent, the balance never goes below zero
                    long take = Math.min(earned[0], facts.balance(account) + balance.getOrDefault(account, 0L));
                    if (take <= 0) continue;
                    int year = (int) earned[1];
                    entries.add(new Entry(account, "TAKE_BACK", -take, key, r.reverses(), year, null));
                    written.add(key);
                    earnedInYear.merge(account + ":" + year, -take, Long::sum);
                    balance.merge(account, -take, Long::sum);
                }
            }
        }
        return entries;
    }
}
