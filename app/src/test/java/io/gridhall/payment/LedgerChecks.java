package io.gridhall.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What must hold of the whole ledger after every test (issue #10, section 8): the cached balances and versions equal
 * what the entries say for every account, every item's open amount equals its entries, every posting balances, and
 * the versions of each account run 1..n without a gap.
 */
public final class LedgerChecks {

    private LedgerChecks() {}

    public static void assertBooksAgree(JdbcClient jdbc) {
        List<String> accounts = jdbc.sql("""
                select a.supply_account_id || ': cached ' || a.receivable || '/' || a.prepaid || ' v' || a.version
                       || ', entries ' || coalesce(e.receivable, 0) || '/' || coalesce(e.prepaid, 0)
                       || ' n' || coalesce(e.n, 0) || ' max v' || coalesce(e.max_version, 0)
                from payment.ledger_account a
                left join (select supply_account_id,
                                  sum(amount) filter (where book = 'RECEIVABLE') as receivable,
                                  -sum(amount) filter (where book = 'PREPAID') as prepaid,
                                  count(*) as n, max(account_version) as max_version
                           from payment.entry where supply_account_id is not null group by supply_account_id) e
                       on e.supply_account_id = a.supply_account_id
                where a.receivable <> coalesce(e.receivable, 0) or a.prepaid <> coalesce(e.prepaid, 0)
                   or a.version <> coalesce(e.n, 0) or a.version <> coalesce(e.max_version, 0)""").query(String.class).list();
        assertThat(accounts)
                .as("accounts whose cached balances differ from their entries")
                .isEmpty();
        List<String> items = jdbc.sql("""
                select i.item_id || ': open ' || i.open_amount || ', entries ' || coalesce(sum(e.amount), 0)
                from payment.receivable_item i left join payment.entry e on e.item_id = i.item_id
                group by i.item_id, i.open_amount having i.open_amount <> coalesce(sum(e.amount), 0)""").query(String.class).list();
        assertThat(items)
                .as("items whose open amount differs from their entries")
                .isEmpty();
        List<Long> unbalanced = jdbc.sql(
                        "select posting_id from payment.entry group by posting_id having sum(amount) <> 0")
                .query(Long.class)
                .list();
        assertThat(unbalanced).as("postings that do not balance").isEmpty();
        List<Long> empty = jdbc.sql("""
                select p.posting_id from payment.posting p
                where not exists (select 1 from payment.entry e where e.posting_id = p.posting_id)""").query(Long.class).list();
        assertThat(empty).as("postings without entries").isEmpty();
    }
}
