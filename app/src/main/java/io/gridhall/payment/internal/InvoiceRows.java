package io.gridhall.payment.internal;

import io.gridhall.payment.InvoiceState;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The invoice tables (migration V15, ADR 0021); buyer fields are stored sealed, as the vault gives them. */
@Repository
class InvoiceRows {

    /**
     * A settled bill as the ledger has it: what may be invoiced. Reading it locks its receivable item, so a request for
     * its invoice and the news that the bill was reversed ({@link #recordReversal}) take turns.
     */
    record BillItem(
            long itemId,
            long accountId,
            long branchId,
            long billId,
            String billNumber,
            LocalDate periodFrom,
            LocalDate periodTo,
            Money amount,
            Money open,
            boolean cancelled) {}

    /** An invoice row (buyer fields sealed). */
    record Row(
            long id,
            String requestNumber,
            IssuingInvoices.Kind kind,
            InvoiceState state,
            long accountId,
            long branchId,
            long billId,
            String billNumber,
            long itemId,
            IssuingInvoices.BuyerType buyerType,
            byte[] buyerName,
            byte[] buyerTaxId,
            byte[] buyerEmail,
            Money total,
            Money net,
            Money tax,
            Long originalId,
            Long replacesId,
            String reason,
            String invoiceNumber,
            Instant issuedAt,
            String refusal,
            String requestedByName,
            Instant requestedAt,
            int attempts,
            Long retryOf,
            int retry) {

        /** A new invoice's row: no platform answer yet, not a retry. */
        static Row asked(
                String requestNumber,
                IssuingInvoices.Kind kind,
                InvoiceState state,
                long accountId,
                long branchId,
                long billId,
                String billNumber,
                long itemId,
                IssuingInvoices.BuyerType buyerType,
                byte[] buyerName,
                byte[] buyerTaxId,
                byte[] buyerEmail,
                InvoiceAmounts amounts,
                Long originalId,
                Long replacesId,
                String reason,
                String requestedByName,
                Instant requestedAt) {
            return new Row(
                    0,
                    requestNumber,
                    kind,
                    state,
                    accountId,
                    branchId,
                    billId,
                    billNumber,
                    itemId,
                    buyerType,
                    buyerName,
                    buyerTaxId,
                    buyerEmail,
                    amounts.total(),
                    amounts.net(),
                    amounts.tax(),
                    originalId,
                    replacesId,
                    reason,
                    null,
                    null,
                    null,
                    requestedByName,
                    requestedAt,
                    0,
                    null,
                    0);
        }
    }

    record NewLine(String name, String taxCode, BigDecimal rate, InvoiceAmounts amounts) {}

    private static final String COLUMNS = """
            invoice_id, request_number, kind, state, supply_account_id, branch_id, bill_id, bill_number, item_id,
            buyer_type, buyer_name, buyer_tax_id, buyer_email, total, net, tax, original_id, replaces_id, reason,
            invoice_number, issued_at, refusal, requested_by_name, requested_at, attempts, retry_of, retry""";

    private final JdbcClient jdbc;

    InvoiceRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<BillItem> billItem(long accountId, long billId) {
        return jdbc.sql("""
                        select i.item_id, i.supply_account_id, a.branch_id, i.bill_id, i.bill_number, i.period_from,
                               i.period_to, i.amount, i.open_amount,
                               exists (select 1 from payment.entry e join payment.posting p using (posting_id)
                                        where e.item_id = i.item_id and p.kind = 'BILL_REVERSAL') as cancelled
                          from payment.receivable_item i
                          join payment.ledger_account a on a.supply_account_id = i.supply_account_id
                         where i.supply_account_id = :account and i.bill_id = :bill and i.kind = 'BILL'
                           for no key update of i""")
                .param("account", accountId)
                .param("bill", billId)
                .query((rs, n) -> new BillItem(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getObject(6, LocalDate.class),
                        rs.getObject(7, LocalDate.class),
                        new Money(rs.getLong(8)),
                        new Money(rs.getLong(9)),
                        rs.getBoolean(10)))
                .optional();
    }

    /** A bill billing reversed: by which bill. */
    record Reversal(long billId, long reversalBillId, String reversalNumber) {}

    /** Locks a bill's receivable item, if the ledger has it, as {@link #billItem} does. */
    void lockItemOfBill(long billId) {
        jdbc.sql("select item_id from payment.receivable_item where bill_id = :bill for no key update")
                .param("bill", billId)
                .query(Long.class)
                .optional();
    }

    /** Records that a bill was reversed; answers false when it was recorded before (a repeated delivery). */
    boolean recordReversal(Reversal r, Instant at) {
        return jdbc.sql("""
                                insert into payment.invoice_bill_reversal (bill_id, reversal_bill_id, reversal_number,
                                    recorded_at)
                                values (:bill, :reversal, :number, :at)
                                on conflict do nothing""")
                        .param("bill", r.billId())
                        .param("reversal", r.reversalBillId())
                        .param("number", r.reversalNumber())
                        .param("at", utc(at))
                        .update()
                == 1;
    }

    /**
     * Records that a posting opened a paid bill again, with the reason its red invoice will carry; answers false when
     * it was recorded before (a repeated delivery).
     */
    boolean recordPaymentReversal(long postingId, long billId, String reason, Instant at) {
        return jdbc.sql("""
                                insert into payment.invoice_payment_reversal (posting_id, bill_id, reason, recorded_at)
                                values (:posting, :bill, :reason, :at)
                                on conflict do nothing""")
                        .param("posting", postingId)
                        .param("bill", billId)
                        .param("reason", reason)
                        .param("at", utc(at))
                        .update()
                == 1;
    }

    /** What a posting recorded, if the ledger has it. */
    Optional<PostingKind> postingKind(long postingId) {
        return jdbc.sql("select kind from payment.posting where posting_id = :id")
                .param("id", postingId)
                .query(String.class)
                .optional()
                .map(PostingKind::valueOf);
    }

    /** The platform still owes its answer on this blue invoice: red-letter it once it is issued. */
    void redLetterWhenIssued(long postingId, long billId, long blueId) {
        jdbc.sql("""
                        update payment.invoice_payment_reversal set blue_id = :blue
                         where posting_id = :posting and bill_id = :bill""")
                .param("blue", blueId)
                .param("posting", postingId)
                .param("bill", billId)
                .update();
    }

    /** The reason of the first payment reversal that waits for this blue invoice to be issued, if one does. */
    Optional<String> paymentReversalWaitingFor(long blueId) {
        return jdbc.sql("""
                        select reason from payment.invoice_payment_reversal where blue_id = :blue
                         order by recorded_at, posting_id limit 1""").param("blue", blueId).query(String.class).optional();
    }

    Optional<Reversal> reversalOf(long billId) {
        return jdbc.sql("""
                        select bill_id, reversal_bill_id, reversal_number from payment.invoice_bill_reversal
                         where bill_id = :bill""")
                .param("bill", billId)
                .query((rs, n) -> new Reversal(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .optional();
    }

    /** The red invoice of a blue one that is not refused: issued, or on its way. */
    Optional<Row> redOf(long blueId) {
        return jdbc.sql("select " + COLUMNS + " " + """
                         from payment.invoice where original_id = :id and kind = 'RED' and state <> 'REFUSED'""")
                .param("id", blueId)
                .query(InvoiceRows::row)
                .optional();
    }

    /** Whether a refused red invoice was sent again (by the worker or a person): each is sent again once. */
    boolean retried(long redId) {
        return jdbc.sql("select exists (select 1 from payment.invoice where retry_of = :id)")
                .param("id", redId)
                .query(Boolean.class)
                .single();
    }

    /**
     * Refuses a requested invoice no worker ever claimed (so the platform never saw it), with our reason; answers
     * whether it did.
     */
    boolean withdraw(long id, String reason) {
        return jdbc.sql("""
                                update payment.invoice set state = 'REFUSED', refusal = :reason
                                 where invoice_id = :id and state = 'REQUESTED' and attempts = 0""").param("reason", reason).param("id", id).update() == 1;
    }

    /** Refuses the blue invoices of a bill that wait for a red one (staff corrections), with our reason. */
    int refuseWaiting(long billId, String reason) {
        return jdbc.sql("""
                        update payment.invoice set state = 'REFUSED', refusal = :reason
                         where bill_id = :bill and state = 'WAITING'""").param("reason", reason).param("bill", billId).update();
    }

    String nextRequestNumber(LocalDate day) {
        long n = jdbc.sql("select nextval('payment.invoice_request_number')")
                .query(Long.class)
                .single();
        return "GHI" + day.toString().replace("-", "") + String.format("%08d", n);
    }

    /** Inserts an invoice and its lines; a second live blue invoice for the bill fails on the unique index. */
    long insert(Row r, List<NewLine> lines) {
        return insert(r, lines, r.requestedAt());
    }

    /**
     * Inserts an invoice and its lines, due at {@code due}: a second live blue invoice for the bill, a second live red
     * one for a blue one, or a second retry of a refused red one fails on its unique index.
     */
    long insert(Row r, List<NewLine> lines, Instant due) {
        long id = jdbc.sql("""
                        insert into payment.invoice (request_number, kind, state, supply_account_id, branch_id,
                            bill_id, bill_number, item_id, buyer_type, buyer_name, buyer_tax_id, buyer_email, total,
                            net, tax, original_id, replaces_id, reason, requested_by_name, requested_at,
                            next_attempt_at, retry_of, retry)
                        values (:rn, :kind, :state, :account, :branch, :bill, :billNumber, :item, :buyerType, :name,
                            :taxId, :email, :total, :net, :tax, :original, :replaces, :reason, :by, :at, :due,
                            :retryOf, :retry)
                        returning invoice_id""")
                .param("rn", r.requestNumber())
                .param("kind", r.kind().name())
                .param("state", r.state().name())
                .param("account", r.accountId())
                .param("branch", r.branchId())
                .param("bill", r.billId())
                .param("billNumber", r.billNumber())
                .param("item", r.itemId())
                .param("buyerType", r.buyerType().name())
                .param("name", r.buyerName())
                .param("taxId", r.buyerTaxId())
                .param("email", r.buyerEmail())
                .param("total", r.total().fen())
                .param("net", r.net().fen())
                .param("tax", r.tax().fen())
                .param("original", r.originalId())
                .param("replaces", r.replacesId())
                .param("reason", r.reason())
                .param("by", r.requestedByName())
                .param("at", utc(r.requestedAt()))
                .param("due", utc(due))
                .param("retryOf", r.retryOf())
                .param("retry", r.retry())
                .query(Long.class)
                .single();
        int no = 1;
        for (NewLine l : lines)
            jdbc.sql("""
                            insert into payment.invoice_line (invoice_id, line_no, item_name, tax_code, tax_rate,
                                total, net, tax)
                            values (:id, :no, :name, :code, :rate, :total, :net, :tax)""")
                    .param("id", id)
                    .param("no", no++)
                    .param("name", l.name())
                    .param("code", l.taxCode())
                    .param("rate", l.rate())
                    .param("total", l.amounts().total().fen())
                    .param("net", l.amounts().net().fen())
                    .param("tax", l.amounts().tax().fen())
                    .update();
        return id;
    }

    List<TaxPlatform.Line> lines(long invoiceId) {
        return jdbc.sql("""
                        select item_name, tax_code, tax_rate, total, net, tax from payment.invoice_line
                         where invoice_id = :id order by line_no""")
                .param("id", invoiceId)
                .query((rs, n) -> new TaxPlatform.Line(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBigDecimal(3),
                        new Money(rs.getLong(4)),
                        new Money(rs.getLong(5)),
                        new Money(rs.getLong(6))))
                .list();
    }

    Optional<Row> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from payment.invoice where invoice_id = :id")
                .param("id", id)
                .query(InvoiceRows::row)
                .optional();
    }

    Optional<Row> lock(long id) {
        return jdbc.sql("select " + COLUMNS + " from payment.invoice where invoice_id = :id for update")
                .param("id", id)
                .query(InvoiceRows::row)
                .optional();
    }

    /** The live blue invoice of a bill (not refused, not reversed, not waiting). */
    Optional<Row> liveBlue(long billId) {
        return jdbc.sql("select " + COLUMNS + " " + """
                         from payment.invoice where bill_id = :bill and kind = 'BLUE'
                          and state not in ('WAITING', 'REFUSED', 'REVERSED')""")
                .param("bill", billId)
                .query(InvoiceRows::row)
                .optional();
    }

    List<Row> ofAccounts(Collection<Long> accountIds, int limit) {
        if (accountIds.isEmpty()) return List.of();
        return jdbc.sql("select " + COLUMNS + " " + """
                         from payment.invoice where supply_account_id in (:accounts)
                        order by invoice_id desc limit :limit""")
                .param("accounts", accountIds)
                .param("limit", limit)
                .query(InvoiceRows::row)
                .list();
    }

    /** Newest first; {@code branches} null for all branches. */
    List<Row> ofBranches(List<Long> branches, InvoiceState state, int limit) {
        return jdbc.sql("select " + COLUMNS + " " + """
                         from payment.invoice
                        where (cast(:all as boolean) or branch_id in (:branches))
                          and (cast(:state as text) is null or state = :state)
                        order by invoice_id desc limit :limit""")
                .param("all", branches == null)
                .param("branches", branches == null || branches.isEmpty() ? List.of(-1L) : branches)
                .param("state", state == null ? null : state.name())
                .param("limit", limit)
                .query(InvoiceRows::row)
                .list();
    }

    Optional<byte[]> pdf(long id) {
        return jdbc.sql("select pdf from payment.invoice where invoice_id = :id and pdf is not null")
                .param("id", id)
                .query(byte[].class)
                .optional();
    }

    void email(long id, byte[] sealed) {
        jdbc.sql("update payment.invoice set buyer_email = :email where invoice_id = :id")
                .param("email", sealed)
                .param("id", id)
                .update();
    }

    /** An invoice the worker claimed: it holds it until {@code next_attempt_at}, its lease. */
    record Claimed(long id, InvoiceState state, int attempts) {}

    List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        update payment.invoice v set next_attempt_at = :lease, attempts = v.attempts + 1
                         where v.invoice_id in (
                               select x.invoice_id from payment.invoice x
                                where x.state in ('REQUESTED', 'SUBMITTED', 'UNKNOWN') and x.next_attempt_at <= :now
                                order by x.next_attempt_at, x.invoice_id
                                limit :limit
                                for update skip locked)
                        returning v.invoice_id, v.state, v.attempts""")
                .param("lease", utc(leaseUntil))
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(rs.getLong(1), InvoiceState.valueOf(rs.getString(2)), rs.getInt(3)))
                .list();
    }

    /**
     * Moves a claimed invoice on, fenced by the claim's attempt number (a node whose lease ran out and another took
     * the row changes nothing); answers whether it moved.
     */
    boolean move(Claimed c, InvoiceState to, Instant next, String refusal) {
        if (!c.state().canMoveTo(to)) throw new IllegalStateException(c.state() + " -> " + to);
        return jdbc.sql("""
                        update payment.invoice set state = :to, next_attempt_at = :next,
                               refusal = coalesce(:refusal, refusal)
                         where invoice_id = :id and attempts = :attempts and state = :from""")
                        .param("to", to.name())
                        .param("next", utc(next))
                        .param("refusal", refusal)
                        .param("id", c.id())
                        .param("attempts", c.attempts())
                        .param("from", c.state().name())
                        .update()
                == 1;
    }

    boolean issued(Claimed c, String number, Instant at, byte[] pdf, String xml) {
        return jdbc.sql("""
                        update payment.invoice set state = 'ISSUED', invoice_number = :number, issued_at = :at,
                               pdf = :pdf, xml = :xml, refusal = null
                         where invoice_id = :id and attempts = :attempts and state = :from""")
                        .param("number", number)
                        .param("at", utc(at))
                        .param("pdf", pdf)
                        .param("xml", xml)
                        .param("id", c.id())
                        .param("attempts", c.attempts())
                        .param("from", c.state().name())
                        .update()
                == 1;
    }

    void reversed(long blueId) {
        jdbc.sql("update payment.invoice set state = 'REVERSED' where invoice_id = :id and state = 'ISSUED'")
                .param("id", blueId)
                .update();
    }

    /** The replacement waiting for a red invoice's blue one: sent now, or refused with the red one's reason. */
    void release(long replacedId, Instant now, String refusal) {
        jdbc.sql("""
                        update payment.invoice set state = :to, next_attempt_at = :now, refusal = :refusal
                         where replaces_id = :id and state = 'WAITING'""")
                .param("to", refusal == null ? "REQUESTED" : "REFUSED")
                .param("now", utc(now))
                .param("refusal", refusal)
                .param("id", replacedId)
                .update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(
                rs.getLong("invoice_id"),
                rs.getString("request_number"),
                IssuingInvoices.Kind.valueOf(rs.getString("kind")),
                InvoiceState.valueOf(rs.getString("state")),
                rs.getLong("supply_account_id"),
                rs.getLong("branch_id"),
                rs.getLong("bill_id"),
                rs.getString("bill_number"),
                rs.getLong("item_id"),
                IssuingInvoices.BuyerType.valueOf(rs.getString("buyer_type")),
                rs.getBytes("buyer_name"),
                rs.getBytes("buyer_tax_id"),
                rs.getBytes("buyer_email"),
                new Money(rs.getLong("total")),
                new Money(rs.getLong("net")),
                new Money(rs.getLong("tax")),
                rs.getObject("original_id", Long.class),
                rs.getObject("replaces_id", Long.class),
                rs.getString("reason"),
                rs.getString("invoice_number"),
                instant(rs, "issued_at"),
                rs.getString("refusal"),
                rs.getString("requested_by_name"),
                instant(rs, "requested_at"),
                rs.getInt("attempts"),
                rs.getObject("retry_of", Long.class),
                rs.getInt("retry"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
