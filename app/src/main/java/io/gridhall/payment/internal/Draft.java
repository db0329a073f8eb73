package io.gridhall.payment.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PostingKind;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One posting to write: its key and facts, the accounts it touches (with their branch when known, for an account's
 * first posting), the bills and items it needs loaded, and the steps that turn the locked accounts into entries.
 */
record Draft(
        String key,
        PostingKind kind,
        PaymentChannel channel,
        Long billId,
        Long reverses,
        String reference,
        String reason,
        Actor actor,
        Map<Long, BranchId> accounts,
        Set<Long> bills,
        Set<Long> items,
        Consumer<Books> steps) {

    Draft {
        if (key == null || key.isEmpty() || key.length() > 200) throw new IllegalArgumentException("a posting key");
        accounts = new java.util.HashMap<>(accounts);
        bills = Set.copyOf(bills);
        items = Set.copyOf(items);
    }
}
