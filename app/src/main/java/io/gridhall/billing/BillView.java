package io.gridhall.billing;

import io.gridhall.identity.BranchId;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * A bill as pages, documents and other modules see it.
 *
 * @param billNumber set when issued (for example {@code 2026110001234567}), null before
 * @param issuedOn the release day, null before
 * @param dueOn the last day to pay without a late-payment penalty, null before issue
 * @param energy the active energy billed (after multipliers, before deductions)
 * @param estimated whether any read it used was estimated
 * @param tariffId the tariff the account was billed on (the first version, when the period had a change)
 * @param reverses the bill a REVERSAL cancels, or the bill a REBILL replaces; null for REGULAR
 * @param correctionReason why a reversal or rebill was made, as the clerk gave it (shown to the customer)
 * @param correctedBy the staff user name who asked for the correction, null for REGULAR
 * @param auditFindings rule codes the automatic audit raised (empty when it passed)
 * @param lines in order; empty in list views
 */
public record BillView(
        BillId id,
        long supplyAccountId,
        String accountNumber,
        BranchId branchId,
        BillType type,
        BillStatus status,
        String billNumber,
        LocalDate periodFrom,
        LocalDate periodTo,
        LocalDate issuedOn,
        LocalDate dueOn,
        Kwh energy,
        Money total,
        boolean estimated,
        String tariffId,
        int tariffVersion,
        BillId reverses,
        String correctionReason,
        String correctedBy,
        List<String> auditFindings,
        List<BillLineView> lines) {

    public BillView {
        auditFindings = List.copyOf(auditFindings);
        lines = List.copyOf(lines);
    }
}
