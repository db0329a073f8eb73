-- Bills that billing reversed, as invoices know them (issue #10, ADR 0021): one row per reversed bill, written when the
-- reversal's BillsIssued arrives, so a repeated delivery finds it and does nothing. A blue invoice of such a bill is
-- red-lettered by the system (at once when issued, else once the tax platform has issued it), and no blue invoice is
-- asked for it again; the rebill is a bill of its own.
CREATE TABLE invoice_bill_reversal (
    bill_id          bigint PRIMARY KEY,
    reversal_bill_id bigint NOT NULL UNIQUE,
    reversal_number  text CHECK (length(reversal_number) <= 40),
    recorded_at      timestamptz NOT NULL
);
