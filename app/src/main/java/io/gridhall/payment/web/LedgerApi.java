package io.gridhall.payment.web;

import io.gridhall.billing.BillId;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.payment.Balance;
import io.gridhall.payment.Book;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.OpenItem;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.Posted;
import io.gridhall.payment.PostingKind;
import io.gridhall.payment.PostingView;
import io.gridhall.payment.RewardPoints;
import io.gridhall.payment.Statement;
import io.gridhall.payment.internal.ClosingTills;
import io.gridhall.payment.internal.PrintingReceipts;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@Tag(name = "Payment: ledger, counter payments and statements")
@RestController
@RequestMapping("/api/v1/payment")
class LedgerApi {

    /** Yuan with at most two decimals, as text, so no client rounds it through a binary fraction. */
    static final String YUAN = "^-?[0-9]{1,10}(\\.[0-9]{1,2})?$";

    record ShareIn(
            @NotNull @Positive Long accountId,
            @NotNull @Pattern(regexp = YUAN) String amount,
            @Size(max = 24) List<@NotNull @Positive Long> bills) {}

    record CounterPaymentIn(
            @NotNull PaymentChannel channel,
            @NotEmpty @Size(max = 20) List<@Valid @NotNull ShareIn> shares) {}

    record AdjustmentIn(
            @NotNull @Pattern(regexp = YUAN) String amount,
            @NotNull @MeaningfulReason String reason) {}

    record EntryOut(
            Book book, Long accountId, Long accountVersion, Long billId, String billNumber, BigDecimal amount) {}

    record PostingOut(
            long postingId,
            PostingKind kind,
            PaymentChannel channel,
            Instant postedAt,
            LocalDate businessDate,
            String reference,
            String reason,
            String postedBy,
            Long reverses,
            List<EntryOut> entries) {}

    record SettledOut(Long billId, String billNumber, String kind, BigDecimal amount) {}

    record ReceiptAccount(
            long accountId,
            String accountNumber,
            String accountName,
            BigDecimal amount,
            List<SettledOut> settled,
            BigDecimal credit,
            BigDecimal receivableAfter,
            BigDecimal prepaidAfter) {}

    /** What a counter prints: the receipt number, the clerk, each account's part and what it settled. */
    record ReceiptOut(
            String receiptNumber,
            long postingId,
            PaymentChannel channel,
            Instant postedAt,
            LocalDate businessDate,
            String clerk,
            BigDecimal total,
            List<ReceiptAccount> accounts) {}

    /** One account a portal customer may pay, with what it owes and holds. */
    record AccountOwes(long accountId, String accountNumber, String accountName, long branchId, BalanceOut balance) {}

    record BalanceOut(long accountId, BigDecimal receivable, BigDecimal prepaid, BigDecimal net, long version) {}

    record OpenItemOut(
            long itemId,
            String kind,
            Long billId,
            String billNumber,
            LocalDate periodFrom,
            LocalDate periodTo,
            LocalDate dueOn,
            BigDecimal amount,
            BigDecimal open) {}

    record LineOut(
            long postingId,
            long version,
            PostingKind kind,
            PaymentChannel channel,

            @Schema(description = "the gateway an online payment came through (or a refund went back through)")
            Gateway gateway,

            Instant postedAt,
            Book book,
            String billNumber,
            String reference,
            String reason,

            @Schema(
                    description = "who posted it: the counter clerk, the member of staff, the approver of a refund;"
                            + " none for what arrived by itself (a gateway's payment, a bill); given to staff only")
            String postedBy,

            BigDecimal amount,
            BigDecimal balanceAfter,

            @Schema(description = "the reward points the posting earned this account, net of any taken back (PAY-1)")
            Long points) {}

    record StatementOut(
            long accountId,
            String accountNumber,
            String accountName,
            BalanceOut balance,
            List<OpenItemOut> openItems,
            List<LineOut> lines) {}

    private final Ledger ledger;
    private final Customers customers;
    private final IdempotentRequests idempotent;
    private final ClosingTills tills;
    private final RewardPoints points;
    private final PrintingReceipts receipts;

    LedgerApi(
            Ledger ledger,
            Customers customers,
            IdempotentRequests idempotent,
            ClosingTills tills,
            RewardPoints points,
            PrintingReceipts receipts) {
        this.ledger = ledger;
        this.customers = customers;
        this.idempotent = idempotent;
        this.tills = tills;
        this.points = points;
        this.receipts = receipts;
    }

    @Operation(
            summary = "Take a counter payment (坐收) in cash or by card for one or several accounts",
            description =
                    "Each account's amount settles the bills chosen for it, else its oldest open items first; what"
                            + " is left is held as credit (预存). One posting, one receipt number. Needs an Idempotency-Key"
                            + " header: the same key and body answer the first receipt again (Idempotent-Replayed: true), the"
                            + " same key with another body is 409 idempotency-key-reused, a repeat while the first runs is 409"
                            + " idempotency-key-in-progress. Keys are per branch scope. Audited.")
    @ApiResponse(responseCode = "201", description = "the receipt")
    @ApiResponse(responseCode = "400", description = "invalid input or a missing Idempotency-Key")
    @ApiResponse(responseCode = "403", description = "needs permission PAYMENT_COLLECT")
    @ApiResponse(
            responseCode = "404",
            description = "an unknown account or bill, or one of a branch the caller may not see (told apart by"
                    + " neither)")
    @ApiResponse(
            responseCode = "409",
            description = "a chosen bill is settled, the clerk's till of today is closed, or the Idempotency-Key"
                    + " conflicts")
    @PostMapping("/counter-payments")
    ResponseEntity<?> counterPayment(
            @AuthenticationPrincipal Actor actor,
            @Parameter(description = "1 to 200 visible ASCII characters, new for every payment")
                    @RequestHeader(name = IdempotentRequests.HEADER, required = false)
                    String key,
            @Valid @RequestBody CounterPaymentIn in) {
        actor.require(Permission.PAYMENT_COLLECT);
        if (in.channel() != PaymentChannel.CASH && in.channel() != PaymentChannel.CARD)
            throw Problem.badRequest("counter-channel");
        List<Pay.Share> shares = new ArrayList<>();
        for (ShareIn s : in.shares()) {
            Money amount = positive(s.amount());
            List<BillId> bills = s.bills() == null
                    ? List.of()
                    : s.bills().stream().map(BillId::new).toList();
            shares.add(new Pay.Share(s.accountId(), amount, bills));
        }
        String scope = IdempotentRequests.staffScope(actor.branchScope());
        return idempotent.once(scope, key, "POST /api/v1/payment/counter-payments", in, () -> {
            tills.requireOpen(actor); // a closed till takes nothing more today (409 till-closed)
            String receipt = ledger.nextReceiptNumber();
            Posted posted = ledger.pay(new Pay(
                    postingKey("counter", scope, key), PostingKind.PAYMENT, in.channel(), shares, receipt, actor));
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(receipt(ledger.posting(posted.postingId()).orElseThrow()));
        });
    }

    @Operation(
            summary = "Adjust an account's balance by hand, with a reason",
            description = "A positive amount charges the customer (an item due today), a negative one credits them"
                    + " (settling open items oldest first, the rest held as credit). Needs permission PAYMENT_COLLECT"
                    + " or BILLING, a reason (4 to 200 characters, at least two letters) and an Idempotency-Key header"
                    + " (semantics as for counter payments). Audited with the reason.")
    @ApiResponse(responseCode = "201", description = "the posting")
    @ApiResponse(responseCode = "400", description = "invalid amount (zero included) or reason, or no Idempotency-Key")
    @ApiResponse(responseCode = "403", description = "needs permission PAYMENT_COLLECT or BILLING")
    @ApiResponse(responseCode = "404", description = "unknown account, or of a branch the caller may not see")
    @ApiResponse(responseCode = "409", description = "the Idempotency-Key conflicts")
    @PostMapping("/accounts/{accountId}/adjustments")
    ResponseEntity<?> adjust(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long accountId,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
            @Valid @RequestBody AdjustmentIn in) {
        if (!actor.has(Permission.BILLING)) actor.require(Permission.PAYMENT_COLLECT);
        Money amount = Money.yuan(in.amount());
        if (amount.fen() == 0) throw Problem.badRequest("amount-zero");
        String scope = IdempotentRequests.staffScope(actor.branchScope());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("accountId", accountId);
        request.put("body", in);
        return idempotent.once(scope, key, "POST /api/v1/payment/accounts/{accountId}/adjustments", request, () -> {
            Posted posted = ledger.adjust(postingKey("adjust", scope, key), accountId, amount, in.reason(), actor);
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(posting(ledger.posting(posted.postingId()).orElseThrow()));
        });
    }

    @Operation(
            summary = "An account's statement: balances, open items oldest first, the latest entries newest first",
            description =
                    "Staff with CUSTOMER_READ, PAYMENT_COLLECT or BILLING see accounts of their branches; a portal"
                            + " customer sees the accounts they may pay (bound, or of their group's subsidiaries).")
    @ApiResponse(responseCode = "200", description = "the statement")
    @ApiResponse(responseCode = "404", description = "unknown account, or one the caller may not see")
    @GetMapping("/accounts/{accountId}/statement")
    StatementOut statement(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long accountId,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) throw Problem.badRequest("bad-limit", 1, 500);
        SupplyAccountView account = visible(actor, accountId);
        Statement s = ledger.statement(accountId, limit);
        Map<Long, Long> earned = points.earnedByPosting(
                accountId,
                s.lines().stream().map(Statement.Line::postingId).distinct().toList());
        return new StatementOut(
                accountId,
                account.accountNumber(),
                PersonalData.maskName(account.accountName()),
                balance(s.balance()),
                s.openItems().stream().map(LedgerApi::openItem).toList(),
                s.lines().stream().map(l -> line(l, earned, actor.isStaff())).toList());
    }

    @Operation(
            summary = "What each account the portal customer may pay owes and holds, in one snapshot (PAY-8)",
            description = "Portal customers only: the accounts they bound and, for a group, every subsidiary's"
                    + " accounts, each with what it owes (receivable) and holds as credit (prepaid); the page that"
                    + " pays several accounts in one order starts from it.")
    @ApiResponse(responseCode = "200", description = "one entry per account")
    @ApiResponse(responseCode = "403", description = "not a portal customer")
    @GetMapping("/balances")
    List<AccountOwes> balances(@AuthenticationPrincipal Actor actor) {
        if (!actor.isCustomer()) throw Problem.forbidden("customers-only");
        List<SupplyAccountView> accounts = customers.portalAccounts(actor.userId());
        Map<Long, Balance> balances =
                ledger.balances(accounts.stream().map(SupplyAccountView::id).toList());
        return accounts.stream()
                .map(a -> new AccountOwes(
                        a.id(),
                        a.accountNumber(),
                        PersonalData.maskName(a.accountName()),
                        a.branchId().value(),
                        balance(balances.getOrDefault(a.id(), Balance.empty(a.id())))))
                .toList();
    }

    @Operation(
            summary = "An account's statement by its account number (户号), for the counter",
            description = "As the statement by id; staff only, within their branches.")
    @ApiResponse(responseCode = "200", description = "the statement")
    @ApiResponse(responseCode = "404", description = "unknown account number, or of a branch the caller may not see")
    @GetMapping("/statements")
    StatementOut statementByNumber(
            @AuthenticationPrincipal Actor actor,
            @RequestParam @Pattern(regexp = "^[0-9]{10}$") String accountNumber,
            @RequestParam(defaultValue = "50") int limit) {
        if (!actor.isStaff()) throw Problem.notFound("supply-account");
        long id = customers
                .accountByNumber(accountNumber)
                .filter(a -> actor.sees(a.branchId()))
                .orElseThrow(() -> Problem.notFound("supply-account"))
                .id();
        return statement(actor, id, limit);
    }

    @Operation(summary = "A counter payment's receipt again, by its posting (to print it again)")
    @ApiResponse(responseCode = "200", description = "the receipt")
    @ApiResponse(responseCode = "404", description = "unknown posting, or one of accounts the caller may not see")
    @GetMapping("/receipts/{postingId}")
    ReceiptOut receipt(@AuthenticationPrincipal Actor actor, @PathVariable long postingId) {
        actor.require(Permission.PAYMENT_COLLECT);
        PostingView p = ledger.posting(postingId)
                .filter(v -> v.kind() == PostingKind.PAYMENT && v.reference() != null)
                .orElseThrow(() -> Problem.notFound("posting"));
        for (PostingView.EntryView e : p.entries())
            if (e.supplyAccountId() != null) {
                var account = customers.account(e.supplyAccountId());
                if (account.isEmpty() || !actor.sees(account.get().branchId())) throw Problem.notFound("posting");
            }
        return receipt(p);
    }

    @Operation(
            summary = "A payment's receipt (电费缴费凭证) for one account as PDF, with a QR code that verifies it (PAY-11)",
            description = "Any payment or top-up the account received (counter, gateway, bank withholding, voucher):"
                    + " the receipt number, the masked name, the channel and its transaction number, the amount in"
                    + " figures and in capital numerals, the bills it settled and the credit kept, the time and, at a"
                    + " counter, the clerk. A reversed payment's receipt says so. Staff see accounts of their branches,"
                    + " a portal customer the accounts they may pay.")
    @ApiResponse(
            responseCode = "200",
            description = "the receipt",
            content = @Content(mediaType = MediaType.APPLICATION_PDF_VALUE))
    @ApiResponse(
            responseCode = "404",
            description = "unknown account or posting, a posting that paid this account nothing, or an account the"
                    + " caller may not see (told apart by none)")
    @ApiResponse(responseCode = "400", description = "an id that is not a number")
    @GetMapping(
            value = "/accounts/{accountId}/postings/{postingId}/receipt.pdf",
            produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<byte[]> receiptPdf(
            @AuthenticationPrincipal Actor actor, @PathVariable long accountId, @PathVariable long postingId) {
        SupplyAccountView account = visible(actor, accountId);
        PostingView p = receipts.receiptPosting(postingId, accountId).orElseThrow(() -> Problem.notFound("posting"));
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        byte[] pdf = receipts.pdf(p, account, base);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename("receipt-" + p.postingId() + "-" + accountId + ".pdf")
                                .build()
                                .toString())
                .cacheControl(CacheControl.noStore().cachePrivate())
                .body(pdf);
    }

    // ---- mapping ----

    private SupplyAccountView visible(Actor actor, long accountId) {
        if (actor.isCustomer()) {
            return customers.portalAccounts(actor.userId()).stream()
                    .filter(a -> a.id() == accountId)
                    .findFirst()
                    .orElseThrow(() -> Problem.notFound("supply-account"));
        }
        if (!actor.has(Permission.CUSTOMER_READ) && !actor.has(Permission.BILLING))
            actor.require(Permission.PAYMENT_COLLECT);
        return customers
                .account(accountId)
                .filter(a -> actor.sees(a.branchId()))
                .orElseThrow(() -> Problem.notFound("supply-account"));
    }

    /**
     * The ledger's key for a request's posting: readable while it fits the ledger's 200 characters, else a digest (a
     * long branch scope with a long client key).
     */
    static String postingKey(String what, String scope, String key) {
        String plain = what + ":" + scope + ":" + key;
        if (plain.length() <= 200) return plain;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((scope + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return what + ":sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Money positive(String yuan) {
        Money m = Money.yuan(yuan);
        if (m.fen() <= 0) throw Problem.badRequest("amount-not-positive");
        return m;
    }

    private ReceiptOut receipt(PostingView p) {
        Map<Long, List<PostingView.EntryView>> byAccount = new LinkedHashMap<>();
        Money total = Money.ZERO;
        for (PostingView.EntryView e : p.entries()) {
            if (e.supplyAccountId() != null)
                byAccount
                        .computeIfAbsent(e.supplyAccountId(), k -> new ArrayList<>())
                        .add(e);
            else if (e.book() == Book.CASH || e.book() == Book.CARD) total = total.plus(e.amount());
        }
        Map<Long, Balance> after = ledger.balances(byAccount.keySet());
        List<ReceiptAccount> accounts = new ArrayList<>();
        byAccount.forEach((accountId, entries) -> {
            SupplyAccountView view = customers.account(accountId).orElse(null);
            List<SettledOut> settled = new ArrayList<>();
            Money credit = Money.ZERO;
            Money paid = Money.ZERO;
            for (PostingView.EntryView e : entries) {
                paid = paid.minus(e.amount());
                if (e.book() == Book.RECEIVABLE)
                    settled.add(new SettledOut(
                            e.bill() == null ? null : e.bill().value(),
                            e.billNumber(),
                            e.bill() == null ? null : "BILL",
                            e.amount().negate().toYuan()));
                else credit = credit.minus(e.amount());
            }
            Balance b = after.get(accountId);
            accounts.add(new ReceiptAccount(
                    accountId,
                    view == null ? null : view.accountNumber(),
                    view == null ? null : PersonalData.maskName(view.accountName()),
                    paid.toYuan(),
                    settled,
                    credit.toYuan(),
                    b.receivable().toYuan(),
                    b.prepaid().toYuan()));
        });
        return new ReceiptOut(
                p.reference(),
                p.postingId(),
                p.channel(),
                p.postedAt(),
                p.businessDate(),
                p.postedByName(),
                total.toYuan(),
                accounts);
    }

    static PostingOut posting(PostingView p) {
        return new PostingOut(
                p.postingId(),
                p.kind(),
                p.channel(),
                p.postedAt(),
                p.businessDate(),
                p.reference(),
                p.reason(),
                p.postedByName(),
                p.reverses(),
                p.entries().stream()
                        .map(e -> new EntryOut(
                                e.book(),
                                e.supplyAccountId(),
                                e.accountVersion(),
                                e.bill() == null ? null : e.bill().value(),
                                e.billNumber(),
                                e.amount().toYuan()))
                        .toList());
    }

    static BalanceOut balance(Balance b) {
        return new BalanceOut(
                b.supplyAccountId(),
                b.receivable().toYuan(),
                b.prepaid().toYuan(),
                b.net().toYuan(),
                b.version());
    }

    static OpenItemOut openItem(OpenItem i) {
        return new OpenItemOut(
                i.itemId(),
                i.kind(),
                i.bill() == null ? null : i.bill().value(),
                i.billNumber(),
                i.periodFrom(),
                i.periodTo(),
                i.dueOn(),
                i.amount().toYuan(),
                i.open().toYuan());
    }

    /** A line; the member of staff who posted it is named to staff only (a customer's statement names nobody). */
    static LineOut line(Statement.Line l, Map<Long, Long> points, boolean toStaff) {
        return new LineOut(
                l.postingId(),
                l.accountVersion(),
                l.kind(),
                l.channel(),
                l.gateway(),
                l.postedAt(),
                l.book(),
                l.billNumber(),
                l.reference(),
                l.reason(),
                toStaff ? l.postedBy() : null,
                l.amount().toYuan(),
                l.balanceAfter().toYuan(),
                points.get(l.postingId()));
    }
}
