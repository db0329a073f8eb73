package io.gridhall.payment.internal;

import io.gridhall.payment.PaidBillsReopened;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Red-letters the invoice of every paid bill a payment reversal or refund opened again, after the ledger commits it
 * (ADR 0021), as {@link ReversingInvoicesOfReversedBills} does for bills billing reversed: the event publication
 * registry keeps the event until this has committed, so a restart handles it then; a repeat finds the reversal
 * recorded ({@code invoice_payment_reversal}) and does nothing.
 */
@Component
class RedLetteringInvoicesOfReversedPayments {

    private final IssuingInvoices invoices;

    RedLetteringInvoicesOfReversedPayments(IssuingInvoices invoices) {
        this.invoices = invoices;
    }

    @ApplicationModuleListener
    void on(PaidBillsReopened reopened) {
        invoices.receive(reopened);
    }
}
