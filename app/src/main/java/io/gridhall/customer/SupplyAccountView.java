package io.gridhall.customer;

import io.gridhall.identity.BranchId;
import java.time.LocalDate;

/**
 * A supply account (户号) as other modules see it. Name and address are personal data in the clear: whoever shows
 * them to a person masks them ({@link io.gridhall.shared.PersonalData}).
 */
public record SupplyAccountView(
        long id,
        String accountNumber,
        long customerId,
        CustomerClass customerClass,
        String accountName,
        String address,
        BranchId branchId,
        String tariffCategory,
        String status,
        LocalDate openedOn) {}
