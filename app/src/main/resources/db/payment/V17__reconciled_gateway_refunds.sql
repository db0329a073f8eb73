-- Refund lines of the gateways' bills are matched against our refunds through the gateways (ADR 0018): a bill line
-- and a discrepancy of a refund carry our refund number (their transaction id is the refunded payment's), and a
-- discrepancy is listed once per run, kind, transaction and refund number.
ALTER TABLE reconciliation_bill_line
    ADD COLUMN refund_number text CHECK (length(refund_number) BETWEEN 1 AND 64);
ALTER TABLE reconciliation_discrepancy
    ADD COLUMN refund_number text CHECK (length(refund_number) BETWEEN 1 AND 64);
DO $$
DECLARE c text;
BEGIN
    SELECT conname INTO STRICT c FROM pg_constraint
     WHERE conrelid = 'reconciliation_discrepancy'::regclass AND contype = 'u';
    EXECUTE format('ALTER TABLE reconciliation_discrepancy DROP CONSTRAINT %I', c);
END $$;
CREATE UNIQUE INDEX reconciliation_discrepancy_once
    ON reconciliation_discrepancy (run_id, kind, transaction_id, (coalesce(refund_number, '')));

-- which gateway a posting's money came through (or went back through), for receipts and payment records: looked up by
-- the posting from the payment's and the refund's own rows, the ledger's rows untouched
CREATE INDEX gateway_payment_posting ON gateway_payment (posting_id);
CREATE INDEX gateway_refund_posting ON gateway_refund (posting_id) WHERE posting_id IS NOT NULL;
