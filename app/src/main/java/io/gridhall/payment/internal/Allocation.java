package io.gridhall.payment.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * How money received is spread over what an account owes: the items the payer chose, else every open item, oldest
 * due first (then the oldest item); whatever is left is held as credit. Pure: amounts in fen, no database.
 */
final class Allocation {

    private Allocation() {}

    /** An open item as allocation sees it. */
    record Open(long itemId, java.time.LocalDate dueOn, long open) {}

    record Settled(long itemId, long amount) {}

    /** What settled which item, in the order settled, and the credit left over. */
    record Result(List<Settled> settled, long credit) {

        long allocated() {
            return settled.stream().mapToLong(Settled::amount).sum();
        }
    }

    static final Comparator<Open> OLDEST_FIRST =
            Comparator.comparing(Open::dueOn).thenComparingLong(Open::itemId);

    /**
     * @param chosen the item ids the payer chose; empty for "oldest first over everything open"
     */
    static Result allocate(List<Open> open, long amount, Set<Long> chosen) {
        if (amount < 0) throw new IllegalArgumentException("a negative amount: " + amount);
        List<Open> candidates = new ArrayList<>();
        for (Open o : open) if (o.open() > 0 && (chosen.isEmpty() || chosen.contains(o.itemId()))) candidates.add(o);
        candidates.sort(OLDEST_FIRST);
        List<Settled> settled = new ArrayList<>();
        long left = amount;
        for (Open o : candidates) {
            if (left == 0) break;
            long part = Math.min(left, o.open());
            settled.add(new Settled(o.itemId(), part));
            left -= part;
        }
        return new Result(List.copyOf(settled), left);
    }
}
