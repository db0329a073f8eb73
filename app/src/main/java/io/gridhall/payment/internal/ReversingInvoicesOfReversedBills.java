package io.gridhall.payment.internal;

import io.gridhall.billing.BillsIssued;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Red-letters the invoice of every bill a reversal cancels, after billing commits the reversal (ADR 0021). Like
 * {@link PostingIssuedBills}: the event publication registry keeps the event until this has committed, so a restart
 * handles it then; a repeat finds the reversal recorded ({@code invoice_bill_reversal}) and does nothing. The rebill
 * in the same event is a bill of its own, invoiced when the customer asks once it is settled.
 */
@Component
class ReversingInvoicesOfReversedBills {

    private final IssuingInvoices invoices;

    ReversingInvoicesOfReversedBills(IssuingInvoices invoices) {
        this.invoices = invoices;
    }

    @ApplicationModuleListener
    void on(BillsIssued issued) {
        invoices.receive(issued);
    }
}
