package io.gridhall.payment.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.Permission;
import io.gridhall.payment.PaymentsPosted;
import io.gridhall.payment.RewardPoints;
import io.gridhall.shared.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reward points and the mall (ADR 0015). Every write locks the accounts' {@code points_account} rows in id order
 * (creating them first with one upsert), writes entries under unique keys and moves the cached balance by their sum.
 */
@Service
class KeepingPoints implements RewardPoints {

    /** Accounts per transaction of the expiry job. */
    static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Audit audit;
    private final TransactionTemplate tx;
    private final EarningRules rules;

    KeepingPoints(JdbcClient jdbc, Clock clock, Audit audit, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.tx = tx;
        try {
            this.rules = EarningRules.read(
                    new ClassPathResource("payment/points-rules.yaml").getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- earning ----

    @Override
    @Transactional
    public void earn(PaymentsPosted posted) {
        earnAll(List.of(posted));
    }

    /**
     * Earns and takes back the points of several events in one transaction (the ledger's, for its own event), with the
     * same entries as earning them one after the other in their order (ADR 0015), in a few statements whatever their number of shares: the accounts of
     * reversed postings; the lock of every account, which gives the balances; for every share at once, whether its
     * posting was reversed or its points were earned, what settled on time and what the account earned in the year;
     * the points of the reversed postings; then one statement writes every entry and moves every balance.
     */
    @Transactional
    public void earnAll(List<PaymentsPosted> events) {
        events = PointsEarning.thatCanEarn(events, rules);
        if (events.isEmpty()) return; // nothing can earn: no statement
        DatabaseFacts facts = new DatabaseFacts();
        // the accounts of each reversed posting, locked before their points are looked for: a payment's points being
        // earned at the same time are committed by then (the earning holds the same lock)
        facts.readAccountsOfReversed(events);
        TreeSet<Long> accounts = new TreeSet<>();
        for (PaymentsPosted posted : events) {
            posted.received().forEach(r -> r.shares().forEach(s -> accounts.add(s.supplyAccountId())));
            posted.reversed().forEach(r -> accounts.addAll(facts.accountsOf(r.reverses())));
        }
        if (accounts.isEmpty()) return;
        // the ledger's locks of the accounts first, as a posting that earns holds them (see inPosting)
        jdbc.sql("""
                        select supply_account_id from payment.ledger_account
                        where supply_account_id = any(:ids) order by 1 for update""")
                .param("ids", accounts.toArray(Long[]::new))
                .query(Long.class)
                .list();
        facts.balances.putAll(lock(accounts));
        facts.readShares(events);
        facts.readEarningsOfReversed();
        write(PointsEarning.plan(events, rules, facts), clock.instant());
    }

    /**
     * What the ledger's own event of new payments earns, for the ledger to write with its entries (ADR 0015, "The
     * ledger's write earns"): no I/O here. The ledger's write statement reads what each account earned in the year,
     * under the ledger's locks of the accounts (which every earning takes first, {@link #earnAll} too, so the sum it
     * reads is final), applies the cap per year ({@link #EARN_IN_WRITE}) and writes the entries and balances. The
     * postings are new in this transaction, so none can be reversed or have earned already; their earnings' keys stay
     * unique, the last guard. An event with reversals, rare, takes {@link #earnAll} after the ledger's write.
     */
    List<PointsEarning.Uncapped> inPosting(PaymentsPosted posted, PointsEarning.OnTime onTime) {
        return PointsEarning.uncapped(posted, rules, onTime);
    }

    /**
     * The parts of the ledger's write statement that earn {@link #inPosting}'s points, after its own parts: the room
     * left under each account's cap per year is read from its entries of the year, and each earning takes what is
     * left of it after the earnings before it in the list (a running sum: {@code least(room, S_i) - least(room,
     * S_i - e_i)} is what applying the cap one earning after the other gives, as {@link PointsEarning#plan} does);
     * then entries under their keys, and one upsert of the balances in id order that creates the points accounts that
     * are new. Parameters: {@link #bindEarnings}.
     */
    static final String EARN_IN_WRITE = """
            ,
            earning as (
                select t.account, t.key, t.posting, t.year, t.rule, t.ord,
                    least(c.room, sum(t.points) over w) - least(c.room, sum(t.points) over w - t.points) as points
                from unnest(cast(:earnAccounts as bigint[]), cast(:earnPoints as bigint[]), cast(:earnKeys as text[]),
                            cast(:earnPostings as bigint[]), cast(:earnYears as int[]), cast(:earnRules as int[]),
                            cast(:earnCaps as bigint[]))
                     with ordinality as t(account, points, key, posting, year, rule, cap, ord)
                cross join lateral (
                    select greatest(0, t.cap - coalesce(sum(x.points), 0)) as room from payment.points_entry x
                    where x.supply_account_id = t.account and x.kind in ('EARN', 'TAKE_BACK')
                      and x.earned_year = t.year) c
                window w as (partition by t.account, t.year order by t.ord)),
            earned as (
                insert into payment.points_entry (supply_account_id, kind, points, idempotency_key, at,
                                                  posting_id, earned_year, rule_version)
                select account, 'EARN', points, key, :earnedAt, posting, year, rule from earning
                where points > 0 order by ord
                on conflict (idempotency_key) do nothing
                returning supply_account_id, points),
            points as (
                insert into payment.points_account (supply_account_id, balance)
                select supply_account_id, sum(points) from earned group by 1 order by 1
                on conflict (supply_account_id)
                do update set balance = payment.points_account.balance + excluded.balance)
            """;

    static JdbcClient.StatementSpec bindEarnings(
            JdbcClient.StatementSpec spec, List<PointsEarning.Uncapped> earnings, Instant at) {
        return spec.param(
                        "earnAccounts",
                        earnings.stream().map(PointsEarning.Uncapped::account).toArray(Long[]::new))
                .param(
                        "earnPoints",
                        earnings.stream().map(PointsEarning.Uncapped::points).toArray(Long[]::new))
                .param(
                        "earnKeys",
                        earnings.stream().map(PointsEarning.Uncapped::key).toArray(String[]::new))
                .param(
                        "earnPostings",
                        earnings.stream().map(PointsEarning.Uncapped::postingId).toArray(Long[]::new))
                .param(
                        "earnYears",
                        earnings.stream().map(PointsEarning.Uncapped::year).toArray(Integer[]::new))
                .param(
                        "earnRules",
                        earnings.stream()
                                .map(PointsEarning.Uncapped::ruleVersion)
                                .toArray(Integer[]::new))
                .param(
                        "earnCaps",
                        earnings.stream()
                                .map(PointsEarning.Uncapped::maxPerYear)
                                .toArray(Long[]::new))
                .param("earnedAt", Timestamp.from(at));
    }

    /** {@link PointsEarning.Facts} as read from the database, a statement for each kind of fact. */
    private final class DatabaseFacts implements PointsEarning.Facts {
        final Map<Long, List<Long>> accountsOf = new HashMap<>();
        final Map<Long, Long> balances = new HashMap<>();
        final java.util.Set<Long> reversed = new java.util.HashSet<>();
        final java.util.Set<String> written = new java.util.HashSet<>();
        final Map<String, Long> onTime = new HashMap<>();
        final Map<String, Long> earnedInYear = new HashMap<>();
        final Map<String, long[]> earned = new HashMap<>();

        @Override
        public boolean reversed(long postingId) {
            return reversed.contains(postingId);
        }

        @Override
        public boolean written(String key) {
            return written.contains(key);
        }

        @Override
        public long onTimeFen(long postingId, long account) {
            return onTime.getOrDefault(postingId + ":" + account, 0L);
        }

        @Override
        public long earnedInYear(long account, int year) {
            return earnedInYear.getOrDefault(account + ":" + year, 0L);
        }

        @Override
        public long balance(long account) {
            return balances.getOrDefault(account, 0L);
        }

        @Override
        public List<Long> accountsOf(long postingId) {
            return accountsOf.getOrDefault(postingId, List.of());
        }

        @Override
        public long[] earned(String earnKey) {
            return earned.get(earnKey);
        }

        void readAccountsOfReversed(List<PaymentsPosted> events) {
            Long[] postings = events.stream()
                    .flatMap(e -> e.reversed().stream())
                    .map(PaymentsPosted.Reversed::reverses)
                    .distinct()
                    .toArray(Long[]::new);
            if (postings.length == 0) return;
            jdbc.sql("""
                            select distinct posting_id, supply_account_id from payment.entry
                            where posting_id = any(cast(:postings as bigint[])) and supply_account_id is not null
                            order by 1, 2""")
                    .param("postings", postings)
                    .query((rs, n) -> accountsOf
                            .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(rs.getLong(2)))
                    .list();
        }

        /**
         * For every share of the events, in one statement (under the accounts' locks), whether its posting was
         * reversed or its points were earned (the postings may be older than this transaction), what of it settled
         * on time and what its account earned in the year.
         */
        void readShares(List<PaymentsPosted> events) {
            List<Long> postings = new ArrayList<>();
            List<Long> accounts = new ArrayList<>();
            List<String> days = new ArrayList<>();
            for (PaymentsPosted posted : events)
                for (PaymentsPosted.Received r : posted.received())
                    for (PaymentsPosted.Share s : r.shares()) {
                        postings.add(r.postingId());
                        accounts.add(s.supplyAccountId());
                        days.add(r.businessDate().toString());
                    }
            if (postings.isEmpty()) return;
            jdbc.sql("""
                            select t.posting, t.account, extract(year from t.day)::int,
                                exists (select 1 from payment.posting p where p.reverses = t.posting),
                                exists (select 1 from payment.points_entry k
                                        where k.idempotency_key = 'earn:' || t.posting || ':' || t.account),
                                (select coalesce(-sum(e.amount), 0) from payment.entry e
                                 join payment.receivable_item i on i.item_id = e.item_id
                                 where e.posting_id = t.posting and e.supply_account_id = t.account
                                   and e.book = 'RECEIVABLE' and e.amount < 0 and t.day < i.due_on),
                                (select coalesce(sum(x.points), 0) from payment.points_entry x
                                 where x.supply_account_id = t.account and x.kind in ('EARN', 'TAKE_BACK')
                                   and x.earned_year = extract(year from t.day))
                            from (select distinct posting, account, cast(day as date) as day
                                  from unnest(cast(:postings as bigint[]), cast(:accounts as bigint[]),
                                              cast(:days as text[])) as u(posting, account, day)) t""")
                    .param("postings", postings.toArray(Long[]::new))
                    .param("accounts", accounts.toArray(Long[]::new))
                    .param("days", days.toArray(String[]::new))
                    .query((rs, n) -> {
                        long posting = rs.getLong(1);
                        long account = rs.getLong(2);
                        if (rs.getBoolean(4)) reversed.add(posting);
                        if (rs.getBoolean(5)) written.add(PointsEarning.earnKey(posting, account));
                        onTime.put(posting + ":" + account, rs.getLong(6));
                        earnedInYear.put(account + ":" + rs.getInt(3), rs.getLong(7));
                        return null;
                    })
                    .list();
        }

        /** The points earned for the reversed postings, and whether they were taken back already. */
        void readEarningsOfReversed() {
            if (accountsOf.isEmpty()) return;
            jdbc.sql("""
                            select e.posting_id, e.supply_account_id, e.points, e.earned_year,
                                exists (select 1 from payment.points_entry t
                                        where t.idempotency_key = 'take-back:' || e.posting_id || ':' || e.supply_account_id)
                            from payment.points_entry e
                            where e.kind = 'EARN' and e.posting_id = any(cast(:postings as bigint[]))""")
                    .param("postings", accountsOf.keySet().toArray(Long[]::new))
                    .query((rs, n) -> {
                        long posting = rs.getLong(1);
                        long account = rs.getLong(2);
                        earned.put(PointsEarning.earnKey(posting, account), new long[] {rs.getLong(3), rs.getInt(4)});
                        if (rs.getBoolean(5)) written.add(PointsEarning.takeBackKey(posting, account));
                        return null;
                    })
                    .list();
        }
    }

    /**
     * Every entry and every balance in one statement; a key already there writes nothing and moves nothing. The
     * points accounts are locked and there ({@link #lock}).
     */
    private void write(List<PointsEarning.Entry> entries, Instant at) {
        if (entries.isEmpty()) return;
        jdbc.sql("""
                        with written as (
                            insert into payment.points_entry (supply_account_id, kind, points, idempotency_key, at,
                                                              posting_id, earned_year, rule_version)
                            select t.account, t.kind, t.points, t.key, :at, t.posting, t.year, t.rule
                            from unnest(cast(:accounts as bigint[]), cast(:kinds as text[]), cast(:points as bigint[]),
                                        cast(:keys as text[]), cast(:postings as bigint[]), cast(:years as int[]),
                                        cast(:rules as int[]))
                                 with ordinality as t(account, kind, points, key, posting, year, rule, ord)
                            order by t.ord
                            on conflict (idempotency_key) do nothing
                            returning supply_account_id, points)
                        update payment.points_account a set balance = a.balance + w.points
                        from (select supply_account_id, sum(points) as points from written group by 1) w
                        where a.supply_account_id = w.supply_account_id""")
                .param(
                        "accounts",
                        entries.stream().map(PointsEarning.Entry::account).toArray(Long[]::new))
                .param("kinds", entries.stream().map(PointsEarning.Entry::kind).toArray(String[]::new))
                .param(
                        "points",
                        entries.stream().map(PointsEarning.Entry::points).toArray(Long[]::new))
                .param("keys", entries.stream().map(PointsEarning.Entry::key).toArray(String[]::new))
                .param(
                        "postings",
                        entries.stream().map(PointsEarning.Entry::postingId).toArray(Long[]::new))
                .param("years", entries.stream().map(PointsEarning.Entry::year).toArray(Integer[]::new))
                .param(
                        "rules",
                        entries.stream().map(PointsEarning.Entry::ruleVersion).toArray(Integer[]::new))
                .param("at", Timestamp.from(at))
                .update();
    }

    // ---- expiry ----

    @Override
    public int expire(LocalDate today) {
        int lastExpiredYear = today.getYear() - 2; // earned in year Y: gone from 1 January of Y + 2
        int total = 0;
        while (true) {
            // accounts with earnings of an expired year and no expiry entry for it yet, a chunk at a time
            List<Long> due = jdbc.sql("""
                            select distinct e.supply_account_id from payment.points_entry e
                            where e.kind = 'EARN' and e.earned_year <= :year
                              and not exists (select 1 from payment.points_expiry_run x
                                              where x.supply_account_id = e.supply_account_id
                                                and x.earned_year = :year)
                            order by 1 limit :chunk""")
                    .param("year", lastExpiredYear)
                    .param("chunk", CHUNK)
                    .query(Long.class)
                    .list();
            if (due.isEmpty()) return total;
            Integer n = tx.execute(status -> expireChunk(new TreeSet<>(due), lastExpiredYear));
            total += n == null ? 0 : n;
        }
    }

    /**
     * Oldest first: what is left of the points earned up to the year is what they were (net of points taken back)
     * minus everything spent or expired so far, at most the balance. Each account and year is marked as run, with or
     * without points to expire, so no later run looks at it again.
     */
    private int expireChunk(TreeSet<Long> accounts, int year) {
        lock(accounts);
        Instant now = clock.instant();
        int expired = 0;
        for (long account : accounts) {
            long left = jdbc.sql("""
                            select greatest(0,
                                coalesce(sum(points) filter (where kind in ('EARN', 'TAKE_BACK') and earned_year <= :year), 0)
                              + coalesce(sum(points) filter (where kind in ('REDEEM', 'EXPIRE')), 0))
                            from payment.points_entry where supply_account_id = :account""")
                    .param("year", year)
                    .param("account", account)
                    .query(Long.class)
                    .single();
            long points = Math.min(left, balanceOf(account));
            if (points > 0) {
                insert(account, "EXPIRE", -points, "expire:" + year + ":" + account, now, null, year, null, null);
                expired++;
            }
            jdbc.sql("""
                            insert into payment.points_expiry_run (supply_account_id, earned_year, points, at)
                            values (:a, :y, :p, :at) on conflict do nothing""")
                    .param("a", account)
                    .param("y", year)
                    .param("p", Math.max(points, 0))
                    .param("at", Timestamp.from(now))
                    .update();
        }
        return expired;
    }

    // ---- reads ----

    @Override
    @Transactional(readOnly = true)
    public Balance balance(long account, LocalDate today) {
        long points = balanceOf(account);
        // what was earned last year (and before) and is not yet spent expires at the end of this year
        long expiring = jdbc.sql("""
                        select greatest(0,
                            coalesce(sum(points) filter (where kind in ('EARN', 'TAKE_BACK') and earned_year <= :year), 0)
                          + coalesce(sum(points) filter (where kind in ('REDEEM', 'EXPIRE')), 0))
                        from payment.points_entry where supply_account_id = :account""")
                .param("year", today.getYear() - 1)
                .param("account", account)
                .query(Long.class)
                .single();
        return new Balance(account, points, Math.min(expiring, points), LocalDate.of(today.getYear(), 12, 31));
    }

    @Override
    public Optional<Rules> rules(LocalDate day) {
        return Optional.ofNullable(rules.inForce(day))
                .map(v -> new Rules(
                        v.version(),
                        v.from(),
                        java.util.Map.copyOf(v.pointsPerYuan()),
                        v.onTimeBonusPercent(),
                        v.maxPerPosting(),
                        v.maxPerYear()));
    }

    @Override
    @Transactional(readOnly = true)
    public List<Entry> history(long account, int limit) {
        return jdbc.sql("""
                        select e.entry_id, e.kind, e.points, e.at, e.posting_id, e.earned_year, e.redemption_id,
                               i.name_zh, i.name_en
                        from payment.points_entry e
                        left join payment.redemption r on r.redemption_id = e.redemption_id
                        left join payment.mall_item i on i.item_id = r.item_id
                        where e.supply_account_id = :account order by e.entry_id desc limit :limit""")
                .param("account", account)
                .param("limit", limit)
                .query((rs, n) -> new Entry(
                        rs.getLong(1),
                        EntryKind.valueOf(rs.getString(2)),
                        rs.getLong(3),
                        rs.getTimestamp(4).toInstant(),
                        (Long) rs.getObject(5),
                        (Integer) rs.getObject(6),
                        (Long) rs.getObject(7),
                        rs.getString(8),
                        rs.getString(9)))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public java.util.Map<Long, Long> earnedByPosting(long account, java.util.Collection<Long> postingIds) {
        java.util.Map<Long, Long> earned = new java.util.HashMap<>();
        if (postingIds.isEmpty()) return earned;
        jdbc.sql("""
                        select posting_id, sum(points) from payment.points_entry
                        where supply_account_id = :account and posting_id = any(:postings)
                          and kind in ('EARN', 'TAKE_BACK')
                        group by posting_id having sum(points) <> 0""")
                .param("account", account)
                .param("postings", postingIds.toArray(Long[]::new))
                .query((rs, n) -> earned.put(rs.getLong(1), rs.getLong(2)))
                .list();
        return earned;
    }

    private static final String ITEM = """
            select item_id, name_zh, name_en, description_zh, description_en, price_points, stock, active, version
            from payment.mall_item""";

    private static MallItem item(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new MallItem(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getInt(7),
                rs.getBoolean(8),
                rs.getInt(9));
    }

    @Override
    @Transactional(readOnly = true)
    public List<MallItem> mall(boolean all) {
        return jdbc.sql(ITEM + " where active or :all order by price_points, item_id")
                .param("all", all)
                .query((rs, n) -> item(rs))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<MallItem> item(long itemId) {
        return jdbc.sql(ITEM + " where item_id = :id")
                .param("id", itemId)
                .query((rs, n) -> item(rs))
                .optional();
    }

    // ---- the mall ----

    @Override
    @Transactional
    public Redemption redeem(String key, long account, long itemId, int quantity, Actor customer) {
        if (quantity < 1 || quantity > 10) throw Problem.badRequest("redeem-quantity", 1, 10);
        Optional<Redemption> earlier = redemption(key);
        if (earlier.isPresent()) return earlier.get();
        lock(new TreeSet<>(List.of(account)));
        MallItem item = item(itemId).filter(MallItem::active).orElseThrow(() -> Problem.notFound("mall-item"));
        long price = Math.multiplyExact(item.pricePoints(), quantity);
        long balance = balanceOf(account);
        if (balance < price) throw Problem.conflict("points-insufficient", price, balance);
        // the stock moves in one statement that cannot take it below zero: concurrent redemptions queue on the row
        int taken = jdbc.sql("""
                        update payment.mall_item set stock = stock - :q
                        where item_id = :id and active and stock >= :q""").param("q", quantity).param("id", itemId).update();
        if (taken == 0) throw Problem.conflict("sold-out", item.nameZh(), item.nameEn());
        Instant now = clock.instant();
        long id = jdbc.sql("""
                        insert into payment.redemption (supply_account_id, item_id, quantity, points, idempotency_key,
                                                        redeemed_by, at)
                        values (:account, :item, :q, :points, :key, :by, :at) returning redemption_id""")
                .param("account", account)
                .param("item", itemId)
                .param("q", quantity)
                .param("points", price)
                .param("key", key)
                .param("by", customer.userId().value())
                .param("at", Timestamp.from(now))
                .query(Long.class)
                .single();
        insert(account, "REDEEM", -price, "redeem:" + id, now, null, null, null, id);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("supplyAccountId", account);
        details.put("itemId", itemId);
        details.put("quantity", quantity);
        details.put("points", price);
        audit.record(customer, "payment.points-redeem", "redemption", String.valueOf(id), details);
        return new Redemption(id, account, itemId, quantity, price, now, balance - price);
    }

    private Optional<Redemption> redemption(String key) {
        return jdbc.sql("""
                        select r.redemption_id, r.supply_account_id, r.item_id, r.quantity, r.points, r.at, a.balance
                        from payment.redemption r join payment.points_account a using (supply_account_id)
                        where r.idempotency_key = :key""")
                .param("key", key)
                .query((rs, n) -> new Redemption(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getInt(4),
                        rs.getLong(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getLong(7)))
                .optional();
    }

    @Override
    @Transactional
    public MallItem addItem(MallItem.Details d, Actor staff) {
        staff.require(Permission.PAYMENT_COLLECT);
        check(d);
        long id = jdbc.sql("""
                        insert into payment.mall_item (name_zh, name_en, description_zh, description_en, price_points,
                                                       stock, active)
                        values (:nameZh, :nameEn, :descriptionZh, :descriptionEn, :price, :stock, :active)
                        returning item_id""").params(columns(d)).query(Long.class).single();
        MallItem created = item(id).orElseThrow();
        audit.record(staff, "payment.mall-item-add", "mall-item", String.valueOf(id), columns(d));
        return created;
    }

    @Override
    @Transactional
    public MallItem changeItem(long itemId, int version, MallItem.Details d, Actor staff) {
        staff.require(Permission.PAYMENT_COLLECT);
        check(d);
        MallItem before = jdbc.sql(ITEM + " where item_id = :id for update")
                .param("id", itemId)
                .query((rs, n) -> item(rs))
                .optional()
                .orElseThrow(() -> Problem.notFound("mall-item"));
        if (before.version() != version) throw Problem.conflict("mall-item-changed", before.version());
        jdbc.sql("""
                        update payment.mall_item set name_zh = :nameZh, name_en = :nameEn,
                            description_zh = :descriptionZh, description_en = :descriptionEn, price_points = :price,
                            stock = :stock, active = :active, version = version + 1
                        where item_id = :id""").params(columns(d)).param("id", itemId).update();
        Map<String, Object> details = columns(d);
        details.put("stockBefore", before.stock());
        details.put("priceBefore", before.pricePoints());
        audit.record(staff, "payment.mall-item-change", "mall-item", String.valueOf(itemId), details);
        return item(itemId).orElseThrow();
    }

    private static void check(MallItem.Details d) {
        if (d.pricePoints() <= 0 || d.stock() < 0) throw Problem.badRequest("mall-item-invalid");
    }

    private static Map<String, Object> columns(MallItem.Details d) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("nameZh", d.nameZh());
        p.put("nameEn", d.nameEn());
        p.put("descriptionZh", d.descriptionZh() == null ? "" : d.descriptionZh());
        p.put("descriptionEn", d.descriptionEn() == null ? "" : d.descriptionEn());
        p.put("price", d.pricePoints());
        p.put("stock", d.stock());
        p.put("active", d.active());
        return p;
    }

    // ---- rows ----

    /**
     * Locks the accounts' rows in id order, creating those that are new, and gives their balances as locked. Rows that
     * all exist are locked without being written ({@code SELECT ... FOR UPDATE}); when some are new, one upsert locks
     * the others and creates those, in id order. As in the ledger (ADR 0012), several accounts are looked up without a
     * lock first, so no lock is taken out of order; one account is locked at once, as nothing is held when it is new.
     */
    private Map<Long, Long> lock(TreeSet<Long> accounts) {
        Long[] ids = accounts.toArray(Long[]::new);
        Map<Long, Long> balances = new HashMap<>();
        boolean allThere = ids.length == 1
                || jdbc.sql("select count(*) from payment.points_account where supply_account_id = any(:ids)")
                                .param("ids", ids)
                                .query(Long.class)
                                .single()
                        == ids.length;
        if (allThere) {
            jdbc.sql("""
                            select supply_account_id, balance from payment.points_account
                            where supply_account_id = any(:ids) order by 1 for update""")
                    .param("ids", ids)
                    .query((rs, n) -> balances.put(rs.getLong(1), rs.getLong(2)))
                    .list();
            if (balances.size() == ids.length) return balances;
        }
        jdbc.sql("""
                        insert into payment.points_account (supply_account_id)
                        select unnest(cast(:ids as bigint[])) order by 1
                        on conflict (supply_account_id) do update set balance = payment.points_account.balance
                        returning supply_account_id, balance""")
                .param("ids", ids)
                .query((rs, n) -> balances.put(rs.getLong(1), rs.getLong(2)))
                .list();
        return balances;
    }

    private long balanceOf(long account) {
        return jdbc.sql("select balance from payment.points_account where supply_account_id = :a")
                .param("a", account)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** One entry under its key; the balance moves only when the key is new. */
    private void insert(
            long account,
            String kind,
            long points,
            String key,
            Instant at,
            Long postingId,
            Integer year,
            Integer ruleVersion,
            Long redemptionId) {
        int inserted = jdbc.sql("""
                        insert into payment.points_entry (supply_account_id, kind, points, idempotency_key, at,
                                                          posting_id, earned_year, rule_version, redemption_id)
                        values (:account, :kind, :points, :key, :at, :posting, :year, :rule, :redemption)
                        on conflict (idempotency_key) do nothing""")
                .param("account", account)
                .param("kind", kind)
                .param("points", points)
                .param("key", key)
                .param("at", Timestamp.from(at))
                .param("posting", postingId)
                .param("year", year)
                .param("rule", ruleVersion)
                .param("redemption", redemptionId)
                .update();
        if (inserted == 1)
            jdbc.sql("update payment.points_account set balance = balance + :p where supply_account_id = :a")
                    .param("p", points)
                    .param("a", account)
                    .update();
    }
}
