-- Refunds of gateway payments go back through the gateway they came from (issue #10, ADR 0016): the approval sends
-- the refund to the gateway after its transaction committed; the ledger posts the reversal (on the GATEWAY book) once
-- the gateway says it succeeded. Until then the request is APPROVED without a posting, and its gateway refund PENDING.
DO $$
DECLARE c text;
BEGIN
    SELECT conname INTO STRICT c FROM pg_constraint
     WHERE conrelid = 'refund_request'::regclass AND contype = 'c'
       AND pg_get_constraintdef(oid) LIKE '%status%APPROVED%posting_id IS NOT NULL%';
    EXECUTE format('ALTER TABLE refund_request DROP CONSTRAINT %I', c);
END $$;
ALTER TABLE refund_request ADD CONSTRAINT refund_request_posting_when_approved
    CHECK (posting_id IS NULL OR status = 'APPROVED');

CREATE TABLE gateway_refund (
    refund_number     text COLLATE "C" PRIMARY KEY CHECK (length(refund_number) BETWEEN 6 AND 64),
    refund_id         bigint NOT NULL REFERENCES refund_request (refund_id),
    gateway           text NOT NULL CHECK (gateway IN ('WECHAT', 'ALIPAY', 'UNIONPAY', 'EPAY')),
    order_number      text NOT NULL,
    transaction_id    text NOT NULL,
    amount            bigint NOT NULL CHECK (amount > 0),
    total             bigint NOT NULL CHECK (total >= amount),
    state             text NOT NULL CHECK (state IN ('PENDING', 'SUCCEEDED', 'REFUSED')),
    gateway_refund_id text CHECK (length(gateway_refund_id) <= 64),
    refused_reason    text CHECK (length(refused_reason) <= 200),
    created_at        timestamptz NOT NULL,
    settled_at        timestamptz,
    next_query_at     timestamptz NOT NULL,
    attempts          int NOT NULL DEFAULT 0,
    posting_id        bigint REFERENCES posting (posting_id),
    CHECK ((state = 'SUCCEEDED') = (posting_id IS NOT NULL))
);
-- one refund at a time per request that is not refused
CREATE UNIQUE INDEX gateway_refund_request ON gateway_refund (refund_id) WHERE state <> 'REFUSED';
CREATE INDEX gateway_refund_due ON gateway_refund (next_query_at) WHERE state = 'PENDING';
CREATE INDEX gateway_refund_transaction ON gateway_refund (gateway, transaction_id);
