package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PaymentsPosted;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 section 9: earning a group of events at once ({@link PointsEarning}, what the set-based earning writes)
 * gives the same entries and balances as the per-account rules applied one event after the other, the way points
 * were earned before: on generated payments by every channel, on days across years and rule versions, with on-time
 * parts, caps per payment and per year, reversals before and after the earning, points spent in between, and events
 * delivered again.
 */
class PointsEarningPropertyTests {

    /** Small caps, so that generated payments reach them often; a second version with other rates from 2025. */
    static final EarningRules RULES = EarningRules.read("""
            versions:
              - {version: 1, from: "2023-01-01", pointsPerYuan: {GATEWAY: 2, BANK: 3, CARD: 1, CASH: 0},
                 onTimeBonusPercent: 50, maxPerPosting: 800, maxPerYear: 2000}
              - {version: 2, from: "2025-01-01", pointsPerYuan: {GATEWAY: 4, BANK: 5, CARD: 1},
                 onTimeBonusPercent: 100, maxPerPosting: 1500, maxPerYear: 2500}
            """);

    static final LocalDate[] DAYS = {
        LocalDate.of(2022, 12, 31), // before the first version: earns nothing
        LocalDate.of(2023, 3, 1),
        LocalDate.of(2023, 12, 31),
        LocalDate.of(2024, 1, 1),
        LocalDate.of(2024, 7, 1),
        LocalDate.of(2025, 1, 1),
        LocalDate.of(2025, 6, 30)
    };

    record Stored(long account, String kind, long points, int year, Integer rule) {}

    /** The points' tables, and the ledger's facts they read. */
    static final class Store implements PointsEarning.Facts {
        final Map<String, Stored> entries = new LinkedHashMap<>();
        final Map<Long, Long> balances = new TreeMap<>();
        final Set<Long> reversedPostings;
        final Map<Long, Map<Long, Long>> onTimeOf; // posting -> account -> on-time fen

        Store(Set<Long> reversedPostings, Map<Long, Map<Long, Long>> onTimeOf) {
            this.reversedPostings = reversedPostings;
            this.onTimeOf = onTimeOf;
        }

        /** As the insert with ON CONFLICT DO NOTHING and the balance update: a key there moves nothing. */
        void write(String key, Stored e) {
            if (entries.putIfAbsent(key, e) != null) return;
            long b = balances.merge(e.account(), e.points(), Long::sum);
            assertThat(b).as("balance of %d", e.account()).isNotNegative();
        }

        @Override
        public boolean reversed(long postingId) {
            return reversedPostings.contains(postingId);
        }

        @Override
        public boolean written(String key) {
            return entries.containsKey(key);
        }

        @Override
        public long onTimeFen(long postingId, long account) {
            return onTimeOf.getOrDefault(postingId, Map.of()).getOrDefault(account, 0L);
        }

        @Override
        public long earnedInYear(long account, int year) {
            return entries.values().stream()
                    .filter(e -> e.account() == account && e.year() == year)
                    .filter(e -> e.kind().equals("EARN") || e.kind().equals("TAKE_BACK"))
                    .mapToLong(Stored::points)
                    .sum();
        }

        @Override
        public long balance(long account) {
            return balances.getOrDefault(account, 0L);
        }

        @Override
        public List<Long> accountsOf(long postingId) {
            return onTimeOf.getOrDefault(postingId, Map.of()).keySet().stream()
                    .sorted()
                    .toList();
        }

        @Override
        public long[] earned(String earnKey) {
            Stored e = entries.get(earnKey);
            return e == null ? null : new long[] {e.points(), e.year()};
        }

        /** The per-account rules, one event at a time, each entry written as soon as it is decided (as before). */
        void earnOneByOne(PaymentsPosted posted) {
            for (PaymentsPosted.Received r : posted.received()) {
                if (reversed(r.postingId())) continue;
                EarningRules.Version rule = RULES.inForce(r.businessDate());
                if (rule == null) continue;
                int year = r.businessDate().getYear();
                for (PaymentsPosted.Share s : r.shares()) {
                    long account = s.supplyAccountId();
                    long points = rule.points(
                            r.channel(),
                            s.amount().fen(),
                            onTimeFen(r.postingId(), account),
                            earnedInYear(account, year));
                    if (points <= 0) continue;
                    write(
                            "earn:" + r.postingId() + ":" + account,
                            new Stored(account, "EARN", points, year, rule.version()));
                }
            }
            for (PaymentsPosted.Reversed r : posted.reversed()) {
                for (long account : accountsOf(r.reverses())) {
                    Stored earned = entries.get("earn:" + r.reverses() + ":" + account);
                    if (earned == null) continue;
                    long take = Math.min(earned.points(), balance(account));
                    if (take <= 0) continue;
                    write(
                            "take-back:" + r.reverses() + ":" + account,
                            new Stored(account, "TAKE_BACK", -take, earned.year(), null));
                }
            }
        }

        /**
         * The set-based way: the shares that cannot earn dropped (what then is left needs facts), the whole group
         * decided on the facts as they were before it, then written.
         */
        void earnAsAGroup(List<PaymentsPosted> group) {
            for (PointsEarning.Entry e : PointsEarning.plan(PointsEarning.thatCanEarn(group, RULES), RULES, this))
                write(e.key(), new Stored(e.account(), e.kind(), e.points(), e.year(), e.ruleVersion()));
        }

        void redeem(long account, long points) {
            if (balance(account) < points) return;
            write("redeem:" + entries.size(), new Stored(account, "REDEEM", -points, 0, null));
        }
    }

    @Test
    void earningAGroupAtOnceEqualsThePerAccountRulesEventByEvent() {
        qt().withExamples(400)
                .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 40))
                .checkAssert(ops -> {
                    bothWays(ops);
                });
    }

    /** Runs the script both ways, checking they agree after every delivery; gives what the run reached. */
    static Set<String> bothWays(List<Integer> ops) {
        Set<String> reached = new HashSet<>();
        Set<Long> reversed = new HashSet<>();
        Map<Long, Map<Long, Long>> onTimeOf = new HashMap<>();
        Store oneByOne = new Store(reversed, onTimeOf);
        Store grouped = new Store(reversed, onTimeOf);
        List<PaymentsPosted> queued = new ArrayList<>();
        List<PaymentsPosted> delivered = new ArrayList<>();
        List<Long> payments = new ArrayList<>();
        long nextPosting = 100;
        for (int op : ops) {
            int x = op / 8;
            switch (op % 8) {
                case 0, 1, 2 -> { // a payment (or a top-up) to one, two or three accounts
                    long posting = nextPosting++;
                    PaymentChannel channel = PaymentChannel.values()[x % PaymentChannel.values().length];
                    LocalDate day = DAYS[(x / 4) % DAYS.length];
                    int accounts = 1 + (x / 28) % 3;
                    List<PaymentsPosted.Share> shares = new ArrayList<>();
                    Map<Long, Long> onTime = new TreeMap<>();
                    for (int a = 0; a < accounts; a++) {
                        long account = 1 + (x / 84 + a) % 3;
                        long fen = 1 + Math.floorMod((long) op * 7919 + a * 104_729L, 400_000L);
                        if ((x + a) % 9 == 0) fen = 1 + fen % 200; // under a yuan, or just over (issue #10)
                        shares.add(new PaymentsPosted.Share(account, Money.fen(fen)));
                        // none, part or all of it settled items before their due date
                        onTime.put(account, fen * ((x / 250 + a) % 3) / 2);
                    }
                    onTimeOf.put(posting, onTime);
                    payments.add(posting);
                    queued.add(new PaymentsPosted(
                            List.of(new PaymentsPosted.Received(
                                    posting,
                                    x % 2 == 0 ? PostingKind.PAYMENT : PostingKind.TOP_UP,
                                    channel,
                                    day,
                                    shares)),
                            List.of()));
                }
                case 3 -> { // a reversal of an earlier payment, committed now, its event queued
                    if (payments.isEmpty()) continue;
                    long of = payments.get(x % payments.size());
                    if (!reversed.add(of)) continue;
                    queued.add(new PaymentsPosted(List.of(), List.of(new PaymentsPosted.Reversed(nextPosting++, of))));
                }
                case 4, 5 -> { // the next events delivered: one by one, or as one group; sometimes one again
                    int n = Math.min(queued.size(), 1 + x % 6);
                    List<PaymentsPosted> group = new ArrayList<>(queued.subList(0, n));
                    queued.subList(0, n).clear();
                    if (x % 5 == 0 && !delivered.isEmpty())
                        group.add((x / 5) % (group.size() + 1), delivered.get((x / 7) % delivered.size()));
                    if (group.size() > 1) reached.add("group");
                    for (PaymentsPosted p : group)
                        for (PaymentsPosted.Received r : p.received())
                            if (reversed.contains(r.postingId())) reached.add("reversed-before-earned");
                    if (group.size() > n) reached.add("again");
                    group.forEach(oneByOne::earnOneByOne);
                    grouped.earnAsAGroup(group);
                    delivered.addAll(group);
                    assertThat(grouped.entries).isEqualTo(oneByOne.entries);
                    assertThat(grouped.balances).isEqualTo(oneByOne.balances);
                }
                case 6 -> { // points spent in between
                    long account = 1 + x % 3;
                    long points = 1 + x % 1_500;
                    oneByOne.redeem(account, points);
                    grouped.redeem(account, points);
                }
                default -> { // a whole delivered event again, alone
                    if (delivered.isEmpty()) continue;
                    PaymentsPosted again = delivered.get(x % delivered.size());
                    reached.add("again");
                    oneByOne.earnOneByOne(again);
                    grouped.earnAsAGroup(List.of(again));
                }
            }
        }
        queued.forEach(oneByOne::earnOneByOne);
        grouped.earnAsAGroup(queued);
        assertThat(grouped.entries).isEqualTo(oneByOne.entries);
        assertThat(grouped.balances).isEqualTo(oneByOne.balances);

        // what the run reached, read off its entries
        Map<String, Long> perYear = new HashMap<>();
        for (Map.Entry<String, Stored> e : grouped.entries.entrySet()) {
            Stored v = e.getValue();
            if (v.kind().equals("EARN")) {
                EarningRules.Version rule = RULES.versions().get(v.rule() - 1);
                if (v.points() == rule.maxPerPosting()) reached.add("posting-cap");
                if (perYear.merge(v.account() + ":" + v.year(), v.points(), Long::sum) == rule.maxPerYear())
                    reached.add("year-cap");
            }
            if (v.kind().equals("TAKE_BACK")) {
                reached.add("take-back");
                Stored earned = grouped.entries.get(e.getKey().replace("take-back:", "earn:"));
                if (-v.points() < earned.points()) reached.add("take-back-short");
            }
        }
        for (PaymentsPosted p : delivered)
            for (PaymentsPosted.Received r : p.received()) {
                if (RULES.inForce(r.businessDate()) == null) reached.add("no-rule");
                if (r.shares().stream().anyMatch(s -> s.amount().fen() < 100)) reached.add("under-a-yuan");
                if (PointsEarning.thatCanEarn(List.of(p), RULES).isEmpty()) reached.add("nothing-can-earn");
            }
        return reached;
    }

    @Test
    void theGeneratedRunsReachTheCapsTheReversalsAndTheRepeats() {
        // not a property: the runs above must reach what they claim to test
        Set<String> seen = new HashSet<>();
        qt().withExamples(400)
                .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 40))
                .checkAssert(ops -> seen.addAll(bothWays(ops)));
        assertThat(seen)
                .contains(
                        "posting-cap",
                        "year-cap",
                        "take-back",
                        "take-back-short",
                        "reversed-before-earned",
                        "group",
                        "again",
                        "no-rule",
                        "under-a-yuan",
                        "nothing-can-earn");
    }
}
