package io.gridhall.payment;

import io.gridhall.identity.Actor;
import java.time.LocalDate;

/**
 * Bank withholding (代扣, ADR 0019) as other modules see it: recording a customer's agreement that a partner bank debits
 * their bank account for a supply account's bills. Files to the banks and their return files are the console's.
 */
public interface BankWithholding {

    /**
     * Records an active agreement for an account of the actor's branches (PAYMENT_COLLECT); the holder's name and the
     * bank account number are sealed at rest. Audited.
     *
     * @param bankCode a partner bank's 行别代码, for example {@code 102}
     * @return the agreement's id
     */
    long recordAgreement(
            Actor actor,
            long supplyAccountId,
            String bankCode,
            String holderName,
            String bankAccount,
            LocalDate signedOn);

    /** Whether any agreement was ever recorded (the demo seeds its agreements once). */
    boolean anyAgreement();
}
