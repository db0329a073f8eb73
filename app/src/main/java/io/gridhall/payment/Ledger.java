package io.gridhall.payment;

import io.gridhall.billing.BillsIssued;
import io.gridhall.identity.Actor;
import io.gridhall.shared.Money;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payment ledger: one per supply account, append-only, double entry (ADR 0012). Every method that moves money
 * takes an idempotency key, posts once per key (a repeat answers the first posting, {@link Posted#replayed()}),
 * locks the accounts it touches in id order, and commits all of its entries or none. A posting that would take an
 * account's credit below zero is refused (409 {@code insufficient-credit}).
 *
 * <p>Queries do not check branch scopes or portal bindings; callers that serve people do.
 */
public interface Ledger {

    /** Posts the issued bills as receivables (and reversal bills as their cancellation), once per bill id. */
    void receive(BillsIssued bills);

    /** Money received: settles each account's chosen bills or oldest open items first, the rest is held as credit. */
    Posted pay(Pay payment);

    /** Several payments in one transaction (a bank's return file, a day's settlement), each once per its key. */
    List<Posted> payAll(List<Pay> payments);

    /** Pays credit back through a channel. */
    Posted refund(
            String idempotencyKey,
            long supplyAccountId,
            Money amount,
            PaymentChannel channel,
            String reference,
            String reason,
            Actor actor);

    /** A late-payment penalty becomes a receivable due on the given day. */
    Posted chargePenalty(String idempotencyKey, long supplyAccountId, Money amount, LocalDate dueOn, String reference);

    /**
     * A manual correction by staff: a positive amount charges the customer (a receivable due today), a negative one
     * credits them (settling open items oldest first, the rest held as credit). The reason is required and audited.
     */
    Posted adjust(String idempotencyKey, long supplyAccountId, Money amount, String reason, Actor actor);

    /** Moves credit from one account to another (the second's open items are settled first). */
    Posted transfer(
            String idempotencyKey, long fromAccountId, long toAccountId, Money amount, String reason, Actor actor);

    /** Posts the exact opposite of an earlier posting (not of a bill: billing reverses bills). */
    Posted reverse(String idempotencyKey, long postingId, String reason, Actor actor);

    /**
     * Pays back part of a payment or top-up through its channel (a partial refund): a {@code REFUND} posting that
     * undoes {@code amount} of it, the credit it left first, then the items it settled, the latest first. Refused
     * (409 {@code refund-more-than-remainder}) beyond what earlier parts left of it, and (409 {@code
     * posting-reversed}) when it was reversed whole; a payment partly reversed is never reversed whole.
     */
    Posted reversePart(
            String idempotencyKey, long postingId, Money amount, String reference, String reason, Actor actor);

    /**
     * A new receipt number for money taken at a counter: the business day and a sequence, for example {@code
     * 2026120600001234}. Numbers are unique, not gapless (a request that fails uses one up).
     */
    String nextReceiptNumber();

    Optional<PostingView> posting(long postingId);

    /** The posting that reversed this one, if one did. */
    Optional<PostingView> reversalOf(long postingId);

    /** The account's cached balances; an account without entries has zero balances and version 0. */
    Balance balance(long supplyAccountId);

    /** Balances of several accounts, read in one snapshot. */
    Map<Long, Balance> balances(Collection<Long> supplyAccountIds);

    Statement statement(long supplyAccountId, int limit);
}
