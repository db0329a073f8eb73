package io.gridhall.payment.internal;

import io.gridhall.billing.BillType;
import io.gridhall.billing.BillsIssued;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.payment.InvoiceState;
import io.gridhall.payment.PaidBillsReopened;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.DocumentSettings;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import io.gridhall.shared.VerificationTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Electronic invoices (数电票, PAY-11, ADR 0021): a customer asks for the invoice of a bill they paid, with the buyer
 * (抬头) it is made out to; the tax platform issues it asynchronously ({@link #sweep}: send, then ask until it says);
 * staff correct a wrong buyer by a red invoice for the whole blue one and a new blue one ({@link #reissue}). One live
 * blue invoice per bill (a unique index), the amount exactly what the bill was, tax per line rounded once ({@link
 * InvoiceAmounts}). The buyer's name, tax id and e-mail address are sealed at rest and masked in every view.
 */
@Component
public class IssuingInvoices {

    private static final Logger log = LoggerFactory.getLogger(IssuingInvoices.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,190}\\.[A-Za-z]{2,24}");
    static final String NAME = "payment.invoice_buyer_name";
    static final String TAX_ID = "payment.invoice_buyer_tax_id";
    static final String EMAIL_FIELD = "payment.invoice_buyer_email";
    static final String DOWNLOAD = "payment.invoice-download";
    /** Who asks for the red invoice of a reversed bill, as the invoice and the audit log show it. */
    static final String SYSTEM = "系统";
    /** Why an earlier correction's replacement, still waiting for its red invoice, is not sent: staff corrected again. */
    static final String SUPERSEDED = "已由新的更正取代";

    /** Where an invoice's e-mailed link leads, below the public address. */
    public static final String PUBLIC_PATH = "/api/v1/public/payment/invoices/";

    public enum Kind {
        BLUE,
        RED
    }

    public enum BuyerType {
        PERSON,
        COMPANY
    }

    /**
     * The buyer (抬头) as asked for.
     *
     * @param taxId a company's 统一社会信用代码; none for a person
     * @param email where to send the invoice once issued; optional
     */
    public record BuyerIn(BuyerType type, String name, String taxId, String email) {}

    /** A request's answer: the invoice, and whether this request created it (else it was asked for before). */
    public record Requested(InvoiceView invoice, boolean created) {}

    /** An invoice as pages show it: buyer fields masked. */
    public record InvoiceView(
            long id,
            String requestNumber,
            Kind kind,
            InvoiceState state,
            long accountId,
            long branchId,
            long billId,
            String billNumber,
            BuyerType buyerType,
            String buyerName,
            String buyerTaxId,
            String buyerEmail,
            Money total,
            Money net,
            Money tax,
            String invoiceNumber,
            Instant issuedAt,
            String refusal,
            Long originalId,
            Long replacesId,
            String reason,
            String requestedBy,
            Instant requestedAt,
            Long retryOf,
            int retry) {}

    private final InvoiceRows rows;
    private final ObjectProvider<TaxPlatform> platform;
    private final PersonalDataVault vault;
    private final Notifications notifications;
    private final Audit audit;
    private final InvoiceSettings settings;
    private final DocumentSettings documents;
    private final Clock clock;
    private final TransactionTemplate tx;

    IssuingInvoices(
            InvoiceRows rows,
            ObjectProvider<TaxPlatform> platform,
            PersonalDataVault vault,
            Notifications notifications,
            Audit audit,
            InvoiceSettings settings,
            DocumentSettings documents,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.rows = rows;
        this.platform = platform;
        this.vault = vault;
        this.notifications = notifications;
        this.audit = audit;
        this.settings = settings;
        this.documents = documents;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Whether electronic invoices are offered (a platform is configured, or simulated in the demo and tests). */
    public boolean offered() {
        return platform.getIfAvailable() != null;
    }

    /**
     * Asks for the blue invoice of a settled bill. The same buyer asked again answers the invoice already asked for;
     * another buyer while one is live is a conflict (a correction is staff's {@link #reissue}).
     */
    public Requested request(long accountId, long billId, BuyerIn in, String requestedBy) {
        if (!offered()) throw new Problem(HttpStatus.SERVICE_UNAVAILABLE, "invoice-platform-unavailable");
        Buyer buyer = checked(in);
        try {
            return tx.execute(s -> {
                InvoiceRows.BillItem item =
                        rows.billItem(accountId, billId).orElseThrow(() -> Problem.notFound("bill"));
                if (item.cancelled() || rows.reversalOf(billId).isPresent())
                    throw Problem.conflict("invoice-bill-reversed", item.billNumber());
                if (item.open().fen() != 0) throw Problem.conflict("invoice-bill-not-settled", item.billNumber());
                Optional<InvoiceRows.Row> live = rows.liveBlue(billId);
                if (live.isPresent()) return new Requested(sameOrConflict(live.get(), buyer), false);
                Instant now = clock.instant();
                InvoiceAmounts amounts = InvoiceAmounts.split(item.amount(), settings.taxRate());
                long id = rows.insert(
                        InvoiceRows.Row.asked(
                                rows.nextRequestNumber(LocalDate.ofInstant(now, SignedTaxPlatform.BEIJING)),
                                Kind.BLUE,
                                InvoiceState.REQUESTED,
                                accountId,
                                item.branchId(),
                                billId,
                                item.billNumber(),
                                item.itemId(),
                                buyer.type(),
                                vault.encrypt(buyer.name(), NAME),
                                buyer.taxId() == null ? null : vault.encrypt(buyer.taxId(), TAX_ID),
                                buyer.email() == null ? null : vault.encrypt(buyer.email(), EMAIL_FIELD),
                                amounts,
                                null,
                                null,
                                null,
                                requestedBy,
                                now),
                        List.of(line(amounts)));
                return new Requested(view(rows.find(id).orElseThrow()), true);
            });
        } catch (DuplicateKeyException e) {
            // another request for the same bill committed first: answer it, as a repeat would be answered
            return tx.execute(s ->
                    new Requested(sameOrConflict(rows.liveBlue(billId).orElseThrow(() -> e), buyer), false));
        }
    }

    private InvoiceRows.NewLine line(InvoiceAmounts amounts) {
        return new InvoiceRows.NewLine(settings.itemName(), settings.taxCode(), settings.taxRate(), amounts);
    }

    private InvoiceView sameOrConflict(InvoiceRows.Row live, Buyer buyer) {
        Buyer had = buyer(live);
        if (!had.type().equals(buyer.type())
                || !had.name().equals(buyer.name())
                || !java.util.Objects.equals(had.taxId(), buyer.taxId()))
            throw Problem.conflict("invoice-exists", live.billNumber());
        return view(live);
    }

    /**
     * Corrects the buyer of an issued blue invoice: a red invoice for the whole of it (same buyer, amounts negated)
     * and a new blue one to the new buyer, sent once the red one is issued. The reason goes on the red invoice and
     * into the audit log.
     */
    public InvoiceView reissue(long invoiceId, BuyerIn in, String reason, Actor actor) {
        if (!offered()) throw new Problem(HttpStatus.SERVICE_UNAVAILABLE, "invoice-platform-unavailable");
        if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        Buyer buyer = checked(in);
        String why = reason.strip();
        try {
            return tx.execute(s -> {
                InvoiceRows.Row blue = rows.lock(invoiceId)
                        .filter(r -> actor.sees(new io.gridhall.identity.BranchId(r.branchId())))
                        .orElseThrow(() -> Problem.notFound("invoice"));
                if (blue.kind() != Kind.BLUE || blue.state() != InvoiceState.ISSUED)
                    throw Problem.conflict("invoice-not-reissuable");
                if (rows.reversalOf(blue.billId()).isPresent())
                    throw Problem.conflict("invoice-bill-reversed", blue.billNumber());
                Instant now = clock.instant();
                long red = follow(
                        blue,
                        Kind.RED,
                        InvoiceState.REQUESTED,
                        new Sealed(blue.buyerType(), blue.buyerName(), blue.buyerTaxId(), null),
                        why,
                        actor.displayName(),
                        now);
                // no red invoice was on its way (else the one above fails on its index): a replacement still waiting
                // is an earlier correction's whose red invoice was refused; this correction takes its place
                rows.release(blue.id(), now, SUPERSEDED);
                long replacement = follow(
                        blue,
                        Kind.BLUE,
                        InvoiceState.WAITING,
                        new Sealed(
                                buyer.type(),
                                vault.encrypt(buyer.name(), NAME),
                                buyer.taxId() == null ? null : vault.encrypt(buyer.taxId(), TAX_ID),
                                buyer.email() == null ? blue.buyerEmail() : vault.encrypt(buyer.email(), EMAIL_FIELD)),
                        why,
                        actor.displayName(),
                        now);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("reason", why);
                details.put("invoiceNumber", blue.invoiceNumber());
                details.put("redInvoice", red);
                details.put("replacement", replacement);
                details.put("buyerType", buyer.type().name());
                audit.record(actor, "payment.invoice.reissue", "invoice", Long.toString(blue.id()), details);
                return view(rows.find(replacement).orElseThrow());
            });
        } catch (DuplicateKeyException e) {
            throw Problem.conflict("invoice-not-reissuable");
        }
    }

    /** The reversals in a release of bills, each as {@link #billReversed}, in one transaction; other bills need nothing. */
    void receive(BillsIssued issued) {
        tx.executeWithoutResult(s -> {
            for (BillsIssued.IssuedBill bill : issued.bills())
                if (bill.type() == BillType.REVERSAL && bill.reverses() != null)
                    billReversed(bill.reverses().value(), bill.id().value(), bill.billNumber());
        });
    }

    /**
     * Billing reversed a bill (its reversal came with {@link BillsIssued}): its blue invoice is cancelled by a red one
     * the system asks for, with the reason "账单冲正" and the reversing bill's number, audited
     * ({@code payment.invoice.bill-reversed}). An issued invoice is red-lettered now; one the platform may still issue
     * (sent, or its answer lost) when the worker hears it was issued, and not at all when it was refused; one never
     * sent is withdrawn; a replacement waiting for a staff correction's red invoice is not sent. No blue invoice is
     * asked for the bill afterwards. Recorded once per bill: a repeated delivery changes nothing.
     */
    void billReversed(long billId, long reversalBillId, String reversalNumber) {
        tx.executeWithoutResult(s -> {
            rows.lockItemOfBill(billId); // a request for its invoice now waits, then finds the reversal
            Instant now = clock.instant();
            InvoiceRows.Reversal reversal = new InvoiceRows.Reversal(billId, reversalBillId, reversalNumber);
            if (!rows.recordReversal(reversal, now)) return;
            String reason = reason(reversal);
            rows.refuseWaiting(billId, reason);
            Optional<InvoiceRows.Row> live = rows.liveBlue(billId);
            if (live.isEmpty()) return; // never invoiced, or refused: nothing to cancel
            // the worker moves it under the same lock: it is issued before this looks, or sees the reversal after
            InvoiceRows.Row blue = rows.lock(live.get().id()).orElseThrow();
            if (blue.state() == InvoiceState.ISSUED) redLetter(blue, reversal, now);
            else if (blue.state() == InvoiceState.REQUESTED && rows.withdraw(blue.id(), reason)) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("reason", reason);
                details.put("reversal", reversalNumber);
                details.put("withdrawn", blue.requestNumber());
                audit.record(null, "payment.invoice.bill-reversed", "invoice", Long.toString(blue.id()), details);
            }
        });
    }

    private static String reason(InvoiceRows.Reversal r) {
        return r.reversalNumber() == null ? "账单冲正" : "账单冲正：" + r.reversalNumber();
    }

    /** The system's red invoice for an issued blue one of a reversed bill, unless a red one is on its way already. */
    private void redLetter(InvoiceRows.Row blue, InvoiceRows.Reversal reversal, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reversal", reversal.reversalNumber());
        redLetter(blue, reason(reversal), "payment.invoice.bill-reversed", details, now);
    }

    /**
     * The system's red invoice for an issued blue one, with the reason, audited without a person under {@code action},
     * unless a red one is on its way already (a staff correction's, or another reversal's: it cancels the blue one all
     * the same).
     */
    private void redLetter(InvoiceRows.Row blue, String reason, String action, Map<String, Object> facts, Instant now) {
        if (rows.redOf(blue.id()).isPresent()) return;
        long red = follow(
                blue,
                Kind.RED,
                InvoiceState.REQUESTED,
                new Sealed(blue.buyerType(), blue.buyerName(), blue.buyerTaxId(), blue.buyerEmail()),
                reason,
                SYSTEM,
                now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.putAll(facts);
        details.put("invoiceNumber", blue.invoiceNumber());
        details.put("redInvoice", red);
        audit.record(null, action, "invoice", Long.toString(blue.id()), details);
        log.info("Bill {}: red invoice {} asked for its invoice ({})", blue.billId(), red, action);
    }

    /** The reversals and refunds that opened paid bills again, each as {@link #paymentReversed}, in one transaction. */
    void receive(PaidBillsReopened reopened) {
        tx.executeWithoutResult(s -> {
            for (PaidBillsReopened.Reopened r : reopened.bills()) paymentReversed(r, reopened.postedAt());
        });
    }

    /**
     * Money that settled a bill in full was taken back (a payment reversed, part of it refunded): the bill's blue
     * invoice, asked for before that, no longer stands for a paid bill and is cancelled by a red one the system asks
     * for, with the reason naming what was taken back ({@link #reason}: "缴费退款", or "缴费冲正", "调整冲正", "余额转移冲正"
     * for a payment, credit adjustment or transfer reversed) and the posting or refund number, audited ({@code
     * payment.invoice.payment-reversed}); as for a reversed bill, one the platform may still issue is red-lettered once
     * issued and one never sent is withdrawn; a staff correction's waiting replacement is refused. Recorded once per
     * posting and bill: a repeated delivery changes nothing. Once the bill is paid in full again, its invoice is asked
     * for again as any paid bill's.
     */
    void paymentReversed(PaidBillsReopened.Reopened r, Instant postedAt) {
        rows.lockItemOfBill(r.billId()); // a request for its invoice waits, then finds it open (or paid again)
        Instant now = clock.instant();
        PostingKind reversedKind =
                r.reverses() == null ? null : rows.postingKind(r.reverses()).orElse(null);
        String reason = reason(r, reversedKind);
        if (!rows.recordPaymentReversal(r.postingId(), r.billId(), reason, now)) return;
        Optional<InvoiceRows.Row> live = rows.liveBlue(r.billId());
        if (live.isEmpty()) return; // never invoiced, or refused: nothing to cancel
        InvoiceRows.Row blue = rows.lock(live.get().id()).orElseThrow();
        // asked for after the reversal: the bill was paid again since, and this is that payment's invoice
        if (blue.requestedAt().isAfter(postedAt)) return;
        // a staff correction under way keeps its red invoice, but its new blue one would be for a bill not paid
        rows.refuseWaiting(r.billId(), reason);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("posting", r.postingId());
        if (r.reverses() != null) facts.put("reverses", r.reverses());
        if (reversedKind != null) facts.put("reversedKind", reversedKind.name());
        if (r.reference() != null) facts.put("reference", r.reference());
        switch (blue.state()) {
            case ISSUED -> redLetter(blue, reason, "payment.invoice.payment-reversed", facts, now);
            case REQUESTED -> {
                if (rows.withdraw(blue.id(), reason)) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("reason", reason);
                    details.putAll(facts);
                    details.put("withdrawn", blue.requestNumber());
                    audit.record(
                            null, "payment.invoice.payment-reversed", "invoice", Long.toString(blue.id()), details);
                } else rows.redLetterWhenIssued(r.postingId(), r.billId(), blue.id()); // claimed meanwhile: sent
            }
            case SUBMITTED, UNKNOWN -> rows.redLetterWhenIssued(r.postingId(), r.billId(), blue.id());
            default -> {}
        }
    }

    /**
     * The red invoice's reason for money taken back: what was done, and its number. A refund is 缴费退款; a reversal
     * names what it reversed (the posting kinds' words, as the statement shows them): a payment or top-up 缴费冲正, a
     * credit adjustment 调整冲正, a transfer of credit 余额转移冲正, anything else plain 冲正.
     *
     * @param reversedKind the kind of the posting a reversal reversed (none for a refund)
     */
    static String reason(PaidBillsReopened.Reopened r, PostingKind reversedKind) {
        String number = r.reference() != null ? r.reference() : "记账流水 " + r.postingId();
        String what;
        if (r.kind() == PostingKind.REFUND) what = "缴费退款";
        else if (reversedKind == null) what = "冲正";
        else
            what = switch (reversedKind) {
                case PAYMENT, TOP_UP -> "缴费冲正";
                case ADJUSTMENT -> "调整冲正";
                case TRANSFER -> "余额转移冲正";
                default -> "冲正";
            };
        return what + "：" + number;
    }

    /** A buyer as stored: the vault's sealed fields. */
    private record Sealed(BuyerType type, byte[] name, byte[] taxId, byte[] email) {}

    /**
     * Adds an invoice that follows an issued blue one, for the same bill and lines: a red invoice for the whole of it
     * (amounts negated, naming it as its original) or a blue one that replaces it. Answers the new invoice's id.
     */
    private long follow(
            InvoiceRows.Row of, Kind kind, InvoiceState state, Sealed buyer, String reason, String by, Instant now) {
        boolean red = kind == Kind.RED;
        InvoiceAmounts amounts = new InvoiceAmounts(of.total(), of.net(), of.tax());
        if (red) amounts = amounts.negate();
        List<InvoiceRows.NewLine> lines = rows.lines(of.id()).stream()
                .map(l -> {
                    InvoiceAmounts a = new InvoiceAmounts(l.total(), l.net(), l.tax());
                    return new InvoiceRows.NewLine(l.name(), l.taxCode(), l.taxRate(), red ? a.negate() : a);
                })
                .toList();
        return rows.insert(
                InvoiceRows.Row.asked(
                        rows.nextRequestNumber(LocalDate.ofInstant(now, SignedTaxPlatform.BEIJING)),
                        kind,
                        state,
                        of.accountId(),
                        of.branchId(),
                        of.billId(),
                        of.billNumber(),
                        of.itemId(),
                        buyer.type(),
                        buyer.name(),
                        buyer.taxId(),
                        buyer.email(),
                        amounts,
                        red ? of.id() : null,
                        red ? null : of.id(),
                        reason,
                        by,
                        now),
                lines);
    }

    public Optional<InvoiceView> find(long id) {
        return rows.find(id).map(this::view);
    }

    public List<InvoiceView> ofAccounts(Collection<Long> accountIds, int limit) {
        return rows.ofAccounts(accountIds, limit).stream().map(this::view).toList();
    }

    /** @param branches null for every branch */
    public List<InvoiceView> ofBranches(List<Long> branches, InvoiceState state, int limit) {
        return rows.ofBranches(branches, state, limit).stream().map(this::view).toList();
    }

    /** The platform's PDF of an issued invoice. */
    public Optional<byte[]> pdf(long id) {
        return rows.pdf(id);
    }

    /**
     * Sends an issued invoice to an e-mail address (kept sealed on the invoice) through the notification module: its
     * number, amount and a link to its PDF. The same address asked again sends nothing more.
     */
    public void send(long id, String email, String requestBaseUrl) {
        String address = email == null ? null : email.strip();
        if (address == null || !EMAIL.matcher(address).matches()) throw Problem.badRequest("invoice-email-invalid");
        tx.executeWithoutResult(s -> {
            InvoiceRows.Row r = rows.lock(id).orElseThrow(() -> Problem.notFound("invoice"));
            if (r.state() != InvoiceState.ISSUED && r.state() != InvoiceState.REVERSED)
                throw Problem.conflict("invoice-not-issued");
            rows.email(id, vault.encrypt(address, EMAIL_FIELD));
            mail(r, address, requestBaseUrl);
        });
    }

    private void mail(InvoiceRows.Row r, String address, String requestBaseUrl) {
        String key = "payment.invoice:" + r.id() + ":"
                + HexFormat.of()
                        .formatHex(vault.lookupHash(address.toLowerCase(java.util.Locale.ROOT), EMAIL_FIELD), 0, 12);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("number", r.invoiceNumber());
        p.put("amount", r.total().toYuan().toPlainString());
        p.put("bill", r.billNumber() == null ? "-" : r.billNumber());
        p.put("link", documents.publicAddress(requestBaseUrl, PUBLIC_PATH + token(r.id(), r.invoiceNumber()) + ".pdf"));
        notifications.send(Notify.of(
                key,
                Notify.Recipient.email(address),
                r.kind() == Kind.RED ? "payment.invoice-red" : "payment.invoice-issued",
                p,
                null));
    }

    /** The PDF a link's token names, when the token is exactly the one its e-mail carried. */
    public Optional<byte[]> pdfByToken(String token) {
        return VerificationTokens.ids(token, 1)
                .flatMap(ids -> rows.find(ids[0])
                        .filter(r -> r.invoiceNumber() != null)
                        .filter(r -> VerificationTokens.same(token(r.id(), r.invoiceNumber()), token))
                        .flatMap(r -> rows.pdf(r.id())));
    }

    String token(long id, String invoiceNumber) {
        return VerificationTokens.of(vault.lookupHash(id + "|" + invoiceNumber, DOWNLOAD), id);
    }

    // ---- the worker ----

    /** One round: sends requested invoices and asks about the others the platform owes; answers how many it claimed. */
    public int sweep() {
        TaxPlatform p = platform.getIfAvailable();
        if (p == null) return 0;
        Instant now = clock.instant();
        List<InvoiceRows.Claimed> batch = tx.execute(s -> rows.claimDue(
                now, now.plus(settings.worker().lease()), settings.worker().batchSize()));
        for (InvoiceRows.Claimed c : batch) {
            try {
                work(p, c);
            } catch (RuntimeException e) {
                log.warn("Invoice {} could not be sent or asked about; trying again after its lease", c.id(), e);
            }
        }
        return batch.size();
    }

    private void work(TaxPlatform p, InvoiceRows.Claimed c) {
        InvoiceRows.Row r = rows.find(c.id()).orElseThrow();
        Instant now = clock.instant();
        try {
            TaxPlatform.Status status =
                    c.state() == InvoiceState.REQUESTED ? p.submit(request(r, p)) : p.query(r.requestNumber());
            switch (status.state()) {
                case ACCEPTED, PENDING ->
                    tx.executeWithoutResult(
                            s -> rows.move(c, InvoiceState.SUBMITTED, now.plus(backOff(c.attempts())), null));
                case NOT_FOUND -> // never arrived: send it again under the same number, now
                    tx.executeWithoutResult(s -> rows.move(c, InvoiceState.REQUESTED, now, null));
                case REFUSED ->
                    tx.executeWithoutResult(s -> {
                        if (!rows.move(c, InvoiceState.REFUSED, now, status.reason())) return;
                        log.info("The tax platform refused invoice request {}", r.requestNumber());
                        if (r.kind() == Kind.RED) redRefused(r, now);
                    });
                case ISSUED ->
                    tx.executeWithoutResult(s -> {
                        if (!rows.issued(c, status.invoiceNumber(), status.issuedAt(), status.pdf(), status.xml()))
                            return;
                        if (r.kind() == Kind.RED) {
                            rows.reversed(r.originalId());
                            rows.release(r.originalId(), now, null);
                        } else {
                            // the bill was reversed, or its payment, while the platform was issuing this: cancel it
                            // now it exists
                            Optional<InvoiceRows.Reversal> billReversal = rows.reversalOf(r.billId());
                            if (billReversal.isPresent())
                                redLetter(rows.find(r.id()).orElseThrow(), billReversal.get(), now);
                            else
                                rows.paymentReversalWaitingFor(r.id())
                                        .ifPresent(why -> redLetter(
                                                rows.find(r.id()).orElseThrow(),
                                                why,
                                                "payment.invoice.payment-reversed",
                                                Map.of(),
                                                now));
                        }
                        if (r.buyerEmail() != null) {
                            InvoiceRows.Row issued = rows.find(r.id()).orElseThrow();
                            mail(issued, vault.decrypt(r.buyerEmail(), EMAIL_FIELD), documents.publicUrl());
                        }
                    });
            }
        } catch (GatewayTimeout e) {
            log.info("The tax platform did not answer about invoice request {}; asking later", r.requestNumber());
            // a submit without an answer may or may not have arrived: UNKNOWN until a query says
            InvoiceState to = c.state() == InvoiceState.REQUESTED ? InvoiceState.UNKNOWN : c.state();
            tx.executeWithoutResult(s -> rows.move(c, to, now.plus(backOff(c.attempts())), null));
        }
    }

    /**
     * A red invoice the platform refused (in the worker's transaction, the red one's row moved): the blue one must
     * still be cancelled, so the red one is sent again, as a new red invoice under a new serial number (a refused
     * number answers its refusal again), after the worker's back-off (from {@code redRetryAfter}), up to {@code
     * redRetries} times; then it waits for staff ({@link #resend}), a correction's replacement waiting with it (it is
     * sent once a red one is issued, as if the first had been). Not when the blue one is no longer issued, or another
     * red one is on its way.
     */
    private void redRefused(InvoiceRows.Row red, Instant now) {
        InvoiceRows.Row blue = rows.lock(red.originalId()).orElseThrow();
        if (blue.state() != InvoiceState.ISSUED || rows.redOf(blue.id()).isPresent()) return;
        if (red.retry() < settings.worker().redRetries()) {
            long again = sendAgain(
                    red,
                    red.requestedByName(),
                    red.retry() + 1,
                    now,
                    now.plus(backOff(settings.worker().redRetryAfter(), red.retry() + 1)));
            log.info("Red invoice {} is sent again as {} after a back-off", red.id(), again);
        } else
            // it waits for staff (resend); a correction's replacement keeps waiting with it and goes ahead, as on a
            // first success, once a red invoice sent again is issued
            log.info("Red invoice {} refused {} times; it waits for staff to send it again", red.id(), red.retry() + 1);
    }

    /** A new red invoice as the refused one was (buyer, lines, reason), naming it, due at {@code due}. */
    private long sendAgain(InvoiceRows.Row refused, String by, int retry, Instant now, Instant due) {
        List<InvoiceRows.NewLine> lines = rows.lines(refused.id()).stream()
                .map(l -> new InvoiceRows.NewLine(
                        l.name(), l.taxCode(), l.taxRate(), new InvoiceAmounts(l.total(), l.net(), l.tax())))
                .toList();
        return rows.insert(
                new InvoiceRows.Row(
                        0,
                        rows.nextRequestNumber(LocalDate.ofInstant(now, SignedTaxPlatform.BEIJING)),
                        Kind.RED,
                        InvoiceState.REQUESTED,
                        refused.accountId(),
                        refused.branchId(),
                        refused.billId(),
                        refused.billNumber(),
                        refused.itemId(),
                        refused.buyerType(),
                        refused.buyerName(),
                        refused.buyerTaxId(),
                        refused.buyerEmail(),
                        refused.total(),
                        refused.net(),
                        refused.tax(),
                        refused.originalId(),
                        null,
                        refused.reason(),
                        null,
                        null,
                        null,
                        by,
                        now,
                        0,
                        refused.id(),
                        retry),
                lines,
                due);
    }

    /**
     * Staff send a red invoice the platform refused again, once the worker gave up on it (or at once): a new red
     * invoice for the same blue one, with the same reason, requested by them, audited ({@code
     * payment.invoice.red-resend}). The blue invoice must still be issued; when a red one is on its way already, that
     * one is answered (asking twice sends one). Once the new red invoice is issued, a correction's replacement that
     * waited for it is sent, as if the first red invoice had been issued (the worker's {@code release}, once).
     */
    public Requested resend(long refusedId, Actor actor) {
        if (!offered()) throw new Problem(HttpStatus.SERVICE_UNAVAILABLE, "invoice-platform-unavailable");
        try {
            return tx.execute(s -> {
                InvoiceRows.Row refused = rows.find(refusedId)
                        .filter(r -> actor.sees(new io.gridhall.identity.BranchId(r.branchId())))
                        .orElseThrow(() -> Problem.notFound("invoice"));
                if (refused.kind() != Kind.RED || refused.state() != InvoiceState.REFUSED)
                    throw Problem.conflict("invoice-not-resendable");
                InvoiceRows.Row blue = rows.lock(refused.originalId()).orElseThrow();
                Optional<InvoiceRows.Row> live = rows.redOf(blue.id());
                if (live.isPresent()) return new Requested(view(live.get()), false);
                if (blue.state() != InvoiceState.ISSUED || rows.retried(refused.id()))
                    throw Problem.conflict("invoice-not-resendable");
                Instant now = clock.instant();
                long again = sendAgain(refused, actor.displayName(), 0, now, now);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("refused", refused.requestNumber());
                details.put("refusal", refused.refusal());
                details.put("reason", refused.reason());
                details.put("invoiceNumber", blue.invoiceNumber());
                details.put("redInvoice", again);
                audit.record(actor, "payment.invoice.red-resend", "invoice", Long.toString(blue.id()), details);
                return new Requested(view(rows.find(again).orElseThrow()), true);
            });
        } catch (DuplicateKeyException e) {
            // sent again at the same moment by someone else, or by the worker: answer that one
            return tx.execute(s -> rows.find(refusedId)
                    .flatMap(r -> rows.redOf(r.originalId()))
                    .map(r -> new Requested(view(r), false))
                    .orElseThrow(() -> Problem.conflict("invoice-not-resendable")));
        }
    }

    private TaxPlatform.Request request(InvoiceRows.Row r, TaxPlatform p) {
        Buyer b = buyer(r);
        String original = null;
        if (r.kind() == Kind.RED)
            original = rows.find(r.originalId())
                    .map(InvoiceRows.Row::invoiceNumber)
                    .orElseThrow();
        return new TaxPlatform.Request(
                r.requestNumber(),
                r.kind(),
                new TaxPlatform.Buyer(b.type(), b.name(), b.taxId()),
                rows.lines(r.id()),
                r.total(),
                r.net(),
                r.tax(),
                original,
                r.kind() == Kind.RED ? r.reason() : null);
    }

    /** First after {@code firstQuery}, then doubling, at most {@code maxQueryInterval}. */
    private Duration backOff(int attempts) {
        return backOff(settings.worker().firstQuery(), attempts);
    }

    /** First after {@code first}, then doubling, at most {@code maxQueryInterval}. */
    private Duration backOff(Duration first, int attempts) {
        Duration d = first;
        Duration max = settings.worker().maxQueryInterval();
        for (int i = 1; i < attempts && d.compareTo(max) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(max) > 0 ? max : d;
    }

    // ---- buyers ----

    record Buyer(BuyerType type, String name, String taxId, String email) {}

    /** The buyer normalised and checked, or a 400 problem naming what is wrong. */
    static Buyer checked(BuyerIn in) {
        if (in == null || in.type() == null) throw Problem.badRequest("invoice-buyer-type-required");
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty()
                || name.codePointCount(0, name.length()) > 100
                || name.chars().anyMatch(Character::isISOControl))
            throw Problem.badRequest("invoice-buyer-name-invalid");
        String taxId = in.taxId() == null || in.taxId().isBlank() ? null : TaxIds.normalise(in.taxId());
        if (in.type() == BuyerType.COMPANY && (taxId == null || !TaxIds.valid(taxId)))
            throw Problem.badRequest("invoice-tax-id-invalid");
        if (in.type() == BuyerType.PERSON && taxId != null) throw Problem.badRequest("invoice-tax-id-for-company-only");
        String email =
                in.email() == null || in.email().isBlank() ? null : in.email().strip();
        if (email != null && !EMAIL.matcher(email).matches()) throw Problem.badRequest("invoice-email-invalid");
        return new Buyer(in.type(), name, taxId, email);
    }

    private Buyer buyer(InvoiceRows.Row r) {
        return new Buyer(
                r.buyerType(),
                vault.decrypt(r.buyerName(), NAME),
                r.buyerTaxId() == null ? null : vault.decrypt(r.buyerTaxId(), TAX_ID),
                r.buyerEmail() == null ? null : vault.decrypt(r.buyerEmail(), EMAIL_FIELD));
    }

    private InvoiceView view(InvoiceRows.Row r) {
        Buyer b = buyer(r);
        return new InvoiceView(
                r.id(),
                r.requestNumber(),
                r.kind(),
                r.state(),
                r.accountId(),
                r.branchId(),
                r.billId(),
                r.billNumber(),
                r.buyerType(),
                b.type() == BuyerType.PERSON ? PersonalData.maskName(b.name()) : b.name(),
                PersonalData.maskIdNumber(b.taxId()),
                PersonalData.maskEmail(b.email()),
                r.total(),
                r.net(),
                r.tax(),
                r.invoiceNumber(),
                r.issuedAt(),
                r.refusal(),
                r.originalId(),
                r.replacesId(),
                r.reason(),
                r.requestedByName(),
                r.requestedAt(),
                r.retryOf(),
                r.retry());
    }
}
