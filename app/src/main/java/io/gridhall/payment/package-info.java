/**
 * Payments (缴费, PAY-1, PAY-3, PAY-8, PAY-10, PAY-11): the append-only double-entry ledger of every supply account
 * (receivables from issued bills, payments, refunds, penalties, adjustments, prepaid credit), counter payments,
 * account statements and bank withholding (代扣) files.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Payment",
        allowedDependencies = {"shared", "identity", "customer", "billing", "notification"})
package io.gridhall.payment;
