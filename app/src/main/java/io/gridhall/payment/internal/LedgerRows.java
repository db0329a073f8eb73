package io.gridhall.payment.internal;

import io.gridhall.billing.BillId;
import io.gridhall.payment.Balance;
import io.gridhall.payment.Book;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.OpenItem;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PostingKind;
import io.gridhall.payment.PostingView;
import io.gridhall.payment.Statement;
import io.gridhall.shared.Money;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ledger's SQL: set-based statements over arrays, one per kind of row and transaction. */
@Repository
class LedgerRows {

    private final JdbcClient jdbc;

    LedgerRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Lets the rest of the transaction reuse the plans the connection made for the ledger's statements (ADR 0012,
     * "Planned once"). PostgreSQL plans a prepared statement again on every execution while a plan made for its
     * arrays' actual lengths looks cheaper than the generic one, and it always does for the short arrays of an online
     * payment: planning the write statement cost as much as running it. Local to the transaction, so the catch-all
     * filters elsewhere ({@code :x is null or ...}) keep their plans made for their values.
     */
    void planOnce() {
        jdbc.sql("set local plan_cache_mode = force_generic_plan").update();
    }

    /** Locks the accounts' rows in id order and reads them; absent accounts are absent from the answer. */
    Map<Long, Books.Account> lock(Long[] sortedIds) {
        Map<Long, Books.Account> locked = new HashMap<>();
        jdbc.sql("""
                select supply_account_id, branch_id, receivable, prepaid, version from payment.ledger_account
                where supply_account_id = any(:ids) order by supply_account_id for update""").param("ids", sortedIds).query(rs -> {
            long id = rs.getLong(1);
            locked.put(id, new Books.Account(id, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        });
        return locked;
    }

    /** Which of the accounts have a row, without locking anything. */
    java.util.Set<Long> present(Long[] ids) {
        return new java.util.HashSet<>(
                jdbc.sql("select supply_account_id from payment.ledger_account where supply_account_id = any(:ids)")
                        .param("ids", ids)
                        .query(Long.class)
                        .list());
    }

    /**
     * Locks the accounts' rows in id order, inserting those that do not exist yet (with their branch; a null branch
     * for a row that exists): one statement, rows taken in the order given.
     */
    Map<Long, Books.Account> lockOrCreate(Long[] sortedIds, Long[] branches) {
        Map<Long, Books.Account> locked = new HashMap<>();
        jdbc.sql("""
                insert into payment.ledger_account (supply_account_id, branch_id)
                select id, coalesce(branch, 0) from unnest(:ids, :branches) with ordinality as t(id, branch, n) order by n
                on conflict (supply_account_id) do update set version = payment.ledger_account.version
                returning supply_account_id, branch_id, receivable, prepaid, version""").param("ids", sortedIds).param("branches", branches).query(rs -> {
            long id = rs.getLong(1);
            locked.put(id, new Books.Account(id, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        });
        return locked;
    }

    String nextReceiptNumber(LocalDate day) {
        long n = jdbc.sql("select nextval('payment.receipt_number')")
                .query(Long.class)
                .single();
        return day.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE) + String.format("%08d", n % 100_000_000L);
    }

    record NewPosting(
            String key,
            String kind,
            String channel,
            Long billId,
            Long reverses,
            String reference,
            String reason,
            Long postedBy,
            String postedByName) {}

    /** Inserts the postings whose keys are new; answers the id of every key, new or posted before. */
    Map<String, Long> insertPostings(
            List<NewPosting> rows, Instant at, LocalDate businessDate, Map<String, Long> fresh) {
        int n = rows.size();
        String[] keys = new String[n],
                kinds = new String[n],
                channels = new String[n],
                refs = new String[n],
                reasons = new String[n],
                names = new String[n];
        Long[] bills = new Long[n], reverses = new Long[n], by = new Long[n];
        for (int i = 0; i < n; i++) {
            NewPosting r = rows.get(i);
            keys[i] = r.key();
            kinds[i] = r.kind();
            channels[i] = r.channel();
            bills[i] = r.billId();
            reverses[i] = r.reverses();
            refs[i] = r.reference();
            reasons[i] = r.reason();
            by[i] = r.postedBy();
            names[i] = r.postedByName();
        }
        jdbc.sql("""
                insert into payment.posting (idempotency_key, kind, channel, posted_at, business_date, bill_id,
                    reverses, reference, reason, posted_by, posted_by_name)
                select k, kind, ch, :at, :day, bill, rev, ref, why, by, name
                from unnest(:keys, :kinds, :channels, :bills, :reverses, :refs, :reasons, :by, :names)
                    as t(k, kind, ch, bill, rev, ref, why, by, name)
                on conflict (idempotency_key) do nothing
                returning idempotency_key, posting_id""")
                .param("at", Timestamp.from(at))
                .param("day", businessDate)
                .param("keys", keys)
                .param("kinds", kinds)
                .param("channels", channels)
                .param("bills", bills)
                .param("reverses", reverses)
                .param("refs", refs)
                .param("reasons", reasons)
                .param("by", by)
                .param("names", names)
                .query(rs -> {
                    fresh.put(rs.getString(1), rs.getLong(2));
                });
        Map<String, Long> all = new HashMap<>(fresh);
        if (fresh.size() < n) {
            List<String> old = new ArrayList<>();
            for (String k : keys) if (!fresh.containsKey(k)) old.add(k);
            jdbc.sql("select idempotency_key, posting_id from payment.posting where idempotency_key = any(:keys)")
                    .param("keys", old.toArray(String[]::new))
                    .query(rs -> {
                        all.put(rs.getString(1), rs.getLong(2));
                    });
        }
        return all;
    }

    private static final String ITEM_COLUMNS = "item_id, supply_account_id, bill_id, due_on, amount, open_amount";

    private static Books.Item item(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Books.Item(
                rs.getLong(1),
                rs.getLong(2),
                rs.getObject(3, Long.class),
                rs.getObject(4, LocalDate.class),
                rs.getLong(5),
                rs.getLong(6),
                null);
    }

    /** The open items of the accounts, and the items of the bills and ids named, whether open or not. */
    List<Books.Item> items(Long[] accounts, Long[] bills, Long[] itemIds) {
        List<Books.Item> out = new ArrayList<>();
        jdbc.sql("select " + ITEM_COLUMNS + """
                 from payment.receivable_item
                where (supply_account_id = any(:accounts) and open_amount > 0)
                   or bill_id = any(:bills) or item_id = any(:items)""")
                .param("accounts", accounts)
                .param("bills", bills)
                .param("items", itemIds)
                .query(rs -> {
                    out.add(item(rs));
                });
        return out;
    }

    long[] itemIds(int n) {
        return jdbc
                .sql("select nextval('payment.receivable_item_item_id_seq') from generate_series(1, :n)")
                .param("n", n)
                .query(Long.class)
                .list()
                .stream()
                .mapToLong(Long::longValue)
                .toArray();
    }

    void insertItems(List<Books.NewItem> rows) {
        if (rows.isEmpty()) return;
        int n = rows.size();
        Long[] ids = new Long[n],
                accounts = new Long[n],
                bills = new Long[n],
                amounts = new Long[n],
                postings = new Long[n];
        String[] kinds = new String[n], numbers = new String[n];
        LocalDate[] from = new LocalDate[n], to = new LocalDate[n], due = new LocalDate[n];
        for (int i = 0; i < n; i++) {
            Books.NewItem r = rows.get(i);
            ids[i] = r.itemId();
            accounts[i] = r.accountId();
            kinds[i] = r.kind();
            bills[i] = r.billId();
            numbers[i] = r.billNumber();
            from[i] = r.periodFrom();
            to[i] = r.periodTo();
            due[i] = r.dueOn();
            amounts[i] = r.amount();
            postings[i] = r.postingId();
        }
        // open_amount starts at the amount: the item's first entry raises it from nothing to there, and the
        // entries that settle it are written with the other entries and applied by write
        jdbc.sql("""
                insert into payment.receivable_item (item_id, supply_account_id, kind, bill_id, bill_number,
                    period_from, period_to, due_on, amount, open_amount, created_by)
                select id, acc, kind, bill, num, pf, pt, due, amt, amt, posting
                from unnest(:ids, :accounts, :kinds, :bills, :numbers, cast(:from as date[]), cast(:to as date[]),
                            cast(:due as date[]), :amounts, :postings) as t(id, acc, kind, bill, num, pf, pt, due, amt, posting)""")
                .param("ids", ids)
                .param("accounts", accounts)
                .param("kinds", kinds)
                .param("bills", bills)
                .param("numbers", numbers)
                .param("from", dates(from))
                .param("to", dates(to))
                .param("due", dates(due))
                .param("amounts", amounts)
                .param("postings", postings)
                .update();
    }

    private static String[] dates(LocalDate[] days) {
        String[] s = new String[days.length];
        for (int i = 0; i < days.length; i++) s[i] = days[i] == null ? null : days[i].toString();
        return s;
    }

    /**
     * Writes the entries, moves the changed accounts' balances and versions (each from the version it was locked at)
     * and the changed items' open amounts, in one statement: its parts see the same rows, and the balance trigger on
     * the entries runs at its end; and the points the payments earn, capped per year by what the accounts earned in
     * the year as this statement reads it, under the accounts' locks ({@link KeepingPoints#EARN_IN_WRITE}). Fails
     * when an account moved while it was locked.
     */
    void write(
            List<Books.Line> lines,
            Collection<Books.Account> accounts,
            Collection<Books.Item> items,
            List<PointsEarning.Uncapped> earnings,
            Instant at) {
        int n = lines.size();
        Long[] postings = new Long[n],
                entryAccounts = new Long[n],
                versions = new Long[n],
                entryItems = new Long[n],
                amounts = new Long[n];
        String[] books = new String[n];
        for (int i = 0; i < n; i++) {
            Books.Line l = lines.get(i);
            postings[i] = l.postingId();
            books[i] = l.book().name();
            entryAccounts[i] = l.accountId();
            versions[i] = l.accountVersion();
            entryItems[i] = l.itemId();
            amounts[i] = l.amount();
        }
        List<Books.Account> changed =
                accounts.stream().filter(Books.Account::changed).toList();
        int m = changed.size();
        Long[] ids = new Long[m],
                receivable = new Long[m],
                prepaid = new Long[m],
                version = new Long[m],
                before = new Long[m];
        for (int i = 0; i < m; i++) {
            Books.Account a = changed.get(i);
            ids[i] = a.id;
            receivable[i] = a.receivable;
            prepaid[i] = a.prepaid;
            version[i] = a.version;
            before[i] = a.versionBefore;
        }
        List<Books.Item> moved = items.stream()
                .filter(i -> i.created == null ? i.open != i.openBefore : i.open != i.amount)
                .toList();
        Long[] itemIds = new Long[moved.size()], open = new Long[moved.size()];
        for (int i = 0; i < moved.size(); i++) {
            itemIds[i] = moved.get(i).id;
            open[i] = moved.get(i).open;
        }
        if (n == 0 && m == 0 && moved.isEmpty() && earnings.isEmpty()) return;
        JdbcClient.StatementSpec write = jdbc.sql("""
                with entries as (
                    insert into payment.entry (posting_id, book, supply_account_id, account_version, item_id, amount)
                    select * from unnest(:postings, :books, :entryAccounts, :versions, :entryItems, :amounts)),
                accounts as (
                    update payment.ledger_account a set receivable = t.r, prepaid = t.p, version = t.v
                    from unnest(:ids, :r, :p, :v, :before) as t(id, r, p, v, before)
                    where a.supply_account_id = t.id and a.version = t.before
                    returning 1),
                items as (
                    update payment.receivable_item i set open_amount = t.o
                    from unnest(:itemIds, :open) as t(id, o) where i.item_id = t.id)
                """ + (earnings.isEmpty() ? "" : KeepingPoints.EARN_IN_WRITE) + """
                select count(*) from accounts""");
        if (!earnings.isEmpty()) write = KeepingPoints.bindEarnings(write, earnings, at);
        long updated = write.param("postings", postings)
                .param("books", books)
                .param("entryAccounts", entryAccounts)
                .param("versions", versions)
                .param("entryItems", entryItems)
                .param("amounts", amounts)
                .param("ids", ids)
                .param("r", receivable)
                .param("p", prepaid)
                .param("v", version)
                .param("before", before)
                .param("itemIds", itemIds)
                .param("open", open)
                .query(Long.class)
                .single();
        if (updated != m) throw new IllegalStateException("an account moved while it was locked");
    }

    // ---- reading ----

    List<Books.Line> entriesOf(long postingId) {
        return jdbc.sql("""
                select posting_id, book, supply_account_id, account_version, item_id, amount
                from payment.entry where posting_id = :id order by entry_id""")
                .param("id", postingId)
                .query((rs, i) -> new Books.Line(
                        rs.getLong(1),
                        Book.valueOf(rs.getString(2)),
                        rs.getObject(3, Long.class),
                        rs.getObject(4, Long.class),
                        rs.getObject(5, Long.class),
                        rs.getLong(6)))
                .list();
    }

    record PostingRow(long postingId, String kind, Long reverses) {}

    Optional<PostingRow> postingRow(long postingId) {
        return jdbc.sql("select posting_id, kind, reverses from payment.posting where posting_id = :id")
                .param("id", postingId)
                .query((rs, i) -> new PostingRow(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class)))
                .optional();
    }

    Optional<Long> postingIdOf(String key) {
        return jdbc.sql("select posting_id from payment.posting where idempotency_key = :key")
                .param("key", key)
                .query(Long.class)
                .optional();
    }

    /** The partial reversals of a posting (partial refunds of a payment), oldest first. */
    List<Long> partsReversed(long postingId) {
        return jdbc.sql("select posting_id from payment.partial_reversal where reverses = :id order by posting_id")
                .param("id", postingId)
                .query(Long.class)
                .list();
    }

    void insertPartReversed(long postingId, long reverses) {
        jdbc.sql("insert into payment.partial_reversal (posting_id, reverses) values (:p, :r)")
                .param("p", postingId)
                .param("r", reverses)
                .update();
    }

    Optional<Long> reversalOf(long postingId) {
        return jdbc.sql("select posting_id from payment.posting where reverses = :id")
                .param("id", postingId)
                .query(Long.class)
                .optional();
    }

    /**
     * The gateway of posting {@code p}: the one its payment came through ({@code gateway_payment}) or its refund went
     * back through ({@code gateway_refund}); the posting itself stays as it was written.
     */
    private static final String GATEWAY_OF_POSTING = """
            coalesce((select gp.gateway from payment.gateway_payment gp where gp.posting_id = p.posting_id),
                     (select gr.gateway from payment.gateway_refund gr where gr.posting_id = p.posting_id)) as gateway
            """;

    Optional<PostingView> posting(long postingId) {
        List<PostingView.EntryView> entries = jdbc.sql("""
                select e.book, e.supply_account_id, e.account_version, e.item_id, i.bill_id, i.bill_number, e.amount,
                       i.period_from, i.period_to
                from payment.entry e left join payment.receivable_item i on i.item_id = e.item_id
                where e.posting_id = :id order by e.entry_id""")
                .param("id", postingId)
                .query((rs, n) -> new PostingView.EntryView(
                        Book.valueOf(rs.getString(1)),
                        rs.getObject(2, Long.class),
                        rs.getObject(3, Long.class),
                        rs.getObject(4, Long.class),
                        rs.getObject(5, Long.class) == null ? null : new BillId(rs.getLong(5)),
                        rs.getString(6),
                        Money.fen(rs.getLong(7)),
                        rs.getObject(8, LocalDate.class),
                        rs.getObject(9, LocalDate.class)))
                .list();
        return jdbc.sql("""
                select posting_id, kind, channel, posted_at, business_date, reference, reason, posted_by_name, reverses,
                    """ + GATEWAY_OF_POSTING + """
                from payment.posting p where posting_id = :id""")
                .param("id", postingId)
                .query((rs, n) -> new PostingView(
                        rs.getLong(1),
                        PostingKind.valueOf(rs.getString(2)),
                        rs.getString(3) == null ? null : PaymentChannel.valueOf(rs.getString(3)),
                        rs.getString(10) == null ? null : Gateway.valueOf(rs.getString(10)),
                        rs.getTimestamp(4).toInstant(),
                        rs.getObject(5, LocalDate.class),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getObject(9, Long.class),
                        entries))
                .optional();
    }

    Map<Long, Balance> balances(Long[] ids) {
        Map<Long, Balance> out = new HashMap<>();
        for (Long id : ids) out.put(id, Balance.empty(id));
        jdbc.sql("""
                select supply_account_id, receivable, prepaid, version from payment.ledger_account
                where supply_account_id = any(:ids)""").param("ids", ids).query(rs -> {
            long id = rs.getLong(1);
            out.put(id, new Balance(id, Money.fen(rs.getLong(2)), Money.fen(rs.getLong(3)), rs.getLong(4)));
        });
        return out;
    }

    List<OpenItem> openItems(long accountId) {
        return jdbc.sql("""
                select item_id, supply_account_id, kind, bill_id, bill_number, period_from, period_to, due_on, amount,
                    open_amount
                from payment.receivable_item where supply_account_id = :id and open_amount > 0
                order by due_on, item_id""")
                .param("id", accountId)
                .query((rs, n) -> new OpenItem(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getObject(4, Long.class) == null ? null : new BillId(rs.getLong(4)),
                        rs.getString(5),
                        rs.getObject(6, LocalDate.class),
                        rs.getObject(7, LocalDate.class),
                        rs.getObject(8, LocalDate.class),
                        Money.fen(rs.getLong(9)),
                        Money.fen(rs.getLong(10))))
                .list();
    }

    /** The account's latest entries, newest first, with the net balance after each. */
    List<Statement.Line> lines(long accountId, Money netNow, int limit) {
        record Row(
                long postingId,
                long version,
                String kind,
                String channel,
                Instant postedAt,
                String book,
                String billNumber,
                String reference,
                String reason,
                long amount,
                String gateway,
                String postedBy) {}
        List<Row> rows = jdbc.sql("""
                select e.posting_id, e.account_version, p.kind, p.channel, p.posted_at, e.book, i.bill_number,
                    p.reference, p.reason, e.amount, p.posted_by_name,
                    """ + GATEWAY_OF_POSTING + """
                from payment.entry e join payment.posting p on p.posting_id = e.posting_id
                    left join payment.receivable_item i on i.item_id = e.item_id
                where e.supply_account_id = :id order by e.account_version desc limit :limit""")
                .param("id", accountId)
                .param("limit", limit)
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getLong(10),
                        rs.getString(12),
                        rs.getString(11)))
                .list();
        List<Statement.Line> out = new ArrayList<>();
        long after = netNow.fen();
        for (Row r : rows) {
            out.add(new Statement.Line(
                    r.postingId(),
                    r.version(),
                    PostingKind.valueOf(r.kind()),
                    r.channel() == null ? null : PaymentChannel.valueOf(r.channel()),
                    r.gateway() == null ? null : Gateway.valueOf(r.gateway()),
                    r.postedAt(),
                    Book.valueOf(r.book()),
                    r.billNumber(),
                    r.reference(),
                    r.reason(),
                    r.postedBy(),
                    Money.fen(r.amount()),
                    Money.fen(after)));
            // net = -(sum of the account's entries): before this entry it was higher by its amount
            after += r.amount();
        }
        return out;
    }
}
