package io.gridhall.payment.internal;

import io.gridhall.billing.BillsIssued;
import io.gridhall.payment.Ledger;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns every release of bills into receivables, after billing commits it. The event publication registry keeps the
 * event until this has committed, so a restart posts the bills then; a repeat finds each bill's posting by its key
 * ({@code bill:<id>}) and writes nothing.
 */
@Component
class PostingIssuedBills {

    private final Ledger ledger;

    PostingIssuedBills(Ledger ledger) {
        this.ledger = ledger;
    }

    @ApplicationModuleListener
    void on(BillsIssued issued) {
        ledger.receive(issued);
    }
}
