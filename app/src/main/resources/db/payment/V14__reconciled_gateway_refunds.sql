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
