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
 * transactions ({@code gateway_payment} with our order) and the ledger's postings of them, one to one on the gateway
 * transaction id. Every transaction is either MATCHED or has one or more findings; the sums of the three sides are
 * compared by the caller.
 */
public final class BillMatching {

    private BillMatching() {}

    /** What reconciliation finds of one transaction. */
    public enum Kind {
        MATCHED,
        /** The gateway took the money; we have not credited it. */
        MISSING_AT_US,
        /** We credited it; the gateway's bill does not have it. */
        MISSING_AT_GATEWAY,
        /** The same transaction more than once in the bill. */
        DUPLICATE,
        /** The bill, our credit and the ledger do not agree on the amount. */
        AMOUNT_MISMATCH,
        /** The bill binds the transaction to another order than ours. */
        ORDER_MISMATCH
    }

    /**
     * Our credit of one transaction.
     *
     * @param ledger the posting's amount on the GATEWAY book; null when there is no posting under its key
     */
    record Ours(String transactionId, String orderNumber, Money amount, Money ledger) {}

    /** One finding; amounts are null where a side does not have the transaction. */
    record Finding(
            Kind kind,
            String transactionId,
            String orderNumber,
            String ourOrderNumber,
            Money gatewayAmount,
            Money ourAmount,
            Money ledgerAmount,
            java.time.Instant completedAt) {}

    record Result(List<Finding> findings, Money gatewaySum, Money ourSum, Money ledgerSum) {

        long matched() {
            return findings.stream().filter(f -> f.kind() == Kind.MATCHED).count();
        }

        List<Finding> discrepancies() {
            return findings.stream().filter(f -> f.kind() != Kind.MATCHED).toList();
        }
    }

    static Result match(List<GatewayBills.BillLine> bill, Collection<Ours> ours) {
        Map<String, List<GatewayBills.BillLine>> byTransaction = new LinkedHashMap<>();
        Money gatewaySum = Money.ZERO;
        for (GatewayBills.BillLine l : bill) {
            byTransaction
                    .computeIfAbsent(l.transactionId(), t -> new ArrayList<>())
                    .add(l);
            gatewaySum = gatewaySum.plus(l.amount());
        }
        Map<String, Ours> ourBy = new LinkedHashMap<>();
        Money ourSum = Money.ZERO;
        Money ledgerSum = Money.ZERO;
        for (Ours o : ours) {
            if (ourBy.put(o.transactionId(), o) != null)
                throw new IllegalArgumentException("our side lists " + o.transactionId() + " twice");
            ourSum = ourSum.plus(o.amount());
            if (o.ledger() != null) ledgerSum = ledgerSum.plus(o.ledger());
        }
        TreeSet<String> all = new TreeSet<>(byTransaction.keySet());
        all.addAll(ourBy.keySet());
        List<Finding> findings = new ArrayList<>();
        for (String t : all) {
            List<GatewayBills.BillLine> lines = byTransaction.getOrDefault(t, List.of());
            Ours o = ourBy.get(t);
            GatewayBills.BillLine b = lines.isEmpty() ? null : lines.getFirst();
            Money ourAmount = o == null ? null : o.amount();
            Money ledger = o == null ? null : o.ledger();
            String ourOrder = o == null ? null : o.orderNumber();
            java.time.Instant at = b == null ? null : b.completedAt();
            String order = b == null ? ourOrder : b.orderNumber();
            int before = findings.size();
            if (lines.size() > 1)
                findings.add(new Finding(Kind.DUPLICATE, t, order, ourOrder, sum(lines), ourAmount, ledger, at));
            if (b == null)
                findings.add(new Finding(Kind.MISSING_AT_GATEWAY, t, order, ourOrder, null, ourAmount, ledger, null));
            else if (o == null)
                findings.add(new Finding(Kind.MISSING_AT_US, t, order, null, b.amount(), null, null, at));
            else {
                if (!b.orderNumber().equals(o.orderNumber()))
                    findings.add(
                            new Finding(Kind.ORDER_MISMATCH, t, order, ourOrder, b.amount(), ourAmount, ledger, at));
                if (!b.amount().equals(o.amount()) || !Objects.equals(o.amount(), o.ledger()))
                    findings.add(
                            new Finding(Kind.AMOUNT_MISMATCH, t, order, ourOrder, b.amount(), ourAmount, ledger, at));
            }
            if (findings.size() == before)
                findings.add(new Finding(Kind.MATCHED, t, order, ourOrder, b.amount(), ourAmount, ledger, at));
        }
        return new Result(List.copyOf(findings), gatewaySum, ourSum, ledgerSum);
    }

    private static Money sum(List<GatewayBills.BillLine> lines) {
        Money m = Money.ZERO;
        for (GatewayBills.BillLine l : lines) m = m.plus(l.amount());
        return m;
    }
}
