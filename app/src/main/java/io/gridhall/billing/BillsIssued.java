package io.gridhall.billing;

import io.gridhall.identity.BranchId;
import io.gridhall.shared.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * Bills that became receivables (or cancelled one), published once per release (a run's chunk, a clerk's release
 * of held bills, a reversal with its rebill), in the releasing transaction. The payment ledger posts each bill once,
 * keyed by its id; a reversal carries a negative total.
 */
public record BillsIssued(List<IssuedBill> bills) {

    public BillsIssued {
        bills = List.copyOf(bills);
    }

    public record IssuedBill(
            BillId id,
            long supplyAccountId,
            BranchId branchId,
            BillType type,
            String billNumber,
            LocalDate periodFrom,
            LocalDate periodTo,
            LocalDate issuedOn,
            LocalDate dueOn,
            Money total,
            BillId reverses) {}
}
