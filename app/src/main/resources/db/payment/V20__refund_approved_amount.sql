-- The approver may lower what a refund pays back when approving it (issue #10): approved_amount is what was approved,
-- never more than was asked, set with the approval and cleared when a gateway's refusal reopens the request. What a
-- payment still has to refund counts an approved request at its approved amount.
ALTER TABLE refund_request ADD COLUMN approved_amount bigint;
UPDATE refund_request SET approved_amount = amount WHERE status = 'APPROVED';
ALTER TABLE refund_request ADD CONSTRAINT refund_request_approved_amount
    CHECK (approved_amount IS NULL OR (approved_amount > 0 AND approved_amount <= amount));
ALTER TABLE refund_request ADD CONSTRAINT refund_request_approved_amount_when_approved
    CHECK ((status = 'APPROVED') = (approved_amount IS NOT NULL));
