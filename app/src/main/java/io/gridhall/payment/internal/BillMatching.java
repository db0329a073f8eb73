package io.gridhall.payment.internal;

import io.gridhall.shared.Money;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The three-way match of one gateway's day (a pure function): the bill's lines against our credits of those
 * transactions ({@code gateway_payment} with our order) and our refunds through the gateway ({@code gateway_refund}),
 * and the ledger's postings of them, one to one on the gateway transaction id (a refund: on our refund number). Every transaction is either MATCHED or has one or more findings; the sums of the three sides are
 * compared by the caller.
 */
public final class BillMatching {

    private BillMatching() {}

    /** What reconciliation finds of one transaction. */
    public enum Kind {
        MATCHED,
        /** The gateway took the money (or paid it back); we have no credit (or refund) of it. */
        MISSING_AT_US,
        /** We credited (or refunded) it; the gateway's bill does not have it. */
        MISSING_AT_GATEWAY,
        /** The same transaction more than once in the bill. */
        DUPLICATE,
        /** The bill, our credit and the ledger do not agree on the amount. */
        AMOUNT_MISMATCH,
        /** The bill binds the transaction to another order than ours (a refund: to another payment). */
        ORDER_MISMATCH
    }

    /**
     * Our credit of one transaction, or (with a refund number) our refund of it through the gateway.
     *
     * @param amount what we credited, or minus what we refunded
     * @param ledger the posting's amount on the GATEWAY book (the payment's, or its reversal's); null when there is no
     *     posting (yet)
     * @param refundNumber our refund number; null for a payment
     */
    record Ours(String transactionId, String orderNumber, Money amount, Money ledger, String refundNumber) {

        /** A payment we credited. */
        Ours(String transactionId, String orderNumber, Money amount, Money ledger) {
            this(transactionId, orderNumber, amount, ledger, null);
        }
    }

    /**
     * One finding; amounts are null where a side does not have the transaction. A refund's finding carries its refund
     * number; its transaction id is the refunded payment's (the bill's, else ours).
     */
    record Finding(
            Kind kind,
            String transactionId,
            String orderNumber,
            String ourOrderNumber,
            Money gatewayAmount,
            Money ourAmount,
            Money ledgerAmount,
            java.time.Instant completedAt,
            String refundNumber) {}

    record Result(List<Finding> findings, Money gatewaySum, Money ourSum, Money ledgerSum) {

        long matched() {
            return findings.stream().filter(f -> f.kind() == Kind.MATCHED).count();
        }

        List<Finding> discrepancies() {
            return findings.stream().filter(f -> f.kind() != Kind.MATCHED).toList();
        }
    }

    /** What lines and credits are matched on: a payment's transaction id, a refund's refund number. */
    record Key(String id, boolean refund) implements Comparable<Key> {

        static Key of(GatewayBills.BillLine l) {
            return l.isRefund() ? new Key(l.refundNumber(), true) : new Key(l.transactionId(), false);
        }

        static Key of(Ours o) {
            return o.refundNumber() != null ? new Key(o.refundNumber(), true) : new Key(o.transactionId(), false);
        }

        static Key of(Finding f) {
            return f.refundNumber() != null ? new Key(f.refundNumber(), true) : new Key(f.transactionId(), false);
        }

        @Override
        public int compareTo(Key o) {
            int c = id.compareTo(o.id);
            return c != 0 ? c : Boolean.compare(refund, o.refund);
        }
    }

    /**
     * Matches payments on the transaction id and refunds on our refund number (a refund the bill binds to another
     * payment than ours is an ORDER_MISMATCH). The sums are net of refunds, as the gateways state their days.
     */
    static Result match(List<GatewayBills.BillLine> bill, Collection<Ours> ours) {
        Map<Key, List<GatewayBills.BillLine>> byKey = new LinkedHashMap<>();
        Money gatewaySum = Money.ZERO;
        for (GatewayBills.BillLine l : bill) {
            byKey.computeIfAbsent(Key.of(l), t -> new ArrayList<>()).add(l);
            gatewaySum = gatewaySum.plus(l.amount());
        }
        Map<Key, Ours> ourBy = new LinkedHashMap<>();
        Money ourSum = Money.ZERO;
        Money ledgerSum = Money.ZERO;
        for (Ours o : ours) {
            if (ourBy.put(Key.of(o), o) != null)
                throw new IllegalArgumentException("our side lists " + Key.of(o).id() + " twice");
            ourSum = ourSum.plus(o.amount());
            if (o.ledger() != null) ledgerSum = ledgerSum.plus(o.ledger());
        }
        TreeSet<Key> all = new TreeSet<>(byKey.keySet());
        all.addAll(ourBy.keySet());
        List<Finding> findings = new ArrayList<>();
        for (Key k : all) {
            List<GatewayBills.BillLine> lines = byKey.getOrDefault(k, List.of());
            Ours o = ourBy.get(k);
            GatewayBills.BillLine b = lines.isEmpty() ? null : lines.getFirst();
            String refund = k.refund() ? k.id() : null;
            String t = b != null ? b.transactionId() : o.transactionId();
            Money ourAmount = o == null ? null : o.amount();
            Money ledger = o == null ? null : o.ledger();
            String ourOrder = o == null ? null : o.orderNumber();
            java.time.Instant at = b == null ? null : b.completedAt();
            String order = b == null ? ourOrder : b.orderNumber();
            int before = findings.size();
            if (lines.size() > 1)
                findings.add(
                        new Finding(Kind.DUPLICATE, t, order, ourOrder, sum(lines), ourAmount, ledger, at, refund));
            if (b == null)
                findings.add(new Finding(
                        Kind.MISSING_AT_GATEWAY, t, order, ourOrder, null, ourAmount, ledger, null, refund));
            else if (o == null)
                findings.add(new Finding(Kind.MISSING_AT_US, t, order, null, b.amount(), null, null, at, refund));
            else {
                // a payment's line names our order; a refund's names the payment it paid back
                boolean bound = k.refund()
                        ? b.transactionId().equals(o.transactionId())
                        : b.orderNumber().equals(o.orderNumber());
                if (!bound)
                    findings.add(new Finding(
                            Kind.ORDER_MISMATCH, t, order, ourOrder, b.amount(), ourAmount, ledger, at, refund));
                if (!b.amount().equals(o.amount()) || !Objects.equals(o.amount(), o.ledger()))
                    findings.add(new Finding(
                            Kind.AMOUNT_MISMATCH, t, order, ourOrder, b.amount(), ourAmount, ledger, at, refund));
            }
            if (findings.size() == before)
                findings.add(new Finding(Kind.MATCHED, t, order, ourOrder, b.amount(), ourAmount, ledger, at, refund));
        }
        return new Result(List.copyOf(findings), gatewaySum, ourSum, ledgerSum);
    }

    private static Money sum(List<GatewayBills.BillLine> lines) {
        Money m = Money.ZERO;
        for (GatewayBills.BillLine l : lines) m = m.plus(l.amount());
        return m;
    }
}
