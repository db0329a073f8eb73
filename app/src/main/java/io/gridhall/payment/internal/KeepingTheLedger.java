package io.gridhall.payment.internal;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.payment.Balance;
import io.gridhall.payment.Book;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.PaidBillsReopened;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PaymentsPosted;
import io.gridhall.payment.Posted;
import io.gridhall.payment.PostingKind;
import io.gridhall.payment.PostingView;
import io.gridhall.payment.Statement;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts to the ledger. Every write, one posting or a batch, runs the same way in one transaction: lock the accounts
 * in id order (creating the rows of accounts posted to for the first time), insert the postings whose keys are new,
 * load the items they need (none when no account owes anything and no bill or item is named), turn each draft into
 * entries in memory (checking its balance and floors), then write new items in one statement and entries, balances
 * and open amounts together in one more.
 */
@Service
class KeepingTheLedger implements Ledger {

    private final LedgerRows rows;
    private final Customers customers;
    private final Clock clock;
    private final Audit audit;
    private final ApplicationEventPublisher events;
    private final KeepingPoints points;

    KeepingTheLedger(
            LedgerRows rows,
            Customers customers,
            Clock clock,
            Audit audit,
            ApplicationEventPublisher events,
            KeepingPoints points) {
        this.audit = audit;
        this.points = points;
        this.events = events;
        this.rows = rows;
        this.customers = customers;
        this.clock = clock;
    }

    // ---- writes ----

    @Override
    @Transactional
    public void receive(BillsIssued issued) {
        List<Draft> drafts = new ArrayList<>();
        for (BillsIssued.IssuedBill bill : issued.bills()) {
            long fen = bill.total().fen();
            if (fen == 0) continue; // nothing to collect, nothing to cancel
            Map<Long, BranchId> account = Map.of(bill.supplyAccountId(), bill.branchId());
            String key = "bill:" + bill.id().value();
            if (fen > 0) {
                LocalDate due = bill.dueOn() != null ? bill.dueOn() : bill.issuedOn();
                drafts.add(new Draft(
                        key,
                        PostingKind.BILL,
                        null,
                        bill.id().value(),
                        null,
                        bill.billNumber(),
                        null,
                        null,
                        account,
                        Set.of(),
                        Set.of(),
                        books -> books.charge(
                                new Books.NewItem(
                                        0,
                                        bill.supplyAccountId(),
                                        "BILL",
                                        bill.id().value(),
                                        bill.billNumber(),
                                        bill.periodFrom(),
                                        bill.periodTo(),
                                        due,
                                        fen,
                                        0),
                                Book.REVENUE)));
            } else {
                Long reversed = bill.reverses() == null ? null : bill.reverses().value();
                if (bill.type() != BillType.REVERSAL) throw new IllegalArgumentException("a negative " + bill.type());
                drafts.add(new Draft(
                        key,
                        PostingKind.BILL_REVERSAL,
                        null,
                        bill.id().value(),
                        null,
                        bill.billNumber(),
                        null,
                        null,
                        account,
                        reversed == null ? Set.of() : Set.of(reversed),
                        Set.of(),
                        books -> {
                            long amount = -fen;
                            books.utility(Book.REVENUE, amount);
                            Books.Item item = reversed == null ? null : books.itemOfBill(reversed);
                            long cancel = item == null ? 0 : Math.min(item.open, amount);
                            if (cancel > 0) books.receivable(item.id, -cancel);
                            // what the customer already paid of the reversed bill becomes credit
                            books.prepaid(bill.supplyAccountId(), -(amount - cancel));
                        }));
            }
        }
        if (!drafts.isEmpty()) post(drafts);
    }

    @Override
    @Transactional
    public Posted pay(Pay payment) {
        return post(List.of(draft(payment))).getFirst();
    }

    @Override
    @Transactional
    public List<Posted> payAll(List<Pay> payments) {
        return post(payments.stream().map(KeepingTheLedger::draft).toList());
    }

    private static Draft draft(Pay p) {
        Map<Long, BranchId> accounts = new HashMap<>();
        Set<Long> bills = new HashSet<>();
        for (Pay.Share s : p.shares()) {
            if (accounts.put(s.supplyAccountId(), null) != null)
                throw Problem.badRequest("payment-account-twice", s.supplyAccountId());
            s.bills().forEach(b -> bills.add(b.value()));
        }
        return new Draft(
                p.idempotencyKey(),
                p.kind(),
                p.channel(),
                null,
                null,
                p.reference(),
                null,
                p.receivedBy(),
                accounts,
                bills,
                Set.of(),
                books -> {
                    for (Pay.Share s : p.shares()) {
                        books.utility(Book.of(p.channel()), s.amount().fen());
                        books.settle(
                                s.supplyAccountId(),
                                s.amount().fen(),
                                s.bills().stream().map(BillId::value).collect(Collectors.toSet()),
                                s.chosenEarlier());
                    }
                });
    }

    @Override
    @Transactional
    public Posted refund(
            String key,
            long accountId,
            Money amount,
            PaymentChannel channel,
            String reference,
            String reason,
            Actor actor) {
        positive(amount);
        return one(new Draft(
                key,
                PostingKind.REFUND,
                channel,
                null,
                null,
                reference,
                reason(reason),
                actor,
                single(accountId),
                Set.of(),
                Set.of(),
                books -> {
                    books.takeCredit(accountId, amount.fen());
                    books.utility(Book.of(channel), -amount.fen());
                }));
    }

    @Override
    @Transactional
    public Posted chargePenalty(String key, long accountId, Money amount, LocalDate dueOn, String reference) {
        positive(amount);
        return one(new Draft(
                key,
                PostingKind.PENALTY,
                null,
                null,
                null,
                reference,
                null,
                null,
                single(accountId),
                Set.of(),
                Set.of(),
                books -> books.charge(
                        new Books.NewItem(0, accountId, "PENALTY", null, null, null, null, dueOn, amount.fen(), 0),
                        Book.PENALTY_INCOME)));
    }

    @Override
    @Transactional
    public Posted adjust(String key, long accountId, Money amount, String reason, Actor actor) {
        if (amount.fen() == 0) throw Problem.badRequest("amount-zero");
        LocalDate today = LocalDate.now(clock);
        return one(new Draft(
                key,
                PostingKind.ADJUSTMENT,
                null,
                null,
                null,
                null,
                reason(reason),
                actor,
                single(accountId),
                Set.of(),
                Set.of(),
                books -> {
                    if (amount.fen() > 0) {
                        books.charge(
                                new Books.NewItem(
                                        0, accountId, "ADJUSTMENT", null, null, null, null, today, amount.fen(), 0),
                                Book.ADJUSTMENT);
                    } else {
                        books.utility(Book.ADJUSTMENT, -amount.fen());
                        books.settle(accountId, -amount.fen(), Set.of(), false);
                    }
                }));
    }

    @Override
    @Transactional
    public Posted transfer(String key, long from, long to, Money amount, String reason, Actor actor) {
        positive(amount);
        if (from == to) throw Problem.badRequest("transfer-to-itself");
        Map<Long, BranchId> accounts = new HashMap<>();
        accounts.put(from, null);
        accounts.put(to, null);
        return one(new Draft(
                key,
                PostingKind.TRANSFER,
                null,
                null,
                null,
                null,
                reason,
                actor,
                accounts,
                Set.of(),
                Set.of(),
                books -> {
                    books.takeCredit(from, amount.fen());
                    books.settle(to, amount.fen(), Set.of(), false);
                }));
    }

    @Override
    @Transactional
    public Posted reverse(String key, long postingId, String reason, Actor actor) {
        LedgerRows.PostingRow original = rows.postingRow(postingId).orElseThrow(() -> Problem.notFound("posting"));
        PostingKind kind = PostingKind.valueOf(original.kind());
        if (kind == PostingKind.BILL || kind == PostingKind.BILL_REVERSAL || kind == PostingKind.REVERSAL)
            throw Problem.conflict("posting-not-reversible");
        List<Books.Line> lines = rows.entriesOf(postingId);
        Map<Long, BranchId> accounts = new HashMap<>();
        Set<Long> items = new HashSet<>();
        for (Books.Line l : lines) {
            if (l.accountId() != null) accounts.put(l.accountId(), null);
            if (l.itemId() != null) items.add(l.itemId());
        }
        Draft draft = new Draft(
                key,
                PostingKind.REVERSAL,
                null,
                null,
                postingId,
                null,
                reason(reason),
                actor,
                accounts,
                Set.of(),
                items,
                books -> {
                    for (Books.Line l : lines) {
                        switch (l.book()) {
                            case RECEIVABLE -> books.receivable(l.itemId(), -l.amount());
                            case PREPAID -> books.prepaid(l.accountId(), -l.amount());
                            default -> books.utility(l.book(), -l.amount());
                        }
                    }
                });
        if (!rows.partsReversed(postingId).isEmpty()) {
            Posted replay =
                    rows.postingIdOf(key).map(id -> new Posted(id, true)).orElse(null);
            if (replay != null) return replay;
            throw Problem.conflict("posting-partly-reversed", postingId);
        }
        // a second reversal under another key finds the first by the unique constraint on reverses
        Optional<Long> earlier = rows.reversalOf(postingId);
        if (earlier.isPresent()) {
            Posted replay =
                    rows.postingIdOf(key).map(id -> new Posted(id, true)).orElse(null);
            if (replay != null) return replay;
            throw Problem.conflict("posting-reversed", postingId);
        }
        return one(draft);
    }

    @Override
    @Transactional
    public Posted reversePart(String key, long postingId, Money amount, String reference, String reason, Actor actor) {
        positive(amount);
        Optional<Long> replay = rows.postingIdOf(key);
        if (replay.isPresent()) return new Posted(replay.get(), true);
        PostingView original = posting(postingId).orElseThrow(() -> Problem.notFound("posting"));
        if (original.kind() != PostingKind.PAYMENT && original.kind() != PostingKind.TOP_UP)
            throw Problem.conflict("posting-not-reversible");
        if (rows.reversalOf(postingId).isPresent()) throw Problem.conflict("posting-reversed", postingId);
        List<Books.Line> lines = rows.entriesOf(postingId);
        Map<Long, BranchId> accounts = new HashMap<>();
        Set<Long> items = new HashSet<>();
        for (Books.Line l : lines) {
            if (l.accountId() != null) accounts.put(l.accountId(), null);
            if (l.itemId() != null) items.add(l.itemId());
        }
        Draft draft = new Draft(
                key,
                PostingKind.REFUND,
                original.channel(),
                null,
                null,
                reference,
                reason(reason),
                actor,
                accounts,
                Set.of(),
                items,
                books -> {
                    // read under the accounts' locks: what earlier parts undid of each line of the payment
                    List<Books.Line> undone = rows.partsReversed(postingId).stream()
                            .flatMap(p -> rows.entriesOf(p).stream())
                            .toList();
                    long left = amount.fen();
                    for (Books.Line l : lines) {
                        if (l.accountId() != null) continue;
                        long rest = l.amount() + sumLike(undone, l);
                        if (left > rest) throw Problem.conflict("refund-more-than-remainder", amount, Money.fen(rest));
                        books.utility(l.book(), -left);
                    }
                    for (Books.Line l : lines.reversed()) {
                        if (l.accountId() == null || left == 0) continue;
                        long rest = -l.amount() - sumLike(undone, l);
                        long part = Math.min(left, rest);
                        if (part <= 0) continue;
                        if (l.book() == Book.PREPAID) books.takeCredit(l.accountId(), part);
                        else books.receivable(l.itemId(), part);
                        left -= part;
                    }
                    if (left != 0) throw new IllegalStateException("payment " + postingId + " does not balance");
                });
        Posted posted = one(draft);
        if (!posted.replayed()) rows.insertPartReversed(posted.postingId(), postingId);
        return posted;
    }

    /** The sum of the lines on the same book (and account, item) as {@code like}. */
    private static long sumLike(List<Books.Line> lines, Books.Line like) {
        return lines.stream()
                .filter(l -> l.book() == like.book()
                        && java.util.Objects.equals(l.accountId(), like.accountId())
                        && java.util.Objects.equals(l.itemId(), like.itemId()))
                .mapToLong(Books.Line::amount)
                .sum();
    }

    private Posted one(Draft draft) {
        return post(List.of(draft)).getFirst();
    }

    private static Map<Long, BranchId> single(long accountId) {
        Map<Long, BranchId> m = new HashMap<>();
        m.put(accountId, null);
        return m;
    }

    private static void positive(Money amount) {
        if (amount.fen() <= 0) throw Problem.badRequest("amount-not-positive");
    }

    private static String reason(String reason) {
        if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        return reason.strip();
    }

    /** The one way anything is written; see the class comment. */
    private List<Posted> post(List<Draft> drafts) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        Map<Long, Books.Account> locked = lockAll(drafts);
        checkScope(drafts, locked);

        List<LedgerRows.NewPosting> newRows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Draft d : drafts) {
            if (!seen.add(d.key())) continue;
            newRows.add(new LedgerRows.NewPosting(
                    d.key(),
                    d.kind().name(),
                    d.channel() == null ? null : d.channel().name(),
                    d.billId(),
                    d.reverses(),
                    d.reference(),
                    d.reason(),
                    d.actor() == null ? null : d.actor().userId().value(),
                    d.actor() == null ? null : truncate(d.actor().displayName(), 100)));
        }
        Map<String, Long> fresh = new HashMap<>();
        Map<String, Long> ids = rows.insertPostings(newRows, now, today, fresh);

        List<Draft> toWrite = new ArrayList<>();
        Set<String> writing = new HashSet<>();
        for (Draft d : drafts) if (fresh.containsKey(d.key()) && writing.add(d.key())) toWrite.add(d);
        Map<Long, Map<Long, Long>> changes = toWrite.isEmpty() ? Map.of() : write(toWrite, locked, fresh, now, today);
        for (Draft d : toWrite) {
            if (d.actor() == null) continue;
            long id = fresh.get(d.key());
            Map<String, Object> details = new LinkedHashMap<>();
            Map<String, String> accounts = new java.util.TreeMap<>();
            changes.getOrDefault(id, Map.of())
                    .forEach((account, net) ->
                            accounts.put(String.valueOf(account), Money.fen(net).toString()));
            details.put("netChangeByAccount", accounts);
            if (d.channel() != null) details.put("channel", d.channel().name());
            if (d.reference() != null) details.put("reference", d.reference());
            if (d.reason() != null) details.put("reason", d.reason());
            if (d.reverses() != null) details.put("reverses", d.reverses());
            audit.record(
                    d.actor(),
                    "payment."
                            + d.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    "posting",
                    String.valueOf(id),
                    details);
        }

        List<Posted> out = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        for (Draft d : drafts)
            out.add(new Posted(ids.get(d.key()), !fresh.containsKey(d.key()) || !answered.add(d.key())));
        return out;
    }

    /** One {@link PaymentsPosted} for the new payments, top-ups and reversals of this transaction, or null. */
    private static PaymentsPosted paymentsPosted(
            List<Draft> written, Map<String, Long> ids, Map<Long, Map<Long, Long>> changes, LocalDate today) {
        List<PaymentsPosted.Received> received = new ArrayList<>();
        List<PaymentsPosted.Reversed> reversed = new ArrayList<>();
        for (Draft d : written) {
            long id = ids.get(d.key());
            if (d.kind() == PostingKind.PAYMENT || d.kind() == PostingKind.TOP_UP) {
                List<PaymentsPosted.Share> shares = new ArrayList<>();
                new java.util.TreeMap<>(changes.getOrDefault(id, Map.of()))
                        .forEach((account, net) -> shares.add(new PaymentsPosted.Share(account, Money.fen(net))));
                received.add(new PaymentsPosted.Received(id, d.kind(), d.channel(), today, shares));
            } else if (d.kind() == PostingKind.REVERSAL && d.reverses() != null)
                reversed.add(new PaymentsPosted.Reversed(id, d.reverses()));
        }
        return received.isEmpty() && reversed.isEmpty() ? null : new PaymentsPosted(received, reversed);
    }

    /**
     * What of each posting's part for an account settled items before their due date: the earning's on-time part,
     * from the allocation just made.
     */
    private static PointsEarning.OnTime onTime(Books books, LocalDate today) {
        Map<Long, Books.Item> items = new HashMap<>();
        for (Books.Item i : books.items()) items.put(i.id, i);
        Map<String, Long> onTime = new HashMap<>();
        for (Books.Line l : books.lines()) {
            if (l.book() != Book.RECEIVABLE || l.amount() >= 0 || l.itemId() == null) continue;
            Books.Item item = items.get(l.itemId());
            if (item != null && item.dueOn != null && today.isBefore(item.dueOn))
                onTime.merge(l.postingId() + ":" + l.accountId(), -l.amount(), Long::sum);
        }
        return (posting, account) -> onTime.getOrDefault(posting + ":" + account, 0L);
    }

    /** One {@link PaidBillsReopened} for the bills settled in full that this transaction opened again. */
    private void publishReopened(
            List<Draft> written, Map<String, Long> ids, List<Books.Reopened> reopened, Instant now) {
        Map<Long, Draft> byId = new HashMap<>();
        for (Draft d : written) byId.put(ids.get(d.key()), d);
        List<PaidBillsReopened.Reopened> bills = new ArrayList<>();
        for (Books.Reopened r : reopened) {
            Draft d = byId.get(r.postingId());
            bills.add(new PaidBillsReopened.Reopened(
                    r.postingId(), d.kind(), d.reverses(), d.reference(), r.accountId(), r.billId()));
        }
        events.publishEvent(new PaidBillsReopened(bills, now));
    }

    private Map<Long, Books.Account> lockAll(List<Draft> drafts) {
        rows.planOnce();
        Map<Long, BranchId> branches = new HashMap<>();
        for (Draft d : drafts)
            d.accounts().forEach((id, branch) -> {
                if (branch != null || !branches.containsKey(id)) branches.put(id, branch);
            });
        Long[] sorted = new TreeSet<>(branches.keySet()).toArray(Long[]::new);
        // Locks are taken in id order, all of them, in one statement: when every row exists, SELECT ... FOR UPDATE;
        // when some are new, one upsert that locks the existing rows and inserts the new ones in id order. Locking
        // the existing rows first and inserting the new ones after would take locks out of order and deadlock with a
        // posting doing the same to the same accounts (found by LedgerConcurrencyTests). One account (an online
        // payment) is locked at once: if its row is missing, nothing is locked yet and the upsert takes it.
        Set<Long> present;
        if (sorted.length == 1) {
            Map<Long, Books.Account> locked = rows.lock(sorted);
            if (!locked.isEmpty()) return locked;
            present = Set.of();
        } else {
            present = rows.present(sorted);
            if (present.size() == sorted.length) return rows.lock(sorted);
        }
        Long[] ofBranch = new Long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            long id = sorted[i];
            if (present.contains(id)) continue; // the row keeps its branch; the upsert only locks it
            BranchId branch = branches.get(id);
            if (branch == null)
                branch = customers
                        .account(id)
                        .map(SupplyAccountView::branchId)
                        .orElseThrow(() -> Problem.notFound("supply-account").with("accountId", id));
            ofBranch[i] = branch.value();
        }
        Map<Long, Books.Account> locked = rows.lockOrCreate(sorted, ofBranch);
        if (locked.size() != sorted.length) throw new IllegalStateException("accounts not locked: " + sorted.length);
        return locked;
    }

    /** Staff post to the accounts of their branches only; another branch's account is unknown to them (ADR 0010). */
    private static void checkScope(List<Draft> drafts, Map<Long, Books.Account> locked) {
        for (Draft d : drafts) {
            if (d.actor() == null || !d.actor().isStaff()) continue;
            for (Long id : d.accounts().keySet())
                if (!d.actor().sees(new BranchId(locked.get(id).branchId)))
                    throw Problem.notFound("supply-account").with("accountId", id);
        }
    }

    /**
     * Writes the drafts, and the points their payments earn in the same statement (ADR 0015); publishes their
     * {@link PaymentsPosted}, and {@link PaidBillsReopened} when they opened paid bills again (ADR 0021); answers, per posting, each account's change of net balance (credit minus arrears).
     */
    private Map<Long, Map<Long, Long>> write(
            List<Draft> drafts,
            Map<Long, Books.Account> locked,
            Map<String, Long> postingIds,
            Instant now,
            LocalDate today) {
        Set<Long> accounts = new TreeSet<>();
        Set<Long> bills = new HashSet<>();
        Set<Long> items = new HashSet<>();
        for (Draft d : drafts) {
            accounts.addAll(d.accounts().keySet());
            bills.addAll(d.bills());
            items.addAll(d.items());
            if (d.billId() != null) bills.add(d.billId());
        }
        List<Long> itemIds = new ArrayList<>();
        Books books = new Books(locked, () -> {
            if (itemIds.isEmpty()) throw new IllegalStateException("no item ids reserved");
            return itemIds.removeFirst();
        });
        // An account's receivable is the sum of its items' open amounts, none below zero (ADR 0012), read under its
        // lock: when none of the accounts owes anything and no bill or item is named, no item is open and the read
        // would find nothing (an online payment to an account that owes nothing is the common case).
        boolean owing = false;
        for (Long id : accounts) owing |= locked.get(id).receivable != 0;
        if (owing || !bills.isEmpty() || !items.isEmpty())
            for (Books.Item item :
                    rows.items(accounts.toArray(Long[]::new), bills.toArray(Long[]::new), items.toArray(Long[]::new)))
                books.load(item);
        int charges = 0;
        for (Draft d : drafts)
            if (d.kind() == PostingKind.BILL || d.kind() == PostingKind.PENALTY || d.kind() == PostingKind.ADJUSTMENT)
                charges++;
        if (charges > 0) for (long id : rows.itemIds(charges)) itemIds.add(id);
        for (Draft d : drafts) {
            if (d.kind() == PostingKind.BILL && books.itemOfBill(d.billId()) != null)
                throw new IllegalStateException("bill " + d.billId() + " is posted under another key");
            books.begin(postingIds.get(d.key()));
            d.steps().accept(books);
            books.close();
        }
        List<Books.NewItem> created = new ArrayList<>();
        for (Books.Item i : books.items()) if (i.created != null) created.add(i.created);
        rows.insertItems(created);
        Map<Long, Map<Long, Long>> changes = new HashMap<>();
        for (Books.Line l : books.lines())
            if (l.accountId() != null)
                changes.computeIfAbsent(l.postingId(), k -> new HashMap<>())
                        .merge(l.accountId(), -l.amount(), Long::sum);
        PaymentsPosted posted = paymentsPosted(drafts, postingIds, changes, today);
        // an event with reversals (one reversal; never with payments) takes its points back after the write
        boolean reversals = posted != null && !posted.reversed().isEmpty();
        rows.write(
                books.lines(),
                books.accounts(),
                books.items(),
                posted == null || reversals ? List.of() : points.inPosting(posted, onTime(books, today)),
                now);
        if (reversals) points.earnAll(List.of(posted));
        if (posted != null) events.publishEvent(posted);
        List<Books.Reopened> reopened = books.reopened();
        if (!reopened.isEmpty()) publishReopened(drafts, postingIds, reopened, now);
        return changes;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** A new receipt number for a counter payment: the business day and a sequence. */
    @Override
    @Transactional
    public String nextReceiptNumber() {
        return rows.nextReceiptNumber(LocalDate.now(clock));
    }

    // ---- reads ----

    @Override
    @Transactional(readOnly = true)
    public Optional<PostingView> posting(long postingId) {
        return rows.posting(postingId);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<PostingView> reversalOf(long postingId) {
        return rows.reversalOf(postingId).flatMap(rows::posting);
    }

    @Override
    @Transactional(readOnly = true)
    public Balance balance(long supplyAccountId) {
        return rows.balances(new Long[] {supplyAccountId}).get(supplyAccountId);
    }

    @Override
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Map<Long, Balance> balances(Collection<Long> supplyAccountIds) {
        return new LinkedHashMap<>(rows.balances(supplyAccountIds.toArray(Long[]::new)));
    }

    @Override
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Statement statement(long supplyAccountId, int limit) {
        Balance balance = balance(supplyAccountId);
        return new Statement(
                balance, rows.openItems(supplyAccountId), rows.lines(supplyAccountId, balance.net(), limit));
    }
}
