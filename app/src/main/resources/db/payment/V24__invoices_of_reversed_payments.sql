-- Bills settled in full that a payment reversal or a refund opened again, as invoices know them (issue #10, ADR 0021):
-- one row per reversing posting and bill, written when the ledger's PaidBillsReopened arrives, so a repeated delivery
-- finds it and does nothing. The bill's blue invoice asked for before it is red-lettered by the system (at once when
-- issued; once issued when the platform still owes its answer: blue_id names it until then). A bill paid again is
-- invoiced again as any paid bill.
CREATE TABLE invoice_payment_reversal (
    posting_id  bigint NOT NULL,
    bill_id     bigint NOT NULL,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    blue_id     bigint REFERENCES invoice (invoice_id),   -- a blue invoice to red-letter once the platform issued it
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (posting_id, bill_id)
);
CREATE INDEX invoice_payment_reversal_blue ON invoice_payment_reversal (blue_id) WHERE blue_id IS NOT NULL;
