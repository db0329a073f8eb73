package io.gridhall.payment.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Whose discrepancies of a reconciliation a member of staff may see and resolve (ADR 0010's branch scope): one that
 * concerns supply accounts (the order's, the agent's account, our payment's) belongs to their branches, and only staff
 * who see every one of those branches see it, or post to them by resolving it; one that concerns no account we know
 * (a trade of an order we never made) posts nothing and is every approver's.
 */
@Component
class DiscrepancyScope {

    private final Customers customers;

    DiscrepancyScope(Customers customers) {
        this.customers = customers;
    }

    /** Whether the actor sees every account of the list (an empty list: yes). */
    boolean sees(Actor actor, Collection<Long> accounts) {
        if (accounts.isEmpty() || actor.branchScope() == null) return true;
        Map<Long, BranchId> branches = branches(accounts);
        return accounts.stream().allMatch(a -> branches.containsKey(a) && actor.sees(branches.get(a)));
    }

    /** The discrepancies of the list the actor sees, in their order; {@code accounts} gives each one's accounts. */
    <T> List<T> visible(Actor actor, List<T> discrepancies, Function<List<T>, Map<T, Set<Long>>> accounts) {
        if (discrepancies.isEmpty() || actor.branchScope() == null) return discrepancies;
        Map<T, Set<Long>> of = accounts.apply(discrepancies);
        Set<Long> all = new HashSet<>();
        of.values().forEach(all::addAll);
        Map<Long, BranchId> branches = branches(all);
        return discrepancies.stream()
                .filter(d -> of.getOrDefault(d, Set.of()).stream()
                        .allMatch(a -> branches.containsKey(a) && actor.sees(branches.get(a))))
                .toList();
    }

    private Map<Long, BranchId> branches(Collection<Long> accounts) {
        if (accounts.isEmpty()) return Map.of();
        return customers.accounts(Set.copyOf(accounts)).stream()
                .collect(Collectors.toMap(SupplyAccountView::id, SupplyAccountView::branchId));
    }
}
