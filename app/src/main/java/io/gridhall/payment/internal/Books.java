package io.gridhall.payment.internal;

import io.gridhall.billing.BillId;
import io.gridhall.payment.Book;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The locked accounts and their items while drafts turn into entries, in memory, inside the posting transaction.
 * Every entry moves its account's cached balance and version (by one) and its item's open amount; the floors are
 * checked when the posting is complete.
 */
final class Books {

    static final class Account {
        final long id;
        final long branchId;
        long receivable;
        long prepaid;
        long version;
        final long versionBefore;
        final long receivableBefore;
        final long prepaidBefore;

        Account(long id, long branchId, long receivable, long prepaid, long version) {
            this.id = id;
            this.branchId = branchId;
            this.receivable = receivable;
            this.prepaid = prepaid;
            this.version = version;
            this.versionBefore = version;
            this.receivableBefore = receivable;
            this.prepaidBefore = prepaid;
        }

        boolean changed() {
            return version != versionBefore;
        }
    }

    static final class Item {
        final long id;
        final long accountId;
        final Long billId;
        final LocalDate dueOn;
        final long amount;
        long open;
        final long openBefore;
        final NewItem created;

        Item(long id, long accountId, Long billId, LocalDate dueOn, long amount, long open, NewItem created) {
            this.id = id;
            this.accountId = accountId;
            this.billId = billId;
            this.dueOn = dueOn;
            this.amount = amount;
            this.open = open;
            this.openBefore = created == null ? open : 0;
            this.created = created;
        }
    }

    record NewItem(
            long itemId,
            long accountId,
            String kind,
            Long billId,
            String billNumber,
            LocalDate periodFrom,
            LocalDate periodTo,
            LocalDate dueOn,
            long amount,
            long postingId) {}

    record Line(long postingId, Book book, Long accountId, Long accountVersion, Long itemId, long amount) {}

    private final Map<Long, Account> accounts;
    private final Map<Long, Item> items = new LinkedHashMap<>();
    private final Map<Long, Item> itemsByBill = new HashMap<>();
    private final List<Line> lines = new ArrayList<>();
    private final java.util.function.LongSupplier nextItemId;
    private long postingId;
    private int firstLine;
    private final Set<Account> touchedAccounts = new java.util.HashSet<>();
    private final Set<Item> touchedItems = new java.util.HashSet<>();
    /** Bills settled in full before this transaction that a posting opened again: item id, the posting's id. */
    private final Map<Long, Long> reopened = new LinkedHashMap<>();

    Books(Map<Long, Account> accounts, java.util.function.LongSupplier nextItemId) {
        this.accounts = accounts;
        this.nextItemId = nextItemId;
    }

    void load(Item item) {
        items.put(item.id, item);
        if (item.billId != null) itemsByBill.put(item.billId, item);
    }

    /** Starts the entries of the next posting. */
    void begin(long postingId) {
        this.postingId = postingId;
        this.firstLine = lines.size();
        touchedAccounts.clear();
        touchedItems.clear();
    }

    List<Line> lines() {
        return lines;
    }

    java.util.Collection<Account> accounts() {
        return accounts.values();
    }

    java.util.Collection<Item> items() {
        return items.values();
    }

    Account account(long id) {
        Account a = accounts.get(id);
        if (a == null) throw new IllegalStateException("account " + id + " is not locked");
        return a;
    }

    Item itemOfBill(long billId) {
        return itemsByBill.get(billId);
    }

    Item item(long itemId) {
        return items.get(itemId);
    }

    // ---- entries ----

    /** A line on a book of the utility's. */
    void utility(Book book, long amount) {
        if (book.ofAccount()) throw new IllegalArgumentException(book + " belongs to an account");
        if (amount != 0) lines.add(new Line(postingId, book, null, null, null, amount));
    }

    /** A line on an account's PREPAID book: negative (credit) adds to what the customer holds. */
    void prepaid(long accountId, long amount) {
        if (amount == 0) return;
        Account a = account(accountId);
        a.prepaid -= amount;
        touchedAccounts.add(a);
        lines.add(new Line(postingId, Book.PREPAID, accountId, ++a.version, null, amount));
    }

    /** A line on an item of an account's RECEIVABLE book: positive raises what is owed. */
    void receivable(long itemId, long amount) {
        if (amount == 0) return;
        Item item = items.get(itemId);
        Account a = account(item.accountId);
        if (amount > 0 && item.open == 0 && item.billId != null && item.created == null)
            reopened.putIfAbsent(item.id, postingId);
        a.receivable += amount;
        item.open += amount;
        touchedAccounts.add(a);
        touchedItems.add(item);
        lines.add(new Line(postingId, Book.RECEIVABLE, a.id, ++a.version, itemId, amount));
    }

    /** A new item the account owes, raised against a book of the utility's; credit the account holds settles it. */
    void charge(NewItem spec, Book against) {
        long id = nextItemId.getAsLong();
        NewItem created = new NewItem(
                id,
                spec.accountId(),
                spec.kind(),
                spec.billId(),
                spec.billNumber(),
                spec.periodFrom(),
                spec.periodTo(),
                spec.dueOn(),
                spec.amount(),
                postingId);
        load(new Item(id, spec.accountId(), spec.billId(), spec.dueOn(), spec.amount(), 0, created));
        receivable(id, spec.amount());
        utility(against, -spec.amount());
        useCredit(spec.accountId(), id);
    }

    /** Settles the item from the account's credit, as far as it goes. */
    void useCredit(long accountId, long itemId) {
        long part = Math.min(account(accountId).prepaid, items.get(itemId).open);
        if (part <= 0) return;
        prepaid(accountId, part);
        receivable(itemId, -part);
    }

    /**
     * Credits an account with money whose debit the caller wrote: the chosen items (bill ids) or the oldest open
     * ones are settled, the rest is held as credit.
     */
    void settle(long accountId, long amount, Set<Long> chosenBills, boolean chosenEarlier) {
        Set<Long> chosen = new java.util.HashSet<>();
        for (Long bill : chosenBills) {
            Item item = itemsByBill.get(bill);
            if (item == null || item.accountId != accountId) throw Problem.notFound("bill");
            if (item.open == 0 && chosenEarlier) continue; // settled meanwhile: the money goes to the oldest items
            if (item.open == 0) throw Problem.conflict("bill-settled", new BillId(bill).toString());
            chosen.add(item.id);
        }
        List<Allocation.Open> open = new ArrayList<>();
        for (Item i : items.values())
            if (i.accountId == accountId && i.open > 0) open.add(new Allocation.Open(i.id, i.dueOn, i.open));
        Allocation.Result r = Allocation.allocate(open, amount, chosen);
        for (Allocation.Settled s : r.settled()) receivable(s.itemId(), -s.amount());
        prepaid(accountId, -r.credit());
    }

    /** Takes credit from an account (a refund, a transfer): refused when it has less. */
    void takeCredit(long accountId, long amount) {
        Account a = account(accountId);
        if (a.prepaid < amount)
            throw Problem.conflict("insufficient-credit", Money.fen(amount), Money.fen(a.prepaid))
                    .with("accountId", accountId);
        prepaid(accountId, amount);
    }

    /** A bill settled in full that a posting opened again: by reversing or refunding what settled it. */
    record Reopened(long postingId, long accountId, long billId) {}

    /** The bills settled in full when the transaction began that are open again at its end, and which posting did it. */
    List<Reopened> reopened() {
        List<Reopened> out = new ArrayList<>();
        reopened.forEach((itemId, posting) -> {
            Item i = items.get(itemId);
            if (i.openBefore == 0 && i.open > 0) out.add(new Reopened(posting, i.accountId, i.billId));
        });
        return out;
    }

    /** Checks what no posting may leave behind: the balance and the floors of what it touched. */
    void close() {
        long sum = 0;
        for (int i = firstLine; i < lines.size(); i++) sum += lines.get(i).amount();
        if (sum != 0) throw new IllegalStateException("posting " + postingId + " does not balance: " + sum);
        for (Account a : touchedAccounts) {
            if (a.prepaid < 0)
                throw Problem.conflict(
                                "insufficient-credit",
                                Money.fen(a.prepaid - a.prepaidBefore).negate(),
                                Money.fen(a.prepaidBefore))
                        .with("accountId", a.id);
            if (a.receivable < 0) throw Problem.conflict("posting-not-reversible");
        }
        for (Item i : touchedItems)
            if (i.open < 0 || i.open > i.amount) throw Problem.conflict("posting-not-reversible");
    }
}
