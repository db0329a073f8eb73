package io.gridhall.payment.internal;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.Customers;
import io.gridhall.payment.Ledger;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily accrual of late-payment penalties (电费违约金, PAY-10): every bill still open after its due date accrues,
 * day by day, by {@link LatePaymentPenalty} and the rates of {@code payment.penalty_rate}; what an account's bills
 * accrued in a run becomes one {@code PENALTY} posting (a receivable due that day). Each bill remembers how far it
 * was accrued ({@code payment.penalty_accrual}) in the transaction that posts, so running a day again posts nothing,
 * and a bill the job missed for some days catches up those days exactly. Accounts are worked in chunks, each chunk
 * one transaction that first locks the accounts (in id order, as every posting does), so two nodes running at once
 * serialise on the accounts and the second finds nothing left to do.
 */
@Service
public class AccruingPenalties {

    static final int CHUNK = 500;

    /** What a run posted. */
    public record Accrued(LocalDate day, int accounts, int bills, Money total) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final LedgerRows rows;
    private final Ledger ledger;
    private final Customers customers;
    private final Clock clock;

    AccruingPenalties(
            JdbcClient jdbc, TransactionTemplate tx, LedgerRows rows, Ledger ledger, Customers customers, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.rows = rows;
        this.ledger = ledger;
        this.customers = customers;
        this.clock = clock;
    }

    /** Accrues every overdue bill through today. */
    public Accrued accrueToday() {
        return accrue(LocalDate.now(clock), null);
    }

    /**
     * Accrues through {@code day} the overdue bills of the accounts named, or of every account (null).
     *
     * @param day the last day to accrue: a day that has begun (its principal is what was open when it began); the
     *     scheduler and the console pass today, tests move ahead
     */
    public Accrued accrue(LocalDate day, List<Long> onlyAccounts) {
        Long[] candidates = candidates(day, onlyAccounts);
        PenaltyRates rates = rates();
        int accounts = 0, bills = 0;
        long total = 0;
        for (int from = 0; from < candidates.length; from += CHUNK) {
            Long[] chunk = java.util.Arrays.copyOfRange(candidates, from, Math.min(candidates.length, from + CHUNK));
            Map<Long, CustomerClass> classes = customers.classesOfAccounts(List.of(chunk));
            long[] done = tx.execute(status -> chunk(day, chunk, classes, rates));
            accounts += (int) done[0];
            bills += (int) done[1];
            total += done[2];
        }
        return new Accrued(day, accounts, bills, Money.fen(total));
    }

    /** The filter of bills with something to accrue through the day (open, or moved since they were accrued). */
    private static final String DUE = """
            i.kind = 'BILL' and i.due_on < :day and (a.accrued_through is null or a.accrued_through < :day)
            and (i.open_amount > 0 or exists (
                select 1 from payment.entry e join payment.posting p on p.posting_id = e.posting_id
                where e.item_id = i.item_id
                  and p.business_date > coalesce(a.accrued_through, i.due_on)))""";

    private Long[] candidates(LocalDate day, List<Long> only) {
        return jdbc.sql("select distinct i.supply_account_id from payment.receivable_item i "
                        + "left join payment.penalty_accrual a on a.item_id = i.item_id where "
                        + DUE
                        + " and (cast(:only as bigint[]) is null or i.supply_account_id = any(cast(:only as bigint[])))"
                        + " order by 1")
                .param("day", day)
                .param("only", only == null ? null : only.toArray(Long[]::new))
                .query(Long.class)
                .list()
                .toArray(Long[]::new);
    }

    PenaltyRates rates() {
        return new PenaltyRates(jdbc.sql(
                        "select effective_from, customer_class, arrears, per_day from payment.penalty_rate")
                .query((rs, n) -> new PenaltyRates.Rule(
                        rs.getObject(1, LocalDate.class),
                        CustomerClass.valueOf(rs.getString(2)),
                        PenaltyRates.Arrears.valueOf(rs.getString(3)),
                        rs.getBigDecimal(4)))
                .list());
    }

    private record Bill(
            long itemId,
            long accountId,
            LocalDate dueOn,
            LocalDate accruedThrough,
            BigDecimal exact,
            long posted,
            List<LatePaymentPenalty.Movement> movements) {}

    /** One chunk in one transaction: answers accounts charged, bills accrued, fen posted. */
    private long[] chunk(LocalDate day, Long[] accounts, Map<Long, CustomerClass> classes, PenaltyRates rates) {
        rows.lock(accounts);
        List<Bill> bills = jdbc.sql("select i.item_id, i.supply_account_id, i.due_on, a.accrued_through, a.exact,"
                        + " a.posted,"
                        // the bill's own posting counts from its due date at the latest: a bill posted late
                        // (a listener that caught up) still owes from the day after it was due
                        + " (select array_agg(case when p.posting_id = i.created_by"
                        + "     then least(p.business_date, i.due_on) else p.business_date end order by e.entry_id)"
                        + "   from payment.entry e"
                        + "   join payment.posting p on p.posting_id = e.posting_id where e.item_id = i.item_id),"
                        + " (select array_agg(e.amount order by e.entry_id) from payment.entry e"
                        + "   where e.item_id = i.item_id)"
                        + " from payment.receivable_item i left join payment.penalty_accrual a on a.item_id = i.item_id"
                        + " where i.supply_account_id = any(:accounts) and "
                        + DUE
                        + " order by i.supply_account_id, i.item_id")
                .param("accounts", accounts)
                .param("day", day)
                .query((rs, n) -> new Bill(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getObject(3, LocalDate.class),
                        rs.getObject(4, LocalDate.class),
                        rs.getBigDecimal(5),
                        rs.getLong(6),
                        movements(rs.getArray(7), rs.getArray(8))))
                .list();
        Map<Long, Long> charge = new TreeMap<>();
        Map<Long, Long> firstItem = new LinkedHashMap<>();
        List<Object[]> state = new ArrayList<>();
        for (Bill b : bills) {
            CustomerClass customerClass = classes.getOrDefault(b.accountId(), CustomerClass.RESIDENTIAL);
            LocalDate from = b.accruedThrough() == null
                    ? b.dueOn().plusDays(1)
                    : b.accruedThrough().plusDays(1);
            BigDecimal exact = (b.exact() == null ? BigDecimal.ZERO : b.exact())
                    .add(LatePaymentPenalty.accrue(rates, customerClass, b.dueOn(), b.movements(), from, day));
            long posted = LatePaymentPenalty.fen(exact);
            long more = posted - b.posted();
            if (more < 0) throw new IllegalStateException("a penalty accrued backwards on item " + b.itemId());
            if (more > 0) {
                charge.merge(b.accountId(), more, Math::addExact);
                firstItem.putIfAbsent(b.accountId(), b.itemId());
            }
            state.add(new Object[] {b.itemId(), b.accountId(), exact, posted});
        }
        long total = 0;
        for (Map.Entry<Long, Long> c : charge.entrySet()) {
            // the bills of one account are accrued through a day once, so their first item names the posting
            String key = "penalty:" + c.getKey() + ":" + day + ":" + firstItem.get(c.getKey());
            ledger.chargePenalty(key, c.getKey(), Money.fen(c.getValue()), day, day.toString());
            total += c.getValue();
        }
        if (!state.isEmpty()) {
            int n = state.size();
            Long[] items = new Long[n], accountIds = new Long[n], posted = new Long[n];
            String[] exact = new String[n];
            for (int i = 0; i < n; i++) {
                items[i] = (Long) state.get(i)[0];
                accountIds[i] = (Long) state.get(i)[1];
                exact[i] = ((BigDecimal) state.get(i)[2]).toPlainString();
                posted[i] = (Long) state.get(i)[3];
            }
            jdbc.sql("""
                    insert into payment.penalty_accrual (item_id, supply_account_id, accrued_through, exact, posted)
                    select item, account, :day, ex, p from unnest(:items, :accounts, cast(:exact as numeric[]), :posted)
                        as t(item, account, ex, p)
                    on conflict (item_id) do update set accrued_through = excluded.accrued_through,
                        exact = excluded.exact, posted = excluded.posted
                    where payment.penalty_accrual.accrued_through < excluded.accrued_through""")
                    .param("day", day)
                    .param("items", items)
                    .param("accounts", accountIds)
                    .param("exact", exact)
                    .param("posted", posted)
                    .update();
        }
        return new long[] {charge.size(), bills.size(), total};
    }

    private static List<LatePaymentPenalty.Movement> movements(Array days, Array amounts) throws SQLException {
        if (days == null) return List.of();
        Object[] d = (Object[]) days.getArray();
        Object[] a = (Object[]) amounts.getArray();
        List<LatePaymentPenalty.Movement> out = new ArrayList<>(d.length);
        for (int i = 0; i < d.length; i++) {
            LocalDate day = d[i] instanceof java.sql.Date date ? date.toLocalDate() : LocalDate.parse(d[i].toString());
            out.add(new LatePaymentPenalty.Movement(day, ((Number) a[i]).longValue()));
        }
        return out;
    }
}
