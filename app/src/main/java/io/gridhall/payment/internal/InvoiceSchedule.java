package io.gridhall.payment.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Sends invoices to the tax platform and asks about them on every node where the worker is enabled (the default). */
@Component
@ConditionalOnBooleanProperty(name = "gridhall.payment.invoice.worker.enabled", matchIfMissing = true)
class InvoiceSchedule {

    private static final Logger log = LoggerFactory.getLogger(InvoiceSchedule.class);
    private static final int MAX_BATCHES_PER_POLL = 20;

    private final IssuingInvoices invoices;
    private final InvoiceSettings settings;

    InvoiceSchedule(IssuingInvoices invoices, InvoiceSettings settings) {
        this.invoices = invoices;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "${gridhall.payment.invoice.worker.poll-interval:5s}")
    void poll() {
        try {
            for (int i = 0; i < MAX_BATCHES_PER_POLL; i++)
                if (invoices.sweep() < settings.worker().batchSize()) return;
        } catch (RuntimeException e) {
            log.warn("The invoice worker failed; trying again at the next poll", e);
        }
    }
}
