package io.gridhall.customer.internal;

import io.gridhall.customer.internal.CustomerDesk.SearchPage;
import io.gridhall.grid.Grid;
import io.gridhall.grid.MeterView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * One search box for the counter: the shape of the query decides where to look. Ten digits: an account number;
 * fewer: an account-number prefix; a phone number: its keyed hash (phones are sealed, so only the whole number finds them); twelve digits: a meter's
 * communication address (asked of Grid); anything else also a meter asset number, a name prefix, a similar name
 * (pg_trgm) and a part of an address.
 */
@Component
class CustomerSearch {

    private final CustomerRecords records;
    private final Grid grid;
    private final ContactProtection phones;

    CustomerSearch(CustomerRecords records, Grid grid, ContactProtection phones) {
        this.records = records;
        this.grid = grid;
        this.phones = phones;
    }

    /**
     * A hit through an account counts only when that account is in the caller's branches: otherwise a customer of
     * theirs with another account elsewhere came up for that account's number, showing none of what was asked for
     * (issue 8).
     */
    private static final String OWN_ACCOUNT =
            " and (cast(:branches as bigint[]) is null or branch_id = any(cast(:branches as bigint[])))";

    SearchPage search(
            String query,
            List<Long> branches,
            int page,
            int size,
            Function<CustomerRecords.Summary, CustomerDesk.CustomerSummary> mask) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) return new SearchPage(List.of(), page, size, 0);
        List<String> parts = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        String digits = q.replaceAll("[\\s+\\-]", "");
        if (digits.matches("[0-9]+")) {
            if (digits.length() == 10) {
                parts.add("select customer_id as id from customer.supply_account where account_number = :number"
                        + OWN_ACCOUNT);
                params.put("number", digits);
            } else if (digits.length() < 10 && digits.length() >= 4) {
                parts.add("select customer_id as id from customer.supply_account where account_number like :prefix"
                        + OWN_ACCOUNT);
                params.put("prefix", digits + "%");
            }
            String phone = Phones.normalise(digits);
            if (phone != null && phone.length() >= 7) {
                parts.add("select customer_id as id from customer.contact where phone_hash = :phone");
                params.put("phone", phones.lookupHash(phone));
            }
            if (digits.length() == 12) meterAccounts(grid.meterByCommAddress(digits), parts, params);
        } else {
            parts.add("select id from customer.customer where name like :namePrefix");
            params.put("namePrefix", escapeLike(q) + "%");
            if (q.codePointCount(0, q.length()) >= 2) {
                parts.add("select id from customer.customer where name operator(public.%) :q");
                parts.add("select customer_id as id from customer.supply_account where address ilike :contains"
                        + OWN_ACCOUNT);
                params.put("q", q);
                params.put("contains", "%" + escapeLike(q) + "%");
            }
        }
        if (!q.contains(" ")) meterAccounts(grid.meterByAssetNumber(q), parts, params);
        if (parts.isEmpty()) return new SearchPage(List.of(), page, size, 0);
        String hits = String.join(" union ", parts);
        List<CustomerDesk.CustomerSummary> items = records.search(hits, params, branches, page, size).stream()
                .map(mask)
                .toList();
        long total = page == 0 && items.size() < size ? items.size() : records.countSearch(hits, params, branches);
        return new SearchPage(items, page, size, total);
    }

    private static void meterAccounts(Optional<MeterView> meter, List<String> parts, Map<String, Object> params) {
        meter.map(MeterView::supplyAccountId).ifPresent(account -> {
            parts.add("select customer_id as id from customer.supply_account where id = :meterAccount" + OWN_ACCOUNT);
            params.put("meterAccount", account);
        });
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
