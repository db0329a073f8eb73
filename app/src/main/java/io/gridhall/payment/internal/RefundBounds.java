package io.gridhall.payment.internal;

import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;

/**
 * What an approver may pay back of a refund request, before the ledger is asked: more than nothing and at most what was
 * asked; less than was asked only with a meaningful note saying why. What the payment still has to refund and the
 * account's credit are checked against the database ({@link RefundingWithApproval}).
 */
final class RefundBounds {

    private RefundBounds() {}

    /**
     * @throws Problem 400 {@code amount-not-positive}, {@code refund-approved-above-asked} or {@code
     *     refund-lowered-note-required}
     */
    static void check(Money asked, Money approved, String note) {
        if (approved.fen() <= 0) throw Problem.badRequest("amount-not-positive");
        if (approved.compareTo(asked) > 0) throw Problem.badRequest("refund-approved-above-asked", approved, asked);
        if (approved.compareTo(asked) < 0 && !MeaningfulReason.Check.isMeaningful(note))
            throw Problem.badRequest("refund-lowered-note-required", approved, asked);
    }
}
